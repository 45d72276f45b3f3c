"""Issue 14: planted errors in article 02 (IDC Q4 2017 smartphones) are caught on the right node.

Each error is planted in a copy of ``facts/articles/02-idc-q4-2017`` (``tests/planted.py``) and
must add exactly the listed ``validate`` findings (rule, focus node) and change exactly the listed
claims' ratings; nothing else may move.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import Graph, Literal

from factcheck.loader import FC, FCD, OA, QUDT
from tests.planted import (
    Edit,
    Finding,
    Outcome,
    check,
    copy_article,
    diff,
    drop,
    plant,
    set_in_quote,
    set_on,
)

ARTICLE = "02-idc-q4-2017"


@dataclass(frozen=True)
class Planted:
    kind: str
    edit: Edit
    added: frozenset[Finding] = frozenset()
    verdicts: dict[str, str] = field(default_factory=dict)


def both(*edits: Edit) -> Edit:
    def edit(graphs: dict[str, Graph]) -> None:
        for one in edits:
            one(graphs)

    return edit


PLANTED = [
    Planted(
        "value: Samsung's 74.1 million becomes 71.4 million",
        set_on(
            "claim-samsung-shipments-q4-2017", QUDT.numericValue, Literal(71400000), on_object=True
        ),
        # the quote still writes 74.1 million (the quote-number encoding check)
        added=frozenset({("quote-number", "fcd:claim-samsung-shipments-q4-2017")}),
        verdicts={"claim-samsung-shipments-q4-2017": "contradicted"},
    ),
    Planted(
        "period: Samsung's lead moved from Q2 2017 to Q4 2017",
        set_on("claim-samsung-top-q2-2017", FC.period, FCD["Q4-2017"]),
        verdicts={"claim-samsung-top-q2-2017": "contradicted"},
    ),
    Planted(
        "unit: Apple's $88.3 billion becomes euros, with no exchange rate",
        set_on("claim-apple-earnings-q4-2017", FC.currency, Literal("EUR"), on_object=True),
        # validate says why: EUR against the sources' USD, and no EUR rate for Q4 2017 (info)
        added=frozenset({("currency-without-rate", "fcd:claim-apple-earnings-q4-2017")}),
        verdicts={"claim-apple-earnings-q4-2017": "unverifiable"},
    ),
    Planted(
        "base of a percentage: Apple's 19.2 per cent taken of Samsung, not the market",
        set_on("claim-apple-share-q4-2017", FC.shareOf, FCD["Samsung"]),
        verdicts={"claim-apple-share-q4-2017": "contradicted"},
    ),
    Planted(
        "source removed: Apple's revenue cites nothing",
        drop("ref-apple-revenue-q4-2017", FC.source),
        added=frozenset({("sh:MinCountConstraintComponent", "fcd:ref-apple-revenue-q4-2017")}),
    ),
    Planted(
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
    Planted(
        "order of dates: Q4 2016 over Q4 2017 instead of Q4 2017 over Q4 2016",
        both(
            set_on("claim-apple-shipments-q4-yoy", FC.period, FCD["Q4-2016"]),
            set_on("claim-apple-shipments-q4-yoy", FC.basePeriod, FCD["Q4-2017"]),
        ),
        verdicts={"claim-apple-shipments-q4-yoy": "contradicted"},
    ),
    Planted(
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


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    return check(copy_article(ARTICLE, tmp_path_factory.mktemp("clean") / "facts"))


def test_issue_14_the_article_alone_validates_clean(clean: Outcome) -> None:
    assert clean.findings == frozenset()


@pytest.mark.parametrize("planted", PLANTED, ids=[p.kind for p in PLANTED])
def test_issue_14_planted_error_is_caught_on_its_node(
    planted: Planted, clean: Outcome, tmp_path: Path
) -> None:
    added, verdicts = diff(clean, check(plant(tmp_path, ARTICLE, planted.edit)))
    assert (added, verdicts) == (planted.added, planted.verdicts)
