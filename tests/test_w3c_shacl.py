"""The W3C SHACL test suite through factcheck's engine (harness: ``tests/w3c_shacl.py``).

Every entry runs with the compiled engine and with ``FACTCHECK_ENGINE=pyshacl``; the known
failures are listed with their reasons in ``w3c_shacl.KNOWN_FAILURES`` (strict xfail: a fixed
one must leave the list). The README's table is ``tests/w3c-shacl/summary.json``, which must
be this run's.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from factcheck.cli import cli

from . import w3c_shacl
from .w3c_shacl import ENGINES, KNOWN_FAILURES, SUMMARY, Case, cases

CASES = cases()


def _params() -> list[object]:
    params = []
    for engine in ENGINES:
        for case in CASES:
            marks = []
            if case.name in KNOWN_FAILURES[engine]:
                reason = KNOWN_FAILURES[engine][case.name]
                marks.append(pytest.mark.xfail(strict=True, reason=reason))
            params.append(pytest.param(case, engine, marks=marks, id=f"{engine}:{case.name}"))
    return params


def test_the_suite_is_all_there() -> None:
    assert len(CASES) == 120
    assert sum(1 for c in CASES if c.name.startswith("core/")) == 98
    assert len({c.name for c in CASES}) == 120


@pytest.mark.parametrize(("case", "engine"), _params())
def test_w3c_shacl(case: Case, engine: str) -> None:
    passed, why = w3c_shacl.check(case, engine)
    assert passed, why


def test_no_compiled_pass_rests_on_an_unnamed_fallback() -> None:
    """Where a shape ran on pySHACL in the compiled engine, the report says which and why."""
    for case in CASES:
        for reason in w3c_shacl.fallbacks(case, "compiled"):
            assert ": " in reason, (case.name, reason)


def test_the_committed_summary_is_this_run() -> None:
    committed = json.loads(SUMMARY.read_text(encoding="utf-8"))
    assert committed == w3c_shacl.summary(), "run: python tests/w3c_shacl.py"


def _copy_with_base(case: Case, folder: Path) -> Path:
    text = case.shapes.read_text(encoding="utf-8")
    target = folder / "shapes.ttl"
    target.write_text(f"@base <{w3c_shacl.BASE}{case.shapes.relative_to(w3c_shacl.SUITE)}> .\n"
                      + text, encoding="utf-8")  # fmt: skip
    return target


def test_cli_refuses_a_shape_the_spec_refuses_with_exit_2(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name.endswith("unsupported-sparql-001"))
    shapes = _copy_with_base(case, tmp_path)
    data = tmp_path / "data.ttl"
    shutil.copy(shapes, data)
    result = CliRunner().invoke(cli, ["validate", "--no-cache", "--shapes", str(shapes), str(data)])
    assert result.exit_code == 2
    assert "MINUS" in result.output
    assert "Traceback" not in result.output


def test_cli_verbose_names_the_shapes_that_fell_back(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix ex: <http://example.org/> .\n"
        "ex:Closed a sh:NodeShape ; sh:targetClass ex:Thing ; sh:closed true .\n"
        "ex:Named a sh:NodeShape ; sh:targetClass ex:Thing ;\n"
        "  sh:property [ sh:path ex:name ; sh:minCount 1 ] .\n",
        encoding="utf-8",
    )
    data = tmp_path / "data.ttl"
    data.write_text(
        "@prefix ex: <http://example.org/> .\nex:a a ex:Thing ; ex:other 1 .\n", encoding="utf-8"
    )
    args = ["validate", "--no-cache", "--verbose", "--shapes", str(shapes), str(data)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "ex:Closed" in result.output
    assert "sh:closed" in result.output
    assert "fell back to pySHACL" in result.output
    assert "ex:Named:" not in result.output
