"""``[tool.factcheck]`` configuration: any option configurable, bad configuration exits 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from factcheck.cli import cli
from factcheck.config import ConfigError, find_config
from factcheck.resources import bundled_facts_dir

from .conftest import FIXTURES, TEST_SHAPES


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The Xiaomi story's fact files under ``myfacts/`` and a ``sub/`` folder to run in."""
    (tmp_path / "myfacts").mkdir()
    for file in bundled_facts_dir().iterdir():
        if file.is_file():
            shutil.copy(file, tmp_path / "myfacts" / file.name)
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    return tmp_path


def test_no_config_file_means_no_defaults(tmp_path: Path) -> None:
    assert find_config(tmp_path) is None


def test_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (tmp_path / "a").mkdir()
    assert find_config(tmp_path / "a") is None


def test_factcheck_toml_takes_top_level_keys(tmp_path: Path) -> None:
    (tmp_path / "factcheck.toml").write_text('paths = ["facts"]\n[validate]\nfail-on = "info"\n')
    config = find_config(tmp_path)
    assert config is not None
    assert config.settings == {"paths": ["facts"], "validate": {"fail-on": "info"}}


def test_top_level_paths_apply_to_every_reading_command(project: Path, runner: CliRunner) -> None:
    (project / "pyproject.toml").write_text('[tool.factcheck]\npaths = ["myfacts"]\n')
    result = runner.invoke(cli, ["claims", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\n") == 29  # header + the 28 bundled claims
    result = runner.invoke(cli, ["entity", "Xiaomi", "--format", "csv"])
    assert result.exit_code == 0, result.output


def test_command_table_sets_one_commands_option(project: Path, runner: CliRunner) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.factcheck]\npaths = ["myfacts"]\n\n[tool.factcheck.claims]\nverdict = "misleading"\n'
    )
    result = runner.invoke(cli, ["claims"])
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("3 claims: 3 misleading\n")
    result = runner.invoke(cli, ["claims", "--verdict", "misquoted"])  # the command line wins
    assert result.stdout.endswith("2 claims: 2 misquoted\n")


def test_fail_on_from_config_changes_validates_exit(project: Path, runner: CliRunner) -> None:
    (project / "factcheck.toml").write_text('paths = ["myfacts"]\nfail-on = "info"\n')
    assert runner.invoke(cli, ["validate", "--no-cache"]).exit_code == 1
    assert runner.invoke(cli, ["validate", "--no-cache", "--fail-on", "violation"]).exit_code == 0


def test_relative_shapes_resolve_against_the_config_file(project: Path, runner: CliRunner) -> None:
    shutil.copy(TEST_SHAPES, project / "shapes.ttl")
    shutil.copytree(FIXTURES / "valid", project / "valid")
    # only-shapes: the test shapes alone (shapes adds to the bundled ones, which want more)
    (project / "factcheck.toml").write_text('paths = ["valid"]\nonly-shapes = "shapes.ttl"\n')
    result = runner.invoke(cli, ["validate", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "✓ 1 file, 4 triples: no findings\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[tool.factcheck]\npaths = ["myfacts"]\nfail-onn = "info"\n',
            "pyproject.toml:3: unknown setting 'fail-onn': no command has an option of that name",
        ),
        (
            '[tool.factcheck]\n\n[tool.factcheck.claims]\nverdict = "maybe"\n',
            "pyproject.toml:4: bad value for verdict: 'maybe' is not one of",
        ),
        (
            '[tool.factcheck.claims]\nshapes = ["x.ttl"]\n',
            "pyproject.toml:2: command 'claims' has no option 'shapes'",
        ),
        (
            '[tool.factcheck.clams]\nverdict = "supported"\n',
            "pyproject.toml:1: unknown command 'clams' in the configuration",
        ),
        ("[tool.factcheck\n", "pyproject.toml:1:16: not valid TOML"),
        ('[tool.factcheck]\nbase-url = ["a", "b"]\n', "pyproject.toml:2: base_url takes one value"),
    ],
)
def test_bad_config_exits_2_with_file_and_line(
    project: Path, runner: CliRunner, text: str, message: str
) -> None:
    (project / "pyproject.toml").write_text(text)
    result = runner.invoke(cli, ["claims"])
    assert result.exit_code == 2, result.output
    assert f"{project / message}" in result.stderr
    assert "Traceback" not in result.output


def test_config_error_is_an_input_error() -> None:
    assert ConfigError("x").exit_code == 2
