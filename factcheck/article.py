"""An article as text: plain text or the body of an HTML page, split into sentences and clauses.

HTML is read with the standard library's ``html.parser``: the body is the ``<article>``
element, else ``<main>``, else the element with the most paragraph text; scripts, styles,
navigation, headers, footers and asides are dropped, and each block element becomes one line.
The page's own metadata (``og:title``, ``author``, ``og:site_name``,
``article:published_time``, the canonical URL, ``lang``) is kept for the source document.

Offsets everywhere are Python ``str`` indices into the text with ``\n`` line ends, which is
what ``oa:start`` and ``oa:end`` count (https://www.w3.org/TR/annotation-model/#text-position-selector).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from factcheck.errors import InputError, UsageError

META_KEYS = {
    "title": "title",
    "publisher": "publisher",
    "author": "author",
    "url": "url",
    "datepublished": "datePublished",
    "date": "datePublished",
    "language": "language",
    "inlanguage": "language",
}
"""``--source-meta`` keys (case-insensitive) and the field each sets."""

UNKNOWN_WORDS = frozenset({"unknown", "fc:unknown", "?", "n/a"})
"""Values that mean "not known": the field becomes ``fc:unknown``, never the string."""


@dataclass
class Article:
    """An article's plain text (``\\n`` line ends) and the metadata its HTML gave, if any."""

    text: str
    meta: dict[str, str] = field(default_factory=dict)
    html: bool = False


def read_article(path: Path) -> Article:
    """Read plain text, or HTML with the article body extracted (``<article>``, ``<main>``, or
    the element with the most paragraph text; scripts, styles and navigation dropped)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror}") from error
    if b"\x00" in data[:8192]:
        raise InputError(f"{path} is a binary file", hint="draft reads plain text or HTML")
    try:
        raw = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise InputError(
            f"{path} is not UTF-8 (byte {error.start})", hint="re-save the article as UTF-8"
        ) from None
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    head = raw.lstrip()[:100].lower()
    if path.suffix.lower() in (".html", ".htm", ".xhtml") or head.startswith(
        ("<!doctype html", "<html")
    ):
        parser = _HTMLText()
        parser.feed(raw)
        parser.close()
        text = parser.body_text()
        if not text.strip():
            raise InputError(f"found no article text in {path}", hint="pass the page as text")
        return Article(text=text, meta=parser.meta, html=True)
    if not raw.strip():
        raise InputError(f"{path} is empty")
    return Article(text=raw)


_SKIP_TAGS = {
    "script",
    "style",
    "nav",
    "header",
    "footer",
    "aside",
    "noscript",
    "template",
    "svg",
    "form",
    "button",
    "iframe",
    "select",
    "head",
}
_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "br",
    "tr",
    "table",
    "figcaption",
    "dd",
    "dt",
    "hr",
    "body",
}
_VOID_TAGS = {"br", "hr", "img", "meta", "link", "input", "source", "wbr", "area", "base", "col"}


@dataclass
class _Element:
    tag: str
    children: list[_Element | str] = field(default_factory=list)


class _HTMLText(HTMLParser):
    """A tolerant HTML reader that keeps a light element tree and the page's metadata."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("root")
        self.stack = [self.root]
        self.skip = 0
        self.meta: dict[str, str] = {}
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or "").lower()
            field_name = {
                "og:title": "title",
                "author": "author",
                "og:site_name": "publisher",
                "article:published_time": "datePublished",
                "og:url": "url",
            }.get(key)
            if field_name and values.get("content"):
                if field_name == "title":  # og:title is the headline; <title> adds the site
                    self.meta["title"] = values["content"].strip()
                else:
                    self.meta.setdefault(field_name, values["content"].strip())
        elif tag == "link" and "canonical" in values.get("rel", "").lower() and values.get("href"):
            self.meta.setdefault("url", values["href"].strip())
        elif tag == "html" and values.get("lang"):
            self.meta.setdefault("language", values["lang"].strip())
        self.in_title = tag == "title"
        if tag in _VOID_TAGS:
            if tag in ("br", "hr") and not self.skip:
                self.stack[-1].children.append(_Element(tag))
            return
        if tag in _SKIP_TAGS or self.skip:
            self.skip += 1
            return
        if tag == "p" and self.stack[-1].tag == "p":  # an unclosed <p> ends at the next one
            self.stack.pop()
        element = _Element(tag)
        self.stack[-1].children.append(element)
        self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        self.in_title = False
        if tag in _VOID_TAGS:
            return
        if self.skip:
            self.skip -= 1
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if self.in_title and data.strip():
            self.meta.setdefault("title", " ".join(data.split()))
        if not self.skip:
            self.stack[-1].children.append(data)

    def body_text(self) -> str:
        elements = list(_walk(self.root))
        for tag in ("article", "main"):
            found = [e for e in elements if e.tag == tag]
            if found:
                return _render(max(found, key=lambda e: len(_render(e))))
        return _render(max(elements, key=_paragraph_text))


def _walk(element: _Element) -> Iterable[_Element]:
    yield element
    for child in element.children:
        if isinstance(child, _Element):
            yield from _walk(child)


def _paragraph_text(element: _Element) -> int:
    """Text in the element's own paragraphs and text: a measure of "the largest text block"."""
    own = sum(len(c.strip()) for c in element.children if isinstance(c, str))
    paragraphs = [c for c in element.children if isinstance(c, _Element) and c.tag == "p"]
    return own + sum(len(_render(p)) for p in paragraphs)


def _render(element: _Element) -> str:
    """Block elements on their own lines; whitespace inside a block collapsed."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = " ".join("".join(current).split())
        if line:
            lines.append(line)
        current.clear()

    def visit(node: _Element) -> None:
        for child in node.children:
            if isinstance(child, str):
                current.append(child)
            elif child.tag in _BLOCK_TAGS:
                flush()
                visit(child)
                flush()
            else:
                visit(child)

    visit(element)
    flush()
    return "\n".join(lines)


def parse_meta(pairs: Sequence[str]) -> dict[str, str]:
    """``key=value`` pairs from ``--source-meta`` as {field: value}; unknown keys are errors."""
    meta: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        name = META_KEYS.get(key.strip().lower())
        if not sep or name is None or not value.strip():
            known = ", ".join(sorted(set(META_KEYS.values())))
            raise UsageError(
                f"bad --source-meta {pair!r}", hint=f"use key=value with key one of: {known}"
            )
        if value.strip().lower() in UNKNOWN_WORDS:
            meta.pop(name, None)  # left out, so the draft states fc:unknown
            continue
        meta[name] = value.strip()
    return meta


# --- Sentences and clauses --------------------------------------------------------------------

_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "inc",
    "ltd",
    "co",
    "corp",
    "st",
    "vs",
    "etc",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "no",
    "e.g",
    "i.e",
    "u.s",
    "u.k",
    "approx",
    "est",
}
_SENTENCE_END = re.compile(r"[.!?]+[”\"’)\]]*(?=\s+[“\"‘(\[A-Z0-9$€£¥])")
_CLAUSE_BREAK = re.compile(r"[:;](?=\s)|\s[—–]\s|,\s+(?=(?:and|but|while|whereas)\s)")
OPEN_QUOTES = ' \t“"‘'
"""Characters stripped from the start of a quote."""
CLOSE_QUOTES = ' \t”"’'
"""Characters stripped from the end of a quote."""


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: each line is split after ``.``, ``!`` or ``?`` (not after abbreviations)."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        start = 0
        for match in _SENTENCE_END.finditer(line):
            word = re.search(r"([\w.]+)\.*$", line[start : match.start() + 1])
            before = word.group(1).lower().rstrip(".") if word else ""
            if before in _ABBREVIATIONS or re.fullmatch(r"[a-z]", before):
                continue  # "Inc." or an initial ("J. Smith") ends no sentence
            spans.append(_trim(text, offset + start, offset + match.end()))
            start = match.end()
        spans.append(_trim(text, offset + start, offset + len(line)))
        offset += len(line) + 1
    return [(s, e) for s, e in spans if e > s]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def clauses(text: str, sentence: tuple[int, int]) -> list[tuple[int, int]]:
    """The clauses of ``sentence``: cut at ``:``, ``;``, spaced dashes and ", and/but/while",
    each without surrounding quotation marks or a closing ``.``, ``!`` or ``?``."""
    spans = []
    left = sentence[0]
    for match in _CLAUSE_BREAK.finditer(text, *sentence):
        spans.append((left, match.start()))
        left = match.end()
    spans.append((left, sentence[1]))
    result = []
    for span in spans:
        start, end = _trim(text, *span)
        while start < end and text[start] in OPEN_QUOTES:
            start += 1
        while end > start and text[end - 1] in CLOSE_QUOTES + ".!?":
            end -= 1
        if end > start:
            result.append((start, end))
    return result
