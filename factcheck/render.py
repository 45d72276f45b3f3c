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
from collections import Counter
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
SHORT = 12
"""A table column at most this wide is cut only when the table cannot fit otherwise."""
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

    A table fits in ``width`` columns (default: ``terminal_width()``; no limit when that is
    None): ``fit_widths`` chooses the widths, long cells are cut with "…", never a header; the
    cells of the columns named in ``wrap`` are wrapped onto more lines instead, and those named
    in ``keep`` (and the first column) are wrapped after a hyphen or space, never cut.
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
    gap = 2
    wrapped = {i for i, h in enumerate(headers) if h in wrap}
    lines_of: list[list[list[str]]] = [[[c] for c in row] for row in cells]
    if limit is not None:
        kept = {0} | {i for i, h in enumerate(headers) if h in keep}
        widths, gap = _layout(headers, cells, widths, limit, wrapped=wrapped, kept=kept)
        lines_of = [
            [
                _wrap(c, w)
                if i in wrapped
                else _wrap(c, w, hyphens=True)
                if i in kept
                else [_clip(c, w)]
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            ]
            for row in cells
        ]

    def aligned(values: Sequence[str]) -> str:
        return (" " * gap).join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [aligned(headers), aligned(["-" * w for w in widths])]
    for row_lines in lines_of:
        for number in range(max(len(parts) for parts in row_lines)):
            out.append(
                aligned([parts[number] if number < len(parts) else "" for parts in row_lines])
            )
    return "\n".join(out) + "\n"


def _layout(
    headers: Sequence[str],
    cells: Sequence[Sequence[str]],
    widths: Sequence[int],
    limit: int,
    *,
    wrapped: Collection[int],
    kept: Collection[int],
) -> tuple[list[int], int]:
    """Column widths and the gap between columns for a table that fits ``limit``.

    Tried in turn, the first that fits wins: kept columns whole and the others no narrower
    than a comfortable width (a short column, such as a date, a number or a verdict, whole; a
    cut cell a few characters; a wrapped one a few words); kept columns wrapped between words;
    the others as narrow as their headers; words broken; one space between columns (when the
    headers alone are too wide for two)."""
    lengths = [[len(row[i]) for row in cells] for i in range(len(headers))]
    bare = [min(w, max(len(h), 3)) for h, w in zip(headers, widths, strict=True)]
    comfortable = [
        w if w <= SHORT else max(len(h), 8) for h, w in zip(headers, widths, strict=True)
    ]
    for i in wrapped:
        comfortable[i] = min(widths[i], max(len(headers[i]), 20))
    unbroken = list(bare)
    for i in kept:
        words = (w for row in cells for w in re.split(r"\s+|(?<=-)", row[i]))
        unbroken[i] = max(bare[i], min(widths[i], max(map(len, words), default=0)))
    keeping = [unbroken[i] if i in kept else f for i, f in enumerate(comfortable)]
    attempts = [
        ([widths[i] if i in kept else f for i, f in enumerate(comfortable)], 2),
        (keeping, 2),
        ([unbroken[i] if i in kept else f for i, f in enumerate(bare)], 2),
        (bare, 2),
        (bare, 1),
    ]
    for floors, gap in attempts:
        fitted = fit_widths(
            headers, widths, limit, wrapped, kept, lengths=lengths, floors=floors, gap=gap
        )
        if sum(fitted) + gap * (len(fitted) - 1) <= limit:
            break
    return fitted, gap


def _wrap(cell: str, width: int, *, hyphens: bool = False) -> list[str]:
    """``cell`` on lines of at most ``width``; a word longer than that is split. With
    ``hyphens``, identifiers such as ``fcd:claim-loss-per-su7`` break after a hyphen."""
    import textwrap

    if len(cell) <= width:
        return [cell]
    if not hyphens:
        return textwrap.wrap(cell, width, break_on_hyphens=False) or [""]
    lines = [""]
    for piece in re.split(r"(?<=-)|(?<= )", cell):
        rest = piece
        while len(rest) > width:  # longer than a line: split it
            room = width - len(lines[-1])
            lines[-1] += rest[:room]
            rest = rest[room:]
            lines.append("")
        if len(lines[-1]) + len(rest.rstrip()) > width:
            lines.append("")
        lines[-1] += rest
    return [line.rstrip() for line in lines if line.strip()] or [""]


def fit_line(text: str, indent: str = "  ") -> str:
    """A line of prose under a table, wrapped to ``terminal_width()`` (when there is one) with
    ``indent`` before its continuation lines."""
    import textwrap

    limit = terminal_width()
    if limit is None or len(text) <= limit:
        return text
    return "\n".join(
        textwrap.wrap(text, limit, subsequent_indent=indent, break_on_hyphens=False) or [text]
    )


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
    *,
    lengths: Sequence[Sequence[int]] | None = None,
    floors: Sequence[int] | None = None,
    gap: int = 2,
) -> list[int]:
    """Column widths that fit ``limit``, with ``gap`` spaces between columns.

    Every column starts at its natural width (its widest cell or header) and keeps it when the
    table fits. Otherwise characters come off, one at a time, the column where that costs least
    (ties: the widest). A cell of length L shown in w characters costs 1/4 for being cut plus
    (1 - w/L)², the square of the share of it hidden: so a column whose width comes from one long
    cell gives way before a column of many, a column that fits at its natural width stays whole
    while others can give, and two cut columns share the loss rather than one shrinking to a
    stub. A column's price is the lowest average cost per character of narrowing it further by
    any amount, so that the 1/4 of a cut is weighed against all the characters it frees.
    ``lengths`` holds one list of cell lengths per column (default: one cell of the column's
    width). Columns in ``wrap`` (indexes) wrap rather than cut: they cost half and never pay for
    a cut; those in ``keep`` (indexes; the caller wraps them too) cost sixteen times as much, so
    they give way last. No column goes below its floor (``floors``; default its header, or 3).
    May still exceed ``limit`` if the floors alone do."""
    count = len(widths)
    if lengths is None:
        lengths = [[w] for w in widths]
    if floors is None:
        floors = [min(w, max(len(h), 3)) for h, w in zip(headers, widths, strict=True)]
    room = limit - gap * (count - 1)
    if sum(widths) <= room:
        return list(widths)
    # No column can be wider than what the others' floors leave; starting there keeps the work
    # proportional to the terminal's width, however long the cells.
    fitted = [
        max(floors[i], min(w, room - (sum(floors) - floors[i]))) for i, w in enumerate(widths)
    ]
    excess = sum(fitted) - room
    weights = [16.0 if i in keep else 0.5 if i in wrap else 1.0 for i in range(count)]
    cut_cost = [0.0 if i in keep or i in wrap else 0.25 for i in range(count)]
    # cost[i][w]: what column i loses at width w, summed over its cells longer than w: the cut
    # (if it cuts) and the square of the share of the cell hidden, (1 - w/L)², so that a cell
    # cut to a stub costs more than two cells cut by half.
    cost: list[list[float]] = []
    for i, column in enumerate(lengths):
        by_length = Counter(n for n in column if n > 0)
        cost.append(
            [
                weights[i]
                * sum(k * (cut_cost[i] + (1 - w / n) ** 2) for n, k in by_length.items() if n > w)
                for w in range(fitted[i] + 1)
            ]
        )

    def price(i: int) -> float:
        x = fitted[i]
        here = cost[i][x]
        return min((cost[i][y] - here) / (x - y) for y in range(floors[i], x))

    prices = {i: price(i) for i in range(count) if fitted[i] > floors[i]}
    while excess > 0 and prices:
        best = min(prices, key=lambda i: (prices[i], -fitted[i], i))
        fitted[best] -= 1
        excess -= 1
        if fitted[best] > floors[best]:
            prices[best] = price(best)
        else:
            del prices[best]
    return fitted


def _clip(cell: str, width: int) -> str:
    return cell if len(cell) <= width else cell[: width - 1] + "…"


def render_graph(graph: Graph, fmt: str = "turtle") -> str:
    """Serialize ``graph`` as turtle, json-ld or n-triples with the project prefixes."""
    from factcheck.loader import bind_prefixes

    if fmt not in _RDFLIB_FORMATS:
        raise ValueError(f"unknown graph format {fmt!r}")
    bind_prefixes(graph)
    if fmt == "json-ld":
        used = {str(iri): prefix for prefix, iri in graph.namespaces()}
        context = {prefix: iri for iri, prefix in used.items() if prefix}
        return graph.serialize(format="json-ld", context=context, indent=2) + "\n"
    text = graph.serialize(format=_RDFLIB_FORMATS[fmt])
    return text if text.endswith("\n") else text + "\n"
