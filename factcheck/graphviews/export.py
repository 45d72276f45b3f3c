"""The entity network written out: data formats for other tools, and pictures for people.

Data: GraphML (http://graphml.graphdrawing.org/), GEXF 1.2 (https://gexf.net/, with colours and
positions for Gephi), node-link JSON (networkx's ``node_link_data``) and Graphviz DOT
(https://graphviz.org/doc/info/lang.html) written here, so no Graphviz binding is needed; run
``dot -Tsvg`` on it where Graphviz is installed. Pictures (PNG, SVG) come from
``factcheck.graphviews.picture``; colours and positions from ``factcheck.graphviews.layout``, so
the DOT and GEXF files look like the pictures.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from factcheck.graph import KINDS
from factcheck.graphviews.layout import (
    EDGE_COLOURS,
    NODE_COLOURS,
    edge_category,
    edge_style,
    layout,
    legend_label,
)
from factcheck.graphviews.picture import PICTURE_FORMATS, draw, edge_label_texts, picture_title

if TYPE_CHECKING:
    import networkx as nx

DATA_FORMATS = ("graphml", "gexf", "json", "dot")
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
            "style": edge_style(category),
            "tooltip": legend_label(category)
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
                f"    {a} -> {b} [label={_dot_id(legend_label(category))}, "
                f"color={_dot_id(colour)}, style={edge_style(category)}];"
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
    "edge_label_texts",
    "export",
    "layout",
    "picture_title",
    "to_dot",
]
