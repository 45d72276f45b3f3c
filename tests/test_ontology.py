"""The vocabulary, the shapes and the SPARQL queries as artefacts: every term used is declared and
documented, the shapes are valid SHACL (SHACL-SHACL, https://www.w3.org/TR/shacl/#shacl-shacl), and
every query parses.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.algebra import translateUpdate
from rdflib.plugins.sparql.parser import parseUpdate
from rdflib.term import Node

import factcheck
from factcheck.loader import FC, PREFIXES, load, new_graph, parse_file
from factcheck.resources import shape_files, vocabulary_files

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts"
SH = Namespace("http://www.w3.org/ns/shacl#")
QUERY_FILES = sorted(Path(factcheck.__file__).parent.rglob("*.rq"))
FC_NAME = re.compile(r"(?<![\w-])fc:([A-Za-z_](?:[\w.-]*[\w-])?)")
FC_IRI = re.compile(re.escape(f"<{FC}") + r"([^>]+)>")


@functools.cache
def vocabulary() -> Graph:
    graph = new_graph()
    for path in vocabulary_files():
        graph += parse_file(path)
    return graph


@functools.cache
def shapes() -> Graph:
    graph = new_graph()
    graph.bind("fcsh", "https://w3id.org/factcheck/shapes#")
    for path in shape_files():
        graph += parse_file(path)
    return graph


def names_in_sparql(text: str) -> set[URIRef]:
    return {FC[name] for name in FC_NAME.findall(text)} | {FC[n] for n in FC_IRI.findall(text)}


def fc_terms(graph: Graph) -> set[URIRef]:
    """fc: IRIs in any position, and fc: names inside SPARQL strings (sh:select, sh:ask)."""
    terms = {n for triple in graph for n in triple if isinstance(n, URIRef) and n.startswith(FC)}
    for predicate in (SH.select, SH.ask, SH.construct, SH.update, FC.focusedSelect):
        for text in graph.objects(None, predicate):
            terms |= names_in_sparql(str(text))
    return terms


def declared_terms() -> set[URIRef]:
    graph = vocabulary()
    return {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}


def short(node: Node) -> str:
    return shapes().namespace_manager.normalizeUri(node) if isinstance(node, URIRef) else "[]"


@pytest.mark.parametrize(
    "where",
    ["facts", "shapes", "queries", "vocabulary"],
)
def test_every_fc_term_used_is_declared(where: str) -> None:
    if where == "facts":
        used = fc_terms(load([FACTS]).graph)
    elif where == "shapes":
        used = fc_terms(shapes())
    elif where == "queries":
        used = set().union(*(names_in_sparql(p.read_text(encoding="utf-8")) for p in QUERY_FILES))
    else:
        used = fc_terms(vocabulary())
    assert used, f"no fc: terms found in the {where}"
    missing = sorted(short(term) for term in used - declared_terms())
    assert missing == [], f"used in the {where} but not declared in ontology/"


def test_every_declared_term_has_a_label_and_a_comment() -> None:
    graph = vocabulary()
    terms = declared_terms()
    assert len(terms) > 100
    undocumented = sorted(
        f"{short(term)} lacks {short(prop)}"
        for term in terms
        for prop in (RDFS.label, RDFS.comment)
        if not any(isinstance(o, Literal) and str(o).strip() for o in graph.objects(term, prop))
    )
    assert undocumented == []


# --- SHACL-SHACL -------------------------------------------------------------------------------


def meta_validate(graph: Graph) -> tuple[bool, str]:
    """Validate a shapes graph against pySHACL's bundled SHACL-SHACL shapes."""
    from pyshacl.entrypoints import meta_validate as pyshacl_meta_validate

    conforms, _results, text = pyshacl_meta_validate(graph, inference="rdfs")
    return bool(conforms), str(text)


@pytest.mark.parametrize("path", shape_files(), ids=lambda p: p.name)
def test_shapes_are_valid_shacl(path: Path) -> None:
    conforms, report = meta_validate(parse_file(path))
    assert conforms, report


def test_shacl_shacl_rejects_a_broken_shape() -> None:
    """So the test above can fail: a minCount that is not an integer is caught."""
    broken = new_graph()
    broken.parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix fc: <https://w3id.org/factcheck/ontology#> .
        fc:BrokenShape a sh:NodeShape ;
            sh:targetClass fc:Claim ;
            sh:property [ sh:path fc:source ; sh:minCount "one" ] .
        """,
        format="turtle",
    )
    conforms, report = meta_validate(broken)
    assert not conforms
    assert "sh:minCount" in report


# --- SPARQL ------------------------------------------------------------------------------------


def parse_sparql(text: str) -> None:
    """Parse a query, with the prefixes the tool binds, or failing that an update."""
    try:
        prepareQuery(text, initNs=PREFIXES)
    except Exception as query_error:
        try:
            translateUpdate(parseUpdate(text), initNs=PREFIXES)
        except Exception:
            raise query_error from None


def test_there_are_query_files() -> None:
    assert any(p.name == "validation-results.rq" for p in QUERY_FILES)


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.name)
def test_query_file_parses(path: Path) -> None:
    parse_sparql(path.read_text(encoding="utf-8"))


def sparql_in_shapes() -> list[Any]:
    """Every sh:select (and fc:focusedSelect), named by its constraint or by the shape whose
    target it is.

    Sorted by name and text, not by node: blank node ids differ from one process to the next,
    and pytest-xdist workers must collect the same tests in the same order."""
    graph = shapes()
    named = []
    for node, text in graph.subject_objects(SH.select):
        owner = node if isinstance(node, URIRef) else graph.value(None, SH.target, node)
        named.append((short(owner) if owner is not None else "[]", str(text)))
    for node, text in graph.subject_objects(FC.focusedSelect):
        named.append((f"{short(node)} focused", str(text)))
    return [pytest.param(text, id=name) for name, text in sorted(named)]


def declared_prefixes(graph: Graph) -> dict[str, str]:
    return {
        str(graph.value(d, SH.prefix)): str(graph.value(d, SH.namespace))
        for d in graph.objects(None, SH.declare)
    }


@pytest.mark.parametrize("text", sparql_in_shapes())
def test_sparql_in_shapes_parses(text: str) -> None:
    prepareQuery(text, initNs=declared_prefixes(shapes()))
