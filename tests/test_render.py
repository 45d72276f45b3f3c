"""The one renderer."""

from __future__ import annotations

import json

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from factcheck.loader import bind_prefixes, new_graph
from factcheck.render import render_graph, render_table, shorten

FCD = "https://w3id.org/factcheck/data/"
HEADERS = ["claim", "value", "note"]
ROWS = [[URIRef(FCD + "claim-1"), Literal(252000000), "a|b"], [URIRef("http://x.org/y"), 3, None]]


def names() -> Graph:
    return new_graph()


def test_shorten() -> None:
    nsm = names().namespace_manager
    assert shorten(URIRef(FCD + "claim-1"), nsm) == "fcd:claim-1"
    assert shorten(URIRef("https://w3id.org/factcheck/ontology#Claim"), nsm) == "fc:Claim"
    assert shorten(URIRef("http://unbound.example/x"), nsm) == "http://unbound.example/x"
    assert shorten(URIRef(FCD + "a/b"), nsm) == FCD + "a/b"
    assert shorten(Literal("about 9,200"), nsm) == "about 9,200"
    assert shorten(BNode(), nsm) == "[]"
    assert shorten(None, nsm) == ""


def test_table() -> None:
    assert render_table(HEADERS, ROWS, "table") == (
        "claim           value      note\n"
        "--------------  ---------  ----\n"
        "fcd:claim-1     252000000  a|b\n"
        "http://x.org/y  3\n"
    )


def test_csv_and_tsv_keep_full_iris() -> None:
    assert render_table(HEADERS, ROWS, "csv") == (
        f"claim,value,note\n{FCD}claim-1,252000000,a|b\nhttp://x.org/y,3,\n"
    )
    assert render_table(HEADERS, ROWS, "tsv").splitlines()[1] == f"{FCD}claim-1\t252000000\ta|b"


def test_json() -> None:
    assert json.loads(render_table(HEADERS, ROWS, "json")) == [
        {"claim": FCD + "claim-1", "value": 252000000, "note": "a|b"},
        {"claim": "http://x.org/y", "value": 3, "note": None},
    ]


def test_markdown() -> None:
    assert render_table(HEADERS, ROWS, "markdown") == (
        "| claim | value | note |\n"
        "| --- | --- | --- |\n"
        "| fcd:claim-1 | 252000000 | a\\|b |\n"
        "| http://x.org/y | 3 |  |\n"
    )


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown table format"):
        render_table(HEADERS, ROWS, "xml")


def test_render_graph_formats() -> None:
    graph = bind_prefixes(Graph())
    graph.add((URIRef(FCD + "c"), URIRef("https://schema.org/name"), Literal("x")))
    turtle = render_graph(graph, "turtle")
    assert "@prefix fcd: <https://w3id.org/factcheck/data/> ." in turtle
    assert "fcd:c schema:name" in turtle
    assert render_graph(graph, "n-triples") == (f'<{FCD}c> <https://schema.org/name> "x" .\n')
    doc = json.loads(render_graph(graph, "json-ld"))
    assert doc["@context"]["fcd"] == FCD
