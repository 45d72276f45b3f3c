"""Smoke tests of the installed console script: they catch packaging mistakes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck import __version__


def installed_factcheck() -> str:
    found = shutil.which("factcheck", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("the factcheck console script is not installed (pip install -e .)")
    return found


def test_console_script_help() -> None:
    result = subprocess.run(
        [installed_factcheck(), "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "validate" in result.stdout


def test_python_m_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "factcheck", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"factcheck, version {__version__}\n"


def test_console_script_reports_input_error_without_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [installed_factcheck(), "validate", str(tmp_path / "missing.ttl")],
        capture_output=True,
        check=False,
        text=True,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: no such file or directory:")


def test_console_script_finds_bundled_ontology_and_facts(tmp_path: Path) -> None:
    # From a directory without ./facts, --demo names the facts shipped with the tool (without
    # it validate exits 2: never a silent fallback; see test_fact_paths.py).
    result = subprocess.run(
        [installed_factcheck(), "validate", "--demo", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert report["files"] > 0
    assert report["triples"] > 0
