"""Recompute a quote's position and context from its exact words (used by ``factcheck fmt``).

A W3C Web Annotation quote (https://www.w3.org/TR/annotation-model/#text-quote-selector) says
the same thing twice: ``oa:exact`` with ``oa:prefix``/``oa:suffix``, and ``oa:start``/``oa:end``.
Editing ``oa:exact`` by hand (narrowing a quote) leaves the rest stale; this recomputes
``oa:start``, ``oa:end``, ``oa:prefix`` and ``oa:suffix`` from ``oa:exact`` and the source's
``fc:textFile``. A quote whose words are not in the text, or occur there more than once with
nothing to tell which is meant, is reported and left as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

FC = "https://w3id.org/factcheck/ontology#"
OA = "http://www.w3.org/ns/oa#"
CONTEXT = 32
"""Characters of oa:prefix and oa:suffix, as the draft writes them."""
POSITION = frozenset(OA + name for name in ("start", "end", "prefix", "suffix"))
"""The predicates ``repair_quotes`` recomputes (IRIs)."""


@dataclass(frozen=True)
class QuoteProblem:
    """A quote fmt could not place."""

    node: str
    message: str


def _occurrences(text: str, exact: str) -> list[int]:
    found, at = [], text.find(exact)
    while at >= 0:
        found.append(at)
        at = text.find(exact, at + 1)
    return found


def repair_quotes(graph: Graph, folder: Path) -> tuple[int, list[QuoteProblem]]:
    """Set each quote's start, end, prefix and suffix from its exact words; (fixed, problems).

    ``folder`` is where the fact file is, against which ``fc:textFile`` names are resolved.
    Quotes whose source has no text file in this graph are left alone.
    """
    from rdflib import Literal, URIRef

    fc_quote, fc_source, fc_text = (
        URIRef(FC + "quote"),
        URIRef(FC + "source"),
        URIRef(FC + "textFile"),
    )
    oa = {name: URIRef(OA + name) for name in ("exact", "prefix", "suffix", "start", "end")}
    texts: dict[str, str | None] = {}
    fixed, problems = 0, []
    for node, selector in sorted(graph.subject_objects(fc_quote), key=lambda p: str(p[0])):
        exact = graph.value(selector, oa["exact"])
        source = graph.value(node, fc_source)
        name = graph.value(source, fc_text) if source is not None else None
        if exact is None or name is None:
            continue
        if str(name) not in texts:
            path = folder / str(name)
            texts[str(name)] = path.read_text(encoding="utf-8") if path.is_file() else None
        text = texts[str(name)]
        if text is None:
            continue
        where = _short(node)
        spots = _occurrences(text, str(exact))
        if not spots:
            problems.append(QuoteProblem(where, f"quote not found in {name}: {str(exact)[:60]!r}"))
            continue
        start = _choose(graph, selector, spots, str(exact), text, oa)
        if start is None:
            problems.append(
                QuoteProblem(
                    where,
                    f"quote occurs {len(spots)} times in {name}: {str(exact)[:60]!r}; lengthen"
                    " it, or set oa:prefix to say which",
                )
            )
            continue
        end = start + len(str(exact))
        wanted: dict[str, Node] = {
            "start": Literal(start),
            "end": Literal(end),
            "prefix": Literal(text[max(0, start - CONTEXT) : start]),
            "suffix": Literal(text[end : end + CONTEXT]),
        }
        changed = False
        for key, value in wanted.items():
            if graph.value(selector, oa[key]) != value:
                graph.set((selector, oa[key], value))
                changed = True
        fixed += changed
    return fixed, problems


def _choose(  # noqa: PLR0917 - a private helper with one caller
    graph: Graph, selector: Node, spots: list[int], exact: str, text: str, oa: Mapping[str, Node]
) -> int | None:
    if len(spots) == 1:
        return spots[0]
    start = graph.value(selector, oa["start"])
    if start is not None and str(start).isdigit() and int(str(start)) in spots:
        return int(str(start))
    prefix = graph.value(selector, oa["prefix"])
    suffix = graph.value(selector, oa["suffix"])
    fitting = [
        at
        for at in spots
        if (prefix is None or text[:at].endswith(str(prefix)))
        and (suffix is None or text[at + len(exact) :].startswith(str(suffix)))
    ]
    return fitting[0] if len(fitting) == 1 else None


def _short(node: Node) -> str:
    text = str(node)
    data = "https://w3id.org/factcheck/data/"
    return "fcd:" + text[len(data) :] if text.startswith(data) else text
