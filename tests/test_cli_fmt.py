"""``factcheck fmt``: rewriting, --check for CI, exit codes, and never losing a file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from factcheck.cli import cli

ROOT = Path(__file__).resolve().parent.parent
UGLY = "@prefix ex: <http://example.org/> .\n# about a\nex:a ex:q 2 ; a ex:T ; ex:p 1 .\n"
CANONICAL = (
    "@prefix ex: <http://example.org/> .\n\n# about a\nex:a a ex:T ;\n    ex:p 1 ;\n    ex:q 2 .\n"
)


def test_issue_8_repository_facts_are_canonical(runner: CliRunner) -> None:
    """CI runs this: `factcheck fmt --check facts/` must pass on the repository's own facts."""
    result = runner.invoke(cli, ["fmt", "--check", str(ROOT / "facts")])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    files = len(list((ROOT / "facts").rglob("*.ttl")))  # the articles' folders too
    assert result.stderr == f"0 of {files} files would be reformatted\n"


def test_fmt_rewrites_then_is_a_no_op(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.ttl"
    path.write_text(UGLY, encoding="utf-8")
    first = runner.invoke(cli, ["fmt", str(path)])
    assert first.exit_code == 0
    assert first.stdout == f"reformatted {path}\n"
    assert first.stderr == "1 reformatted, 0 already canonical\n"
    assert path.read_text(encoding="utf-8") == CANONICAL
    second = runner.invoke(cli, ["fmt", str(path)])
    assert second.exit_code == 0
    assert second.stdout == ""
    assert second.stderr == "0 reformatted, 1 already canonical\n"


def test_check_changes_nothing_and_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "ugly.ttl").write_text(UGLY, encoding="utf-8")
    (tmp_path / "fine.ttl").write_text(CANONICAL, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not Turtle", encoding="utf-8")
    result = runner.invoke(cli, ["fmt", "--check", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stdout == f"would reformat {tmp_path / 'ugly.ttl'}\n"
    assert result.stderr == "1 of 2 files would be reformatted\n"
    assert (tmp_path / "ugly.ttl").read_text(encoding="utf-8") == UGLY


def test_unparsable_file_exits_2_and_nothing_is_written(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a-ugly.ttl").write_text(UGLY, encoding="utf-8")
    broken = "@prefix ex: <http://example.org/> .\nex:a ex:b .\n"
    (tmp_path / "b-broken.ttl").write_text(broken, encoding="utf-8")
    result = runner.invoke(cli, ["fmt", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{tmp_path / 'b-broken.ttl'}:2:")
    assert (tmp_path / "a-ugly.ttl").read_text(encoding="utf-8") == UGLY
    assert (tmp_path / "b-broken.ttl").read_text(encoding="utf-8") == broken
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-ugly.ttl", "b-broken.ttl"]


def test_not_turtle_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "facts.jsonld"
    path.write_text("[]", encoding="utf-8")
    result = runner.invoke(cli, ["fmt", str(path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: not a Turtle file: {path}\n  hint: fmt formats Turtle (.ttl) files only\n"
    )


def test_missing_path_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["fmt", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert result.stderr == f"error: no such file or directory: {tmp_path / 'nope'}\n"


def test_default_path_is_facts_in_the_current_directory(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "x.ttl").write_text(UGLY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["fmt", "--check"])
    assert result.exit_code == 1
    assert result.stdout == f"would reformat {Path('facts') / 'x.ttl'}\n"


def test_file_mode_is_kept_and_no_temporary_file_is_left(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.ttl"
    path.write_text(UGLY, encoding="utf-8")
    path.chmod(0o640)
    assert runner.invoke(cli, ["fmt", str(path)]).exit_code == 0
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.ttl"]


def test_formatting_bundled_facts_keeps_every_comment(runner: CliRunner, tmp_path: Path) -> None:
    copy = tmp_path / "facts"
    shutil.copytree(ROOT / "facts", copy)
    ugly = copy / "entities.ttl"
    ugly.write_text(ugly.read_text(encoding="utf-8").replace(" ;\n    ", " ; "), encoding="utf-8")
    result = runner.invoke(cli, ["fmt", str(copy)])
    assert result.exit_code == 0
    assert result.stdout == f"reformatted {ugly}\n"
    original = (ROOT / "facts" / "entities.ttl").read_text(encoding="utf-8")
    assert ugly.read_text(encoding="utf-8") == original
