"""The knowledge graph that reading commands query: facts, vocabulary and computed verdicts.

``validate`` checks fact files as written. Every other reading command (``claims``,
``explain``, ``query``, ``entity``, ``graph``, ``report``, ``export``) works on this enriched
graph: the union of the fact files, the ontology's vocabulary (so labels of properties and
ratings resolve) and the verdict triples computed by ``factcheck.verdicts``. Verdicts are
never read from fact files; they are derived here on every run.

``claims``, ``explain``, ``entity`` and ``query`` read that graph from a ``pyoxigraph.Store``
(``store_knowledge_graph``, ``knowledge_store``): an rdflib graph of millions of triples costs
many times the memory (issue 17). ``load_kb`` builds it in rdflib for the other commands.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from factcheck.loader import FactSet, load, new_graph, parse_file
from factcheck.resources import default_fact_paths, vocabulary_files

if TYPE_CHECKING:
    import pyoxigraph as ox


@dataclass
class KnowledgeBase:
    """Loaded facts plus the graph that reading commands query."""

    facts: FactSet
    graph: Graph
    """Facts ∪ vocabulary ∪ source texts (``fc:fullText``) ∪ computed verdicts."""


def vocabulary_graph() -> Graph:
    """The ontology's vocabulary (every ``ontology/*.ttl`` that is not a shapes file)."""
    graph = new_graph()
    for path in vocabulary_files():
        graph += parse_file(path)
    return graph


def build(facts: FactSet, *, with_verdicts: bool = True) -> KnowledgeBase:
    """Enrich loaded ``facts`` with the vocabulary and, by default, computed verdicts."""
    from factcheck.consistency import enrich

    graph = new_graph()
    graph += facts.graph
    graph += vocabulary_graph()
    graph += enrich(facts)
    if with_verdicts:
        from factcheck.verdicts import compute_verdicts, verdict_graph

        graph += verdict_graph(compute_verdicts(graph, facts))
    return KnowledgeBase(facts=facts, graph=graph)


def load_kb(
    paths: Sequence[Path] | None = None,
    *,
    with_verdicts: bool = True,
    article: str | None = None,
) -> KnowledgeBase:
    """Load fact files (default: ``./facts``) into a knowledge base.

    With ``article``, only the shared files and that article's folder are loaded, and the graph
    keeps just that article's claims and the entities they reach (``factcheck.scope``).
    """
    roots = list(paths) if paths else default_fact_paths()
    if article is None:
        return build(load(roots), with_verdicts=with_verdicts)
    from factcheck.scope import article_documents, article_files, scope_graph

    files = article_files(roots, article)
    kb = build(load(files), with_verdicts=with_verdicts)
    documents = article_documents(kb.graph, files, article)
    kb.graph = scope_graph(kb.graph, documents)
    kb.facts.graph = scope_graph(kb.facts.graph, documents)
    return kb


def remote_graph(endpoint: str, timeout: float) -> Graph:
    """The knowledge graph held by a SPARQL endpoint (after ``factcheck push``).

    Reads every triple of the endpoint's default graph. Verdicts pushed with the facts are used
    as they are; if the store holds none, they are computed here from the fetched facts.
    """
    from factcheck.endpoint import SparqlEndpoint
    from factcheck.loader import FC
    from factcheck.resources import load_query

    graph = new_graph()
    graph += SparqlEndpoint(endpoint, timeout=timeout).construct(load_query("construct-everything"))
    if (None, FC.verdict, None) not in graph:
        from factcheck.verdicts import compute_verdicts, verdict_graph

        graph += verdict_graph(compute_verdicts(graph))
    return graph


def store_knowledge_graph(paths: Sequence[Path] | None = None) -> Graph:
    """The knowledge graph of ``paths`` (default: ``./facts``) read through an Oxigraph store.

    The same triples as ``load_kb(paths).graph`` (facts, vocabulary, source texts, computed
    verdicts), held once, in a ``pyoxigraph.Store`` (``factcheck.factstore``), and read through
    rdflib's API (``factcheck.storegraph``): no rdflib copy of the facts is made.
    """
    from factcheck.factstore import load_store
    from factcheck.storegraph import store_graph
    from factcheck.verdicts import compute_verdicts
    from factcheck.verdicts.core import verdict_triples

    roots = list(paths) if paths else default_fact_paths()
    facts = load_store(roots, lexical=True)
    graph = store_graph(facts.store, lexical=True)
    # Streamed into the store: an rdflib graph of the verdicts would cost more than the facts.
    graph.addN((s, p, o, graph) for s, p, o in verdict_triples(compute_verdicts(graph)))
    return graph


def knowledge_store(paths: Sequence[Path] | None = None, *, with_verdicts: bool = True) -> ox.Store:
    """The knowledge graph of ``paths`` in a ``pyoxigraph.Store``, for SPARQL on Oxigraph.

    Holds what ``load_kb(paths).graph`` holds; without ``with_verdicts`` the computed verdicts
    are left out, for a query that cannot read them (``query.reads_verdicts``). Verdicts are
    computed on a store that keeps literals as written (``factcheck.factstore``), whose
    datatypes are then made real again, so that SPARQL compares numbers and dates as values.
    """
    from factcheck.factstore import load_store, use_real_datatypes
    from factcheck.storegraph import store_graph
    from factcheck.verdicts import compute_verdicts
    from factcheck.verdicts.core import verdict_triples

    roots = list(paths) if paths else default_fact_paths()
    if not with_verdicts:
        return load_store(roots).store
    facts = load_store(roots, lexical=True)
    graph = store_graph(facts.store, lexical=True)
    graph.addN((s, p, o, graph) for s, p, o in verdict_triples(compute_verdicts(graph)))
    del graph
    use_real_datatypes(facts.store)
    return facts.store


def reading_graph(
    paths: Sequence[Path],
    endpoint: str | None = None,
    timeout: float = 30.0,
    article: str | None = None,
) -> Graph:
    """The graph a reading command works on: the endpoint's, or the local files'."""
    if endpoint is not None:
        if paths:
            from factcheck.errors import UsageError

            raise UsageError(
                "give fact files or --endpoint, not both",
                hint="with --endpoint the facts are read from the store",
            )
        return remote_graph(endpoint, timeout)
    if article is not None:
        return load_kb(list(paths) or None, article=article).graph
    return store_knowledge_graph(list(paths) or None)


def knowledge_graph(paths: Sequence[Path] | None = None, *, with_verdicts: bool = True) -> Graph:
    """Shortcut: the enriched graph for ``paths``."""
    return load_kb(paths, with_verdicts=with_verdicts).graph
