from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

FIXTURES = Path(__file__).parent / "fixtures"
TEST_SHAPES = FIXTURES / "shapes-test.ttl"
BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def benchmark_module(name: str) -> ModuleType:
    """``benchmarks/<name>.py`` imported as ``bench_<name>`` (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def generated_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 6,000 triples in 8 fact files with planted errors (``benchmarks/corpus.py``, seed
    11), made once per test session: tests only read it."""
    out = tmp_path_factory.mktemp("corpus")
    benchmark_module("corpus").generate(out, 6000, 8, seed=11)
    return out


@pytest.fixture(autouse=True)
def no_terminal_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables and wrapped prose fit ``$COLUMNS`` when it is set (``render.terminal_width``); the
    tests expect output to a pipe unless they set a width themselves. pytest-xdist workers
    start with ``COLUMNS=80`` and ``LINES=24``, and a shell may export them too."""
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
