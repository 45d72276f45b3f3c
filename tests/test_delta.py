"""Per-focus delta re-evaluation of SHACL-SPARQL rules (``factcheck/validation/delta.py``)."""

from __future__ import annotations

import math
import shutil
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Graph

from factcheck.validation import delta, memo
from factcheck.validation.delta import affected, analyse
from factcheck.validation.shapes import ShapesPlan, load_plan
from factcheck.workspace import Workspace
from tests import xiaomi
from tests.test_mutations import MUTATIONS
from tests.test_workspace_property import cold, mutated

ROOT = Path(__file__).resolve().parent.parent
EX = "http://example.org/"
PREFIX = f"PREFIX ex: <{EX}>\n"


def n(name: str) -> ox.NamedNode:
    return ox.NamedNode(EX + name)


def store_of(*triples: tuple[str, str, str]) -> ox.Store:
    store = ox.Store()
    store.extend(ox.Quad(n(s), n(p), n(o), ox.DefaultGraph()) for s, p, o in triples)
    return store


def change(s: str, p: str, o: str) -> tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode]:
    return n(s), n(p), n(o)


def test_which_consistency_rules_are_delta_evaluated() -> None:
    plan = load_plan([ROOT / "ontology" / "shapes-consistency.ttl"], [])
    shapes = Graph().parse(ROOT / "ontology" / "shapes-consistency.ttl")
    by_label: dict[str, bool] = {}
    for constraint in plan.sparql:
        label = str(shapes.value(constraint.constraint, RDFS.label))
        by_label[label] = analyse(constraint.query) is not None
    assert by_label == {
        "temporal-duration": True,
        "temporal-order": True,
        "arithmetic-per-unit": True,
        "arithmetic-currency": True,
        "currency-without-rate": True,
        "published-before-period-end": True,
        "quote-in-source": True,
        # variable predicates: $this ?path ?value, ?value ?anyPredicate ?anyObject, ?qualifier
        "founded-after-activity": True,
        "single-value-conflict": True,
        "dangling-reference": True,
    }


CHAIN = PREFIX + "SELECT $this ?v WHERE { $this ex:p ?x . ?x ex:q ?v }"


def test_a_change_reaches_the_focus_nodes_joined_to_it() -> None:
    store = store_of(("a", "p", "x1"), ("b", "p", "x1"), ("c", "p", "x2"), ("x1", "q", "v1"))
    analysis = analyse(CHAIN)
    assert analysis is not None
    assert affected(analysis, store, [change("x1", "q", "v9")]) == {n("a"), n("b")}
    # c reaches x2, which has no ex:q in either graph: no solution of c's used it
    assert affected(analysis, store, [change("c", "p", "x2")]) == set()
    store.add(ox.Quad(n("x2"), n("q"), n("v2")))
    assert affected(analysis, store, [change("c", "p", "x2")]) == {n("c")}
    # a removed triple (no longer in the store) still leads to the node it joined
    assert affected(analysis, store, [change("d", "p", "x1")]) == {n("d")}
    assert affected(analysis, store, [change("x9", "q", "v1")]) == set()
    # a predicate the query does not read affects nothing
    assert affected(analysis, store, [change("x1", "r", "v1")]) == set()


def test_a_chain_through_a_hub_is_dropped_for_a_narrow_one() -> None:
    many = [(f"f{i}", "period", "P") for i in range(delta.LIMIT + 10)]
    store = store_of(*many, ("f1", "subject", "S"), ("o1", "subject", "S"), ("o1", "period", "P"))
    query = PREFIX + (
        "SELECT $this WHERE { $this ex:period ?per ; ex:subject ?s . "
        "?other ex:period ?per ; ex:subject ?s . FILTER ($this != ?other) }"
    )
    analysis = analyse(query)
    assert analysis is not None
    assert affected(analysis, store, [change("o1", "period", "P")]) == {n("f1"), n("o1")}


def test_only_a_hub_leads_to_this_falls_back() -> None:
    many = [(f"f{i}", "p", "hub") for i in range(delta.LIMIT + 10)]
    analysis = analyse(CHAIN)
    assert analysis is not None
    assert affected(analysis, store_of(*many), [change("hub", "q", "v")]) is None


@pytest.mark.parametrize(
    "where",
    [
        "$this !ex:p ?v",  # a negated property set
        "$this (ex:p/ex:q)+ ?v",  # + of a path
        "$this (ex:p|ex:q)* ?v",  # * of a path
        "$this ex:p ?v MINUS { $this ex:q ?v }",
        "{ SELECT $this (COUNT(?v) AS ?n) WHERE { $this ex:p ?v } GROUP BY $this }",
        "$this ex:p ?v VALUES $this { ex:a }",  # VALUES of the key (of another: a join)
    ],
)
def test_unsure_queries_fall_back(where: str) -> None:
    assert analyse(PREFIX + f"SELECT $this WHERE {{ {where} }}") is None


def test_a_refresh_over_its_budget_is_not_tried_for_a_while() -> None:
    kept = memo.Memo()
    calls: list[str] = []

    def compute() -> list[str]:
        calls.append("compute")
        return ["whole"]

    def refresh(value: list[str], changed: list[object], budget: float) -> list[str] | None:
        calls.append(f"refresh {len(changed)}")
        deadline = time.thread_time() + budget
        while time.thread_time() <= deadline:  # as slow as the budget allows
            pass
        return None

    key, depends = "rule", memo.Depends(frozenset({EX + "p"}))
    assert kept.get(key, depends, compute, refresh) == ["whole"]
    for turn in range(memo.SLOW_RUNS + 2):
        kept.invalidate({EX + "p"}, (), [change("a", "p", f"b{turn}")])
        assert kept.get(key, depends, compute, refresh) == ["whole"]
    # over its budget: computed for SLOW_RUNS changes, then tried again
    assert calls == [
        "compute", "refresh 1", "compute", *["compute"] * memo.SLOW_RUNS, "refresh 1", "compute"
    ]  # fmt: skip
    assert kept.refreshed == 0


def test_a_variable_predicate_matches_every_triple() -> None:
    query = PREFIX + (
        "SELECT $this ?v WHERE { $this ?path ?v . FILTER NOT EXISTS { ?v ?any ?thing } }"
    )
    analysis = analyse(query)
    assert analysis is not None
    assert analysis.predicates is None
    store = store_of(("a", "p", "x"), ("b", "q", "x"), ("c", "p", "y"))
    # describing x can change the rows of every node that points to x, by any predicate
    assert affected(analysis, store, [change("x", "label", "z")]) == {n("a"), n("b"), n("x")}
    assert affected(analysis, store, [change("c", "r", "y")]) == {n("c")}


def test_a_pattern_not_joined_to_this_falls_back() -> None:
    analysis = analyse(PREFIX + "SELECT $this WHERE { $this ex:p ?x . ?y ex:q ?z }")
    assert analysis is not None
    assert affected(analysis, store_of(), [change("a", "q", "b")]) is None
    assert affected(analysis, store_of(), [change("a", "p", "b")]) == {n("a")}


def test_optional_and_exists_groups_join_through_their_parents() -> None:
    query = PREFIX + (
        "SELECT $this WHERE { $this ex:p ?x . OPTIONAL { ?x ex:q ?v } "
        "FILTER NOT EXISTS { ?w ex:r ?x } }"
    )
    analysis = analyse(query)
    assert analysis is not None
    store = store_of(("a", "p", "x"), ("b", "p", "y"))
    assert affected(analysis, store, [change("x", "q", "v")]) == {n("a")}
    assert affected(analysis, store, [change("w", "r", "y")]) == {n("b")}


@pytest.mark.parametrize("index", range(len(MUTATIONS)))
def test_each_mutation_is_delta_evaluated_and_matches_a_cold_run(
    tmp_path: Path, index: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # every refresh within its budget, whatever the machine's load
    monkeypatch.setattr(memo, "BUDGET_FLOOR", math.inf)
    root = tmp_path / "facts"
    shutil.copytree(xiaomi.TTL[0].parent, root)
    workspace = Workspace.open([root])
    before = workspace._memo.refreshed
    changes = mutated(root, index)
    assert changes
    for path, text in changes.items():
        path.write_text(text, encoding="utf-8")
        workspace.update(path)
    assert workspace._memo.refreshed > before
    assert workspace.report_json() == cold(root)


# -- report queries sorted by a key (quote-numbers, known-names): their rows kept up to date --


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("ORDER BY ?k ?v", ("k", "v")),
        ("ORDER BY ASC(?k)", ("k",)),
        ("ORDER BY DESC(?k)", None),
        ("ORDER BY STR(?k)", None),
        ("", None),
    ],
)
def test_order_variables(order: str, expected: tuple[str, ...] | None) -> None:
    query = PREFIX + f"SELECT ?k ?v WHERE {{ ?k ex:p ?v }} {order}"
    assert delta.order_variables(query) == expected


SORTED = PREFIX + (
    "SELECT ?k ?v WHERE { ?k ex:p ?x . ?x ex:q ?v . FILTER (isIRI(?k)) } ORDER BY ?k ?v"
)


Row = dict[str, Any]


def rows_of(
    store: ox.Store, query: str, bound: ox.NamedNode | ox.BlankNode | None = None
) -> list[Row]:
    from factcheck.validation.sparql import to_rdflib_term

    substitutions = None if bound is None else {ox.Variable("k"): bound}
    solutions = store.query(query, substitutions=substitutions)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [{k: to_rdflib_term(row[k]) for k in names if row[k] is not None} for row in solutions]


def refreshed(
    store: ox.Store, rows: list[Row], changed: list[Any], query: str = SORTED
) -> list[Row] | None:
    return delta.refresh_sorted(
        query, store, lambda node: rows_of(store, query, node), rows, changed, math.inf
    )


def test_sorted_rows_of_the_changed_keys_are_run_again_and_put_in_place() -> None:
    store = store_of(
        ("a", "p", "x1"), ("c", "p", "x3"), ("e", "p", "x5"),
        ("x1", "q", "v1"), ("x3", "q", "v3"), ("x5", "q", "v5"),
    )  # fmt: skip
    rows = rows_of(store, SORTED)
    # a new key in the middle, a key that loses its rows, a key whose value changes
    added = [change("d", "p", "x4"), change("x4", "q", "v4")]
    removed = [change("c", "p", "x3")]
    edited = [change("x5", "q", "v5"), change("x5", "q", "v6")]
    for triple in added:
        store.add(ox.Quad(*triple))
    store.remove(ox.Quad(*removed[0]))
    store.remove(ox.Quad(*edited[0]))
    store.add(ox.Quad(*edited[1]))
    after = refreshed(store, rows, [*added, *removed, *edited])
    assert after == rows_of(store, SORTED)
    assert [str(row["k"]) for row in after] == [EX + "a", EX + "d", EX + "e"]
    # nothing it reads changed: the same rows
    assert refreshed(store, after, [change("a", "r", "x1")]) is after


def test_a_blank_key_without_rows_is_skipped_and_ties_fall_back() -> None:
    store = store_of(("a", "p", "x1"), ("x1", "q", "v1"))
    blank = ox.BlankNode("b1")
    store.add(ox.Quad(blank, n("p"), n("x1")))
    rows = rows_of(store, SORTED)
    # the blank node has no rows (the query keeps IRIs): its change affects nothing else
    assert refreshed(store, rows, [(blank, n("p"), n("x1"))]) == rows_of(store, SORTED)
    # two rows the ORDER BY does not tell apart: their order would be the engine's
    tied = PREFIX + "SELECT ?k ?v WHERE { ?k ex:p ?x . ?x ex:q ?v } ORDER BY ?k"
    store.add(ox.Quad(n("x1"), n("q"), n("v2")))
    assert refreshed(store, rows_of(store, tied), [change("x1", "q", "v2")], tied) is None


def test_suggestions_are_kept_unless_a_changed_name_is_close() -> None:
    from rdflib import URIRef

    from factcheck import consistency
    from factcheck.consistency import Suggestions, suggest

    missing = URIRef("https://w3id.org/factcheck/data/xiaomi-corp")
    known = {"xiaomi-corp0": "fcd:xiaomi-corp0", "tesla": "fcd:tesla", "lei-jun": "fcd:lei-jun"}
    kept = Suggestions()
    calls: list[str] = []
    real = consistency.suggest

    def counted(names: dict[str, str], iri: URIRef) -> list[str]:
        calls.append(str(iri))
        return real(names, iri)

    import unittest.mock

    with unittest.mock.patch.object(consistency, "suggest", counted):
        assert kept.get(known, missing) == ["fcd:xiaomi-corp0"]
        far = {**known, "byd": "fcd:byd"}  # a name nowhere near: the suggestion stands
        assert kept.get(far, missing) == suggest(far, missing)
        near = {**far, "xiaomi-corp": "fcd:xiaomi-corp-2024"}  # close: computed again
        assert (
            kept.get(near, missing)
            == suggest(near, missing)
            == ["fcd:xiaomi-corp-2024", "fcd:xiaomi-corp0"]
        )
        moved = {**near, "xiaomi-corp0": "fcd:xiaomi"}  # a close name now points elsewhere
        assert kept.get(moved, missing) == suggest(moved, missing)
    assert calls == [str(missing)] * 3


def test_report_queries_are_refreshed_and_match_a_cold_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The watch benchmark's edits on a small generated corpus: the quote-number, did-you-mean
    and numbered-name rows, and the rules that read an article's text, are brought up to date
    instead of computed again, and every report is a cold run's."""
    import sys

    from factcheck.resources import load_query

    monkeypatch.setattr(memo, "BUDGET_FLOOR", math.inf)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from incremental import generate  # type: ignore[import-not-found]
    from watch import (  # type: ignore[import-not-found]
        article_text,
        dangling_reference,
        edit_figure,
        entity_label,
        new_fact,
    )

    root = tmp_path / "facts"
    generate(root, 6000, 8, 0)
    workspace = Workspace.open([root])
    kept = workspace._memo
    numbers = ("rows", load_query("quote-numbers"))
    names = ("rows", load_query("known-names"))
    numbered = ("rows", load_query("numbered-names"))
    derivations = ("rows", load_query("derivations"))
    wording = ("rows", load_query("quote-wording-pairs"))
    for edit in (dangling_reference, edit_figure, new_fact, entity_label, article_text):
        before = kept.computed.copy()
        refreshed = kept.refreshed
        workspace.update(edit(root))
        assert workspace.report_json() == cold(root), edit.__name__
        assert kept.refreshed > refreshed, edit.__name__
        computed = {key for key in kept.computed if kept.computed[key] > before[key]}
        assert numbers not in computed, edit.__name__
        assert names not in computed, edit.__name__
        assert numbered not in computed, edit.__name__
        assert derivations not in computed, edit.__name__
        assert wording not in computed, edit.__name__
        assert not [key for key in computed if key[0] == "constraint"], edit.__name__
    assert kept.computed[names] == 1  # the first run's


def restricted_matches_whole(store: ox.Store, plan: ShapesPlan, shapes: Graph) -> set[str]:
    """Check ``sparql.restricted`` on each consistency rule over ``workspace``'s store: run once
    with ``VALUES $this`` for some nodes (some with rows, some typed nodes without), it must
    give exactly the whole-store run's rows of those nodes. The labels of the rules that had
    rows to compare."""
    from factcheck.validation.prebinding import runs_unbound
    from factcheck.validation.sparql import _run_rows, restricted

    typed = sorted(
        {q.subject for q in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), None)
         if isinstance(q.subject, ox.NamedNode)},
        key=str,
    )[::7][:20]  # fmt: skip
    with_rows: set[str] = set()
    for constraint in plan.sparql:
        if constraint.ask or not runs_unbound(constraint.query):
            continue
        whole = _run_rows(store, constraint, constraint.query, None)
        found = sorted({t for t, _ in whole if isinstance(t, ox.NamedNode)}, key=str)
        nodes = sorted(set(found[:20]) | set(typed), key=str)
        got = _run_rows(store, constraint, restricted(constraint.query, nodes), None)
        label = str(shapes.value(constraint.constraint, RDFS.label))
        expected = sorted(repr(row) for row in whole if row[0] in set(nodes))
        assert sorted(repr(row) for row in got) == expected, label
        if expected:
            with_rows.add(label)
    return with_rows


def test_a_restricted_run_gives_the_whole_runs_rows_of_those_nodes(tmp_path: Path) -> None:
    """On the bundled facts after each mutation (each breaks a rule), every rule is compared
    on rows, not only on empty results."""
    from factcheck.resources import vocabulary_files
    from factcheck.validation.engine import _derive_texts, load_vocabulary, vocabulary_source

    consistency = ROOT / "ontology" / "shapes-consistency.ttl"
    shapes = Graph().parse(consistency)
    plan = load_plan([consistency], [])
    vocabulary = [vocabulary_source(path) for path in vocabulary_files()]
    with_rows: set[str] = set()
    for index in range(len(MUTATIONS)):
        root = tmp_path / f"facts-{index}"
        shutil.copytree(xiaomi.TTL[0].parent, root)
        for path, text in mutated(root, index).items():
            path.write_text(text, encoding="utf-8")
        store = ox.Store()
        load_vocabulary(store, vocabulary)
        for path in sorted(root.glob("*.ttl")):
            graph = ox.NamedNode(f"urn:test:{path.name}")
            store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=graph)
        _derive_texts(store, [], [root])
        with_rows |= restricted_matches_whole(store, plan, shapes)
    assert len(with_rows) == 10, sorted(with_rows)


RULE_SHAPES = '''
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:Shape a sh:NodeShape ;
    sh:targetSubjectsOf ex:p ;
    sh:sparql [
        sh:message "bad value" ;
        sh:select """SELECT $this ?value WHERE {
            $this <http://example.org/p> ?value . FILTER (?value = <http://example.org/bad>)
        }"""
    ] .
'''


@pytest.mark.parametrize(
    ("costs", "restricted_runs"),
    [
        ({}, [2]),  # n2 pre-bound to learn its cost, dear: n4 and n6 in one VALUES run
        ({"node": 0.0}, []),  # nodes cheap: all pre-bound
        ({"node": 1.0, "values": 0.5}, [3]),  # VALUES cheaper than three nodes: one run
    ],
)
def test_a_refresh_picks_the_cheaper_way_and_both_give_the_same_rows(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    costs: dict[str, float],
    restricted_runs: list[int],
) -> None:
    from factcheck.validation import sparql

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(RULE_SHAPES, encoding="utf-8")
    (constraint,) = load_plan([shapes], []).sparql
    store = store_of(*[(f"n{i}", "p", "bad" if i % 2 else "good") for i in range(8)])
    rows = sparql._run_rows(store, constraint, constraint.query, None)
    changed = [change("n2", "p", "good"), change("n2", "p", "bad"), change("n4", "p", "bad"),
               change("n6", "p", "bad")]  # fmt: skip
    for s, p, o in changed[1:]:
        store.add(ox.Quad(s, p, o))
    store.remove(ox.Quad(*changed[0]))
    used: list[int] = []
    real = sparql.restricted

    def counted(query: str, nodes: list[ox.NamedNode]) -> str:
        used.append(len(nodes))
        return real(query, nodes)

    monkeypatch.setattr(sparql, "restricted", counted)
    real_rows = sparql._rows

    def dear(*args: Any) -> Any:  # 100 ms of CPU a node: two more cost over 3/4 of the budget
        found = real_rows(*args)
        spent = time.thread_time() + 0.1
        while time.thread_time() < spent:
            pass
        return found

    if not costs:
        monkeypatch.setattr(sparql, "_rows", dear)
    learned = dict(costs)
    got = sparql._refresh(store, constraint, constraint.query, None, learned, rows, changed, 0.25)
    assert got is not None
    whole = sparql._run_rows(store, constraint, constraint.query, None)
    assert sorted(map(repr, got)) == sorted(map(repr, whole))
    assert sorted(str(this) for this, _ in whole) == [f"<{EX}n{i}>" for i in (1, 2, 3, 4, 5, 6, 7)]
    assert used == restricted_runs
    assert ("values" in learned) == bool(restricted_runs)


def test_rows_are_refreshed_in_place_only_when_sorted_as_read() -> None:
    store = store_of(("a", "p", "x1"), ("c", "p", "x3"), ("x1", "q", "v1"), ("x3", "q", "v3"))
    rows = rows_of(store, SORTED)
    assert delta.is_sorted(rows, "k")
    assert not delta.is_sorted(list(reversed(rows)), "k")
    # a blank key that had rows cannot be placed: unsure
    blank = ox.BlankNode("b1")
    with_blank = PREFIX + "SELECT ?k ?v WHERE { ?k ex:p ?x . ?x ex:q ?v } ORDER BY ?k ?v"
    store.add(ox.Quad(blank, n("p"), n("x1")))
    before = rows_of(store, with_blank)
    store.remove(ox.Quad(blank, n("p"), n("x1")))
    assert refreshed(store, before, [(blank, n("p"), n("x1"))], with_blank) is None


LIST = PREFIX + (
    "SELECT $this ?v WHERE { $this ex:operands ?head . ?head ex:rest* ?cell . "
    "?cell ex:first ?item . ?item ex:value ?v }"
)


def test_a_star_path_is_followed_through_the_list() -> None:
    """``$this``'s list head, cells chained by ex:rest: a change to an item, to a cell, or to a
    link of the chain reaches the node whose list it is."""
    analysis = analyse(LIST)
    assert analysis is not None
    store = store_of(
        ("f", "operands", "c1"), ("c1", "first", "i1"), ("c1", "rest", "c2"),
        ("c2", "first", "i2"), ("c2", "rest", "c3"), ("c3", "first", "i3"),
        ("g", "operands", "d1"), ("d1", "first", "j1"),
    )  # fmt: skip
    assert affected(analysis, store, [change("i3", "value", "v9")]) == {n("f")}
    assert affected(analysis, store, [change("i1", "value", "v9")]) == {n("f")}
    new_item = [change("c3", "first", "i9"), change("i9", "value", "v9")]
    assert affected(analysis, store, new_item) == {n("f")}
    # an item with no value in either graph is in no solution
    assert affected(analysis, store, [change("c3", "first", "i9")]) == set()
    # a link of the chain removed (no longer in the store): still reaches both ends
    assert affected(analysis, store, [change("c1", "rest", "c3")]) == {n("f")}
    assert affected(analysis, store, [change("c2", "rest", "c4")]) == set()  # c4: no item
    assert affected(analysis, store, [change("d1", "rest", "c2")]) == {n("g")}
    assert affected(analysis, store, [change("j1", "value", "v")]) == {n("g")}
    plus = analyse(LIST.replace("ex:rest*", "ex:rest+"))
    assert plus is not None
    # with +, the head's own item is not on the path, but a change there still reaches f
    # through the head (a wider set is safe; a narrower one would not be)
    assert n("f") in (affected(plus, store, [change("i2", "value", "v9")]) or set())


def test_a_derivation_is_refreshed_when_an_operand_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The derivation rows (an operand list walked with rdf:rest*) follow an operand's edit:
    the finding comes and goes as a cold run's does, with the rows never computed again."""
    from factcheck.resources import load_query

    monkeypatch.setattr(memo, "BUDGET_FLOOR", math.inf)
    kinds = ROOT / "tests" / "fixtures" / "kinds"
    root = tmp_path / "facts"
    root.mkdir()
    shutil.copy(ROOT / "facts" / "calendar.ttl", root)
    shutil.copy(kinds / "derivation-accept.ttl", root / "derived.ttl")
    workspace = Workspace.open([root])
    rows = ("rows", load_query("derivations"))
    assert workspace._memo.computed[rows] == 1
    path = root / "derived.ttl"
    accepted = path.read_text(encoding="utf-8")
    path.write_text(accepted.replace("qudt:numericValue 163.88", "qudt:numericValue 160.5"))
    found = workspace.update(path)
    assert [(f.rule, str(f.focus)) for f in found.new] == [
        ("derivation", "https://w3id.org/factcheck/data/ref-capacity-dec-2023")
    ]
    assert workspace.report_json() == cold(root)
    path.write_text(accepted, encoding="utf-8")
    assert [f.rule for f in workspace.update(path).resolved] == ["derivation"]
    assert workspace.report_json() == cold(root)
    assert workspace._memo.computed[rows] == 1


@pytest.mark.parametrize(
    ("name", "key", "anchored"),
    [
        ("quote-numbers", "claim", True),
        ("known-names", "node", True),
        ("derivations", "fact", True),
        ("numbered-names", "entity", False),  # bound in both branches of a UNION: not told
    ],
)
def test_a_report_query_restricted_to_one_key_gives_that_keys_rows(
    name: str, key: str, anchored: bool
) -> None:
    from factcheck.resources import load_query
    from factcheck.validation.prebinding import runs_unbound
    from factcheck.validation.sparql import restricted

    text = load_query(name)
    assert runs_unbound(text, key) is anchored
    store = ox.Store()
    for path in [*xiaomi.TTL, ROOT / "tests" / "fixtures" / "kinds" / "derivation-accept.ttl"]:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    whole = rows_of(store, text)
    keys = sorted({str(row[key]) for row in whole})
    assert keys
    for value in keys[:: max(1, len(keys) // 5)]:
        node = ox.NamedNode(value[1:-1]) if value.startswith("<") else ox.NamedNode(value)
        got = rows_of(store, restricted(text, [node], key))
        assert got == [row for row in whole if str(row[key]) == value], value


def test_a_node_without_a_triple_every_solution_needs_cannot_match() -> None:
    typed = analyse(PREFIX + "SELECT $this WHERE { $this a ex:C ; ex:p ?v }")
    optional = analyse(PREFIX + "SELECT $this WHERE { $this ex:p ?v OPTIONAL { $this a ex:C } }")
    assert typed is not None and optional is not None
    rdf_type = ox.NamedNode(str(RDF.type))
    store = store_of(("a", "p", "v"), ("b", "p", "v"))
    store.add(ox.Quad(n("a"), rdf_type, n("C")))
    assert not delta.cannot_match(typed, store, n("a"))
    assert delta.cannot_match(typed, store, n("b"))
    assert delta.cannot_match(typed, store, ox.BlankNode("q"))
    assert not delta.cannot_match(optional, store, n("b"))  # an OPTIONAL needs nothing


def test_quote_wording_pairs_do_not_join_every_labelled_node_to_a_claim_without_claimant() -> None:
    """A claim and a reference fact with no claimant pair once, spoken by their subject (the
    claimant's label was an OPTIONAL of its own: with no claimant bound it joined every
    labelled node)."""
    from factcheck.resources import load_query

    store = ox.Store()
    store.load(
        input="""
        @prefix : <https://w3id.org/factcheck/data/> .
        @prefix fc: <https://w3id.org/factcheck/ontology#> .
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        :LeiJun rdfs:label "Lei Jun" .
        :Musk rdfs:label "Elon Musk" .
        :claim a fc:ArticleClaim ; rdf:subject :LeiJun ; rdf:predicate fc:said ;
            rdf:object "we slept at the factory" .
        :fact a fc:ReferenceFact ; rdf:subject :LeiJun ; rdf:predicate fc:said ;
            rdf:object "we slept in the factory" .
        """,
        format=ox.RdfFormat.TURTLE,
    )
    rows = rows_of(store, load_query("quote-wording-pairs"))
    assert [str(row["speaker"]) for row in rows] == ["Lei Jun"]
