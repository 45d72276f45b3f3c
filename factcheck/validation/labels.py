"""Readable, deterministic names for the nodes, paths and rules in findings.

Blank nodes have no stable name, so they are named by the path from the nearest named node
(``fcd:claim-2/fc:quote``); SHACL property paths are written in SPARQL property-path syntax
(https://www.w3.org/TR/shacl/#property-paths).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from factcheck.loader import FC

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.namespace import NamespaceManager
    from rdflib.term import Node

    from factcheck.locate import SourceIndex

SH = "http://www.w3.org/ns/shacl#"


def shorten_iri(node: Node, names: NamespaceManager) -> str:
    """``prefix:local`` where a prefix is bound, else ``<iri>``; literals as their text."""
    from factcheck.render import shorten

    return shorten(node, names)


def node_label(node: Node, index: SourceIndex, names: NamespaceManager) -> str:
    """A readable, deterministic name: blank nodes are named by the path from a named node."""
    from rdflib import BNode

    if not isinstance(node, BNode):
        return shorten_iri(node, names)
    anchored = index.anchor(node)
    if anchored is None:
        return "[]"
    named, path = anchored
    return "/".join([shorten_iri(named, names), *(shorten_iri(p, names) for p in path)])


def fix_hint(shape: Node | None, shapes_graph: Graph, *more: Node | None) -> str | None:
    """The ``fc:fixHint`` of the shape that produced a result (or of ``more`` nodes, in turn)."""
    for node in (shape, *more):
        if node is None:
            continue
        hint = shapes_graph.value(node, FC.fixHint)
        if hint is not None:
            return str(hint)
    return None


def rule_name(
    shape: Node | None, component: Node, names: NamespaceManager, shapes_graph: Graph
) -> str:
    """A stable rule id: the shape's prefixed name (with the shapes file's prefixes), or for
    an anonymous property shape its parent's name plus the path
    (``fcsh:QuoteShape/oa:exact``), else the constraint component."""
    from rdflib import BNode, URIRef

    shape_names = shapes_graph.namespace_manager
    if isinstance(shape, URIRef):
        return shorten_iri(shape, shape_names)
    if isinstance(shape, BNode):
        parent = shapes_graph.value(None, URIRef(SH + "property"), shape)
        path = shapes_graph.value(shape, URIRef(SH + "path"))
        if parent is not None and path is not None:
            parent_name = rule_name(parent, component, names, shapes_graph)
            return f"{parent_name}/{path_label(path, shapes_graph, shape_names)}"
    return shorten_iri(component, names)


def _list_items(node: Node, *graphs: Graph) -> list[Node] | None:
    from rdflib import RDF
    from rdflib.collection import Collection

    for graph in graphs:
        if (node, RDF.first, None) in graph:
            return list(Collection(graph, node))
    return None


def first_step(path: Node | None, *graphs: Graph) -> Node | None:
    """The first predicate of a SHACL path (the path itself if it is an IRI)."""
    from rdflib import URIRef

    if path is None or isinstance(path, URIRef):
        return path
    items = _list_items(path, *graphs)
    if items and isinstance(items[0], URIRef):
        return items[0]
    return None


def path_label(path: Node, graph: Graph, names: NamespaceManager) -> str:
    """A SHACL property path in SPARQL property-path syntax."""
    from rdflib import URIRef

    if isinstance(path, URIRef):
        return shorten_iri(path, names)
    items = _list_items(path, graph)
    if items is not None:
        return "/".join(path_label(item, graph, names) for item in items)
    unary = {
        "inversePath": "^{}",
        "zeroOrMorePath": "{}*",
        "oneOrMorePath": "{}+",
        "zeroOrOnePath": "{}?",
    }
    for name, template in unary.items():
        inner = graph.value(path, URIRef(SH + name))
        if inner is not None:
            return template.format(path_label(inner, graph, names))
    alternatives = graph.value(path, URIRef(SH + "alternativePath"))
    if alternatives is not None:
        options = _list_items(alternatives, graph) or []
        return "(" + "|".join(path_label(o, graph, names) for o in options) + ")"
    return "[]"
