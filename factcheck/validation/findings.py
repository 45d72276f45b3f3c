"""Validation findings and reports: what was found, where, how severe, and how to fix it.

A ``Finding`` is one SHACL validation result (https://www.w3.org/TR/shacl/#results-validation-result)
with its source position and the ``fc:fixHint`` of the shape that produced it. ``Report.to_dict``
is the stable JSON form documented in ``docs/validate-report.schema.json``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.errors import FactcheckError, Location, UsageError

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

SH = "http://www.w3.org/ns/shacl#"
SEVERITIES = ("violation", "warning", "info")
"""From most to least severe."""
RANK = {name: len(SEVERITIES) - i for i, name in enumerate(SEVERITIES)}
SEVERITY_IRIS = {SH + "Violation": "violation", SH + "Warning": "warning", SH + "Info": "info"}
REPORT_VERSION = 1
"""Bumped when a key of the JSON report changes meaning or disappears (adding keys is fine)."""


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
    kind: str = "structure"
    """``structure`` (a file-local shape) or ``consistency`` (a SHACL-SPARQL rule)."""
    rule: str | None = None
    """A short, stable name for the rule: the shape (or SPARQL constraint) as a prefixed name."""
    severity_iri: Node | None = None
    """The shape's ``sh:severity`` when it is none of sh:Violation, sh:Warning and sh:Info
    (a custom severity, reported as itself; ``severity`` then says ``violation``)."""
    details: tuple[Finding, ...] = ()
    """``sh:detail``: the results of the shape an ``sh:node`` constraint names, for the value
    node that does not conform to it."""
    detail_of: Node | None = None
    """While the engine collects results: the shape whose ``sh:node`` result this one is a
    detail of (``attach_details`` moves it there)."""

    def sort_key(self) -> tuple[str, int, int, str, str, str, str, str]:
        loc = self.location
        return (
            str(loc.file) if loc else "\uffff",
            (loc.line or 0) if loc else 0,
            (loc.col or 0) if loc else 0,
            self.focus_label,
            self.path_label or "",
            self.component_label,
            self.message,
            self.rule or "",
        )

    def to_dict(self) -> dict[str, Any]:
        from rdflib import BNode

        loc = self.location
        return {
            "file": str(loc.file) if loc else None,
            "line": loc.line if loc else None,
            "col": loc.col if loc else None,
            "severity": self.severity,
            "kind": self.kind,
            "rule": self.rule,
            "focus": None if isinstance(self.focus, BNode) else str(self.focus),
            "focus_label": self.focus_label,
            "path": self.path_label,
            "value": _iri_or_literal(self.value),
            "message": self.message,
            "shape": _iri_or_literal(self.shape),
            "component": str(self.component),
            "hint": self.hint,
            **({"severity_iri": str(self.severity_iri)} if self.severity_iri is not None else {}),
            **({"details": [d.to_dict() for d in self.details]} if self.details else {}),
        }


def attach_details(findings: list[Finding], drop: bool = True) -> list[Finding]:
    """Move each result marked ``detail_of`` into the ``details`` of the ``sh:node`` result
    it explains (same shape, value node = its focus node); unattached ones are dropped, or
    (``drop=False``) kept for a later call that sees more results."""
    import dataclasses

    from rdflib import URIRef

    node_component = URIRef(SH + "NodeConstraintComponent")
    pending = [f for f in findings if f.detail_of is not None]
    if not pending:
        return findings
    kept = [f for f in findings if f.detail_of is None]
    # innermost first: a detail can itself have details
    children: dict[tuple[Any, Any], list[Finding]] = {}
    for finding in pending:
        children.setdefault((finding.detail_of, finding.focus), []).append(finding)

    def with_details(finding: Finding, depth: int = 0) -> Finding:
        if finding.component != node_component or depth > 16:
            return finding
        found = children.get((finding.shape, finding.value), [])
        if not found:
            return finding
        inner = tuple(
            sorted(
                (dataclasses.replace(with_details(c, depth + 1), detail_of=None) for c in found),
                key=Finding.sort_key,
            )
        )
        return dataclasses.replace(finding, details=finding.details + inner)

    attached = [with_details(f) for f in kept]
    if not drop:
        placed = {_key(d) for f in attached for d in _walk(f)}
        attached += [
            f for f in pending if _key(dataclasses.replace(f, detail_of=None)) not in placed
        ]
    return attached


def _key(finding: Finding) -> tuple[Any, ...]:
    return (finding.focus, finding.path, finding.value, finding.shape, finding.component,
            finding.message)  # fmt: skip


def _walk(finding: Finding) -> list[Finding]:
    return [finding, *(d for detail in finding.details for d in _walk(detail))]


INPUT_RULE = "parse-error"
"""The rule name of a file that could not be read or parsed."""


def input_finding(file: Path, error: FactcheckError) -> Finding:
    """A file that could not be read or parsed, as a finding at its line and column."""
    from rdflib import BNode, URIRef

    loc = error.location or Location(file)
    return Finding(
        severity="violation",
        focus=BNode(),  # no node: the file itself is what is wrong
        focus_label=str(loc.file),
        path=None,
        path_label=None,
        value=None,
        message=error.message,
        shape=None,
        component=URIRef("https://w3id.org/factcheck/ontology#ParseError"),
        component_label="parse error",
        hint=error.hint,
        location=loc,
        kind="input",
        rule=INPUT_RULE,
    )


def _iri_or_literal(node: Node | None) -> str | None:
    from rdflib import BNode

    return None if node is None or isinstance(node, BNode) else str(node)


@dataclass
class Report:
    """All findings of one validation run, sorted by file, line, focus and path."""

    findings: list[Finding]
    files: list[Path] = field(default_factory=list)
    triples: int = 0
    shapes_graph: Graph | None = None
    """The shapes the run used (blank shapes and paths of findings are its nodes)."""
    fallbacks: list[str] = field(default_factory=list)
    """Shapes that ran on pySHACL instead of compiled SPARQL, each with why."""
    input_errors: list[FactcheckError] = field(default_factory=list)
    """Files that could not be read or parsed; each is also a finding (kind ``input``)."""
    suppressed: list[Finding] = field(default_factory=list)
    """Findings an inline ``# factcheck: ignore[rule] reason`` comment suppressed."""

    def add_input_errors(self, errors: Sequence[tuple[Path, FactcheckError]]) -> None:
        """Record files that did not parse, as findings at their line and column."""
        self.input_errors.extend(error for _, error in errors)
        self.findings.extend(input_finding(file, error) for file, error in errors)
        self.findings.sort(key=Finding.sort_key)

    @property
    def conforms(self) -> bool:
        """True when there is no violation (warnings and info do not break conformance)."""
        return not any(f.severity == "violation" for f in self.findings)

    @property
    def shacl_conforms(self) -> bool:
        """SHACL's ``sh:conforms``: true only when there is no result at all, of any severity
        (https://www.w3.org/TR/shacl/#conforms). ``conforms`` is factcheck's own: warnings and
        info do not break it."""
        return not self.findings

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(SEVERITIES, 0)
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts

    def exit_code(self, fail_on: str = "violation") -> int:
        """2 if a file did not parse; else 1 if any finding is at or above ``fail_on``
        (violation, warning or info); else 0."""
        if fail_on not in RANK:
            raise UsageError(
                f"unknown severity {fail_on!r}", hint=f"use one of: {', '.join(SEVERITIES)}"
            )
        if self.input_errors:
            return 2
        threshold = RANK[fail_on]
        return 1 if any(RANK[f.severity] >= threshold for f in self.findings) else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": REPORT_VERSION,
            "conforms": self.conforms,
            "files": len(self.files),
            "triples": self.triples,
            "counts": self.counts,
            "suppressed": len(self.suppressed),
            "findings": [f.to_dict() for f in self.findings],
        }
