"""Derived reference facts: recompute a figure from its operands (``fc:derivation``).

A reference fact computed from others (December = the year − January to November) declares its
operation and its operands (``ontology/claim-kinds.ttl``). ``validate`` recomputes it with
interval arithmetic over the operands' stated precision and reports a mismatch on the derived
fact (rule ``derivation``); ``explain`` writes the same computation out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation
from itertools import product

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from factcheck.loader import FC
from factcheck.values import Quantity, format_number

Interval = tuple[Decimal, Decimal]

SYMBOLS = {"Sum": "+", "Difference": "−", "Ratio": "÷"}


def _apply(name: str, values: Sequence[Decimal]) -> Decimal:
    first, rest = values[0], values[1:]
    if name == "Sum":
        return sum(values, Decimal(0))
    if name == "Difference":
        return first - sum(rest, Decimal(0))
    if name == "Ratio":
        return first / rest[0]
    if name == "ApplyRelativeChange":
        return first * (1 + rest[0] / 100)
    if name == "RemoveRelativeChange":
        return first / (1 + rest[0] / 100)
    msg = f"unknown operation {name}"
    raise ValueError(msg)


def compute(name: str, operands: Sequence[Quantity]) -> Interval | None:
    """The interval of ``name`` over the operands' intervals; ``None`` if it cannot be computed."""
    binary = ("Ratio", "ApplyRelativeChange", "RemoveRelativeChange")
    if not operands or (name in binary and len(operands) != 2):
        return None
    spans = []
    for q in operands:
        low, high = q.bounds()
        if high is None or low == Decimal("-Infinity"):
            return None
        spans.append((low, high))
    values: list[Decimal] = []
    for corner in product(*spans):
        try:
            values.append(_apply(name, corner))
        except (ValueError, DivisionByZero, InvalidOperation, ZeroDivisionError):
            return None
    return min(values), max(values)


def formula(name: str, operands: Sequence[Quantity]) -> str:
    """``1,000 − 900`` or ``73.4 × (1 + 2.2 ÷ 100)``."""
    numbers = [format_number(q.value) for q in operands]
    if name in SYMBOLS:
        return f" {SYMBOLS[name]} ".join(numbers)
    if name == "ApplyRelativeChange" and len(numbers) == 2:
        return f"{numbers[0]} × (1 + {numbers[1]} ÷ 100)"
    if name == "RemoveRelativeChange" and len(numbers) == 2:
        return f"{numbers[0]} ÷ (1 + {numbers[1]} ÷ 100)"
    return f"{name}({', '.join(numbers)})"


def holds(stated: Quantity, computed: Interval) -> bool:
    low, high = stated.bounds()
    return low <= computed[1] and (high is None or computed[0] <= high)


def show(span: Interval) -> str:
    def one(value: Decimal) -> str:
        if abs(value) >= 100 or value == value.to_integral_value():
            return format_number(value.quantize(Decimal(1)))
        return format_number(value.quantize(Decimal("0.01")))

    return one(span[0]) if one(span[0]) == one(span[1]) else f"{one(span[0])} to {one(span[1])}"


@dataclass(frozen=True)
class Derivation:
    """A derived fact's operation and operands, read from a graph."""

    fact: URIRef
    operation: str
    operands: tuple[URIRef, ...]


def read(graph: Graph, fact: Node) -> Derivation | None:
    """The derivation of ``fact``; ``None`` if it has none or it is malformed."""
    node = graph.value(fact, FC.derivation)
    if node is None or not isinstance(fact, URIRef):
        return None
    operation = graph.value(node, FC.operation)
    head = graph.value(node, FC.operands)
    if not isinstance(operation, URIRef) or head is None:
        return None
    operands = tuple(o for o in Collection(graph, head) if isinstance(o, URIRef))
    return Derivation(fact, str(operation).rsplit("#", 1)[-1], operands)


def explain_lines(
    graph: Graph, fact: URIRef, quantity: Callable[[URIRef], Quantity | None]
) -> list[str]:
    """Reasoning lines for a derived fact: the operation written out and checked."""
    derivation = read(graph, fact)
    if derivation is None:
        return []
    operands = [quantity(o) for o in derivation.operands]
    own = quantity(fact)
    names = ", ".join("fcd:" + str(o).rsplit("/", 1)[-1] for o in derivation.operands)
    short = "fcd:" + str(fact).rsplit("/", 1)[-1]
    if own is None or any(q is None for q in operands):
        return [f"{short} is derived ({derivation.operation} of {names})"]
    known = [q for q in operands if q is not None]
    span = compute(derivation.operation, known)
    if span is None:
        return [f"{short} is derived ({derivation.operation} of {names})"]
    verdict = "as stated" if holds(own, span) else f"but it states {format_number(own.value)}"
    return [
        f"{short} is derived ({derivation.operation} of {names}): "
        f"{formula(derivation.operation, known)} = {show(span)}, {verdict}"
    ]


def _quantity(value: Node | None, precision: Node | None, rounding: Node | None) -> Quantity | None:
    if not isinstance(value, Literal):
        return None
    try:
        number = Decimal(str(value))
        step = Decimal(str(rounding)) if isinstance(rounding, Literal) else None
    except InvalidOperation:
        return None
    name = str(precision).rsplit("#", 1)[-1] if precision is not None else "Exact"
    return Quantity(value=number, precision=name, rounding_unit=step)


Rows = list[dict[str, Node]]


def mismatches(rows: Rows) -> list[tuple[URIRef, str, str]]:
    """(derived fact, message, hint) for each derivation that does not reproduce its figure."""
    facts: dict[URIRef, dict[str, object]] = {}
    for row in rows:
        fact = row.get("fact")
        if not isinstance(fact, URIRef):
            continue
        entry = facts.setdefault(
            fact,
            {
                "own": _quantity(row.get("value"), row.get("precision"), row.get("rounding")),
                "operation": str(row.get("operation", "")).rsplit("#", 1)[-1],
                "head": row.get("head"),
                "cells": {},
            },
        )
        cells = entry["cells"]
        assert isinstance(cells, dict)
        cells[row.get("cell")] = (
            row.get("next"),
            row.get("operand"),
            _quantity(
                row.get("operandValue"), row.get("operandPrecision"), row.get("operandRounding")
            ),
        )
    found: list[tuple[URIRef, str, str]] = []
    for fact, entry in sorted(facts.items()):
        cells = entry["cells"]
        assert isinstance(cells, dict)
        ordered: list[Quantity] = []
        cell = entry["head"]
        while cell in cells and len(ordered) <= len(cells):
            nxt, _operand, quantity = cells[cell]
            if quantity is None:
                ordered = []
                break
            ordered.append(quantity)
            cell = nxt
        own = entry["own"]
        operation = str(entry["operation"])
        if not ordered or not isinstance(own, Quantity):
            continue
        span = compute(operation, ordered)
        if span is None or holds(own, span):
            continue
        found.append(
            (
                fact,
                f"Derived figure {format_number(own.value)} does not match its derivation: "
                f"{formula(operation, ordered)} = {show(span)}",
                "correct the figure or the operands (their order matters for a difference "
                "or a ratio), or state the figure's precision",
            )
        )
    return found


def is_derived(graph: Graph, fact: Node) -> bool:
    return (fact, FC.derivation, None) in graph and (fact, RDF.type, FC.ReferenceFact) in graph
