"""``factcheck push --store URL``: load the facts into a triple store, one named graph per file.

The Graph Store Protocol client is ``factcheck.endpoint.GraphStore``; ``endpoint.push`` builds
the graphs (each fact file, the vocabulary, the computed verdicts, derived triples).
"""

from __future__ import annotations

from pathlib import Path

import click

from factcheck.commands.options import fact_paths
from factcheck.render import output_options


@click.command()
@fact_paths
@click.option(
    "--store",
    required=True,
    metavar="URL",
    help="The Graph Store Protocol endpoint: http://host:7878/store (Oxigraph), "
    "http://host:3030/ds/data (Fuseki).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="Give up on each request after this long.",
)
@output_options
def push(paths: tuple[Path, ...], store: str, timeout: float, fmt: str) -> None:
    """Put fact files into a SPARQL store (default PATH: ./facts).

    Each fact file becomes the named graph urn:factcheck:file:DIR/FILE, where DIR is the
    directory you name (or the file's own directory) — facts/entities.ttl is
    urn:factcheck:file:facts/entities.ttl. The vocabulary, the computed verdicts and derived
    triples go to urn:factcheck:vocabulary, urn:factcheck:verdicts and urn:factcheck:derived.
    Every graph is replaced (HTTP PUT), so pushing twice never duplicates.

    For queries to see all graphs at once the store must use their union as its default graph:
    Oxigraph 'serve --union-default-graph', Fuseki 'tdb2:unionDefaultGraph true'.
    Credentials: $FACTCHECK_SPARQL_TOKEN (bearer token) or $FACTCHECK_SPARQL_HEADER.
    """
    from factcheck.endpoint import GraphStore, safe_url
    from factcheck.endpoint import push as push_graphs
    from factcheck.render import render_table

    pushed = push_graphs(GraphStore(store, timeout=timeout), list(paths))
    rows = [(p.graph, p.source, p.triples) for p in pushed]
    click.echo(render_table(["graph", "source", "triples"], rows, fmt), nl=False)
    if fmt in ("table", "markdown"):
        total = sum(p.triples for p in pushed)
        click.echo(f"\npushed {len(pushed)} graphs, {total} triples to {safe_url(store)}")
