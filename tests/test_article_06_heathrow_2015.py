"""Planted errors in article 06 (Heathrow 2015, AirLive), each caught on the right node.

Issue 14: every kind of planted error (a value, a period, a unit, the base of a percentage, a
source removed, a quote altered, the order of dates) is caught by ``validate`` (rule and focus
node) or by a verdict change (claim node and rating). Each edit is made on a copy.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.loader import FC, FCD, QUDT, UNIT
from tests.planted import (
    Case,
    Outcome,
    alter_quote,
    assert_no_quote_or_source_findings,
    chain,
    check_case,
    clean_fixture,
    drop_sources,
    params,
    set_number,
    set_property,
)

ARTICLE = "06-heathrow-2015"


clean = clean_fixture(ARTICLE)


CASES = [
    Case(
        "value: the growth rate is 3.2% instead of 2.2%",
        set_number("claim-heathrow-up-2-2", 3.2),
        None,
        {"claim-heathrow-up-2-2": "contradicted"},
    ),
    Case(
        "period: the cargo figure is for 2014",
        set_property("claim-heathrow-cargo", FC.period, FCD.Year2014),
        None,
        {"claim-heathrow-cargo": "unverifiable"},
    ),
    Case(
        "unit: the cargo is counted in kilograms",
        set_property("claim-heathrow-cargo", QUDT.unit, UNIT.KiloGM, on_value=True),
        None,
        {"claim-heathrow-cargo": "unverifiable"},
    ),
    Case(
        "base of a percentage: the seats' growth is measured on 2013",
        set_property("claim-heathrow-seats-up-2-1", FC.basePeriod, FCD.Year2013),
        None,
        {"claim-heathrow-seats-up-2-1": "unverifiable"},
    ),
    Case(
        "source removed: the cargo reference cites nothing",
        drop_sources("ref-heathrow-cargo-2015"),
        ("sh:MinCountConstraintComponent", "fcd:ref-heathrow-cargo-2015"),
        {},
    ),
    Case(
        "quote altered: the final figure is quoted as 74.99m",
        alter_quote("claim-heathrow-74-59m", "The final figure, 74.99m"),
        ("quote-in-source", "fcd:claim-heathrow-74-59m"),
        {},
    ),
    Case(
        "order of dates: 2014 is measured over 2015",
        chain(
            set_property("claim-heathrow-up-2-2", FC.period, FCD.Year2014),
            set_property("claim-heathrow-up-2-2", FC.basePeriod, FCD.Year2015),
        ),
        None,
        {"claim-heathrow-up-2-2": "contradicted"},
    ),
    Case(
        "sources that disagree: the implied 2015 total raised to 76.0 million",
        set_number("ref-heathrow-passengers-2015-implied", 76000000),
        verdicts={"claim-heathrow-74-59m": "disputed", "claim-heathrow-almost-75m": "disputed"},
    ),
    Case(
        "value: 72.0 million passengers in 2014, so 2014 plus 2.2% is no longer 75.0 million",
        set_number("ref-heathrow-passengers-2014", 72000000),
        finding=("derivation", "fcd:ref-heathrow-passengers-2015-implied"),
    ),
]


@pytest.mark.parametrize("case", params(CASES))
def test_planted_error_is_caught(tmp_path: Path, clean: Outcome, case: Case) -> None:
    check_case(ARTICLE, tmp_path, clean, case)


def test_the_clean_article_has_no_quote_or_source_findings(clean: Outcome) -> None:
    assert_no_quote_or_source_findings(clean)


def test_sources_that_agree_within_their_precision_are_not_disputed(clean: Outcome) -> None:
    """'Nearly 75 million' admits 74.59 million, but it agrees with the implied 75.0 million
    (73.4 million × 1.022), which does not: the claim misses the sharper figure."""
    assert clean.verdicts["claim-heathrow-74-59m"] == "contradicted"
    assert clean.verdicts["claim-heathrow-almost-75m"] == "supported"
