"""Fact paths are named one way on every reading command; no silent fallback to the demo."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from factcheck.cli import cli
from factcheck.resources import bundled_facts_dir, ontology_dir

READING = [
    ["validate"],
    ["claims"],
    ["explain", "claim-su7-100k-units"],
    ["entity", "Xiaomi"],
    ["query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"],
    ["report", "--format", "markdown"],
    ["graph", "central"],
    ["graph", "neighbors", "Xiaomi"],
    ["export", "claimreview", "-o", "-", "--base-url", "https://x.example/r.html"],
]


@pytest.mark.parametrize("command", READING, ids=lambda c: " ".join(c[:2]))
def test_no_facts_here_is_exit_2_with_a_hint(
    command: list[str], runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, command)
    assert result.exit_code == 2, result.output
    assert "error: no fact files given, and there is no ./facts folder here" in result.stderr
    assert "--demo" in result.stderr
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("command", READING, ids=lambda c: " ".join(c[:2]))
def test_positional_paths_work_everywhere(
    command: list[str], runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, [*command, str(bundled_facts_dir())])
    assert result.exit_code in (0, 1), result.output  # validate may report info findings
    assert "error" not in result.stderr


def test_demo_runs_the_bundled_facts(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["claims", "--demo"])
    assert result.exit_code == 0, result.output
    assert "claims:" in result.stdout
    assert result.stdout == runner.invoke(cli, ["claims", str(bundled_facts_dir())]).stdout


def test_demo_and_paths_together_are_refused(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["claims", "--demo", str(tmp_path)])
    assert result.exit_code == 2
    assert "give fact PATHS or --demo, not both" in result.stderr


def test_deprecated_facts_option_is_still_accepted(runner: CliRunner) -> None:
    by_option = runner.invoke(cli, ["claims", "--facts", str(bundled_facts_dir())])
    by_argument = runner.invoke(cli, ["claims", str(bundled_facts_dir())])
    assert by_option.exit_code == 0, by_option.output
    assert by_option.stdout == by_argument.stdout
    explain = runner.invoke(cli, ["explain", "claim-su7-100k-units", str(bundled_facts_dir())])
    assert explain.exit_code == 0, explain.output


TODO_CLAIM = """\
@prefix fc: <https://w3id.org/factcheck/ontology#> .
@prefix fcd: <https://w3id.org/factcheck/data/> .

fcd:claim-1 a fc:ArticleClaim ;
    fc:todo "rdf:subject: name the entity" .
"""


def test_open_todo_fails_validate_unless_allowed(runner: CliRunner, tmp_path: Path) -> None:
    facts = tmp_path / "draft.ttl"
    facts.write_text(TODO_CLAIM)
    shapes = ["--only-shapes", str(ontology_dir() / "shapes-authoring.ttl"), "--no-cache"]
    result = runner.invoke(cli, ["validate", str(facts), *shapes])
    assert result.exit_code == 1, result.output
    assert "warning: fcd:claim-1 fc:todo — to do: rdf:subject: name the entity" in result.stdout
    assert "1 open to-do: unfinished work fails the check" in result.stderr
    allowed = runner.invoke(cli, ["validate", str(facts), *shapes, "--allow-todo"])
    assert allowed.exit_code == 0, allowed.output


def test_validate_in_wrong_folder_never_annotates_site_packages(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["validate", "--format", "github"])
    assert result.exit_code == 2
    assert "::" not in result.stdout
    shutil.rmtree(tmp_path, ignore_errors=True)
