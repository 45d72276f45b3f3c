"""Verdicts: each article claim compared with reference facts, with the reasoning written out.

A verdict is computed, never typed in: a rule gathers the reference facts that bear on a claim
(same subject and property, or the facts a computation needs), compares values within the
claim's stated precision, and writes each step down. The scale (DESIGN.md, "Verdicts") is
supported · contradicted · misleading · misquoted · unverifiable, stored with the vocabulary in
``ontology/factcheck.ttl`` (``fc:Verdict``) and mapped onto schema.org ClaimReview ratings
(https://schema.org/ClaimReview).

Rules are tried in order; the first that has evidence decides. Framing checks then run on the
result: a claim whose numbers hold can still be misleading (a segment's loss presented as a
per-car loss; a word such as "engine" said of a car that has none, from the ontology's
``fc:impliedByWord`` terms).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.term import Node

from factcheck.loader import FC, SCHEMA, new_graph
from factcheck.quotes import compare, words
from factcheck.statements import Statement, StatementIndex, publisher
from factcheck.values import (
    DateValue,
    Quantity,
    days_between,
    format_money_short,
    format_number,
)
from factcheck.verdicts.lookup import (
    Lookup,
    current,
    denominator,
    is_article_itself,
    kind_of,
    lookup,
    measure_mismatches,
    measures,
    same_denominator,
    when_of,
)

if TYPE_CHECKING:
    pass

RATINGS: dict[str, URIRef] = {
    "supported": FC.Supported,
    "contradicted": FC.Contradicted,
    "misleading": FC.Misleading,
    "misquoted": FC.Misquoted,
    "unverifiable": FC.Unverifiable,
    "disputed": FC.Disputed,
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
    graph = new_graph()
    for triple in verdict_triples(verdicts):
        graph.add(triple)
    return graph


def verdict_triples(
    verdicts: dict[URIRef, Verdict] | Sequence[Verdict],
) -> Iterator[tuple[URIRef, URIRef, Node]]:
    """The triples of ``verdict_graph``, one at a time (to stream them into a store)."""
    items = verdicts.values() if isinstance(verdicts, dict) else verdicts
    for verdict in items:
        node = verdict_iri(verdict.claim)
        yield (verdict.claim, FC.verdict, node)
        yield (node, RDF.type, FC.Verdict)
        yield (node, FC.rating, RATINGS[verdict.rating])
        yield (node, FC.summary, Literal(verdict.summary))
        yield (node, FC.rule, Literal(verdict.rule))
        if verdict.reasoning:
            yield (node, FC.reasoning, Literal("\n".join(verdict.reasoning)))
        for fact in verdict.evidence:
            yield (node, FC.evidence, fact)


# --- Rule machinery ----------------------------------------------------------------


@dataclass
class Context:
    """What a rule needs: the claim, the statement index, and helpers for wording."""

    claim: Statement
    index: StatementIndex

    def label(self, node: object) -> str:
        return self.index.label(node if isinstance(node, URIRef | Literal) else None)

    def facts(self, subject: Node, predicate: URIRef) -> list[Statement]:
        """Reference facts of ``subject``/``predicate``, never one citing the claim's article."""
        return [
            f
            for f in self.index.facts(subject, predicate)
            if not is_article_itself(self.index.graph, self.claim, f)
        ]

    def cite(self, fact: Statement) -> str:
        """``fcd:ref-x (Source A; Source B)`` for a reasoning line."""
        sources = "; ".join(self.label(s) for s in fact.sources) or "no source"
        return f"{_short(fact.node)} ({sources})"


def _short(node: URIRef) -> str:
    return "fcd:" + str(node).rsplit("/", 1)[-1] if "/data/" in str(node) else str(node)


Rule = Callable[[Context], Verdict | None]


def decide(claim: Statement, index: StatementIndex, rules: Sequence[Rule] = ()) -> Verdict:
    """Run the rules in order (``RULES`` when none are given), then the framing checks."""
    context = Context(claim=claim, index=index)
    for rule in rules or RULES:
        verdict = rule(context)
        if verdict is not None:
            break
    else:
        verdict = _no_evidence(context)
    for check in FRAMING_CHECKS:
        verdict = check(context, verdict)
    if (
        verdict.rating == "supported"
        and "later revised" not in verdict.summary
        and any(step.startswith("later revised to") for step in verdict.reasoning)
    ):
        verdict = replace(
            verdict,
            summary=verdict.summary
            + " A figure it rests on was later revised (see the reasoning).",
        )
    return _with_derivations(context, verdict)


def _with_derivations(context: Context, verdict: Verdict) -> Verdict:
    """Write out how each derived reference fact among the evidence was computed."""
    from factcheck.derivations import explain_lines

    graph = context.index.graph
    lines: list[str] = []
    for fact in verdict.evidence:
        if (fact, FC.derivation, None) in graph:
            lines += explain_lines(graph, fact, _fact_quantity(context))
    if not lines:
        return verdict
    return replace(verdict, reasoning=(*verdict.reasoning, *lines))


def _fact_quantity(context: Context) -> Callable[[URIRef], Quantity | None]:
    def quantity(node: URIRef) -> Quantity | None:
        statement = context.index.statements.get(node)
        return statement.quantity if statement is not None else None

    return quantity


def _no_evidence(context: Context) -> Verdict:
    """Unverifiable, naming the qualifier that did not match when facts exist for another."""
    claim = context.claim
    subject, prop = context.label(claim.subject), context.label(claim.predicate)
    others = [
        f
        for f in context.facts(claim.subject, claim.predicate)
        if not is_article_itself(context.index.graph, claim, f)
    ]
    own = [f for f in context.index.facts(claim.subject, claim.predicate) if f not in others]
    if not others and own:
        return _verdict(
            context,
            "unverifiable",
            f"The only reference facts stating “{prop}” for {subject} cite the article under "
            "review, which is no evidence for its own claims.",
            "no-evidence",
            [f"set aside {_short(f.node)}: cites the article under review" for f in own],
            [],
        )
    if not others:
        return _verdict(
            context,
            "unverifiable",
            f"No reference fact states “{prop}” for {subject}.",
            "no-evidence",
            [f"looked for reference facts with subject {subject} and property {prop}: none"],
            [],
        )
    graph = context.index.graph
    when = when_of(graph, claim)
    found = lookup(
        context.index, claim, claim.subject, claim.predicate, when, per=denominator(graph, claim)
    )
    reasons = [found.why(graph, when)] if found.set_aside else ["another kind of statement"]
    lines = [
        f"{len(others)} reference fact(s) state “{prop}” for {subject}, none like for like "
        "with the claim",
        *found.mismatch_lines(),
    ]
    summary = (
        f"{len(others)} reference fact(s) state “{prop}” for {subject}, but none matches the "
        f"claim: {reasons[0]}."
    )
    return _verdict(context, "unverifiable", summary, "no-evidence", lines, [])


def _verdict(  # noqa: PLR0917 — every call site reads as one sentence
    context: Context,
    rating: str,
    summary: str,
    rule: str,
    reasoning: Sequence[str],
    evidence: Sequence[Statement | URIRef],
) -> Verdict:
    seen: list[URIRef] = []
    for item in evidence:
        node = item.node if isinstance(item, Statement) else item
        if node not in seen:
            seen.append(node)
    return Verdict(
        claim=context.claim.node,
        rating=rating,
        summary=summary,
        rule=rule,
        reasoning=tuple(reasoning),
        evidence=tuple(seen),
    )


# --- Temporal ------------------------------------------------------------------------


def _dated_facts(context: Context, event: URIRef) -> list[Statement]:
    return [f for f in context.facts(event, FC.happenedAt) if f.date is not None]


def rule_elapsed_time(context: Context) -> Verdict | None:
    """A stated duration against the dates of its start and end events."""
    claim = context.claim
    if claim.predicate != FC.elapsedTime or claim.start_event is None or claim.end_event is None:
        return None
    starts = _dated_facts(context, claim.start_event)
    ends = _dated_facts(context, claim.end_event)
    if not starts or not ends or claim.quantity is None:
        return None
    start, end = _closest_zone_pair(starts, ends)
    assert start.date is not None and end.date is not None
    days = days_between(start.date, end.date)
    same_zone = start.date.zone == end.date.zone
    slack = Decimal(0) if same_zone else Decimal(1)
    computed = Quantity(
        value=Decimal(days),
        unit=claim.quantity.unit,
        rounding_unit=slack * 2,
        precision="Rounded" if slack else "Exact",
    )
    holds = claim.quantity.compatible_with(computed)
    arithmetic = f"{start.date.describe()} → {end.date.describe()} = {days} days"
    reasoning = [
        f"{context.label(claim.start_event)}: {start.date.describe()} — {context.cite(start)}",
        f"{context.label(claim.end_event)}: {end.date.describe()} — {context.cite(end)}",
        arithmetic + ("" if same_zone else " (the dates are in different time zones: ±1 day)"),
        f"claimed: {claim.quantity.describe()} → {'matches' if holds else 'does not match'}",
    ]
    if holds:
        summary = f"{arithmetic}, as claimed."
        return _verdict(context, "supported", summary, "elapsed-time", reasoning, [start, end])
    summary = f"{arithmetic}, not {claim.quantity.describe()}."
    return _verdict(context, "contradicted", summary, "elapsed-time", reasoning, [start, end])


def _closest_zone_pair(
    starts: list[Statement], ends: list[Statement]
) -> tuple[Statement, Statement]:
    for start in starts:
        for end in ends:
            if start.date is not None and end.date is not None and start.date.zone == end.date.zone:
                return start, end
    return starts[0], ends[0]


def rule_date(context: Context) -> Verdict | None:
    """A claimed date against the reference dates, at the claim's granularity."""
    claim = context.claim
    if claim.date is None:
        return None
    facts = [f for f in context.facts(claim.subject, claim.predicate) if f.date is not None]
    if not facts:
        return None
    inside = [f for f in facts if f.date is not None and _date_fits(claim.date, f.date)]
    lines = [f"claimed: {claim.date.describe()} ({claim.date.granularity})"]
    for fact in facts:
        assert fact.date is not None
        fits = fact in inside
        lines.append(
            f"reference: {fact.date.describe()} — {context.cite(fact)} → "
            f"{'falls within' if fits else 'outside'} {claim.date.describe()}"
        )
    if inside:
        first = inside[0].date
        assert first is not None
        summary = f"{first.describe()} falls within the claimed {claim.date.describe()}."
        return _verdict(context, "supported", summary, "date", lines, inside)
    summary = f"Reference dates do not fall within {claim.date.describe()}."
    return _verdict(context, "contradicted", summary, "date", lines, facts)


def _date_fits(claimed: DateValue, reference: DateValue) -> bool:
    if claimed.granularity in ("year", "month"):
        return claimed.contains(reference)
    return claimed.overlaps(reference)


# --- Quotes and text ----------------------------------------------------------------

QUOTE_PROPERTIES = (FC.said, FC.postText)


def rule_quote(context: Context) -> Verdict | None:
    """An attributed quote against the reference wording: verbatim, paraphrase or different."""
    claim = context.claim
    text = claim.text_value
    if claim.predicate not in QUOTE_PROPERTIES or text is None:
        return None
    facts = [
        f
        for f in context.facts(claim.subject, claim.predicate)
        if f.text_value is not None
        and (claim.claimant is None or f.claimant in (None, claim.claimant))
    ]
    if not facts:
        return None
    compared = [(compare(text, f.text_value or ""), f) for f in facts]
    best, fact = max(compared, key=lambda pair: pair[0].similarity)
    speaker = context.label(claim.claimant or claim.subject)
    reasoning = [
        f"claimed wording: “{text}”",
        f"reference wording: “{fact.text_value}” — {context.cite(fact)}",
        f"comparison: {best.kind} ({best.detail})",
    ]
    if fact.note:
        reasoning.append(f"note on the reference: {fact.note}")
    if best.kind == "verbatim":
        return _verdict(
            context,
            "supported",
            f"The quote matches {speaker}'s reference wording.",
            "quote",
            reasoning,
            [fact],
        )
    if best.kind == "paraphrase":
        summary = f"Presented as {speaker}'s words, but it paraphrases the reference wording."
    else:
        summary = f"Presented as {speaker}'s words, but the reference wording is different."
    return _verdict(context, "misquoted", summary, "quote", reasoning, [fact])


def rule_name_expansion(context: Context) -> Verdict | None:
    """What a name stands for: the claimed expansion must extend the reference one."""
    claim = context.claim
    text = claim.text_value
    if claim.predicate != FC.nameExpansion or text is None:
        return None
    facts = [f for f in context.facts(claim.subject, claim.predicate) if f.text_value]
    if not facts:
        return None
    fact = facts[0]
    claimed, reference = words(text), words(fact.text_value or "")
    names = {context.label(claim.subject)} | {
        str(n) for n in context.index.graph.objects(claim.subject, SCHEMA.alternateName)
    }
    initials = "".join(w if w.isdigit() else w[0] for w in claimed).upper()
    name_match = any(initials == n.replace(" ", "").upper() for n in names)
    extends = claimed[: len(reference)] == reference
    reasoning = [
        f"claimed: {context.label(claim.subject)} stands for “{text}” (initials {initials})",
        f"reference: “{fact.text_value}” — {context.cite(fact)}",
    ]
    if fact.note:
        reasoning.append(f"note: {fact.note}")
    if extends and (claimed == reference or name_match):
        reasoning.append("the claimed expansion keeps the reference expansion and spells the name")
        return _verdict(
            context,
            "supported",
            f"The reference gives “{fact.text_value}”; the claim extends it consistently.",
            "name-expansion",
            reasoning,
            [fact],
        )
    return _verdict(
        context,
        "contradicted",
        f"The reference gives “{fact.text_value}”, not “{text}”.",
        "name-expansion",
        reasoning,
        [fact],
    )


def rule_free_text(context: Context) -> Verdict | None:
    """Free-text values are shown beside the reference wording; a person must compare."""
    claim = context.claim
    if claim.text_value is None:
        return None
    facts = [f for f in context.facts(claim.subject, claim.predicate) if f.text_value]
    if not facts:
        return None
    reasoning = [f"claimed: “{claim.text_value}”"]
    reasoning += [f"reference: “{f.text_value}” — {context.cite(f)}" for f in facts]
    reasoning.append("free-text values are not compared automatically; compare them by hand")
    reasoning += [f"note: {f.note}" for f in facts if f.note]
    return _verdict(
        context,
        "unverifiable",
        "The reference reporting words this differently; it neither confirms nor "
        "refutes the details.",
        "free-text",
        reasoning,
        facts,
    )


# --- Quantities ------------------------------------------------------------------------


def _rate(context: Context, currency: str, claim: Statement) -> Statement | None:
    """A sourced exchange-rate fact for ``currency`` per USD, for the claim's time."""
    for statement in context.index.statements.values():
        if (
            statement.kind == "fact"
            and statement.predicate == FC.exchangeRate
            and statement.quantity is not None
            and statement.quantity.currency == currency
            and statement.same_time(claim)
        ):
            return statement
    return None


def _in_currency(
    context: Context, fact: Statement, target: str | None, lines: list[str], used: list[Statement]
) -> Quantity | None:
    """``fact``'s quantity in ``target`` currency, converting through a dated rate."""
    quantity = fact.quantity
    if quantity is None:
        return None
    if target is None or quantity.currency in (None, target):
        return quantity
    if target == "USD" and quantity.currency is not None:
        rate = _rate(context, quantity.currency, context.claim)
        if rate is None or rate.quantity is None:
            lines.append(
                f"no dated {quantity.currency}/USD rate: cannot compare {context.cite(fact)}"
            )
            return None
        if rate.quantity.value <= 0:
            lines.append(
                f"the {quantity.currency}/USD rate ({context.cite(rate)}) is not positive:"
                f" cannot compare {context.cite(fact)}"
            )
            return None
        converted = quantity.scaled(Decimal(1) / rate.quantity.value, "USD")
        lines.append(
            f"{quantity.currency} {format_number(quantity.value)} ÷ {rate.quantity.value} "
            f"{quantity.currency}/USD ({context.cite(rate)}) = "
            f"{format_money_short(converted.value, 'USD')}"
        )
        used.append(rate)
        return converted
    return None


def rule_quantity(context: Context) -> Verdict | None:
    """A claimed figure against reference figures for the same thing and time."""
    claim = context.claim
    if claim.quantity is None or _per_unit(context) is not None:
        return None
    graph = context.index.graph
    if kind_of(graph, claim.node) is not None:
        return None
    found = lookup(
        context.index,
        claim,
        claim.subject,
        claim.predicate,
        when_of(graph, claim),
        per=denominator(graph, claim),
    )
    facts, revisions = current(graph, claim, [f for f in found.usable if f.same_time(claim)])
    if not facts:
        return _mismatched(context, found, [f"claimed: {claim.quantity.describe()}"])
    unit = claim.quantity.unit
    other_unit = [f for f in facts if _other_unit(unit, f)]
    lines = [f"claimed: {claim.quantity.describe()}"]
    if other_unit:
        # factcheck converts currencies (with a stated rate) but not units: a figure in
        # another unit (megawatts for gigawatts, kilograms for tonnes) is set aside.
        lines += [
            f"set aside {context.cite(f)}: in {_unit_label(context, f)}, not {context.label(unit)}"
            for f in other_unit
        ]
        facts = [f for f in facts if f not in other_unit]
        if not facts:
            units = sorted(
                {context.label(f.quantity.unit if f.quantity else None) for f in other_unit}
            )
            summary = (
                f"The reference figures are in {', '.join(units)}, not {context.label(unit)}, "
                "and factcheck does not convert units."
            )
            return _verdict(context, "unverifiable", summary, "no-evidence", lines, other_unit)
    agree: list[Statement] = []
    disagree: list[Statement] = []
    used: list[Statement] = []
    compared: dict[Statement, Quantity] = {}
    for fact in facts:
        assert fact.quantity is not None
        lines.append(f"reference: {fact.quantity.describe()} — {context.cite(fact)}")
        if fact.note:
            lines.append(f"note: {fact.note}")
        converted = _in_currency(context, fact, claim.quantity.currency, lines, used)
        if converted is None:
            continue
        difference = claim.quantity.value - converted.value
        holds = claim.quantity.compatible_with(converted)
        lines.append(
            f"difference {format_number(abs(difference).quantize(Decimal(1)))} "
            f"{'within' if holds else 'outside'} the stated precision "
            f"(claim ±{format_number(claim.quantity.tolerance.quantize(Decimal(1)))}, "
            f"reference ±{format_number(converted.tolerance.quantize(Decimal(1)))})"
        )
        if not holds and _truncated(claim.quantity, converted):
            holds = True
            lines.append(
                f"{claim.quantity.describe()} is {format_number(converted.value)} cut at its "
                "last stated digit (a figure written to the "
                f"{format_number(claim.quantity.rounding_unit or Decimal(1))} is often cut, "
                "not rounded)"
            )
        (agree if holds else disagree).append(fact)
        compared[fact] = converted
    if not agree and not disagree:
        return None
    evidence = [*agree, *disagree, *used]
    later = [(old, new) for old, new in revisions if old in agree]
    for _old, new in later:
        assert new.quantity is not None
        lines.append(
            f"later revised to {new.quantity.describe()} — {context.cite(new)} "
            "(published after the article)"
        )
        evidence.append(new)
    if agree and not disagree:
        summary = f"Matches {_names(context, agree)} within the stated precision."
        if later:
            new_q = later[0][1].quantity
            assert new_q is not None
            summary += f" The figure was later revised to {new_q.describe()}."
        return _verdict(context, "supported", summary, "quantity", lines, evidence)
    if disagree and not agree:
        other = _mismatched(context, found, lines)
        if other is not None:
            return other
        summary = f"{_names(context, disagree)} give a different figure."
        return _verdict(context, "contradicted", summary, "quantity", lines, evidence)
    graph = context.index.graph
    rivals = [d for d in disagree if any(not _unlike_facts(graph, d, a) for a in agree)]
    if not rivals:
        lines.append(
            "the figures that differ count other measures than the ones that match: "
            "not a disagreement between sources"
        )
        summary = f"Matches {_names(context, agree)} within the stated precision."
        return _verdict(context, "supported", summary, "quantity", lines, evidence)
    if all(compared[a].compatible_with(compared[d]) for a in agree for d in rivals):
        # The sources agree with each other; only the sharper ones exclude the claim.
        summary = (
            f"{_names(context, rivals)} give a sharper figure that the claim misses; "
            f"{_names(context, agree)}, which admit the claim, agree with that figure within "
            "a looser precision."
        )
        return _verdict(context, "contradicted", summary, "quantity", lines, evidence)
    summary = (
        f"Sources disagree beyond their precision: {_names(context, agree)} match the claim, "
        f"{_names(context, disagree)} do not."
    )
    return _verdict(context, "disputed", summary, "quantity", lines, evidence)


def _truncated(claimed: Quantity, reference: Quantity) -> bool:
    """True when a claimed figure written to a rounding unit is the reference figure cut (not
    rounded) at that unit: 343,830 reported as "343,000". Newsrooms cut figures as often as
    they round them, and a fact-checker accepts either; only the claim is read this way."""
    unit = claimed.rounding_unit
    if claimed.precision != "Rounded" or unit is None or unit <= 0:
        return False
    if reference.precision not in ("Exact", "Rounded") or claimed.value == 0:
        return False
    low, high = reference.bounds()
    high = high if high is not None else low
    size, sign = abs(claimed.value), (1 if claimed.value > 0 else -1)
    # the reference's own interval must fit inside [claim, claim + unit) on the claim's side
    lo, hi = (low, high) if sign > 0 else (-high, -low)
    return size <= lo and hi < size + unit


def _unlike_facts(graph: Graph, first: Statement, second: Statement) -> bool:
    """True when two reference facts state different measures on a shared axis."""
    return bool(measure_mismatches(graph, measures(graph, first.node), second))


def _other_unit(unit: URIRef | None, fact: Statement) -> bool:
    """Whether ``fact`` states its figure in a unit other than ``unit`` (both stated)."""
    stated = fact.quantity.unit if fact.quantity is not None else None
    return unit is not None and stated is not None and stated != unit


def _unit_label(context: Context, fact: Statement) -> str:
    return context.label(fact.quantity.unit if fact.quantity is not None else None)


def _mismatched(context: Context, found: Lookup, lines: list[str]) -> Verdict | None:
    """No like-for-like figure agrees: a match on another measure is misleading."""
    claim = context.claim
    assert claim.quantity is not None
    for fact, reason in found.set_aside:
        if (
            fact.quantity is None
            or not fact.same_time(claim)
            or is_article_itself(context.index.graph, claim, fact)
        ):
            continue
        if claim.quantity.compatible_with(fact.quantity):
            lines.append(f"reference: {fact.quantity.describe()} — {context.cite(fact)}")
            lines.append(f"the number matches this reference, which {reason}")
            graph = context.index.graph
            if not same_denominator(graph, denominator(graph, claim), denominator(graph, fact)):
                # a rate per another population is another figure: the stated rate is wrong
                summary = f"The number is a rate {reason}: as stated, the rate is wrong."
                return _verdict(context, "contradicted", summary, "like-for-like", lines, [fact])
            summary = f"The number belongs to another measure: the matching reference {reason}."
            return _verdict(context, "misleading", summary, "like-for-like", lines, [fact])
    return _confusable(context, lines)


def _confusable(context: Context, lines: list[str]) -> Verdict | None:
    """A figure that matches a commonly confused property (revenue for earnings)."""
    claim = context.claim
    graph = context.index.graph
    assert claim.quantity is not None
    others = {*graph.objects(claim.predicate, FC.confusableWith)}
    others |= {*graph.subjects(FC.confusableWith, claim.predicate)}
    for other in sorted(o for o in others if isinstance(o, URIRef)):
        found = lookup(context.index, claim, claim.subject, other, when_of(graph, claim))
        for fact in found.usable:
            if fact.quantity is not None and claim.quantity.compatible_with(fact.quantity):
                lines.append(
                    f"the number matches {context.label(other)}: {fact.quantity.describe()} — "
                    f"{context.cite(fact)}"
                )
                summary = (
                    f"The figure is {context.label(claim.subject)}'s "
                    f"{context.label(other)}, not its {context.label(claim.predicate)}."
                )
                return _verdict(context, "misleading", summary, "like-for-like", lines, [fact])
    return None


def _names(context: Context, facts: Sequence[Statement]) -> str:
    """The publishers behind ``facts``, for a summary sentence."""
    sources: list[str] = []
    for fact in facts:
        for source in fact.sources:
            kind = context.index.graph.value(source, FC.sourceKind)
            name = publisher(context.index.graph, source)
            if name == "unknown" or kind in (FC.PrimarySource, FC.ResearchNote):
                name = context.label(source)
            if name not in sources:
                sources.append(name)
    return ", ".join(sources) or "the reference facts"


def _per_unit(context: Context) -> tuple[URIRef, tuple[URIRef, ...]] | None:
    """(total property, count properties) when the claim's property is a per-unit figure.

    Declared in the ontology with fc:totalProperty / fc:countProperty, which the SHACL-SPARQL
    per-unit rule reads too.
    """
    graph = context.index.graph
    total = graph.value(context.claim.predicate, FC.totalProperty)
    counts = tuple(
        c for c in graph.objects(context.claim.predicate, FC.countProperty) if isinstance(c, URIRef)
    )
    if not isinstance(total, URIRef) or not counts:
        return None
    return total, counts


def rule_per_unit(context: Context) -> Verdict | None:
    """Per-unit × count ≈ total, and whose total it is."""
    claim = context.claim
    mapping = _per_unit(context)
    if mapping is None or claim.quantity is None:
        return None
    total_property, count_properties = mapping
    counts = [
        f
        for p in count_properties
        for f in context.facts(claim.subject, p)
        if f.quantity is not None and f.same_time(claim)
    ]
    if not counts:
        return None
    count = counts[0]
    assert count.quantity is not None
    graph = context.index.graph
    owners = [
        claim.subject,
        *[s for s in graph.objects(claim.subject, FC.reportedInSegment) if isinstance(s, URIRef)],
    ]
    totals = [
        f
        for owner in owners
        for f in context.facts(owner, total_property)
        if f.quantity is not None and f.same_time(claim)
    ]
    article_totals = [
        s
        for s in context.index.claims()
        if s.predicate == total_property
        and s.subject in owners
        and s.quantity is not None
        and s.same_time(claim)
    ]
    lines = [
        f"claimed: {claim.quantity.describe()} per vehicle"
        + (" (an estimate)" if claim.is_estimate else "")
    ]
    lines.append(f"vehicles: {count.quantity.describe()} — {context.cite(count)}")
    used: list[Statement] = [count]
    results: list[bool] = []
    for total in article_totals:
        assert total.quantity is not None
        own = _in_currency(context, total, claim.quantity.currency, lines, used)
        if own is None:
            continue
        per_unit = own.value / count.quantity.value
        holds = claim.quantity.compatible_with(Quantity(value=per_unit, currency=own.currency))
        results.append(holds)
        lines.append(
            f"the article's own total {total.quantity.describe()} ({_short(total.node)}) ÷ "
            f"{format_number(count.quantity.value)} = {own.currency} "
            f"{format_number(per_unit.quantize(Decimal(1)))} per vehicle → "
            f"{'holds' if holds else 'does not hold'} for {claim.quantity.describe()}"
        )
    for total in totals:
        assert total.quantity is not None
        lines.append(
            f"reference total: {total.quantity.describe()} for "
            f"{context.label(total.subject)} — {context.cite(total)}"
        )
        if total.note:
            lines.append(f"note: {total.note}")
        converted = _in_currency(context, total, claim.quantity.currency, lines, used)
        used.append(total)
        if converted is None:
            continue
        per_unit = converted.value / count.quantity.value
        holds = claim.quantity.compatible_with(
            Quantity(value=per_unit, currency=converted.currency)
        )
        results.append(holds)
        lines.append(
            f"{format_money_short(converted.value, converted.currency)} ÷ "
            f"{format_number(count.quantity.value)} = {converted.currency} "
            f"{format_number(per_unit.quantize(Decimal(1)))} per vehicle → "
            f"{'holds' if holds else 'does not hold'} for {claim.quantity.describe()}"
        )
    estimates = [f for f in context.facts(claim.subject, claim.predicate) if f.quantity]
    for estimate in estimates:
        assert estimate.quantity is not None
        lines.append(
            f"published estimate: {estimate.quantity.describe()} — {context.cite(estimate)}"
        )
        if estimate.note:
            lines.append(f"note: {estimate.note}")
    if not results:
        return _against_estimates(context, estimates, lines)
    evidence = [*used, *estimates]
    if not all(results):
        return _verdict(
            context,
            "contradicted",
            "Per-vehicle × vehicles does not give the reported total.",
            "per-unit-arithmetic",
            lines,
            evidence,
        )
    segment_totals = [
        t
        for t in totals
        if t.subject != claim.subject and (t.subject, RDF.type, FC.BusinessSegment) in graph
    ]
    if not segment_totals:
        return _verdict(
            context,
            "supported",
            "Total ÷ vehicles gives the claimed figure.",
            "per-unit-arithmetic",
            lines,
            evidence,
        )
    segment = segment_totals[0].subject
    lines.append(
        f"but the total is the loss of {context.label(segment)}, a segment wider than "
        f"{context.label(claim.subject)}"
    )
    margins = [
        f
        for f in context.facts(segment, FC.grossMargin)
        if f.quantity is not None and f.same_time(claim)
    ]
    summary = (
        f"The arithmetic holds, but the loss belongs to {context.label(segment)}, "
        f"not to {context.label(claim.subject)} cars alone"
    )
    for margin in margins:
        assert margin.quantity is not None
        if margin.quantity.value > 0:
            percent = format_number(margin.quantity.value)
            lines.append(
                f"the segment's gross margin was positive ({percent} %) — {context.cite(margin)}: "
                "cars sold above their direct cost, so the figure spreads fixed costs over cars; "
                "it is not a loss on each car sold"
            )
            summary += f", and the segment's gross margin was positive ({percent} %)"
            evidence.append(margin)
    return _verdict(context, "misleading", summary + ".", "per-unit-arithmetic", lines, evidence)


def _against_estimates(
    context: Context, estimates: list[Statement], lines: list[str]
) -> Verdict | None:
    """No total to divide: compare the per-unit claim with published estimates of it."""
    claim = context.claim
    assert claim.quantity is not None
    if not estimates:
        return None
    lines.append("no total and count to recompute the figure from; compared with the estimates")
    agree = [
        e
        for e in estimates
        if e.quantity is not None and claim.quantity.compatible_with(e.quantity)
    ]
    if len(agree) == len(estimates):
        return _verdict(
            context,
            "supported",
            f"Matches the estimates of {_names(context, agree)}.",
            "per-unit-estimate",
            lines,
            estimates,
        )
    if not agree:
        return _verdict(
            context,
            "contradicted",
            f"{_names(context, estimates)} estimate a different figure.",
            "per-unit-estimate",
            lines,
            estimates,
        )
    return _verdict(
        context,
        "unverifiable",
        "Published estimates disagree about this figure.",
        "per-unit-estimate",
        lines,
        estimates,
    )


# --- Entities ----------------------------------------------------------------------


def rule_entity(context: Context) -> Verdict | None:
    """A relation between entities, confirmed by a reference fact stating the same triple."""
    claim = context.claim
    if not isinstance(claim.value, URIRef) or claim.quantity is not None:
        return None
    facts = context.facts(claim.subject, claim.predicate)
    same = [f for f in facts if f.value == claim.value]
    if not same:
        return None
    statement = (
        f"{context.label(claim.subject)} — {context.label(claim.predicate)} → "
        f"{context.label(claim.value)}"
    )
    lines = [f"claimed: {statement}"] + [
        f"reference: same statement — {context.cite(f)}" for f in same
    ]
    return _verdict(
        context, "supported", f"Stated by {_names(context, same)}.", "same-statement", lines, same
    )


def rule_launch_status(context: Context) -> Verdict | None:
    """ "Launched" said of a product that, when the article appeared, was not yet on sale."""
    claim = context.claim
    if claim.predicate != FC.launchedVariant or not isinstance(claim.value, URIRef):
        return None
    graph = context.index.graph
    on_sale = [
        f
        for f in context.facts(claim.value, FC.onSaleFrom)
        if f.period_days or isinstance(f.value, URIRef)
    ]
    if not on_sale:
        return None
    fact = on_sale[0]
    period = fact.value if isinstance(fact.value, URIRef) else None
    from factcheck.statements import period_days

    window = period_days(graph, period) if period is not None else None
    published = _published_not_before(context)
    if window is None or published is None or window[0] <= published:
        return None
    lines = [
        f"claimed: {context.label(claim.subject)} has launched {context.label(claim.value)}",
        f"on sale from: {context.label(period)} (from {window[0].isoformat()}) — "
        f"{context.cite(fact)}",
    ]
    if fact.note:
        lines.append(f"note: {fact.note}")
    evidence: list[Statement] = [fact]
    for event in graph.subjects(SCHEMA.about, claim.value):
        if (event, RDF.type, FC.Unveiling) in graph:
            for dated in _dated_facts(context, event if isinstance(event, URIRef) else claim.value):
                assert dated.date is not None
                lines.append(
                    f"{context.label(event)}: {dated.date.describe()} — {context.cite(dated)}"
                )
                evidence.append(dated)
    lines.append(
        f"the article was published on or after {published.isoformat()}, before "
        f"{window[0].isoformat()}"
    )
    summary = (
        f"{context.label(claim.value)} had been unveiled, not launched: it was not expected "
        f"on sale until {context.label(period)}."
    )
    return _verdict(context, "misleading", summary, "launch-status", lines, evidence)


def _published_not_before(context: Context) -> dt.date | None:
    graph = context.index.graph
    for source in context.claim.sources:
        for predicate in (SCHEMA.datePublished, FC.publishedNotBefore):
            value = graph.value(source, predicate)
            if isinstance(value, Literal) and isinstance(value.toPython(), dt.date):
                published: dt.date = value.toPython()
                return published
    return None


RULES: tuple[Rule, ...] = (
    rule_elapsed_time,
    rule_per_unit,
    rule_quantity,
    rule_date,
    rule_quote,
    rule_name_expansion,
    rule_entity,
    rule_launch_status,
    rule_free_text,
)


# --- Framing checks ------------------------------------------------------------------


def check_wording(context: Context, verdict: Verdict) -> Verdict:
    """A word in the quote that implies a property the subject lacks ("engine" of an EV).

    The words are data: ``fc:impliedByWord`` on a yes/no property in the ontology. A reference
    fact saying the property is false of the claim's subject makes the claim misleading.
    """
    claim = context.claim
    if claim.quote is None:
        return verdict
    graph = context.index.graph
    quoted = set(words(claim.quote))
    for prop, word in sorted(graph.subject_objects(FC.impliedByWord)):
        if not isinstance(prop, URIRef) or str(word).lower() not in quoted:
            continue
        lacking = [
            f
            for f in context.facts(claim.subject, prop)
            if isinstance(f.value, Literal) and f.value.toPython() is False
        ]
        if lacking:
            return _wording(context, verdict, prop, str(word), lacking)
    return verdict


def _wording(
    context: Context, verdict: Verdict, prop: URIRef, word: str, lacking: list[Statement]
) -> Verdict:
    claim = context.claim
    graph = context.index.graph
    subject = context.label(claim.subject)
    explaining = [
        f
        for other in sorted(o for o in graph.objects(prop, RDFS.seeAlso) if isinstance(o, URIRef))
        for f in context.facts(claim.subject, other)
        if f.text_value
    ]
    lines = [*verdict.reasoning] if verdict.rule != "no-evidence" else []
    lines.append(
        f"the quote says “{word}”, but a reference fact says “{context.label(prop)}” is false "
        f"of {subject} — {context.cite(lacking[0])}"
    )
    lines += [
        f"{context.label(f.predicate)}: {f.text_value} — {context.cite(f)}" for f in explaining
    ]
    lines += [f"note: {f.note}" for f in lacking if f.note]
    phrase = _phrase_with(claim.quote or "", word)
    summary = f"{subject} has no {word}, so “{phrase}” misdescribes it."
    return replace(
        verdict,
        rating="misleading",
        summary=summary,
        rule=f"wording-{word}",
        reasoning=tuple(lines),
        evidence=tuple(
            dict.fromkeys(
                [*verdict.evidence, *(f.node for f in lacking), *(f.node for f in explaining)]
            )
        ),
    )


def _phrase_with(quote: str, word: str) -> str:
    """The word with the one after it, as quoted ("engine performance"), else the word."""
    match = re.search(rf"\b{re.escape(word)}\b(\s+\w+)?", quote, re.IGNORECASE)
    return match.group(0) if match else word


FRAMING_CHECKS: tuple[Callable[[Context, Verdict], Verdict], ...] = (check_wording,)
