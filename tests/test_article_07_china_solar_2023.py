"""Planted errors in article 07 (China solar 2023, REVE / evwind.es), each caught on the right node.

Issue 14: every kind of planted error (a value, a period, a unit, the base of a percentage, a
source removed, a quote altered, the order of dates) is caught by ``validate`` (rule and focus
node) or by a verdict change (claim node and rating). Each edit is made on a copy.
"""

from __future__ import annotations

from decimal import Decimal
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
    day,
    drop_sources,
    params,
    reverse_operands,
    set_number,
    set_property,
)

ARTICLE = "07-china-solar-2023"


clean = clean_fixture(ARTICLE)


CASES = [
    Case(
        "value: 261.88 GW added in 2023 instead of 216.88 GW",
        set_number("claim-solar-added-2023", Decimal("261.88")),
        None,
        {"claim-solar-added-2023": "contradicted"},
    ),
    Case(
        "period: 87.41 GW said to be 2021's additions",
        set_property("claim-solar-added-2022", FC.period, FCD.Year2021),
        None,
        {"claim-solar-added-2022": "unverifiable"},
    ),
    Case(
        "unit: solar capacity of about 610 MW",
        set_property("claim-solar-capacity-610", QUDT.unit, UNIT.MegaW, on_value=True),
        None,
        {"claim-solar-capacity-610": "unverifiable"},
    ),
    Case(
        "measure: the 440 GW said to be solar capacity",
        set_property("claim-wind-capacity-440", FC.measure, FC.SolarPower),
        None,
        {"claim-wind-capacity-440": "misleading"},
    ),
    Case(
        "base of a percentage: solar growth of 55.2% measured on end-2021",
        set_property(
            "claim-solar-capacity-growth",
            FC.basePointInTime,
            day("2021-12-31"),
        ),
        None,
        {"claim-solar-capacity-growth": "unverifiable"},
    ),
    Case(
        "source removed: the January–November figure cites nothing",
        drop_sources("ref-solar-added-jan-nov-2023"),
        ("sh:MinCountConstraintComponent", "fcd:ref-solar-added-jan-nov-2023"),
        {},
    ),
    Case(
        "quote altered: December quoted as 53.00 GW",
        alter_quote("claim-solar-added-dec-2023", "in December, when the country added 53.00 GW"),
        ("quote-in-source", "fcd:claim-solar-added-dec-2023"),
        {},
    ),
    Case(
        "order of dates: the fall in hours measured from 2023 to 2022",
        chain(
            set_property("claim-solar-utilisation-change", FC.period, FCD.Year2022),
            set_property("claim-solar-utilisation-change", FC.basePeriod, FCD.Year2023),
        ),
        None,
        {"claim-solar-utilisation-change": "unverifiable"},
    ),
    Case(
        "order: December derived as January–November minus the year",
        reverse_operands("ref-solar-added-dec-2023-derived"),
        finding=("derivation", "fcd:ref-solar-added-dec-2023-derived"),
    ),
    Case(
        "value: January–November 165.01 GW, so the year minus it is no longer 53.00 GW",
        set_number("ref-solar-added-jan-nov-2023", Decimal("165.01")),
        finding=("derivation", "fcd:ref-solar-added-dec-2023-derived"),
    ),
]


@pytest.mark.parametrize("case", params(CASES))
def test_planted_error_is_caught(tmp_path: Path, clean: Outcome, case: Case) -> None:
    check_case(ARTICLE, tmp_path, clean, case)


def test_the_clean_article_has_no_quote_or_source_findings(clean: Outcome) -> None:
    assert_no_quote_or_source_findings(clean)
