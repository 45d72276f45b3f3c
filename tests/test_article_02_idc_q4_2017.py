"""Issue 14: planted errors in article 02 (IDC Q4 2017 smartphones) are caught on the right node.

Each error is planted in a copy of ``facts/articles/02-idc-q4-2017`` (``tests/planted.py``) and
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
    check_case,
    clean_fixture,
    drop,
    exactly,
    params,
    set_in_quote,
    set_on,
)

ARTICLE = "02-idc-q4-2017"


PLANTED = [
    exactly(
        "value: Samsung's 74.1 million becomes 71.4 million",
        set_on(
            "claim-samsung-shipments-q4-2017", QUDT.numericValue, Literal(71400000), on_object=True
        ),
        # the quote still writes 74.1 million (the quote-number encoding check)
        added=frozenset({("quote-number", "fcd:claim-samsung-shipments-q4-2017")}),
        verdicts={"claim-samsung-shipments-q4-2017": "contradicted"},
    ),
    exactly(
        "period: Samsung's lead moved from Q2 2017 to Q4 2017",
        set_on("claim-samsung-top-q2-2017", FC.period, FCD["Q4-2017"]),
        verdicts={"claim-samsung-top-q2-2017": "contradicted"},
    ),
    exactly(
        "unit: Apple's $88.3 billion becomes euros, with no exchange rate",
        set_on("claim-apple-earnings-q4-2017", FC.currency, Literal("EUR"), on_object=True),
        # validate says why: EUR against the sources' USD, and no EUR rate for Q4 2017 (info)
        added=frozenset({("currency-without-rate", "fcd:claim-apple-earnings-q4-2017")}),
        verdicts={"claim-apple-earnings-q4-2017": "unverifiable"},
    ),
    exactly(
        "base of a percentage: Apple's 19.2 per cent taken of Samsung, not the market",
        set_on("claim-apple-share-q4-2017", FC.shareOf, FCD["Samsung"]),
        verdicts={"claim-apple-share-q4-2017": "contradicted"},
    ),
    exactly(
        "source removed: Apple's revenue cites nothing",
        drop("ref-apple-revenue-q4-2017", FC.source),
        added=frozenset({("sh:MinCountConstraintComponent", "fcd:ref-apple-revenue-q4-2017")}),
    ),
    exactly(
        "quote altered: '19.2 percent' becomes '19.7 percent'",
        set_in_quote("claim-apple-share-q4-2017", OA.exact, "19.2", "19.7"),
        # the source no longer has the quote, and the quote no longer writes the claim's 19.2
        added=frozenset(
            {
                ("quote-in-source", "fcd:claim-apple-share-q4-2017"),
                ("quote-number", "fcd:claim-apple-share-q4-2017"),
            }
        ),
    ),
    exactly(
        "order of dates: Q4 2016 over Q4 2017 instead of Q4 2017 over Q4 2016",
        both(
            set_on("claim-apple-shipments-q4-yoy", FC.period, FCD["Q4-2016"]),
            set_on("claim-apple-shipments-q4-yoy", FC.basePeriod, FCD["Q4-2017"]),
        ),
        verdicts={"claim-apple-shipments-q4-yoy": "contradicted"},
    ),
    exactly(
        "vintage: IDC's final 393.0 million no longer marked as a revision",
        drop("ref-world-shipments-q4-2017-final", FC.revises),
        added=frozenset(
            {
                ("single-value-conflict", "fcd:ref-world-shipments-q4-2017"),
                ("single-value-conflict", "fcd:ref-world-shipments-q4-2017-final"),
            }
        ),
        verdicts={"claim-world-shipments-q4-2017": "disputed"},
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
