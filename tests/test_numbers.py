"""Numbers as news text writes them (factcheck.numbers), for validate's quote-number rule."""

from __future__ import annotations

import pytest

from factcheck.numbers import matches, numbers_in, show


def written(text: str) -> list[tuple[str, float]]:
    return [(n.text, n.value) for n in numbers_in(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sold 100,000 units", [("100,000", 100000)]),
        ("4.27 million people", [("4.27 million", 4270000)]),
        ("a loss of $252M", [("$252M", 252e6)]),
        ("1.1 percent lower", [("1.1 percent", 1.1)]),
        ("up 12% year on year", [("12%", 12)]),
        ("up 5.8 per cent", [("5.8 per cent", 5.8)]),
        ("RMB 6.2 billion", [("RMB 6.2 billion", 6.2e9)]),
        ("US$869.2 million", [("US$869.2 million", 869.2e6)]),
        ("€3bn", [("€3bn", 3e9)]),
        ("9,200 jobs", [("9,200", 9200)]),
        ("two plants", [("two", 2)]),
        ("twenty-five thousand cars", [("twenty-five thousand", 25000)]),
        ("one hundred and five", [("one hundred and five", 105)]),
        ("half a million", [("half a million", 500000)]),
        ("a million cars", [("a million", 1e6)]),
        ("a third of the market", [("a third", 1 / 3)]),
        ("two-thirds of buyers", [("two-thirds", 2 / 3)]),
        ("sales doubled", [("doubled", 2)]),
        ("the second-largest", [("second", 2)]),
        ("216.88GW of solar", [("216.88", 216.88)]),  # a unit written on: the number whole
        ("a 600kW motor", [("600", 600)]),
        ("no number here", []),
    ],
)
def test_numbers_in(text: str, expected: list[tuple[str, float]]) -> None:
    found = written(text)
    assert [t for t, _ in found] == [t for t, _ in expected]
    assert [v for _, v in found] == pytest.approx([v for _, v in expected])


def test_years_days_and_names_are_incidental() -> None:
    numbers = numbers_in("On March 28, 2024 the Model 3 sold 9,200")
    assert [(n.text, n.incidental) for n in numbers] == [
        ("28", True),
        ("2024", True),
        ("3", True),
        ("9,200", False),
    ]


def test_ordinals_and_a_lone_one_are_incidental() -> None:
    assert [n.incidental for n in numbers_in("one of the first")] == [True, True]


def test_a_number_inside_a_word_is_not_read() -> None:
    assert written("Xiaomi SU7 in Q4 and H1") == []


@pytest.mark.parametrize(
    ("value", "text", "percent_unit"),
    [
        (100000, "100,000 units", False),
        (4268000, "4.27 million", False),  # within the quote's rounding
        (4.27, "4.27 million", False),  # stored in millions
        (252e6, "$252M", False),
        (-1.1, "fell 1.1 percent", True),  # the sign carries the direction
        (0.011, "1.1 percent", False),  # stored as a ratio
        (33.3, "a third", True),
        (0.33, "a third", False),
        (100, "sales doubled", True),  # a change of +100 %
        (2, "sales doubled", False),  # a multiple
        (2, "the second-largest", False),
        (12, "12 per cent", True),
    ],
)
def test_matches(value: float, text: str, percent_unit: bool) -> None:
    assert any(matches(value, n, percent_unit=percent_unit) for n in numbers_in(text))


@pytest.mark.parametrize(
    ("value", "text", "percent_unit"),
    [
        (10000, "100,000 units", False),
        (4.3e6, "4.27 million", False),
        (231, "230 days", False),
        (11, "1.1 percent", True),
        (40, "a third", True),
        (200, "sales doubled", True),
    ],
)
def test_does_not_match(value: float, text: str, percent_unit: bool) -> None:
    assert not any(matches(value, n, percent_unit=percent_unit) for n in numbers_in(text))


def test_show() -> None:
    assert [show(100000), show(4.27), show(0.011)] == ["100,000", "4.27", "0.011"]
