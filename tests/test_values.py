"""Quantities with precision and dates with granularity and time zone (factcheck.values)."""

from __future__ import annotations

from decimal import Decimal

from rdflib import Literal
from rdflib.namespace import XSD

from factcheck.quotes import compare
from factcheck.values import DateValue, Quantity, date_value, days_between


def day(text: str, zone: str | None = None) -> DateValue:
    value = date_value(Literal(text, datatype=XSD.date), zone)
    assert value is not None
    return value


def test_issue_3_beijing_13_nov_overlaps_new_york_12_nov() -> None:
    beijing = day("2024-11-13", "Asia/Shanghai")
    new_york = day("2024-11-12", "America/New_York")
    assert beijing.overlaps(new_york)
    assert not beijing.overlaps(day("2024-11-11", "America/New_York"))
    assert not beijing.overlaps(day("2024-11-12", "Asia/Shanghai"))


def test_230_days_from_launch_to_milestone() -> None:
    assert days_between(day("2024-03-28"), day("2024-11-13")) == 230


def test_year_granularity_contains_its_days() -> None:
    year = date_value(Literal("2018", datatype=XSD.gYear))
    assert year is not None
    assert year.granularity == "year"
    assert year.contains(day("2018-04-13"))
    assert not year.contains(day("2019-01-01"))


def test_ill_formed_date_is_not_a_date() -> None:
    assert date_value(Literal("2024-13-45", datatype=XSD.date)) is None
    assert date_value(Literal("2018")) is None


def test_rounded_figure_tolerates_half_its_rounding_unit() -> None:
    claimed = Quantity(
        Decimal(252_000_000), "USD", precision="Rounded", rounding_unit=Decimal(10**6)
    )
    assert claimed.compatible_with(Quantity(Decimal(252_454_418), "USD"))
    assert not claimed.compatible_with(Quantity(Decimal(252_600_000), "USD"))


def test_about_means_five_percent_and_more_than_is_a_lower_bound() -> None:
    about = Quantity(Decimal(9200), "USD", precision="Approximate")
    assert about.compatible_with(Quantity(Decimal(9228), "USD"))
    assert not about.compatible_with(Quantity(Decimal(9700), "USD"))
    more = Quantity(Decimal(20000), precision="MoreThan")
    assert more.compatible_with(Quantity(Decimal(24000)))
    assert not more.compatible_with(Quantity(Decimal(19000)))
    less = Quantity(Decimal(50), precision="LessThan")
    assert less.compatible_with(Quantity(Decimal(10)))
    assert not less.compatible_with(Quantity(Decimal(60)))


def test_describe_reads_like_the_article() -> None:
    assert Quantity(Decimal(9200), "USD", precision="Approximate").describe() == "about USD 9,200"
    assert day("2024-11-13", "Asia/Shanghai").describe() == "13 Nov 2024 (Asia/Shanghai)"


def test_quote_comparison_classes() -> None:
    assert compare("Hello, world.", "hello world").kind == "verbatim"
    musk = compare(
        "I want my situation to be worse than anyone else in the company.",
        "I wanted my circumstances to be worse than anyone else at the company.",
    )
    assert musk.kind == "paraphrase"
    assert compare("The sky is green today.", "Profits rose sharply in May.").kind == "different"
    excerpt = compare(
        "Woke up to the news that 100,000 units were made; it took 230 days.",
        "Woke up to the news that 100,000 units ... 230 days",
    )
    assert excerpt.kind == "verbatim"
