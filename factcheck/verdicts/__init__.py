"""Verdicts: each article claim compared with reference facts, with the reasoning written out.

A verdict is computed, never typed in: a rule gathers the reference facts that bear on a claim,
compares values within the claim's stated precision, and writes each step down. The scale
(DESIGN.md, "Verdicts") is supported · contradicted · misleading · misquoted · disputed ·
unverifiable, stored with the vocabulary (``fc:Verdict``, ``fc:Rating``) and mapped onto
schema.org ClaimReview ratings.

- ``core``: figures, dates, quotes, entities, per-unit arithmetic, the framing checks;
- ``kinds``: the claim kinds of ``ontology/claim-kinds.ttl`` (change, comparison, ranking,
  record, share, aggregate);
- ``lookup``: which reference figures are like for like with a claim, and why others are not.

Kind rules run first (a claim's kind says which rule applies), then the figure and other rules;
the first rule with evidence decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef

from factcheck.statements import index_statements
from factcheck.verdicts.core import (
    RATINGS,
    RULES,
    Context,
    Rule,
    Verdict,
    decide,
    verdict_graph,
    verdict_iri,
)
from factcheck.verdicts.kinds import KIND_RULES

if TYPE_CHECKING:
    from factcheck.loader import FactSet

__all__ = [
    "ALL_RULES",
    "RATINGS",
    "SEVERITY",
    "Context",
    "Verdict",
    "combine",
    "compute_verdicts",
    "verdict_graph",
    "verdict_iri",
]

ALL_RULES: tuple[Rule, ...] = (*KIND_RULES, *RULES)
"""Every verdict rule in the order they are tried."""

SEVERITY: tuple[str, ...] = (
    "contradicted",
    "misquoted",
    "misleading",
    "disputed",
    "unverifiable",
    "supported",
)
"""Ratings from most to least severe: a claim made of several parts takes the most severe."""


def combine(ratings: Iterable[str]) -> str:
    """The rating of a claim made of parts: the most severe of theirs (``SEVERITY``).

    No parts at all is ``unverifiable``. An unknown rating is a ``ValueError``.
    """
    given = list(ratings)
    for rating in given:
        if rating not in SEVERITY:
            msg = f"unknown rating {rating!r}; expected one of {', '.join(SEVERITY)}"
            raise ValueError(msg)
    if not given:
        return "unverifiable"
    return min(given, key=SEVERITY.index)


def compute_verdicts(graph: Graph, facts: FactSet | None = None) -> dict[URIRef, Verdict]:
    """A verdict for every ``fc:ArticleClaim`` in ``graph`` (facts ∪ vocabulary)."""
    index = index_statements(graph)
    return {claim.node: decide(claim, index, ALL_RULES) for claim in index.claims()}
