"""Planted errors in a copy of one real article's facts (issue 14, "What it must show").

An article's folder under ``facts/articles/`` and the shared calendar are copied to a temporary
directory; one edit is made there through rdflib, so the test does not depend on the files'
layout and ``facts/`` is never touched. ``Planted`` then compares the planted run with the clean
one: the validation findings (rule, focus node) that appear and every verdict that changes. A
test states exactly which finding must appear on which node, or which claim's rating must change
to what.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from factcheck.kb import build
from factcheck.loader import FC, FCD, load
from factcheck.resources import ontology_dir
from factcheck.validate import Finding as ValidationFinding
from factcheck.validate import validate
from factcheck.verdicts import compute_verdicts

FACTS = Path(__file__).resolve().parent.parent / "facts"

Finding = tuple[str, str]
"""(rule, focus): the consistency rule's name (e.g. ``quote-in-source``) or the SHACL
constraint component (e.g. ``sh:MinCountConstraintComponent``), and the focus node as
``fcd:…``."""

Edit = Callable[[Graph], None]


@dataclass(frozen=True)
class Outcome:
    findings: frozenset[Finding]
    verdicts: dict[str, str]


@dataclass(frozen=True)
class Planted:
    """What a planted error changed against the clean copy."""

    added: frozenset[Finding]
    removed: frozenset[Finding]
    verdicts: dict[str, str]
    """Claims whose rating changed → the new rating."""


@cache
def _consistency_shapes() -> Graph:
    graph = Graph()
    graph.parse(ontology_dir() / "shapes-consistency.ttl")
    return graph


def rule_label(finding: ValidationFinding) -> str:
    """The consistency rule's name (its sh:SPARQLConstraint label), else the component."""
    if finding.kind != "consistency":
        return finding.component_label
    shapes = _consistency_shapes()
    constraint = shapes.value(URIRef(str(finding.shape)), SH.sparql)
    name = shapes.value(constraint, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
    return str(name) if name is not None else finding.component_label


def copy_article(article: str, target: Path) -> Path:
    """``target`` with the calendar, the shared places and one article's folder (as in facts/)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(FACTS / "calendar.ttl", target / "calendar.ttl")
    shutil.copy(FACTS / "places.ttl", target / "places.ttl")
    shutil.copytree(FACTS / "articles" / article, target / "articles" / article)
    return target


def run(directory: Path) -> Outcome:
    facts = load([directory])
    report = validate(facts)
    findings = frozenset((rule_label(f), f.focus_label) for f in report.findings)
    graph = build(facts, with_verdicts=False).graph
    verdicts = {
        str(claim).removeprefix(str(FCD)): v.rating for claim, v in compute_verdicts(graph).items()
    }
    return Outcome(findings, verdicts)


def edit_file(path: Path, edit: Edit) -> None:
    """Parse ``path``, apply ``edit`` and write it back as Turtle."""
    graph = Graph()
    graph.parse(path, format="turtle")
    edit(graph)
    graph.serialize(path, format="turtle")


def plant(article: str, tmp: Path, file: str, edit: Edit, clean: Outcome) -> Planted:
    """Copy ``article`` to ``tmp``, apply ``edit`` to its ``file``, and diff against ``clean``."""
    directory = copy_article(article, tmp / "facts")
    edit_file(directory / "articles" / article / file, edit)
    after = run(directory)
    changed = {
        claim: rating
        for claim, rating in after.verdicts.items()
        if clean.verdicts.get(claim) != rating
    }
    changed |= {claim: "-" for claim in clean.verdicts if claim not in after.verdicts}
    return Planted(after.findings - clean.findings, clean.findings - after.findings, changed)


@dataclass(frozen=True)
class Case:
    """One planted error and how it must be caught."""

    name: str
    file: str
    edit: Edit
    finding: Finding | None = None
    """The validation finding that must appear, if ``validate`` catches it."""
    verdicts: dict[str, str] | None = None
    """Exactly the claims whose rating must change, and to what."""
    gap: str | None = None
    """A known gap of the engine that lets this error through: the case is a strict xfail."""


def params(cases: list[Case]) -> list[object]:
    """``cases`` for ``pytest.mark.parametrize``; a case with a known gap must still fail."""
    import pytest

    return [
        pytest.param(c, id=c.name, marks=pytest.mark.xfail(strict=True, reason=c.gap))
        if c.gap
        else pytest.param(c, id=c.name)
        for c in cases
    ]


def check(article: str, tmp: Path, clean: Outcome, case: Case) -> None:
    """Plant ``case`` in a copy of ``article`` and assert it is caught as stated."""
    assert case.finding is not None or case.verdicts, "a planted error must be caught"
    planted = plant(article, tmp, case.file, case.edit, clean)
    if case.finding is not None:
        assert case.finding in planted.added, sorted(planted.added)
    assert planted.verdicts == (case.verdicts or {}), planted.verdicts


# --- Edits ------------------------------------------------------------------------------


def day(text: str) -> Literal:
    """An ``xsd:date`` literal."""
    from rdflib.namespace import XSD

    return Literal(text, datatype=XSD.date)


def node(name: str) -> URIRef:
    return FCD[name]


def value_node(graph: Graph, fact: str) -> Node:
    """The fc:Quantity node of a claim or reference fact."""
    found = graph.value(node(fact), RDF.object)
    assert isinstance(found, BNode | URIRef), fact
    return found


def replace(graph: Graph, subject: Node, predicate: URIRef, value: Node) -> None:
    graph.remove((subject, predicate, None))
    graph.add((subject, predicate, value))


def set_number(fact: str, number: object) -> Edit:
    """The figure of ``fact`` becomes ``number``."""
    from factcheck.loader import QUDT

    def edit(graph: Graph) -> None:
        replace(graph, value_node(graph, fact), QUDT.numericValue, Literal(number))

    return edit


def set_property(fact: str, predicate: URIRef, value: Node, *, on_value: bool = False) -> Edit:
    """``fact``'s (or its quantity's) ``predicate`` becomes ``value``."""

    def edit(graph: Graph) -> None:
        subject = value_node(graph, fact) if on_value else node(fact)
        replace(graph, subject, predicate, value)

    return edit


def drop_sources(fact: str) -> Edit:
    """``fact`` loses every fc:source."""

    def edit(graph: Graph) -> None:
        graph.remove((node(fact), FC.source, None))

    return edit


def alter_quote(claim: str, exact: str) -> Edit:
    """The claim's quote says ``exact`` (offsets unchanged), as if a figure had been retyped."""
    from factcheck.loader import OA

    def edit(graph: Graph) -> None:
        quote = graph.value(node(claim), FC.quote)
        assert quote is not None, claim
        replace(graph, quote, OA.exact, Literal(exact))

    return edit


def reverse_operands(fact: str) -> Edit:
    """``fact``'s derivation operands in the opposite order (year − months → months − year)."""
    from rdflib.collection import Collection

    def edit(graph: Graph) -> None:
        derivation = graph.value(node(fact), FC.derivation)
        operands = graph.value(derivation, FC.operands)
        assert operands is not None, fact
        items = Collection(graph, operands)
        reversed_items = list(reversed(list(items)))
        items.clear()
        for item in reversed_items:
            items.append(item)

    return edit


def chain(*edits: Edit) -> Edit:
    def edit(graph: Graph) -> None:
        for one in edits:
            one(graph)

    return edit
