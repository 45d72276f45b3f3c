"""Verdict rules for the claim kinds, on made-up fixtures: every kind's exact verdict.

``tests/fixtures/kinds/examples.ttl`` holds one claim per kind (all supported; the README shows
them); ``cases.ttl`` holds the claims each rule must reject or qualify.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from factcheck.kb import load_kb
from factcheck.loader import FCD
from factcheck.verdicts import SEVERITY, Verdict, combine, compute_verdicts

KINDS = Path(__file__).parent / "fixtures" / "kinds"
CALENDAR = Path(__file__).parent.parent / "facts" / "calendar.ttl"

EXAMPLES = {
    "claim-example-figure": ("supported", "quantity"),
    "claim-example-change": ("supported", "change"),
    "claim-example-comparison": ("supported", "comparison"),
    "claim-example-slightly-behind": ("supported", "comparison"),
    "claim-example-ranking": ("supported", "ranking"),
    "claim-example-record": ("supported", "record"),
    "claim-example-share": ("supported", "share"),
    "claim-example-aggregate": ("supported", "aggregate"),
    "claim-example-rate": ("supported", "quantity"),
}

CASES = {
    "case-change-wrong": ("contradicted", "change"),
    "case-change-no-base": ("unverifiable", "change"),
    "case-change-wrong-period": ("unverifiable", "change"),
    "case-change-almost-tripled": ("supported", "change"),
    "case-change-absolute": ("supported", "change"),
    "case-comparison-wrong-base": ("misleading", "comparison"),
    "case-comparison-wrong": ("contradicted", "comparison"),
    "case-comparison-difference": ("supported", "comparison"),
    "case-tops-wrong": ("contradicted", "comparison"),
    "case-slightly-wrong": ("contradicted", "comparison"),
    "case-overtook-wrong": ("contradicted", "comparison"),
    "case-ranking-wrong": ("contradicted", "ranking"),
    "case-record-wrong": ("contradicted", "record"),
    "case-first-time-wrong": ("contradicted", "record"),
    "case-first-time-window": ("supported", "record"),
    "case-share-wrong": ("contradicted", "share"),
    "case-share-unlike": ("misleading", "share"),
    "case-aggregate-wrong": ("contradicted", "aggregate"),
    "case-rate-denominator": ("misleading", "like-for-like"),
    "case-figure-measure": ("misleading", "like-for-like"),
    "case-figure-confused": ("misleading", "like-for-like"),
    "case-figure-revised": ("supported", "quantity"),
    "case-figure-disputed": ("disputed", "quantity"),
    "case-figure-own-article": ("unverifiable", "no-evidence"),
    "case-figure-wrong-period": ("unverifiable", "no-evidence"),
    "case-figure-almost-wrong": ("contradicted", "quantity"),
    "case-figure-almost-right": ("supported", "quantity"),
    "case-figure-almost-above": ("contradicted", "quantity"),
    "case-figure-more-than": ("supported", "quantity"),
}


@pytest.fixture(scope="module")
def verdicts() -> dict[URIRef, Verdict]:
    kb = load_kb([KINDS / "examples.ttl", KINDS / "cases.ttl", CALENDAR], with_verdicts=False)
    return compute_verdicts(kb.graph)


def steps(verdicts: dict[URIRef, Verdict], name: str) -> str:
    return "\n".join(verdicts[FCD[name]].reasoning)


@pytest.mark.parametrize(("name", "expected"), sorted({**EXAMPLES, **CASES}.items()))
def test_each_kind_gets_its_exact_verdict(
    verdicts: dict[URIRef, Verdict], name: str, expected: tuple[str, str]
) -> None:
    v = verdicts[FCD[name]]
    assert (v.rating, v.rule) == expected, v.summary


def test_every_claim_in_the_fixtures_is_listed(verdicts: dict[URIRef, Verdict]) -> None:
    names = {str(c).removeprefix(str(FCD)) for c in verdicts}
    assert names == set(EXAMPLES) | set(CASES)


def test_change_names_its_base_and_writes_the_arithmetic(verdicts: dict[URIRef, Verdict]) -> None:
    text = steps(verdicts, "claim-example-change")
    assert (
        "relative change on the base 2022: (1,120,000 − 1,000,000) ÷ 1,000,000 × 100 = 12 %" in text
    )
    assert verdicts[FCD["claim-example-change"]].evidence == (
        FCD["ref-example-2023"],
        FCD["ref-example-2022"],
    )


def test_a_percentage_on_the_wrong_base_shows_both_bases(verdicts: dict[URIRef, Verdict]) -> None:
    v = verdicts[FCD["case-comparison-wrong-base"]]
    assert "-30 % against Other Motors" in v.summary
    assert "42.9 % is the gap measured on Example Motors" in v.summary
    text = steps(verdicts, "case-comparison-wrong-base")
    assert "(1,120,000 − 1,600,000) ÷ 1,600,000 × 100 = -30 %" in text
    assert "(1,600,000 − 1,120,000) ÷ 1,120,000 × 100 = 42.9 %" in text


def test_almost_means_just_under(verdicts: dict[URIRef, Verdict]) -> None:
    assert "almost 1,200,000 vehicles" in steps(verdicts, "case-figure-almost-wrong")
    # 1,120,000 is above "almost 1,100,000": almost never means more
    assert verdicts[FCD["case-figure-almost-above"]].rating == "contradicted"


def test_a_wrong_measure_is_named(verdicts: dict[URIRef, Verdict]) -> None:
    assert "counts wholesale, not retail" in verdicts[FCD["case-figure-measure"]].summary
    assert "per 1,000 people, not per 1,000 women" in verdicts[FCD["case-rate-denominator"]].summary
    assert "revenue, not its operating profit" in verdicts[FCD["case-figure-confused"]].summary
    assert "7.1 %" in verdicts[FCD["case-share-unlike"]].summary


def test_a_later_revision_is_noted_not_held_against_the_claim(
    verdicts: dict[URIRef, Verdict],
) -> None:
    v = verdicts[FCD["case-figure-revised"]]
    assert "later revised to 10,100,000 people" in v.summary
    assert FCD["ref-exampleland-population-final"] in v.evidence


def test_disagreeing_sources_are_both_named(verdicts: dict[URIRef, Verdict]) -> None:
    summary = verdicts[FCD["case-figure-disputed"]].summary
    assert "Example registry match the claim, Other registry do not" in summary


def test_the_article_is_never_evidence_for_itself(verdicts: dict[URIRef, Verdict]) -> None:
    v = verdicts[FCD["case-figure-own-article"]]
    assert "cites the article under review" in v.summary
    assert v.evidence == ()


def test_unverifiable_names_the_period_that_did_not_match(
    verdicts: dict[URIRef, Verdict],
) -> None:
    summary = verdicts[FCD["case-figure-wrong-period"]].summary
    assert "7 reference fact(s) state “vehicle sales” for Example Motors" in summary
    assert "not for 2020" in summary
    assert "not for 2019" in verdicts[FCD["case-change-wrong-period"]].summary


def test_first_time_names_the_earlier_case(verdicts: dict[URIRef, Verdict]) -> None:
    assert verdicts[FCD["case-first-time-wrong"]].summary == (
        "Not the first time: it also happened in 2021."
    )


def test_combine_takes_the_most_severe() -> None:
    assert combine(["supported", "misleading", "unverifiable"]) == "misleading"
    assert combine(["supported", "supported"]) == "supported"
    assert combine(["disputed", "contradicted"]) == "contradicted"
    assert combine([]) == "unverifiable"
    assert SEVERITY[0] == "contradicted"
    with pytest.raises(ValueError, match="unknown rating"):
        combine(["true"])
