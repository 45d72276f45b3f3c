"""Numbers as news text writes them: "100,000", "4.27 million", "$252M", "1.1 percent", "two",
"a third", "doubled".

``numbers_in`` finds every number in a passage with the value it stands for (multiplier words
applied) and how precisely it is written; ``matches`` says whether a stored figure is what the
passage wrote, allowing for the figure's unit (a percentage stored as 1.1 or 0.011, an amount
stored in millions or in units). ``validate``'s quote-number rule uses both.

Number words come from one small table of English words (cardinals to ninety, hundred to
trillion, ordinals to tenth, fractions, multiples). A general library such as ``word2number``
would add a dependency for the same table and does not know fractions or "doubled"; the table
below is the whole of what news figures use.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

MULTIPLIERS: dict[str, float] = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
"""Multiplier words and suffixes after a number: "4.27 million", "$252M", "RMB 6.2bn"."""

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
CARDINALS: dict[str, int] = {word: number for number, word in enumerate(_UNITS.split(" "))} | {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
}
ORDINALS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
"""Ranks written as words: "second-largest"."""
FRACTIONS: dict[str, float] = {
    "half": 1 / 2,
    "halves": 1 / 2,
    "third": 1 / 3,
    "thirds": 1 / 3,
    "quarter": 1 / 4,
    "quarters": 1 / 4,
    "fifth": 1 / 5,
    "fifths": 1 / 5,
    "tenth": 1 / 10,
    "tenths": 1 / 10,
}
"""Fractions after "a", "one", "two" …: "a third", "two-thirds", "three quarters"."""
MULTIPLES: dict[str, int] = {
    "double": 2,
    "doubled": 2,
    "doubling": 2,
    "doubles": 2,
    "twice": 2,
    "twofold": 2,
    "triple": 3,
    "tripled": 3,
    "tripling": 3,
    "triples": 3,
    "threefold": 3,
    "quadruple": 4,
    "quadrupled": 4,
    "quadrupling": 4,
    "fourfold": 4,
}
"""Multiples: "doubled" is 2 times, or a change of +100%."""
SCALES: dict[str, float] = {"hundred": 1e2} | {
    word: MULTIPLIERS[word] for word in ("thousand", "million", "billion", "trillion")
}

_DIGITS = re.compile(
    r"""
    (?<![\w.,])                                         # not inside a word or a number
    (?P<currency>(?:US|HK|A|C|NZ|S)?[$€£¥₹]|(?:RMB|USD|CNY|EUR|GBP|JPY|HKD)\s?)?
    (?P<sign>[-−–])?
    (?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)
    (?P<ordinal>st|nd|rd|th)?
    (?:\s?(?P<multiplier>thousand|million|billion|trillion|mln|mn|bn|tn|[kmb])(?![\w]))?
    (?:\s?(?P<percent>%|percent|per\s?cent|percentage\spoints?|pp)(?![\w]))?
    (?![.,]?\d)                                        # the whole number, not a prefix of it
    """,
    re.VERBOSE | re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z]+")
_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|"
    "july|august|september|october|november|december"
)
_DATE_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s$", re.IGNORECASE)
_DATE_AFTER = re.compile(rf"^\s(?:{_MONTHS})\b", re.IGNORECASE)
NAME_NUMBER = re.compile(
    r"(?:Model|Ultra|SU|iPhone|Galaxy|Series|Boeing|Airbus|Flight|No\.?|Number)\s?$",
    re.IGNORECASE,
)
"""A number right after these words is part of a name (Model 3, Speed Ultra 7, Flight 370)."""


@dataclass(frozen=True)
class WrittenNumber:
    """One number in a passage."""

    text: str
    """As written: "4.27 million", "a third"."""
    value: float
    """What it stands for, multiplier applied: 4270000.0; 0.333… for "a third"."""
    tolerance: float
    """Half a unit of its last written digit, scaled: 5000 for "4.27 million"."""
    start: int
    end: int
    base: float | None = None
    """The number before its multiplier (4.27 of "4.27 million"), when it has one."""
    percent: bool = False
    """Written as a percentage ("1.1 percent", "12%")."""
    fraction: bool = False
    """A fraction word ("a third"): a share, so 33 percent is the same figure."""
    multiple: bool = False
    """A multiple ("doubled"): a change of (n − 1) × 100 percent is the same figure."""
    incidental: bool = False
    """Looks like a year, a day of the month or part of a name: not the figure a claim states."""


def numbers_in(text: str) -> list[WrittenNumber]:
    """Every number written in ``text``, in order: digits first, then words."""
    found = list(_digit_numbers(text))
    taken = [(n.start, n.end) for n in found]
    found += [
        n for n in _word_numbers(text) if not any(s < n.end and n.start < e for s, e in taken)
    ]
    return sorted(found, key=lambda n: n.start)


def _digit_numbers(text: str) -> Iterator[WrittenNumber]:
    for match in _DIGITS.finditer(text):
        digits = match.group("number").replace(",", "")
        number = float(digits)
        decimals = len(digits.partition(".")[2])
        word = (match.group("multiplier") or "").lower()
        multiplier = MULTIPLIERS.get(word, 1.0)
        ordinal = match.group("ordinal") is not None
        percent = match.group("percent") is not None
        plain = not (match.group("currency") or word or percent or ordinal or "," in match[0])
        before, after = text[max(0, match.start() - 12) : match.start()], text[match.end() :]
        incidental = (
            plain
            and (
                (decimals == 0 and 1800 <= number <= 2199)  # a year
                or bool(_DATE_BEFORE.search(before) or _DATE_AFTER.match(after[:12]))
                or bool(NAME_NUMBER.search(before))
            )
        )
        yield WrittenNumber(
            text=match.group(0).strip(),
            value=number * multiplier,
            tolerance=0.5 * 10.0**-decimals * multiplier,
            start=match.start(),
            end=match.end(),
            base=number if multiplier != 1.0 else None,
            percent=percent,
            incidental=incidental,
        )


def _word_numbers(text: str) -> Iterator[WrittenNumber]:
    """Numbers written as words: runs like "two hundred thousand", "a third", "doubled"."""
    words = [(m.group(0).lower(), m.start(), m.end()) for m in _WORD.finditer(text)]
    i = 0
    while i < len(words):
        word, start, _end = words[i]
        parsed = _word_number(text, words, i)
        if parsed is not None:
            number, i = parsed
            yield number
            continue
        if word in MULTIPLES:
            yield WrittenNumber(text[start:_end], MULTIPLES[word], 0.0, start, _end, multiple=True)
        elif word in ORDINALS:  # "second-largest", but also "the first half"
            yield WrittenNumber(text[start:_end], ORDINALS[word], 0.0, start, _end, incidental=True)
        elif word == "half":  # "half of sales", but also "the first half"
            yield WrittenNumber(
                text[start:_end], 0.5, 0.02, start, _end, fraction=True, incidental=True
            )
        i += 1


def _word_number(
    text: str, words: list[tuple[str, int, int]], i: int
) -> tuple[WrittenNumber, int] | None:
    """The cardinal or fraction starting at word ``i`` ("a million", "half a million",
    "twenty-five thousand", "two-thirds") and the index after it, or None."""
    start = words[i][1]
    word = words[i][0]
    nxt = words[i + 1][0] if i + 1 < len(words) and _joined(text, words, i) else ""
    if word == "half" and nxt == "a" and i + 2 < len(words) and _joined(text, words, i + 1):
        scale = SCALES.get(words[i + 2][0])
        if scale is not None:
            stop = words[i + 2][2]
            return WrittenNumber(text[start:stop], 0.5 * scale, 0.0, start, stop), i + 3
    total, current, j, used = 0.0, 0.0, i, False
    if word in {"a", "an", "one"} and (nxt in SCALES or nxt in FRACTIONS):
        current, j, used = 1.0, i + 1, True
    last = j - 1
    while j < len(words):
        if j > i and not _joined(text, words, j - 1):
            break
        token = words[j][0]
        if token in CARDINALS:
            if used and current % 1000 and current >= 1 and CARDINALS[token] >= 10:
                break  # "two twenty" is not a number
            current += CARDINALS[token]
        elif token in SCALES and used:
            if token == "hundred":
                current *= 1e2
            else:
                total += current * SCALES[token]
                current = 0.0
        elif token in FRACTIONS and used and 0 < current < 10 and not total:
            stop = words[j][2]
            value = current * FRACTIONS[token]
            return WrittenNumber(text[start:stop], value, 0.02, start, stop, fraction=True), j + 1
        elif token == "and" and used and j + 1 < len(words) and words[j + 1][0] in CARDINALS:
            j += 1
            continue
        else:
            break
        used, last = True, j
        j += 1
    if not used or last < i or words[last][0] in {"a", "an"}:
        return None
    stop = words[last][2]
    lone_one = last == i and word == "one"  # "one of the largest": a pronoun as often as not
    number = WrittenNumber(text[start:stop], total + current, 0.0, start, stop, incidental=lone_one)
    return number, last + 1


def _joined(text: str, words: list[tuple[str, int, int]], i: int) -> bool:
    """Whether word ``i`` and the next are separated by a space or a hyphen only."""
    if i + 1 >= len(words):
        return False
    return text[words[i][2] : words[i + 1][1]] in {" ", "-"}


def candidates(number: WrittenNumber, *, percent_unit: bool) -> list[tuple[float, float]]:
    """The stored values ``number`` may stand for, each with its tolerance."""
    found = [(number.value, number.tolerance)]
    if number.base is not None:  # a figure stored in the multiplier's unit: 4.27 (million)
        found.append((number.base, number.tolerance / (number.value / number.base)))
    if number.percent:  # 12% stored as the ratio 0.12
        found.append((number.value / 100, number.tolerance / 100))
    if number.fraction:  # "a third" of something, stored in percent
        found.append((number.value * 100, number.tolerance * 100))
    if number.multiple:  # "doubled": a relative change of +100%
        found.append(((number.value - 1) * 100, 0.0))
    if percent_unit and not (number.percent or number.fraction or number.multiple):
        found.append((number.value / 100, number.tolerance / 100))
    return found


def matches(value: float, number: WrittenNumber, *, percent_unit: bool = False) -> bool:
    """Whether a stored ``value`` is the figure ``number`` writes. The sign is not compared:
    "fell 1.1 percent" is stored as -1.1."""
    if not math.isfinite(value):
        return False  # NaN or INF is no figure a text writes (and INF is within any tolerance)
    size = abs(value)
    return any(
        abs(size - candidate) <= tolerance + 1e-9 * max(size, 1.0)
        for candidate, tolerance in candidates(number, percent_unit=percent_unit)
    )


def show(value: float) -> str:
    """A stored figure as a reader writes it: 100,000 / 4.27 / 0.011 (NaN, INF as in xsd)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")
