"""Lint, format and type checks run as part of the test suite."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_tool(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        __import__(module)
    except ImportError:
        pytest.skip(f"{module} is not installed (pip install -e '.[dev]')")
    return subprocess.run(
        [sys.executable, "-m", module, *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def ruff(*args: str) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if binary is None:
        pytest.skip("ruff is not installed (pip install -e '.[dev]')")
    return subprocess.run([binary, *args], cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_check() -> None:
    result = ruff("check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = ruff("format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict() -> None:
    result = run_tool("mypy")
    assert result.returncode == 0, result.stdout + result.stderr
