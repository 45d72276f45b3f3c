"""The entity network written out: data formats for other tools, and pictures for people.

Data: GraphML (http://graphml.graphdrawing.org/), GEXF 1.2 (https://gexf.net/, with colours and
positions for Gephi), node-link JSON (networkx's ``node_link_data``) and Graphviz DOT
(https://graphviz.org/doc/info/lang.html) written here, so no Graphviz binding is needed; run
``dot -Tsvg`` on it where Graphviz is installed. Pictures (PNG, SVG) are drawn with matplotlib
and need no system packages: nodes coloured by kind, edges coloured by the verdict of the claim
they carry, a legend for both.
"""

from __future__ import annotations

import io
import json
import math
import textwrap
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from factcheck.graph import ARTICLE_CLAIM, KINDS, REFERENCE_FACT, RELATION

if TYPE_CHECKING:
    import networkx as nx

DATA_FORMATS = ("graphml", "gexf", "json", "dot")
PICTURE_FORMATS = ("png", "svg")
EXPORT_FORMATS = DATA_FORMATS + PICTURE_FORMATS
BINARY_FORMATS = ("png",)
"""Formats that must not be written to a terminal."""

SUFFIXES = {
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".json": "json",
    ".dot": "dot",
    ".gv": "dot",
    ".png": "png",
    ".svg": "svg",
}
"""File suffix → export format, so ``-o web.png`` needs no ``--format``."""

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


def export(network: nx.MultiDiGraph, fmt: str) -> bytes:
    """The network in ``fmt`` (one of ``EXPORT_FORMATS``) as bytes."""
    import networkx as nx

    if fmt == "graphml":
        buffer = io.BytesIO()
        nx.write_graphml(network, buffer, encoding="utf-8", prettyprint=True)
        return buffer.getvalue()
    if fmt == "gexf":
        buffer = io.BytesIO()
        nx.write_gexf(_with_viz(network), buffer, encoding="utf-8", prettyprint=True)
        return buffer.getvalue()
    if fmt == "json":
        data = nx.node_link_data(network, edges="edges")
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    if fmt == "dot":
        return to_dot(network).encode("utf-8")
    if fmt in PICTURE_FORMATS:
        return draw(network, fmt)
    raise ValueError(f"unknown export format {fmt!r}")


# --------------------------------------------------------------------------- layout


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


# --------------------------------------------------------------------------- pictures


def draw(network: nx.MultiDiGraph, fmt: str = "png") -> bytes:
    """A picture of the network (PNG at 120 dpi, or SVG): labelled nodes coloured by kind,
    edges coloured by verdict, parallel claims drawn as separate arcs, legends for both."""
    import matplotlib

    matplotlib.use("Agg")  # never open a window; works without a display
    import matplotlib.pyplot as plt
    import networkx as nx
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    if fmt not in PICTURE_FORMATS:
        raise ValueError(f"unknown picture format {fmt!r}")
    positions = layout(network)
    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    width_units = max(xs) - min(xs) + 1
    height_units = max(ys) - min(ys) + 1
    scale = 16 / max(width_units, height_units, 1)
    figsize = (max(8.0, width_units * scale + 3.5), max(6.0, height_units * scale + 1.2))

    plt.rcParams["svg.hashsalt"] = "factcheck"  # stable ids, so the SVG diffs cleanly
    figure, axes = plt.subplots(figsize=figsize, layout="constrained")
    axes.set_axis_off()
    axes.set_title(textwrap.fill(picture_title(network), 140), fontsize=12, loc="left")

    nodes = sorted(network.nodes)
    sizes = {n: 260 + 70 * min(network.degree(n), 12) for n in nodes}
    _draw_edges(network, positions, sizes, axes)
    _draw_edge_labels(network, positions, axes)
    nx.draw_networkx_nodes(
        network,
        positions,
        nodelist=nodes,
        node_color=[NODE_COLOURS.get(network.nodes[n]["kind"], "#ffffff") for n in nodes],
        node_size=[sizes[n] for n in nodes],
        edgecolors="#333333",
        linewidths=0.8,
        ax=axes,
    )
    # Labels sit just below their node, so the node's colour stays visible.
    below = {
        n: (positions[n][0], positions[n][1] - (math.sqrt(sizes[n]) / 2 + 1) / 72 / scale)
        for n in nodes
    }
    nx.draw_networkx_labels(
        network,
        below,
        labels={n: textwrap.fill(network.nodes[n]["label"], 24) for n in nodes},
        font_size=7,
        verticalalignment="top",
        # Opaque boxes above the edges: no line crosses a name, even at a busy hub.
        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 1.0},
        ax=axes,
    )
    for text in axes.texts:
        text.set_zorder(5)
    kinds_present = {network.nodes[n]["kind"] for n in nodes}
    node_legend = [
        Patch(facecolor=NODE_COLOURS[k], edgecolor="#333333", label=k)
        for k in (*KINDS, "other")
        if k in kinds_present
    ]
    categories = {edge_category(d) for _, _, d in network.edges(data=True)}
    edge_legend = [
        Line2D([0], [0], color=colour, lw=2, linestyle=_edge_style(cat), label=_legend_label(cat))
        for cat, colour in EDGE_COLOURS.items()
        if cat in categories
    ]
    # Both legends side by side under the picture, not pushed into far corners.
    first = axes.legend(
        handles=node_legend,
        title="entities",
        loc="upper right",
        bbox_to_anchor=(0.5, 0.0),
        ncol=min(len(node_legend), 5) or 1,
        fontsize=8,
        title_fontsize=9,
        frameon=False,
    )
    axes.add_artist(first)
    axes.legend(
        handles=edge_legend,
        title="links",
        loc="upper left",
        bbox_to_anchor=(0.5, 0.0),
        ncol=min(len(edge_legend), 4) or 1,
        fontsize=8,
        title_fontsize=9,
        frameon=False,
    )
    buffer = io.BytesIO()
    metadata = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
    figure.savefig(buffer, format=fmt, dpi=120, metadata=metadata)
    plt.close(figure)
    return buffer.getvalue()


def _legend_label(category: str) -> str:
    if category in (REFERENCE_FACT, RELATION):
        return category
    return f"article claim: {category}"


def _edge_style(category: str) -> Literal["dashed", "solid"]:
    return "dashed" if category in ("unverifiable", "no verdict") else "solid"


def _draw_edges(
    network: nx.MultiDiGraph,
    positions: Mapping[str, Any],
    sizes: Mapping[str, float],
    axes: Any,
) -> None:
    """Each edge as an arrow; edges between the same two entities fan out as arcs."""
    import networkx as nx

    groups: dict[frozenset[str], list[tuple[str, str, dict[str, Any]]]] = {}
    for u, v, data in sorted(network.edges(data=True), key=lambda e: (e[0], e[1], _key(e[2]))):
        if u != v:
            groups.setdefault(frozenset((u, v)), []).append((u, v, data))
    # One drawing call per curvature and category: a call per edge is several times slower.
    batches: dict[tuple[float, str], list[tuple[str, str]]] = {}
    for edges in groups.values():
        count = len(edges)
        for index, (u, v, data) in enumerate(edges):
            rad = 0.0 if count == 1 else -0.3 + 0.6 * index / (count - 1)
            if u > v:  # arcs bend relative to their direction; keep one fan per pair
                rad = -rad
            batches.setdefault((round(rad, 3), edge_category(data)), []).append((u, v))
    canvas = nx.DiGraph()
    canvas.add_nodes_from(sorted(network.nodes))
    nodelist = list(canvas.nodes)
    for (rad, category), edgelist in sorted(batches.items()):
        nx.draw_networkx_edges(
            canvas,
            positions,
            edgelist=edgelist,
            nodelist=nodelist,
            node_size=[sizes[n] for n in nodelist],
            edge_color=EDGE_COLOURS[category],
            style=_edge_style(category),
            width=1.0 if category == RELATION else 1.6,
            arrows=True,
            arrowstyle="-|>",
            arrowsize=9,
            connectionstyle=f"arc3,rad={rad}",
            ax=axes,
        )


def edge_label_texts(network: nx.MultiDiGraph) -> dict[tuple[str, str], str]:
    """Each linked pair's label in the picture: its distinct link names, one per line (at most
    three, then "+N more")."""
    names: dict[tuple[str, str], list[str]] = {}
    for u, v, data in sorted(network.edges(data=True), key=lambda e: (e[0], e[1], _key(e[2]))):
        if u == v:
            continue
        pair = (u, v) if u < v else (v, u)
        name = str(data.get("label", ""))
        if name and name not in names.setdefault(pair, []):
            names[pair].append(name)
    return {
        pair: "\n".join(labels[:3] + ([f"+{len(labels) - 3} more"] if len(labels) > 3 else []))
        for pair, labels in sorted(names.items())
        if labels
    }


def picture_title(network: nx.MultiDiGraph) -> str:
    """The picture's title: counts, and the entities no link reaches (drawn in the bottom
    row), so that they read as explained rather than stray."""
    title = f"{network.number_of_nodes()} entities, {network.number_of_edges()} links"
    alone = sorted(str(network.nodes[n]["label"]) for n in network.nodes if not network.degree(n))
    if alone:
        title += f"; {len(alone)} without links (bottom row): " + ", ".join(alone)
    return f"factcheck entity network: {title}"


def _draw_edge_labels(network: nx.MultiDiGraph, positions: Mapping[str, Any], axes: Any) -> None:
    """Each pair's link names at the middle of its edges, in a small box under the names."""
    for (u, v), text in edge_label_texts(network).items():
        (ax, ay), (bx, by) = positions[u], positions[v]
        axes.text(
            (ax + bx) / 2,
            (ay + by) / 2,
            text,
            fontsize=5.5,
            color="#444444",
            ha="center",
            va="center",
            zorder=4,
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85},
        )


def _key(data: Mapping[str, Any]) -> tuple[str, str]:
    return (str(data.get("kind", "")), str(data.get("claim") or data.get("predicate", "")))


# --------------------------------------------------------------------------- Graphviz DOT


def _dot_id(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def to_dot(network: nx.MultiDiGraph) -> str:
    """Graphviz DOT with the same colours and labels as the pictures, and a legend cluster."""
    lines = [
        f"digraph {_dot_id(network.graph.get('name', 'factcheck'))} {{",
        '  graph [rankdir=LR, overlap=false, splines=true, fontname="Helvetica"];',
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=8];',
    ]
    for node in sorted(network.nodes):
        data = network.nodes[node]
        colour = NODE_COLOURS.get(data["kind"], "#ffffff")
        lines.append(
            f"  {_dot_id(node)} [label={_dot_id(data['label'])}, fillcolor={_dot_id(colour)}, "
            f"tooltip={_dot_id(data.get('type') or data['kind'])}];"
        )
    for u, v, key, data in sorted(network.edges(keys=True, data=True), key=lambda e: e[:3]):
        category = edge_category(data)
        attributes = {
            "label": data.get("label", ""),
            "color": EDGE_COLOURS[category],
            "fontcolor": EDGE_COLOURS[category],
            "style": _edge_style(category),
            "tooltip": _legend_label(category)
            + (f": {data['source']}" if data.get("source") else ""),
        }
        rendered = ", ".join(f"{k}={_dot_id(str(val))}" for k, val in attributes.items())
        lines.append(f"  {_dot_id(u)} -> {_dot_id(v)} [{rendered}];  // {key}")
    lines.extend(_dot_legend(network))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_legend(network: nx.MultiDiGraph) -> Iterable[str]:
    kinds = {d["kind"] for _, d in network.nodes(data=True)}
    categories = {edge_category(d) for _, _, d in network.edges(data=True)}
    yield "  subgraph cluster_legend {"
    yield '    label="legend"; fontsize=10; style=dashed;'
    for kind in (*KINDS, "other"):
        if kind in kinds:
            yield (
                f"    {_dot_id('legend:' + kind)} [label={_dot_id(kind)}, "
                f"fillcolor={_dot_id(NODE_COLOURS[kind])}];"
            )
    for index, (category, colour) in enumerate(EDGE_COLOURS.items()):
        if category in categories:
            a, b = _dot_id(f"legend:edge{index}a"), _dot_id(f"legend:edge{index}b")
            yield f'    {a} [label="", shape=point]; {b} [label="", shape=point];'
            yield (
                f"    {a} -> {b} [label={_dot_id(_legend_label(category))}, "
                f"color={_dot_id(colour)}, style={_edge_style(category)}];"
            )
    yield "  }"


# --------------------------------------------------------------------------- GEXF


def _with_viz(network: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with GEXF ``viz`` colours and positions, so Gephi opens it as we draw it."""
    copy = network.copy()
    positions = layout(network)
    for node, data in copy.nodes(data=True):
        red, green, blue = _rgb(NODE_COLOURS.get(data["kind"], "#ffffff"))
        x, y = positions[node]
        data["viz"] = {
            "color": {"r": red, "g": green, "b": blue, "a": 1.0},
            "position": {"x": round(x * 100, 2), "y": round(y * 100, 2), "z": 0.0},
            "size": 10.0 + 2 * min(network.degree(node), 12),
        }
    for _, _, data in copy.edges(data=True):
        red, green, blue = _rgb(EDGE_COLOURS[edge_category(data)])
        data["viz"] = {"color": {"r": red, "g": green, "b": blue, "a": 1.0}}
    return copy


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


__all__ = [
    "BINARY_FORMATS",
    "DATA_FORMATS",
    "EDGE_COLOURS",
    "EXPORT_FORMATS",
    "NODE_COLOURS",
    "PICTURE_FORMATS",
    "SUFFIXES",
    "draw",
    "edge_category",
    "export",
    "layout",
    "to_dot",
]
