"""The command group: help, version, lazy loading, error conversion."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from factcheck import __version__
from factcheck.cli import cli


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"factcheck, version {__version__}\n"


def test_help_lists_commands(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "validate" in result.output


def test_every_command_has_help(runner: CliRunner) -> None:
    for name in cli.list_commands(None):  # type: ignore[arg-type]
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert result.output.startswith(f"Usage: cli {name}")


def test_unknown_command_is_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["frobnicate"])
    assert result.exit_code == 2
    assert "No such command 'frobnicate'" in result.stderr


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from factcheck.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('rdflib', 'pyshacl', 'networkx', 'pyoxigraph') if m in sys.modules]\n"
        "print(heavy, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stderr.strip() == "[]"


def test_main_converts_internal_errors(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from factcheck import cli as cli_module

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(cli_module.cli, "main", boom)
    monkeypatch.delenv("FACTCHECK_DEBUG", raising=False)
    with pytest.raises(SystemExit) as info:
        cli_module.main([])
    assert info.value.code == cli_module.INTERNAL_ERROR_EXIT
    assert capsys.readouterr().err == (
        "factcheck: internal error: RuntimeError: kaboom\n"
        "  hint: rerun with FACTCHECK_DEBUG=1 for the traceback, and please report it\n"
    )
