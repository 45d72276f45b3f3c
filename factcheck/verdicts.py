"""Verdicts: each article claim compared with reference facts, with the reasoning written out.

A verdict is computed, never typed in: a rule gathers the reference facts that bear on a claim
(same subject and property, or the facts a computation needs), compares values within the
claim's stated precision, and writes each step down. The scale (DESIGN.md, "Verdicts") is
supported · contradicted · misleading · misquoted · unverifiable, stored with the vocabulary in
``ontology/factcheck.ttl`` (``fc:Verdict``) and mapped onto schema.org ClaimReview ratings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import RDF, Graph, Literal, URIRef

from factcheck.loader import FC, new_graph

if TYPE_CHECKING:
    from factcheck.loader import FactSet

RATINGS: dict[str, URIRef] = {
    "supported": FC.Supported,
    "contradicted": FC.Contradicted,
    "misleading": FC.Misleading,
    "misquoted": FC.Misquoted,
    "unverifiable": FC.Unverifiable,
}
"""Verdict names as the CLI spells them → rating individuals in the ontology."""


@dataclass(frozen=True)
class Verdict:
    """The computed verdict on one article claim."""

    claim: URIRef
    rating: str
    """One of ``RATINGS``."""
    summary: str
    """One sentence: why this rating."""
    rule: str
    """Identifier of the rule that decided, e.g. ``elapsed-time``."""
    reasoning: tuple[str, ...] = ()
    """The steps, computations included, in reading order."""
    evidence: tuple[URIRef, ...] = field(default=())
    """Reference facts used, in the order the reasoning cites them."""


def verdict_iri(claim: URIRef) -> URIRef:
    """The IRI of a claim's verdict node: the claim's IRI with ``#verdict``."""
    return URIRef(f"{claim}#verdict")


def verdict_graph(verdicts: dict[URIRef, Verdict] | Sequence[Verdict]) -> Graph:
    """Verdicts as RDF in the ``fc:`` vocabulary (``fc:verdict``, ``fc:rating`` …)."""
    items = verdicts.values() if isinstance(verdicts, dict) else verdicts
    graph = new_graph()
    for verdict in items:
        node = verdict_iri(verdict.claim)
        graph.add((verdict.claim, FC.verdict, node))
        graph.add((node, RDF.type, FC.Verdict))
        graph.add((node, FC.rating, RATINGS[verdict.rating]))
        graph.add((node, FC.summary, Literal(verdict.summary)))
        graph.add((node, FC.rule, Literal(verdict.rule)))
        if verdict.reasoning:
            graph.add((node, FC.reasoning, Literal("\n".join(verdict.reasoning))))
        for fact in verdict.evidence:
            graph.add((node, FC.evidence, fact))
    return graph


def compute_verdicts(graph: Graph, facts: FactSet | None = None) -> dict[URIRef, Verdict]:
    """A verdict for every ``fc:ArticleClaim`` in ``graph`` (facts ∪ vocabulary)."""
    verdicts: dict[URIRef, Verdict] = {}
    for claim in sorted(set(graph.subjects(RDF.type, FC.ArticleClaim))):
        if not isinstance(claim, URIRef):
            continue
        verdicts[claim] = Verdict(
            claim=claim,
            rating="unverifiable",
            summary="No reference fact bears on this claim.",
            rule="no-evidence",
        )
    return verdicts


__all__ = ["RATINGS", "Verdict", "compute_verdicts", "verdict_graph", "verdict_iri"]
