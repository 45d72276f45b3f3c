"""How the entity network looks in every picture of it: where each entity goes, and the
colours, line styles and legend names of entities and links.

Shared by ``factcheck.graphviews.picture`` (PNG, SVG with matplotlib), the Graphviz DOT and GEXF
exports (``factcheck.graphviews.export``) and the report's own SVG
(``factcheck.report.entity_graph``), so that all of them agree.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

from factcheck.graph import ARTICLE_CLAIM, REFERENCE_FACT, RELATION

if TYPE_CHECKING:
    import networkx as nx

NODE_COLOURS: dict[str, str] = {
    "person": "#fdb462",
    "organisation": "#80b1d3",
    "vehicle": "#b3de69",
    "event": "#ffed6f",
    "place": "#bebada",
    "platform": "#8dd3c7",
    "programme": "#fccde5",
    "concept": "#d9d9d9",
    "document": "#bc80bd",
    "other": "#ffffff",
}
"""Entity kind → fill colour (ColorBrewer Set3, which keeps black labels readable)."""

EDGE_COLOURS: dict[str, str] = {
    "supported": "#1a9850",
    "contradicted": "#d73027",
    "misleading": "#f46d43",
    "misquoted": "#7b3294",
    "disputed": "#b8860b",
    "unverifiable": "#8c8c8c",
    "no verdict": "#bdbdbd",
    REFERENCE_FACT: "#2166ac",
    RELATION: "#525252",
}
"""Edge category → colour: an article claim by its verdict, else a reference fact or relation."""


def edge_category(edge: Mapping[str, Any]) -> str:
    """The legend entry an edge belongs to (a verdict for article claims)."""
    kind = edge.get("kind")
    if kind == ARTICLE_CLAIM:
        verdict = str(edge.get("verdict") or "no verdict")
        return verdict if verdict in EDGE_COLOURS else "no verdict"
    if kind == REFERENCE_FACT:
        return REFERENCE_FACT
    if kind == RELATION:
        return RELATION
    return "no verdict"


def legend_label(category: str) -> str:
    """A link category as the legend names it."""
    if category in (REFERENCE_FACT, RELATION):
        return category
    return f"article claim: {category}"


def edge_style(category: str) -> Literal["dashed", "solid"]:
    """Dashed for links no verdict vouches for."""
    return "dashed" if category in ("unverifiable", "no verdict") else "solid"


def layout(network: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Positions for every node: each connected part laid out on its own, the parts packed in
    rows, biggest first.

    A part is laid out with Kamada–Kawai, which keeps linked entities near and evens out the
    distances. A link's length grows with the square root of the busier end's degree, so a
    hub's many neighbours get room around it instead of piling up. Deterministic: no random
    seed is involved.
    """
    import networkx as nx

    from factcheck.graphviews.analysis import simple_undirected

    undirected = simple_undirected(network)
    for u, v, data in undirected.edges(data=True):
        data["length"] = math.sqrt(max(undirected.degree(u), undirected.degree(v)))
    parts = sorted(
        (sorted(c) for c in nx.connected_components(undirected)), key=lambda c: (-len(c), c)
    )
    boxes: list[dict[str, tuple[float, float]]] = []
    for part in parts:
        if len(part) == 1:
            local = {part[0]: (0.0, 0.0)}
        else:
            # A copy in sorted order: a subgraph view may iterate its nodes in set order, and
            # the starting positions (so the result) depend on that order.
            piece = nx.Graph()
            piece.add_nodes_from(part)
            piece.add_edges_from(sorted(undirected.subgraph(part).edges(data=True)))
            found = nx.kamada_kawai_layout(piece, weight="length")
            local = _landscape({n: (float(found[n][0]), float(found[n][1])) for n in part})
        # Bigger parts get more room than the square root of their size would give them:
        # their hubs need it, while a small part reads fine when compact.
        boxes.append(_fit(local, len(part) ** 0.7))
    # Shelf packing: the biggest part fills the first row; smaller parts line up below it.
    width = max((_extent(box)[0] for box in boxes), default=1.0)
    positions: dict[str, tuple[float, float]] = {}
    x = y = shelf = 0.0
    gap = 0.3
    for box in boxes:
        box_width, box_height = _extent(box)
        if x > 0 and x + box_width > width + 1e-9:
            x, y, shelf = 0.0, y - shelf - gap, 0.0
        for node, (px, py) in box.items():
            positions[node] = (x + px, y - box_height + py)
        x += box_width + gap
        shelf = max(shelf, box_height)
    return positions


def _landscape(local: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Rotate positions so their longest spread runs left to right (screens are wide)."""
    count = len(local)
    mx = sum(p[0] for p in local.values()) / count
    my = sum(p[1] for p in local.values()) / count
    sxx = sum((p[0] - mx) ** 2 for p in local.values())
    syy = sum((p[1] - my) ** 2 for p in local.values())
    sxy = sum((p[0] - mx) * (p[1] - my) for p in local.values())
    angle = 0.5 * math.atan2(2 * sxy, sxx - syy)  # direction of the principal axis
    cos, sin = math.cos(-angle), math.sin(-angle)
    return {
        n: ((x - mx) * cos - (y - my) * sin, (x - mx) * sin + (y - my) * cos)
        for n, (x, y) in local.items()
    }


def _extent(box: Mapping[str, tuple[float, float]]) -> tuple[float, float]:
    """Width and height of a fitted part (positions start at 0)."""
    return (
        max(max(p[0] for p in box.values()) + _MARGIN, _MIN_WIDTH),
        max(p[1] for p in box.values()) + _MARGIN,
    )


_MARGIN = 0.25
_MIN_WIDTH = 1.3  # a lone entity still needs room for its label


def _fit(local: Mapping[str, tuple[float, float]], size: float) -> dict[str, tuple[float, float]]:
    """Scale positions so the longer side spans ``size`` (less margins), starting at the margin."""
    if len(local) == 1:
        return dict.fromkeys(local, (_MIN_WIDTH / 2, _MARGIN))
    xs = [p[0] for p in local.values()]
    ys = [p[1] for p in local.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys))
    scale = (size - 2 * _MARGIN) / span if span else 0.0
    return {
        n: (_MARGIN + (x - min(xs)) * scale, _MARGIN + (y - min(ys)) * scale)
        for n, (x, y) in local.items()
    }


__all__ = [
    "EDGE_COLOURS",
    "NODE_COLOURS",
    "edge_category",
    "edge_style",
    "layout",
    "legend_label",
]
