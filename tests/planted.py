"""Planting errors in a copy of one encoded article (issue 14), shared by the per-article tests.

An article lives in ``facts/articles/<id>/`` and leans on the shared files at the top of
``facts/`` (the entity registry, the calendar, the places). ``plant`` copies those and the
article's folder into a temporary directory (never touching ``facts/``), applies an edit to the
parsed files and writes back only the files it changed. ``check`` then validates the copy and
computes its verdicts, so a test can say exactly which rule fired on which node, or which
claim's rating changed to what. ``Case`` and ``check_case`` state and assert one planted error;
``clean_fixture`` gives a test module the clean article's outcome to compare with.

``tests/article_planting.py`` re-exports the names the per-article tests used to import from it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH, XSD
from rdflib.term import Node

from factcheck.kb import build
from factcheck.loader import FC, FCD, OA, QUDT, load
from factcheck.resources import ontology_dir
from factcheck.validate import Finding as ValidationFinding
from factcheck.validate import validate
from factcheck.verdicts import compute_verdicts

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts"
ARTICLES = FACTS / "articles"

Finding = tuple[str, str]
"""(rule, focus): the consistency rule's name (e.g. ``quote-in-source``) or the SHACL
constraint component (e.g. ``sh:MinCountConstraintComponent``), and the focus node as
``fcd:…``."""

Files = dict[str, Graph] | Graph
"""The parsed files of a copy, keyed by their path relative to the copy's root; or one graph."""

Edit = Callable[[Files], None]
"""Changes the parsed files of the copy (every edit below also takes one graph on its own)."""


@dataclass(frozen=True)
class Outcome:
    findings: frozenset[Finding]
    verdicts: dict[str, str]


def shared_files() -> list[Path]:
    """The top-level fact files every article may use: the entity registry, the calendar and
    the places."""
    return [FACTS / "entities.ttl", FACTS / "calendar.ttl", FACTS / "places.ttl"]


def copy_article(article: str, target: Path) -> Path:
    """``facts/articles/<article>`` and the shared files, copied under ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for path in shared_files():
        shutil.copyfile(path, target / path.name)
    shutil.copytree(ARTICLES / article, target / "articles" / article)
    return target


def plant(tmp_path: Path, article: str, edit: Edit) -> Path:
    """A copy of ``article`` with ``edit`` applied; only the files it changed are rewritten."""
    target = copy_article(article, tmp_path / "facts")
    graphs: dict[str, Graph] = {}
    for path in sorted(target.rglob("*.ttl")):
        graph = Graph()
        graph.parse(path)
        graphs[path.relative_to(target).as_posix()] = graph
    before = {name: set(graph) for name, graph in graphs.items()}
    edit(graphs)
    for name, graph in graphs.items():
        if set(graph) != before[name]:
            graph.serialize(target / name, format="turtle")
    return target


@cache
def _shapes() -> Graph:
    graph = Graph()
    for path in sorted(ontology_dir().glob("shapes-*.ttl")):
        graph.parse(path)
    return graph


def rule_label(finding: ValidationFinding) -> str:
    """The consistency rule's name (its sh:SPARQLConstraint label), else the component."""
    if finding.kind != "consistency":
        return finding.component_label
    shapes = _shapes()
    constraint = shapes.value(URIRef(str(finding.shape)), SH.sparql)
    name = shapes.value(constraint, RDFS.label) if constraint is not None else None
    return str(name) if name is not None else finding.component_label


def check(directory: Path) -> Outcome:
    """Every validation finding and every claim's rating over ``directory``."""
    facts = load([directory])
    findings = frozenset((rule_label(f), f.focus_label) for f in validate(facts).findings)
    graph = build(facts, with_verdicts=False).graph
    verdicts = {
        str(claim).removeprefix(str(FCD)): v.rating for claim, v in compute_verdicts(graph).items()
    }
    return Outcome(findings, verdicts)


run = check
"""The name the per-article tests of articles 04, 06 and 07 used."""


def diff(clean: Outcome, planted: Outcome) -> tuple[frozenset[Finding], dict[str, str]]:
    """Findings the planted error added, and claims whose rating changed (→ the new rating)."""
    changed = {
        claim: planted.verdicts.get(claim, "-")
        for claim in clean.verdicts.keys() | planted.verdicts.keys()
        if clean.verdicts.get(claim) != planted.verdicts.get(claim)
    }
    return planted.findings - clean.findings, changed


def clean_fixture(article: str) -> Any:
    """A module-scoped fixture: the outcome of the clean ``article``. Bind it as ``clean``."""

    @pytest.fixture(scope="module")
    def clean(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
        return check(copy_article(article, tmp_path_factory.mktemp("clean") / "facts"))

    return clean


# --- Cases -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One planted error and how it must be caught."""

    name: str
    edit: Edit
    finding: Finding | None = None
    """A validation finding that must be among those the error adds."""
    verdicts: dict[str, str] | None = None
    """Exactly the claims whose rating must change, and to what (``None``: none may change)."""
    gap: str | None = None
    """A known gap of the engine that lets this error through: the case is a strict xfail."""
    added: frozenset[Finding] | None = None
    """Exactly the validation findings the error must add, where a test states them all."""


def exactly(
    name: str,
    edit: Edit,
    added: frozenset[Finding] = frozenset(),
    verdicts: dict[str, str] | None = None,
) -> Case:
    """A case that states every finding the error adds (none, unless given) and every rating it
    changes (none, unless given): nothing else may move."""
    return Case(name, edit, verdicts=verdicts, added=added)


def params(cases: list[Case]) -> list[object]:
    """``cases`` for ``pytest.mark.parametrize``; a case with a known gap must still fail."""
    return [
        pytest.param(c, id=c.name, marks=pytest.mark.xfail(strict=True, reason=c.gap))
        if c.gap
        else pytest.param(c, id=c.name)
        for c in cases
    ]


def check_case(article: str, tmp_path: Path, clean: Outcome, case: Case) -> None:
    """Plant ``case`` in a copy of ``article`` and assert it is caught as stated."""
    assert case.finding is not None or case.verdicts or case.added, "it must be caught"
    added, verdicts = diff(clean, check(plant(tmp_path, article, case.edit)))
    if case.added is not None:
        assert added == case.added, sorted(added)
    if case.finding is not None:
        assert case.finding in added, sorted(added)
    assert verdicts == (case.verdicts or {}), verdicts


def assert_no_quote_or_source_findings(clean: Outcome) -> None:
    """The clean article quotes its source verbatim and every fact cites a source."""
    rules = {rule for rule, _ in clean.findings}
    assert not rules & {"quote-in-source", "sh:MinCountConstraintComponent"}, sorted(rules)


# --- Edits -------------------------------------------------------------------------------------


def node(name: str) -> URIRef:
    return FCD[name]


def day(text: str) -> Literal:
    """An ``xsd:date`` literal."""
    return Literal(text, datatype=XSD.date)


def owner(graphs: Files, subject: URIRef) -> Graph:
    """The one parsed file that describes ``subject``."""
    files = graphs if isinstance(graphs, dict) else {"": graphs}
    found = [graph for graph in files.values() if (subject, None, None) in graph]
    assert len(found) == 1, f"{subject} is described in {len(found)} files"
    return found[0]


def replace(graph: Graph, subject: Node, predicate: URIRef, value: object) -> None:
    """Set ``predicate`` of ``subject`` to the one ``value`` (a term, or a Python literal)."""
    graph.remove((subject, predicate, None))
    graph.add(
        (
            subject,
            predicate,
            value if isinstance(value, URIRef | BNode | Literal) else Literal(value),
        )
    )


def _target(graphs: Files, name: str, via: URIRef | None) -> tuple[Graph, Node]:
    """The file describing ``fcd:name``, and that node or the node it points to by ``via``."""
    graph = owner(graphs, node(name))
    if via is None:
        return graph, node(name)
    found = graph.value(node(name), via)
    assert isinstance(found, BNode | URIRef), f"{name} has no {via}"
    return graph, found


def set_on(
    name: str, predicate: URIRef, value: object, *, on_object: bool = False, new: bool = False
) -> Edit:
    """An edit: set ``predicate`` of node ``fcd:name`` (or of its rdf:object, the quantity) to
    ``value``; unless ``new``, the node must already have that predicate."""

    def edit(graphs: Files) -> None:
        graph, subject = _target(graphs, name, RDF.object if on_object else None)
        if not new:
            assert (subject, predicate, None) in graph, f"{name} has no {predicate}"
        replace(graph, subject, predicate, value)

    return edit


def set_property(fact: str, predicate: URIRef, value: Node, *, on_value: bool = False) -> Edit:
    """``fact``'s (or its quantity's) ``predicate`` becomes ``value``, set or not before."""
    return set_on(fact, predicate, value, on_object=on_value, new=True)


def set_number(fact: str, number: object) -> Edit:
    """The figure of ``fact`` becomes ``number``."""
    return set_on(fact, QUDT.numericValue, Literal(number), on_object=True)


def drop(name: str, predicate: URIRef) -> Edit:
    """An edit: remove every ``predicate`` of node ``fcd:name`` (it must have one)."""

    def edit(graphs: Files) -> None:
        graph = owner(graphs, node(name))
        assert (node(name), predicate, None) in graph, f"{name} has no {predicate}"
        graph.remove((node(name), predicate, None))

    return edit


def drop_sources(fact: str) -> Edit:
    """``fact`` loses every fc:source."""
    return drop(fact, FC.source)


def set_in_quote(name: str, predicate: URIRef, old: str, new: str) -> Edit:
    """An edit: replace ``old`` by ``new`` in a string of the quote selector of ``fcd:name``."""

    def edit(graphs: Files) -> None:
        graph, quote = _target(graphs, name, FC.quote)
        text = str(graph.value(quote, predicate))
        assert text.count(old) == 1, (text, old)
        replace(graph, quote, predicate, Literal(text.replace(old, new)))

    return edit


def alter_quote(claim: str, exact: str) -> Edit:
    """The claim's quote says ``exact`` (offsets unchanged), as if a figure had been retyped."""

    def edit(graphs: Files) -> None:
        graph, quote = _target(graphs, claim, FC.quote)
        replace(graph, quote, OA.exact, Literal(exact))

    return edit


def reverse_operands(fact: str) -> Edit:
    """``fact``'s derivation operands in the opposite order (year − months → months − year)."""
    from rdflib.collection import Collection

    def edit(graphs: Files) -> None:
        graph, derivation = _target(graphs, fact, FC.derivation)
        operands = graph.value(derivation, FC.operands)
        assert operands is not None, fact
        items = Collection(graph, operands)
        reversed_items = list(reversed(list(items)))
        items.clear()
        for item in reversed_items:
            items.append(item)

    return edit


def chain(*edits: Edit) -> Edit:
    """The edits one after the other."""

    def edit(graphs: Files) -> None:
        for one in edits:
            one(graphs)

    return edit


both = chain
