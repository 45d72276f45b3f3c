"""``factcheck claims``: every article claim with its computed verdict."""

from __future__ import annotations

from pathlib import Path

import click

from factcheck.commands.options import article_option, fact_paths
from factcheck.commands.query import endpoint_options
from factcheck.render import output_options

VERDICTS = ("supported", "contradicted", "misleading", "misquoted", "disputed", "unverifiable")
QUOTE_WIDTH = 60


@click.command()
@fact_paths
@click.option("--about", metavar="ENTITY", help="Only claims about this entity (label or IRI).")
@click.option("--verdict", type=click.Choice(VERDICTS), help="Only claims with this verdict.")
@click.option(
    "--source",
    metavar="SOURCE",
    help="Only claims from this source, or whose evidence cites it (label or IRI).",
)
@article_option
@endpoint_options
@output_options
def claims(
    *,
    paths: tuple[Path, ...],
    about: str | None,
    verdict: str | None,
    source: str | None,
    fmt: str,
    endpoint: str | None,
    timeout: float,
    article: str | None,
) -> None:
    """List article claims with verdict, reason, subject, quote and source (default PATH: ./facts).

    Verdicts are computed from the reference facts on every run; see `factcheck explain CLAIM`
    for the reasoning behind one.
    """
    from factcheck.claims import list_claims
    from factcheck.kb import reading_graph
    from factcheck.render import fit_line, render_table

    graph = reading_graph(paths, endpoint, timeout, article)
    rows = list_claims(graph, about=about, verdict=verdict, source=source)
    readable = fmt in ("table", "markdown")
    sources = {row.source for row in rows}
    # One source for every row says nothing per row: it goes under the table instead.
    per_row_source = fmt != "table" or len(sources) > 1
    headers = ["claim", "verdict", "reason" if readable else "summary", "subject", "quote"]
    if per_row_source:
        headers.append("source")
    table = []
    for row in rows:
        quote = row.quote
        if readable and len(quote) > QUOTE_WIDTH:
            quote = quote[: QUOTE_WIDTH - 1] + "…"
        cells: list[object] = [row.claim, row.verdict, row.summary, row.subject, quote]
        if per_row_source:
            cells.append(row.source)
        table.append(cells)
    text = render_table(
        headers, table, fmt, names=graph.namespace_manager, wrap=("reason",), keep=("verdict",)
    )
    click.echo(text.rstrip("\n"))
    if fmt == "table":
        counts: dict[str, int] = {}
        for row in rows:
            counts[row.verdict] = counts.get(row.verdict, 0) + 1
        summary = ", ".join(f"{counts[v]} {v}" for v in VERDICTS if v in counts)
        if rows and not per_row_source:
            click.echo("\n" + fit_line(f"source: {next(iter(sources))}"))
        noun = "claim" if len(rows) == 1 else "claims"
        click.echo("\n" + fit_line(f"{len(rows)} {noun}: {summary}") if rows else "no claims match")
