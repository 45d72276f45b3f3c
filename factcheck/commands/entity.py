"""``factcheck entity NAME``: everything known and claimed about one entity, found by label.

Lookup and gathering are in ``factcheck.entity``; this module renders the three sections
(Known: reference facts; Claimed: article claims with verdicts; Relations) through
``factcheck.render``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from factcheck.commands.options import fact_paths
from factcheck.commands.query import endpoint_options
from factcheck.render import output_options

if TYPE_CHECKING:
    from factcheck.entity import EntityReport, Relation, StatementLine

WIDTH = 70
"""Longest cell in table and Markdown output; longer text is cut with '…' (json keeps it)."""


@click.command()
@click.argument("name")
@fact_paths
@endpoint_options
@output_options
def entity(
    name: str, paths: tuple[Path, ...], endpoint: str | None, timeout: float, fmt: str
) -> None:
    """Everything known and claimed about the entity called NAME (default PATH: ./facts).

    NAME is a label, matched case-insensitively and in part ("lei jun", "su7 pro", "musk"),
    or a prefixed name or IRI (fcd:Xiaomi). Unknown names exit 2 with suggestions.
    """
    from factcheck.commands.query import make_target
    from factcheck.entity import gather, resolve_entity

    target = make_target(endpoint, timeout, paths)
    report = gather(target, resolve_entity(target, name))
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    elif fmt in ("csv", "tsv"):
        click.echo(render_flat(report, fmt), nl=False)
    else:
        click.echo(render_sections(report, fmt), nl=False)


def _cut(text: str, width: int = WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _statement_rows(lines: list[StatementLine], claimed: bool, who: str) -> list[list[str]]:
    rows = []
    for line in lines:
        row = [line.statement, line.subject, line.property, line.value, line.when]
        if claimed:
            row.append(line.verdict)
        row.append("; ".join(line.sources))
        if line.role == "claimant":
            row[2] = f"{line.property} (said by {who})"
        rows.append(row)
    return rows


def _relation_rows(relations: list[Relation]) -> list[list[str]]:
    arrow = {"out": "→", "in": "←"}
    return [[arrow.get(r.direction, r.direction), r.property, r.other] for r in relations]


KNOWN_HEADERS = ["fact", "subject", "property", "value", "when", "sources"]
CLAIMED_HEADERS = ["claim", "subject", "property", "value", "when", "verdict", "source"]
RELATION_HEADERS = ["", "property", "other"]


def render_sections(report: EntityReport, fmt: str) -> str:
    """Title, then Known / Claimed / Relations, each a table (or a Markdown table)."""
    from factcheck.render import render_table, shorten

    markdown = fmt == "markdown"
    title = f"{report.label} ({shorten(report.iri)})"
    out = [f"# {title}" if markdown else title]
    about = []
    if report.types:
        about.append(", ".join(report.types))
    if report.names:
        about.append("also known as " + ", ".join(report.names))
    if about:
        out.append(" · ".join(about))
    out.extend(f"note: {_cut(note, 200)}" for note in report.notes)
    who = report.label
    sections = [
        ("Known — reference facts", KNOWN_HEADERS, _statement_rows(report.known, False, who)),
        ("Claimed — article claims", CLAIMED_HEADERS, _statement_rows(report.claimed, True, who)),
        ("Relations", RELATION_HEADERS, _relation_rows(report.relations)),
    ]
    for heading, headers, rows in sections:
        out.append("")
        out.append(f"## {heading} ({len(rows)})" if markdown else f"{heading} ({len(rows)})")
        if rows:
            cut = [[_cut(cell) for cell in row] for row in rows]
            out.append(render_table(headers, cut, fmt, keep=("verdict",)).rstrip("\n"))
        else:
            out.append("(none)")
    return "\n".join(out) + "\n"


def render_flat(report: EntityReport, fmt: str) -> str:
    """One csv/tsv table with a ``section`` column, full text, for spreadsheets."""
    from factcheck.render import render_table

    headers = ["section", "id", "subject", "property", "value", "when", "verdict", "sources"]
    rows: list[list[str]] = []
    for section, lines in (("known", report.known), ("claimed", report.claimed)):
        for line in lines:
            rows.append(
                [
                    section,
                    line.statement,
                    line.subject,
                    line.property,
                    line.value,
                    line.when,
                    line.verdict,
                    "; ".join(line.sources),
                ]
            )
    for relation in report.relations:
        subject, other = report.label, relation.other
        if relation.direction == "in":
            subject, other = other, report.label
        rows.append(["relation", relation.other_iri, subject, relation.property, other, "", "", ""])
    return render_table(headers, rows, fmt)
