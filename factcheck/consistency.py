"""Consistency checks that SPARQL cannot express, and the derived triples the SPARQL rules need.

The SHACL-SPARQL rules live in ``ontology/shapes-consistency.ttl``. A few checks stay in Python,
each for a stated reason:

- **enrichment**: SPARQL cannot read files, so a source's ``fc:textFile`` is read into a derived
  ``fc:fullText`` literal before the quote rule runs (never written back);
- **quote wording** (rule ``quote-wording``): an attributed quote compared with the reference
  wording needs fuzzy word matching (``factcheck.quotes``), classed verbatim, paraphrase or
  different; a paraphrase or different wording is a finding about the article (info);
- **quote number** (rule ``quote-number``): a statement's value must be a number written in its
  own quote; reading "4.27 million", "$252M" or "a third" needs ``factcheck.numbers``, beyond
  SPARQL's REGEX. A warning, and only when the quote writes a figure and none of them is the value;
- **coverage** (rule ``coverage``): every figure, amount, percentage and date in a source text must
  fall inside some claim's or opinion's quote (a number inside a name the facts give, such as an
  entity labelled "Model 3", or a small number after a capitalised word within a sentence, is
  not a figure); enumerating regex spans with their positions is
  beyond SPARQL's REGEX, which only tests;
- **derivation** (rule ``derivation``): a derived reference fact is recomputed from its ordered
  operand list with interval arithmetic over their precision (``factcheck.derivations``);
- **did you mean**: a dangling IRI found by the SPARQL rule gets the nearest known IRIs and labels
  (``difflib``) as a suggestion.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.term import Node

from factcheck.loader import FC, FCD, FactSet, new_graph
from factcheck.numbers import WrittenNumber, matches, numbers_in, show
from factcheck.quotes import QuoteComparison, compare
from factcheck.resources import load_query

if TYPE_CHECKING:
    from factcheck.validation.memo import Memo

FIGURE = re.compile(
    r"""
    (?<![\w.])                                  # not inside a word or a number
    (?:
        (?:[$€£¥]|US\$|RMB\s?|USD\s?|CNY\s?)?    # currency before
        \d{1,3}(?:,\d{3})+(?:\.\d+)?             # 100,000 / 1,234.5
      | (?:[$€£¥]|US\$|RMB\s?|USD\s?|CNY\s?)?\d+(?:\.\d+)?
    )
    (?:\s?(?:%|percent|per\s?cent|million|billion|bn|m|k|days?|units?|years?))?
    (?![\w])
    """,
    re.VERBOSE | re.IGNORECASE,
)
"""Figures, amounts, percentages and years in running text."""

_NUMBER_SIGN = re.compile(r"\bNo\.?\s?$", re.IGNORECASE)
"""A number right after "No." is a label ("No. 1"), not a figure."""


@dataclass(frozen=True)
class RuleFinding:
    """A finding from a Python-side consistency rule, in the shape ``validate`` reports."""

    rule: str
    severity: str
    focus: URIRef
    message: str
    hint: str
    path: URIRef | None = None
    value: Node | None = None
    file: Path | None = None
    line: int | None = None
    col: int | None = None


def source_texts(facts: FactSet) -> dict[URIRef, tuple[Path, str]]:
    """Every source document with a readable ``fc:textFile``: its path and text."""
    texts: dict[URIRef, tuple[Path, str]] = {}
    for file, graph in facts.graphs.items():
        for doc, name in graph.subject_objects(FC.textFile):
            if not isinstance(doc, URIRef) or doc in texts:
                continue
            path = facts.resolve(str(name), near=file)
            if path is None:
                continue
            try:
                texts[doc] = (path, path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                continue
    return texts


def enrich(facts: FactSet) -> Graph:
    """Derived triples for the SPARQL rules: each source's ``fc:fullText``."""
    graph = new_graph()
    for doc, (_path, text) in source_texts(facts).items():
        graph.add((doc, FC.fullText, Literal(text)))
    return graph


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


Rows = list[dict[str, Node]]
Query = Callable[[str], Rows]
"""Runs SPARQL text and returns rows of variable → term; lets the checks run on any engine."""


def rdflib_query(graph: Graph) -> Query:
    """A ``Query`` over an rdflib graph."""

    def run(text: str) -> Rows:
        return [
            {str(k): v for k, v in row.asdict().items()}  # type: ignore[union-attr]
            for row in graph.query(text)
        ]

    return run


def _int(node: Node | str | None) -> int | None:
    try:
        return int(str(node)) if node is not None else None
    except ValueError:
        return None


class _Spans:
    """Quote spans of one article, to ask whether a span lies inside any of them."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts: list[int] = []
        self.reach: list[int] = []  # the furthest end among spans starting at or before
        furthest = -1
        for start, end in sorted(spans):
            furthest = max(furthest, end)
            self.starts.append(start)
            self.reach.append(furthest)

    def cover(self, start: int, end: int) -> bool:
        import bisect

        i = bisect.bisect_right(self.starts, start) - 1
        return i >= 0 and self.reach[i] >= end


def coverage_findings(
    query: Query, texts: Mapping[URIRef, tuple[Path, str]], memo: Memo | None = None
) -> list[RuleFinding]:
    """Figures in an article's text that no claim or opinion quote covers (``memo``: keep each
    article's findings by its text, quote spans and the numbered names)."""
    spans: dict[URIRef, list[tuple[int, int]]] = {}
    articles: set[URIRef] = set()
    for row in query(load_query("article-quote-spans")):
        doc = row.get("doc")
        if not isinstance(doc, URIRef):
            continue
        articles.add(doc)
        for span in str(row.get("spans") or "").split():
            start, _, end = span.partition(":")
            first, last = _int(start), _int(end)
            if first is not None and last is not None:
                spans.setdefault(doc, []).append((first, last))
    findings: list[RuleFinding] = []
    names: list[str] | None = None
    token: object = None
    for doc in sorted(articles):
        if doc not in texts:
            continue
        path, text = texts[doc]
        if names is None:
            names = sorted({str(row["name"]) for row in query(load_query("numbered-names"))})
            if memo is not None:
                token = memo.pure(("numbered-names", tuple(names)), object)
        if memo is None:
            findings.extend(_uncovered(doc, path, text, spans.get(doc, []), names))
        else:
            key = ("coverage", doc, path, text, tuple(sorted(spans.get(doc, []))), token)
            found = memo.pure(key, partial(_uncovered, doc, path, text, spans.get(doc, []), names))
            findings.extend(found)
    return findings


def _uncovered(
    doc: URIRef, path: Path, text: str, spans: list[tuple[int, int]], names: list[str]
) -> list[RuleFinding]:
    """One article's figures that no quote span covers."""
    findings: list[RuleFinding] = []
    covered = _Spans(spans)
    named = _Spans(_name_spans(text, names))
    for match in FIGURE.finditer(text):
        figure = match.group(0).strip()
        if not any(ch.isdigit() for ch in figure):
            continue
        if _NUMBER_SIGN.search(text[max(0, match.start() - 4) : match.start()]):
            continue
        if _after_a_name(text, match.start(), figure):
            continue
        if covered.cover(match.start(), match.end()) or named.cover(match.start(), match.end()):
            continue
        line, col = _line_col(text, match.start())
        findings.append(
            RuleFinding(
                rule="coverage",
                severity="warning",
                focus=doc,
                path=FC.textFile,
                value=Literal(figure),
                message=f"“{figure}” at characters {match.start()}–{match.end()} of "
                f"{path.name} is not covered by any claim's quote",
                hint="add an fc:ArticleClaim (or fc:Opinion) whose quote includes this figure",
                file=path,
                line=line,
                col=col,
            )
        )
    return findings


def _after_a_name(text: str, start: int, figure: str) -> bool:
    """A small bare number after a capitalised word inside a sentence is part of a name
    ("the Model 3", "Speed Ultra 7"), unless the word is a month or a quantifier."""
    from factcheck.figures import _APPROX, _LESS, _MONTHS, _MORE

    if not re.fullmatch(r"\d{1,3}", figure):
        return False
    before = text[max(0, start - 40) : start]
    found = re.search(r"(\S+)\s$", before)
    if found is None:
        return False
    word = found.group(1).strip("“”\"'(")
    if not word[:1].isupper() or word.rstrip(".").lower() in _MONTHS:
        return False
    if re.fullmatch(f"{_APPROX}|{_MORE}|{_LESS}", word.lower()):
        return False
    earlier = before[: found.start()].rstrip()
    return bool(earlier) and earlier[-1] not in ".!?:\n"


def _name_spans(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    """Where the names with digits in them ("Model 3") occur in ``text``, case-insensitively."""
    spans: list[tuple[int, int]] = []
    lowered = text.lower()
    for name in names:
        needle = name.lower()
        start = lowered.find(needle)
        while start >= 0 and needle:
            spans.append((start, start + len(needle)))
            start = lowered.find(needle, start + 1)
    return spans


def quote_wording_findings(query: Query) -> list[RuleFinding]:
    """Attributed quotes in the article that differ from the reference wording."""
    best: dict[URIRef, tuple[QuoteComparison, URIRef, str]] = {}
    for row in query(load_query("quote-wording-pairs")):
        claim, fact = row.get("claim"), row.get("fact")
        if not isinstance(claim, URIRef) or not isinstance(fact, URIRef):
            continue
        comparison = compare(str(row.get("claimed", "")), str(row.get("reference", "")))
        if claim not in best or comparison.similarity > best[claim][0].similarity:
            best[claim] = (comparison, fact, str(row.get("speaker", "")))
    findings: list[RuleFinding] = []
    for claim, (comparison, fact, speaker) in sorted(best.items()):
        if comparison.kind == "verbatim":
            continue
        findings.append(
            RuleFinding(
                rule="quote-wording",
                severity="info",
                focus=claim,
                path=RDF.object,
                value=fact,
                message=f"Quote attributed to {speaker} is a {comparison.kind} of the reference "
                f"wording ({comparison.detail})",
                hint="quote the reference wording verbatim, or present the words as a paraphrase",
            )
        )
    return findings


def _is_percent(unit: Node | None) -> bool:
    return unit is not None and _percent_name(str(unit))


@functools.lru_cache(maxsize=256)  # a few unit IRIs, asked once per statement
def _percent_name(unit: str) -> bool:
    return re.split(r"[#/]", unit)[-1].lower() == "percent"


def quote_number_findings(query: Query, memo: Memo | None = None) -> list[RuleFinding]:
    """Statements whose value is none of the numbers written in their own quote (``memo``:
    keep each statement's result by its value and quotes)."""
    values: dict[URIRef, tuple[Literal, bool]] = {}
    quotes: dict[URIRef, list[str]] = {}
    for row in query(load_query("quote-numbers")):
        claim, value = row.get("claim"), row.get("value")
        if not isinstance(claim, URIRef) or not isinstance(value, Literal):
            continue
        values.setdefault(claim, (value, _is_percent(row.get("unit"))))
        quotes.setdefault(claim, []).append(str(row.get("exact", "")))
    findings: list[RuleFinding] = []
    for claim, (literal, percent) in sorted(values.items()):
        if memo is None:
            found = _quote_number(claim, literal, percent, quotes[claim])
        else:
            key = ("quote-number", claim, literal, literal.datatype, literal.language, percent,
                   tuple(quotes[claim]))  # fmt: skip
            found = memo.pure(key, partial(_quote_number, claim, literal, percent, quotes[claim]))
        if found is not None:
            findings.append(found)
    return findings


def _quote_number(
    claim: URIRef, literal: Literal, percent: bool, quotes: list[str]
) -> RuleFinding | None:
    """The finding for one statement, if its value is none of its quote's numbers."""
    try:
        figure = float(str(literal))
    except (TypeError, ValueError):
        return None
    written: list[WrittenNumber] = [n for q in quotes for n in numbers_in(q)]
    if any(matches(figure, n, percent_unit=percent) for n in written):
        return None
    figures = [n for n in written if not n.incidental]
    if not figures:
        return None  # the quote writes no figure (or only years and dates): nothing to compare
    shown = ", ".join(f"“{n.text}”" for n in figures)
    return RuleFinding(
        rule="quote-number",
        severity="warning",
        focus=claim,
        path=RDF.object,
        value=literal,
        message=f"The value {show(figure)} is not a number written in the claim's own "
        f"quote, which writes {shown}",
        hint="store the figure the quote writes (scaled: “4.27 million” is 4270000), "
        "or quote the passage that states this value",
    )


def known_names(rows: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """Typed data IRIs by lower-cased local name and label, for ``suggest``; ``rows`` are
    ``(IRI, label or None)`` from the ``known-names`` query."""
    known: dict[str, str] = {}
    for node, label in rows:
        local = node.removeprefix(str(FCD))
        known.setdefault(local.lower(), f"fcd:{local}")
        if label is not None:
            known.setdefault(label.lower().replace(" ", ""), f"fcd:{local}")
    return known


def suggest(known: Mapping[str, str], missing: URIRef, limit: int = 3) -> list[str]:
    """Known data IRIs (as ``fcd:name``) whose name or label is closest to a dangling IRI;
    ``known`` comes from ``known_names``, computed once per run."""
    from rapidfuzz import fuzz, process

    name = _local(str(missing))
    # difflib's ratio (matching blocks) never exceeds the Indel ratio (longest common
    # subsequence), so rapidfuzz's C++ scan keeps every name difflib would accept at 0.6 and
    # difflib then ranks the few left exactly as before (at 1M triples: 200k names).
    survivors = [
        choice
        for choice, _score, _index in process.extract(
            name, list(known), scorer=fuzz.ratio, score_cutoff=_CUTOFF, limit=None
        )
    ]
    matches = difflib.get_close_matches(name, sorted(survivors), n=limit * 2, cutoff=0.6)
    return list(dict.fromkeys(known[m] for m in matches))[:limit]


_CUTOFF = 59.9
"""``suggest``'s rapidfuzz score cutoff: every name difflib would accept at 0.6 scores above."""


class Suggestions:
    """``suggest``, kept per dangling IRI across runs of a long-lived process. When the known
    names change, a kept suggestion stands unless a name added, removed or pointed elsewhere
    would pass ``suggest``'s first cut for that IRI: the names that pass it are all that
    ``suggest`` ranks, so the suggestion is then the same."""

    def __init__(self) -> None:
        self._known: Mapping[str, str] | None = None
        self._found: dict[str, list[str]] = {}

    def get(self, known: Mapping[str, str], missing: URIRef) -> list[str]:
        from rapidfuzz import fuzz, process

        if known is not self._known:
            if self._known is not None and self._found:
                # names added, removed or pointed elsewhere (set operations in C: 200k names)
                changed = list({name for name, _iri in self._known.items() ^ known.items()})
                self._found = {
                    iri: found
                    for iri, found in self._found.items()
                    if not changed
                    or process.extractOne(
                        _local(iri), changed, scorer=fuzz.ratio, score_cutoff=_CUTOFF
                    )
                    is None
                }
            else:
                self._found = {}
            self._known = known
        key = str(missing)
        if key not in self._found:
            self._found[key] = suggest(known, missing)
        return self._found[key]


def _local(missing: str) -> str:
    return missing.removeprefix(str(FCD)).lower()


def derivation_findings(query: Query) -> list[RuleFinding]:
    """Derived reference facts whose figure their own derivation does not reproduce."""
    from factcheck.derivations import mismatches

    return [
        RuleFinding(
            rule="derivation",
            severity="violation",
            focus=fact,
            path=FC.derivation,
            message=message,
            hint=hint,
        )
        for fact, message, hint in mismatches(query(load_query("derivations")))
    ]


PYTHON_QUERIES = ("quote-wording-pairs", "quote-numbers", "article-quote-spans", "derivations")
"""The queries ``python_findings`` runs (``factcheck/queries``): a caller may start them early."""


def _kept(
    memo: Memo, query: Query, name: str, check: Callable[[Query], list[RuleFinding]]
) -> list[RuleFinding]:
    """``check``, which reads the rows of query ``name`` alone, kept while those rows are."""
    rows = query(load_query(name))
    found: list[RuleFinding] = memo.same_inputs(
        ("check", name), (rows,), lambda: check(lambda _: rows)
    )
    return found


def python_findings(
    query: Query, texts: Mapping[URIRef, tuple[Path, str]], memo: Memo | None = None
) -> list[RuleFinding]:
    """All Python-side consistency findings: quote wording, quote numbers, coverage, then
    derivations (``memo``: keep results between runs of a long-lived process)."""
    if memo is not None:
        return [
            *_kept(memo, query, "quote-wording-pairs", quote_wording_findings),
            *_kept(memo, query, "quote-numbers", lambda q: quote_number_findings(q, memo)),
            *coverage_findings(query, texts, memo),
            *_kept(memo, query, "derivations", derivation_findings),
        ]
    return [
        *quote_wording_findings(query),
        *quote_number_findings(query),
        *coverage_findings(query, texts),
        *derivation_findings(query),
    ]
