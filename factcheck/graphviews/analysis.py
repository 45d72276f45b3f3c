"""Questions the entity network answers: how two entities connect, what is around one, and
which entities matter most.

Paths are shortest simple paths (networkx ``shortest_simple_paths``, Yen's algorithm) over the
network read in both directions; each hop keeps every edge joining its two entities, the most
trustworthy first, and says which way the fact runs. Centrality is degree, betweenness
(Brandes) on the undirected network and PageRank on the directed one:
https://networkx.org/documentation/stable/reference/algorithms/centrality.html
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from factcheck.graph import ARTICLE_CLAIM, CLAIM, CLAIMANT_LABEL, EDGE_KINDS, MENTION, RELATION

if TYPE_CHECKING:
    import networkx as nx


# --------------------------------------------------------------------------- paths


@dataclass(frozen=True)
class Hop:
    """One step of a path: from ``start`` to ``end`` over the edges joining them."""

    start: str
    end: str
    edges: tuple[dict[str, Any], ...]
    """Edge attributes (plus ``forward``: does the edge run start → end?), best first."""

    @property
    def best(self) -> dict[str, Any]:
        return self.edges[0]


_TIES = 50
"""How many extra paths of the same length to weigh before choosing among them."""


def shortest_paths(
    network: nx.MultiDiGraph, start: str, end: str, limit: int = 1
) -> list[list[Hop]]:
    """Up to ``limit`` shortest simple paths between two entities, edges read both ways.

    Paths are node sequences, shortest first. Among paths of the same length, the one whose
    hops rest on more trustworthy edges comes first (a reference fact before a relation
    before an article claim; see ``EDGE_KINDS``), then by node IRIs. Each hop lists every
    edge between its two nodes, the most trustworthy first.
    """
    import itertools

    import networkx as nx

    undirected = simple_undirected(network)
    if start == end or limit < 1:
        return []
    candidates: list[list[Hop]] = []
    try:
        for nodes in nx.shortest_simple_paths(undirected, start, end):
            # Paths come shortest first: stop once past the limit and past the ties with it.
            if len(candidates) >= limit and (
                len(nodes) - 1 > len(candidates[limit - 1]) or len(candidates) >= limit + _TIES
            ):
                break
            candidates.append([_hop(network, u, v) for u, v in itertools.pairwise(nodes)])
    except nx.NetworkXNoPath:
        return []
    candidates.sort(key=lambda path: (len(path), _distrust(path), [h.end for h in path]))
    return candidates[:limit]


def _distrust(path: list[Hop]) -> int:
    return sum(_edge_rank(hop.best)[0] * 2 + _edge_rank(hop.best)[1] for hop in path)


def simple_undirected(network: nx.MultiDiGraph) -> nx.Graph:
    """The network as a simple undirected graph: one edge per linked pair, no self-loops."""
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(sorted(network.nodes))
    simple.add_edges_from(sorted((u, v) for u, v in network.edges() if u != v))
    return simple


def _edge_rank(edge: dict[str, Any]) -> tuple[int, bool, str, str]:
    kind = edge.get("kind", CLAIM)
    order = EDGE_KINDS.index(kind) if kind in EDGE_KINDS else len(EDGE_KINDS)
    # "is quoted about" says less than the claim itself, so it comes after a direct edge.
    indirect = edge.get("label") == CLAIMANT_LABEL
    return (order, indirect, str(edge.get("label", "")), str(edge.get("claim", "")))


def _hop(network: nx.MultiDiGraph, start: str, end: str) -> Hop:
    edges: list[dict[str, Any]] = []
    for u, v, forward in ((start, end, True), (end, start, False)):
        for data in (network.get_edge_data(u, v) or {}).values():
            edges.append({**data, "forward": forward})
    edges.sort(key=_edge_rank)
    return Hop(start, end, tuple(edges))


def describe_edge(network: nx.MultiDiGraph, start: str, end: str, edge: Mapping[str, Any]) -> str:
    """``A — label → B`` when the edge runs from start to end, else ``A ← label — B``."""
    a = network.nodes[start]["label"]
    b = network.nodes[end]["label"]
    label = edge.get("label", "")
    return f"{a} — {label} → {b}" if edge.get("forward", True) else f"{a} ← {label} — {b}"


def provenance(edge: Mapping[str, Any]) -> str:
    """Where an edge comes from, for a reader: the source, and the verdict of an article claim."""
    source = edge.get("source") or "no source given"
    if edge.get("kind") == RELATION:
        return str(source)
    if edge.get("kind") == MENTION:
        from factcheck.render import shorten

        claims = [shorten(c) for c in str(edge.get("claim", "")).split()]
        shown = ", ".join(claims[:3]) + (", …" if len(claims) > 3 else "")
        return f"in {len(claims)} of its claims: {shown}"
    text = f"source: {source}"
    if edge.get("kind") == ARTICLE_CLAIM:
        text += f"; article claim, verdict: {edge.get('verdict') or 'none'}"
    return text


def format_path(network: nx.MultiDiGraph, path: list[Hop]) -> list[str]:
    """One sentence per hop, each with its source; other edges of the hop follow as "also"."""
    lines = []
    for hop in path:
        line = f"{describe_edge(network, hop.start, hop.end, hop.best)} ({provenance(hop.best)})"
        others = _distinct_labels(hop.edges[1:], exclude=hop.best)
        if others:
            line += f"; also: {', '.join(others)}"
        lines.append(line)
    return lines


def _distinct_labels(edges: tuple[dict[str, Any], ...], exclude: Mapping[str, Any]) -> list[str]:
    seen = {(exclude.get("label"), exclude.get("forward"))}
    labels = []
    for edge in edges:
        key = (edge.get("label"), edge.get("forward"))
        if key not in seen:
            seen.add(key)
            arrow = "→" if edge.get("forward") else "←"
            labels.append(f"{arrow} {edge.get('label')}")
    return labels


# --------------------------------------------------------------------------- neighbourhood


@dataclass(frozen=True)
class TreeLine:
    """One line of a neighbourhood tree."""

    depth: int
    node: str
    labels: tuple[str, ...]
    """How the node connects to its parent, each as ``→ label`` or ``← label``."""


def neighborhood(network: nx.MultiDiGraph, root: str, depth: int = 1) -> list[TreeLine]:
    """Breadth-first tree of entities within ``depth`` hops of ``root``, edges read both ways.

    Each entity appears once, under the first neighbour that reaches it; children are sorted
    by label so the tree is stable.
    """
    lines = [TreeLine(0, root, ())]
    seen = {root}
    frontier = [(root, lines[0])]
    children_of: dict[str, list[TreeLine]] = {}
    for level in range(1, max(depth, 0) + 1):
        next_frontier = []
        for node, _ in frontier:
            children = []
            for other in sorted(_neighbours(network, node), key=lambda n: _sort_key(network, n)):
                if other in seen:
                    continue
                seen.add(other)
                labels = tuple(_connection_labels(network, node, other))
                line = TreeLine(level, other, labels)
                children.append(line)
                next_frontier.append((other, line))
            children_of[node] = children
        frontier = next_frontier

    ordered: list[TreeLine] = []

    def walk(line: TreeLine) -> None:
        ordered.append(line)
        for child in children_of.get(line.node, []):
            walk(child)

    walk(lines[0])
    return ordered


def _neighbours(network: nx.MultiDiGraph, node: str) -> set[str]:
    return (set(network.successors(node)) | set(network.predecessors(node))) - {node}


def _sort_key(network: nx.MultiDiGraph, node: str) -> tuple[str, str]:
    return (network.nodes[node]["label"].casefold(), node)


def _connection_labels(network: nx.MultiDiGraph, start: str, end: str) -> Iterator[str]:
    hop = _hop(network, start, end)
    groups: dict[tuple[bool, str], list[dict[str, Any]]] = {}
    for edge in hop.edges:
        groups.setdefault((edge["forward"], edge.get("label", "")), []).append(edge)
    for (forward, label), edges in sorted(groups.items(), key=lambda g: (not g[0][0], g[0][1])):
        arrow = "→" if forward else "←"
        text = f"{arrow} {label}"
        if all(e.get("kind") == ARTICLE_CLAIM for e in edges):
            verdicts = sorted({e.get("verdict") or "no verdict" for e in edges})
            text += f" [article only: {', '.join(verdicts)}]"
        yield text


def format_tree(network: nx.MultiDiGraph, lines: list[TreeLine]) -> str:
    """An indented tree: the root, then ``→ label`` / ``← label`` before each neighbour."""
    out = []
    for line in lines:
        data = network.nodes[line.node]
        name = f"{data['label']} ({data.get('type') or data['kind']})"
        if line.depth == 0:
            out.append(name)
        else:
            out.append("    " * line.depth + f"{' · '.join(line.labels)}  {name}")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- centrality


@dataclass(frozen=True)
class Centrality:
    """How central one entity is."""

    node: str
    label: str
    kind: str
    degree: int
    """Edges at the node, both directions, parallel claims counted."""
    neighbours: int
    """Distinct entities it is linked to."""
    betweenness: float
    """Share of shortest paths between other entities that pass through it (normalised)."""
    pagerank: float
    """PageRank on the directed network: importance flows from subject to object."""


CENTRALITY_ORDER = ("degree", "betweenness", "pagerank")


def centrality(network: nx.MultiDiGraph, by: str = "degree") -> list[Centrality]:
    """Every entity with degree, betweenness and PageRank, most central first by ``by``."""
    import networkx as nx

    if network.number_of_nodes() == 0:
        return []
    undirected = simple_undirected(network)
    betweenness = nx.betweenness_centrality(undirected, normalized=True)
    pagerank = nx.pagerank(network) if network.number_of_edges() else {}
    rows = [
        Centrality(
            node=node,
            label=data["label"],
            kind=data.get("type") or data["kind"],
            degree=int(network.degree(node)),
            neighbours=len(_neighbours(network, node)),
            betweenness=float(betweenness.get(node, 0.0)),
            pagerank=float(pagerank.get(node, 1.0 / network.number_of_nodes())),
        )
        for node, data in network.nodes(data=True)
    ]
    if by not in CENTRALITY_ORDER:
        raise ValueError(f"unknown centrality {by!r}")
    others = [m for m in CENTRALITY_ORDER if m != by]
    # Rounded for sorting: the last bits of a float depend on summation order, and ties must
    # break by name, not by noise.
    rows.sort(
        key=lambda r: (
            -round(getattr(r, by), 9),
            -round(getattr(r, others[0]), 9),
            -round(getattr(r, others[1]), 9),
            r.label.casefold(),
            r.node,
        )
    )
    return rows


__all__ = [
    "CENTRALITY_ORDER",
    "Centrality",
    "Hop",
    "TreeLine",
    "centrality",
    "describe_edge",
    "format_path",
    "format_tree",
    "neighborhood",
    "provenance",
    "shortest_paths",
    "simple_undirected",
]
