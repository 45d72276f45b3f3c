"""Quote spans in a source text, cut into flat segments so overlapping quotes render cleanly.

Claims carry W3C Web Annotation selectors (https://www.w3.org/TR/annotation-model/#text-position-selector):
``oa:start``/``oa:end`` are Python ``str`` offsets into the source's text. Several claims can
share one span, and spans can overlap without nesting (claim A covers 28–142, claim B 124–172).
HTML elements must nest, so instead of nesting one ``<mark>`` per claim the text is cut at every
span boundary: each segment knows every span that covers it, and each span knows where it
starts and ends. Renderers then emit one element per segment and a marker per span end.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """A highlighted range ``[start, end)`` of the text, owned by one claim or opinion."""

    start: int
    end: int
    key: str
    """The owner's anchor (``claim-…`` or ``opinion-…``), unique per text."""


@dataclass(frozen=True)
class Segment:
    """A run of text whose covering spans do not change inside it."""

    start: int
    end: int
    text: str
    covering: tuple[Span, ...]
    """Spans covering the whole segment, in the order they were given."""
    opening: tuple[Span, ...]
    """Spans that start at this segment's start."""
    closing: tuple[Span, ...]
    """Spans that end at this segment's end."""


def locate(text: str, exact: str, start: int | None, end: int | None) -> tuple[int, int] | None:
    """Where ``exact`` sits in ``text``: the stated offsets when they hold, else the first
    verbatim occurrence, else ``None``. Stale offsets must not highlight the wrong words."""
    if (
        start is not None
        and end is not None
        and 0 <= start < end <= len(text)
        and (not exact or text[start:end] == exact)
    ):
        return start, end
    if exact:
        found = text.find(exact)
        if found >= 0:
            return found, found + len(exact)
    return None


def segments(text: str, spans: Sequence[Span]) -> list[Segment]:
    """Cut ``text`` at every span boundary; empty and out-of-range spans are ignored."""
    usable = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in usable), *(s.end for s in usable)})
    result: list[Segment] = []
    for begin, finish in itertools.pairwise(cuts):
        result.append(
            Segment(
                start=begin,
                end=finish,
                text=text[begin:finish],
                covering=tuple(s for s in usable if s.start <= begin and finish <= s.end),
                opening=tuple(s for s in usable if s.start == begin),
                closing=tuple(s for s in usable if s.end == finish),
            )
        )
    return result


def paragraphs(items: Sequence[Segment]) -> list[list[Segment]]:
    """Segments grouped into paragraphs at newlines; a segment spanning a newline is split.

    Blank lines produce no paragraph. A span's ``opening`` stays on its first piece and its
    ``closing`` on its last, so each claim is anchored and marked exactly once.
    """
    result: list[list[Segment]] = [[]]
    for segment in items:
        pieces = segment.text.split("\n")
        offset = segment.start
        for number, piece in enumerate(pieces):
            if number > 0:
                result.append([])
                offset += 1
            first, last = number == 0, number == len(pieces) - 1
            if piece or (first and segment.opening) or (last and segment.closing):
                result[-1].append(
                    Segment(
                        start=offset,
                        end=offset + len(piece),
                        text=piece,
                        covering=segment.covering,
                        opening=segment.opening if first else (),
                        closing=segment.closing if last else (),
                    )
                )
            offset += len(piece)
    return [p for p in result if any(s.text for s in p)]
