"""Fuzz the loader and the validator: 2,200 generated inputs (random bytes in every format, and
mutated windows of the real fact files). The only acceptable outcomes are a clean report or a
clean ``FactcheckError``: never another exception, a hang or a crash.

To keep this under a minute, the validator is the engine's own per-unit validator
(``LocalValidator``, shapes loaded once) with the real structure and source shapes, plus the
direct SHACL-SPARQL path with the real consistency rules.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.errors import FactcheckError
from factcheck.loader import FACT_SUFFIXES, decode, parse_text
from factcheck.resources import bundled_facts_dir, shape_files, vocabulary_files
from factcheck.validation.local import LocalValidator, UnitJob
from factcheck.validation.shapes import ShapesPlan, load_graph, load_plan

REAL = sorted(bundled_facts_dir().glob("*.ttl"))
HEADER = b"".join(
    line + b"\n" for line in REAL[0].read_bytes().splitlines() if line.startswith(b"@prefix")
)
TOKENS = [b"@prefix", b" a ", b";", b",", b".", b"[", b"]", b"(", b")", b'"', b'"""', b"<",
          b">", b"^^", b"@en", b"_:b", b"fc:", b":x", b"\n", b"\r\n", b"\\u00e9", b"\xff",
          b"\x00", b"#", b"{", b"}", b"1e9", b"-0.5", b"true", b"GRAPH"]  # fmt: skip


@cache
def engine() -> tuple[LocalValidator, ShapesPlan]:
    plan = load_plan(shape_files(), vocabulary_files())
    return LocalValidator(plan.local, plan.graph, load_graph(vocabulary_files())), plan


def check(name: str, data: bytes) -> str:
    """Load and validate one input; return "error" or "report"; fail on anything else."""
    import pyoxigraph as ox

    from factcheck.validation.engine import _quad
    from factcheck.validation.sparql import run_constraints

    file = Path("/fuzz") / name
    try:
        graph = parse_text(file, decode(file, data))
    except FactcheckError as error:
        assert error.message
        assert error.exit_code == 2
        return "error"
    validator, plan = engine()
    owned = {str(s) for s in graph.subjects()}
    job = UnitJob([str(file)], [None], False, owned, [], [], [], graphs=[graph])
    for record in validator.run(job):
        assert record["severity"] in ("violation", "warning", "info")
        assert record["file"] in (0, None)
    store: Any = ox.Store()
    store.extend([_quad(triple) for triple in graph])
    for result in run_constraints(store, plan):
        assert result.focus is not None
    return "report"


@settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=400), st.sampled_from(FACT_SUFFIXES))
def test_random_bytes(data: bytes, suffix: str) -> None:
    check(f"random{suffix}", data)


@st.composite
def mutated_facts(draw: st.DrawFn) -> bytes:
    source = REAL[draw(st.integers(0, len(REAL) - 1))].read_bytes()
    start = draw(st.integers(0, max(0, len(source) - 1)))
    window = bytearray(source[start : start + draw(st.integers(0, 1500))])
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(window)))
        kind = draw(st.sampled_from(["insert", "delete", "duplicate", "byte"]))
        if kind == "insert":
            window[at:at] = draw(st.sampled_from(TOKENS))
        elif kind == "delete":
            del window[at : at + draw(st.integers(1, 40))]
        elif kind == "duplicate":
            window[at:at] = window[at : at + draw(st.integers(1, 80))]
        else:
            window[at:at] = bytes([draw(st.integers(0, 255))])
    prefixed = draw(st.booleans())
    return (HEADER if prefixed else b"") + bytes(window)


@settings(max_examples=1200, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated_facts(), st.sampled_from([".ttl", ".ttl", ".trig", ".nt"]))
def test_mutated_real_fact_files(data: bytes, suffix: str) -> None:
    check(f"mutated{suffix}", data)


def test_the_fuzzer_reaches_both_outcomes() -> None:
    outcomes = {check("a.ttl", HEADER + REAL[0].read_bytes()), check("b.ttl", b"@prefix")}
    assert outcomes == {"report", "error"}


# --- Issue 17: the command-level campaign (benchmarks/fuzz.py) ------------------------------


def test_issue_17_a_slice_of_the_fuzz_campaign_crashes_nothing() -> None:
    """40 deterministic cases of the long campaign: mutated bundled files through the commands.
    The campaign's own figures are in benchmarks/RESULTS.md ("Fuzzing (issue 17)")."""
    from tests.conftest import benchmark_module

    fuzz = benchmark_module("fuzz")
    result = fuzz.campaign(40, seed=17)
    assert result.cases == 40
    assert sum(result.outcomes.values()) == 40
    assert {key: crash.detail for key, crash in result.crashes.items()} == {}


def test_issue_17_the_fuzz_campaign_sees_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash is caught and grouped, not lost in click's exit 1."""
    import factcheck.kb
    from tests.conftest import benchmark_module

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("planted")

    monkeypatch.setattr(factcheck.kb, "reading_graph", broken)
    fuzz = benchmark_module("fuzz")
    monkeypatch.setattr(fuzz, "COMMANDS", [["claims"]])
    result = fuzz.campaign(2, seed=1)
    assert [(c.key.split(" at ")[0], c.count) for c in result.crashes.values()] == [
        ("ValueError", 2)
    ]


@pytest.mark.parametrize("value", ['"NaN"^^xsd:double', '"INF"^^xsd:double', "1e400"])
def test_issue_17_fuzz_found_a_nan_figure_crashed_the_quote_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    """Found by the campaign (seed 1): a claim whose figure is NaN crashed ``validate`` with
    exit 70 while the quote-number check wrote the figure."""
    import shutil

    from click.testing import CliRunner

    from factcheck.cli import cli

    facts = tmp_path / "facts"
    facts.mkdir()
    for name in ("entities.ttl", "xiaomi-su7-100k-article.txt", "article-xiaomi-su7-100k.ttl"):
        shutil.copy(bundled_facts_dir() / name, facts / name)
    article = facts / "article-xiaomi-su7-100k.ttl"
    old = "qudt:numericValue 100000 ; qudt:unit fc:VehicleCount"
    text = article.read_text(encoding="utf-8")
    assert text.count(old) == 1
    article.write_text(text.replace(old, f"qudt:numericValue {value} ; qudt:unit fc:VehicleCount"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate", "--no-cache"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    shown = "INF" if value == "1e400" else value.split('"')[1]
    assert (
        f"facts/article-xiaomi-su7-100k.ttl:36:5: warning: fcd:claim-su7-100k-units rdf:object —"
        f" The value {shown} is not a number written in the claim's own quote, which writes"
        " “100,000” (quote-number)\n"
    ) in result.stdout


def test_issue_17_numbers_show_writes_nan_and_infinity() -> None:
    from factcheck.numbers import show

    assert [show(v) for v in (float("nan"), float("inf"), -float("inf"), 1e5, 4.27)] == [
        "NaN",
        "INF",
        "-INF",
        "100,000",
        "4.27",
    ]
