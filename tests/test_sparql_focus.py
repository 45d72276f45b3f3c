"""``run_constraints`` tests only the rows' ``?this`` against a shape's targets; that test must
agree with ``focus_nodes``, which lists every focus node, for every kind of target."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from factcheck.resources import bundled_facts_dir, shape_files, vocabulary_files
from factcheck.validation.shapes import load_plan
from factcheck.validation.sparql import _Focus, focus_nodes

from .conftest import FIXTURES


def store_of(directory: Path) -> Any:
    import pyoxigraph as ox

    store = ox.Store()
    for path in sorted(directory.glob("*.ttl")):
        store.load(path.read_bytes(), format=ox.RdfFormat.TURTLE)
    for path in vocabulary_files():
        graph = ox.NamedNode("urn:factcheck:vocabulary")
        store.load(path.read_bytes(), format=ox.RdfFormat.TURTLE, to_graph=graph)
    return store


@pytest.mark.parametrize(
    ("data", "shapes"),
    [
        (bundled_facts_dir(), shape_files()),
        (FIXTURES / "invalid", [FIXTURES / "shapes-test.ttl"]),
    ],
)
def test_focus_membership_matches_focus_nodes(data: Path, shapes: list[Path]) -> None:
    store = store_of(data)
    plan = load_plan(shapes, vocabulary_files())
    candidates = {q.subject for q in store} | {q.object for q in store}
    kinds = set()
    for shape in set(plan.graph.subjects()):
        listed = focus_nodes(store, plan.graph, shape)
        focus = _Focus(store, plan.graph, shape)
        assert focus.any() == bool(listed), shape
        assert {c for c in candidates if focus.contains(c)} == listed & candidates, shape
        kinds.update(p.split("#")[-1] for _, p, _ in plan.graph.triples((shape, None, None)))
    if data == bundled_facts_dir():
        assert {"targetClass", "targetSubjectsOf", "targetObjectsOf", "target"} <= kinds


SHAPES = """
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .

ex:NodeTargets a sh:NodeShape ; sh:targetNode ex:a, ex:missing, "a literal" .
ex:Thing a rdfs:Class, sh:NodeShape ; sh:property ex:ThingName .
ex:ThingName a sh:PropertyShape ; sh:path ex:name .
ex:Objects a sh:NodeShape ; sh:targetObjectsOf ex:knows .
ex:Empty a sh:NodeShape ; sh:targetClass ex:Nothing .
"""

DATA = """
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

ex:Animal rdfs:subClassOf ex:Thing .
ex:Dog rdfs:subClassOf ex:Animal .
ex:a a ex:Dog ; ex:name "A" ; ex:knows ex:b, "c", [ ex:name "D" ] .
ex:e a ex:Other ; ex:knows ex:a .
"""


def test_focus_membership_other_targets(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "data.ttl").write_text(DATA)
    (tmp_path / "shapes.ttl").write_text(SHAPES)
    store = store_of(tmp_path / "data")
    plan = load_plan([tmp_path / "shapes.ttl"], vocabulary_files())
    candidates = {q.subject for q in store} | {q.object for q in store}
    for shape in set(plan.graph.subjects()):
        listed = focus_nodes(store, plan.graph, shape)
        focus = _Focus(store, plan.graph, shape)
        assert focus.any() == bool(listed), shape
        assert {c for c in candidates | listed if focus.contains(c)} == listed, shape
