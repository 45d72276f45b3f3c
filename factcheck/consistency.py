"""Consistency checks that SPARQL cannot express, and the derived triples the SPARQL rules need.

The SHACL-SPARQL rules live in ``ontology/shapes-consistency.ttl``. Three checks stay in Python,
each for a stated reason:

- **enrichment**: SPARQL cannot read files, so a source's ``fc:textFile`` is read into a derived
  ``fc:fullText`` literal before the quote rule runs (never written back);
- **quote wording** (rule ``quote-wording``): an attributed quote compared with the reference
  wording needs fuzzy word matching (``factcheck.quotes``), classed verbatim, paraphrase or
  different; a paraphrase or different wording is a finding about the article (info);
- **coverage** (rule ``coverage``): every figure, amount, percentage and date in a source text must
  fall inside some claim's or opinion's quote; enumerating regex spans with their positions is
  beyond SPARQL's REGEX, which only tests;
- **did you mean**: a dangling IRI found by the SPARQL rule gets the nearest known IRIs and labels
  (``difflib``) as a suggestion.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.term import Node

from factcheck.loader import FC, FCD, OA, FactSet, new_graph
from factcheck.quotes import compare
from factcheck.statements import index_statements, label

QUOTE_PROPERTIES = (FC.said, FC.postText)

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

_NAME_NUMBER = re.compile(r"(?:Model|Ultra|SU|iPhone|Series|No\.?)\s?$", re.IGNORECASE)
"""A number right after these words is part of a product name (Model 3, Speed Ultra 7)."""


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


def coverage_findings(facts: FactSet, graph: Graph) -> list[RuleFinding]:
    """Figures in an article's text that no claim or opinion quote covers."""
    findings: list[RuleFinding] = []
    texts = source_texts(facts)
    for doc, (path, text) in sorted(texts.items()):
        if graph.value(doc, FC.sourceKind) != FC.ArticleUnderReview:
            continue
        spans: list[tuple[int, int]] = []
        for node in graph.subjects(FC.source, doc):
            quote = graph.value(node, FC.quote)
            start = graph.value(quote, OA.start) if quote is not None else None
            end = graph.value(quote, OA.end) if quote is not None else None
            if isinstance(start, Literal) and isinstance(end, Literal):
                spans.append((int(start), int(end)))
        for match in FIGURE.finditer(text):
            figure = match.group(0).strip()
            if not any(ch.isdigit() for ch in figure):
                continue
            if _NAME_NUMBER.search(text[max(0, match.start() - 8) : match.start()]):
                continue
            if any(start <= match.start() and match.end() <= end for start, end in spans):
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


def quote_wording_findings(graph: Graph) -> list[RuleFinding]:
    """Attributed quotes in the article that differ from the reference wording."""
    index = index_statements(graph)
    findings: list[RuleFinding] = []
    for claim in index.claims():
        text = claim.text_value
        if claim.predicate not in QUOTE_PROPERTIES or text is None:
            continue
        references = [
            f
            for f in index.facts(claim.subject, claim.predicate)
            if f.text_value and (claim.claimant is None or f.claimant in (None, claim.claimant))
        ]
        if not references:
            continue
        comparison, fact = max(
            ((compare(text, f.text_value or ""), f) for f in references),
            key=lambda pair: pair[0].similarity,
        )
        if comparison.kind == "verbatim":
            continue
        findings.append(
            RuleFinding(
                rule="quote-wording",
                severity="info",
                focus=claim.node,
                path=RDF.object,
                value=fact.node,
                message=f"Quote attributed to {label(graph, claim.claimant or claim.subject)} is a "
                f"{comparison.kind} of the reference wording ({comparison.detail})",
                hint="quote the reference wording verbatim, or present the words as a paraphrase",
            )
        )
    return findings


def suggest(graph: Graph, missing: URIRef, limit: int = 3) -> list[str]:
    """Known data IRIs (as ``fcd:name``) and labels closest to a dangling IRI."""
    name = str(missing).removeprefix(str(FCD))
    known: dict[str, str] = {}
    for subject in set(graph.subjects(RDF.type, None)):
        if isinstance(subject, URIRef) and str(subject).startswith(str(FCD)):
            local = str(subject).removeprefix(str(FCD))
            known[local.lower()] = f"fcd:{local}"
            text = graph.value(subject, RDFS.label)
            if text is not None:
                known[str(text).lower().replace(" ", "")] = f"fcd:{local}"
    matches = difflib.get_close_matches(name.lower(), list(known), n=limit * 2, cutoff=0.6)
    suggestions: list[str] = []
    for match in matches:
        if known[match] not in suggestions:
            suggestions.append(known[match])
    return suggestions[:limit]


def python_findings(facts: FactSet, graph: Graph) -> list[RuleFinding]:
    """All Python-side consistency findings for the enriched data graph."""
    return [*quote_wording_findings(graph), *coverage_findings(facts, graph)]
