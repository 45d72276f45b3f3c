"""The entity graph for the report: an SVG drawn here, with its words as text.

A picture from matplotlib (``factcheck graph export``) sizes its words in points for a figure
that the page would scale to fit, so its labels would end up 5–6 px tall. The report draws its
own SVG (https://www.w3.org/TR/SVG2/) from the same layout
(``factcheck.graphviews.layout.layout``): nodes coloured by kind, edges coloured by the verdict
of the claim they carry (dashed when unverifiable), and every node and edge label as
``<text>`` at its real size (``LABEL_PX``, ``EDGE_LABEL_PX``). The SVG is shown at that size in
a scrollable viewport, so it is panned rather than shrunk; the page's script adds zoom buttons
and drag-to-pan. On a phone the picture gives way to a list of the same relations (CSS).
Entities with no link are drawn in the bottom row and named in the caption.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

    from factcheck.kb import KnowledgeBase

LABEL_PX = 12
"""Node labels, in CSS pixels at zoom 1 (the smallest the picture ever shows them)."""
EDGE_LABEL_PX = 11
MIN_GAP_PX = 120.0
"""The closest two entities may be drawn, so that their labels do not collide."""
MAX_WIDTH_PX = 2400.0
MARGIN_PX = 70.0


@dataclass(frozen=True, order=True)
class GraphLink:
    """One edge of the picture as words."""

    start: str
    label: str
    end: str
    provenance: str


@dataclass(frozen=True)
class EntityGraph:
    """An inline SVG, its text alternative, and the entities no link reaches."""

    svg: str
    entities: int
    links: tuple[GraphLink, ...]
    isolated: tuple[str, ...] = ()


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _scale(positions: dict[str, tuple[float, float]]) -> float:
    """Pixels per layout unit: the closest pair at least ``MIN_GAP_PX`` apart, within
    ``MAX_WIDTH_PX`` overall."""
    points = list(positions.values())
    closest = math.inf
    for i, (x1, y1) in enumerate(points):
        for x2, y2 in points[i + 1 :]:
            distance = math.hypot(x1 - x2, y1 - y2)
            if distance > 1e-9:
                closest = min(closest, distance)
    xs = [p[0] for p in points]
    width = (max(xs) - min(xs)) or 1.0
    wanted = MIN_GAP_PX / closest if closest < math.inf else 200.0
    return min(wanted, (MAX_WIDTH_PX - 2 * MARGIN_PX) / width)


def draw_svg(network: nx.MultiDiGraph, element_id: str, title: str, description: str) -> str:
    """The network as an SVG element to inline in HTML (no XML prolog, no global style)."""
    from factcheck.graphviews.layout import EDGE_COLOURS, NODE_COLOURS, edge_category, layout

    positions = layout(network)
    scale = _scale(positions)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    x0, y1 = min(xs), max(ys)

    def at(node: str) -> tuple[float, float]:
        x, y = positions[node]
        return MARGIN_PX + (x - x0) * scale, MARGIN_PX + (y1 - y) * scale

    width = 2 * MARGIN_PX + (max(xs) - x0) * scale + 80
    height = 2 * MARGIN_PX + (y1 - min(ys)) * scale + 20
    radius = {n: 7 + 1.2 * min(network.degree(n), 10) for n in network.nodes}
    edges: list[str] = []
    edge_labels: list[str] = []
    groups: dict[frozenset[str], list[tuple[str, str, dict[str, Any]]]] = {}
    for u, v, data in sorted(
        network.edges(data=True), key=lambda e: (e[0], e[1], str(e[2].get("label", "")))
    ):
        if u != v:
            groups.setdefault(frozenset((u, v)), []).append((u, v, data))
    for _pair, members in sorted(groups.items(), key=lambda g: sorted(g[0])):
        count = len(members)
        for index, (u, v, data) in enumerate(members):
            (ax, ay), (bx, by) = at(u), at(v)
            length = math.hypot(bx - ax, by - ay) or 1.0
            # Parallel edges bow apart; the bend is relative to a fixed direction of the pair.
            bend = 0.0 if count == 1 else (index - (count - 1) / 2) * 26.0
            sign = 1.0 if u < v else -1.0
            nx_, ny_ = -(by - ay) / length * sign, (bx - ax) / length * sign
            cx, cy = (ax + bx) / 2 + nx_ * bend * 2, (ay + by) / 2 + ny_ * bend * 2
            category = edge_category(data)
            colour = EDGE_COLOURS.get(category, "#525252")
            dash = ' stroke-dasharray="6 4"' if category in ("unverifiable", "no verdict") else ""
            link = f"{data.get('label', '')}"
            edges.append(
                f'<path class="edge" d="M{ax:.1f},{ay:.1f} Q{cx:.1f},{cy:.1f} {bx:.1f},{by:.1f}"'
                f' stroke="{colour}"{dash} marker-end="url(#{element_id}-arrow)">'
                f"<title>{_e(network.nodes[u].get('label', u))} — {_e(link)} →"
                f" {_e(network.nodes[v].get('label', v))}</title></path>"
            )
            # The label sits on the curve's midpoint, along the edge when it is not too steep.
            mx, my = (ax + 2 * cx + bx) / 4, (ay + 2 * cy + by) / 4
            edge_labels.append(
                f'<text class="edge-label" x="{mx:.1f}" y="{my:.1f}">{_e(link)}</text>'
            )
    nodes: list[str] = []
    for node in sorted(network.nodes):
        x, y = at(node)
        data = network.nodes[node]
        fill = NODE_COLOURS.get(str(data.get("kind", "other")), "#ffffff")
        nodes.append(
            f'<g class="node"><circle cx="{x:.1f}" cy="{y:.1f}" r="{radius[node]:.1f}"'
            f' fill="{fill}"><title>{_e(data.get("kind", ""))}</title></circle>'
            f'<text class="node-label" x="{x:.1f}" y="{y + radius[node] + LABEL_PX + 2:.1f}">'
            f"{_e(data.get('label', node))}</text></g>"
        )
    return "".join(
        [
            f'<svg id="{element_id}" xmlns="http://www.w3.org/2000/svg"'
            f' viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}"'
            f' role="img" aria-labelledby="{element_id}-title {element_id}-desc"'
            f' data-width="{width:.0f}" data-height="{height:.0f}">',
            f'<title id="{element_id}-title">{_e(title)}</title>',
            f'<desc id="{element_id}-desc">{_e(description)}</desc>',
            f'<defs><marker id="{element_id}-arrow" viewBox="0 0 10 10" refX="18" refY="5"'
            ' markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            '<path d="M0,0 L10,5 L0,10 z" fill="#525252"/></marker></defs>',
            f'<g class="edges" fill="none" stroke-width="1.6">{"".join(edges)}</g>',
            f'<g class="nodes" stroke="#333333" stroke-width="1">{"".join(nodes)}</g>',
            f'<g class="edge-labels" font-size="{EDGE_LABEL_PX}">{"".join(edge_labels)}</g>',
            "</svg>",
        ]
    )


def entity_graph(kb: KnowledgeBase) -> EntityGraph | None:
    """The knowledge base's entity network as an inline SVG; ``None`` when it has no entities."""
    from factcheck.graph import project
    from factcheck.graphviews.analysis import provenance

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
    isolated = tuple(sorted(names[n] for n in network.nodes if network.degree(n) == 0))
    svg = draw_svg(
        network,
        "entity-graph-picture",
        f"Entity network: {entities} entities, {count} links",
        "People, organisations, vehicles, events and documents as coloured dots with their"
        " names; links drawn in the colour of the verdict of the article claim they carry, or"
        " as reference facts and relations, each named along its line. The same links are"
        " listed as text.",
    )
    return EntityGraph(svg=svg, entities=entities, links=tuple(links), isolated=isolated)
