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
    rows: dict[Node, Any] = {}
    for row in results.query(load_query("validation-results")):
        key = row.result  # type: ignore[union-attr]
        message = row.message  # type: ignore[union-attr]
        if keep is not None and not keep(row.focus):  # type: ignore[union-attr]
            continue
        if key not in rows or (message is not None and str(message) < str(rows[key].message)):
            rows[key] = row
    findings = []
    for row in rows.values():
        focus: Node = row.focus
        path: Node | None = row.path
        component: Node = row.component
        predicate = first_step(path, results, shapes_graph)
        findings.append(
            Finding(
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
        )
    return sorted(findings, key=Finding.sort_key)
