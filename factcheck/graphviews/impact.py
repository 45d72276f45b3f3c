"""The claim dependency graph: which verdicts change if a reference fact or a source is wrong.

Edges run from what is relied on to what relies on it:

- a source document → each claim or fact that cites it (``fc:source``);
- a reference fact → each fact derived from it (``?derived fc:derivedFrom ?fact``, PROV-O's
  ``prov:wasDerivedFrom`` narrowed: https://www.w3.org/TR/prov-o/#wasDerivedFrom);
- a reference fact → each article claim whose verdict uses it (``?claim fc:verdict ?v .
  ?v fc:evidence ?fact``, ``fc:evidence`` being a sub-property of ``prov:used``).

Everything reachable from a fact is what rests on it. A derivation must bottom out in facts
that rest on sources: a cycle of ``fc:derivedFrom`` links is a data error
(``DerivationCycleError``) that names the cycle and where it is written.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck.errors import AmbiguousNameError, DerivationCycleError, NotFoundError

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph
    from rdflib.term import Node

    from factcheck.locate import SourceIndex

_FC = "https://w3id.org/factcheck/ontology#"

CITES = "cites"
DERIVED = "derived from"
EVIDENCE = "evidence"

SOURCE = "source"
ARTICLE_CLAIM = "article claim"
REFERENCE_FACT = "reference fact"
CLAIM = "claim"


@dataclass(frozen=True)
class Impact:
    """One article claim whose verdict rests on the fact asked about."""

    claim: str
    label: str
    verdict: str
    """The claim's computed rating (``misleading`` …)."""
    through: tuple[str, ...]
    """The facts between the one asked about and the claim, nearest first (empty: direct)."""


@dataclass(frozen=True)
class ImpactReport:
    """What rests on one fact or source."""

    target: str
    label: str
    kind: str
    verdicts: tuple[Impact, ...]
    facts: tuple[str, ...]
    """Facts that rest on the target (derived from it, or citing the source), sorted."""


def dependency_graph(graph: Graph) -> nx.DiGraph:
    """Sources, claims and facts as nodes; an edge from each thing to what relies on it.

    One pass over the ``fc:source``, ``fc:derivedFrom``, ``fc:verdict`` and ``fc:evidence``
    triples: linear in their number."""
    from factcheck.graph import paused_gc

    with paused_gc():
        return _dependencies(graph)


def _dependencies(graph: Graph) -> nx.DiGraph:
    import networkx as nx
    from rdflib import RDF, URIRef

    from factcheck.graph import label_of, verdict_of

    fc_source = URIRef(_FC + "source")
    dependencies = nx.DiGraph()

    def add(node: Node, kind: str) -> str:
        key = str(node)
        if key not in dependencies:
            dependencies.add_node(key, kind=kind, label=label_of(graph, node), verdict="")
        return key

    types = {
        URIRef(_FC + "ArticleClaim"): ARTICLE_CLAIM,
        URIRef(_FC + "ReferenceFact"): REFERENCE_FACT,
        URIRef(_FC + "SourceDocument"): SOURCE,
    }
    for cls, kind in types.items():
        for node in graph.subjects(RDF.type, cls):
            add(node, kind)
    for claim in graph.subjects(RDF.subject, None):
        add(claim, CLAIM)
    for claim, source in graph.subject_objects(fc_source):
        dependencies.add_edge(add(source, SOURCE), add(claim, CLAIM), via=CITES)
    for derived, fact in graph.subject_objects(URIRef(_FC + "derivedFrom")):
        dependencies.add_edge(add(fact, REFERENCE_FACT), add(derived, REFERENCE_FACT), via=DERIVED)
    for claim, verdict in graph.subject_objects(URIRef(_FC + "verdict")):
        key = add(claim, ARTICLE_CLAIM)
        dependencies.nodes[key]["verdict"] = verdict_of(graph, claim)
        for fact in graph.objects(verdict, URIRef(_FC + "evidence")):
            dependencies.add_edge(add(fact, REFERENCE_FACT), key, via=EVIDENCE)
    # Sorted, so that ties between equally short chains resolve the same way on every run.
    ordered = nx.DiGraph()
    ordered.add_nodes_from(sorted(dependencies.nodes(data=True), key=lambda n: n[0]))
    ordered.add_edges_from(sorted(dependencies.edges(data=True), key=lambda e: (e[0], e[1])))
    return ordered


def check_derivations(
    dependencies: nx.DiGraph,
    names: Mapping[str, str] | None = None,
    locate: SourceIndex | None = None,
) -> None:
    """Raise ``DerivationCycleError`` if ``fc:derivedFrom`` links anywhere form a cycle.

    ``names`` shortens IRIs for the message; ``locate`` (a ``factcheck.locate.SourceIndex``)
    lets the error point at the file and line of the first link of the cycle.
    """
    import networkx as nx
    from rdflib import URIRef

    derivations = nx.DiGraph(
        (u, v) for u, v, via in dependencies.edges(data="via") if via == DERIVED
    )
    if derivations.number_of_edges() == 0:
        return
    try:
        # Start from the smallest node so the named cycle is the same on every run.
        cycle = nx.find_cycle(derivations, source=sorted(derivations.nodes))
    except nx.NetworkXNoCycle:
        return
    # Dependency edges run fact → derived fact; name the cycle the way the data says it.
    chain = [v for _, v in cycle][::-1]
    chain = _rotate_to_smallest(chain)
    show = [(names or {}).get(n, n) for n in [*chain, chain[0]]]
    location = None
    if locate is not None:
        location = locate.locate(URIRef(chain[0]), URIRef(_FC + "derivedFrom"))
    raise DerivationCycleError(
        f"derivation cycle: {' → '.join(show)} (each is fc:derivedFrom the next)",
        location,
        hint="a fact cannot rest on itself; remove the fc:derivedFrom link that closes the "
        "cycle, or point it at the source figures",
    )


def _rotate_to_smallest(chain: list[str]) -> list[str]:
    start = chain.index(min(chain))
    return chain[start:] + chain[:start]


def find_target(graph: Graph, dependencies: nx.DiGraph, text: str) -> str:
    """The fact, claim or source ``text`` names: ``<IRI>``, an IRI, a prefixed name such as
    ``fcd:ref-su7-deliveries-q2``, or a label (case-insensitive; exact first, else a unique
    partial match). Raises ``NotFoundError`` with suggestions or ``AmbiguousNameError``."""
    wanted = text.strip()
    if wanted.startswith("<") and wanted.endswith(">"):
        wanted = wanted[1:-1]
    if wanted in dependencies:
        return wanted
    prefix, colon, local = wanted.partition(":")
    if colon:
        for bound, namespace in graph.namespaces():
            if bound == prefix and str(namespace) + local in dependencies:
                return str(namespace) + local
    names: dict[str, set[str]] = {}
    for node, data in dependencies.nodes(data=True):
        for name in (data["label"], shorten(graph, node)):
            names.setdefault(name.casefold(), set()).add(node)
    key = wanted.casefold()
    exact = names.get(key, set())
    partial = exact or {n for name, nodes in names.items() if key in name for n in nodes}
    if len(partial) == 1:
        return next(iter(partial))
    if partial:
        shown = sorted(shorten(graph, n) for n in partial)
        more = f" and {len(shown) - 8} more" if len(shown) > 8 else ""
        raise AmbiguousNameError(
            f"{text!r} matches {len(shown)} facts or sources: {', '.join(shown[:8])}{more}",
            hint="give the fact's prefixed name, e.g. fcd:ref-su7-deliveries-q2",
        )
    close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.6)
    # Closest first, as difflib ranks them.
    suggestions = list(
        dict.fromkeys(shorten(graph, n) for name in close for n in sorted(names[name]))
    )
    hint = (
        f"did you mean: {', '.join(suggestions)}?"
        if suggestions
        else "name a reference fact or source by its prefixed name or label, "
        "e.g. fcd:ref-su7-deliveries-q2"
    )
    raise NotFoundError(f"no fact, claim or source named {text!r}", hint=hint)


def shorten(graph: Graph, node: str) -> str:
    """``prefix:local`` for an IRI under a bound namespace."""
    from factcheck.render import shorten as render_shorten

    return render_shorten(node, graph.namespace_manager)


def impact(
    graph: Graph,
    target: str,
    *,
    dependencies: nx.DiGraph | None = None,
    locate: SourceIndex | None = None,
) -> ImpactReport:
    """Every article claim whose verdict rests on ``target`` (a fact, claim or source IRI),
    directly or through derived facts, with the shortest chain that links them."""
    import networkx as nx

    deps = dependencies if dependencies is not None else dependency_graph(graph)
    check_derivations(deps, {n: shorten(graph, n) for n in deps.nodes}, locate)
    if target not in deps:
        raise NotFoundError(f"no fact, claim or source {target}")
    chains = nx.single_source_shortest_path(deps, target)
    verdicts = []
    facts = []
    for node in chains:
        if node == target:
            continue
        data = deps.nodes[node]
        if data["kind"] != ARTICLE_CLAIM:
            facts.append(node)
            continue
        # A verdict rests on what it uses as evidence; an article claim citing a source does not
        # make its verdict rest on that source.
        used = [
            chains[p]
            for p in deps.predecessors(node)
            if p in chains and deps.edges[p, node].get("via") == EVIDENCE
        ]
        if used and data.get("verdict"):
            chain = min(used, key=lambda c: (len(c), c))
            verdicts.append(Impact(node, data["label"], data["verdict"], tuple(chain[1:])))
    verdicts.sort(key=lambda i: (len(i.through), i.claim))
    info = deps.nodes[target]
    return ImpactReport(
        target=target,
        label=info["label"],
        kind=info["kind"],
        verdicts=tuple(verdicts),
        facts=tuple(sorted(facts)),
    )


def source_index(files: Mapping[Path, Graph], graph: Graph) -> SourceIndex:
    """A ``SourceIndex`` over the fact files, for file:line in cycle errors."""
    from factcheck.locate import SourceIndex

    return SourceIndex.from_graphs(dict(files), graph)


__all__ = [
    "Impact",
    "ImpactReport",
    "check_derivations",
    "dependency_graph",
    "find_target",
    "impact",
    "source_index",
]
