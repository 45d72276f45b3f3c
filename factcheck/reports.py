"""Render a validation ``Report`` for people and for CI systems.

- ``text``: findings grouped by file, coloured on a terminal (``click.style``; click strips the
  colour when the output is not a terminal), then a one-line summary.
- ``json``: ``Report.to_dict()``; the schema is ``docs/validate-report.schema.json``.
- ``junit``: JUnit XML, one ``<testcase>`` per fact file and one ``<failure>`` per finding at or
  above ``--fail-on`` (findings below it go to the test case's ``<system-out>``).
- ``sarif``: SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html): one
  rule per shape, one result per finding with its region.
- ``github``: GitHub Actions workflow commands (``::error file=…,line=…::message``), escaped as
  https://docs.github.com/actions/reference/workflow-commands-for-github-actions says.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from factcheck.validation.findings import RANK, SEVERITIES

if TYPE_CHECKING:
    from factcheck.validation.findings import Finding, Report

FORMATS = ("text", "json", "junit", "sarif", "github")
_COLOURS = {"violation": "red", "warning": "yellow", "info": "blue"}
_SARIF_LEVELS = {"violation": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVELS = {"violation": "error", "warning": "warning", "info": "notice"}
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://w3id.org/factcheck/ontology"


def render(report: Report, fmt: str, fail_on: str = "violation") -> str:
    """The report in ``fmt`` (one of ``FORMATS``), ending with a newline."""
    renderers: dict[str, Callable[[Report, str], str]] = {
        "text": lambda r, _f: render_text(r),
        "json": lambda r, _f: json.dumps(r.to_dict(), indent=2, ensure_ascii=False) + "\n",
        "junit": render_junit,
        "sarif": lambda r, _f: render_sarif(r),
        "github": lambda r, _f: render_github(r),
    }
    return renderers[fmt](report, fail_on)


def _plural(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"


def format_finding(finding: Finding) -> str:
    """``file:line:col: severity: focus path — message (component)`` plus a ``fix:`` line."""
    where = f"{finding.location}: " if finding.location else ""
    subject = finding.focus_label + (f" {finding.path_label}" if finding.path_label else "")
    severity = click.style(finding.severity, fg=_COLOURS[finding.severity], bold=True)
    line = (
        f"{click.style(where, bold=True) if where else ''}{severity}: {subject} — "
        f"{finding.message} {click.style(f'({finding.component_label})', dim=True)}"
    )
    if finding.hint:
        line += f"\n    {click.style('fix:', fg='green')} {finding.hint}"
    for detail in finding.details:  # sh:detail: why the value node fails the sh:node shape
        line += "\n" + _format_detail(detail, "    ")
    return line


def _format_detail(finding: Finding, indent: str) -> str:
    where = f"{finding.location}: " if finding.location else ""
    subject = finding.focus_label + (f" {finding.path_label}" if finding.path_label else "")
    line = (
        f"{indent}{click.style('detail:', dim=True)} {where}{subject} — {finding.message} "
        f"{click.style(f'({finding.component_label})', dim=True)}"
    )
    if finding.hint:
        line += f"\n{indent}  {click.style('fix:', fg='green')} {finding.hint}"
    for detail in finding.details:
        line += "\n" + _format_detail(detail, indent + "  ")
    return line


def summary(report: Report) -> str:
    """``8 files, 1460 triples, 0 violations, 1 warning, 0 info`` (or ``✓ …: no findings``),
    plus ``, 1 file not parsed`` when some could not be read (they are violations too)."""
    files = _plural(len(report.files), "file")
    triples = _plural(report.triples, "triple")
    unread = (
        f", {_plural(len(report.input_errors), 'file')} not parsed" if report.input_errors else ""
    )
    if report.suppressed:
        unread += f", {len(report.suppressed)} suppressed"
    if not report.findings:
        return f"✓ {files}, {triples}: no findings{unread}"
    counts = report.counts
    return (
        f"{files}, {triples}, {_plural(counts['violation'], 'violation')}, "
        f"{_plural(counts['warning'], 'warning')}, {counts['info']} info{unread}"
    )


def render_text(report: Report) -> str:
    """Findings grouped by file (a blank line between files), then a one-line summary.

    Files that did not parse are left out here: the CLI prints them on stderr. When no file
    parsed there is nothing else to say, and the text is empty.
    """
    if report.input_errors and len(report.input_errors) >= len(report.files):
        return ""
    lines: list[str] = []
    previous: str | None = None
    for finding in report.findings:
        if finding.kind == "input":
            continue
        file = str(finding.location.file) if finding.location else ""
        if previous is not None and file != previous:
            lines.append("")
        previous = file
        lines.append(format_finding(finding))
    if lines:
        lines.append("")
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def _plain_finding(finding: Finding) -> str:
    return click.unstyle(format_finding(finding))


def render_junit(report: Report, fail_on: str = "violation") -> str:
    """JUnit XML: a test suite of one test case per fact file."""
    from xml.etree import ElementTree as ET

    threshold = RANK[fail_on]
    by_file: dict[str, list[Finding]] = {str(file): [] for file in report.files}
    for finding in report.findings:
        key = str(finding.location.file) if finding.location else "(whole graph)"
        by_file.setdefault(key, []).append(finding)
    failures = sum(1 for f in report.findings if RANK[f.severity] >= threshold)
    suites = ET.Element(
        "testsuites", name="factcheck validate", tests=str(len(by_file)), failures=str(failures)
    )
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="factcheck validate",
        tests=str(len(by_file)),
        failures=str(failures),
        errors="0",
        skipped="0",
    )
    for file, findings in by_file.items():
        case = ET.SubElement(
            suite, "testcase", name=file, classname="factcheck.validate", file=file
        )
        below = []
        for finding in findings:
            if RANK[finding.severity] < threshold:
                below.append(_plain_finding(finding))
                continue
            loc = finding.location
            where = f"{loc}: " if loc else ""
            failure = ET.SubElement(
                case,
                "failure",
                message=f"{where}{finding.message}",
                type=f"{finding.severity}:{finding.rule or finding.component_label}",
            )
            failure.text = _plain_finding(finding)
        if below:
            ET.SubElement(case, "system-out").text = "\n".join(below)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"


def _artifact_uri(file: Path | str) -> str:
    path = Path(file)
    if path.is_absolute():
        return path.as_uri()
    return path.as_posix()


def render_sarif(report: Report) -> str:
    """SARIF 2.1.0: one run, one rule per shape, one result per finding."""
    from factcheck import __version__

    rules: dict[str, dict[str, Any]] = {}
    results = []
    for finding in report.findings:
        rule_id = finding.rule or finding.component_label
        if rule_id not in rules:
            rule: dict[str, Any] = {
                "id": rule_id,
                "shortDescription": {"text": describe_rule(finding)},
                "properties": {"kind": finding.kind, "component": str(finding.component)},
                "defaultConfiguration": {"level": _SARIF_LEVELS[finding.severity]},
            }
            if finding.hint:
                rule["help"] = {"text": finding.hint}
            rules[rule_id] = rule
        subject = finding.focus_label + (f" {finding.path_label}" if finding.path_label else "")
        text = f"{subject}: {finding.message}"
        if finding.hint:
            text += f" (fix: {finding.hint})"
        result: dict[str, Any] = {
            "ruleId": rule_id,
            "ruleIndex": list(rules).index(rule_id),
            "level": _SARIF_LEVELS[finding.severity],
            "message": {"text": text},
        }
        loc = finding.location
        if loc is not None:
            physical: dict[str, Any] = {"artifactLocation": {"uri": _artifact_uri(loc.file)}}
            if loc.line:
                region: dict[str, int] = {"startLine": loc.line}
                if loc.col:
                    region["startColumn"] = loc.col
                physical["region"] = region
            result["locations"] = [{"physicalLocation": physical}]
        results.append(result)
    sarif = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "factcheck",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": list(rules.values()),
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"


_PYTHON_RULES = {
    "parse-error": "A fact file must be well-formed RDF in the syntax its extension names.",
    "closed-vocabulary": "Every class and property used must be defined by the ontology (fc:)"
    " or listed in its reused vocabulary's published terms.",
    "quote-wording": "An attributed quote should match the reference wording verbatim.",
    "coverage": "Every figure and date in the article text should be covered by a claim.",
}


def describe_rule(finding: Finding) -> str:
    """What the finding's rule checks, the same for every finding of the rule: the shape's
    ``rdfs:comment``, ``sh:description`` or ``rdfs:label`` (or its SPARQL constraint's), a
    ``sh:message`` without placeholders, else the kind of constraint and the rule's name."""
    rule = finding.rule or finding.component_label
    if rule in _PYTHON_RULES:
        return _PYTHON_RULES[rule]
    return _shape_descriptions().get(rule) or (
        f"{finding.kind.capitalize()} rule {rule} ({finding.component_label})"
    )


_DESCRIPTIONS: dict[str, str] = {}


def _shape_descriptions() -> dict[str, str]:
    """Rule id → description, from the bundled shapes (read once per process)."""
    if _DESCRIPTIONS:
        return _DESCRIPTIONS
    from rdflib import RDFS, SH, Graph, Literal, URIRef

    from factcheck.resources import shape_files
    from factcheck.validation.labels import rule_name

    graph = Graph()
    for path in shape_files():
        graph.parse(path, format="turtle")

    def text(node: Any, props: tuple[URIRef, ...]) -> str | None:
        for prop in props:
            value = graph.value(node, prop)
            if isinstance(value, Literal) and (prop != SH.message or "{" not in str(value)):
                return str(value)
        return None

    shapes = set(graph.subjects(SH.property, None)) | set(graph.objects(None, SH.property))
    shapes |= set(graph.subjects(SH.sparql, None))
    component = URIRef(SH + "SPARQLConstraintComponent")
    for shape in shapes:
        sources = [shape, *graph.objects(shape, SH.sparql)]
        described = None
        for props in ((RDFS.comment, SH.description), (SH.message, RDFS.label)):
            described = described or next(
                (found for node in sources if (found := text(node, props))), None
            )
        parent = graph.value(None, SH.property, shape)
        if described is None and parent is not None:
            on = graph.value(shape, SH.path)
            whole = text(parent, (RDFS.comment, SH.description, RDFS.label))
            described = whole and f"{whole} (property {on})"
        if described:
            _DESCRIPTIONS.setdefault(
                rule_name(shape, component, graph.namespace_manager, graph), described
            )
    _DESCRIPTIONS.setdefault("", "")  # read once, even when nothing is described
    return _DESCRIPTIONS


def escape_data(text: str) -> str:
    """Escape a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value (also ``:`` and ``,``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report) -> str:
    """One ``::error``/``::warning``/``::notice`` workflow command per finding, then a summary."""
    lines = []
    for finding in report.findings:
        properties = []
        loc = finding.location
        if loc is not None:
            properties.append(f"file={escape_property(str(loc.file))}")
            if loc.line:
                properties.append(f"line={loc.line}")
                if loc.col:
                    properties.append(f"col={loc.col}")
        subject = finding.focus_label + (f" {finding.path_label}" if finding.path_label else "")
        properties.append(f"title={escape_property(f'{finding.severity}: {subject}')}")
        message = finding.message + (f"\nfix: {finding.hint}" if finding.hint else "")
        lines.append(
            f"::{_GITHUB_LEVELS[finding.severity]} {','.join(properties)}::{escape_data(message)}"
        )
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


__all__ = ["FORMATS", "SEVERITIES", "render"]
