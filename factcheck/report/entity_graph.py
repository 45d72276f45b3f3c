"""The entity graph for the report: the picture ``factcheck graph`` draws, made fit to inline.

The drawing is ``factcheck.graphviews.export.draw`` (matplotlib, text drawn as paths, so no font
is fetched). Inlining an SVG document in HTML (https://html.spec.whatwg.org/#svg-0) needs a few
changes: no XML declaration or DOCTYPE, no fixed size (the viewBox scales it), no global
``<style>`` (CSS inside inline SVG applies to the whole page), and an accessible name. Because
the picture's words are paths a screen reader cannot read, every link is also listed as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from factcheck.kb import KnowledgeBase


@dataclass(frozen=True, order=True)
class GraphLink:
    """One edge of the picture as words."""

    start: str
    label: str
    end: str
    provenance: str


@dataclass(frozen=True)
class EntityGraph:
    """An inline SVG and its text alternative."""

    svg: str
    entities: int
    links: tuple[GraphLink, ...]


_PROLOG = re.compile(r"^\s*<\?xml[^>]*\?>\s*(<!DOCTYPE[^>]*>\s*)?", re.DOTALL)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)
_STYLE = re.compile(r"<style[^>]*>.*?</style>\s*", re.DOTALL)
_ROOT = re.compile(r"<svg\b([^>]*)>")
_SIZE = re.compile(r'\s(width|height)="[^"]*"')


def inline_svg(document: str, element_id: str, title: str, description: str) -> str:
    """An SVG document turned into an element to place inside HTML (see the module docstring)."""
    from html import escape

    body = _PROLOG.sub("", document, count=1)
    body = _METADATA.sub("", body, count=1)
    body = _STYLE.sub("", body)
    match = _ROOT.search(body)
    if match is None:
        raise ValueError("not an SVG document")
    attributes = _SIZE.sub("", match.group(1))
    root = (
        f'<svg{attributes} id="{element_id}" role="img"'
        f' aria-labelledby="{element_id}-title {element_id}-desc">'
        f'<title id="{element_id}-title">{escape(title)}</title>'
        f'<desc id="{element_id}-desc">{escape(description)}</desc>'
    )
    return (body[: match.start()] + root + body[match.end() :]).strip()


def entity_graph(kb: KnowledgeBase) -> EntityGraph | None:
    """The knowledge base's entity network as an inline SVG; ``None`` when it has no entities."""
    from factcheck.graph import project
    from factcheck.graphviews.analysis import provenance
    from factcheck.graphviews.export import draw

    network = project(kb)
    if network.number_of_nodes() == 0:
        return None
    names = {node: str(data.get("label", node)) for node, data in network.nodes(data=True)}
    links = sorted(
        GraphLink(
            start=names[start],
            label=str(data.get("label", "")),
            end=names[end],
            provenance=provenance(data),
        )
        for start, end, data in network.edges(data=True)
    )
    entities, count = network.number_of_nodes(), len(links)
    svg = inline_svg(
        draw(network, "svg").decode("utf-8"),
        "entity-graph-picture",
        f"Entity network: {entities} entities, {count} links",
        "People, organisations, vehicles, events and documents as coloured nodes; links drawn"
        " in the colour of the verdict of the article claim they carry, or as reference facts"
        " and relations. The same links are listed as a table below the picture.",
    )
    return EntityGraph(svg=svg, entities=entities, links=tuple(links))
