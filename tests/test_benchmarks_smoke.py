"""Smoke test of the benchmark corpus generator and runner at about 2,000 triples.

Benchmarks are not timed tests: this only checks that the generator writes what its manifest
says (deterministically, with verbatim quotes) and that the runner finds exactly the planted
errors, with identical findings from factcheck and plain pySHACL.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import benchmark_module

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"


@pytest.fixture(scope="module")
def corpus_mod() -> ModuleType:
    sys.path.insert(0, str(BENCHMARKS))
    return benchmark_module("corpus")


def test_generator_is_deterministic_and_counts_triples(
    corpus_mod: ModuleType, tmp_path: Path
) -> None:
    from rdflib import Graph

    first = corpus_mod.generate(tmp_path / "a", 2000, 5, seed=3)
    second = corpus_mod.generate(tmp_path / "b", 2000, 5, seed=3)
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    graph = Graph()
    for file in first.fact_files():
        graph.parse(file, format="turtle")
    assert len(graph) == first.triples == second.triples
    assert first.files == len(first.fact_files()) == 5
    kinds = {error["kind"] for error in first.errors}
    assert kinds == set(corpus_mod.ERROR_KINDS)


def test_quotes_are_verbatim_with_offsets(corpus_mod: ModuleType, tmp_path: Path) -> None:
    from rdflib import Graph, Namespace

    oa = Namespace("http://www.w3.org/ns/oa#")
    fc = Namespace("https://w3id.org/factcheck/ontology#")
    info = corpus_mod.generate(tmp_path, 2000, 5, seed=1, planted_errors=0)
    checked = 0
    for file in info.fact_files():
        if not file.name.startswith("article-"):
            continue
        text = file.with_suffix(".txt").read_text(encoding="utf-8")
        graph = Graph().parse(file, format="turtle")
        for claim, quote in graph.subject_objects(fc.quote):
            start, end = int(graph.value(quote, oa.start)), int(graph.value(quote, oa.end))
            assert text[start:end] == str(graph.value(quote, oa.exact)), claim
            assert text[:start].endswith(str(graph.value(quote, oa.prefix)))
            assert text[end:].startswith(str(graph.value(quote, oa.suffix)))
            checked += 1
    assert checked > 20


def test_runner_finds_exactly_the_planted_errors(tmp_path: Path) -> None:
    run = benchmark_module("run")
    out = tmp_path / "out"
    code = run.main(
        [
            "--sizes",
            "2k",
            "--repeat",
            "1",
            "--only",
            "core",
            "--corpus-dir",
            str(tmp_path),
            "--out",
            str(out),
        ]
    )
    assert code == 0
    manifest = json.loads((tmp_path / "2k" / "manifest.json").read_text(encoding="utf-8"))
    structure = [e for e in manifest["errors"] if e["shapes"] == "structure"]
    (line,) = [c for c in run.LAST_CHECKS if "core shapes" in c]
    assert f"{len(structure)}/{len(structure)} expected findings" in line, line
    assert "unexpected" not in line, line
    assert "findings identical to pyshacl: yes" in line, line


def test_issue_19_watch_benchmark_runs_and_matches_a_cold_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``benchmarks/watch.py`` on a tiny corpus: every edit kind applies, and the workspace's
    final report is byte for byte the cold run's (the script exits non-zero otherwise)."""
    sys.path.insert(0, str(BENCHMARKS))
    watch = benchmark_module("watch")
    watch.main(["--triples", "3k", "--files", "6", "--out", str(tmp_path), "--rounds", "2"])
    out = capsys.readouterr().out
    names = [name for name, _ in watch.EDITS]
    rounds = re.findall(r"^round \d+: (.*) \([^ ()]+\): ", out, flags=re.MULTILINE)
    assert rounds == names * 2, out
    table = [line.split(" | ")[0][2:] for line in out.splitlines() if line.startswith("| ")]
    assert table[1:] == names
    assert "JSON reports byte-identical: yes." in out


def test_memory_benchmark_measures_each_command_against_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    memory = benchmark_module("memory")
    out = tmp_path / "out"
    only = ["--only", "claims", "--only", "query claim-sources"]
    code = memory.main(["--triples", "2k", "--files", "5", "--out", str(out), *only])
    assert code == 0
    printed = capsys.readouterr().out.splitlines()
    rows = [line for line in printed if line.startswith("| `factcheck")]
    assert [row.split("`")[1] for row in rows] == [
        "factcheck validate",
        "factcheck claims",
        "factcheck query claim-sources",
    ]
    assert "| 1.00× |" in rows[0]
    manifest = json.loads((out / "facts" / "manifest.json").read_text(encoding="utf-8"))
    claims = (out / "claims.out").read_text(encoding="utf-8").splitlines()
    assert len(claims) == 1 + manifest["counts"]["article_claims"]
