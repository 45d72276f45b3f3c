"""The knowledge graph that reading commands query: facts, vocabulary and computed verdicts.

``validate`` checks fact files as written. Every other reading command (``claims``,
``explain``, ``query``, ``entity``, ``graph``, ``report``, ``export``) works on this enriched
graph: the union of the fact files, the ontology's vocabulary (so labels of properties and
ratings resolve) and the verdict triples computed by ``factcheck.verdicts``. Verdicts are
never read from fact files; they are derived here on every run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from factcheck.loader import FactSet, load, new_graph, parse_file
from factcheck.resources import default_fact_paths, vocabulary_files


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
    return load_kb(list(paths) or None, article=article).graph


def knowledge_graph(paths: Sequence[Path] | None = None, *, with_verdicts: bool = True) -> Graph:
    """Shortcut: the enriched graph for ``paths``."""
    return load_kb(paths, with_verdicts=with_verdicts).graph
