"""Find the IRIs of a JSON-LD document that its readers would silently drop.

JSON-LD to RDF (https://www.w3.org/TR/json-ld11-api/#deserialize-json-ld-to-rdf-algorithm)
skips any statement whose subject, predicate, object or datatype is not a well-formed IRI:
``"@id": "fcd:New Co"`` loses every statement about the node, with no error. rdflib and
pyoxigraph both follow it. A fact file must not lose statements silently, so the loader looks
first: every string JSON-LD reads as an IRI (``@id``, ``@type``, ``@vocab``, ``@base``, property
names, context definitions, values of terms typed ``@id`` or ``@vocab``) must not contain a
space or any other character an IRI cannot hold (https://www.rfc-editor.org/rfc/rfc3987).
A string that is itself a term the document's contexts define is a term, not an IRI.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_NOT_IN_IRI = re.compile(r'[\s<>"{}|^`\\\x00-\x1f\x7f]')
_IRI_KEYWORDS = ("@id", "@type", "@vocab", "@base", "@reverse")
_NOT_IRI_MAPS = ("@language", "@index")
"""Containers whose map keys are language tags or free index strings, not IRIs."""


@dataclass(frozen=True)
class BadIri:
    """A string JSON-LD reads as an IRI, and what it is there."""

    value: str
    role: str


def bad_iris(document: Any) -> Iterator[BadIri]:
    """Each string of ``document`` (parsed JSON) read as an IRI that is not a valid one."""
    terms: dict[str, Any] = {}
    for context in _contexts(document):
        terms.update(context)
    aliases = {
        name: keyword
        for name, keyword in terms.items()
        if isinstance(keyword, str) and keyword in _IRI_KEYWORDS
    }
    checker = _Checker(terms, aliases)
    for context in _contexts(document):
        yield from checker.context(context)
    yield from checker.node(document)


def _contexts(node: Any) -> Iterator[dict[str, Any]]:
    """Every context object in the document, nested ones included (no recursion)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            for key, value in item.items():
                if key == "@context":
                    for context in value if isinstance(value, list) else [value]:
                        if isinstance(context, dict):
                            yield context
                stack.append(value)


class _Checker:
    def __init__(self, terms: dict[str, Any], aliases: dict[str, str]) -> None:
        self.terms = terms
        self.aliases = aliases

    def bad(self, value: Any, role: str) -> Iterator[BadIri]:
        values = value if isinstance(value, list) else [value]
        for item in values:
            if (
                isinstance(item, str)
                and not item.startswith("@")
                and item not in self.terms
                and _NOT_IN_IRI.search(item)
            ):
                yield BadIri(item, role)

    def context(self, context: dict[str, Any]) -> Iterator[BadIri]:
        for term, definition in context.items():
            if term in ("@vocab", "@base"):
                yield from self.bad(definition, f"the context's {term}")
            elif term.startswith("@"):
                continue
            elif isinstance(definition, str):
                yield from self.bad(definition, f"the IRI of the term {term!r}")
            elif isinstance(definition, dict):
                for keyword in ("@id", "@reverse", "@type"):
                    yield from self.bad(
                        definition.get(keyword), f"the {keyword} of the term {term!r}"
                    )

    def iri_valued(self, term: str) -> bool:
        definition = self.terms.get(term)
        return isinstance(definition, dict) and definition.get("@type") in ("@id", "@vocab")

    def container(self, term: str) -> set[str]:
        definition = self.terms.get(term)
        found = definition.get("@container") if isinstance(definition, dict) else None
        return set(found if isinstance(found, list) else [found] if found else [])

    def node(self, document: Any) -> Iterator[BadIri]:
        stack = [document]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
                continue
            if not isinstance(item, dict):
                continue
            for key, value in item.items():
                keyword = self.aliases[key] if key in self.aliases else str(key)
                if keyword == "@context":
                    continue
                if keyword in _IRI_KEYWORDS:
                    yield from self.bad(value, f"the {keyword} value")
                    if isinstance(value, dict | list):
                        stack.append(value)
                    continue
                if keyword.startswith("@"):
                    if keyword not in ("@value", "@language", "@index", "@direction"):
                        stack.append(value)
                    continue
                yield from self.bad(key, "a property name")
                if self.iri_valued(key):
                    yield from self.bad(value, f"the value of {key!r}, typed @id")
                if self.container(key) & set(_NOT_IRI_MAPS) and isinstance(value, dict):
                    stack.extend(value.values())
                else:
                    stack.append(value)


def first_bad_iri(text: str, document: Any) -> tuple[str, int | None, int | None] | None:
    """The message, line and column of the first bad IRI of ``document`` (parsed from ``text``)."""
    found = [(position(text, p.value) or (1 << 30, 0), p) for p in bad_iris(document)]
    if not found:
        return None
    (line, col), problem = min(found, key=lambda item: item[0])
    message = (
        f"not a valid IRI ({problem.role}): {problem.value!r}; JSON-LD would silently drop"
        " every statement that uses it"
    )
    return (message, line, col) if line < 1 << 30 else (message, None, None)


HINT = 'IRIs cannot contain spaces or <>"{}|^`\\: write a space as %20, or use another name'


def position(text: str, value: str) -> tuple[int, int] | None:
    """The 1-based line and column of the first JSON string ``value`` in ``text``."""
    for encoded in (json.dumps(value, ensure_ascii=False), json.dumps(value)):
        offset = text.find(encoded)
        if offset >= 0:
            line = text.count("\n", 0, offset) + 1
            return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
    return None
