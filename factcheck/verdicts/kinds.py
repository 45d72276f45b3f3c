"""Verdict rules for the claim kinds: change, comparison, ranking, record, share, aggregate.

Each rule reads the claim's kind (an extra ``rdf:type`` from ``ontology/claim-kinds.ttl``) and
its qualifiers, looks up the reference figures the kind needs (both periods of a change, every
entity compared or ranked, the part and the whole of a share), computes the figure the claim
states and writes the arithmetic out. Reference figures are intervals (a rounded figure stands
for ±half its rounding unit); a computed figure is the interval of the computation over them; a
claim holds when its stated interval (vague quantifiers from the ontology's table; a percentage
stated without qualifier is read as rounded to its last digit) meets the computed one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal, DivisionByZero, InvalidOperation
from itertools import product

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.term import Node

from factcheck.loader import FC
from factcheck.statements import Statement, label
from factcheck.values import Quantity, format_number
from factcheck.verdicts.core import Context, Verdict, _verdict
from factcheck.verdicts.lookup import (
    Lookup,
    When,
    at_time,
    base_when,
    current,
    denominator,
    is_article_itself,
    kind_of,
    lookup,
    measure_mismatches,
    measures,
    pick,
    same_denominator,
    when_of,
)

Interval = tuple[Decimal, Decimal]
INF = Decimal("Infinity")


def stated(quantity: Quantity) -> Quantity:
    """A claimed number as stated: an unqualified figure is rounded to its last digit."""
    if quantity.precision != "Exact":
        return quantity
    exponent = quantity.value.as_tuple().exponent
    step = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    return replace(quantity, precision="Rounded", rounding_unit=step)


def interval(quantity: Quantity) -> Interval:
    low, high = quantity.bounds()
    return low, high if high is not None else INF


def corners(function: Callable[[Decimal, Decimal], Decimal], a: Interval, b: Interval) -> Interval:
    """The range of ``function`` over two intervals (it is monotone in each argument)."""
    values: list[Decimal] = []
    for x, y in product(a, b):
        try:
            values.append(function(x, y))
        except (DivisionByZero, InvalidOperation, ZeroDivisionError):
            continue
    if not values:
        return Decimal("NaN"), Decimal("NaN")
    return min(values), max(values)


def meets(a: Interval, b: Interval) -> bool:
    if not all(x.is_finite() or x.is_infinite() for x in (*a, *b)):
        return False  # a computation that failed (a zero base) matches nothing
    return a[0] <= b[1] and b[0] <= a[1]


def computable(span: Interval) -> bool:
    """False when a computation had no value (division by a zero base)."""
    return not (span[0].is_nan() or span[1].is_nan())


def show(value: Decimal, digits: int = 1) -> str:
    if abs(value) >= 1000 or value == value.to_integral_value():
        return format_number(value.quantize(Decimal(1)))
    return format_number(value.quantize(Decimal(1).scaleb(-digits)))


def show_interval(span: Interval, digits: int = 1, suffix: str = "") -> str:
    if not computable(span):
        return "undefined (a zero base)"
    if span[0] == span[1] or show(span[0], digits) == show(span[1], digits):
        return show(span[0], digits) + suffix
    return f"{show(span[0], digits)}{suffix} to {show(span[1], digits)}{suffix}"


def _is(context: Context, kind: URIRef) -> bool:
    return kind_of(context.index.graph, context.claim.node) == kind


def _value(
    context: Context, subject: Node, when: When, lines: list[str], who: str = ""
) -> tuple[Statement, Quantity, Lookup] | tuple[None, None, Lookup]:
    """The reference figure of ``subject`` at ``when`` (claim's property and measures)."""
    claim = context.claim
    found = lookup(context.index, claim, subject, claim.predicate, when)
    chosen = pick(context.index.graph, claim, found.usable)
    name = who or context.label(subject)
    time = when.describe(context.index.graph)
    if chosen is None:
        lines.append(f"{name}, {time}: no like-for-like reference figure")
        lines += found.mismatch_lines()
        return None, None, found
    fact, quantity = chosen
    lines.append(f"{name}, {time}: {quantity.describe()} — {context.cite(fact)}")
    if fact.note:
        lines.append(f"note: {fact.note}")
    _, later = current(context.index.graph, claim, found.usable)
    for old, new in later:
        if old == fact and new.quantity is not None:
            lines.append(
                f"later revised to {new.quantity.describe()} — {context.cite(new)} "
                "(published after the article; the claim is judged on what was known then)"
            )
    return fact, quantity, found


def _missing(
    context: Context,
    rule: str,
    what: str,
    lines: list[str],
    found: Sequence[tuple[Lookup, When]],
) -> Verdict:
    """Unverifiable, naming the qualifier that did not match for each missing figure."""
    graph = context.index.graph
    reasons = [f.why(graph, when) for f, when in found if not f.usable]
    summary = f"No like-for-like reference figure for {what}"
    summary += f": {'; '.join(reasons)}." if reasons else "."
    return _verdict(context, "unverifiable", summary, rule, lines, [])


def _change_kind(context: Context, quantity: Quantity) -> URIRef:
    kind = context.index.graph.value(context.claim.node, FC.changeKind)
    if isinstance(kind, URIRef):
        return kind
    return FC.RelativeChange if str(quantity.unit).endswith("Percent") else FC.AbsoluteChange


COMPUTE: dict[URIRef, tuple[Callable[[Decimal, Decimal], Decimal], str, str]] = {
    FC.RelativeChange: (lambda n, b: (n - b) / b * 100, "({n} − {b}) ÷ {b} × 100", " %"),
    FC.AbsoluteChange: (lambda n, b: n - b, "{n} − {b}", ""),
    FC.Multiple: (lambda n, b: n / b, "{n} ÷ {b}", "×"),
    FC.PercentagePointChange: (lambda n, b: n - b, "{n} − {b}", " points"),
}


def _gap(  # noqa: PLR0917 — the two figures, named, and what to call the base
    context: Context,
    rule: str,
    now: tuple[Statement, Quantity],
    base: tuple[Statement, Quantity],
    names: tuple[str, str],
    lines: list[str],
) -> Verdict:
    """A stated change or gap (relative, absolute, multiple) against the two figures."""
    claim = context.claim
    assert claim.quantity is not None
    kind = _change_kind(context, claim.quantity)
    if kind not in COMPUTE:
        lines.append(f"unknown fc:changeKind {context.label(kind)}")
        return _verdict(
            context,
            "unverifiable",
            f"The change kind {context.label(kind)} is not one the rules compute.",
            rule,
            lines,
            [],
        )
    function, formula, suffix = COMPUTE[kind]
    n_fact, n_q = now
    b_fact, b_q = base
    computed = corners(function, interval(n_q), interval(b_q))
    if not computable(computed):
        lines.append(f"{context.label(kind)} on the base {names[1]}: the base is zero")
        return _verdict(
            context,
            "unverifiable",
            f"The base ({names[1]}) is zero, so the change cannot be computed.",
            rule,
            lines,
            [n_fact, b_fact],
        )
    claimed = stated(claim.quantity)
    holds = meets(interval(claimed), computed)
    worked = formula.format(n=format_number(n_q.value), b=format_number(b_q.value))
    lines.append(
        f"{context.label(kind)} on the base {names[1]}: {worked} = "
        f"{show_interval(computed, 1, suffix)}"
    )
    lines.append(
        f"claimed: {claim.quantity.describe()} (read as {show_interval(interval(claimed), 2)}) → "
        f"{'matches' if holds else 'does not match'}"
    )
    evidence = [n_fact, b_fact]
    if holds:
        summary = (
            f"{names[0]} against {names[1]}: {show_interval(computed, 1, suffix)}, "
            f"as claimed ({claim.quantity.describe()})."
        )
        return _verdict(context, "supported", summary, rule, lines, evidence)
    if kind == FC.RelativeChange:
        other = corners(lambda n, b: (b - n) / n * 100, interval(n_q), interval(b_q))
        negated = interval(claimed)
        flipped = (-negated[1], -negated[0])
        lines.append(
            f"on the other base ({names[0]}): ({format_number(b_q.value)} − "
            f"{format_number(n_q.value)}) ÷ {format_number(n_q.value)} × 100 = "
            f"{show_interval(other, 1, ' %')}"
        )
        if meets(flipped, other):
            summary = (
                f"The percentage is taken on the wrong base: {names[0]} is "
                f"{show_interval(computed, 1, ' %')} against {names[1]}; "
                f"{show_interval(other, 1, ' %')} is the gap measured on {names[0]}."
            )
            return _verdict(context, "misleading", summary, rule, lines, evidence)
    summary = (
        f"{names[0]} against {names[1]} is {show_interval(computed, 1, suffix)}, "
        f"not {claim.quantity.describe()}."
    )
    return _verdict(context, "contradicted", summary, rule, lines, evidence)


# --- Change ------------------------------------------------------------------------


def rule_change(context: Context) -> Verdict | None:
    """A change between two times of one subject's figure, on an explicit base."""
    claim = context.claim
    if not _is(context, FC.Change) or claim.quantity is None:
        return None
    graph = context.index.graph
    base = base_when(graph, claim)
    if base is None:
        return _verdict(
            context,
            "unverifiable",
            "The change names no base period (fc:basePeriod), so it cannot be computed.",
            "change",
            ["a change needs its base: fc:basePeriod or fc:basePointInTime"],
            [],
        )
    now_when = when_of(graph, claim)
    names = (now_when.describe(graph), base.describe(graph))
    lines = [f"claimed: {claim.quantity.describe()} for {names[0]} over {names[1]}"]
    reference = _reference_change(context, base, lines)
    if reference is not None:
        return reference
    n_fact, n_q, n_found = _value(context, claim.subject, now_when, lines)
    b_fact, b_q, b_found = _value(context, claim.subject, base, lines)
    if n_fact is None or b_fact is None or n_q is None or b_q is None:
        what = f"{context.label(claim.subject)} in " + " and ".join(
            name for name, fact in zip(names, (n_fact, b_fact), strict=True) if fact is None
        )
        return _missing(context, "change", what, lines, [(n_found, now_when), (b_found, base)])
    return _gap(context, "change", (n_fact, n_q), (b_fact, b_q), names, lines)


def _reference_change(context: Context, base: When, lines: list[str]) -> Verdict | None:
    """A reference fact stating the same change (same base and kind), compared directly."""
    claim = context.claim
    graph = context.index.graph
    assert claim.quantity is not None
    found = lookup(
        context.index, claim, claim.subject, claim.predicate, when_of(graph, claim), kind=FC.Change
    )
    same = [
        f
        for f in found.usable
        if base_when(graph, f) == base
        and graph.value(f.node, FC.changeKind) == graph.value(claim.node, FC.changeKind)
    ]
    chosen = pick(graph, claim, same)
    if chosen is None:
        return None
    fact, quantity = chosen
    claimed = stated(claim.quantity)
    holds = meets(interval(claimed), interval(quantity))
    lines.append(f"reference change: {quantity.describe()} — {context.cite(fact)}")
    lines.append(
        f"claimed {show_interval(interval(claimed), 2)} against "
        f"{show_interval(interval(quantity), 2)} → {'matches' if holds else 'does not match'}"
    )
    if holds:
        return _verdict(
            context,
            "supported",
            f"The reference states {quantity.describe()}.",
            "change",
            lines,
            [fact],
        )
    return _verdict(
        context,
        "contradicted",
        f"The reference states {quantity.describe()}, not {claim.quantity.describe()}.",
        "change",
        lines,
        [fact],
    )


# --- Comparison --------------------------------------------------------------------

RELATIONS = (FC.Greater, FC.Less, FC.Equal, FC.Overtook)


def rule_comparison(context: Context) -> Verdict | None:
    """One subject's figure against another's at the same time: a gap or a relation."""
    claim = context.claim
    graph = context.index.graph
    other = graph.value(claim.node, FC.comparedWith)
    if not _is(context, FC.Comparison) or not isinstance(other, URIRef):
        return None
    when = when_of(graph, claim)
    mine, theirs = context.label(claim.subject), context.label(other)
    lines = [f"claimed: {mine} against {theirs}, {when.describe(graph)}"]
    a_fact, a_q, a_found = _value(context, claim.subject, when, lines)
    b_fact, b_q, b_found = _value(context, other, when, lines)
    if a_fact is None or b_fact is None or a_q is None or b_q is None:
        if claim.quantity is None and claim.value in RELATIONS:
            broader = _on_other_measure(
                context,
                ((a_fact, a_q, a_found, mine), (b_fact, b_q, b_found, theirs)),
                when,
                lines,
            )
            if broader is not None:
                return broader
        missing = [n for n, f in ((mine, a_fact), (theirs, b_fact)) if f is None]
        return _missing(
            context,
            "comparison",
            f"{' and '.join(missing)}, {when.describe(graph)}",
            lines,
            [(a_found, when), (b_found, when)],
        )
    if claim.quantity is not None:
        return _gap(context, "comparison", (a_fact, a_q), (b_fact, b_q), (mine, theirs), lines)
    if claim.value not in RELATIONS:
        return None
    return _relation(context, (a_fact, a_q), (b_fact, b_q), (mine, theirs), lines)


def _other_measure_figure(
    context: Context, found: Lookup, when: When
) -> tuple[Statement, Quantity, str] | None:
    """A figure of the same subject, property and time that was set aside only because it
    counts another measure (e.g. new energy vehicles where the claim says battery-electric),
    with the measure it counts."""
    graph = context.index.graph
    claim = context.claim
    wanted = measures(graph, claim.node)
    facts: list[Statement] = []
    counted: dict[Statement, str] = {}
    for fact, _reason in found.set_aside:
        if is_article_itself(graph, claim, fact) or not at_time(graph, fact, when):
            continue
        mismatch = measure_mismatches(graph, wanted, fact)
        if not mismatch or not same_denominator(
            graph, denominator(graph, claim), denominator(graph, fact)
        ):
            continue
        facts.append(fact)
        counted[fact] = ", ".join(context.label(stated) for _, stated in mismatch)
    chosen = pick(graph, claim, facts)
    if chosen is None:
        return None
    return chosen[0], chosen[1], counted[chosen[0]]


def _on_other_measure(
    context: Context,
    sides: tuple[
        tuple[Statement | None, Quantity | None, Lookup, str],
        tuple[Statement | None, Quantity | None, Lookup, str],
    ],
    when: When,
    lines: list[str],
) -> Verdict | None:
    """A relation with no like-for-like figure on one side that holds when that side is
    counted on another measure: misleading, since it is true only counted that way. ``None``
    when no other measure is known or the relation fails on it too (then: unverifiable)."""
    graph = context.index.graph
    claim = context.claim
    figures: list[tuple[Statement, Quantity]] = []
    shown: list[str] = []
    for fact, quantity, found, name in sides:
        if fact is not None and quantity is not None:
            figures.append((fact, quantity))
            shown.append(f"{name} {format_number(quantity.value)}")
            continue
        other = _other_measure_figure(context, found, when)
        if other is None:
            return None
        figures.append((other[0], other[1]))
        shown.append(f"{name} {format_number(other[1].value)} (counting {other[2]})")
        lines.append(
            f"{name}, {when.describe(graph)}, counting {other[2]}: "
            f"{other[1].describe()} — {context.cite(other[0])}"
        )
    (a, a_q), (b, b_q) = figures
    order = _order(interval(a_q), interval(b_q))
    wanted = {FC.Greater: "greater", FC.Overtook: "greater", FC.Less: "less", FC.Equal: "equal"}
    holds = order == wanted.get(claim.value, "")  # type: ignore[call-overload]
    lines.append(
        f"on those figures: {format_number(a_q.value)} against {format_number(b_q.value)} "
        f"→ {order}, {'as' if holds else 'not as'} claimed"
    )
    if not holds:
        return None
    wanted_measures = ", ".join(context.label(m) for m in measures(graph, claim.node).values())
    summary = (
        f"No reference gives a like-for-like figure ({wanted_measures}); the comparison holds "
        f"only on another measure: {' against '.join(shown)}."
    )
    return _verdict(context, "misleading", summary, "comparison", lines, [a, b])


def _order(a: Interval, b: Interval) -> str:
    """``greater``, ``less`` or ``equal`` (the intervals meet)."""
    if a[0] > b[1]:
        return "greater"
    if a[1] < b[0]:
        return "less"
    return "equal"


def _relation(
    context: Context,
    a: tuple[Statement, Quantity],
    b: tuple[Statement, Quantity],
    names: tuple[str, str],
    lines: list[str],
) -> Verdict:
    claim = context.claim
    graph = context.index.graph
    relation = claim.value
    order = _order(interval(a[1]), interval(b[1]))
    gap = corners(lambda x, y: (x - y) / y * 100, interval(a[1]), interval(b[1]))
    lines.append(
        f"{names[0]} {format_number(a[1].value)} vs {names[1]} {format_number(b[1].value)}: "
        f"{order} (gap {show_interval(gap, 1, ' %')} of {names[1]})"
    )
    evidence: list[Statement] = [a[0], b[0]]
    wanted = {FC.Greater: "greater", FC.Overtook: "greater", FC.Less: "less", FC.Equal: "equal"}
    holds = order == wanted.get(relation, "")  # type: ignore[call-overload]
    word = context.label(relation)
    precision = graph.value(claim.node, FC.precision)
    if holds and precision is not None:
        upper = graph.value(precision, FC.upperTolerance)
        if isinstance(upper, Literal):
            limit = Decimal(str(upper)) * 100
            small = computable(gap) and min(abs(gap[0]), abs(gap[1])) <= limit
            lines.append(
                f"“{context.label(precision)}”: the gap must be at most "
                f"{format_number(limit)} % ({'it is' if small else 'it is not'})"
            )
            holds = small
            word = f"{context.label(precision)} {word}"
    if holds and relation == FC.Overtook:
        base = base_when(graph, claim)
        if base is None:
            lines.append("no base period: only the later period is checked")
        else:
            a0, a0_q, _ = _value(context, claim.subject, base, lines, names[0])
            other = graph.value(claim.node, FC.comparedWith)
            assert other is not None
            b0, b0_q, _ = _value(context, other, base, lines)
            if a0 is not None and b0 is not None and a0_q is not None and b0_q is not None:
                before = _order(interval(a0_q), interval(b0_q))
                lines.append(f"in {base.describe(graph)}: {names[0]} was {before}")
                evidence += [a0, b0]
                holds = before != "greater"
    if holds:
        summary = f"{names[0]} is {word} {names[1]}: {format_number(a[1].value)} against " + (
            f"{format_number(b[1].value)}."
        )
        return _verdict(context, "supported", summary, "comparison", lines, evidence)
    summary = (
        f"The claim says {names[0]} {word} {names[1]}, but the figures are "
        f"{format_number(a[1].value)} against {format_number(b[1].value)} "
        f"({show_interval(gap, 1, ' %')})"
    )
    if relation == FC.Overtook and order == "greater":
        summary += f", and {names[0]} was already ahead in the base period"
    return _verdict(context, "contradicted", summary + ".", "comparison", lines, evidence)


# --- Ranking -----------------------------------------------------------------------


def rule_ranking(context: Context) -> Verdict | None:
    """A claimed rank against the reference figures of every subject in the set."""
    claim = context.claim
    graph = context.index.graph
    if not _is(context, FC.Ranking) or not isinstance(claim.value, Literal):
        return None
    try:
        rank = int(str(claim.value))
    except ValueError:
        return None
    when = when_of(graph, claim)
    among = graph.value(claim.node, FC.rankAmong)
    ascending = graph.value(claim.node, FC.rankOrder) == FC.Ascending
    if isinstance(among, URIRef):
        members: list[Node] = sorted(graph.objects(among, FC.member), key=str)
        scope = f"among {context.label(among)}"
    else:
        wholes = {*graph.objects(None, FC.shareOf), *graph.subjects(RDF.type, FC.Collection)}
        members = sorted(
            {s for (s, p) in context.index.facts_by_sp if p == claim.predicate and s not in wholes},
            key=str,
        )
        scope = "among every subject with a reference figure (not the wholes of shares)"
    lines = [
        f"claimed: {context.label(claim.subject)} ranks {rank} by "
        f"{context.label(claim.predicate)}, {when.describe(graph)} "
        f"({'smallest' if ascending else 'largest'} first), {scope}"
    ]
    stated_rank = _stated_rank(context, when, lines)
    if stated_rank is not None:
        return stated_rank
    figures: list[tuple[Node, Statement, Quantity]] = []
    for member in members:
        found = lookup(context.index, claim, member, claim.predicate, when)
        chosen = pick(graph, claim, found.usable)
        if chosen is not None:
            figures.append((member, *chosen))
    if not any(m == claim.subject for m, _, _ in figures) or len(figures) < 2:
        lines.append(f"reference figures found for {len(figures)} subject(s): too few to rank")
        return _verdict(
            context,
            "unverifiable",
            f"Too few like-for-like reference figures for {when.describe(graph)} to rank "
            f"{context.label(claim.subject)}.",
            "ranking",
            lines,
            [f for _, f, _ in figures],
        )
    figures.sort(key=lambda item: item[2].value, reverse=not ascending)
    for place, (member, fact, quantity) in enumerate(figures, 1):
        lines.append(
            f"{place}. {context.label(member)}: {quantity.describe()} — {context.cite(fact)}"
        )
    mine = next(q for m, _, q in figures if m == claim.subject)
    ahead = [
        (m, q)
        for m, _, q in figures
        if m != claim.subject and (q.value < mine.value if ascending else q.value > mine.value)
    ]
    actual = len(ahead) + 1
    evidence = [f for _, f, _ in figures]
    if actual == rank:
        summary = f"{context.label(claim.subject)} ranks {rank} of {len(figures)}, {scope}."
        if not isinstance(among, URIRef):
            lines.append(
                "the set is the subjects with reference figures; name it with fc:rankAmong"
            )
        return _verdict(context, "supported", summary, "ranking", lines, evidence)
    if actual > rank or isinstance(among, URIRef):
        summary = (
            (
                f"{context.label(claim.subject)} ranks {actual}, not {rank}: "
                + ", ".join(context.label(m) for m, _ in ahead)
                + (" is" if len(ahead) == 1 else " are")
                + (" lower." if ascending else " higher.")
            )
            if ahead
            else f"{context.label(claim.subject)} ranks {actual}, not {rank}."
        )
        return _verdict(context, "contradicted", summary, "ranking", lines, evidence)
    summary = (
        f"Ranks {actual} among the subjects with reference figures; the full set is not known."
    )
    return _verdict(context, "unverifiable", summary, "ranking", lines, evidence)


def _stated_rank(context: Context, when: When, lines: list[str]) -> Verdict | None:
    """A reference fact of kind fc:Ranking stating the subject's rank."""
    claim = context.claim
    graph = context.index.graph
    facts = [
        f
        for f in context.index.facts(claim.subject, claim.predicate)
        if kind_of(graph, f.node) == FC.Ranking
        and isinstance(f.value, Literal)
        and f.period == when.period
    ]
    if not facts:
        return None
    fact = facts[0]
    lines.append(f"reference rank: {fact.value} — {context.cite(fact)}")
    if str(fact.value) == str(claim.value):
        return _verdict(
            context, "supported", f"The reference ranks it {fact.value}.", "ranking", lines, [fact]
        )
    return _verdict(
        context,
        "contradicted",
        f"The reference ranks it {fact.value}, not {claim.value}.",
        "ranking",
        lines,
        [fact],
    )


# --- Record ------------------------------------------------------------------------


def _year(node: Node | None) -> int | None:
    if not isinstance(node, Literal):
        return None
    try:
        return int(str(node)[:4])
    except ValueError:
        return None


def _int(node: Node | None) -> int | None:
    if not isinstance(node, Literal):
        return None
    try:
        return int(str(node))
    except ValueError:
        return None


def rule_record(context: Context) -> Verdict | None:
    """Highest, lowest or first time: the claimed period against the series."""
    claim = context.claim
    graph = context.index.graph
    if not _is(context, FC.Record) or claim.value not in (FC.Highest, FC.Lowest, FC.FirstTime):
        return None
    when = when_of(graph, claim)
    if claim.period_days is None:
        return None
    year = claim.period_days[0].year
    lines = [
        f"claimed: {context.label(claim.value)} of {context.label(claim.predicate)} for "
        f"{context.label(claim.subject)} in {when.describe(graph)}"
    ]
    reference = _reference_record(context, year, lines)
    if reference is not None:
        return reference
    length = (claim.period_days[1] - claim.period_days[0]).days
    start = _year(graph.value(claim.node, FC.seriesStart))
    window = _int(graph.value(claim.node, FC.withinYears))
    if claim.value == FC.FirstTime and window is not None:
        start = year - window
    series: list[tuple[int, Statement, Quantity]] = []
    wanted = measures(graph, claim.node)
    for fact in context.index.facts(claim.subject, claim.predicate):
        if fact.quantity is None or fact.period_days is None or kind_of(graph, fact.node):
            continue
        if abs((fact.period_days[1] - fact.period_days[0]).days - length) > 3:
            continue
        if (
            lookup(
                context.index, claim, claim.subject, claim.predicate, when_of(graph, fact), wanted
            ).usable
            == []
        ):
            continue
        first = fact.period_days[0].year
        if start is not None and first < start:
            continue
        series.append((first, fact, fact.quantity))
    series.sort(key=lambda item: (item[0], str(item[1].node)))
    current = [s for s in series if s[1].period_days == claim.period_days]
    if not current or len(series) < 2:
        lines.append(f"series: {len(series)} like-for-like reference figure(s)")
        return _verdict(
            context,
            "unverifiable",
            f"Not enough reference figures of the series to check a record in "
            f"{when.describe(graph)}.",
            "record",
            lines,
            [f for _, f, _ in series],
        )
    for _, fact, quantity in series:
        lines.append(f"{when_of(graph, fact).describe(graph)}: {quantity.describe()}")
    _, now_fact, now_q = current[0]
    evidence = [f for _, f, _ in series]
    if claim.value == FC.FirstTime:
        condition = graph.value(claim.node, FC.condition)
        test = _condition(context, condition, lines, evidence)
        if test is None:
            return None
        if not test(now_fact, now_q):
            return _verdict(
                context,
                "contradicted",
                f"The condition ({context.label(condition)}) does not hold in "
                f"{when.describe(graph)}.",
                "record",
                lines,
                evidence,
            )
        earlier = [(y, f) for y, f, q in series if f is not now_fact and y < year and test(f, q)]
        if earlier:
            y, f = earlier[-1]
            lines.append(f"earlier case: {y} — {context.cite(f)}")
            if window is None:
                return _verdict(
                    context,
                    "misleading",
                    f"It happened before, in {y}: the first time since {y}, not ever "
                    f"(the claim leaves out “since {y}”).",
                    "record",
                    lines,
                    evidence,
                )
            return _verdict(
                context,
                "contradicted",
                f"Not the first time in {window} years: it also happened in {y}.",
                "record",
                lines,
                evidence,
            )
        return _verdict(
            context,
            "supported",
            f"The series shows no earlier case since {series[0][0]}.",
            "record",
            lines,
            evidence,
        )
    values = [q.value for _, _, q in series]
    best = max(values) if claim.value == FC.Highest else min(values)
    if now_q.value == best:
        return _verdict(
            context,
            "supported",
            f"{format_number(now_q.value)} is the {context.label(claim.value)} of the "
            f"{len(series)} figures from {series[0][0]}.",
            "record",
            lines,
            evidence,
        )
    other = next(s for s in series if s[2].value == best)
    return _verdict(
        context,
        "contradicted",
        f"{when_of(graph, other[1]).describe(graph)} had {format_number(best)}, beyond "
        f"{format_number(now_q.value)}.",
        "record",
        lines,
        evidence,
    )


def _condition(
    context: Context, condition: Node | None, lines: list[str], evidence: list[Statement]
) -> Callable[[Statement, Quantity], bool] | None:
    """The test a first-time record's fc:condition sets on one figure of the series.

    fc:Negative / fc:Positive test the figure itself; fc:Greater / fc:Less compare it with
    fc:comparedWith's figure for the same period ("deaths outnumbered births").
    """
    graph = context.index.graph
    if condition == FC.Negative:
        return lambda _f, q: q.value < 0
    if condition == FC.Positive:
        return lambda _f, q: q.value > 0
    other = graph.value(context.claim.node, FC.comparedWith)
    if condition not in (FC.Greater, FC.Less) or other is None:
        return None

    def compare(fact: Statement, quantity: Quantity) -> bool:
        when = when_of(graph, fact)
        found = lookup(context.index, context.claim, other, context.claim.predicate, when)
        chosen = pick(graph, context.claim, found.usable)
        if chosen is None:
            return False
        their_fact, theirs = chosen
        order = _order(interval(quantity), interval(theirs))
        lines.append(
            f"{when.describe(graph)}: {format_number(quantity.value)} against "
            f"{context.label(other)}'s {format_number(theirs.value)} — {order}"
        )
        if their_fact not in evidence:
            evidence.append(their_fact)
        return order == ("greater" if condition == FC.Greater else "less")

    return compare


def _reference_record(context: Context, year: int, lines: list[str]) -> Verdict | None:
    """A reference record of the same event, with the last time it happened before."""
    claim = context.claim
    graph = context.index.graph
    facts = [
        f
        for f in context.index.facts(claim.subject, claim.predicate)
        if kind_of(graph, f.node) == FC.Record
        and f.value == claim.value
        and f.period_days == claim.period_days
    ]
    if not facts:
        return None
    fact = facts[0]
    previous = _year(graph.value(fact.node, FC.previousOccurrence))
    window = _int(graph.value(claim.node, FC.withinYears))
    lines.append(
        f"reference record — {context.cite(fact)}"
        + (f"; last time before: {previous}" if previous is not None else "")
    )
    if previous is None:
        return _verdict(
            context, "supported", "The reference states the record.", "record", lines, [fact]
        )
    gap = year - previous
    if window is not None:
        limit = window
        lines.append(f"{year} − {previous} = {gap} years; the claim says {limit}")
        if gap >= limit:
            return _verdict(
                context,
                "supported",
                f"It last happened in {previous}, {gap} years before.",
                "record",
                lines,
                [fact],
            )
        return _verdict(
            context,
            "contradicted",
            f"It last happened in {previous}, only {gap} years before.",
            "record",
            lines,
            [fact],
        )
    return _verdict(
        context,
        "misleading",
        f"It happened before, in {previous}: the first time since {previous}, not ever "
        f"(the claim leaves out “since {previous}”).",
        "record",
        lines,
        [fact],
    )


# --- Share and aggregate -----------------------------------------------------------


def rule_share(context: Context) -> Verdict | None:
    """A part's percentage of a whole: part ÷ whole × 100, like for like.

    Part and whole are paired like for like (no axis on which their measures differ). A claimed
    share that only a pair of unlike figures reproduces (a company's wholesale over a market's
    retail) is misleading, with the like-for-like share when there is one.
    """
    claim = context.claim
    graph = context.index.graph
    whole_subject = graph.value(claim.node, FC.shareOf)
    if not _is(context, FC.Share) or claim.quantity is None or whole_subject is None:
        return None
    when = when_of(graph, claim)
    whole_property = graph.value(claim.node, FC.wholeProperty)
    whole_predicate = whole_property if isinstance(whole_property, URIRef) else claim.predicate
    part_measures = measures(graph, claim.node)
    whole_measures = dict(part_measures)
    for measure in graph.objects(claim.node, FC.wholeMeasure):
        if isinstance(measure, URIRef):
            whole_measures[graph.value(measure, FC.measureAxis) or measure] = measure
    lines = [
        f"claimed: {claim.quantity.describe()} of {context.label(whole_subject)}, "
        f"{when.describe(graph)}"
    ]
    part = lookup(context.index, claim, claim.subject, claim.predicate, when, part_measures)
    whole = lookup(context.index, claim, whole_subject, whole_predicate, when, whole_measures)
    parts, later_parts = current(graph, claim, part.usable)
    wholes, later_wholes = current(graph, claim, whole.usable)
    if not parts or not wholes:
        lines += part.mismatch_lines() + whole.mismatch_lines()
        return _missing(
            context,
            "share",
            "the part" if not parts else f"the whole ({context.label(whole_subject)})",
            lines,
            [(part, when), (whole, when)],
        )
    claimed = interval(stated(claim.quantity))
    pairs = [(p, w) for p in parts for w in wholes if p.quantity and w.quantity]
    like = [(p, w) for p, w in pairs if not _unlike_pair(graph, p, w)]
    for p, w in like or pairs[:1]:
        lines.append(f"part: {_q(p).describe()} — {context.cite(p)}")
        lines.append(f"whole: {_q(w).describe()} — {context.cite(w)}")
        break
    p_fact, w_fact = (like or pairs)[0]
    computed = _share(p_fact, w_fact)
    holds = meets(claimed, computed)
    lines.append(
        f"{format_number(_q(p_fact).value)} ÷ {format_number(_q(w_fact).value)} × 100 = "
        f"{show_interval(computed, 1, ' %')}; claimed {claim.quantity.describe()} → "
        f"{'matches' if holds else 'does not match'}"
    )
    evidence = [p_fact, w_fact]
    for old, new in [*later_parts, *later_wholes]:
        if old in evidence and new.quantity is not None:
            lines.append(
                f"later revised to {new.quantity.describe()} — {context.cite(new)} "
                "(published after the article; the claim is judged on what was known then)"
            )
    unlike = _unlike(graph, part_measures, whole_measures)
    if holds and like and unlike:
        lines.append(f"but the claim divides different measures: {unlike}")
        return _verdict(
            context,
            "misleading",
            f"The share divides figures that are not like for like ({unlike}).",
            "share",
            lines,
            evidence,
        )
    if holds and like:
        return _verdict(
            context,
            "supported",
            f"{format_number(_q(p_fact).value)} ÷ {format_number(_q(w_fact).value)} = "
            f"{show_interval(computed, 1, ' %')}, as claimed.",
            "share",
            lines,
            evidence,
        )
    others = [
        (p, w)
        for p in [*parts, *(f for f, _ in part.set_aside)]
        for w in [*wholes, *(f for f, _ in whole.set_aside)]
        if (p, w) not in like
        and p.quantity is not None
        and w.quantity is not None
        and p.same_time(claim)
        and w.same_time(claim)
        and not is_article_itself(graph, claim, p)
        and not is_article_itself(graph, claim, w)
    ]
    for p, w in others:
        alt = _share(p, w)
        if not meets(claimed, alt):
            continue
        reason = _unlike(graph, measures(graph, p.node), measures(graph, w.node))
        reasons = [r for f, r in (*part.set_aside, *whole.set_aside) if f in (p, w)]
        reason = "; ".join([*([reason] if reason else []), *reasons]) or "another measure"
        lines.append(
            f"the claimed share matches {format_number(_q(p).value)} ÷ "
            f"{format_number(_q(w).value)} = {show_interval(alt, 1, ' %')} "
            f"({_short_fact(p)} over {_short_fact(w)}), not like for like: {reason}"
        )
        if like:
            summary = (
                f"The like-for-like share is {show_interval(computed, 1, ' %')}; the claimed "
                f"{claim.quantity.describe()} divides unlike figures ({reason})."
            )
        else:
            summary = (
                f"The claimed {claim.quantity.describe()} divides unlike figures ({reason}); "
                "no like-for-like pair of figures was found."
            )
        return _verdict(context, "misleading", summary, "share", lines, [*evidence, p, w])
    if not like:
        return _verdict(
            context,
            "unverifiable",
            "The part and the whole found count different measures, and they do not give "
            f"the claimed share ({show_interval(computed, 1, ' %')}).",
            "share",
            lines,
            evidence,
        )
    return _verdict(
        context,
        "contradicted",
        f"The share is {show_interval(computed, 1, ' %')}, not {claim.quantity.describe()}.",
        "share",
        lines,
        evidence,
    )


def _q(fact: Statement) -> Quantity:
    assert fact.quantity is not None
    return fact.quantity


def _share(part: Statement, whole: Statement) -> Interval:
    return corners(lambda a, b: a / b * 100, interval(_q(part)), interval(_q(whole)))


def _unlike_pair(graph: Graph, part: Statement, whole: Statement) -> bool:
    return bool(_unlike(graph, measures(graph, part.node), measures(graph, whole.node)))


def _short_fact(fact: Statement) -> str:
    return "fcd:" + str(fact.node).rsplit("/", 1)[-1]


def _unlike(graph: Graph, a: dict[Node, URIRef], b: dict[Node, URIRef]) -> str:
    """ "wholesale over retail" for each axis on which the two sets of measures differ."""
    pairs = [(a[axis], b[axis]) for axis in a if axis in b and a[axis] != b[axis]]
    return "; ".join(f"{label(graph, x)} over {label(graph, y)}" for x, y in pairs)


def rule_aggregate(context: Context) -> Verdict | None:
    """A whole against the sum of its parts' reference figures (periods or subjects)."""
    claim = context.claim
    graph = context.index.graph
    if not _is(context, FC.Aggregate) or claim.quantity is None:
        return None
    periods = sorted((p for p in graph.objects(claim.node, FC.sumOfPeriods)), key=str)
    subjects = sorted((s for s in graph.objects(claim.node, FC.sumOfSubjects)), key=str)
    parts: list[tuple[Node, When, str]] = [
        (claim.subject, When(p if isinstance(p, URIRef) else None), context.label(p))
        for p in periods
    ] + [(s, when_of(graph, claim), context.label(s)) for s in subjects]
    if not parts:
        return None
    lines = [
        f"claimed: {claim.quantity.describe()} as the sum of "
        + ", ".join(name for _, _, name in parts)
    ]
    facts: list[Statement] = []
    low = high = Decimal(0)
    missing: list[str] = []
    found_all: list[tuple[Lookup, When]] = []
    for subject, when, name in parts:
        found = lookup(context.index, claim, subject, claim.predicate, when)
        found_all.append((found, when))
        chosen = pick(graph, claim, found.usable)
        if chosen is None:
            missing.append(name)
            lines += found.mismatch_lines()
            continue
        fact, quantity = chosen
        lines.append(f"{name}: {quantity.describe()} — {context.cite(fact)}")
        span = interval(quantity)
        low, high = low + span[0], high + span[1]
        facts.append(fact)
    if missing:
        return _missing(context, "aggregate", ", ".join(missing), lines, found_all)
    total = sum((f.quantity.value for f in facts if f.quantity is not None), Decimal(0))
    claimed = stated(claim.quantity)
    holds = meets(interval(claimed), (low, high))
    lines.append(
        " + ".join(format_number(f.quantity.value) for f in facts if f.quantity is not None)
        + f" = {format_number(total)}; claimed {claim.quantity.describe()} → "
        + (
            "matches"
            if holds
            else f"does not match (difference {format_number(claim.quantity.value - total)})"
        )
    )
    if holds:
        return _verdict(
            context,
            "supported",
            f"The parts add up to {format_number(total)}.",
            "aggregate",
            lines,
            facts,
        )
    return _verdict(
        context,
        "contradicted",
        f"The parts add up to {format_number(total)}, not {claim.quantity.describe()}.",
        "aggregate",
        lines,
        facts,
    )


KIND_RULES: tuple[Callable[[Context], Verdict | None], ...] = (
    rule_change,
    rule_comparison,
    rule_ranking,
    rule_record,
    rule_share,
    rule_aggregate,
)
