"""``sparql.prepare``: Oxigraph's parser reads queries; rdflib's grammar only what Oxigraph
rejects (updates, syntax errors) or what rdflib's engine is about to run."""

from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import Graph, Literal, URIRef

from factcheck.errors import QueryError
from factcheck.query import LocalTarget, SelectResult
from factcheck.sparql import prepare

EX = "http://example.org/"


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ("ASK { ?s ?p ?o }", "ASK"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <http://example.org/a>", "DESCRIBE"),
        ("PREFIX a: <http://a/>\nBASE <http://b/>\nDESCRIBE ?s WHERE { ?s a:p ?o }", "DESCRIBE"),
        ("VERSION '1.2' CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("SELECT ?c WHERE { ?c a fc:ArticleClaim }", "SELECT"),  # a predeclared prefix
    ],
)
def test_queries_are_read_by_oxigraph(text: str, form: str) -> None:
    query = prepare(text)
    assert query.form == form
    assert query.parsed is None  # rdflib's grammar did not run


def test_updates_and_service_queries_go_to_rdflib_grammar() -> None:
    update = prepare("INSERT DATA { <http://a/s> <http://a/p> 1 }")
    assert update.form == "UPDATE"
    service = prepare("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert service.form == "SELECT"
    assert service.uses_service
    assert service.parsed is not None  # not planned by Oxigraph at all


def test_syntax_error_is_still_located_by_rdflib() -> None:
    with pytest.raises(QueryError) as caught:
        prepare("SELECT ?x WHERE { ?x ?y }")
    assert str(caught.value) == (
        "query:1:19: SPARQL syntax error: Expected SelectQuery, found '?'\n  hint: near: ?x ?y }"
    )


def test_a_prepared_select_does_not_import_rdflib_sparql() -> None:
    code = (
        "import sys\n"
        "from factcheck.sparql import prepare\n"
        "prepare('SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s')\n"
        "print(sorted(m for m in sys.modules if m.startswith('rdflib.plugins.sparql')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"


def _graph() -> Graph:
    graph = Graph()
    graph.add((URIRef(EX + "a"), URIRef(EX + "p"), Literal(1)))
    graph.add((URIRef(EX + "b"), URIRef(EX + "p"), Literal(2)))
    return graph


def test_rdflib_engine_parses_on_first_use_and_agrees() -> None:
    query = prepare(f"SELECT ?s ?o WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?o")
    assert query.parsed is None
    bindings = {"s": URIRef(EX + "b")}
    slow = LocalTarget(_graph(), "rdflib").run(query, bindings)
    fast = LocalTarget(_graph(), "oxigraph").run(query, bindings)
    assert isinstance(slow, SelectResult) and isinstance(fast, SelectResult)
    assert slow.rows == fast.rows == [(URIRef(EX + "b"), Literal(2))]
    assert query.parsed is not None and query.translated is not None


def test_sparql_12_syntax_runs_on_oxigraph_and_is_refused_by_rdflib_with_a_location() -> None:
    query = prepare(f"SELECT ?s WHERE {{ ?s <{EX}p> ?o . LATERAL {{ ?s <{EX}p> ?q }} }}")
    fast = LocalTarget(_graph(), "oxigraph").run(query)
    assert isinstance(fast, SelectResult)
    assert sorted(fast.rows) == [(URIRef(EX + "a"),), (URIRef(EX + "b"),)]
    with pytest.raises(QueryError) as caught:
        LocalTarget(_graph(), "rdflib").run(query)
    assert str(caught.value).startswith("query:1:")
    assert "SPARQL syntax error" in str(caught.value)
