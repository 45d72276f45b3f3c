"""Issue 14: planted errors in article 01 (BYD November 2022) are each caught on the right node.

Each error is planted in a copy of ``facts/articles/01-byd-2022-11`` (``tests/planted.py``) and
must add exactly the listed ``validate`` findings (rule, focus node) and change exactly the listed
claims' ratings; nothing else may move.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal

from factcheck.loader import FC, FCD, OA, QUDT
from tests.planted import (
    Case,
    Outcome,
    both,
    check,
    check_case,
    clean_fixture,
    diff,
    drop,
    exactly,
    params,
    plant,
    set_in_quote,
    set_on,
)

ARTICLE = "01-byd-2022-11"


PLANTED = [
    exactly(
        "value: 230,427 becomes 203,427",
        set_on("claim-byd-nov-2022-sales", QUDT.numericValue, Literal(203427), on_object=True),
        # the quote still writes 230,427 (the quote-number encoding check)
        added=frozenset({("quote-number", "fcd:claim-byd-nov-2022-sales")}),
        verdicts={"claim-byd-nov-2022-sales": "contradicted"},
    ),
    exactly(
        "period: October's 217,816 filed under September",
        set_on("claim-byd-oct-2022-sales", FC.period, FCD["M2022-09"]),
        verdicts={"claim-byd-oct-2022-sales": "contradicted"},
    ),
    exactly(
        "denominator: the share taken of BYD instead of China's market",
        set_on("claim-byd-nov-share", FC.shareOf, FCD["BYD"]),
        verdicts={"claim-byd-nov-share": "contradicted"},
    ),
    exactly(
        "base of a percentage: 5.8 per cent over September instead of October",
        set_on("claim-byd-nov-vs-oct", FC.basePeriod, FCD["M2022-09"]),
        verdicts={"claim-byd-nov-vs-oct": "contradicted"},
    ),
    exactly(
        "base of a percentage: Tesla's tally compared with Tesla instead of BYD",
        set_on("claim-tesla-q2-40-lower", FC.comparedWith, FCD["Tesla"]),
        verdicts={"claim-tesla-q2-40-lower": "contradicted"},
    ),
    exactly(
        "measure: Q2's 355,021 read as battery-electric only",
        set_on("claim-byd-q2-2022-sales", FC.measure, FC.BatteryElectric),
        verdicts={"claim-byd-q2-2022-sales": "misleading"},
    ),
    exactly(
        "source removed: Tesla's Q2 deliveries cite nothing",
        drop("ref-tesla-deliveries-q2-2022", FC.source),
        added=frozenset({("sh:MinCountConstraintComponent", "fcd:ref-tesla-deliveries-q2-2022")}),
    ),
    exactly(
        "quote altered: 'almost 40' becomes 'almost 30'",
        set_in_quote("claim-tesla-q2-40-lower", OA.exact, "almost 40", "almost 30"),
        # the source no longer has the quote, and the quote no longer writes the claim's 40
        added=frozenset(
            {
                ("quote-in-source", "fcd:claim-tesla-q2-40-lower"),
                ("quote-number", "fcd:claim-tesla-q2-40-lower"),
            }
        ),
    ),
    exactly(
        "order of dates: October over November instead of November over October",
        both(
            set_on("claim-byd-nov-vs-oct", FC.period, FCD["M2022-10"]),
            set_on("claim-byd-nov-vs-oct", FC.basePeriod, FCD["M2022-11"]),
        ),
        verdicts={"claim-byd-nov-vs-oct": "contradicted"},
    ),
]


clean = clean_fixture(ARTICLE)


def test_issue_14_the_article_alone_validates_clean(clean: Outcome) -> None:
    assert clean.findings == frozenset()


@pytest.mark.parametrize("planted", params(PLANTED))
def test_issue_14_planted_error_is_caught_on_its_node(
    planted: Case, clean: Outcome, tmp_path: Path
) -> None:
    check_case(ARTICLE, tmp_path, clean, planted)


def test_issue_14_a_figure_in_the_wrong_unit_is_not_supported(
    clean: Outcome, tmp_path: Path
) -> None:
    edit = set_on("claim-byd-nov-2022-sales", QUDT.unit, FC.Percent, on_object=True)
    _added, verdicts = diff(clean, check(plant(tmp_path, ARTICLE, edit)))
    assert verdicts == {"claim-byd-nov-2022-sales": "unverifiable"}
