"""What a news figure says beyond its number: period, subject, unit, kind (used by the draft).

``factcheck.figures`` finds numbers; this module reads the words around them as a reporter
writes them, with general rules of English news prose and no word list fitted to one story:

- **periods**: "in 2024", "the fourth quarter", "Q4 2016", "first half", "between October and
  December", "the July-to-September period", "in November", "last year", "fiscal Q3", resolved
  against the article's date into the period IRIs of ``facts/calendar.ttl`` (``:Year2024``,
  ``:Q4-2024``, ``:H1-2024``, ``:M2024-11``, ``:Jan-Sep-2022``). "Year on year", "a year
  earlier", "the previous year", "the same period a year ago" are the claim's own period a year
  back. A month or quarter without a year is the latest one on or before the article's date, and
  carries a to-do; a figure with no period in its sentence takes the last one the article named,
  with a to-do. A stock ("population", "capacity … reached", "at the end of", "by December") is
  read at the end of its period as ``fc:pointInTime``.
- **subjects**: the named entity nearest before the figure (a possessive "BYD's" counts), then
  one after it that is not being compared with ("than Tesla's"), then the sentence's, then the
  last one the article named (with a to-do). "According to X" names a source, not a subject.
- **kinds** (``ontology/claim-kinds.ttl``): changes ("up 16 percent YoY", "fell by 850,000",
  "almost tripling"), comparisons ("56.7 per cent higher than Tesla's", "ahead of Samsung"),
  shares ("a 19.2 percent market share", "40 per cent of all …"), rankings ("the top smartphone
  company"), records ("busiest ever", "for the first time"); a fall is a negative value.
- **units**: the counted noun ("passengers", "smartphones", "people", "GW"), mapped onto the
  vocabulary's count units; "units" or no noun takes the unit the sentence or article last used.
- **numbers written as words** ("nine consecutive months", "eight airlines") are read with
  ``text2num`` (see README, "Libraries").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

FC = "https://w3id.org/factcheck/ontology#"
UNIT = "http://qudt.org/vocab/unit/"

MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_WORD = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
_ORDINAL = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "final": 4,
    "last": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
_YEAR_OF = r"(?:\s+(?:of\s+)?(?P<year>(?:19|20)\d\d|this year|last year|next year))?"


def _month_number(word: str) -> int:
    word = word.lower().rstrip(".")
    return next(i + 1 for i, name in enumerate(MONTHS) if name.startswith(word[:3]))


@dataclass(frozen=True)
class Period:
    """A calendar period: a year, half, quarter, month or run of months of one year."""

    year: int
    first_month: int
    last_month: int

    @property
    def local(self) -> str:
        """The IRI local name used in ``facts/calendar.ttl``."""
        a, b, y = self.first_month, self.last_month, self.year
        if (a, b) == (1, 12):
            return f"Year{y}"
        if b - a == 5 and a in (1, 7):
            return f"H{1 if a == 1 else 2}-{y}"
        if b - a == 2 and a % 3 == 1:
            return f"Q{(a + 2) // 3}-{y}"
        if a == b:
            return f"M{y}-{a:02d}"
        return f"{MONTHS[a - 1][:3].title()}-{MONTHS[b - 1][:3].title()}-{y}"

    @property
    def label(self) -> str:
        local = self.local
        if local.startswith("Year"):
            return str(self.year)
        if local[0] in "QH" and local[1].isdigit():
            return local.replace("-", " ")
        if self.first_month == self.last_month:
            return f"{MONTHS[self.first_month - 1].title()} {self.year}"
        first, last = MONTHS[self.first_month - 1], MONTHS[self.last_month - 1]
        return f"{first.title()}–{last.title()} {self.year}"

    @property
    def first_day(self) -> str:
        return f"{self.year}-{self.first_month:02d}-01"

    @property
    def last_day(self) -> str:
        following = dt.date(self.year + (self.last_month == 12), self.last_month % 12 + 1, 1)
        return (following - dt.timedelta(days=1)).isoformat()

    def shifted(self, years: int) -> Period:
        return Period(self.year + years, self.first_month, self.last_month)

    def declaration(self) -> tuple[str, str, str, str]:
        """(IRI local name, label, first day, last day), as the draft declares periods."""
        return self.local, self.label, self.first_day, self.last_day


@dataclass
class PeriodMention:
    """Words in the text that name a period, resolved (or relative to the claim's period)."""

    start: int
    end: int
    period: Period | None
    """None for a relative mention ("year on year"): the claim's period, ``shift`` years on."""
    shift: int = 0
    guessed: str = ""
    """Why the year is a guess ("'the fourth quarter' has no year …"), or empty."""


def _latest(first: int, last: int, ref: dt.date | None) -> tuple[Period | None, str]:
    if ref is None:
        return None, "no year given and the article's date is unknown; say which year"
    year = ref.year if ref.month >= last else ref.year - 1
    return Period(year, first, last), "the year is taken from the article's date; confirm it"


def _year_word(word: str | None, ref: dt.date | None) -> tuple[int | None, str]:
    if word is None:
        return None, ""
    if word.isdigit():
        return int(word), ""
    if ref is None:
        return None, f"{word!r} needs the article's date; say which year"
    return ref.year + {"this year": 0, "last year": -1, "next year": 1}[word], ""


_RELATIVE = re.compile(
    r"\b(?:year[- ]on[- ]year|yoy|y/y|a year (?:earlier|ago|before)|the previous year"
    r"|the year before|the prior year|(?:the )?same (?:period|quarter|month)"
    r" (?:a year ago|last year|of the previous year|in the previous year|the year before))\b",
    re.IGNORECASE,
)
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "range",
        re.compile(
            rf"\b(?:between\s+|from\s+)?(?:the\s+)?(?P<a>{_MONTH_WORD})(?:\s*[-–]\s*|[-–]?(?:to|through|until)[-–]|\s+(?:to|and|through|until)\s+)"
            rf"(?P<b>{_MONTH_WORD})(?:\s+period)?{_YEAR_OF}",
        ),
    ),
    (
        "quarter",
        re.compile(
            r"\b(?P<fiscal>fiscal\s+)?(?:the\s+)?(?P<q>first|second|third|fourth|final|last|1st|2nd"
            r"|3rd|4th)[\s-]+quarter\b(?:\s+(?:of\s+)?(?P<yw>this year|last year|next year)"
            r"|[^.;:!?\d]{0,60}?\b(?P<year>(?:19|20)\d\d)\b)?",
            re.IGNORECASE,
        ),
    ),
    (
        "quarter",
        re.compile(
            r"\b(?P<fiscal>fiscal\s+|F)?Q(?P<n>[1-4])(?:\s+of|\s*|-|')?(?P<year>(?:19|20)\d\d)?\b"
        ),
    ),
    (
        "quarters",
        re.compile(rf"\b(?:the\s+)?first\s+(?P<k>two|three)\s+quarters{_YEAR_OF}", re.IGNORECASE),
    ),
    (
        "half",
        re.compile(
            rf"\b(?:the\s+)?(?P<h>first|second)\s+half{_YEAR_OF}",
            re.IGNORECASE,
        ),
    ),
    ("half", re.compile(r"\bH(?P<n>[12])(?:\s*|-)(?P<year>(?:19|20)\d\d)?\b")),
    (
        "month",
        re.compile(
            r"\b(?P<m>January|February|March|April|June|July|August|September|October|November"
            r"|December|(?<=in )May|May(?= \d{4}))(?:['’]s)?"
            r"(?:\s+(?:of\s+)?(?P<year>(?:19|20)\d\d))?\b"
        ),
    ),
    ("relative", _RELATIVE),
    ("lastyear", re.compile(r"\b(?P<w>last|this|next)\s+year\b", re.IGNORECASE)),
    ("lastmonth", re.compile(r"\blast\s+month\b", re.IGNORECASE)),
    (
        "year",
        re.compile(r"(?<![\w$€£¥.,-])(?P<year>(?:19|20)\d\d)(?![\w%]|,\d|\.\d| ?(?:GW|MW|kW))"),
    ),
]


def find_periods(text: str, start: int, end: int, ref: dt.date | None) -> list[PeriodMention]:
    """Every period named in ``text[start:end]``, in text order, without overlaps."""
    taken: list[tuple[int, int]] = []
    found: list[PeriodMention] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text, start, end):
            a, b = match.span()
            if any(a < y and x < b for x, y in taken):
                continue
            mention = _mention(kind, match, ref)
            if mention is None:
                continue
            taken.append((a, b))
            found.append(mention)
    return sorted(found, key=lambda m: m.start)


def _mention(kind: str, match: re.Match[str], ref: dt.date | None) -> PeriodMention | None:
    groups = match.groupdict()
    a, b = match.span()
    year, why = _year_word(groups.get("year") or groups.get("yw"), ref)
    if kind == "relative":
        return PeriodMention(a, b, None, shift=-1)
    if kind == "lastyear":
        if ref is None:
            return PeriodMention(a, b, None, guessed=f"{match.group()!r} needs the article's date")
        offset = {"last": -1, "this": 0, "next": 1}[groups["w"].lower()]
        return PeriodMention(a, b, Period(ref.year + offset, 1, 12))
    if kind == "lastmonth":
        if ref is None:
            return None
        month = ref.month - 1 or 12
        return PeriodMention(a, b, Period(ref.year - (month == 12), month, month))
    if kind == "year":
        return PeriodMention(a, b, Period(int(groups["year"]), 1, 12))
    if kind == "range":
        first, last = _month_number(groups["a"]), _month_number(groups["b"])
        if last < first:
            return None
    elif kind == "quarter":
        q = int(groups["n"]) if groups.get("n") else _ORDINAL[groups["q"].lower()]
        first, last = 3 * q - 2, 3 * q
    elif kind == "quarters":
        first, last = 1, 6 if groups["k"].lower() == "two" else 9
    elif kind == "half":
        h = int(groups["n"]) if groups.get("n") else (1 if groups["h"].lower() == "first" else 2)
        first, last = (1, 6) if h == 1 else (7, 12)
    else:
        first = last = _month_number(groups["m"])
    period: Period | None
    if year is not None:
        period, guessed = Period(year, first, last), why
    else:
        period, guessed = _latest(first, last, ref)
        guessed = why or guessed
    if groups.get("fiscal"):
        guessed = "a fiscal period: check the company's fiscal calendar and say which days"
    return PeriodMention(a, b, period, guessed=guessed)


# --- Units -------------------------------------------------------------------------------------

_NOUN_UNITS: list[tuple[str, str]] = [
    (r"vehicles?|cars?|evs?|suvs?|sedans?|trucks?|buses|motorcycles?", FC + "VehicleCount"),
    (
        r"smartphones?|phones?|handsets?|devices?|tablets?|laptops?|pcs|computers?",
        FC + "DeviceCount",
    ),
    (
        r"people|persons?|population|women|men|children|residents?|inhabitants?|births?|deaths?|babies|workers?|employees?"
        r"|jobs|users?|customers?|buyers?|subscribers?|members?|visitors?|tourists?|students?"
        r"|patients?|voters?|adults?|households?",
        FC + "PersonCount",
    ),
    (r"passengers?|travell?ers?", FC + "PassengerCount"),
    (r"seats?", FC + "SeatCount"),
    (r"flights?|departures?|arrivals?|movements?|take-?offs?", FC + "MovementCount"),
    (r"airlines?|carriers?", FC + "AirlineCount"),
    (r"orders?|pre-orders?", FC + "OrderCount"),
    (r"months?", FC + "MonthCount"),
    (r"days?", FC + "DayCount"),
    (r"hours?|-hour", UNIT + "HR"),
    (r"years?", UNIT + "YR"),
    (r"(?:metric\s+)?tonnes?|tons?", UNIT + "TONNE"),
    (r"gigawatts?|gw", UNIT + "GigaW"),
    (r"terawatts?|tw", UNIT + "TeraW"),
    (r"megawatts?|mw", UNIT + "MegaW"),
    (r"kilowatts?|kw", UNIT + "KiloW"),
    (r"gigawatt[- ]hours?|gwh", UNIT + "GigaW-HR"),
    (r"terawatt[- ]hours?|twh", UNIT + "TeraW-HR"),
]
_GENERIC = re.compile(r"units?\b", re.IGNORECASE)


def noun_unit(words: str) -> str | None:
    """The count unit of the first words after a number ("passengers travelled" → people)."""
    head = words.strip().lower()
    head = re.sub(r"^(?:\([^)]*\)\s*)", "", head)
    for pattern, unit in _NOUN_UNITS:
        if re.match(rf"(?:{pattern})\b", head):
            return unit
    return None


def unit_near(text: str, start: int, end: int, clause: tuple[int, int]) -> str | None:
    """The unit named just after the figure (skipping adjectives), or just before it."""
    after = text[end : min(clause[1], end + 70)]
    words = re.findall(r"[\w-]+", after)[:6]
    for index in range(len(words)):
        unit = noun_unit(" ".join(words[index:]))
        if unit is not None:
            return unit
        if _GENERIC.match(words[index]) or words[index].lower() in _STOP:
            break
    before = re.findall(r"[\w-]+", text[max(clause[0], start - 60) : start])[-8:]
    for index in range(len(before) - 1, -1, -1):
        unit = noun_unit(before[index])
        if unit is not None and unit not in _TIME_UNITS:
            return unit
    return None


_STOP = {"of", "in", "to", "from", "a", "an", "the", "than", "for", "per", "on", "at", "by", "with"}
_TIME_UNITS = {FC + "MonthCount", FC + "DayCount", UNIT + "HR", UNIT + "YR"}


# --- Numbers written as words --------------------------------------------------------------------

_NUMBER_WORDS = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety|hundred|thousand|million|billion)"
)
_WORD_NUMBER = re.compile(
    rf"\b(?P<words>{_NUMBER_WORDS}(?:[\s-]+(?:and\s+)?{_NUMBER_WORDS})*)\b"
    r"(?P<gap>(?:\s+(?:consecutive|straight|more|new|different|other|daily|weekly|monthly))?)\s+",
    re.IGNORECASE,
)


@dataclass
class WordNumber:
    start: int
    end: int
    value: Decimal
    unit: str


def word_numbers(text: str, start: int, end: int) -> list[WordNumber]:
    """Numbers written as words that count something with a known unit ("eight airlines")."""
    from text_to_num import text2num  # type: ignore[import-untyped]

    found = []
    for match in _WORD_NUMBER.finditer(text, start, end):
        unit = noun_unit(text[match.end() : match.end() + 30])
        if unit is None:
            continue
        words = re.sub(r"\s+", " ", match.group("words").lower())
        if words == "one":
            continue  # "one of", "one airline": an article, not a figure
        try:
            value = text2num(words, "en")
        except ValueError:
            continue
        found.append(WordNumber(match.start(), match.end("words"), Decimal(value), unit))
    return found


# --- Kinds ---------------------------------------------------------------------------------------

_DOWN = (
    r"fell|fall(?:s|en|ing)?|drop(?:s|ped|ping)?|declin(?:e|ed|es|ing)|decreas(?:e|ed|es|ing)"
    r"|reduction|lower|fewer|less|down|slump(?:ed)?|plung(?:e|ed)|shr[ua]nk|contract(?:ed|ion)"
    r"|lost|cut"
)
_UP = (
    r"increas(?:e|ed|es|ing)|r(?:o|i)se[sn]?|rising|up|growth|gr[eo]w(?:n|s|ing)?|jump(?:ed|s)?"
    r"|surg(?:e|ed|es)|soar(?:ed|s)?|climb(?:ed|s)?|gain(?:ed|s)?|higher|more|boost(?:ed)?"
    r"|expan(?:ded|sion)|leap"
)
_CHANGE_NEAR = re.compile(rf"\b(?:{_DOWN}|{_UP}|year[- ]on[- ]year|yoy|y/y)\b", re.IGNORECASE)
_DOWN_RE = re.compile(rf"\b(?:{_DOWN})\b", re.IGNORECASE)
_SHARE = re.compile(
    r"^\s*(?:per\s?cent|percent|%)?\s*(?:(?:market|global|the)\s+)*share\b"
    r"|^\s*(?:per\s?cent|percent|%)\s+of\s+(?:all|the|total|its|their|global|world)\b"
    r"|\b(?:accounted for|represent(?:ed|s|ing)?|made up|share of)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_THAN = re.compile(r"\b(?:than|over|compared (?:to|with)|versus|vs\.?|from|on)\s+", re.IGNORECASE)
_COMPARE_CUE = re.compile(
    r"\b(?:than|ahead of|behind|overtook|overtaken by|outsold|outnumbered|leapfrogged|dethroned"
    r"|surpassed|beat|trail(?:ed|s)?)\b",
    re.IGNORECASE,
)
_MULTIPLE = re.compile(
    r"\b(?P<w>doubl(?:e|ed|ing)|tripl(?:e|ed|ing)|quadrupl(?:e|ed|ing)|halv(?:e|ed|ing))\b",
    re.IGNORECASE,
)
_MULTIPLES: dict[str, Decimal] = {
    "doubl": Decimal(2),
    "tripl": Decimal(3),
    "quadru": Decimal(4),
    "halv": Decimal("0.5"),
}
_ABSOLUTE = re.compile(
    rf"\b(?:{_DOWN}|{_UP})\s+by\s+$|\ban?\s+$(?=[\d.,]+[-\s]?\w+\s+(?:{_DOWN}|{_UP})\b)",
    re.IGNORECASE,
)
_POINTS = re.compile(r"^\s*(?:percentage\s+)?points?\b", re.IGNORECASE)

RANKING = re.compile(
    r"\b(?:the\s+)?(?:top|largest|biggest|leading|best[- ]\w+ing|most populous|number one"
    r"|first place|led the way)\b",
    re.IGNORECASE,
)
RECORD = re.compile(
    r"\b(?:(?P<high>busiest|highest|largest|biggest|best)\s+(?:\w+\s+)?ever|record(?:s)?\b"
    r"|all[- ]time|for the first time|(?P<low>lowest)\b[^.]*\bsince"
    r"|(?P<high2>highest)\b[^.]*\bsince)",
    re.IGNORECASE,
)
RELATION = re.compile(
    r"\b(?P<over>overtook|overtaken by|leapfrogged|dethroned|surpassed|outsold)\b"
    r"|\b(?P<ahead>ahead of|outnumbered)\b|\b(?P<behind>behind|trail(?:ed|s|ing))\b",
    re.IGNORECASE,
)
STOCK = re.compile(
    rf"\bpopulation\b|\breach(?:ed|es|ing)\b|\bat the end of\b|\bby (?:the end of )?{_MONTH_WORD}\b"
    r"|\bcapacity (?:\w+ ){0,2}(?:soared|rose|grew|stood|climbed|increased|hit)\b"
    r"|\binstalled (?:base|capacity)\b",
    re.IGNORECASE,
)
SOURCE_CUE = re.compile(
    r"(?:according to|data (?:from|by)|report(?:ed)? (?:from|by)|figures from|said|says|told)"
    r"\s+(?:\w+\s+){0,3}$",
    re.IGNORECASE,
)


@dataclass
class Reading:
    """What the words around one figure say: kind, change, comparison, share."""

    kind: str | None = None
    """Change, Comparison, Share, Ranking, Record, or None for a plain figure."""
    change_kind: str | None = None
    negative: bool = False
    compared_with: int | None = None
    """Offset of the words after the comparison cue, where the other subject is named."""
    base_cue: bool = False
    todos: list[str] = field(default_factory=list)


def read_figure(text: str, start: int, end: int, clause: tuple[int, int], percent: bool) -> Reading:
    """The kind of claim a figure at ``text[start:end]`` in ``clause`` makes."""
    reading = Reading()
    before = text[max(clause[0], start - 45) : start]
    after = text[end : min(clause[1], end + 45)]
    if percent and (_SHARE.search(after) or _SHARE.search(before)):
        reading.kind = "Share"
        reading.todos.append("fc:shareOf: name the whole this is a share of")
        return reading
    points = _POINTS.match(after)
    near = before[-30:] + " " + after[:40]
    changed = bool(_CHANGE_NEAR.search(near))
    if percent or points:
        if not changed:
            return reading
        reading.change_kind = "PercentagePointChange" if points else "RelativeChange"
    elif _ABSOLUTE.search(before) or re.match(rf"[-\s]?\w*\s+(?:{_DOWN}|reduction)\b", after):
        reading.change_kind = "AbsoluteChange"
        changed = True
    else:
        return reading
    reading.negative = bool(_DOWN_RE.search(near)) and not re.search(
        r"\bfrom\b", before[-12:] if not percent else ""
    )
    cue = _COMPARE_CUE.search(text, end, clause[1])
    if cue and cue.group().lower() == "than":
        reading.compared_with = cue.end()
    reading.kind = "Comparison" if reading.compared_with is not None else "Change"
    return reading


_VAGUE_BEFORE = re.compile(r"\b(?:almost|nearly|about|roughly|more than)\s+$", re.IGNORECASE)


def multiples(text: str, start: int, end: int) -> list[tuple[int, int, Decimal, bool]]:
    """(start, end, factor, almost) for "almost tripling", "doubled" in ``text[start:end]``."""
    found = []
    for match in _MULTIPLE.finditer(text, start, end):
        word = match.group("w").lower()
        factor = next(v for k, v in _MULTIPLES.items() if word.startswith(k))
        begin = match.start()
        qualifier = _VAGUE_BEFORE.search(text[max(0, begin - 20) : begin])
        almost = qualifier is not None
        qualifier_start = max(0, begin - 20) + qualifier.start() if qualifier else begin
        found.append((qualifier_start, match.end(), factor, almost))
    return found


def is_stock(text: str, sentence: tuple[int, int]) -> bool:
    """Whether the sentence reads a level at an instant (a population, a capacity reached)."""
    return STOCK.search(text, *sentence) is not None


def sentence_periods(
    mentions: Sequence[PeriodMention],
) -> list[PeriodMention]:
    return [m for m in mentions if m.period is not None]
