"""SHACL-SPARQL constraints run as one query each over the whole graph.

pySHACL evaluates an ``sh:sparql`` constraint once per focus node, re-parsing the query each time
(DESIGN.md, "Performance stance": 239 s at 100k triples for two rules). The same SELECT run once
with ``$this`` unbound returns every violating focus node in one pass
(https://www.w3.org/TR/shacl/#sparql-constraints-prebound: ``$this`` is an ordinary variable when
not pre-bound). Rows are then assigned to the shapes whose targets contain ``?this``, which also
gives each row its shape's severity: a constraint shared by an article shape (info) and a
reference-fact shape (violation) is queried once.

Queries run on pyoxigraph when it is installed (it is a dependency) and fall back to rdflib.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.term import Node

SH = "http://www.w3.org/ns/shacl#"
_SEVERITIES = {SH + "Violation": "violation", SH + "Warning": "warning", SH + "Info": "info"}
_TEMPLATE = re.compile(r"\{[?$](\w+)\}")


def _sh(name: str) -> URIRef:
    return URIRef(SH + name)


@dataclass(frozen=True)
class SparqlRule:
    """One ``sh:SPARQLConstraint`` and the shapes that use it."""

    constraint: Node
    name: str
    query: str
    """The SELECT with its prefixes declared and ``$this`` written as ``?this``."""
    messages: tuple[str, ...]
    shapes: tuple[Node, ...]


@dataclass(frozen=True)
class RuleResult:
    """One violating row, already assigned to a shape."""

    shape: Node
    constraint: Node
    rule: str
    severity: str
    focus: Node
    path: Node | None
    value: Node | None
    message: str


def _prefixes(shapes: Graph, constraint: Node) -> str:
    lines = []
    for declarer in shapes.objects(constraint, _sh("prefixes")):
        for declaration in shapes.objects(declarer, _sh("declare")):
            prefix = shapes.value(declaration, _sh("prefix"))
            namespace = shapes.value(declaration, _sh("namespace"))
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(set(lines)))


def split_shapes(shapes: Graph) -> tuple[Graph, list[SparqlRule]]:
    """The shapes graph without SPARQL-only shapes, and those shapes' rules.

    A node shape whose only constraint is ``sh:sparql`` leaves the graph pySHACL sees; its
    constraints come back as ``SparqlRule``s to run here.
    """
    sparql_shapes: dict[Node, list[Node]] = {}
    for shape, constraint in shapes.subject_objects(_sh("sparql")):
        sparql_shapes.setdefault(constraint, []).append(shape)
    rules: list[SparqlRule] = []
    core = Graph()
    for prefix, namespace in shapes.namespaces():
        core.bind(prefix, namespace)
    core += shapes
    for constraint, users in sorted(sparql_shapes.items(), key=lambda item: str(item[0])):
        select = shapes.value(constraint, _sh("select"))
        if select is None:
            continue
        query = _prefixes(shapes, constraint) + "\n" + str(select).replace("$this", "?this")
        name = shapes.value(constraint, RDFS.label)
        rules.append(
            SparqlRule(
                constraint=constraint,
                name=str(name) if name is not None else str(constraint),
                query=query,
                messages=tuple(str(m) for m in shapes.objects(constraint, _sh("message"))),
                shapes=tuple(sorted(users, key=str)),
            )
        )
        for shape in users:
            core.remove((shape, _sh("sparql"), constraint))
            if not _has_other_constraints(core, shape):
                core.remove((shape, None, None))
    return core, rules


def _has_other_constraints(shapes: Graph, shape: Node) -> bool:
    ignorable = {RDF.type, RDFS.label, RDFS.comment, _sh("severity"), _sh("message")}
    targets = {
        _sh(t)
        for t in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "target")
    }
    return any(p not in ignorable | targets for p in shapes.predicates(shape, None))


def _targets(shapes: Graph, shape: Node, data: Graph) -> set[Node]:
    """The focus nodes of ``shape`` in ``data`` (class targets follow rdfs:subClassOf)."""
    nodes: set[Node] = set()
    for cls in shapes.objects(shape, _sh("targetClass")):
        classes = set(data.transitive_subjects(RDFS.subClassOf, cls))
        for each in classes | {cls}:
            nodes.update(data.subjects(RDF.type, each))
    nodes.update(shapes.objects(shape, _sh("targetNode")))
    for predicate in shapes.objects(shape, _sh("targetSubjectsOf")):
        nodes.update(data.subjects(predicate, None))
    for predicate in shapes.objects(shape, _sh("targetObjectsOf")):
        nodes.update(data.objects(None, predicate))
    return nodes


def _message(templates: Iterable[str], row: dict[str, Node]) -> str:
    for template in templates:
        return _TEMPLATE.sub(lambda m: str(row.get(m.group(1), m.group(0))), template)
    text = row.get("message")
    return str(text) if text is not None else "SPARQL constraint not met"


def _rows_rdflib(data: Graph, query: str) -> list[dict[str, Node]]:
    result = data.query(query)
    return [
        {str(k): v for k, v in row.asdict().items()}  # type: ignore[union-attr]
        for row in result
    ]


def _to_rdflib(term: object) -> Node:
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unexpected SPARQL term {term!r}")


class OxigraphRunner:
    """The data graph loaded once into a pyoxigraph Store, for many queries."""

    def __init__(self, data: Graph) -> None:
        import pyoxigraph

        self.store = pyoxigraph.Store()
        payload = data.serialize(format="nt", encoding="utf-8")
        self.store.load(payload, pyoxigraph.RdfFormat.N_TRIPLES)

    def rows(self, query: str) -> list[dict[str, Node]]:
        import pyoxigraph

        solutions = self.store.query(query)
        assert isinstance(solutions, pyoxigraph.QuerySolutions)
        names = [v.value for v in solutions.variables]
        out: list[dict[str, Node]] = []
        for solution in solutions:
            row: dict[str, Node] = {}
            for name in names:
                term = solution[name]
                if term is not None:
                    row[name] = _to_rdflib(term)
            out.append(row)
        return out


def run_rules(
    rules: list[SparqlRule], shapes: Graph, data: Graph, engine: str = "oxigraph"
) -> list[RuleResult]:
    """Every violating row of every rule, assigned to the shapes whose targets hold it."""
    if not rules:
        return []
    runner = OxigraphRunner(data) if engine == "oxigraph" else None
    results: list[RuleResult] = []
    seen: set[tuple[object, ...]] = set()
    for rule in rules:
        rows = runner.rows(rule.query) if runner is not None else _rows_rdflib(data, rule.query)
        targets = {shape: _targets(shapes, shape, data) for shape in rule.shapes}
        for row in rows:
            focus = row.get("this")
            if focus is None:
                continue
            message = _message(rule.messages, row)
            for shape in rule.shapes:
                if focus not in targets[shape]:
                    continue
                severity = _SEVERITIES.get(str(shapes.value(shape, _sh("severity"))), "violation")
                key = (shape, focus, row.get("path"), row.get("value"), message)
                if key in seen:
                    continue
                seen.add(key)
                results.append(
                    RuleResult(
                        shape=shape,
                        constraint=rule.constraint,
                        rule=rule.name,
                        severity=severity,
                        focus=focus,
                        path=row.get("path"),
                        value=row.get("value"),
                        message=message,
                    )
                )
    return results
