"""Quote comparison: is an attributed quote verbatim, a paraphrase, or different words?

A reference wording may be an excerpt with elisions (``"Woke up to the news that 100,000
units ... 230 days"``): each fragment between ellipses must then appear, in order, in the
claimed quote. Comparison ignores case, punctuation and typographic quote marks, never words.
Word-level similarity (``difflib.SequenceMatcher`` over words,
https://docs.python.org/3/library/difflib.html) separates a paraphrase (≥ 0.5) from different
words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

PARAPHRASE_THRESHOLD = 0.5
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*")
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """Lower-case words and numbers, punctuation and thousands separators dropped."""
    cleaned = re.sub(r"(?<=\d)[,.](?=\d{3}\b)", "", text.lower())
    return _WORD.findall(cleaned)


@dataclass(frozen=True)
class QuoteComparison:
    """How a claimed quote relates to the reference wording."""

    kind: str
    """``verbatim``, ``paraphrase`` or ``different``."""
    similarity: float
    """Word-level similarity 0–1 (fragment coverage for elided references)."""
    detail: str


def _contains_in_order(haystack: list[str], fragments: list[list[str]]) -> list[bool]:
    found: list[bool] = []
    position = 0
    for fragment in fragments:
        hit = -1
        for i in range(position, len(haystack) - len(fragment) + 1):
            if haystack[i : i + len(fragment)] == fragment:
                hit = i
                break
        found.append(hit >= 0)
        if hit >= 0:
            position = hit + len(fragment)
    return found


def compare(claimed: str, reference: str) -> QuoteComparison:
    """Compare a claimed quote with the reference wording."""
    claimed_words = words(claimed)
    fragments = [words(part) for part in _ELLIPSIS.split(reference) if words(part)]
    if len(fragments) > 1:
        found = _contains_in_order(claimed_words, fragments)
        missing = [" ".join(f) for f, ok in zip(fragments, found, strict=True) if not ok]
        if not missing:
            return QuoteComparison(
                "verbatim", 1.0, "every fragment of the excerpt appears in order"
            )
        total = sum(len(f) for f in fragments)
        covered = sum(_matched_words(f, claimed_words) for f in fragments)
        share = covered / total if total else 0.0
        kind = "paraphrase" if share >= PARAPHRASE_THRESHOLD else "different"
        detail = (
            f"{len(fragments) - len(missing)} of {len(fragments)} fragments of the excerpt appear "
            f"verbatim; {covered} of {total} of its words appear in order; "
            f"not verbatim: {'; '.join(repr(m) for m in missing)}"
        )
        return QuoteComparison(kind, round(share, 2), detail)
    reference_words = fragments[0] if fragments else []
    if claimed_words == reference_words:
        return QuoteComparison("verbatim", 1.0, "same words")
    ratio = SequenceMatcher(None, claimed_words, reference_words, autojunk=False).ratio()
    kind = "paraphrase" if ratio >= PARAPHRASE_THRESHOLD else "different"
    changed = _changes(claimed_words, reference_words)
    detail = (
        f"word similarity {ratio:.2f}; changed: {changed}"
        if changed
        else f"word similarity {ratio:.2f}"
    )
    return QuoteComparison(kind, round(ratio, 2), detail)


def _matched_words(fragment: list[str], claimed: list[str]) -> int:
    """How many of ``fragment``'s words appear, in order, in ``claimed``."""
    matcher = SequenceMatcher(None, fragment, claimed, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


def _changes(claimed: list[str], reference: list[str], limit: int = 4) -> str:
    """The first few word substitutions, as ``'want' → 'wanted'``."""
    matcher = SequenceMatcher(None, reference, claimed, autojunk=False)
    changes: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        before = " ".join(reference[i1:i2]) or "—"
        after = " ".join(claimed[j1:j2]) or "—"
        changes.append(f"{before!r} → {after!r}")
    shown = ", ".join(changes[:limit])
    if len(changes) > limit:
        shown += f" (+{len(changes) - limit} more)"
    return shown
