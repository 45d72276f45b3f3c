"""Planted errors in article 04 (China's population 2022, The Times), each caught on the right node.

Issue 14: every kind of planted error (a value, a period, a denominator, the base of a
percentage, a source removed, a quote altered, the order of dates) is caught by ``validate``
(rule and focus node) or by a verdict change (claim node and rating). Each edit is made on a copy.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Literal

from factcheck.loader import FC, FCD
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
    set_number,
    set_property,
)

ARTICLE = "04-china-population-2022"


clean = clean_fixture(ARTICLE)


CASES = [
    Case(
        "value: 9.86 million births instead of 9.56 million",
        set_number("claim-chinapop-births-2022", 9860000),
        None,
        {"claim-chinapop-births-2022": "contradicted"},
    ),
    Case(
        "period: the death rate is said to be 2021's",
        set_property("claim-chinapop-deathrate-2022", FC.period, FCD.Year2021),
        None,
        {"claim-chinapop-deathrate-2022": "unverifiable"},
    ),
    Case(
        "denominator: the death rate per 1,000 women",
        set_property("claim-chinapop-deathrate-2022", FC.per, FC.PerThousandWomen, on_value=True),
        None,
        {"claim-chinapop-deathrate-2022": "contradicted"},
    ),
    Case(
        "base of a percentage: the drop in births measured on 2022 (11.1%)",
        chain(
            set_number("claim-chinapop-births-drop", Decimal("-11.1")),
            set_property("claim-chinapop-births-drop", FC.precision, FC.Rounded, on_value=True),
            set_property(
                "claim-chinapop-births-drop",
                FC.roundingUnit,
                Literal(Decimal("0.1")),
                on_value=True,
            ),
        ),
        None,
        {"claim-chinapop-births-drop": "misleading"},
    ),
    Case(
        "source removed: the death-rate reference cites nothing",
        drop_sources("ref-chinapop-deathrate-2022"),
        ("sh:MinCountConstraintComponent", "fcd:ref-chinapop-deathrate-2022"),
        {},
    ),
    Case(
        "quote altered: the death rate is quoted as 7.73",
        alter_quote(
            "claim-chinapop-deathrate-2022", "The national death rate was 7.73 per thousand"
        ),
        ("quote-in-source", "fcd:claim-chinapop-deathrate-2022"),
        {},
    ),
    Case(
        "order of dates: the fall is measured from end-2022 to end-2021",
        chain(
            set_property("claim-chinapop-fell-850000", FC.pointInTime, day("2021-12-31")),
            set_property("claim-chinapop-fell-850000", FC.basePointInTime, day("2022-12-31")),
        ),
        None,
        {"claim-chinapop-fell-850000": "contradicted"},
    ),
    Case(
        "record window: 'the first time in 70 years' when the last fall was in 1961",
        set_property("claim-chinapop-first-fall-60-years", FC.withinYears, Literal(70)),
        None,
        {"claim-chinapop-first-fall-60-years": "contradicted"},
    ),
    Case(
        "value: 10.51 million deaths, so births minus deaths is no longer −0.85 million",
        set_number("ref-chinapop-deaths-2022", 10510000),
        finding=("derivation", "fcd:ref-chinapop-natural-increase-2022"),
    ),
]


@pytest.mark.parametrize("case", params(CASES))
def test_planted_error_is_caught(tmp_path: Path, clean: Outcome, case: Case) -> None:
    check_case(ARTICLE, tmp_path, clean, case)


def test_the_clean_article_has_no_quote_or_source_findings(clean: Outcome) -> None:
    assert_no_quote_or_source_findings(clean)
