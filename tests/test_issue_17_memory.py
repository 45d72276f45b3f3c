"""Issue 17, "Memory": ``claims`` and ``query`` read the facts through the Oxigraph store.

At 5M triples ``claims`` needed 17 GB and ``query`` over 20 GB, where ``validate`` needs a
fraction: both held rdflib copies of the facts (``kb.load_kb``). They now load the fact files
straight into a ``pyoxigraph.Store`` (``factcheck.factstore``); the verdict engine reads it through
rdflib's API (``factcheck.storegraph``). These tests pin that no rdflib graph of the facts is
built, and that every output is the same as the rdflib path's, row for row and in order.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import xiaomi
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from factcheck import loader
from factcheck.claims import explain, list_claims
from factcheck.cli import cli
from factcheck.kb import knowledge_store, load_kb, store_knowledge_graph
from factcheck.loader import FC, FCD, new_graph
from factcheck.query import (
    LocalTarget,
    SelectResult,
    bind_canned,
    canned_queries,
    reads_verdicts,
)
from factcheck.resources import bundled_facts_dir
from factcheck.sparql import prepare
from factcheck.storegraph import OxigraphView

XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
SAMPLES = {"entity": "Xiaomi SU7", "claim": "claim-loss-per-su7", "verdict": "misleading"}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def refuse_rdflib_facts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if fact files are turned into rdflib graphs: ``loader.load`` (every file as an
    rdflib graph) or ``loader.to_rdflib`` (one parsed file as an rdflib graph)."""

    def refuse(*_args: object, **_kwargs: object) -> Graph:
        raise AssertionError("an rdflib graph of the facts was built")

    monkeypatch.setattr(loader, "load", refuse)
    monkeypatch.setattr(loader, "to_rdflib", refuse)


# --- No rdflib graph of the facts ---------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["claim-sources", "--param", "claim=claim-loss-per-su7"],
        ["figures", "--param", "entity=Xiaomi SU7"],
        ["claims-by-verdict", "--format", "csv"],
    ],
)
def test_issue_17_query_on_oxigraph_builds_no_rdflib_graph_of_the_facts(
    monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    expected = run("query", *args, "--engine", "rdflib", "--demo")
    assert expected[0] == 0
    refuse_rdflib_facts(monkeypatch)
    assert run("query", *args, "--demo") == expected


def test_issue_17_claims_builds_no_rdflib_graph_of_the_facts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from factcheck import verdicts

    expected = run("claims", "--format", "csv", "--article", "01-byd-2022-11", "--demo")
    refuse_rdflib_facts(monkeypatch)

    seen: list[Graph] = []
    compute = verdicts.compute_verdicts

    def spy(graph: Graph, facts: object = None) -> object:
        seen.append(graph)
        return compute(graph)

    monkeypatch.setattr(verdicts, "compute_verdicts", spy)
    code, out, err = run("claims", "--format", "csv", "--demo")
    assert (code, err) == (0, "")
    assert len(out.splitlines()) == 106  # the header and the 105 bundled claims
    assert set(expected[1].splitlines()) < set(out.splitlines())
    # The verdict engine read the store itself: no copy of the facts was handed to it.
    assert len(seen) == 1
    assert isinstance(seen[0].store, OxigraphView)


def test_issue_17_a_query_that_reads_no_verdicts_computes_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from factcheck import verdicts

    calls: list[int] = []
    compute = verdicts.compute_verdicts

    def spy(graph: Graph, facts: object = None) -> object:
        calls.append(1)
        return compute(graph)

    monkeypatch.setattr(verdicts, "compute_verdicts", spy)
    code, _out, err = run("query", "figures", "--format", "csv", "--demo")
    assert (code, err, calls) == (0, "", [])
    code, out, err = run("query", "claims-by-verdict", "--format", "csv", "--demo")
    assert (code, err, calls) == (0, "", [1])
    assert "misleading" in out


@pytest.mark.parametrize(
    ("text", "reads"),
    [
        ("SELECT ?s WHERE { ?s a fc:Organisation ; rdfs:label ?l }", False),
        ("SELECT ?c ?q WHERE { ?c rdf:subject fcd:Xiaomi ; fc:quote/oa:exact ?q }", False),
        ("ASK { ?c fc:verdict ?v }", True),
        ("SELECT ?r WHERE { ?c fc:verdict/fc:rating ?r }", True),
        ("SELECT * WHERE { ?s ?p ?o }", True),
        ("SELECT ?t WHERE { ?s a ?t }", True),
        ("SELECT ?s WHERE { VALUES ?t { fc:ArticleClaim fc:Person } ?s a ?t }", False),
        ("SELECT ?s WHERE { VALUES ?t { fc:ArticleClaim UNDEF } ?s a ?t }", True),
        ("SELECT ?s WHERE { VALUES ?t { fc:Person } { SELECT ?s WHERE { ?s a ?t } } }", True),
        ("SELECT ?s WHERE { ?s a fc:Verdict }", True),
        ("SELECT ?s WHERE { ?s !rdfs:label ?o }", True),
        ("SELECT ?s WHERE { ?s rdf:type/rdfs:subClassOf* ?c }", True),
        ("SELECT ?s WHERE { ?s rdfs:label ?l FILTER(?l != fc:summary) }", True),
        ("DESCRIBE fcd:Xiaomi", True),
        ("INSERT DATA { fcd:a rdfs:label 'a' }", True),
    ],
)
def test_issue_17_which_queries_read_verdicts(text: str, reads: bool) -> None:
    assert reads_verdicts(prepare(text)) is reads


def test_issue_17_canned_queries_that_read_verdicts() -> None:
    reading = {q.name for q in canned_queries() if reads_verdicts(prepare(q.text))}
    assert reading == {
        "claim-sources",
        "claims-about-entity",
        "claims-by-verdict",
        "claims-without-evidence",
        "entity-names",  # `?entity a ?anyType`: any class, fc:Verdict included
        "entity-relations",  # `?entity ?property ?other`
        "timeline",  # `?s a/rdfs:subClassOf* fc:Event`: rdf:type in a path
    }


# --- The same output as the rdflib path ---------------------------------------------------------


def _sources(generated_corpus: Path) -> dict[str, list[Path]]:
    return {"bundled": [bundled_facts_dir()], "generated": [generated_corpus]}


@pytest.mark.parametrize("which", ["bundled", "generated"])
def test_issue_17_claims_rows_and_explanations_are_unchanged(
    which: str, generated_corpus: Path
) -> None:
    paths = _sources(generated_corpus)[which]
    old = load_kb(paths).graph
    new = store_knowledge_graph(paths)
    assert len(new) == len(old)
    rows = list_claims(old)
    assert rows
    assert list_claims(new) == rows
    assert list_claims(new, verdict="contradicted") == list_claims(old, verdict="contradicted")
    for row in rows[:40]:
        assert explain(new, row.claim) == explain(old, row.claim), row.claim


@pytest.mark.parametrize("which", ["bundled", "generated"])
def test_issue_17_canned_queries_give_the_same_rows_in_the_same_order(
    which: str, generated_corpus: Path
) -> None:
    paths = _sources(generated_corpus)[which]
    old = LocalTarget(load_kb(paths).graph)
    new = LocalTarget(new_graph(), store=knowledge_store(paths))
    lean = LocalTarget(new_graph(), store=knowledge_store(paths, with_verdicts=False))
    for canned in canned_queries():
        if which == "generated" and any(p.required for p in canned.params):
            continue  # the samples name the bundled entities
        values = {p.name: SAMPLES.get(p.kind, "230 days") for p in canned.params}
        bindings = bind_canned(canned, values, old) if which == "bundled" else {}
        prepared = prepare(canned.text)
        before = old.run(prepared, bindings)
        assert isinstance(before, SelectResult)
        for target in (new, lean) if not reads_verdicts(prepared) else (new,):
            after = target.run(prepared, bindings)
            assert isinstance(after, SelectResult)
            assert after.variables == before.variables, canned.name
            assert after.rows == before.rows, canned.name


def test_issue_17_figures_keep_their_lexical_form_and_compare_as_values() -> None:
    graph = store_knowledge_graph(xiaomi.TTL)
    rate = Literal("7.1330", datatype=URIRef(XSD_DECIMAL))
    assert rate in set(graph.objects(None, URIRef("http://qudt.org/schema/qudt/numericValue")))
    target = LocalTarget(new_graph(), store=knowledge_store(xiaomi.TTL))
    result = target.run(
        prepare("SELECT ?q WHERE { ?q qudt:numericValue ?v FILTER(?v = 7.133) } LIMIT 1")
    )
    assert isinstance(result, SelectResult)
    assert len(result.rows) == 1
    assert (FCD["claim-loss-per-su7"], FC.verdict, None) in graph
