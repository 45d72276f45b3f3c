"""The single-value-conflict rule compares reference facts like for like (issue 14).

Two reference facts with the same subject, property and time conflict only when they state the
same thing: the same claim kind (a change is not a figure), the same base and change kind, the
same measure on every axis both state, the same denominator; a revision is a known difference.
``accept/`` holds pairs that differ in one of these and must not be reported; ``reject/`` holds
like-for-like pairs that disagree and must be.
"""

from __future__ import annotations

from pathlib import Path

from factcheck.loader import load
from factcheck.validate import validate
from tests.article_planting import rule_label

FIXTURES = Path(__file__).parent / "fixtures" / "conflicts"


def conflicts(directory: Path) -> set[str]:
    report = validate(load([directory]))
    return {f.focus_label for f in report.findings if rule_label(f) == "single-value-conflict"}


def test_facts_that_are_not_like_for_like_do_not_conflict() -> None:
    assert conflicts(FIXTURES / "accept") == set()


def test_like_for_like_facts_that_disagree_conflict() -> None:
    assert conflicts(FIXTURES / "reject") == {
        "fcd:ref-births-change-a",
        "fcd:ref-births-change-b",
        "fcd:ref-women-a",
        "fcd:ref-women-b",
        "fcd:ref-birthrate-a",
        "fcd:ref-birthrate-b",
    }


def test_the_fixtures_are_otherwise_valid() -> None:
    for name in ("accept", "reject"):
        report = validate(load([FIXTURES / name]))
        assert {rule_label(f) for f in report.findings} <= {"single-value-conflict"}, name
