"""The one renderer: every command's rows or graph go out through here.

A command produces headers plus rows (``render_table``) or an RDF graph (``render_graph``); the
user picks the format with the shared ``--format`` option (``output_options``). Modelled on
sqlite-utils' ``output_options``, without its copy of the output branch in each command.

Table and Markdown shorten IRIs to prefixed names for people to read; csv, tsv and json keep full
IRIs so that machines get unambiguous identifiers.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.namespace import NamespaceManager
    from rdflib.term import Node

TABLE_FORMATS = ("table", "csv", "tsv", "json", "markdown")
GRAPH_FORMATS = ("turtle", "json-ld", "n-triples")
_RDFLIB_FORMATS = {"turtle": "turtle", "json-ld": "json-ld", "n-triples": "nt"}
_LOCAL_NAME = re.compile(r"^[\w\-]([\w\-.]*[\w\-])?$|^$")

F = TypeVar("F", bound=Callable[..., Any])


def output_options(fn: F) -> F:
    """Add the shared ``--format`` option (table, csv, tsv, json, markdown) to a command, with
    the ``--table``, ``--csv`` and ``--json`` shortcuts."""
    option = click.option(
        "--format",
        "fmt",
        type=click.Choice(TABLE_FORMATS),
        default="table",
        show_default=True,
        help="Output format.",
    )
    return option(format_shortcuts("table", "csv", "json")(fn))


def format_shortcuts(*formats: str) -> Callable[[F], F]:
    """Add ``--csv``-style flags, each short for ``--format csv``, to a command whose format
    parameter is ``fmt``. Two different formats at once are a usage error."""

    def decorate(fn: F) -> F:
        import functools

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            chosen = [name for name in formats if kwargs.pop(f"shortcut_{name}", False)]
            if len(chosen) > 1:
                raise click.UsageError(f"choose one of --{' or --'.join(chosen)}")
            if chosen:
                kwargs["fmt"] = chosen[0]
            return fn(*args, **kwargs)

        decorated: Any = wrapper
        for name in reversed(formats):
            decorated = click.option(
                f"--{name}", f"shortcut_{name}", is_flag=True, help=f"Short for --format {name}."
            )(decorated)
        return decorated  # type: ignore[no-any-return]

    return decorate


def graph_output_options(fn: F) -> F:
    """Add the shared ``--format`` option for commands that output RDF graphs."""
    option = click.option(
        "--format",
        "fmt",
        type=click.Choice(GRAPH_FORMATS),
        default="turtle",
        show_default=True,
        help="RDF serialization.",
    )
    return option(fn)


def _namespaces(names: NamespaceManager | None) -> list[tuple[str, str]]:
    if names is None:
        from factcheck.loader import PREFIXES

        pairs = list(PREFIXES.items())
    else:
        pairs = [(prefix, str(iri)) for prefix, iri in names.namespaces()]
    # Longest namespace first, so fcd: wins over a shorter namespace that also matches.
    return sorted(pairs, key=lambda p: (-len(p[1]), p[0]))


def shorten(node: Node | str | None, names: NamespaceManager | None = None) -> str:
    """An IRI as ``prefix:local`` when a prefix is bound (else the bare IRI); a literal as its
    lexical value; a blank node as ``[]``. Never binds new prefixes."""
    from rdflib import BNode, Literal, URIRef

    if node is None:
        return ""
    if isinstance(node, Literal):
        return str(node)
    if isinstance(node, BNode):
        return "[]"
    iri = str(node)
    if isinstance(node, URIRef | str):
        for prefix, namespace in _namespaces(names):
            if namespace and iri.startswith(namespace):
                local = iri[len(namespace) :]
                if _LOCAL_NAME.match(local):
                    return f"{prefix}:{local}"
    return iri


def _cell(value: object, names: NamespaceManager | None, compact: bool) -> str:
    from rdflib.term import Node

    if value is None:
        return ""
    if isinstance(value, Node):
        return shorten(value, names) if compact else str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _json_value(value: object) -> Any:
    from rdflib import Literal
    from rdflib.term import Node

    if isinstance(value, Literal):
        native = value.toPython()
        return native if isinstance(native, int | float | bool | str) else str(value)
    if isinstance(value, Node):
        return str(value)
    if value is None or isinstance(value, int | float | bool | str):
        return value
    return str(value)


def render_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    fmt: str = "table",
    names: NamespaceManager | None = None,
    *,
    width: int | None = None,
    wrap: Collection[str] = (),
    keep: Collection[str] = (),
) -> str:
    """Render rows in one of ``TABLE_FORMATS``; the result ends with a newline unless empty.

    A table fits in ``width`` columns (default: ``terminal_width()``): the widest cells are cut
    with "…", never a header; the cells of the columns named in ``wrap`` are wrapped onto
    more lines instead, and those named in ``keep`` (and the first) are never cut.
    """
    rows = list(rows)
    if fmt == "json":
        objects = [dict(zip(headers, map(_json_value, row), strict=True)) for row in rows]
        return json.dumps(objects, indent=2, ensure_ascii=False) + "\n"
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(headers)
        writer.writerows([_cell(v, names, compact=False) for v in row] for row in rows)
        return buffer.getvalue()
    cells = [[_cell(v, names, compact=True).replace("\n", " ") for v in row] for row in rows]
    if fmt == "markdown":

        def line(values: Sequence[str]) -> str:
            return "| " + " | ".join(v.replace("|", "\\|") for v in values) + " |"

        out = [line(headers), "| " + " | ".join("---" for _ in headers) + " |"]
        out += [line(row) for row in cells]
        return "\n".join(out) + "\n"
    if fmt != "table":
        raise ValueError(f"unknown table format {fmt!r}")
    widths = [len(h) for h in headers]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    limit = terminal_width() if width is None else width
    wrapped = {i for i, h in enumerate(headers) if h in wrap}
    lines_of: list[list[list[str]]] = [[[c] for c in row] for row in cells]
    if limit is not None:
        kept = {i for i, h in enumerate(headers) if h in keep}
        widths = fit_widths(headers, widths, limit, wrapped, kept)
        lines_of = [
            [
                _wrap(c, w) if i in wrapped else [_clip(c, w)]
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            ]
            for row in cells
        ]

    def aligned(values: Sequence[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [aligned(headers), aligned(["-" * w for w in widths])]
    for row_lines in lines_of:
        for number in range(max(len(parts) for parts in row_lines)):
            out.append(
                aligned([parts[number] if number < len(parts) else "" for parts in row_lines])
            )
    return "\n".join(out) + "\n"


def _wrap(cell: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(cell, width, break_on_hyphens=False) or [""]


def terminal_width() -> int | None:
    """The width tables must fit: the click context's ``terminal_width`` if a caller set one,
    else ``$COLUMNS`` if set, else the terminal's when stdout is one; None (no limit) when
    output goes to a pipe or a file."""
    import os
    import shutil
    import sys

    context = click.get_current_context(silent=True)
    if context is not None and context.terminal_width:
        return context.terminal_width
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


def fit_widths(
    headers: Sequence[str],
    widths: Sequence[int],
    limit: int,
    wrap: Collection[int] = (),
    keep: Collection[int] = (),
) -> list[int]:
    """Column widths that fit ``limit`` (with two spaces between columns).

    The widest columns shrink first, none below its header (or 3 characters); the first column
    (it names the row) and those in ``keep`` (indexes) never shrink. Columns in ``wrap``
    (indexes) keep their width until the others are at their floor, then share what is left.
    May still exceed ``limit`` if the floors alone do."""
    floors = [min(w, max(len(h), 3)) for h, w in zip(headers, widths, strict=True)]
    for index in {0, *keep}:
        floors[index] = widths[index]
    room = limit - 2 * (len(widths) - 1)
    if sum(widths) <= room:
        return list(widths)
    firm = [w if i in wrap else f for i, (f, w) in enumerate(zip(floors, widths, strict=True))]
    if wrap and sum(firm) > room:
        fitted = [
            w if i in wrap else f for i, (f, w) in enumerate(zip(floors, widths, strict=True))
        ]
        left = room - sum(f for i, f in enumerate(floors) if i not in wrap)
        share = max(left // len(wrap), 10)
        for i in wrap:
            fitted[i] = max(floors[i], min(widths[i], share))
        return fitted
    low, high = 0, max(widths)  # the largest cap at which the table fits
    while low < high:
        cap = (low + high + 1) // 2
        if sum(max(f, min(w, cap)) for f, w in zip(firm, widths, strict=True)) <= room:
            low = cap
        else:
            high = cap - 1
    fitted = [max(f, min(w, low)) for f, w in zip(firm, widths, strict=True)]
    spare = room - sum(fitted)  # hand what the cap left over to the columns it cut, in order
    for index, (want, got) in enumerate(zip(widths, fitted, strict=True)):
        extra = min(max(spare, 0), want - got)
        fitted[index] += extra
        spare -= extra
    return fitted


def _clip(cell: str, width: int) -> str:
    return cell if len(cell) <= width else cell[: width - 1] + "…"


def render_graph(graph: Graph, fmt: str = "turtle") -> str:
    """Serialize ``graph`` as turtle, json-ld or n-triples with the project prefixes."""
    from factcheck.loader import bind_prefixes

    if fmt not in _RDFLIB_FORMATS:
        raise ValueError(f"unknown graph format {fmt!r}")
    bind_prefixes(graph)
    try:
        if fmt == "json-ld":
            used = {str(iri): prefix for prefix, iri in graph.namespaces()}
            context = {prefix: iri for iri, prefix in used.items() if prefix}
            return graph.serialize(format="json-ld", context=context, indent=2) + "\n"
        text = graph.serialize(format=_RDFLIB_FORMATS[fmt])
    except RecursionError:  # rdflib nests blank nodes by recursion: a few hundred levels at most
        text = _render_flat(graph, fmt)
    return text if text.endswith("\n") else text + "\n"


def _render_flat(graph: Graph, fmt: str) -> str:
    """``graph`` written by pyoxigraph, which labels blank nodes instead of nesting them."""
    import pyoxigraph as ox

    from factcheck.query import to_ox

    formats = {
        "turtle": ox.RdfFormat.TURTLE,
        "json-ld": ox.RdfFormat.JSON_LD,
        "n-triples": ox.RdfFormat.N_TRIPLES,
    }
    terms: dict[object, Any] = {}

    def term(node: object) -> Any:
        if node not in terms:
            terms[node] = to_ox(node)  # type: ignore[arg-type]
        return terms[node]

    triples = [ox.Triple(term(s), term(p), term(o)) for s, p, o in graph]
    prefixes = {prefix: str(iri) for prefix, iri in graph.namespaces() if prefix}
    written = ox.serialize(
        triples, format=formats[fmt], prefixes=prefixes if fmt == "turtle" else None
    )
    return (written or b"").decode()
