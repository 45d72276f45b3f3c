"""Every SHACL shape, tested the W3C ``sht`` way: a data file, the shapes, the expected report.

Fixtures live in ``tests/shapes/<NodeShape>/``. A ``*-reject.ttl`` file opens with the shape it is
for and every result ``factcheck validate`` must report for it, nothing more and nothing less::

    # shape: <shape key>
    # expect: <severity> <focus node> <result path or -> <constraint component> <source shape>

(see ``tests/shapes/QuoteShape/exact-missing-reject.ttl``). A ``*-accept.ttl`` file names one or
more shapes and a ``# focus:`` node. It must give no result, and the focus node must really be
checked: it is a focus node of the shape and, for a property shape, has a value on the shape's
path. An accept fixture cannot pass by checking nothing.

Fixtures run through pySHACL with the shapes, so each result names the exact shape it came from;
one reject and one accept fixture per node shape also run through ``factcheck.validate``.

Shape keys: a named shape is its CURIE; a blank property shape is ``<node shape>[<path>]``; a
constraint on a node shape itself is ``<node shape> <parameter>(<what it is about>)``, e.g.
``fcsh:QuantityShape sh:or(fc:currency qudt:unit)``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, BNode, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from factcheck.loader import FC, load, new_graph, parse_file
from factcheck.resources import ontology_dir, vocabulary_files
from factcheck.validate import Finding, Report, load_graph, path_label, shorten_iri, validate

SHAPE_FILES = [
    ontology_dir() / "shapes-structure.ttl",
    ontology_dir() / "shapes-sources.ttl",
    ontology_dir() / "shapes-kinds.ttl",
]
"""The structure and source shapes. Consistency rules (SHACL-SPARQL) have their own tests."""
SH = Namespace("http://www.w3.org/ns/shacl#")
FCSH = Namespace("https://w3id.org/factcheck/shapes#")
FIXTURES = Path(__file__).parent / "shapes"
FIXTURE_FILES = sorted(FIXTURES.glob("*/*.ttl"))
REJECTS = [path for path in FIXTURE_FILES if path.stem.endswith("-reject")]
ACCEPTS = [path for path in FIXTURE_FILES if path.stem.endswith("-accept")]

TARGETS = (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf, SH.target)
NOT_CONSTRAINTS = {
    *TARGETS,
    *(SH[name] for name in ("property", "message", "severity", "deactivated", "name")),
    *(SH[name] for name in ("description", "order", "group", "ignoredProperties")),
}
"""Parameters of a node shape in the sh: namespace that are not constraints on the node itself."""

KNOWN_DEFECTS: dict[str, str] = {}


def fixture_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


# --- the shapes, walked ---------------------------------------------------------------------


@functools.cache
def shapes_graph() -> Graph:
    return load_graph(SHAPE_FILES)


@functools.cache
def names() -> NamespaceManager:
    graph = new_graph()
    graph.bind("fcsh", FCSH)
    return graph.namespace_manager


def curie(node: Node) -> str:
    return shorten_iri(node, names())


def label_of_path(path: Node) -> str:
    return path_label(path, shapes_graph(), names())


@dataclass(frozen=True)
class Declared:
    """One shape (or node-level constraint) that needs a reject and an accept fixture."""

    key: str
    node_shape: Node
    """The node shape it belongs to; for a node shape, itself."""
    node: Node
    """The shape node that carries its sh:message and fc:fixHint."""
    path: Node | None = None
    """sh:path, for a property shape."""
    component: str | None = None
    """For a node-level constraint: the component its results carry."""

    @property
    def source_shape(self) -> str:
        """What a result from this shape names as its sh:sourceShape (see ``source_shape_key``)."""
        return self.key if self.path is not None else curie(self.node_shape)


def _about(value: Node, graph: Graph) -> str:
    """What a node-level constraint is about: its IRI value, or the paths inside its shapes."""
    if not isinstance(value, BNode):
        return curie(value)
    paths: set[str] = set()
    todo, seen = [value], set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for predicate, obj in graph.predicate_objects(node):
            if predicate == SH.path:
                paths.add(label_of_path(obj))
            elif isinstance(obj, BNode):
                todo.append(obj)
    return " ".join(sorted(paths))


@functools.cache
def declared() -> dict[str, Declared]:
    """Every node shape, property shape (named or blank) and node-level constraint, by key."""
    graph = shapes_graph()
    node_shapes = set(graph.subjects(RDF.type, SH.NodeShape))
    node_shapes |= {s for target in TARGETS for s in graph.subjects(target, None)}
    found: dict[str, Declared] = {}

    def add(item: Declared) -> None:
        assert item.key not in found, f"two shapes share the key {item.key}"
        found[item.key] = item

    for node_shape in node_shapes:
        name = curie(node_shape)
        before = len(found)
        for prop in graph.objects(node_shape, SH.property):
            path = graph.value(prop, SH.path)
            assert path is not None, f"{name} has a property shape without sh:path"
            key = curie(prop) if isinstance(prop, URIRef) else f"{name}[{label_of_path(path)}]"
            add(Declared(key, node_shape, prop, path=path))
        for parameter, value in graph.predicate_objects(node_shape):
            if not str(parameter).startswith(str(SH)) or parameter in NOT_CONSTRAINTS:
                continue
            local = str(parameter).removeprefix(str(SH))
            component = f"sh:{local[0].upper()}{local[1:]}ConstraintComponent"
            key = f"{name} {curie(parameter)}({_about(value, graph)})"
            add(Declared(key, node_shape, node_shape, component=component))
        if len(found) == before:  # a node shape with nothing but targets
            add(Declared(name, node_shape, node_shape))
    orphans = set(graph.subjects(RDF.type, SH.PropertyShape)) - set(
        graph.objects(None, SH.property)
    )
    assert not orphans, f"property shapes no node shape uses: {sorted(map(curie, orphans))}"
    return found


# --- fixtures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    severity: str
    focus: str
    path: str
    component: str
    shape: str

    def __str__(self) -> str:
        return " ".join((self.severity, self.focus, self.path, self.component, self.shape))


@dataclass(frozen=True)
class Fixture:
    path: Path
    shapes: tuple[str, ...]
    expect: tuple[Expected, ...]
    focus: str | None


@functools.cache
def read_fixture(path: Path) -> Fixture:
    """The ``# shape:``, ``# expect:`` and ``# focus:`` lines at the top of a fixture."""
    shapes: list[str] = []
    expect: list[Expected] = []
    focus: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        field, _, value = line.removeprefix("#").strip().partition(": ")
        if field == "shape":
            shapes.append(value.strip())
        elif field == "expect":
            parts = value.split()
            assert len(parts) == 5, f"{path}: expect needs 5 fields: {line}"
            expect.append(Expected(*parts))
        elif field == "focus":
            focus.append(value.strip())
    if path.stem.endswith("-reject"):
        assert len(shapes) == 1 and expect and not focus, f"{path}: one shape, expect lines"
    else:
        assert shapes and len(focus) == 1 and not expect, f"{path}: shape lines and one focus"
    return Fixture(path, tuple(shapes), tuple(expect), focus[0] if focus else None)


SEVERITIES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


def focus_label(node: Node, data: Graph) -> str:
    """``fcd:claim/fc:quote`` for a blank node: the named node it hangs from, then predicates."""
    if not isinstance(node, BNode):
        return curie(node)
    (parent, predicate), *others = list(data.subject_predicates(node))
    assert not others, f"blank node {node} has several parents"
    return f"{focus_label(parent, data)}/{curie(predicate)}"


def shape_key(shape: Node) -> str:
    if isinstance(shape, URIRef):
        return curie(shape)
    keys = [item.key for item in declared().values() if item.node == shape]
    assert len(keys) == 1, f"a result came from a shape with no key: {shape}"
    return keys[0]


def results(path: Path) -> list[Expected]:
    """Run the shapes over the fixture (plus the vocabulary, as ``validate`` does) with pySHACL."""
    import pyshacl

    data = data_graph(path)
    _conforms, report, _text = pyshacl.validate(
        data,
        shacl_graph=pyshacl_shapes().graph,
        inference="none",
        advanced=True,
        allow_warnings=True,
        do_owl_imports=False,
        inplace=True,
    )
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        path_node = report.value(result, SH.resultPath)
        found.append(
            Expected(
                SEVERITIES[report.value(result, SH.resultSeverity)],
                focus_label(report.value(result, SH.focusNode), data),
                "-" if path_node is None else path_label(path_node, report, names()),
                curie(report.value(result, SH.sourceConstraintComponent)),
                shape_key(report.value(result, SH.sourceShape)),
            )
        )
    return sorted(found, key=str)


def lookup(key: str, path: Path) -> Declared:
    shapes = declared()
    assert key in shapes, f"{path}: no shape {key!r}; shapes are:\n" + "\n".join(sorted(shapes))
    return shapes[key]


# --- what a shape checks: focus nodes and value nodes --------------------------------------


@functools.cache
def vocabulary() -> Graph:
    graph = new_graph()
    for path in vocabulary_files():
        graph += parse_file(path)
    return graph


def data_graph(path: Path) -> Graph:
    """The fixture plus the vocabulary, as ``validate`` sees it."""
    graph = new_graph()
    graph += parse_file(path)
    graph += vocabulary()
    return graph


def values(data: Graph, focus: Node, path: Node) -> set[Node]:
    """Value nodes of a predicate path or a sequence path (the two kinds our shapes use)."""
    if isinstance(path, URIRef):
        return set(data.objects(focus, path))
    steps = list(Collection(shapes_graph(), path))
    assert steps and all(isinstance(s, URIRef) for s in steps), f"unsupported path {path}"
    nodes = {focus}
    for step in steps:
        nodes = {value for node in nodes for value in data.objects(node, step)}
    return nodes


@functools.cache
def pyshacl_shapes() -> Any:
    """pySHACL's view of the shapes, for focus nodes; its graph keeps our blank node identities."""
    from pyshacl import ShapesGraph

    graph = Graph()
    graph += shapes_graph()  # pySHACL adds its own triples to the graph it is given
    shapes = ShapesGraph(graph)
    _ = shapes.shapes  # builds the lookup from node to shape
    return shapes


def focus_nodes(node_shape: Node, data: Graph) -> set[Node]:
    """The shape's targets in ``data``, plus the nodes reached through ``sh:node`` references."""
    shape = pyshacl_shapes().lookup_shape_from_node(node_shape)
    shape.set_advanced(True)  # SPARQL-based targets
    found: set[Node] = set(shape.focus_nodes(data))
    graph = shapes_graph()
    for prop in graph.subjects(SH.node, node_shape):
        path = graph.value(prop, SH.path)
        assert path is not None
        for parent in graph.subjects(SH.property, prop):
            for focus in focus_nodes(parent, data):
                found |= values(data, focus, path)
    return found


def resolve(label: str, data: Graph) -> Node:
    """``fcd:claim/fc:quote`` → the node: a CURIE, then one value per predicate."""
    first, *steps = label.split("/")
    node: Node = names().expand_curie(first)
    for step in steps:
        objects = list(data.objects(node, names().expand_curie(step)))
        assert len(objects) == 1, f"{label}: {step} has {len(objects)} values"
        node = objects[0]
    return node


# --- the tests -----------------------------------------------------------------------------


def test_fixtures_are_named_for_what_they_do() -> None:
    assert FIXTURE_FILES
    misnamed = [fixture_id(p) for p in FIXTURE_FILES if p not in REJECTS and p not in ACCEPTS]
    assert misnamed == [], "fixture names end in -reject or -accept"
    node_shapes = {curie(item.node_shape).removeprefix("fcsh:") for item in declared().values()}
    folders = {path.parent.name for path in FIXTURE_FILES}
    assert folders == node_shapes


@pytest.mark.parametrize("path", REJECTS, ids=fixture_id)
def test_shape_rejects(path: Path) -> None:
    fixture = read_fixture(path)
    item = lookup(fixture.shapes[0], path)
    assert path.parent.name == curie(item.node_shape).removeprefix("fcsh:")
    assert any(
        e.shape == item.source_shape and item.component in (None, e.component)
        for e in fixture.expect
    ), f"{path}: no expected result comes from {item.key}"
    got = "\n".join(map(str, results(path)))
    assert got == "\n".join(sorted(map(str, fixture.expect)))


@pytest.mark.parametrize("path", ACCEPTS, ids=fixture_id)
def test_shape_accepts(path: Path) -> None:
    fixture = read_fixture(path)
    assert results(path) == []
    data = data_graph(path)
    assert fixture.focus is not None
    focus = resolve(fixture.focus, data)
    for key in fixture.shapes:
        item = lookup(key, path)
        assert path.parent.name == curie(item.node_shape).removeprefix("fcsh:")
        assert focus in focus_nodes(item.node_shape, data), (
            f"{fixture.focus} is not a focus node of {curie(item.node_shape)}: {key} checks nothing"
        )
        if item.path is not None:
            assert values(data, focus, item.path), (
                f"{fixture.focus} has no {label_of_path(item.path)}: {key} checks nothing"
            )


def report_text(report: Report) -> str:
    return "\n".join(
        f"{f.location}: {f.severity}: {f.focus_label} {f.path_label} — {f.message}"
        f" ({f.component_label})"
        for f in report.findings
    )


def _with_details(finding: Finding) -> list[Finding]:
    return [finding, *(d for detail in finding.details for d in _with_details(detail))]


def first_per_folder(paths: list[Path]) -> list[Path]:
    return [
        min(p for p in paths if p.parent == folder) for folder in sorted({p.parent for p in paths})
    ]


@pytest.mark.parametrize("path", first_per_folder(REJECTS), ids=fixture_id)
def test_validate_reports_each_result_with_its_message_and_fix(path: Path) -> None:
    report = validate(load([path]), shapes=SHAPE_FILES)
    # the results of an sh:node shape are sh:detail of the node's result: a fixture lists both
    shown = [d for f in report.findings for d in _with_details(f)]
    got = sorted((f.severity, f.focus_label, f.path_label or "-", f.component_label) for f in shown)
    want = sorted((e.severity, e.focus, e.path, e.component) for e in read_fixture(path).expect)
    assert got == want, report_text(report)
    graph = shapes_graph()
    messages = {str(m) for m in graph.objects(None, SH.message)}
    hints = {str(h) for h in graph.objects(None, FC.fixHint)}
    for finding in shown:
        assert finding.message in messages, finding
        assert finding.hint in hints, finding
    assert report.exit_code() == 1


@pytest.mark.parametrize("path", first_per_folder(ACCEPTS), ids=fixture_id)
def test_validate_accepts(path: Path) -> None:
    report = validate(load([path]), shapes=SHAPE_FILES)
    assert report.conforms, report_text(report)
    assert report.findings == [], report_text(report)
    assert report.exit_code("info") == 0


def _covered(paths: Iterable[Path]) -> set[str]:
    return {key for path in paths for key in read_fixture(path).shapes}


def test_every_shape_has_a_fixture_it_rejects() -> None:
    assert _covered(REJECTS) == set(declared())


def test_every_shape_has_a_fixture_it_accepts() -> None:
    assert _covered(ACCEPTS) == set(declared())


def test_the_walk_finds_every_kind_of_shape() -> None:
    keys = set(declared())
    assert {
        "fcsh:StatementShape-label",
        "fcsh:StatementShape-isEstimate",
        "fcsh:DateValueShape[rdf:object]",
        "fcsh:QuoteShape[oa:start]",
        "fcsh:IntervalShape[time:hasBeginning/time:inXSDDate]",
        "fcsh:SourceDocumentShape[fc:textFile]",
        "fcsh:QuantityShape sh:or(fc:currency qudt:unit)",
        "fcsh:QuantityShape sh:or(fc:precision fc:roundingUnit)",
        "fcsh:ArticleSourceShape sh:or(fc:sourceKind fc:textFile schema:author)",
        "fcsh:QuoteShape sh:class(oa:TextQuoteSelector)",
    } <= keys
    node_shapes = {curie(item.node_shape) for item in declared().values()}
    assert len(node_shapes) == 24, sorted(node_shapes)


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(key, marks=pytest.mark.xfail(strict=True, reason=KNOWN_DEFECTS[key]))
        if key in KNOWN_DEFECTS
        else key
        for key in sorted(declared())
    ],
)
def test_every_shape_says_what_is_wrong_and_how_to_fix_it(key: str) -> None:
    node = declared()[key].node
    graph = shapes_graph()
    assert graph.value(node, SH.message) is not None, f"{key} has no sh:message"
    assert graph.value(node, FC.fixHint) is not None, f"{key} has no fc:fixHint"
