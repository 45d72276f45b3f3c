"""Verdicts in plain language, for readers: no IRIs, prefixed names or rule ids.

The verdict engine writes its summary and reasoning for people who check the checking: they
name reference facts by IRI (``fcd:ref-…``) and rules by id. A reader of the published report
or of a ClaimReview needs the conclusion and where it comes from, in a few sentences. The
identifiers stay available behind the report's "details" toggle and in ``factcheck explain``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rdflib import Graph, URIRef

from factcheck.loader import FC
from factcheck.statements import label, publisher

_PREFIXED = r"(?:fcd|fc|schema|xsd|rdfs?|owl)?:[A-Za-z_][\w.-]*"
_PAREN_ID = re.compile(r"\s*\(" + _PREFIXED + r"\)")
_DASH_ID = re.compile(r"\s*—\s*" + _PREFIXED + r"\b")
_BARE_ID = re.compile(r"(?<![\w/])" + _PREFIXED + r"(?![\w/])")
_IRI = re.compile(r"\s*\(?<?https?://w3id\.org/factcheck/\S*>?\)?")
_SPACES = re.compile(r"[ \t]+")
_EMPTIED = re.compile(r"\s*\((?:[A-Za-z]+ of)?[\s,]*\)")
"""What is left of "(ApplyRelativeChange of fcd:a, fcd:b)" once the identifiers are gone."""
_DERIVED = re.compile(r"^is derived\b")

WORDS: dict[str, str] = {
    "supported": "Supported: published sources back the claim.",
    "contradicted": "Contradicted: published sources say otherwise.",
    "misleading": "Misleading: the figures may hold, but the framing does not.",
    "misquoted": "Misquoted: the words are not what the person said.",
    "disputed": "Disputed: reliable sources disagree.",
    "unverifiable": "Unverifiable: we found no source that settles it.",
}
"""One line per verdict word, for a reader who does not know our scale."""

NO_EVIDENCE_RULE = "no-evidence"
MAX_CHARS = 600


def strip_identifiers(text: str) -> str:
    """``text`` without our IRIs and prefixed names (``fcd:ref-x``, ``(:Foo)``), which mean
    nothing to a reader."""
    text = _IRI.sub("", text)
    text = _PAREN_ID.sub("", text)
    text = _DASH_ID.sub("", text)
    text = _BARE_ID.sub("", text)
    text = _EMPTIED.sub("", text)
    text = _DERIVED.sub("Derived", text.strip())
    return _SPACES.sub(" ", text).replace(" .", ".").replace(" ,", ",").strip()


def source_names(graph: Graph, evidence: Sequence[URIRef]) -> list[str]:
    """The outlets (or titles, where the outlet is unknown) behind the evidence, in order."""
    names: list[str] = []
    for fact in evidence:
        for source in sorted(graph.objects(fact, FC.source), key=str):
            if not isinstance(source, URIRef):
                continue
            name = publisher(graph, source)
            if name == "unknown":
                name = label(graph, source)
            if name not in names:
                names.append(name)
    return names


def _sentence(text: str) -> str:
    text = text.strip()
    if text and text[-1] not in ".!?…":
        text += "."
    return text[:1].upper() + text[1:]


def explanation(
    graph: Graph,
    summary: str,
    rule: str,
    steps: Sequence[str],
    evidence: Sequence[URIRef],
) -> str:
    """A few plain sentences: the finding, the notes that qualify it, and the sources."""
    if rule == NO_EVIDENCE_RULE or not summary.strip():
        parts = ["We found no published source that confirms or contradicts this claim."]
    else:
        parts = [_sentence(strip_identifiers(summary))]
    for step in steps:
        body = re.sub(r"^\d+\.\s*", "", step)
        if body.startswith(("note:", "note on the reference:")):
            parts.append(_sentence(strip_identifiers(body.split(":", 1)[1])))
            break  # one qualifying note is enough for a reader
    names = source_names(graph, evidence)
    if names and not any(name in parts[0] for name in names):
        parts.append(_sentence("Sources: " + "; ".join(names)))
    text = " ".join(p for p in parts if p)
    if len(text) > MAX_CHARS:
        text = text[: MAX_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return text


def verdict_line(verdict: str) -> str:
    """What a verdict word means, in one sentence; an unknown word is shown as itself."""
    return WORDS.get(verdict, f"{verdict.capitalize()}.")
