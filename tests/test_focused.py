"""A SHACL-SPARQL constraint's focused form (``fc:focusedSelect``, ``SparqlConstraint.focused``)
gives, for the focus nodes written into its ``VALUES $this { }``, exactly the rows of the
constraint's ``sh:select`` pre-bound to each; the long-lived workspace runs it once for the
focus nodes an edit can affect (``sparql._refresh``).

Checked for every focus node of every constraint that has one, alone and with all the others,
over the bundled facts, the conflict fixtures and a generated corpus; ``tests/fixtures/focused``
holds pairs that each condition of the conflict rule tells apart, and every ``FILTER`` of a
focused form must matter there: dropped, the rows differ.
"""

from __future__ import annotations

import functools
import math
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import RDFS, URIRef

from factcheck.cli import cli
from factcheck.resources import bundled_facts_dir
from factcheck.sparql import tokens
from factcheck.validation import delta, memo, sparql
from factcheck.validation.prebinding import bind_text, bind_values
from factcheck.validation.shapes import ShapesPlan, SparqlConstraint
from factcheck.workspace import Workspace
from tests.conftest import benchmark_module
from tests.test_workspace_property import cold

FIXTURES = Path(__file__).parent / "fixtures"
SMALL = {
    "focused": FIXTURES / "focused",
    "conflicts-accept": FIXTURES / "conflicts" / "accept",
    "conflicts-reject": FIXTURES / "conflicts" / "reject",
    "source-conflicts-disagreement": FIXTURES / "source-conflicts" / "disagreement",
    "source-conflicts-revision": FIXTURES / "source-conflicts" / "revision",
}
SPEED_ONLY = {
    "single-value-conflict": [
        # Pairs in two currencies cannot conflict anyway (?comparable); dropped early to spare
        # the lookups after the group.
        'FILTER (COALESCE(STR(?c1), "") = COALESCE(STR(?c2), ""))',
    ],
}
"""FILTERs of focused forms that only make the query faster: without them, the same rows."""

Row = tuple[tuple[str, str], ...]


@functools.cache
def workspace(name: str) -> Workspace:
    """A workspace on a small fixture, the bundled facts or a generated corpus (~20k triples)."""
    if name == "facts":
        return Workspace.open([bundled_facts_dir()])
    if name == "corpus-20k":
        import tempfile

        out = Path(tempfile.mkdtemp(prefix="focused-corpus-"))
        benchmark_module("incremental").generate(out, 20_000, 20, 0)
        return Workspace.open([out])
    return Workspace.open([SMALL[name]])


def label(plan: ShapesPlan, constraint: SparqlConstraint) -> str:
    return str(plan.graph.value(constraint.constraint, RDFS.label))


def focused_constraints(plan: ShapesPlan) -> list[SparqlConstraint]:
    return [c for c in plan.sparql if c.focused is not None]


def prebound(plan: ShapesPlan, constraint: SparqlConstraint, text: str) -> str:
    """``text`` with the pre-bindings ``start_constraints`` makes besides ``$this``."""
    bindings = {}
    if isinstance(constraint.shape, URIRef):
        bindings["currentShape"] = f"<{constraint.shape}>"
    return bind_text(text, bindings)


def row(bound: dict[str, Any]) -> Row:
    return tuple(sorted((name, str(term)) for name, term in bound.items()))


def differences(name: str, constraint: SparqlConstraint, focused: str) -> Iterator[str]:
    """Each focus node whose rows from ``focused`` are not the whole-store rows: with the node
    alone in its ``VALUES $this { }``, and with all the focus nodes there, ``delta.LIMIT`` at
    a time (as ``sparql._refresh`` runs it)."""
    space = workspace(name)
    store, plan = space._store, space._plan
    whole: dict[Any, list[Row]] = {}
    query = prebound(plan, constraint, constraint.query)
    for this, bound in sparql._rows(store, constraint, query):
        whole.setdefault(this, []).append(row(bound))
    # The rows of other nodes (a shared constraint's other shape's) are not this shape's.
    nodes = sorted(sparql.focus_nodes(store, plan.graph, constraint.shape), key=str)
    assert not any(isinstance(node, ox.BlankNode) for node in nodes)
    text = prebound(plan, constraint, focused)

    def run(group: list[Any]) -> dict[Any, list[Row]]:
        found: dict[Any, list[Row]] = {}
        solutions = sparql._run_rows(store, constraint, bind_values(text, map(str, group)), None)
        for this, bound in solutions:
            found.setdefault(this, []).append(row(bound))
        return found

    batches = [nodes[start : start + delta.LIMIT] for start in range(0, len(nodes), delta.LIMIT)]
    together = {this: rows for batch in batches for this, rows in run(batch).items()}
    assert set(together) <= set(nodes)
    for node in nodes:
        expected = sorted(whole.get(node, []))
        alone = sorted(run([node]).get(node, []))
        if alone != expected:
            yield f"{node} alone: focused {alone}, whole store {expected}"
        if sorted(together.get(node, [])) != expected:
            yield f"{node} with the others: focused {together.get(node)}, whole store {expected}"


def test_the_bundled_shapes_have_focused_forms() -> None:
    plan = workspace("focused")._plan
    assert sorted(label(plan, c) for c in focused_constraints(plan)) == [
        "arithmetic-currency",
        "arithmetic-currency",
        "single-value-conflict",
    ]


@pytest.mark.parametrize("name", [*SMALL, "facts", "corpus-20k"])
def test_the_focused_form_gives_the_rule_s_rows_for_every_focus_node(name: str) -> None:
    plan = workspace(name)._plan
    for constraint in focused_constraints(plan):
        assert constraint.focused is not None
        assert list(differences(name, constraint, constraint.focused)) == [], label(
            plan, constraint
        )


def test_the_pairs_fixture_has_conflicts_and_pairs_that_are_not() -> None:
    """So that the test above compares rows, not only empty lists."""
    space = workspace("focused")
    plan = space._plan
    pairs = {}
    for constraint in focused_constraints(plan):
        pairs[label(plan, constraint)] = {
            (this.value.rsplit("/", 1)[-1], bound["value"].value.rsplit("/", 1)[-1])
            for this, bound in sparql._rows(space._store, constraint, constraint.query)
        }
    assert pairs == {
        "single-value-conflict": {
            ("ref-exports-2022", "ref-exports-2022-figure"),
            ("ref-exports-2022-figure", "ref-exports-2022"),
            ("ref-revenue-december", "ref-revenue-december-b"),
            ("ref-revenue-december-b", "ref-revenue-december"),
            ("ref-opened-a", "ref-opened-b"),
            ("ref-opened-b", "ref-opened-a"),
            ("ref-opened-b", "ref-opened-c"),
            ("ref-opened-c", "ref-opened-b"),
            ("ref-price-usd", "ref-price-usd-other"),
            ("ref-price-usd-other", "ref-price-usd"),
        },
        "arithmetic-currency": {
            ("ref-price-usd", "ref-price-cny"),
            ("ref-price-usd-other", "ref-price-cny"),
        },
    }


def filters(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each ``FILTER`` of ``text`` with its condition, nested ones included."""
    found = tokens(text)
    for index, token in enumerate(found):
        if token.kind != "word" or token.text.upper() != "FILTER":
            continue
        opening = next(i for i in range(index + 1, len(found)) if found[i].text in "({")
        closing = {"(": ")", "{": "}"}[found[opening].text]
        depth = 0
        for end in range(opening, len(found)):
            if found[end].text == found[opening].text:
                depth += 1
            elif found[end].text == closing:
                depth -= 1
                if depth == 0:
                    yield token.start, found[end].start + 1
                    break


def test_every_filter_of_a_focused_form_matters() -> None:
    """A focused form that drops any condition gives other rows somewhere in the fixtures, for
    one of the shapes that use the constraint."""
    plan = workspace("focused")._plan
    shared: dict[Any, list[SparqlConstraint]] = {}
    for constraint in focused_constraints(plan):
        shared.setdefault(constraint.constraint, []).append(constraint)
    for uses in shared.values():
        text = uses[0].focused
        assert text is not None
        assert all(use.focused == text for use in uses)
        name = label(plan, uses[0])
        spans = list(filters(text))
        assert spans
        skipped = []
        for start, end in spans:
            condition = re.sub(r"\s+", " ", text[start:end])
            if condition in SPEED_ONLY.get(name, []):
                skipped.append(condition)
                continue
            dropped = text[:start] + text[end:]
            caught = any(
                next(differences(fixture, use, dropped), None) for use in uses for fixture in SMALL
            )
            assert caught, f"{name}: dropping {condition} changes no row"
        assert skipped == SPEED_ONLY.get(name, [])


EDITS = [
    # Exports of 120 in 2022 become 125, as the fc:Figure fact says: the conflict goes away.
    pytest.param(
        "facts.ttl",
        "qudt:numericValue 120 ;",
        "qudt:numericValue 125 ;",
        "single-value-conflict",
        [
            "fcd:ref-exports-2022 fcsh:ConflictShape",
            "fcd:ref-exports-2022-figure fcsh:ConflictShape",
        ],
        [],
        id="conflict",
    ),
    # $150 becomes $100, as 700 yuan at 7 per dollar: that amount no longer disagrees (and the
    # conflict between the two USD prices has another message).
    pytest.param(
        "currency.ttl",
        "qudt:numericValue 150 ;",
        "qudt:numericValue 100 ;",
        "arithmetic-currency",
        [
            "fcd:ref-price-usd fcsh:ConflictShape",
            "fcd:ref-price-usd-other fcsh:ConflictShape",
            "fcd:ref-price-usd-other fcsh:CurrencyReferenceShape",
        ],
        ["fcd:ref-price-usd fcsh:ConflictShape", "fcd:ref-price-usd-other fcsh:ConflictShape"],
        id="currency",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "rule", "resolved", "added"), EDITS)
def test_an_edit_to_a_figure_refreshes_the_rule_with_its_focused_form(  # noqa: PLR0917
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    file: str,
    old: str,
    new: str,
    rule: str,
    resolved: list[str],
    added: list[str],
) -> None:
    monkeypatch.setattr(memo, "BUDGET_FLOOR", math.inf)  # whatever the machine's load
    root = tmp_path / "facts"
    shutil.copytree(FIXTURES / "focused", root)
    space = Workspace.open([root])
    runs: list[tuple[str, bool, bool]] = []
    refresh = sparql._refresh

    def observed(*args: Any) -> Any:
        store, constraint, query, focused, *rest = args
        result = refresh(store, constraint, query, focused, *rest)
        runs.append((label(space._plan, constraint), focused is not None, result is not None))
        return result

    monkeypatch.setattr(sparql, "_refresh", observed)
    computed = []
    rows = sparql._rows

    def whole(store: Any, constraint: SparqlConstraint, query: str, nodes: Any = None) -> Any:
        if nodes is None:
            computed.append(label(space._plan, constraint))
        return rows(store, constraint, query, nodes)

    monkeypatch.setattr(sparql, "_rows", whole)
    path = root / file
    text = path.read_text(encoding="utf-8")
    edited = text.replace(old, new)
    assert edited.count(new) == text.count(new) + 1
    path.write_text(edited, encoding="utf-8")
    before = space._memo.refreshed
    delta = space.update(path)
    assert (rule, True, True) in runs
    assert rule not in computed
    assert space._memo.refreshed > before
    assert sorted(f"{f.focus_label} {f.rule}" for f in delta.resolved) == resolved
    assert sorted(f"{f.focus_label} {f.rule}" for f in delta.new) == added
    assert space.report_json() == cold(root)


SHAPE = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix fc: <https://w3id.org/factcheck/ontology#> .
<urn:ex:R> a sh:SPARQLConstraint ; sh:message "x" ;
  sh:select \"\"\"SELECT $this WHERE { $this a ?t . FILTER (false) }\"\"\" ;
  fc:focusedSelect \"\"\"SELECT $this WHERE { %s $this a ?t . FILTER (false) }\"\"\" .
<urn:ex:S> a sh:NodeShape ; sh:targetClass fc:ArticleClaim ; sh:sparql <urn:ex:R> .
"""


@pytest.mark.parametrize(
    "values",
    ["", "VALUES $this { <urn:ex:a> }", "VALUES $this { } VALUES ?t { }"],
    ids=["none", "not-empty", "another"],
)
def test_a_focused_form_without_its_one_empty_values_is_refused(
    tmp_path: Path, runner: CliRunner, values: str
) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPE % values, encoding="utf-8")
    result = runner.invoke(
        cli, ["validate", "--no-cache", "--shapes", str(shapes), str(FIXTURES / "focused")]
    )
    assert result.exit_code == 2
    assert result.output == (
        "error: the fc:focusedSelect of urn:ex:R (shape urn:ex:S) needs one empty VALUES $this"
        " { } and no other VALUES\n"
        "  hint: write VALUES $this { } where the focus nodes go (see fc:focusedSelect)\n"
    )


def test_a_focused_form_with_its_values_is_read(tmp_path: Path) -> None:
    from factcheck.validation.shapes import load_plan

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPE % "VALUES $this { }", encoding="utf-8")
    (constraint,) = load_plan([shapes], []).sparql
    assert (
        constraint.focused == "SELECT $this WHERE { VALUES $this { } $this a ?t . FILTER (false) }"
    )
