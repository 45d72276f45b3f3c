"""Finding the reference figures a rule may use, and saying why the others were set aside.

Every kind's rule asks the same question: what do reference facts say of this subject, this
property, at this time, counting this measure, per this denominator? The answer is split in two:
the facts that are like for like, and the facts set aside with the qualifier that did not match
(period, measure, denominator, the article under review itself). A rule that finds nothing usable
can then name the mismatch instead of saying that no reference fact exists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.term import Node

from factcheck.loader import FC, SCHEMA
from factcheck.statements import Statement, StatementIndex, label, period_days
from factcheck.values import Quantity, date_value


@dataclass(frozen=True)
class When:
    """The time a figure is wanted for: a period IRI or a point in time (or neither)."""

    period: URIRef | None = None
    point: Literal | None = None

    def describe(self, graph: Graph) -> str:
        if self.period is not None:
            return label(graph, self.period)
        if self.point is not None:
            return str(self.point)
        return "any time"


@dataclass
class Lookup:
    """Reference facts for one (subject, property, time, measure, denominator)."""

    usable: list[Statement] = field(default_factory=list)
    set_aside: list[tuple[Statement, str]] = field(default_factory=list)
    """Facts for the same subject and property that did not match, each with the reason."""

    def mismatch_lines(self) -> list[str]:
        return [f"set aside {_short(f.node)}: {reason}" for f, reason in self.set_aside]

    def why(self, graph: Graph, when: When) -> str:
        """Why nothing matched, in a phrase: the other times, or the first other reason."""
        others = [r for f, r in self.set_aside if not at_time(graph, f, when)]
        same_time = [r for f, r in self.set_aside if at_time(graph, f, when)]
        if same_time:
            return same_time[0]
        if others:
            times = sorted({when_of(graph, f).describe(graph) for f, _ in self.set_aside}, key=str)
            shown = ", ".join(times[:6]) + (", …" if len(times) > 6 else "")
            return f"there are figures for {shown}, not for {when.describe(graph)}"
        return "none states it"


def _short(node: URIRef) -> str:
    return "fcd:" + str(node).rsplit("/", 1)[-1] if "/data/" in str(node) else str(node)


def measures(graph: Graph, node: Node | None) -> dict[Node, URIRef]:
    """A statement's measures, by axis (a measure with no axis is its own axis)."""
    found: dict[Node, URIRef] = {}
    if node is None:
        return found
    for measure in graph.objects(node, FC.measure):
        if isinstance(measure, URIRef):
            axis = graph.value(measure, FC.measureAxis)
            found[axis if axis is not None else measure] = measure
    return found


def measure_mismatches(
    graph: Graph, wanted: dict[Node, URIRef], fact: Statement
) -> list[tuple[URIRef, URIRef]]:
    """(wanted, stated) pairs on every axis both state and on which they differ."""
    stated = measures(graph, fact.node)
    return [(m, stated[axis]) for axis, m in wanted.items() if axis in stated and stated[axis] != m]


def denominator(graph: Graph, statement: Statement) -> URIRef | None:
    """The ``fc:per`` of a rate's quantity, if it is one."""
    if isinstance(statement.value, Literal):
        return None
    per = graph.value(statement.value, FC.per)
    return per if isinstance(per, URIRef) else None


def same_denominator(graph: Graph, first: URIRef | None, second: URIRef | None) -> bool:
    """Equal denominators: the same individual, or the same size of the same population."""
    if first == second:
        return True
    if first is None or second is None:
        return False
    size_a, size_b = graph.value(first, FC.denominatorSize), graph.value(second, FC.denominatorSize)
    pop_a = graph.value(first, FC.denominatorPopulation)
    pop_b = graph.value(second, FC.denominatorPopulation)
    if size_a is None or size_b is None or pop_a is None or pop_a != pop_b:
        return False
    return Decimal(str(size_a)) == Decimal(str(size_b))


def is_article_itself(graph: Graph, claim: Statement, fact: Statement) -> bool:
    """True when ``fact`` cites the article under review: it is no evidence for its claims."""
    for source in fact.sources:
        if source in claim.sources:
            return True
        if (source, FC.sourceKind, FC.ArticleUnderReview) in graph:
            return True
    return False


def published(graph: Graph, statement: Statement) -> dt.date | None:
    """When a statement was published: its own ``schema:datePublished`` or its sources'."""
    dates: list[dt.date] = []
    for node in (statement.node, *statement.sources):
        for value in graph.objects(node, SCHEMA.datePublished):
            day = _date(value)
            if day is not None:
                dates.append(day)
    return min(dates) if dates else None


def _date(value: Node | None) -> dt.date | None:
    if not isinstance(value, Literal):
        return None
    text = str(value)
    try:
        if len(text) == 4:
            return dt.date(int(text), 1, 1)
        if len(text) == 7:
            return dt.date(int(text[:4]), int(text[5:7]), 1)
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def at_time(graph: Graph, fact: Statement, when: When) -> bool:
    """True when ``fact`` speaks of the time ``when`` names."""
    if when.period is not None:
        if fact.period == when.period:
            return True
        days = period_days(graph, when.period)
        return days is not None and fact.period_days == days
    if when.point is not None:
        point = date_value(when.point)
        return (
            fact.point_in_time is not None
            and point is not None
            and fact.point_in_time.overlaps(point)
        )
    return fact.period is None


def when_of(graph: Graph, statement: Statement) -> When:
    point = graph.value(statement.node, FC.pointInTime)
    return When(statement.period, point if isinstance(point, Literal) else None)


def base_when(graph: Graph, statement: Statement) -> When | None:
    """The base time of a change (fc:basePeriod or fc:basePointInTime)."""
    period = graph.value(statement.node, FC.basePeriod)
    point = graph.value(statement.node, FC.basePointInTime)
    if isinstance(period, URIRef):
        return When(period, None)
    if isinstance(point, Literal):
        return When(None, point)
    return None


KINDS = (FC.Change, FC.Comparison, FC.Ranking, FC.Record, FC.Share, FC.Aggregate)
"""The claim kinds other than a figure (``ontology/claim-kinds.ttl``)."""


def kind_of(graph: Graph, node: Node) -> URIRef | None:
    """A statement's claim kind; ``None`` for a figure or a plain statement."""
    for kind in KINDS:
        if (node, RDF.type, kind) in graph:
            return kind
    return None


def lookup(  # noqa: PLR0917 — one question, asked with all its qualifiers
    index: StatementIndex,
    claim: Statement,
    subject: Node,
    predicate: URIRef,
    when: When,
    wanted: dict[Node, URIRef] | None = None,
    per: URIRef | None = None,
    kind: URIRef | None = None,
) -> Lookup:
    """Reference quantities of ``subject``/``predicate`` at ``when``, like for like.

    ``kind`` None asks for figures; a kind asks for reference facts of that kind (a reference
    change, a reference share).
    """
    graph = index.graph
    wanted = measures(graph, claim.node) if wanted is None else wanted
    result = Lookup()
    for fact in index.facts(subject, predicate):
        if fact.quantity is None or kind_of(graph, fact.node) != kind:
            continue
        if is_article_itself(graph, claim, fact):
            result.set_aside.append((fact, "cites the article under review"))
            continue
        if not at_time(graph, fact, when):
            result.set_aside.append(
                (fact, f"{when_of(graph, fact).describe(graph)}, not {when.describe(graph)}")
            )
            continue
        mismatch = measure_mismatches(graph, wanted, fact)
        if mismatch:
            text = "; ".join(
                f"counts {label(graph, stated)}, not {label(graph, want)}"
                for want, stated in mismatch
            )
            result.set_aside.append((fact, text))
            continue
        fact_per = denominator(graph, fact)
        if not same_denominator(graph, per, fact_per):
            result.set_aside.append(
                (
                    fact,
                    f"{_per_text(graph, fact_per)}, not {_per_text(graph, per)}",
                )
            )
            continue
        result.usable.append(fact)
    return result


def _per_text(graph: Graph, per: URIRef | None) -> str:
    return label(graph, per) if per is not None else "a total (no denominator)"


def current(
    graph: Graph, claim: Statement, facts: list[Statement]
) -> tuple[list[Statement], list[tuple[Statement, Statement]]]:
    """The facts known when the claim's article appeared, and (fact, later revision) pairs.

    A fact revised (``fc:revises``) by another fact published on or before the article is
    replaced by the revision; a revision published after the article, or at an unknown date, is
    set aside and returned with the fact it revises, for a "later revised to …" note.
    """
    article = _article_date(graph, claim)
    by_node: dict[Node, Statement] = {f.node: f for f in facts}
    later: list[tuple[Statement, Statement]] = []
    superseded: set[Node] = set()
    for fact in facts:
        for old in graph.objects(fact.node, FC.revises):
            if old not in by_node:
                continue
            when = published(graph, fact)
            # An undated revision cannot be shown to have been known when the article appeared.
            if when is None or (article is not None and when > article):
                later.append((by_node[old], fact))
                superseded.add(fact.node)
            else:
                superseded.add(old)
    return [f for f in facts if f.node not in superseded], later


def _article_date(graph: Graph, claim: Statement) -> dt.date | None:
    """When the claim's article appeared: its date, else the day it appeared on or after."""
    day = published(graph, claim)
    if day is not None:
        return day
    dates = [_date(graph.value(s, FC.publishedNotBefore)) for s in claim.sources]
    known = [d for d in dates if d is not None]
    return min(known) if known else None


def pick(
    graph: Graph, claim: Statement, facts: list[Statement]
) -> tuple[Statement, Quantity] | None:
    """One figure to compute with: the first fact known when the article appeared."""
    known, _ = current(graph, claim, facts)
    for fact in known:
        if fact.quantity is not None:
            return fact, fact.quantity
    return None
