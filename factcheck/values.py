"""Claimed values: quantities with precision, dates with granularity and time zone.

The comparisons verdicts and explanations need, written once:

- a quantity's tolerance follows its stated precision (DESIGN.md, "Quantities carry a unit or
  currency, and a precision"): exact → 0, rounded → half the rounding unit, approximate → 5 %,
  "more than" → a lower bound;
- a date's granularity is its XSD datatype (``xsd:gYear`` a year, ``xsd:gYearMonth`` a month,
  ``xsd:date`` a day), and a local date becomes a window of UTC instants through its IANA time
  zone (https://www.iana.org/time-zones), so "13 Nov in Beijing" and "12 Nov in New York" can
  be seen to overlap.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rdflib import XSD, Literal, URIRef

APPROXIMATE_TOLERANCE = Decimal("0.05")
"""Relative tolerance of an "about" figure: 5 %. A documented convention, not a law."""


VAGUE_WORDS = {"Almost": "almost ", "JustOver": "just over ", "Slightly": "slightly "}
"""How ``describe`` words the vague quantifiers of the ontology's table."""


@dataclass(frozen=True)
class Quantity:
    """A number with a currency or unit and a stated precision."""

    value: Decimal
    currency: str | None = None
    unit: URIRef | None = None
    precision: str = "Exact"
    """Local name of the fc:Precision individual: Exact, Rounded, Approximate or MoreThan."""
    rounding_unit: Decimal | None = None
    lower_tolerance: Decimal | None = None
    """How far below the stated size (a fraction of it) the true size may be, from the
    vague-quantifier table in the ontology (``fc:lowerTolerance``); ``None`` when the table
    gives none (no bound below for "less than")."""
    upper_tolerance: Decimal | None = None
    """The same above (``fc:upperTolerance``); ``None`` is unbounded ("more than")."""

    @property
    def tolerance(self) -> Decimal:
        """Half-width of the interval the stated figure stands for (the wider side)."""
        if self.precision == "Rounded" and self.rounding_unit is not None:
            return self.rounding_unit / 2
        if self._tabled():
            sides = [t for t in (self.lower_tolerance, self.upper_tolerance) if t is not None]
            return abs(self.value) * max(sides, default=Decimal(0))
        if self.precision == "Approximate":
            return abs(self.value) * APPROXIMATE_TOLERANCE
        return Decimal(0)

    def _tabled(self) -> bool:
        return self.precision not in ("Exact", "Rounded") and (
            self.lower_tolerance is not None or self.upper_tolerance is not None
        )

    def bounds(self) -> tuple[Decimal, Decimal | None]:
        """The interval the figure claims; ``None`` as upper bound means unbounded.

        A vague quantifier bounds the size of the figure: "almost 40 per cent lower" (-40,
        fc:Almost) is between -40 and -38, "almost 75 million" between 71.25 and 75 million.
        """
        if self._tabled():
            size = abs(self.value)
            inf = Decimal("Infinity")
            low = size * (1 - self.lower_tolerance) if self.lower_tolerance is not None else -inf
            high = size * (1 + self.upper_tolerance) if self.upper_tolerance is not None else inf
            if self.value < 0:
                low, high = -high, -low
            return low, (None if high == inf else high)
        if self.precision == "MoreThan":
            return self.value, None
        if self.precision == "LessThan":
            return Decimal("-Infinity"), self.value
        return self.value - self.tolerance, self.value + self.tolerance

    def scaled(self, factor: Decimal, currency: str | None = None) -> Quantity:
        """This quantity multiplied by ``factor`` (e.g. a currency conversion), tolerance kept."""
        rounding = self.rounding_unit * factor if self.rounding_unit is not None else None
        return Quantity(
            value=self.value * factor,
            currency=currency if currency is not None else self.currency,
            unit=self.unit,
            precision=self.precision,
            rounding_unit=abs(rounding) if rounding is not None else None,
            lower_tolerance=self.lower_tolerance,
            upper_tolerance=self.upper_tolerance,
        )

    def compatible_with(self, other: Quantity) -> bool:
        """True when the two stated figures can describe the same true value."""
        low, high = self.bounds()
        other_low, other_high = other.bounds()
        below = high is not None and high < other_low
        above = other_high is not None and other_high < low
        return not (below or above)

    def describe(self) -> str:
        """Human form, e.g. ``about USD 9,200`` or ``CNY 1,800,000,000 (rounded to …)``."""
        prefix = "about " if self.precision == "Approximate" else ""
        prefix = "more than " if self.precision == "MoreThan" else prefix
        prefix = "less than " if self.precision == "LessThan" else prefix
        prefix = VAGUE_WORDS.get(self.precision, prefix)
        amount = format_number(self.value)
        if self.currency and unit_label(self.unit) == "per USD":
            text = f"{amount} {self.currency} per USD"
        elif self.currency:
            text = f"{self.currency} {amount}"
        else:
            text = f"{amount} {unit_label(self.unit)}".rstrip()
        if self.precision == "Rounded" and self.rounding_unit is not None:
            text += f" (rounded to {format_number(self.rounding_unit)})"
        return prefix + text


def unit_label(unit: URIRef | None) -> str:
    """A short plural label for the units we mint (``fc:VehicleCount`` → ``vehicles``)."""
    if unit is None:
        return ""
    name = str(unit).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return {
        "VehicleCount": "vehicles",
        "OrderCount": "orders",
        "DayCount": "days",
        "Percent": "%",
        "PerMonth": "vehicles a month",
        "CurrencyPerUSD": "per USD",
        "KiloW": "kW",
        "PersonCount": "people",
        "BirthCount": "births",
        "Multiple": "times",
    }.get(name, name)


def format_number(value: Decimal | float | int) -> str:
    """``252000000`` → ``252,000,000``; decimals keep their significant digits."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return f"{int(number):,}"
    text = f"{number:,.6f}".rstrip("0").rstrip(".")
    return text


def format_money_short(value: Decimal, currency: str | None) -> str:
    """``252454418`` USD → ``USD 252.5 M``, for reasoning lines."""
    magnitude = abs(value)
    if magnitude >= 1_000_000_000:
        text = f"{value / Decimal(1_000_000_000):.2f} bn"
    elif magnitude >= 1_000_000:
        text = f"{value / Decimal(1_000_000):.1f} M"
    else:
        text = format_number(value.quantize(Decimal(1)))
    return f"{currency} {text}" if currency else text


# --- Dates ------------------------------------------------------------------------

GRANULARITY = {
    str(XSD.gYear): "year",
    str(XSD.gYearMonth): "month",
    str(XSD.date): "day",
    str(XSD.dateTime): "instant",
}


@dataclass(frozen=True)
class DateValue:
    """A stated date: its first day, its granularity and the zone it was stated in."""

    start: date
    granularity: str
    """year, month, day or instant."""
    zone: str | None = None
    lexical: str = ""

    @property
    def last_day(self) -> date:
        if self.granularity == "year":
            return date(self.start.year, 12, 31)
        if self.granularity == "month":
            days = calendar.monthrange(self.start.year, self.start.month)[1]
            return date(self.start.year, self.start.month, days)
        return self.start

    def utc_window(self) -> tuple[datetime, datetime]:
        """The UTC instants the local date covers (a day in Beijing is 16:00–16:00 UTC)."""
        tz = _zone(self.zone)
        begin = datetime(self.start.year, self.start.month, self.start.day, tzinfo=tz)
        last = self.last_day
        end = datetime(last.year, last.month, last.day, tzinfo=tz) + timedelta(days=1)
        return begin.astimezone(UTC), end.astimezone(UTC)

    def overlaps(self, other: DateValue) -> bool:
        """True when the two stated dates can name the same moment."""
        begin, end = self.utc_window()
        other_begin, other_end = other.utc_window()
        return begin < other_end and other_begin < end

    def contains(self, other: DateValue) -> bool:
        """True when ``other`` lies inside this date at this date's granularity."""
        return self.start <= other.start and other.last_day <= self.last_day

    def describe(self) -> str:
        """``28 Mar 2024``, ``Apr 2018`` or ``2018``, plus the zone when known."""
        if self.granularity == "year":
            text = f"{self.start.year}"
        elif self.granularity == "month":
            text = self.start.strftime("%b %Y")
        else:
            text = f"{self.start.day} {self.start.strftime('%b %Y')}"
        return f"{text} ({self.zone})" if self.zone else text


def _zone(name: str | None) -> ZoneInfo:
    if not name:
        return ZoneInfo("UTC")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def date_value(literal: Literal, zone: str | None = None) -> DateValue | None:
    """Read a typed date literal; ``None`` if it is not one or is ill-formed."""
    granularity = GRANULARITY.get(str(literal.datatype)) if literal.datatype else None
    if granularity is None:
        return None
    text = str(literal).strip()
    try:
        if granularity == "year":
            start = date(int(text[:4]), 1, 1)
        elif granularity == "month":
            start = date(int(text[:4]), int(text[5:7]), 1)
        else:
            start = date.fromisoformat(text[:10])
    except ValueError:
        return None
    return DateValue(start=start, granularity=granularity, zone=zone, lexical=text)


def days_between(first: DateValue, second: DateValue) -> int:
    """Calendar days from ``first`` to ``second``, each read in its own zone."""
    return (second.start - first.start).days
