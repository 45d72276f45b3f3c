"""Structure and consistency checks: run the SHACL shapes over the facts and report findings.

The engine is pySHACL (https://www.w3.org/TR/shacl/). Shapes come from ``ontology/shapes-*.ttl``;
the vocabulary (``ontology/*.ttl``) is passed as the ontology graph so ``sh:targetClass`` sees
subclasses. Nothing is fetched: ``owl:imports`` is not followed and inference is off.

SHACL-SPARQL consistency rules (``shapes-consistency.ttl``) run as whole-graph queries
(``factcheck.sparql_rules``) and the Python-side consistency checks (``factcheck.consistency``)
add their findings to the same report.

Each SHACL validation result becomes a ``Finding`` with its source position, found by
``factcheck.locate``, and the ``fc:fixHint`` of its shape, so a user learns where and how to fix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.consistency import RuleFinding, enrich, python_findings, suggest
from factcheck.errors import Location, PathError, UsageError
from factcheck.loader import FC, FactSet, new_graph, parse_file
from factcheck.locate import SourceIndex
from factcheck.resources import load_query, shape_files, vocabulary_files
from factcheck.sparql_rules import RuleResult, run_rules, split_shapes

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.namespace import NamespaceManager
    from rdflib.term import Node

SH = "http://www.w3.org/ns/shacl#"
FCSH = "https://w3id.org/factcheck/shapes#"
SEVERITIES = ("violation", "warning", "info")
"""From most to least severe."""
_RANK = {name: len(SEVERITIES) - i for i, name in enumerate(SEVERITIES)}
_SEVERITY_IRIS = {SH + "Violation": "violation", SH + "Warning": "warning", SH + "Info": "info"}


@dataclass(frozen=True)
class Finding:
    """One SHACL validation result, with where it is and how to fix it."""

    severity: str
    focus: Node
    focus_label: str
    path: Node | None
    path_label: str | None
    value: Node | None
    message: str
    shape: Node | None
    component: Node
    component_label: str
    hint: str | None = None
    location: Location | None = None

    def sort_key(self) -> tuple[str, int, int, str, str, str, str]:
        loc = self.location
        return (
            str(loc.file) if loc else "\uffff",
            (loc.line or 0) if loc else 0,
            (loc.col or 0) if loc else 0,
            self.focus_label,
            self.path_label or "",
            self.component_label,
            self.message,
        )

    def to_dict(self) -> dict[str, Any]:
        from rdflib import BNode

        loc = self.location
        return {
            "file": str(loc.file) if loc else None,
            "line": loc.line if loc else None,
            "col": loc.col if loc else None,
            "severity": self.severity,
            "focus": None if isinstance(self.focus, BNode) else str(self.focus),
            "focus_label": self.focus_label,
            "path": self.path_label,
            "value": _iri_or_literal(self.value),
            "message": self.message,
            "shape": _iri_or_literal(self.shape),
            "component": str(self.component),
            "hint": self.hint,
        }


def _iri_or_literal(node: Node | None) -> str | None:
    from rdflib import BNode

    return None if node is None or isinstance(node, BNode) else str(node)


@dataclass
class Report:
    """All findings of one validation run, sorted by file, line, focus and path."""

    findings: list[Finding]
    files: list[Path] = field(default_factory=list)
    triples: int = 0

    @property
    def conforms(self) -> bool:
        """True when there is no violation (warnings and info do not break conformance)."""
        return not any(f.severity == "violation" for f in self.findings)

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(SEVERITIES, 0)
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts

    def exit_code(self, fail_on: str = "violation") -> int:
        """1 if any finding is at or above ``fail_on`` (violation, warning or info), else 0."""
        if fail_on not in _RANK:
            raise UsageError(
                f"unknown severity {fail_on!r}", hint=f"use one of: {', '.join(SEVERITIES)}"
            )
        threshold = _RANK[fail_on]
        return 1 if any(_RANK[f.severity] >= threshold for f in self.findings) else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "conforms": self.conforms,
            "files": len(self.files),
            "triples": self.triples,
            "counts": self.counts,
            "findings": [f.to_dict() for f in self.findings],
        }


def load_graph(files: Sequence[Path]) -> Graph:
    """Parse shape or vocabulary files into one graph (input errors point at the file)."""
    graph = new_graph()
    for file in files:
        graph += parse_file(file)
    return graph


def validate(facts: FactSet, shapes: Sequence[Path] | None = None) -> Report:
    """Validate ``facts`` against ``shapes`` (default: every ``ontology/shapes-*.ttl``)."""
    import pyshacl

    if shapes is not None:
        for path in shapes:
            if not path.is_file():
                raise PathError(f"no such shapes file: {path}")
    shapes_graph = load_graph(shape_files() if shapes is None else shapes)
    # SHACL-SPARQL consistency rules run as one whole-graph query each (sparql_rules); pySHACL
    # gets the remaining shapes. Running them per focus node inside pySHACL took minutes.
    core_shapes, rules = split_shapes(shapes_graph)
    vocabulary_paths = vocabulary_files()
    # The vocabulary goes into (a copy of) the data graph rather than pySHACL's ont_graph:
    # ont_graph only "inoculates" class axioms, so shapes could not see that, say, fc:revenue
    # is declared an fc:ClaimProperty. Our copy also lets pySHACL run in place without cloning.
    data = new_graph()
    data += facts.graph
    for path in vocabulary_paths:
        data += parse_file(path)
    data += enrich(facts)
    _conforms, results, _text = pyshacl.validate(
        data,
        shacl_graph=core_shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        allow_infos=True,
        meta_shacl=False,
        do_owl_imports=False,
        inplace=True,
    )
    rule_results = run_rules(rules, shapes_graph, data)
    extra = python_findings(facts, data) if rules or shapes is None else []
    if not _has_results(results) and not rule_results and not extra:
        return Report(findings=[], files=list(facts.files), triples=len(facts.graph))
    graphs = dict(facts.graphs)
    for path in vocabulary_paths:
        graphs.setdefault(path, new_graph())
    index = SourceIndex.from_graphs(graphs, data)
    names = facts.namespace_manager
    findings = parse_results(results, core_shapes, index, names)
    findings += [_rule_finding(r, shapes_graph, data, index, names) for r in rule_results]
    findings += [_python_finding(f, index, names) for f in extra]
    return Report(
        findings=sorted(findings, key=Finding.sort_key),
        files=list(facts.files),
        triples=len(facts.graph),
    )


def _rule_finding(
    result: RuleResult, shapes: Graph, data: Graph, index: SourceIndex, names: NamespaceManager
) -> Finding:
    """A whole-graph SHACL-SPARQL row as a Finding (did-you-mean added for dangling IRIs)."""
    from rdflib import URIRef

    hint = fix_hint(result.constraint, shapes) or fix_hint(result.shape, shapes)
    if result.rule == "dangling-reference" and isinstance(result.value, URIRef):
        suggestions = suggest(data, result.value)
        if suggestions:
            hint = f"did you mean {' or '.join(suggestions)}? " + (hint or "")
    predicate = result.path if isinstance(result.path, URIRef) else None
    return Finding(
        severity=result.severity,
        focus=result.focus,
        focus_label=node_label(result.focus, index, names),
        path=result.path,
        path_label=None if result.path is None else shorten_iri(result.path, names),
        value=result.value,
        message=result.message,
        shape=result.shape,
        component=URIRef(SH + "SPARQLConstraintComponent"),
        component_label=result.rule,
        hint=hint,
        location=index.locate(result.focus, predicate),
    )


def _python_finding(finding: RuleFinding, index: SourceIndex, names: NamespaceManager) -> Finding:
    """A Python-side consistency finding (quote wording, coverage) as a Finding."""
    from rdflib import URIRef

    location = (
        Location(finding.file, finding.line, finding.col)
        if finding.file is not None
        else index.locate(finding.focus, finding.path)
    )
    return Finding(
        severity=finding.severity,
        focus=finding.focus,
        focus_label=node_label(finding.focus, index, names),
        path=finding.path,
        path_label=None if finding.path is None else shorten_iri(finding.path, names),
        value=finding.value,
        message=finding.message,
        shape=URIRef(FCSH + finding.rule),
        component=URIRef(FCSH + finding.rule),
        component_label=finding.rule,
        hint=finding.hint,
        location=location,
    )


def _has_results(results: Graph) -> bool:
    from rdflib import RDF, URIRef

    return (None, RDF.type, URIRef(SH + "ValidationResult")) in results


def parse_results(
    results: Graph, shapes_graph: Graph, index: SourceIndex, names: NamespaceManager
) -> list[Finding]:
    """Turn a SHACL results graph into sorted ``Finding``s."""
    from rdflib import URIRef

    rows: dict[Node, Any] = {}
    for row in results.query(load_query("validation-results")):
        key = row.result  # type: ignore[union-attr]
        message = row.message  # type: ignore[union-attr]
        if key not in rows or (message is not None and str(message) < str(rows[key].message)):
            rows[key] = row
    findings = []
    for row in rows.values():
        focus: Node = row.focus
        path: Node | None = row.path
        predicate = path if isinstance(path, URIRef) else _first_step(path, results, shapes_graph)
        component: Node = row.component
        findings.append(
            Finding(
                severity=_SEVERITY_IRIS.get(str(row.severity), "violation"),
                focus=focus,
                focus_label=node_label(focus, index, names),
                path=path,
                path_label=None if path is None else path_label(path, results, names),
                value=row.value,
                message=str(row.message) if row.message is not None else "constraint not met",
                shape=row.shape,
                component=component,
                component_label=shorten_iri(component, names),
                hint=fix_hint(row.shape, shapes_graph),
                location=index.locate(focus, predicate),
            )
        )
    return sorted(findings, key=Finding.sort_key)


def fix_hint(shape: Node | None, shapes_graph: Graph) -> str | None:
    """The ``fc:fixHint`` annotation of the shape that produced a result, if it has one."""
    if shape is None:
        return None
    hint = shapes_graph.value(shape, FC.fixHint)
    return None if hint is None else str(hint)


def shorten_iri(node: Node, names: NamespaceManager) -> str:
    """``prefix:local`` where a prefix is bound, else ``<iri>``; literals as their text."""
    from factcheck.render import shorten

    return shorten(node, names)


def node_label(node: Node, index: SourceIndex, names: NamespaceManager) -> str:
    """A readable, deterministic name: blank nodes are named by the path from a named node."""
    from rdflib import BNode

    if not isinstance(node, BNode):
        return shorten_iri(node, names)
    anchored = index.anchor(node)
    if anchored is None:
        return "[]"
    named, path = anchored
    return "/".join([shorten_iri(named, names), *(shorten_iri(p, names) for p in path)])


def _list_items(node: Node, *graphs: Graph) -> list[Node] | None:
    from rdflib import RDF
    from rdflib.collection import Collection

    for graph in graphs:
        if (node, RDF.first, None) in graph:
            return list(Collection(graph, node))
    return None


def _first_step(path: Node | None, *graphs: Graph) -> Node | None:
    from rdflib import URIRef

    if path is None:
        return None
    items = _list_items(path, *graphs)
    if items and isinstance(items[0], URIRef):
        return items[0]
    return None


def path_label(path: Node, graph: Graph, names: NamespaceManager) -> str:
    """A SHACL property path in SPARQL property-path syntax (https://www.w3.org/TR/shacl/#property-paths)."""
    from rdflib import URIRef

    if isinstance(path, URIRef):
        return shorten_iri(path, names)
    items = _list_items(path, graph)
    if items is not None:
        return "/".join(path_label(item, graph, names) for item in items)
    unary = {
        "inversePath": "^{}",
        "zeroOrMorePath": "{}*",
        "oneOrMorePath": "{}+",
        "zeroOrOnePath": "{}?",
    }
    for name, template in unary.items():
        inner = graph.value(path, URIRef(SH + name))
        if inner is not None:
            return template.format(path_label(inner, graph, names))
    alternatives = graph.value(path, URIRef(SH + "alternativePath"))
    if alternatives is not None:
        options = _list_items(alternatives, graph) or []
        return "(" + "|".join(path_label(o, graph, names) for o in options) + ")"
    return "[]"
