"""Statement nodes read out of the graph: article claims and reference facts as records.

Claims and reference facts are ``rdf:Statement`` nodes (https://www.w3.org/TR/rdf11-schema/#ch_reificationvocab)
with qualifiers in the ``fc:`` vocabulary. Verdicts, explanations and listings all need the same
view of them, so it is built here once: the value parsed (``values.Quantity`` or
``values.DateValue``), the qualifiers resolved, the sources and derivations listed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.term import Node

from factcheck.loader import FC, OA, QUDT, SCHEMA
from factcheck.values import DateValue, Quantity, date_value

TIME = "http://www.w3.org/2006/time#"


@dataclass(frozen=True)
class Statement:
    """One fc:ArticleClaim or fc:ReferenceFact."""

    node: URIRef
    kind: str
    """``claim`` (article claim) or ``fact`` (reference fact)."""
    label: str
    subject: URIRef
    predicate: URIRef
    value: Node
    quantity: Quantity | None = None
    date: DateValue | None = None
    """The claimed date when rdf:object is a typed date literal."""
    point_in_time: DateValue | None = None
    period: URIRef | None = None
    period_days: tuple[dt.date, dt.date] | None = None
    claimant: URIRef | None = None
    start_event: URIRef | None = None
    end_event: URIRef | None = None
    according_to: URIRef | None = None
    is_estimate: bool = False
    sources: tuple[URIRef, ...] = ()
    derived_from: tuple[URIRef, ...] = ()
    disagrees_with: tuple[URIRef, ...] = ()
    quote: str | None = None
    quote_span: tuple[int, int] | None = None
    note: str | None = None

    @property
    def text_value(self) -> str | None:
        """The value when it is a plain (non-date) literal."""
        if isinstance(self.value, Literal) and self.date is None:
            return str(self.value)
        return None

    def same_time(self, other: Statement) -> bool:
        """True when both statements speak of the same time (or both of none)."""
        if self.period is not None or other.period is not None:
            return self.period == other.period or _windows_overlap(self, other)
        if self.point_in_time is not None and other.point_in_time is not None:
            return self.point_in_time.overlaps(other.point_in_time)
        return True


def _windows_overlap(first: Statement, second: Statement) -> bool:
    a, b = first.period_days, second.period_days
    if a is None or b is None:
        return False
    return a == b


@dataclass
class StatementIndex:
    """All statements of a graph, indexed for the lookups rules make."""

    graph: Graph
    statements: dict[URIRef, Statement] = field(default_factory=dict)
    facts_by_sp: dict[tuple[URIRef, URIRef], list[Statement]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def claims(self) -> list[Statement]:
        return sorted(
            (s for s in self.statements.values() if s.kind == "claim"), key=lambda s: str(s.node)
        )

    def facts(self, subject: Node, predicate: URIRef) -> list[Statement]:
        """Reference facts stating ``predicate`` of ``subject``."""
        if not isinstance(subject, URIRef):
            return []
        return list(self.facts_by_sp.get((subject, predicate), []))

    def label(self, node: Node | None) -> str:
        return label(self.graph, node)


def label(graph: Graph, node: Node | None) -> str:
    """rdfs:label of ``node``, else its IRI's local name."""
    if node is None:
        return "?"
    text = graph.value(node, RDFS.label)
    if text is not None:
        return str(text)
    if isinstance(node, URIRef):
        return str(node).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return str(node)


def read_quantity(graph: Graph, node: Node) -> Quantity | None:
    """An fc:Quantity node as a ``Quantity``; ``None`` if it has no usable number."""
    number = graph.value(node, QUDT.numericValue)
    if not isinstance(number, Literal):
        return None
    try:
        value = Decimal(str(number))
    except InvalidOperation:
        return None
    if not value.is_finite():  # NaN and INF are no amount to compare
        return None
    precision = graph.value(node, FC.precision)
    rounding = graph.value(node, FC.roundingUnit)
    currency = graph.value(node, FC.currency)
    unit = graph.value(node, QUDT.unit)
    try:
        rounding_unit = Decimal(str(rounding)) if isinstance(rounding, Literal) else None
    except InvalidOperation:
        rounding_unit = None
    if rounding_unit is not None and (not rounding_unit.is_finite() or rounding_unit <= 0):
        rounding_unit = None
    lower = upper = None
    if precision is not None:
        lower = _decimal(graph.value(precision, FC.lowerTolerance))
        upper = _decimal(graph.value(precision, FC.upperTolerance))
    return Quantity(
        value=value,
        currency=str(currency) if currency is not None else None,
        unit=unit if isinstance(unit, URIRef) else None,
        precision=str(precision).rsplit("#", 1)[-1] if precision is not None else "Exact",
        rounding_unit=rounding_unit,
        lower_tolerance=lower,
        upper_tolerance=upper,
    )


def _decimal(node: Node | None) -> Decimal | None:
    """A literal's number; ``None`` if absent or not a number."""
    if not isinstance(node, Literal):
        return None
    try:
        return Decimal(str(node))
    except InvalidOperation:
        return None


def period_days(graph: Graph, period: Node) -> tuple[dt.date, dt.date] | None:
    """First and last day of an OWL-Time interval node."""
    in_date = URIRef(TIME + "inXSDDate")
    begin = graph.value(graph.value(period, URIRef(TIME + "hasBeginning")), in_date)
    end = graph.value(graph.value(period, URIRef(TIME + "hasEnd")), in_date)
    if not isinstance(begin, Literal) or not isinstance(end, Literal):
        return None
    try:
        return dt.date.fromisoformat(str(begin)[:10]), dt.date.fromisoformat(str(end)[:10])
    except ValueError:
        return None


def _iri(node: Node | None) -> URIRef | None:
    return node if isinstance(node, URIRef) else None


def _sorted_iris(nodes: Iterable[Node]) -> tuple[URIRef, ...]:
    return tuple(sorted(n for n in nodes if isinstance(n, URIRef)))


def read_statement(graph: Graph, node: URIRef, kind: str) -> Statement | None:
    """One statement node; ``None`` if it lacks subject, predicate or object."""
    subject = _iri(graph.value(node, RDF.subject))
    predicate = _iri(graph.value(node, RDF.predicate))
    value = graph.value(node, RDF.object)
    if subject is None or predicate is None or value is None:
        return None
    zone_literal = graph.value(node, FC.timeZone)
    zone = str(zone_literal) if zone_literal is not None else None
    quantity = read_quantity(graph, value) if not isinstance(value, Literal) else None
    dated = date_value(value, zone) if isinstance(value, Literal) else None
    pit = graph.value(node, FC.pointInTime)
    period = _iri(graph.value(node, FC.period))
    quote_node = graph.value(node, FC.quote)
    exact = graph.value(quote_node, OA.exact) if quote_node is not None else None
    start = graph.value(quote_node, OA.start) if quote_node is not None else None
    end = graph.value(quote_node, OA.end) if quote_node is not None else None
    span = None
    if isinstance(start, Literal) and isinstance(end, Literal):
        try:
            span = (int(start), int(end))
        except ValueError:
            span = None
    note = graph.value(node, FC.note)
    estimate = graph.value(node, FC.isEstimate)
    return Statement(
        node=node,
        kind=kind,
        label=label(graph, node),
        subject=subject,
        predicate=predicate,
        value=value,
        quantity=quantity,
        date=dated,
        point_in_time=date_value(pit, zone) if isinstance(pit, Literal) else None,
        period=period,
        period_days=period_days(graph, period) if period is not None else None,
        claimant=_iri(graph.value(node, FC.claimant)),
        start_event=_iri(graph.value(node, FC.startEvent)),
        end_event=_iri(graph.value(node, FC.endEvent)),
        according_to=_iri(graph.value(node, FC.accordingTo)),
        is_estimate=isinstance(estimate, Literal) and bool(estimate.toPython()),
        sources=_sorted_iris(graph.objects(node, FC.source)),
        derived_from=_sorted_iris(graph.objects(node, FC.derivedFrom)),
        disagrees_with=_sorted_iris(graph.objects(node, FC.disagreesWith)),
        quote=str(exact) if exact is not None else None,
        quote_span=span,
        note=str(note) if note is not None else None,
    )


def index_statements(graph: Graph) -> StatementIndex:
    """Read every article claim and reference fact in ``graph``."""
    index = StatementIndex(graph=graph)
    for kind, cls in (("claim", FC.ArticleClaim), ("fact", FC.ReferenceFact)):
        for node in graph.subjects(RDF.type, cls):
            if not isinstance(node, URIRef):
                continue
            statement = read_statement(graph, node, kind)
            if statement is None:
                continue
            index.statements[node] = statement
            if kind == "fact":
                index.facts_by_sp[(statement.subject, statement.predicate)].append(statement)
    for facts in index.facts_by_sp.values():
        facts.sort(key=lambda s: str(s.node))
    return index


def source_labels(graph: Graph, statement: Statement) -> list[str]:
    """Labels of a statement's sources, in IRI order."""
    return [label(graph, source) for source in statement.sources]


def publisher(graph: Graph, source: URIRef) -> str:
    """A source's publisher as text (``unknown`` for fc:unknown)."""
    value = graph.value(source, SCHEMA.publisher)
    if value is None or value == FC.unknown:
        return "unknown"
    if isinstance(value, URIRef):
        return label(graph, value)
    return str(value)
