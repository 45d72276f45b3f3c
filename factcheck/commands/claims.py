"""``factcheck claims``: every article claim with its computed verdict."""

from __future__ import annotations

from pathlib import Path

import click

from factcheck.commands.query import endpoint_options
from factcheck.render import output_options

VERDICTS = ("supported", "contradicted", "misleading", "misquoted", "disputed", "unverifiable")
QUOTE_WIDTH = 60


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--about", metavar="ENTITY", help="Only claims about this entity (label or IRI).")
@click.option("--verdict", type=click.Choice(VERDICTS), help="Only claims with this verdict.")
@click.option(
    "--source",
    metavar="SOURCE",
    help="Only claims from this source, or whose evidence cites it (label or IRI).",
)
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
) -> None:
    """List article claims with verdict, subject, quote and source (default PATH: ./facts).

    Verdicts are computed from the reference facts on every run; see `factcheck explain CLAIM`
    for the reasoning behind one.
    """
    from factcheck.claims import list_claims
    from factcheck.kb import reading_graph
    from factcheck.render import render_table

    graph = reading_graph(paths, endpoint, timeout)
    rows = list_claims(graph, about=about, verdict=verdict, source=source)
    readable = fmt in ("table", "markdown")
    headers = ["claim", "verdict", "subject", "quote", "source"]
    if not readable:
        headers.insert(2, "summary")
    table = []
    for row in rows:
        quote = row.quote
        if readable and len(quote) > QUOTE_WIDTH:
            quote = quote[: QUOTE_WIDTH - 1] + "…"
        cells: list[object] = [row.claim, row.verdict, row.subject, quote, row.source]
        if not readable:
            cells.insert(2, row.summary)
        table.append(cells)
    click.echo(render_table(headers, table, fmt, names=graph.namespace_manager).rstrip("\n"))
    if fmt == "table":
        counts: dict[str, int] = {}
        for row in rows:
            counts[row.verdict] = counts.get(row.verdict, 0) + 1
        summary = ", ".join(f"{counts[v]} {v}" for v in VERDICTS if v in counts)
        click.echo(f"\n{len(rows)} claims: {summary}" if rows else "no claims match")
