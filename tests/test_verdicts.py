"""Verdicts on the bundled Xiaomi facts: every claim's rating and the reasoning issue 3 asks for."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from factcheck.kb import load_kb
from factcheck.loader import FCD
from factcheck.verdicts import Verdict, compute_verdicts
from tests import xiaomi

EXPECTED = {
    "claim-su7-100k-units": "supported",
    "claim-headline-230-days": "supported",
    "claim-su7-230-days": "supported",
    "claim-leijun-ceo": "supported",
    "claim-leijun-posted": "supported",
    "claim-post-on-x": "supported",
    "claim-post-photo": "unverifiable",
    "claim-post-caption": "misquoted",
    "claim-musk-ceo": "supported",
    "claim-musk-2018": "supported",
    "claim-musk-cbs": "supported",
    "claim-musk-interviewee": "supported",
    "claim-musk-floor-reason": "unverifiable",
    "claim-musk-quote": "misquoted",
    "claim-xiaomi-smartphones": "supported",
    "claim-su7-name": "supported",
    "claim-su7-debut": "supported",
    "claim-launched-su7": "supported",
    "claim-launched-su7-pro": "supported",
    "claim-launched-su7-max": "supported",
    "claim-launched-su7-ultra": "misleading",
    "claim-ultra-most-powerful": "unverifiable",
    "claim-ultra-engine": "misleading",
    "claim-byd-growing": "unverifiable",
    "claim-gac-aion-growing": "unverifiable",
    "claim-changan-growing": "unverifiable",
    "claim-ev-loss-q2": "supported",
    "claim-loss-per-su7": "misleading",
}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return load_kb(xiaomi.TTL).graph  # the Xiaomi story's facts only


@pytest.fixture(scope="module")
def verdicts(graph: Graph) -> dict[URIRef, Verdict]:
    return compute_verdicts(graph)


def verdict(verdicts: dict[URIRef, Verdict], name: str) -> Verdict:
    return verdicts[FCD[name]]


def test_every_article_claim_gets_the_expected_verdict(verdicts: dict[URIRef, Verdict]) -> None:
    got = {str(claim).removeprefix(str(FCD)): v.rating for claim, v in verdicts.items()}
    assert got == EXPECTED


def test_230_days_is_supported_from_the_launch_and_milestone_dates(
    verdicts: dict[URIRef, Verdict],
) -> None:
    v = verdict(verdicts, "claim-su7-230-days")
    assert v.rating == "supported"
    assert v.rule == "elapsed-time"
    assert "28 Mar 2024 (Asia/Shanghai) → 13 Nov 2024 (Asia/Shanghai) = 230 days" in v.reasoning
    assert v.evidence == (FCD["ref-su7-launch-date"], FCD["ref-milestone-date"])


def test_252_million_is_supported_through_the_dated_exchange_rate(
    verdicts: dict[URIRef, Verdict],
) -> None:
    v = verdict(verdicts, "claim-ev-loss-q2")
    assert v.rating == "supported"
    steps = "\n".join(v.reasoning)
    # Reuters states the rate, $1 = 7.1330 yuan (issue 18; it was implied as about 7.13).
    assert "CNY 1,800,000,000 ÷ 7.1330 CNY/USD" in steps
    assert "= USD 252.3 M" in steps
    assert "difference 348,241 within the stated precision (claim ±500,000" in steps
    assert FCD["ref-cny-usd-q2"] in v.evidence
    assert FCD["ref-segment-loss-q2"] in v.evidence


def test_9200_per_car_is_misleading_although_the_arithmetic_holds(
    verdicts: dict[URIRef, Verdict],
) -> None:
    v = verdict(verdicts, "claim-loss-per-su7")
    assert v.rating == "misleading"
    steps = "\n".join(v.reasoning)
    assert "÷ 27,307 = USD 9,228 per vehicle → holds for about USD 9,200" in steps
    assert "a segment wider than Xiaomi SU7" in steps
    assert "gross margin was positive (15.4 %)" in steps
    assert "the segment's gross margin was positive (15.4 %)" in v.summary
    assert FCD["ref-su7-deliveries-q2"] in v.evidence
    assert FCD["ref-segment-gross-margin-q2"] in v.evidence


def test_musk_quote_is_a_paraphrase_of_the_reference_wording(
    verdicts: dict[URIRef, Verdict],
) -> None:
    v = verdict(verdicts, "claim-musk-quote")
    assert v.rating == "misquoted"
    assert v.summary == "Presented as Elon Musk's words, but it paraphrases the reference wording."
    assert any(
        step.startswith("comparison: paraphrase (word similarity 0.60") for step in v.reasoning
    )
    assert v.evidence == (FCD["ref-musk-quote"],)


def test_engine_performance_is_misleading_for_an_electric_car(
    verdicts: dict[URIRef, Verdict],
) -> None:
    v = verdict(verdicts, "claim-ultra-engine")
    assert v.rating == "misleading"
    assert v.rule == "wording-engine"
    assert "has no engine" in v.summary
    assert set(v.evidence) == {FCD["ref-ultra-no-engine"], FCD["ref-ultra-powertrain"]}


@pytest.mark.parametrize(
    "name", ["claim-byd-growing", "claim-gac-aion-growing", "claim-changan-growing"]
)
def test_competitor_growth_is_unverifiable(verdicts: dict[URIRef, Verdict], name: str) -> None:
    v = verdict(verdicts, name)
    assert v.rating == "unverifiable"
    assert v.rule == "no-evidence"
    assert v.evidence == ()


def test_2018_confession_is_supported_at_year_granularity(verdicts: dict[URIRef, Verdict]) -> None:
    v = verdict(verdicts, "claim-musk-2018")
    assert v.rating == "supported"
    assert v.summary == "13 Apr 2018 (America/New_York) falls within the claimed 2018."


def test_ultra_was_unveiled_not_launched(verdicts: dict[URIRef, Verdict]) -> None:
    v = verdict(verdicts, "claim-launched-su7-ultra")
    assert v.rating == "misleading"
    assert "not expected on sale until Q1 2025" in v.summary


def test_verdicts_are_computed_not_read_from_fact_files(graph: Graph) -> None:
    from factcheck.loader import FC
    from factcheck.resources import bundled_facts_dir

    facts = Graph()
    for path in sorted(bundled_facts_dir().glob("*.ttl")):
        facts.parse(path)
    assert not list(facts.triples((None, FC.verdict, None)))
    assert not list(facts.triples((None, FC.rating, None)))
    assert len(list(graph.triples((None, FC.verdict, None)))) == len(EXPECTED)
