"""Positions in a Turtle document's text: the token under the cursor, the prefixes the document
declares, the span a finding points at, and IRIs written as the document would write them.

Built on the Turtle lexer of ``factcheck.locate`` (https://www.w3.org/TR/turtle/#sec-grammar),
so a position inside a string or a comment is never mistaken for an IRI. Lines and columns here
are 0-based and count code points; ``factcheck.lsp.server`` converts them to the client's
encoding.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from factcheck.locate import RDF_TYPE, Token, tokenize

_PN_LOCAL = re.compile(r"(?:[\w:%\-]|\\\S)(?:[\w:%\-.]*[\w:%\-])?|")
"""A local name this module will write unescaped (the lexer reads more, this writes less)."""
_DIRECTIVES = ("@prefix", "prefix", "@base", "base")
_WORD_BEFORE = re.compile(r"[^\s<>\"'{}()\[\],;^]*$")
"""The partial name before the cursor that a completion replaces."""


@dataclass(frozen=True)
class Span:
    """A range on one line: ``[start, end)`` in code points."""

    line: int
    start: int
    end: int


@dataclass(frozen=True)
class Names:
    """How a document writes IRIs: its base and its prefixes (prefix → namespace)."""

    base: str
    prefixes: dict[str, str]

    def expand(self, token: Token) -> str | None:
        """The IRI a token stands for: ``<iri>``, a prefixed name, or ``a``; else None."""
        if token.kind == "iri":
            return _join(self.base, token.text[1:-1])
        if token.kind == "pname":
            prefix, _, local = token.text.partition(":")
            namespace = self.prefixes.get(prefix)
            return None if namespace is None else namespace + re.sub(r"\\(.)", r"\1", local)
        if token.kind == "word" and token.text == "a":
            return RDF_TYPE
        return None

    def shorten(self, iri: str) -> str:
        """``iri`` as this document would write it: a prefixed name (the longest namespace
        that leaves a plain local name) or ``<iri>``."""
        best: tuple[int, str] | None = None
        for prefix, namespace in self.prefixes.items():
            if namespace and iri.startswith(namespace):
                local = iri[len(namespace) :]
                if _PN_LOCAL.fullmatch(local) and (best is None or len(namespace) > best[0]):
                    best = (len(namespace), f"{prefix}:{local}")
        return best[1] if best else f"<{iri}>"


def _join(base: str, reference: str) -> str:
    """``reference`` resolved against ``base``; an empty fragment (``<b#>``) is kept, which
    ``urljoin`` drops."""
    joined = urljoin(base, reference) if base else reference
    return joined + "#" if reference.endswith("#") and not joined.endswith("#") else joined


@functools.lru_cache(maxsize=64)
def tokens(text: str) -> tuple[Token, ...]:
    """The document's tokens (cached by text: a request reads the same text several times)."""
    return tuple(tokenize(text))


@functools.lru_cache(maxsize=64)
def _starts(text: str) -> list[tuple[int, int]]:
    """Where each token starts (0-based line and column), for bisecting."""
    return [(t.line - 1, t.col - 1) for t in tokens(text)]


@functools.lru_cache(maxsize=64)
def _lines(text: str) -> list[str]:
    return text.split("\n")


@functools.lru_cache(maxsize=64)
def names(text: str, file: Path | None = None) -> Names:
    """The base (``file``'s URI unless ``@base`` says otherwise) and prefixes of ``text``
    (cached: callers must not change the result)."""
    base = file.resolve().as_uri() if file is not None else ""
    prefixes: dict[str, str] = {}
    found = tokens(text)
    for i, token in enumerate(found):
        directive = token.text.lower()
        if token.kind not in ("at", "word") or directive not in _DIRECTIVES:
            continue
        if directive.endswith("prefix") and i + 2 < len(found):
            name, iri = found[i + 1], found[i + 2]
            if name.kind == "pname" and name.text.endswith(":") and iri.kind == "iri":
                prefixes[name.text[:-1]] = _join(base, iri.text[1:-1])
        elif directive.endswith("base") and i + 1 < len(found) and found[i + 1].kind == "iri":
            base = _join(base, found[i + 1].text[1:-1])
    return Names(base, prefixes)


def span(token: Token) -> Span:
    """Where a token is written (its first line, for a string over several lines)."""
    first_line = token.text.split("\n", 1)[0]
    return Span(token.line - 1, token.col - 1, token.col - 1 + len(first_line))


def token_at(text: str, line: int, character: int) -> Token | None:
    """The token under the cursor at ``line``/``character`` (0-based), or just before it: a
    cursor right after ``fc:source`` is on it. None in whitespace, a comment or past the end."""
    index = bisect.bisect_right(_starts(text), (line, character))
    if index == 0:
        return None
    before = tokens(text)[index - 1]
    where = span(before)
    if "\n" in before.text:  # a string over lines: on it if the cursor is inside
        last = before.line - 1 + before.text.count("\n")
        return before if line <= last else None
    if where.line == line and where.start <= character <= where.end:
        return before
    return None


def word_before(text: str, line: int, character: int) -> Span:
    """The partial name that ends at the cursor (what a completion replaces); may be empty."""
    lines = _lines(text)
    current = lines[line] if line < len(lines) else ""
    found = _WORD_BEFORE.search(current[:character])
    start = found.start() if found else character
    return Span(line, start, character)


def finding_span(
    text: str, line: int | None, col: int | None, target: str | None, doc: Names
) -> Span:
    """The span a finding at ``line``/``col`` (1-based, as ``factcheck.errors.Location``) is
    about: the token that writes ``target`` (its offending IRI) in the statement from there on,
    else the token at the location, else the rest of that line."""
    lines = _lines(text)
    if line is None or not 1 <= line <= len(lines):
        return Span(0, 0, len(lines[0]) if lines else 0)
    row, column = line - 1, (col or 1) - 1
    found = tokens(text)
    index = bisect.bisect_left(_starts(text), (row, column))
    first = index if index < len(found) else None
    if first is not None and target is not None:
        depth = 0
        for token in found[first:]:
            if token.text in ("[", "("):
                depth += 1
            elif token.text in ("]", ")"):
                depth -= 1
            elif token.text == "." and token.kind == "punct" and depth <= 0:
                break
            if doc.expand(token) == target:
                return span(token)
    if first is not None and found[first].line - 1 == row:
        return span(found[first])
    rest = lines[row]
    end = len(rest.rstrip())
    return Span(row, min(column, end), end)
