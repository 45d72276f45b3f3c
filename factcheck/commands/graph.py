"""``factcheck graph …``: the facts as a network — paths, neighbourhoods, centrality, claim
dependencies, export and pictures.

The work is in ``factcheck.graph`` (the projection) and ``factcheck.graphviews`` (analysis,
impact, export); this module parses options, calls them and prints."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from factcheck.commands.options import article_option, fact_paths
from factcheck.errors import UsageError
from factcheck.render import output_options

if TYPE_CHECKING:
    import networkx as nx

    from factcheck.kb import KnowledgeBase

F = TypeVar("F", bound=Callable[..., Any])

EXPORT_FORMATS = ("graphml", "gexf", "json", "dot", "png", "svg")
# Kept here as well as in factcheck.graphviews.export so --help does not import matplotlib.


def facts_option(fn: F) -> F:
    """Fact PATHS, as every reading command takes them, and ``--article``."""
    return article_option(fact_paths(_scoped(fn)))


def _scoped(fn: F) -> F:
    """Pass ``--article`` to ``_load`` through a context variable, not every signature."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _ARTICLE[0] = kwargs.pop("article", None)
        return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


_ARTICLE: list[str | None] = [None]


def _load(paths: tuple[Path, ...]) -> tuple[KnowledgeBase, nx.MultiDiGraph]:
    from factcheck.graph import project
    from factcheck.kb import load_kb

    kb = load_kb(list(paths) or None, article=_ARTICLE[0])
    return kb, project(kb)


@click.group()
def graph() -> None:
    """The facts as a network of entities: how they connect, what depends on what.

    Entities (people, organisations, vehicles, events, places …) are nodes; relations, claims
    and reference facts between them are edges that carry their source and, for the article's
    claims, the verdict. Exit 0, or 2 for an unknown name or unusable input.
    """


@graph.command()
@click.argument("start")
@click.argument("end")
@click.option(
    "--max",
    "limit",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Show the N shortest paths.",
)
@facts_option
def path(start: str, end: str, limit: int, paths: tuple[Path, ...]) -> None:
    """Shortest connections between two entities, one sourced sentence per hop.

    START and END are names: a label or alternate name (case-insensitive, partial match
    allowed), or an IRI. Links are followed in both directions; each hop's arrow shows which
    way the fact runs.

    \b
    Example:
      factcheck graph path "Lei Jun" "Elon Musk" --max 2
    """
    from factcheck.graph import find_entity, with_documents
    from factcheck.graphviews.analysis import format_path, shortest_paths

    kb, network = _load(paths)
    a = find_entity(network, start, kb.graph)
    b = find_entity(network, end, kb.graph)
    label_a, label_b = network.nodes[a]["label"], network.nodes[b]["label"]
    if a == b:
        raise UsageError(
            f"{start!r} and {end!r} are the same entity ({label_a})",
            hint="name two different entities",
        )
    found = shortest_paths(network, a, b, limit)
    if not found:
        # No fact links them; a document that makes claims about both still connects them.
        network = with_documents(kb.graph, network)
        found = shortest_paths(network, a, b, limit)
        if not found:
            click.echo(f"No connection between {label_a} and {label_b} in the facts.")
            return
        click.echo(
            f"No fact links {label_a} to {label_b}; they connect only through documents "
            "that make claims about them.\n"
        )
    for number, hops in enumerate(found, start=1):
        if number > 1:
            click.echo()
        count = f"{len(hops)} hop" + ("" if len(hops) == 1 else "s")
        click.echo(f"Path {number} of {len(found)}: {label_a} to {label_b}, {count}")
        for line in format_path(network, hops):
            click.echo(f"  {line}")


@graph.command()
@click.argument("name")
@click.option(
    "--depth",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="How many hops out to go.",
)
@facts_option
def neighbors(name: str, depth: int, paths: tuple[Path, ...]) -> None:
    """The entities around NAME as an indented tree.

    Each line shows how an entity links to the one above it: "→ label" when the fact runs
    from the upper entity to it, "← label" the other way. A link that only the article under
    review states is marked with its verdict.
    """
    from factcheck.graph import find_entity
    from factcheck.graphviews.analysis import format_tree, neighborhood

    kb, network = _load(paths)
    root = find_entity(network, name, kb.graph)
    click.echo(format_tree(network, neighborhood(network, root, depth)), nl=False)


class _Score(float):
    """A float that prints with three decimals in tables but keeps its value in JSON."""

    def __str__(self) -> str:
        return f"{self:.3f}"


@graph.command()
@click.option(
    "--by",
    type=click.Choice(["degree", "betweenness", "pagerank"]),
    default="degree",
    show_default=True,
    help="Rank by this measure (the others break ties).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=15,
    show_default=True,
    help="Show the top N entities; 0 shows all.",
)
@output_options
@facts_option
def central(by: str, limit: int, fmt: str, paths: tuple[Path, ...]) -> None:
    """Entities ranked by degree, betweenness and PageRank.

    \b
    degree       links at the entity, both directions, every claim counted
    neighbours   distinct entities it links to
    betweenness  share of shortest paths between other entities through it
    pagerank     importance flowing along links, from subject to object
    """
    from rdflib import URIRef

    from factcheck.graphviews.analysis import centrality
    from factcheck.render import render_table

    kb, network = _load(paths)
    headers = ["rank", "entity", "type", "degree", "neighbours", "betweenness", "pagerank", "iri"]
    rows = centrality(network, by=by)
    if not rows:
        click.echo("No entities in the facts: nothing to rank.", err=True)
        if fmt != "table":
            click.echo(render_table(headers, [], fmt), nl=False)
        return
    shown = rows if limit == 0 else rows[:limit]
    table = [
        [
            rank,
            row.label,
            row.kind,
            row.degree,
            row.neighbours,
            _Score(round(row.betweenness, 4)),
            _Score(round(row.pagerank, 4)),
            URIRef(row.node),
        ]
        for rank, row in enumerate(shown, start=1)
    ]
    click.echo(render_table(headers, table, fmt, kb.graph.namespace_manager), nl=False)
    if fmt == "table" and len(shown) < len(rows):
        click.echo(f"({len(rows) - len(shown)} more; --limit 0 shows all)")


@graph.command()
@click.argument("fact")
@output_options
@facts_option
def impact(fact: str, fmt: str, paths: tuple[Path, ...]) -> None:
    """Every verdict that rests on FACT, directly or through derived facts.

    FACT is a reference fact or a source document: a prefixed name such as
    fcd:ref-su7-deliveries-q2, an IRI, or a label. A verdict rests on a fact when it uses it
    as evidence, or uses a fact derived from it (fc:derivedFrom, followed to any depth); it
    rests on a source when it rests on any fact citing that source. A cycle of fc:derivedFrom
    links is an error (exit 2) that names the cycle.
    """
    from factcheck.graphviews.impact import (
        dependency_graph,
        find_target,
        shorten,
        source_index,
    )
    from factcheck.graphviews.impact import (
        impact as compute_impact,
    )
    from factcheck.kb import load_kb
    from factcheck.render import render_table

    kb = load_kb(list(paths) or None)
    dependencies = dependency_graph(kb.graph)
    target = find_target(kb.graph, dependencies, fact)
    report = compute_impact(
        kb.graph,
        target,
        dependencies=dependencies,
        locate=source_index(kb.facts.graphs, kb.facts.graph),
    )
    name = shorten(kb.graph, report.target)
    headers = ["claim", "verdict", "label", "through"]
    rows = [
        [
            shorten(kb.graph, item.claim),
            item.verdict,
            item.label,
            " → ".join(shorten(kb.graph, n) for n in item.through) or "direct evidence",
        ]
        for item in report.verdicts
    ]
    if fmt not in ("table", "markdown"):
        click.echo(render_table(headers, rows, fmt), nl=False)
        return
    click.echo(f"{name} — {report.label} ({report.kind})")
    if report.facts:
        shown = ", ".join(shorten(kb.graph, n) for n in report.facts[:6])
        more = f" and {len(report.facts) - 6} more" if len(report.facts) > 6 else ""
        noun = "fact rests" if len(report.facts) == 1 else "facts rest"
        click.echo(f"{len(report.facts)} {noun} on it: {shown}{more}")
    if not rows:
        click.echo("No verdict rests on it.")
        return
    noun = "verdict rests" if len(rows) == 1 else "verdicts rest"
    click.echo(f"{len(rows)} {noun} on it:")
    click.echo()
    click.echo(render_table(headers, rows, fmt), nl=False)


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


@graph.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default=None,
    help="Output format. Default: from the -o file's suffix, else json.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write to FILE instead of standard output.",
)
@facts_option
def export(fmt: str | None, output: Path | None, paths: tuple[Path, ...]) -> None:
    """Write the entity network as data or as a picture.

    \b
    graphml, gexf  for Gephi, Cytoscape, yEd (GEXF keeps our colours and layout)
    json           networkx node-link JSON
    dot            Graphviz source: dot -Tsvg graph.dot > graph.svg
    png, svg       a picture: nodes coloured by kind, links by verdict, with legends

    A PNG is not written to a terminal; give -o FILE or redirect the output.
    """
    from factcheck.graph import require_entities
    from factcheck.graphviews.export import BINARY_FORMATS, SUFFIXES
    from factcheck.graphviews.export import export as render_export

    if fmt is None:
        if output is None:
            fmt = "json"
        elif output.suffix.lower() in SUFFIXES:
            fmt = SUFFIXES[output.suffix.lower()]
        else:
            raise UsageError(
                f"cannot tell the format from the file name {output.name!r}",
                hint=f"add --format ({', '.join(EXPORT_FORMATS)}) or use one of the suffixes "
                f"{', '.join(sorted(SUFFIXES))}",
            )
    if output is None and fmt in BINARY_FORMATS and _stdout_is_terminal():
        raise UsageError(
            f"refusing to write a binary {fmt.upper()} to the terminal",
            hint=f"add -o graph.{fmt}, or redirect: factcheck graph export --format {fmt} "
            f"> graph.{fmt}",
        )
    if output is not None:
        from factcheck.report.output import refuse_inside_facts
        from factcheck.resources import default_fact_paths

        refuse_inside_facts(output, list(paths) or default_fact_paths())
    _, network = _load(paths)
    require_entities(network)
    data = render_export(network, fmt)
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        output.write_bytes(data)
    except OSError as error:
        raise UsageError(f"cannot write {output}: {error.strerror}") from error
    click.echo(
        f"Wrote {network.number_of_nodes()} entities and {network.number_of_edges()} links "
        f"to {output} ({fmt}, {len(data):,} bytes)",
        err=True,
    )
