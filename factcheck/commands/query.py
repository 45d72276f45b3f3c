"""``factcheck query``: SPARQL over the local facts or a SPARQL endpoint, ad hoc or canned.

The work is in ``factcheck.sparql`` (parsing, binding), ``factcheck.query`` (local engines,
canned queries) and ``factcheck.endpoint`` (remote stores); this module parses options and
renders. ``endpoint_options`` is shared by every reading command that can run remotely.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from factcheck.commands.options import fact_paths
from factcheck.render import GRAPH_FORMATS, TABLE_FORMATS, format_shortcuts

if TYPE_CHECKING:
    from factcheck.query import QueryTarget
    from factcheck.sparql import PreparedQuery

F = TypeVar("F", bound=Callable[..., Any])

_CANNED_NAME = r"[a-z][a-z0-9-]*"


def endpoint_options(fn: F) -> F:
    """``--endpoint URL`` and ``--timeout SECONDS``, for commands that can read a remote store."""
    fn = click.option(
        "--timeout",
        type=click.FloatRange(min=0, min_open=True),
        default=30.0,
        show_default=True,
        metavar="SECONDS",
        help="Give up on the endpoint after this long.",
    )(fn)
    return click.option(
        "--endpoint",
        metavar="URL",
        help="Query this SPARQL 1.1 endpoint instead of local files, e.g. "
        "http://localhost:7878/query (Oxigraph) or http://host:3030/ds/sparql (Fuseki). "
        "Credentials: $FACTCHECK_SPARQL_TOKEN (bearer token) or $FACTCHECK_SPARQL_HEADER "
        "('Name: value').",
    )(fn)


def make_target(
    endpoint: str | None,
    timeout: float,
    paths: tuple[Path, ...],
    *,
    engine: str = "oxigraph",
    update_endpoint: str | None = None,
    allow_service: bool = False,
    with_verdicts: bool = True,
) -> QueryTarget:
    """A SPARQL endpoint when ``endpoint`` is given, else the knowledge graph of ``paths``.

    Locally on Oxigraph the facts are loaded straight into the store (``kb.knowledge_store``);
    ``with_verdicts=False`` skips computing verdicts, for a query that cannot read them."""
    from factcheck.errors import UsageError

    if endpoint:
        if paths:
            raise UsageError(
                "fact files and --endpoint do not go together",
                hint="the endpoint holds the facts; push local files with factcheck push",
            )
        from factcheck.endpoint import SparqlEndpoint

        return SparqlEndpoint(endpoint, update_url=update_endpoint, timeout=timeout)
    from factcheck.query import LocalTarget

    if engine == "oxigraph":
        from factcheck.kb import knowledge_store
        from factcheck.loader import new_graph

        store = knowledge_store(list(paths), with_verdicts=with_verdicts)
        return LocalTarget(new_graph(), engine, allow_service=allow_service, store=store)
    from factcheck.kb import load_kb

    return LocalTarget(load_kb(list(paths)).graph, engine, allow_service=allow_service)


@click.command()
@click.argument("query", required=False)
@click.option(
    "-f",
    "--file",
    "query_file",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="Read the query from a .rq file ('-' for stdin).",
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind ?NAME to VALUE (repeatable). Never pasted into the query text.",
)
@click.option("--list", "list_queries", is_flag=True, help="List the canned queries.")
@fact_paths
@endpoint_options
@click.option(
    "--update-endpoint",
    metavar="URL",
    help="Where --allow-update sends updates (default: the query endpoint's /update).",
)
@click.option(
    "--allow-update",
    is_flag=True,
    help="Run a SPARQL Update. Locally it changes an in-memory copy only, never fact files.",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let a local query reach other endpoints through SERVICE.",
)
@click.option(
    "--engine",
    type=click.Choice(["oxigraph", "rdflib"]),
    default="oxigraph",
    show_default=True,
    help="Local SPARQL engine.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(TABLE_FORMATS + GRAPH_FORMATS),
    help="SELECT: table (default), csv, tsv, json (W3C SPARQL JSON) or markdown. "
    "CONSTRUCT/DESCRIBE: turtle (default), json-ld or n-triples.",
)
@format_shortcuts("table", "csv", "json")
@click.pass_context
def query(
    ctx: click.Context,
    *,
    query: str | None,
    query_file: Path | None,
    params: tuple[str, ...],
    list_queries: bool,
    paths: tuple[Path, ...],
    endpoint: str | None,
    timeout: float,
    update_endpoint: str | None,
    allow_update: bool,
    allow_service: bool,
    engine: str,
    fmt: str | None,
) -> None:
    """Run a SPARQL query: inline, from a file (-f), from stdin (-), or a canned query by NAME.

    \b
      factcheck query 'SELECT ?s ?label WHERE { ?s a fc:Person ; rdfs:label ?label }'
      factcheck query -f my-query.rq --param entity=fcd:Xiaomi
      factcheck query claims-about-entity --param entity="Lei Jun"
      factcheck query --list

    The project prefixes (fc:, fcd:, schema:, rdfs: …) are predeclared. Queries read the facts
    with their vocabulary and computed verdicts. ASK prints true or false and exits 0 or 1.
    A SPARQL Update is refused (exit 2) unless --allow-update is given.
    """
    from factcheck.errors import UsageError
    from factcheck.query import bind_canned, canned_query, parse_params, reads_verdicts
    from factcheck.sparql import adhoc_term, prepare

    if list_queries:
        click.echo(_list(fmt or "table"), nl=False)
        return
    values = parse_params(params)
    canned = None
    if query_file is not None:
        if query is not None:
            raise UsageError("give the query inline or with -f, not both")
        if str(query_file) == "-":
            text, source = sys.stdin.read(), "<stdin>"
        else:
            text, source = _read_query_file(query_file), str(query_file)
    elif query == "-":
        text, source = sys.stdin.read(), "<stdin>"
    elif query is not None and _is_name(query):
        canned = canned_query(query)
        text, source = canned.text, canned.path
    elif query is not None:
        text, source = query, "query"
    else:
        raise UsageError(
            "no query given",
            hint="pass SPARQL text, -f FILE.rq, - for stdin, or a canned query (see --list)",
        )
    prepared = prepare(text, source)
    if prepared.is_update and not allow_update:
        raise UsageError(
            "this is a SPARQL Update; factcheck query only reads",
            hint="pass --allow-update to run it (local fact files are never written)",
        )
    target = make_target(
        endpoint,
        timeout,
        paths,
        engine=engine,
        update_endpoint=update_endpoint,
        allow_service=allow_service,
        with_verdicts=endpoint is not None or engine != "oxigraph" or reads_verdicts(prepared),
    )
    if prepared.is_update:
        _update(target, prepared, endpoint)
        return
    if canned is not None:
        bindings = bind_canned(canned, values, target)
    else:
        bindings = {name: adhoc_term(value) for name, value in values.items()}
    result = target.run(prepared, bindings)
    output, code = _render(result, fmt, target)
    click.echo(output, nl=False)
    ctx.exit(code)


def _is_name(text: str) -> bool:
    import re

    return re.fullmatch(_CANNED_NAME, text) is not None


def _update(target: QueryTarget, prepared: PreparedQuery, endpoint: str | None) -> None:
    result = target.update(prepared)
    if endpoint:
        click.echo("update accepted by the endpoint", err=True)
    else:
        click.echo(
            f"note: the update ran on an in-memory copy of the facts ({result.before} → "
            f"{result.after} triples); fact files are never written",
            err=True,
        )


def _render(result: Any, fmt: str | None, target: QueryTarget) -> tuple[str, int]:
    from factcheck.errors import UsageError
    from factcheck.query import AskResult, GraphResult, LocalTarget, sparql_json
    from factcheck.render import render_graph, render_table

    if isinstance(result, AskResult):
        if fmt == "json":
            return json.dumps(sparql_json(result)) + "\n", 0 if result.value else 1
        return ("true\n" if result.value else "false\n"), 0 if result.value else 1
    if isinstance(result, GraphResult):
        if fmt in TABLE_FORMATS:
            raise UsageError(
                f"--format {fmt} is for SELECT results; a CONSTRUCT or DESCRIBE gives a graph",
                hint="use --format turtle, json-ld or n-triples",
            )
        return render_graph(result.graph, fmt or "turtle"), 0
    if fmt in GRAPH_FORMATS:
        raise UsageError(
            f"--format {fmt} is for graphs; a SELECT gives rows",
            hint="use --format table, csv, tsv, json or markdown",
        )
    if fmt == "json":
        return json.dumps(sparql_json(result), indent=2, ensure_ascii=False) + "\n", 0
    names = target.graph.namespace_manager if isinstance(target, LocalTarget) else None
    return render_table(result.variables, result.rows, fmt or "table", names=names), 0


def _list(fmt: str) -> str:
    from factcheck.errors import UsageError
    from factcheck.query import canned_queries
    from factcheck.render import render_table

    if fmt in GRAPH_FORMATS:
        raise UsageError(f"--format {fmt} is for graphs; --list gives rows")
    rows = []
    for canned in canned_queries():
        params = ", ".join(
            f"{p.name}={p.kind}" + ("" if p.required else " (optional)") for p in canned.params
        )
        rows.append((canned.name, params, canned.title))
    return render_table(["name", "parameters", "answers"], rows, fmt)


def _read_query_file(path: Path) -> str:
    from factcheck.errors import PathError, QueryError
    from factcheck.loader import read_regular

    try:
        data = read_regular(path)
    except FileNotFoundError:
        raise PathError(f"no such file: {path}") from None
    except OSError as error:
        raise PathError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise QueryError(
            f"{path} is not UTF-8 text: {error.reason}", hint="save it as UTF-8"
        ) from None
