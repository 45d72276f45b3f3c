"""One article's view of the facts (``--article``): its claims and the entities they reach.

A newsroom project holds many articles (``facts/articles/<id>/``) over one entity registry. A
report, graph, ClaimReview export or ``claims`` run for one article loads the shared files and
that article's folder only, then keeps of the registry just the entities the article's claims
reach (their subjects, what they are compared with or a share of, what those belong to) and the
reference facts about them; every other article and entity is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck.errors import NotFoundError

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

ARTICLES = "articles"
FC = "https://w3id.org/factcheck/ontology#"
DATA = "https://w3id.org/factcheck/data/"
_NOT_ENTITIES = {
    FC + "ArticleClaim",
    FC + "ReferenceFact",
    FC + "Claim",
    FC + "Opinion",
    FC + "SourceDocument",
    FC + "Verdict",
    FC + "CalendarQuarter",
    "http://www.w3.org/2006/time#ProperInterval",
    "http://www.w3.org/2006/time#Instant",
}


def article_files(paths: Sequence[Path], article: str) -> list[Path]:
    """The fact files of ``paths`` that are shared or belong to ``article``'s folder."""
    from factcheck.loader import expand

    files, found = [], False
    for file in expand(list(paths)):
        parts = file.resolve().parts
        if ARTICLES in parts[:-1]:
            index = len(parts) - 1 - parts[::-1].index(ARTICLES)
            if index + 1 < len(parts) - 1:
                if parts[index + 1] != article:
                    continue
                found = True
        files.append(file)
    if not found:
        raise NotFoundError(
            f"no article folder named {article!r}",
            hint="--article takes the name of a folder in facts/articles/",
        )
    return files


def scope_graph(graph: Graph, documents: set[Node]) -> Graph:
    """``graph`` without the claims of other articles and the entities nothing here reaches."""
    from rdflib import RDF, URIRef

    from factcheck.loader import new_graph

    source = URIRef(FC + "source")
    claim_type = URIRef(FC + "ArticleClaim")
    claims = {
        c for c in graph.subjects(RDF.type, claim_type) if graph.value(c, source) in documents
    }
    others = {c for c in graph.subjects(RDF.type, claim_type) if c not in claims} | {
        o
        for o in graph.subjects(RDF.type, URIRef(FC + "Opinion"))
        if graph.value(o, source) not in documents
    }
    entities = {
        s
        for s, t in graph.subject_objects(RDF.type)
        if str(s).startswith(DATA)
        and str(t) not in _NOT_ENTITIES
        and (s, RDF.type, claim_type) not in graph
        and (s, RDF.type, URIRef(FC + "ReferenceFact")) not in graph
    }
    reached: set[Node] = set()
    frontier = [o for c in claims for o in graph.objects(c, None)]
    while frontier:
        node = frontier.pop()
        if node in reached or node not in entities:
            continue
        reached.add(node)
        frontier += [o for o in graph.objects(node, None) if o in entities]
    facts = {
        f
        for f in graph.subjects(RDF.type, URIRef(FC + "ReferenceFact"))
        if graph.value(f, RDF.subject) not in entities or graph.value(f, RDF.subject) in reached
    }
    dropped = others | entities | set(graph.subjects(RDF.type, URIRef(FC + "ReferenceFact")))
    dropped -= reached | facts
    result = new_graph()
    for triple in graph:
        if triple[0] in dropped or triple[2] in dropped:
            continue
        result.add(triple)
    return result


def article_documents(graph: Graph, files: Sequence[Path], article: str) -> set[Node]:
    """The source documents under review declared in ``article``'s folder."""
    from rdflib import URIRef

    from factcheck.loader import parse_file

    kind, under_review = URIRef(FC + "sourceKind"), URIRef(FC + "ArticleUnderReview")
    found: set[Node] = set()
    for file in files:
        if article in file.resolve().parts[:-1]:
            found |= set(parse_file(file).subjects(kind, under_review))
    return found & set(graph.subjects(kind, under_review))
