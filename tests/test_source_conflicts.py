"""The ``source-conflicts`` canned query lists what validate calls a conflict (issue 17).

Over the five article folders the query used to list revisions (preliminary against final
figures), a share against a change and dates a time zone apart. It now compares like for like,
as the single-value-conflict rule does (``tests/test_conflict_like_for_like.py``): its
unreviewed pairs are exactly validate's findings, and the pairs the facts record with
``fc:disagreesWith`` are listed as reviewed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.kb import load_kb
from factcheck.loader import FCD, load
from factcheck.query import LocalTarget, SelectResult, canned_query
from factcheck.sparql import prepare
from factcheck.validate import validate
from tests.planted import rule_label

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "source-conflicts"


def listed(paths: list[Path], engine: str = "oxigraph") -> set[tuple[str, str, bool]]:
    """(fact A, fact B, reviewed) for every row, fact IRIs as local names."""
    target = LocalTarget(load_kb(paths).graph, engine)
    result = target.run(prepare(canned_query("source-conflicts").text))
    assert isinstance(result, SelectResult)
    local = str(FCD)
    return {
        (str(row[3]).removeprefix(local), str(row[6]).removeprefix(local), str(row[9]) == "true")
        for row in result.rows
    }


def validate_conflicts(paths: list[Path]) -> set[tuple[str, str]]:
    """The unordered pairs validate reports as single-value conflicts."""
    report = validate(load(paths))
    pairs = set()
    for finding in report.findings:
        if rule_label(finding) == "single-value-conflict":
            a, b = sorted((str(finding.focus), str(finding.value)))
            pairs.add((a.removeprefix(str(FCD)), b.removeprefix(str(FCD))))
    return pairs


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_over_all_facts_it_lists_exactly_the_true_conflicts(engine: str) -> None:
    # Left out, and why: the IDC preliminary and final shares and shipments (fc:revises), a
    # share against a year-on-year change, Heathrow's total against the passengers added (a
    # change), China's solar capacity "about 610 GW" against 609.49 GW (within ±5 %), and Lei
    # Jun's post on 13 Nov in Beijing against 12 Nov in New York (one day, two time zones).
    assert listed([ROOT / "facts"], engine) == {
        ("ref-china-nev-wholesale-2022-11", "ref-china-nev-wholesale-2022-11-seekingalpha", True),
        ("ref-su7-capacity", "ref-su7-capacity-bonplansfrench", True),
        # Within ±5 % of each other, but recorded as a disagreement, so listed as reviewed.
        ("ref-loss-per-car-3dnews", "ref-loss-per-car-business-insider", True),
    }


def test_its_unreviewed_pairs_over_all_facts_are_validates_conflicts() -> None:
    unreviewed = {(a, b) for a, b, reviewed in listed([ROOT / "facts"]) if not reviewed}
    assert unreviewed == validate_conflicts([ROOT / "facts"]) == set()


def test_a_revision_is_not_a_conflict() -> None:
    assert listed([FIXTURES / "revision"]) == set()
    assert validate_conflicts([FIXTURES / "revision"]) == set()


def test_a_real_disagreement_is_a_conflict_with_both_vintages() -> None:
    expected = {
        ("ref-deaths-2022", "ref-deaths-2022-paper", False),
        ("ref-deaths-2022-final", "ref-deaths-2022-paper", False),
    }
    assert listed([FIXTURES / "disagreement"]) == expected
    assert validate_conflicts([FIXTURES / "disagreement"]) == {(a, b) for a, b, _ in expected}
