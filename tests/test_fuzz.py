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
