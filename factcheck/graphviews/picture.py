"""The entity network as a picture (PNG, SVG), drawn with matplotlib: no system packages needed.

Nodes are coloured by kind, edges by the verdict of the claim they carry, with a legend for both
under the picture. Every entity has its name below it and every linked pair its link names on
its link, and no two of these names overlap: after the layout, the renderer measures each box
and ``factcheck.graphviews.labels`` slides link names along or beside their links, the figure
growing where they do not fit. An SVG keeps its words as ``<text>``
(https://www.w3.org/TR/SVG2/text.html), with a list of fallback fonts.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, cast

from factcheck.graph import KINDS, RELATION
from factcheck.graphviews.labels import Box, Label, overlapping, place
from factcheck.graphviews.layout import (
    EDGE_COLOURS,
    NODE_COLOURS,
    edge_category,
    edge_style,
    layout,
    legend_label,
)

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

PICTURE_FORMATS = ("png", "svg")
PICTURE_STYLE: dict[str, Any] = {
    "svg.fonttype": "none",  # words as <text>: selectable, searchable, a fraction of the size
    "svg.hashsalt": "factcheck",  # stable ids, so the SVG diffs cleanly
    "font.family": ["sans-serif"],
    # The first is what matplotlib measures with (it ships with matplotlib); an SVG viewer
    # without it takes the next it has. The others are no wider, so no label grows into another.
    "font.sans-serif": [
        "DejaVu Sans",
        "Bitstream Vera Sans",
        "Liberation Sans",
        "Arial",
        "Helvetica",
    ],
}
"""Settings for the pictures, applied only while one is drawn (never to the caller's
matplotlib)."""

DPI = 120
"""Pixels per inch of the PNG, and of the figure the names are measured on."""

GROWTH = 1.2
MAX_GROWTH_STEPS = 8
"""When some names do not fit, the figure grows by ``GROWTH`` (the text stays the same size, so
the entities spread apart), at most this many times."""


@dataclass
class Picture:
    """A drawn network: the figure, and its text boxes by role, for placing and checking."""

    figure: Figure
    axes: Axes
    entity_names: dict[str, Text]
    link_names: dict[tuple[str, str], Text]
    positions: dict[str, tuple[float, float]]
    sizes: dict[str, float]
    grown: int = 0
    """How many times the figure was enlarged to make room for the names."""

    def boxes(self) -> tuple[dict[str, Box], dict[tuple[str, str], Box]]:
        """Every name's box as drawn (white background included), in display pixels.

        Lays the figure out first (a draw that paints nothing), so the boxes are the renderer's
        own."""
        self.figure.draw_without_rendering()
        renderer = self.figure.canvas.get_renderer()  # type: ignore[attr-defined]
        return (
            {n: _box(t, renderer) for n, t in self.entity_names.items()},
            {p: _box(t, renderer) for p, t in self.link_names.items()},
        )

    def centre(self, node: str) -> tuple[float, float]:
        """Where an entity's marker is drawn, in display pixels."""
        x, y = self.axes.transData.transform(self.positions[node])
        return float(x), float(y)


def draw(network: nx.MultiDiGraph, fmt: str = "png") -> bytes:
    """A picture of the network (PNG at 120 dpi, or SVG with its words as ``<text>``): labelled
    nodes coloured by kind, edges coloured by verdict, parallel claims drawn as separate arcs,
    legends for both, and no two names overlapping."""
    if fmt not in PICTURE_FORMATS:
        raise ValueError(f"unknown picture format {fmt!r}")
    with drawing(network) as picture:
        buffer = io.BytesIO()
        metadata = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
        picture.figure.savefig(buffer, format=fmt, dpi=DPI, metadata=metadata)
    return buffer.getvalue()


@contextmanager
def drawing(network: nx.MultiDiGraph) -> Iterator[Picture]:
    """The network drawn (``compose``) with ``PICTURE_STYLE``, which holds until the block ends;
    the figure is closed then."""
    import matplotlib

    matplotlib.use("Agg")  # never open a window; works without a display
    import matplotlib.pyplot as plt

    with matplotlib.rc_context(cast(Any, PICTURE_STYLE)):
        picture = compose(network)
        try:
            yield picture
        finally:
            plt.close(picture.figure)


def compose(network: nx.MultiDiGraph) -> Picture:
    """The network drawn on a figure (not saved), its names placed so that none overlaps
    another. ``drawing`` calls it with the pictures' style and closes the figure."""
    import matplotlib.pyplot as plt
    import networkx as nx

    positions = layout(network)
    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    width_units = max(xs) - min(xs) + 1
    height_units = max(ys) - min(ys) + 1
    scale = 16 / max(width_units, height_units, 1)
    figsize = (max(8.0, width_units * scale + 3.5), max(6.0, height_units * scale + 1.2))

    figure, axes = plt.subplots(figsize=figsize, dpi=DPI, layout="constrained")
    axes.set_axis_off()
    axes.set_title(textwrap.fill(picture_title(network), 140), fontsize=12, loc="left")

    nodes = sorted(network.nodes)
    sizes = {n: 260 + 70 * min(network.degree(n), 12) for n in nodes}
    _draw_edges(network, positions, sizes, axes)
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
    # Names sit just below their node (an offset in points, so it holds as the figure grows),
    # in opaque boxes above the edges: no line crosses a name, even at a busy hub.
    entity_names: dict[str, Text] = {
        n: axes.annotate(
            textwrap.fill(network.nodes[n]["label"], 24),
            positions[n],
            xytext=(0, -(math.sqrt(sizes[n]) / 2 + 1)),
            textcoords="offset points",
            fontsize=7,
            ha="center",
            va="top",
            zorder=5,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 1.0},
        )
        for n in nodes
    }
    link_names = {
        pair: axes.text(
            *positions[pair[0]],
            text,
            fontsize=5.5,
            color="#444444",
            ha="center",
            va="center",
            zorder=4,
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85},
        )
        for pair, text in edge_label_texts(network).items()
    }
    for text in link_names.values():
        # Always between two entities, so inside the axes: the layout need not measure them
        # (it measures every text it is given, and most of the time goes there).
        text.set_in_layout(False)
    _legends(network, nodes, axes)
    picture = Picture(figure, axes, entity_names, link_names, positions, sizes)
    _place_link_names(picture)
    return picture


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
            style=edge_style(category),
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


def _legends(network: nx.MultiDiGraph, nodes: list[str], axes: Axes) -> None:
    """Both legends side by side under the picture, not pushed into far corners."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    kinds_present = {network.nodes[n]["kind"] for n in nodes}
    node_legend: list[Artist] = [
        Patch(facecolor=NODE_COLOURS[k], edgecolor="#333333", label=k)
        for k in (*KINDS, "other")
        if k in kinds_present
    ]
    categories = {edge_category(d) for _, _, d in network.edges(data=True)}
    edge_legend: list[Artist] = [
        Line2D([0], [0], color=colour, lw=2, linestyle=edge_style(cat), label=legend_label(cat))
        for cat, colour in EDGE_COLOURS.items()
        if cat in categories
    ]
    specs: list[tuple[list[Artist], str, Literal["upper right", "upper left"], int]] = [
        (node_legend, "entities", "upper right", 5),
        (edge_legend, "links", "upper left", 4),
    ]
    legends = [
        axes.legend(
            handles=handles,
            title=title,
            loc=loc,
            bbox_to_anchor=(0.5, 0.0),
            ncol=min(len(handles), columns) or 1,
            fontsize=8,
            title_fontsize=9,
            frameon=False,
        )
        for handles, title, loc, columns in specs
    ]
    axes.add_artist(legends[0])  # the second legend() replaced it as the axes' own legend


def _place_link_names(picture: Picture) -> None:
    """Move each link name to a spot on or beside its link where it overlaps no other name
    (``factcheck.graphviews.labels``); enlarge the figure while entity names overlap each other
    or some link name finds no spot. The layout is then frozen, so saving cannot move the axes
    from under the names."""
    figure = picture.figure
    for step in range(MAX_GROWTH_STEPS + 1):
        names, links = picture.boxes()
        pairs = list(picture.link_names)
        labels = [
            Label(
                picture.centre(u),
                picture.centre(v),
                links[(u, v)].x1 - links[(u, v)].x0,
                links[(u, v)].y1 - links[(u, v)].y0,
            )
            for u, v in pairs
        ]
        clear = not overlapping(list(names.values()))
        last = step == MAX_GROWTH_STEPS
        spots: list[Box | None] = []
        if clear or last:  # else the figure grows anyway: placing now would be wasted
            markers = [_marker(picture, n) for n in picture.entity_names]
            spots = place(labels, list(names.values()), markers)
        if last or (clear and all(spots)):
            break
        width, height = figure.get_size_inches()
        figure.set_size_inches(width * GROWTH, height * GROWTH)
        picture.grown += 1
    to_data = picture.axes.transData.inverted()
    for (u, v), label, spot in zip(pairs, labels, spots, strict=True):
        # A name with no free spot (only after the figure stopped growing) stays mid-link.
        x, y = (
            spot.centre
            if spot
            else ((label.start[0] + label.end[0]) / 2, (label.start[1] + label.end[1]) / 2)
        )
        picture.link_names[(u, v)].set_position(tuple(to_data.transform((x, y))))
    figure.set_layout_engine("none")


def _box(text: Text, renderer: Any) -> Box:
    patch = text.get_bbox_patch()
    extent = (patch if patch is not None else text).get_window_extent(renderer)
    return Box(float(extent.x0), float(extent.y0), float(extent.x1), float(extent.y1))


def _marker(picture: Picture, node: str) -> Box:
    """The box around an entity's round marker (``node_size`` is its area in points²)."""
    radius = math.sqrt(picture.sizes[node]) / 2 * picture.figure.dpi / 72
    x, y = picture.centre(node)
    return Box.around(x, y, 2 * radius, 2 * radius)


def _key(data: Mapping[str, Any]) -> tuple[str, str]:
    return (str(data.get("kind", "")), str(data.get("claim") or data.get("predicate", "")))


__all__ = [
    "PICTURE_STYLE",
    "Picture",
    "compose",
    "draw",
    "drawing",
    "edge_label_texts",
    "picture_title",
]
