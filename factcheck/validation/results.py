"""Turn a pySHACL results graph into sorted ``Finding``s with positions and fix hints.

https://www.w3.org/TR/shacl/#validation-report — one ``Finding`` per ``sh:ValidationResult``.
A result with several ``sh:resultMessage`` values keeps the first in code-point order, so the
report does not depend on the order pySHACL happened to produce them in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from factcheck.resources import load_query
from factcheck.validation.findings import SEVERITY_IRIS, Finding
from factcheck.validation.labels import (
    first_step,
    fix_hint,
    node_label,
    path_label,
    rule_name,
    shorten_iri,
)

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.namespace import NamespaceManager
    from rdflib.term import Node

    from factcheck.locate import SourceIndex


def parse_results(
    results: Graph,
    shapes_graph: Graph,
    index: SourceIndex,
    names: NamespaceManager,
    keep: Callable[[Node], bool] | None = None,
) -> list[Finding]:
    """Turn a SHACL results graph into sorted ``Finding``s (only focus nodes ``keep`` accepts)."""
    from rdflib import URIRef

    detail = URIRef("http://www.w3.org/ns/shacl#detail")
    parents = {child: parent for parent, child in results.subject_objects(detail)}
    rows: dict[Node, Any] = {}
    for row in results.query(load_query("validation-results")):
        key = row.result  # type: ignore[union-attr]
        message = row.message  # type: ignore[union-attr]
        if key not in parents and keep is not None and not keep(row.focus):  # type: ignore[union-attr]
            continue
        if key not in rows or (message is not None and str(message) < str(rows[key].message)):
            rows[key] = row
    made: dict[Node, Finding] = {}
    for key, row in rows.items():
        focus: Node = row.focus
        path: Node | None = row.path
        component: Node = row.component
        predicate = first_step(path, results, shapes_graph)
        made[key] = Finding(
            severity=SEVERITY_IRIS.get(str(row.severity), "violation"),
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
            location=index.locate(focus, predicate, row.value if predicate else None),
            kind="structure",
            rule=rule_name(row.shape, component, names, shapes_graph),
            severity_iri=None if str(row.severity) in SEVERITY_IRIS else row.severity,
        )
    return sorted(_nest(made, parents), key=Finding.sort_key)


def _nest(made: dict[Node, Finding], parents: dict[Node, Node]) -> list[Finding]:
    """The top-level findings, each with its ``sh:detail`` results as ``details``."""
    import dataclasses

    children: dict[Node, list[Node]] = {}
    for child, parent in parents.items():
        if child in made:
            children.setdefault(parent, []).append(child)

    def build(key: Node, depth: int = 0) -> Finding:
        finding = made[key]
        if depth > 16 or key not in children:
            return finding
        inner = sorted((build(c, depth + 1) for c in children[key]), key=Finding.sort_key)
        return dataclasses.replace(finding, details=tuple(inner))

    return [build(key) for key in made if key not in parents]
