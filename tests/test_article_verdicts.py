"""Issue 14: the computed verdicts on five real articles agree with a careful fact-checker.

The expected ratings are in ``tests/data/article-verdicts/*.csv`` (one file per article, from
``../shared/sources/articles/``); ``benchmarks/articles.py`` scores them; every disagreement is
listed with its reason in ``benchmarks/ARTICLES.md``, and this test keeps that list honest.
"""

from __future__ import annotations

import re
from functools import cache

from tests.conftest import BENCHMARKS, benchmark_module

articles = benchmark_module("articles")

ARTICLES = {
    "01-byd-2022-11": 10,
    "02-idc-q4-2017": 8,
    "04-china-population-2022": 8,
    "06-heathrow-2015": 8,
    "07-china-solar-2023": 8,
}


@cache
def rows() -> tuple[object, ...]:
    return tuple(articles.score())


def test_issue_14_five_articles_and_their_42_claims_have_expected_verdicts() -> None:
    counts: dict[str, int] = {}
    for row in articles.expected_rows():
        counts[row["article"]] = counts.get(row["article"], 0) + 1
    assert counts == ARTICLES
    scale = {"supported", "contradicted", "misleading", "misquoted", "disputed", "unverifiable"}
    for row in articles.expected_rows():
        assert set(row["expected"].split("|")) <= scale, row
        assert row["nodes"].split(), row


def test_issue_14_every_claim_node_exists_and_gets_a_verdict() -> None:
    missing = [
        (r.article, r.claim, n) for r in rows() for n, rating in r.per_node if rating == "missing"
    ]
    assert missing == []


def test_issue_14_computed_verdicts_agree_on_at_least_90_percent() -> None:
    all_rows = rows()
    agree = sum(r.agrees for r in all_rows)
    assert agree / len(all_rows) >= 0.9, articles.table(list(all_rows))


def listed_disagreements() -> set[tuple[str, str]]:
    """(article, claim) pairs in the disagreements table of ``benchmarks/ARTICLES.md``."""
    text = (BENCHMARKS / "ARTICLES.md").read_text(encoding="utf-8")
    section = text.split("## Disagreements", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| (\d\d-[\w-]+) \| (C\w+) \|", section, flags=re.MULTILINE))


def test_issue_14_every_disagreement_is_listed_with_its_reason() -> None:
    computed = {(r.article, r.claim) for r in rows() if not r.agrees}
    assert listed_disagreements() == computed, articles.table(list(rows()))
