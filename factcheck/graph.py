"""The knowledge graph as a network of entities, and the questions a network answers.

``project`` turns the RDF knowledge base (``factcheck.kb``) into a networkx ``MultiDiGraph``
(https://networkx.org/documentation/stable/reference/classes/multidigraph.html):

- **Nodes** are entities: resources typed as organisations, people, vehicles, events, places,
  concepts, platforms or programmes (any subclass of them in the vocabulary counts), keyed by
  IRI, with ``label``, ``kind`` (the colour group) and ``type`` (the most specific class).
- **Edges** run subject → object. A claim or reference fact whose ``rdf:object`` is an entity
  becomes one edge keyed by the claim's IRI, carrying its ``kind`` (article claim, reference
  fact), ``source`` and, for article claims, the ``verdict``. A plain triple between two
  entities (``fc:variantOf``, ``schema:about``, ``fc:requires`` …) is a ``relation`` edge
  whose source is the fact file that states it.

Facts whose value is a literal or a quantity stay out of the network; ``facts`` on a node
counts them. Every attribute is a string or a number, so the graph exports to GraphML and
GEXF as it is. ``find_entity`` resolves the names people type. Paths, neighbourhoods and
centrality are in ``factcheck.graphviews.analysis``, the claim dependency graph in
``factcheck.graphviews.impact`` and pictures in ``factcheck.graphviews.picture``.
"""

from __future__ import annotations

import difflib
import gc
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.errors import AmbiguousNameError, EmptyGraphError, NotFoundError

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph
    from rdflib.term import Node

    from factcheck.kb import KnowledgeBase

_FC = "https://w3id.org/factcheck/ontology#"
_SCHEMA = "https://schema.org/"

ENTITY_ROOTS: tuple[tuple[str, str], ...] = (
    (_FC + "Person", "person"),
    (_SCHEMA + "Person", "person"),
    (_FC + "Organization", "organisation"),
    (_SCHEMA + "Organization", "organisation"),
    (_FC + "VehicleModel", "vehicle"),
    (_SCHEMA + "Vehicle", "vehicle"),
    (_FC + "Event", "event"),
    (_SCHEMA + "Event", "event"),
    (_SCHEMA + "Place", "place"),
    (_FC + "Platform", "platform"),
    (_FC + "BroadcastProgram", "programme"),
    (_FC + "Concept", "concept"),
    (_FC + "SourceDocument", "document"),
)
"""Classes whose instances (and their subclasses' instances) are entities, with their kind.

Where a class reaches several roots, the first listed wins (a social-media post is an event)."""

KINDS = (
    "person",
    "organisation",
    "vehicle",
    "event",
    "place",
    "platform",
    "programme",
    "concept",
    "document",
)
"""Entity kinds in legend order; ``other`` is an untyped IRI that a claim names."""

CLAIMANT_LABEL = "is quoted about"
"""Label of the edge from a claim's claimant (``fc:claimant``) to the claim's subject."""

MENTION_LABEL = "makes claims about"
"""Label of the edge from a source document to an entity its claims are about
(``with_documents``)."""

ARTICLE_CLAIM = "article claim"
REFERENCE_FACT = "reference fact"
RELATION = "relation"
CLAIM = "claim"
MENTION = "document mention"
EDGE_KINDS = (REFERENCE_FACT, RELATION, ARTICLE_CLAIM, CLAIM, MENTION)
"""Edge kinds, most trustworthy first: a path prefers a reference fact over the article."""

# Plain triples that are bookkeeping, not relations between entities.
_NOT_RELATIONS = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    "http://www.w3.org/2000/01/rdf-schema#seeAlso",
    "http://www.w3.org/2002/07/owl#sameAs",
}


# --------------------------------------------------------------------------- projection


def project(kb: KnowledgeBase) -> nx.MultiDiGraph:
    """Project the knowledge base's graph into an entity network (see the module docstring)."""
    return project_graph(kb.graph, facts=kb.facts.graph, files=kb.facts.graphs)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building a network.

    Building allocates many small objects, and each collection they trigger walks every object
    of the loaded RDF graph too; on 400k triples that tripled the time. Nothing built here is
    cyclic garbage, so nothing is lost by collecting later.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def project_graph(
    graph: Graph,
    *,
    facts: Graph | None = None,
    files: Mapping[Path, Graph] | None = None,
) -> nx.MultiDiGraph:
    """Project ``graph`` (facts ∪ vocabulary ∪ verdicts) into an entity network.

    ``facts`` is the fact files' own graph: an individual typed only in the vocabulary (an
    enumeration value nobody uses) is not an entity of the story. ``files`` maps each fact file
    to its graph, so that a relation edge can name the file that states it. Every step is one
    pass over a slice of the triples, so the cost is linear in their number.
    """
    with paused_gc():
        return _project(graph, facts, files)


def _project(
    graph: Graph, facts: Graph | None, files: Mapping[Path, Graph] | None
) -> nx.MultiDiGraph:
    import networkx as nx
    from rdflib import RDF, RDFS, URIRef

    mentioned = facts if facts is not None else graph
    label = _Labels(graph)
    network = nx.MultiDiGraph()
    kinds = _class_kinds(graph)
    for cls, kind in kinds.items():
        for entity in graph.subjects(RDF.type, URIRef(cls)):
            if not isinstance(entity, URIRef) or entity in network:
                continue
            if (entity, None, None) not in mentioned and (None, None, entity) not in mentioned:
                continue
            network.add_node(
                str(entity),
                label=label(entity),
                kind=kind,
                type=_most_specific_type(graph, entity, kinds),
                facts=0,
            )

    statements = set(graph.subjects(RDF.subject, None))
    for statement in sorted(statements, key=str):
        subject = graph.value(statement, RDF.subject)
        obj = graph.value(statement, RDF.object)
        predicate = graph.value(statement, RDF.predicate)
        if not isinstance(subject, URIRef) or predicate is None:
            continue
        entity_valued = isinstance(obj, URIRef) and not _is_non_entity(graph, obj, kinds)
        if entity_valued and isinstance(obj, URIRef):
            for end in (subject, obj):
                if str(end) not in network and not _is_non_entity(graph, end, kinds):
                    network.add_node(str(end), label=label(end), kind="other", type="", facts=0)
        elif str(subject) in network:
            network.nodes[str(subject)]["facts"] += 1
        attributes = _claim_attributes(graph, statement, predicate, label)
        if entity_valued and str(subject) in network and str(obj) in network:
            network.add_edge(str(subject), str(obj), key=str(statement), **attributes)
        for claimant in sorted(graph.objects(statement, URIRef(_FC + "claimant")), key=str):
            if str(claimant) in network and str(subject) in network and claimant != subject:
                network.add_edge(
                    str(claimant),
                    str(subject),
                    key=f"{statement}#claimant",
                    **{**attributes, "label": CLAIMANT_LABEL, "predicate": _FC + "claimant"},
                )

    file_of = _relation_files(files or {}, network)
    for node in list(network.nodes):
        entity = URIRef(node)
        for predicate, obj in graph.predicate_objects(entity):
            if str(obj) not in network or str(predicate) in _NOT_RELATIONS:
                continue
            if predicate in (RDF.subject, RDF.object, RDFS.subClassOf):
                continue
            where = file_of.get((node, str(predicate), str(obj)), "")
            network.add_edge(
                node,
                str(obj),
                key=str(predicate),
                label=label(predicate),
                predicate=str(predicate),
                kind=RELATION,
                claim="",
                claim_label="",
                source=f"stated in {where}" if where else "stated in the knowledge base",
                source_iri="",
                verdict="",
            )
    # A document is part of the story through its author or publisher; the rest are noise.
    network.remove_nodes_from(
        [
            n
            for n, d in network.nodes(data=True)
            if d["kind"] == "document" and not network.degree(n)
        ]
    )
    network.graph["name"] = "factcheck entity network"
    return canonical(network)


def with_documents(graph: Graph, network: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The network plus, for each source document, an edge to every entity that a claim
    citing it is about (as ``rdf:subject`` or ``rdf:object``).

    Two entities that no fact links may still share a document: the article under review
    makes claims about both Lei Jun and Elon Musk. Such a link says only that, so it is kept
    out of the network itself (it would make every document a hub) and used as a fallback.
    One pass over the ``fc:source`` triples.
    """
    from rdflib import RDF, URIRef

    label = _Labels(graph)
    about: dict[tuple[str, str], list[str]] = {}
    for statement, cited in graph.subject_objects(URIRef(_FC + "source")):
        for end in (graph.value(statement, RDF.subject), graph.value(statement, RDF.object)):
            if end is not None and str(end) in network and end != cited:
                about.setdefault((str(cited), str(end)), []).append(str(statement))
    augmented = network.copy()
    for (document, entity), claims in sorted(about.items()):
        if document not in augmented:
            augmented.add_node(
                document,
                label=label(URIRef(document)),
                kind="document",
                type=label(URIRef(_FC + "SourceDocument")),
                facts=0,
            )
        augmented.add_edge(
            document,
            entity,
            key=f"{document}#about#{entity}",
            label=MENTION_LABEL,
            predicate=_FC + "source",
            kind=MENTION,
            claim=" ".join(sorted(set(claims))),
            claim_label="",
            source=augmented.nodes[document]["label"],
            source_iri=document,
            verdict="",
        )
    return canonical(augmented)


def canonical(network: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with nodes and edges in sorted order.

    rdflib's store iterates in an order that depends on Python's string hashing, which changes
    from run to run; sorting makes exports, pictures and tie-breaks the same on every run.
    """
    ordered = network.__class__()
    ordered.graph.update(network.graph)
    ordered.add_nodes_from(sorted(network.nodes(data=True), key=lambda n: n[0]))
    ordered.add_edges_from(
        sorted(network.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    )
    return ordered


def _class_kinds(graph: Graph) -> dict[str, str]:
    """Every class that is an entity class (a root or below one) → its kind."""
    from rdflib import RDFS, URIRef

    kinds: dict[str, str] = {}
    for root, kind in ENTITY_ROOTS:
        for cls in graph.transitive_subjects(RDFS.subClassOf, URIRef(root)):
            kinds.setdefault(str(cls), kind)
    return kinds


def _most_specific_type(graph: Graph, entity: Node, kinds: Mapping[str, str]) -> str:
    """The label of the entity's entity class that no other of its classes is below."""
    from rdflib import RDF, RDFS

    classes = sorted((c for c in graph.objects(entity, RDF.type) if str(c) in kinds), key=str)
    for cls in classes:
        below = any(
            other != cls and cls in graph.transitive_objects(other, RDFS.subClassOf)
            for other in classes
        )
        if not below:
            return label_of(graph, cls)
    return ""


def _is_non_entity(graph: Graph, node: Node, kinds: Mapping[str, str]) -> bool:
    """True for a typed resource none of whose types is an entity class (a rating, a unit)."""
    from rdflib import RDF

    types = list(graph.objects(node, RDF.type))
    return bool(types) and not any(str(t) in kinds for t in types)


def _claim_attributes(
    graph: Graph, statement: Node, predicate: Node, label: _Labels
) -> dict[str, Any]:
    from rdflib import RDF, URIRef

    fc = _FC
    types = set(graph.objects(statement, RDF.type))
    if URIRef(fc + "ArticleClaim") in types:
        kind = ARTICLE_CLAIM
    elif URIRef(fc + "ReferenceFact") in types:
        kind = REFERENCE_FACT
    else:
        kind = CLAIM
    sources = sorted(graph.objects(statement, URIRef(fc + "source")), key=str)
    return {
        "label": label(predicate),
        "predicate": str(predicate),
        "kind": kind,
        "claim": str(statement),
        "claim_label": label_of(graph, statement),
        "source": "; ".join(label(s) for s in sources),
        "source_iri": " ".join(str(s) for s in sources),
        "verdict": verdict_of(graph, statement) if kind == ARTICLE_CLAIM else "",
    }


def verdict_of(graph: Graph, claim: Node) -> str:
    """The computed rating of an article claim (``misleading`` …), or ``""`` if none."""
    from rdflib import URIRef

    from factcheck.verdicts import RATINGS

    names = {str(iri): name for name, iri in RATINGS.items()}
    verdict = graph.value(claim, URIRef(_FC + "verdict"))
    rating = graph.value(verdict, URIRef(_FC + "rating")) if verdict is not None else None
    return names.get(str(rating), "") if rating is not None else ""


class _Labels:
    """``label_of`` remembered per node: predicates and sources recur on every claim."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.known: dict[Node, str] = {}

    def __call__(self, node: Node) -> str:
        found = self.known.get(node)
        if found is None:
            found = self.known[node] = label_of(self.graph, node)
        return found


def _relation_files(files: Mapping[Path, Graph], network: nx.MultiDiGraph) -> dict[Any, str]:
    """(subject, predicate, object) of each entity-to-entity triple → the file that states it.

    One pass over each file's triples whose subject is an entity."""
    from rdflib import URIRef

    found: dict[tuple[str, str, str], str] = {}
    for file in sorted(files, key=str):
        for subject, predicate, obj in files[file]:
            if isinstance(obj, URIRef) and str(subject) in network and str(obj) in network:
                found.setdefault((str(subject), str(predicate), str(obj)), Path(file).name)
    return found


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def label_of(graph: Graph, node: Node) -> str:
    """``rdfs:label`` (English or untagged first), else ``schema:name``, else the IRI's local
    name with camelCase split into words."""
    from rdflib import RDFS, Literal, URIRef

    for predicate in (RDFS.label, URIRef(_SCHEMA + "name")):
        labels = [v for v in graph.objects(node, predicate) if isinstance(v, Literal)]
        labels.sort(key=lambda v: (v.language not in (None, "en"), str(v)))
        if labels:
            return str(labels[0])
    text = str(node)
    local = re.split(r"[#/]", text.rstrip("/#"))[-1] or text
    return _CAMEL.sub(" ", local).lower() if not local.startswith(("ref-", "claim-")) else local


def require_entities(network: nx.MultiDiGraph) -> None:
    """Raise ``EmptyGraphError`` when the facts name no entities at all."""
    if network.number_of_nodes() == 0:
        raise EmptyGraphError(
            "the facts name no entities, so there is no graph to look at",
            hint="entities are resources typed fc:Person, fc:Organization, fc:VehicleModel, "
            "fc:Event, schema:Place … (check the PATH, or run 'factcheck validate')",
        )


# --------------------------------------------------------------------------- finding names


def names_of(network: nx.MultiDiGraph, graph: Graph | None = None) -> dict[str, set[str]]:
    """Lower-cased names → entity IRIs: labels, alternate names, IRI local names."""
    from rdflib import URIRef

    names: dict[str, set[str]] = {}
    for node, data in network.nodes(data=True):
        candidates = {data["label"], re.split(r"[#/]", node)[-1]}
        if graph is not None:
            candidates.update(
                str(v) for v in graph.objects(URIRef(node), URIRef(_SCHEMA + "alternateName"))
            )
        for name in candidates:
            if name:
                names.setdefault(name.casefold(), set()).add(node)
    return names


def find_entity(network: nx.MultiDiGraph, name: str, graph: Graph | None = None) -> str:
    """The IRI of the one entity ``name`` means: an exact label, alternate name, IRI or local
    name (case-insensitive) first, else a unique partial match.

    Raises ``NotFoundError`` with "did you mean" suggestions, or ``AmbiguousNameError`` listing
    the candidates.
    """
    require_entities(network)
    wanted = name.strip()
    if wanted in network:
        return wanted
    if graph is not None and ":" in wanted:
        expanded = _expand_prefixed(graph, wanted)
        if expanded in network:
            return expanded
    names = names_of(network, graph)
    key = wanted.casefold()
    exact = names.get(key, set())
    if len(exact) == 1:
        return next(iter(exact))
    partial = exact or {iri for n, iris in names.items() if key and key in n for iri in iris}
    if len(partial) == 1:
        return next(iter(partial))
    if partial:
        labels = sorted(f"{network.nodes[iri]['label']}" for iri in partial)
        raise AmbiguousNameError(
            f"{name!r} matches {len(partial)} entities: {', '.join(labels)}",
            hint="give more of the name, or the entity's IRI",
        )
    close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.6)
    # Closest first, as difflib ranks them.
    suggestions = list(
        dict.fromkeys(network.nodes[iri]["label"] for n in close for iri in sorted(names[n]))
    )
    hint = (
        f"did you mean: {', '.join(suggestions)}?"
        if suggestions
        else "run 'factcheck graph central --limit 0' to list every entity"
    )
    raise NotFoundError(f"no entity named {name!r}", hint=hint)


def _expand_prefixed(graph: Graph, text: str) -> str:
    prefix, _, local = text.partition(":")
    for bound, namespace in graph.namespaces():
        if bound == prefix:
            return str(namespace) + local
    return text


__all__ = [
    "ARTICLE_CLAIM",
    "CLAIM",
    "CLAIMANT_LABEL",
    "EDGE_KINDS",
    "ENTITY_ROOTS",
    "KINDS",
    "MENTION",
    "MENTION_LABEL",
    "REFERENCE_FACT",
    "RELATION",
    "canonical",
    "find_entity",
    "label_of",
    "names_of",
    "project",
    "project_graph",
    "require_entities",
    "verdict_of",
    "with_documents",
]
