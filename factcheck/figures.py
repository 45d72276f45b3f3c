"""Figures and dates in running text, parsed: amounts, percentages, counts, durations, dates.

A figure becomes a value with a unit (QUDT, http://qudt.org/vocab/unit/, or our count units) or
an ISO 4217 currency, and the precision the text states: "about"/"nearly" is approximate,
"more than"/"over" a lower bound, a scale word ("$252 million", "€3bn") rounds to the last
stated digit, and a plain figure ("27,307") is exact. A date's XSD datatype is its granularity
(https://www.w3.org/TR/xmlschema11-2/#gYear): "2018" is a gYear, "March 2024" a gYearMonth,
"January 3, 2025" a date; quarters and halves are OWL-Time intervals
(https://www.w3.org/TR/owl-time/). Spelled-out numbers ("three") are not read.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

FC = "https://w3id.org/factcheck/ontology#"
UNIT = "http://qudt.org/vocab/unit/"

_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "may",
            "june jun",
            "july jul",
            "august aug",
            "september sep sept",
            "october oct",
            "november nov",
            "december dec",
        ]
    )
    for name in names.split()
}
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October"
    r"|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|2[01])\d\d)"
_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_NOT_AFTER = r"(?<![\w.,:/$€£¥₹-])"
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
_SCALES = {
    "thousand": 3,
    "k": 3,
    "million": 6,
    "mn": 6,
    "m": 6,
    "billion": 9,
    "bn": 9,
    "b": 9,
    "trillion": 12,
    "tn": 12,
}
_CURRENCIES = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollars": "USD",
    "us dollars": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pounds": "GBP",
    "hk$": "HKD",
    "hkd": "HKD",
    "rmb": "CNY",
    "cny": "CNY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "jpy": "JPY",
    "yen": "JPY",
    "₹": "INR",
    "inr": "INR",
    "rupees": "INR",
    "chf": "CHF",
    "c$": "CAD",
    "a$": "AUD",
    "s$": "SGD",
}
_CUR = r"(?P<cur>US\$|HK\$|C\$|A\$|S\$|\$|€|£|¥|₹|(?:USD|EUR|GBP|CNY|RMB|JPY|HKD|INR|CHF)\s?)"
_SCALE = r"(?:\s?(?P<scale>thousand|million|billion|trillion|mn|bn|tn)\b|(?P<abbr>[kmb])\b)?"
_UNITS = {
    "day": (FC + "DayCount", "D"),
    "week": (UNIT + "WK", "W"),
    "month": (UNIT + "MO", "M"),
    "year": (UNIT + "YR", "Y"),
    "hour": (UNIT + "HR", "H"),
    "minute": (UNIT + "MIN", "MIN"),
    "second": (UNIT + "SEC", "S"),
    "kw": (UNIT + "KiloW", ""),
    "kwh": (UNIT + "KiloW-HR", ""),
    "hp": (UNIT + "HP", ""),
    "horsepower": (UNIT + "HP", ""),
    "km/h": (UNIT + "KiloM-PER-HR", ""),
    "kph": (UNIT + "KiloM-PER-HR", ""),
    "mph": (UNIT + "MI-PER-HR", ""),
    "km": (UNIT + "KiloM", ""),
    "kilometer": (UNIT + "KiloM", ""),
    "kilometre": (UNIT + "KiloM", ""),
    "mile": (UNIT + "MI", ""),
}
_VEHICLE_NOUNS = {
    "vehicle",
    "vehicles",
    "car",
    "cars",
    "ev",
    "evs",
    "suv",
    "suvs",
    "truck",
    "trucks",
    "sedan",
    "sedans",
    "deliveries",
}

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>\d{4})-(?P<m>\d\d)-(?P<day>\d\d)\b")),
    ("date", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b")),
    ("date", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b")),
    ("quarter", re.compile(r"\bQ(?P<q>[1-4])(?:\s+of\s+|[\s'’-]*)(?P<year>\d{4}|\d\d)\b")),
    ("quarter", re.compile(r"\b(?P<q>[1-4])Q\s?(?P<year>\d{4}|\d\d)\b")),
    (
        "quarter",
        re.compile(
            rf"\b(?P<qw>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter\b[^.;:!?\d]{{0,60}}?\b{_YEAR}\b",
            re.IGNORECASE,
        ),
    ),
    ("half", re.compile(rf"\bH(?P<h>[12])\s?{_YEAR}\b")),
    ("half", re.compile(rf"\b(?P<hw>first|second)\s+half\s+of\s+{_YEAR}\b", re.IGNORECASE)),
    ("month", re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b")),
    ("yearless", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!,?\s*\d)")),
    ("money", re.compile(rf"{_NOT_AFTER}{_CUR}{_NUM}{_SCALE}")),
    (
        "money",
        re.compile(
            rf"{_NOT_AFTER}{_NUM}(?:\s?(?P<scale>thousand|million|billion|trillion|mn|bn|tn))?\s+"
            r"(?P<cur>US dollars|dollars|euros|pounds|yuan|renminbi|RMB|CNY|USD|EUR|GBP|yen"
            r"|rupees)\b"
        ),
    ),
    ("percent", re.compile(rf"{_NOT_AFTER}{_NUM}\s?(?:%|per\s?cent\b|percentage points?\b)")),
    (
        "duration",
        re.compile(
            rf"{_NOT_AFTER}{_NUM}[\s-]?(?P<unit>(?P<time>(?i:day|week|month|year|hour|minute|second))(?i:s)?\b"
            r"|kWh|kW|hp\b|horsepower\b|km/h|kph\b|mph\b|km\b|kilomet(?:er|re)s?\b|miles?\b)"
        ),
    ),
    (
        "scaled",
        re.compile(rf"{_NOT_AFTER}{_NUM}\s?(?P<scale>thousand|million|billion|trillion|mn|bn)\b"),
    ),
    ("number", re.compile(rf"{_NOT_AFTER}{_NUM}(?P<ord>st|nd|rd|th)?(?![\w%:/])")),
]
"""Figure patterns, most specific first; an earlier match claims its characters."""


@dataclass
class Figure:
    """One figure or date found in the text, parsed."""

    kind: str
    """quantity, date (year, month or day), period (quarter or half) or yearless (no year)."""
    start: int
    end: int
    text: str
    value: Decimal | None = None
    unit: str | None = None
    currency: str | None = None
    precision: str | None = None
    """Exact, Rounded, Approximate, Almost, JustOver, MoreThan or LessThan (local names in fc:)."""
    rounding: Decimal | None = None
    duration: str | None = None
    """The xsd:duration of a time span, e.g. P230D."""
    date: str | None = None
    datatype: str | None = None
    """gYear, gYearMonth or date (local names in xsd:)."""
    period: tuple[str, str, str, str] | None = None
    """(IRI local name, label, first day, last day) of a quarter or half year."""
    todos: list[str] = field(default_factory=list)
    qualifier: str = ""
    """The word or phrase that set the precision ("about", "more than")."""


_APPROX = (
    r"about|around|approximately|roughly|nearly|almost|some|an estimated|estimated|close to|circa|~"
)
_MORE = (
    r"more than|over|at least|upwards of|in excess of|above|exceeding|exceeded|surpassing|just over"
)
_LESS = r"less than|fewer than|under|up to|at most|below|just under"
_DIRECTED = {
    "almost": "Almost",
    "nearly": "Almost",
    "just under": "Almost",
    "just over": "JustOver",
}
"""Qualifiers that bound a figure on one side (ontology/claim-kinds.ttl's vague quantifiers):
"almost 75 million" is just under 75 million, not about it."""
_QUALIFIER = re.compile(rf"(?:^|[^\w])(?P<q>{_APPROX}|{_MORE}|{_LESS})\s*$", re.IGNORECASE)


def find_figures(text: str, start: int = 0, end: int | None = None) -> list[Figure]:
    """Every figure and date in ``text[start:end]``, parsed, in text order."""
    end = len(text) if end is None else end
    taken = [False] * (end - start)
    found: list[Figure] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text, start, end):
            if any(taken[match.start() - start : match.end() - start]):
                continue
            figure = _parse(kind, match, text)
            if figure is None:
                continue
            found.append(figure)
            taken[match.start() - start : match.end() - start] = [True] * (
                match.end() - match.start()
            )
    return sorted(found, key=lambda f: f.start)


def _parse(kind: str, match: re.Match[str], text: str) -> Figure | None:
    groups = {k: v for k, v in match.groupdict().items() if v is not None}
    figure = Figure(kind="quantity", start=match.start(), end=match.end(), text=match.group())
    if kind in ("iso", "date", "month", "yearless"):
        month = int(groups["m"]) if "m" in groups else _MONTHS[groups["month"].lower()]
        if kind == "yearless":
            figure.kind = "yearless"
            figure.todos.append(
                f"rdf:object: the text gives {figure.text!r} without a year; add it"
            )
            return figure
        year = int(groups["year"])
        figure.kind = "date"
        if kind == "month":
            figure.date, figure.datatype = f"{year:04d}-{month:02d}", "gYearMonth"
            return figure
        try:
            day = datetime.date(year, month, int(groups["day"]))
        except ValueError:
            return None
        figure.date, figure.datatype = day.isoformat(), "date"
        return figure
    if kind in ("quarter", "half"):
        year = int(groups["year"])
        year += 2000 if year < 100 else 0
        figure.kind = "period"
        if kind == "quarter":
            q = int(groups["q"]) if "q" in groups else _ORDINALS[groups["qw"].lower()]
            first, last = (
                f"{year}-{3 * q - 2:02d}-01",
                f"{year}-{3 * q:02d}-{30 if q in (2, 3) else 31}",
            )
            figure.period = (f"Q{q}-{year}", f"Q{q} {year}", first, last)
        else:
            h = int(groups["h"]) if "h" in groups else (1 if groups["hw"].lower() == "first" else 2)
            first, last = (
                (f"{year}-01-01", f"{year}-06-30") if h == 1 else (f"{year}-07-01", f"{year}-12-31")
            )
            figure.period = (f"H{h}-{year}", f"H{h} {year}", first, last)
        return figure
    number = Decimal(groups["num"].replace(",", ""))
    if kind == "number":
        plain = "," not in groups["num"] and "." not in groups["num"] and not groups.get("ord")
        if plain and 1800 <= number < 2200 and not _following_noun(text, match.end()):
            figure.kind, figure.date, figure.datatype = "date", groups["num"], "gYear"
            return figure
        if number < 1000 and (groups.get("ord") or not _is_counted(text, match)):
            return None  # "Model 3", "Ultra 7", "the 2nd": names and small ordinals
    digits = len(groups["num"].partition(".")[2])
    exponent = _SCALES.get((groups.get("scale") or groups.get("abbr") or "").lower(), 0)
    figure.value = _plain(number.scaleb(exponent))
    if exponent:
        figure.rounding = _plain(Decimal(1).scaleb(exponent - digits))
    if kind == "money":
        symbol = groups["cur"].strip().lower()
        figure.currency = _CURRENCIES.get(symbol)
        if figure.currency is None:
            figure.unit = FC + "unknown"
            figure.todos.append(
                f"fc:currency: {groups['cur'].strip()!r} is yen (JPY) or yuan (CNY); say which"
            )
    elif kind == "percent":
        figure.unit = FC + "Percent"
    elif kind == "duration":
        unit_word = (
            groups["unit"].lower().rstrip("s") if groups.get("time") else groups["unit"].lower()
        )
        unit_word = (
            re.sub(r"s$", "", unit_word) if unit_word.startswith(("kilomet", "mile")) else unit_word
        )
        figure.unit, letter = _UNITS[unit_word]
        figure.duration = _duration(figure.value, letter)
    else:
        figure.unit = _count_unit(text, match)
        if figure.unit == FC + "unknown":
            figure.todos.append(f"qudt:unit: say what {figure.text!r} counts")
    _set_precision(figure, text)
    return figure


def _plain(number: Decimal) -> Decimal:
    """``number`` without exponent notation: 2.52E+8 → 252000000, 13.10 → 13.10."""
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number if number.as_tuple().exponent < 0 else number.normalize()  # type: ignore[operator]


def _duration(value: Decimal, letter: str) -> str | None:
    if not letter or (value != value.to_integral_value() and letter != "S"):
        return None
    number = format(value.normalize(), "f")
    if letter == "W":
        return f"P{int(value) * 7}D"
    return (
        f"PT{number}{'M' if letter == 'MIN' else letter}"
        if letter in ("H", "MIN", "S")
        else f"P{number}{letter}"
    )


def _set_precision(figure: Figure, text: str) -> None:
    qualifier = _QUALIFIER.search(text, max(0, figure.start - 25), figure.start)
    if qualifier:
        figure.qualifier = word = qualifier.group("q").lower()
        if word in _DIRECTED:
            figure.precision = _DIRECTED[word]
        elif re.fullmatch(_APPROX, word):
            figure.precision = "Approximate"
        elif re.fullmatch(_MORE, word):
            figure.precision = "MoreThan"
        else:
            figure.precision = "LessThan"
    elif figure.rounding is not None:
        figure.precision = "Rounded"
    else:
        figure.precision = "Exact"


def _next_words(text: str, position: int, count: int = 3) -> list[str]:
    following = re.match(r"[^\n.,;:!?()]*", text[position:])
    words = following.group().split() if following else []
    return [w.strip("“”\"'’").lower() for w in words[:count]]


def _following_noun(text: str, position: int) -> bool:
    words = _next_words(text, position, 1)
    return bool(words) and (words[0] in _VEHICLE_NOUNS or words[0] in ("units", "orders", "people"))


def _is_counted(text: str, match: re.Match[str]) -> bool:
    """A small bare number counts something unless a capitalised name precedes it ("Model 3")."""
    before = re.search(r"(\S+)\s+$", text[max(0, match.start() - 30) : match.start()])
    if (
        before
        and before.group(1)[:1].isupper()
        and not re.match(r"[A-Z][a-z]*\.$", before.group(1))
    ):
        return False
    words = _next_words(text, match.end(), 1)
    return bool(words) and words[0].isalpha() and words[0].islower()


def _count_unit(text: str, match: re.Match[str]) -> str:
    words = _next_words(text, match.end())
    for index, word in enumerate(words):
        if word in _VEHICLE_NOUNS or word in ("units", "unit"):
            rest = " ".join(words[index + 1 :]) + " " + " ".join(_next_words(text, match.end(), 6))
            if re.search(r"\b(per|a|each) month\b|\bmonthly\b", rest):
                return FC + "PerMonth"
            line_end = text.find("\n", match.end())
            paragraph = text[
                text.rfind("\n", 0, match.start()) + 1 : line_end if line_end >= 0 else None
            ]
            if word.startswith("unit") and not re.search(
                r"\b(vehicles?|cars?|EVs?|SUVs?|sedans?|trucks?)\b", paragraph, re.IGNORECASE
            ):
                return FC + "unknown"
            return FC + "VehicleCount"
        if word in ("orders", "order", "pre-orders"):
            return FC + "OrderCount"
    return FC + "unknown"
