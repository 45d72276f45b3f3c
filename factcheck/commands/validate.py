"""``factcheck validate``: structure and consistency checks on fact files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from factcheck.validate import Finding, Report


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--fail-on",
    type=click.Choice(["violation", "warning", "info"]),
    default="violation",
    show_default=True,
    help="Exit 1 when a finding is at least this severe.",
)
@click.option(
    "--shapes",
    "shapes",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A SHACL shapes file to use instead of the bundled shapes (repeatable).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.pass_context
def validate(
    ctx: click.Context,
    paths: tuple[Path, ...],
    fail_on: str,
    shapes: tuple[Path, ...],
    fmt: str,
) -> None:
    """Check fact files against the SHACL shapes (default PATH: ./facts).

    Never writes to the fact files. Exit 0 clean, 1 findings at or above --fail-on,
    2 input error.
    """
    from factcheck.loader import load
    from factcheck.resources import default_fact_paths
    from factcheck.validate import validate as run_validation

    facts = load(list(paths) or default_fact_paths())
    report = run_validation(facts, shapes=list(shapes) or None)
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(report), nl=False)
    ctx.exit(report.exit_code(fail_on))


def _plural(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"


def format_finding(finding: Finding) -> str:
    """``file:line:col: severity: focus path — message (component)`` plus a ``fix:`` line."""
    where = f"{finding.location}: " if finding.location else ""
    subject = finding.focus_label + (f" {finding.path_label}" if finding.path_label else "")
    line = f"{where}{finding.severity}: {subject} — {finding.message} ({finding.component_label})"
    if finding.hint:
        line += f"\n    fix: {finding.hint}"
    return line


def render_text(report: Report) -> str:
    """Findings grouped by file (a blank line between files), then a one-line summary."""
    lines: list[str] = []
    previous: str | None = None
    for finding in report.findings:
        file = str(finding.location.file) if finding.location else ""
        if previous is not None and file != previous:
            lines.append("")
        previous = file
        lines.append(format_finding(finding))
    files = _plural(len(report.files), "file")
    triples = _plural(report.triples, "triple")
    if not report.findings:
        lines.append(f"✓ {files}, {triples}: no findings")
    else:
        counts = report.counts
        if lines:
            lines.append("")
        lines.append(
            f"{files}, {triples}, {_plural(counts['violation'], 'violation')}, "
            f"{_plural(counts['warning'], 'warning')}, {counts['info']} info"
        )
    return "\n".join(lines) + "\n"
