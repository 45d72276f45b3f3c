"""The draft's reading of an article, sentence by sentence (see ``factcheck.newsclaims``).

``NewsReader`` keeps what a reader keeps in mind from one sentence to the next: the period, the
entity and the unit last named. It decides which figures become claims (a bare year is a period,
not a claim; "for every 1,000 women" is a rate's denominator), adds figures ``find_figures``
does not see (numbers written as words, "almost tripling"), drafts claims that hold no number
(rankings, records, comparisons such as "ahead of Samsung"), and fills in each claim's kind,
period, subject and unit, with a to-do wherever it guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from factcheck.figures import Figure, find_figures
from factcheck.newsclaims import (
    FC,
    RANKING,
    RECORD,
    RELATION,
    SOURCE_CUE,
    Period,
    PeriodMention,
    find_periods,
    is_stock,
    multiples,
    noun_unit,
    read_figure,
    unit_near,
    word_numbers,
)

if TYPE_CHECKING:
    from rdflib import URIRef

    from factcheck.draft import DraftClaim

_EVENT_YEAR = re.compile(
    r"\b(?:founded|established|born|launched|opened|released|died|introduced|began|started"
    r"|created|built|completed|elected|appointed|acquired|merged|listed)\b",
    re.IGNORECASE,
)
_BASE_CUE = re.compile(
    r"\b(?:than(?: in)?|over|compared (?:to|with)|versus|vs\.?|from|on|against|since)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_SINCE = re.compile(r"\b(?:since|began in|starting in|reported in|said in)\s+(?:the\s+)?$", re.I)
_QUALIFYING = re.compile(
    r"\b(?:in|during|for|of|since|by|from|until|through|between|and|to|over|than)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_DENOMINATOR = re.compile(r"\b(?:for every|per|every)\s+$", re.IGNORECASE)
_PER_WORDS = re.compile(
    r"\b(?:for every|per)\s+(?:1,000|1000|thousand|one thousand)(?:\s+(?P<who>\w+))?",
    re.IGNORECASE,
)
_RELATIVE_CLAUSE = re.compile(r"^[\s,]*(?:which|who|that)\b", re.IGNORECASE)


def _distance(mention: PeriodMention, figure: Figure) -> int:
    if mention.start >= figure.end:
        return mention.start - figure.end
    return max(0, figure.start - mention.end)


_THE_COMPANY = re.compile(
    r"\b(?:the|its|their)\s+(?:\w+\s+)?(?:company|firm|group|carmaker|automaker|maker"
    r"|manufacturer|business|vendor|brand)\b",
    re.IGNORECASE,
)


_PROPER_NAME = re.compile(
    r"(?<![\w-])(?P<name>[A-Z][\w&.-]*[A-Za-z0-9](?:\s+[A-Z][\w&.-]*[A-Za-z0-9])*)(?:['’]s)?(?![\w-])"
)
_NOT_NAMES = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "By",
        "It",
        "Its",
        "This",
        "That",
        "These",
        "Those",
        "According",
        "However",
        "But",
        "And",
        "While",
        "Despite",
        "After",
        "Before",
        "Since",
        "For",
        "As",
        "If",
        "When",
        "Meanwhile",
        "Also",
        "Last",
        "Next",
        "First",
        "Second",
        "Third",
        "Fourth",
        "Final",
        "Its",
        "Their",
        "His",
        "Her",
        "Our",
        "We",
        "They",
        "He",
        "She",
        "I",
        "Q1",
        "Q2",
        "Q3",
        "Q4",
        "H1",
        "H2",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "EV",
        "EVs",
        "CEO",
        "US",
        "UK",
        "EU",
        "GW",
        "TW",
        "MW",
        "kW",
    ]
)


@dataclass
class Mention:
    start: int
    end: int
    entity: URIRef
    possessor: bool


class NewsReader:
    """Reads one article; call ``figures``/``cue_claims``/``annotate`` per sentence, in order."""

    def __init__(
        self, text: str, names: Sequence[tuple[str, URIRef]], article_date: dt.date | None
    ) -> None:
        self.text = text
        self.names = names
        self.date = article_date
        self.period: Period | None = None
        self.entity: URIRef | None = None
        self.unit: str | None = None
        self._periods: dict[tuple[int, int], list[PeriodMention]] = {}
        self._mentions: dict[tuple[int, int], list[Mention]] = {}
        self._sentence_figures: list[Figure] = []
        self.organisations: set[URIRef] = set()
        self._history: list[URIRef] = []
        self.proposed: dict[URIRef, str] = {}
        """New entities the draft proposes: names the registry does not have."""

    # --- what becomes a claim ---------------------------------------------------------------

    def figures(self, sentence: tuple[int, int]) -> list[Figure]:
        """The figures of ``sentence`` that are claims of their own."""
        text = self.text
        found = find_figures(text, *sentence)
        found += self._word_figures(sentence, found)
        quantities = [f for f in found if f.kind == "quantity"]
        kept = []
        for figure in found:
            if (
                figure.kind in ("period", "date")
                and figure.datatype != "date"
                and not quantities
                and _QUALIFYING.search(text[max(0, figure.start - 12) : figure.start])
                and not _EVENT_YEAR.search(text, *sentence)
            ):
                continue  # "lost its crown in 2024": a period, not a date claimed
            if (
                figure.kind == "quantity"
                and _DENOMINATOR.search(text, 0, figure.start)
                and (_DENOMINATOR.search(text[max(0, figure.start - 12) : figure.start]))
            ):
                continue  # "for every 1,000 women": the denominator of a rate
            if figure.kind == "quantity" and re.search(
                r"first time in\s+$", text[max(0, figure.start - 20) : figure.start]
            ):
                continue  # "for the first time in 60 years": the window of a record
            money = figure.currency or any(t.startswith("fc:currency") for t in figure.todos)
            if (
                not money
                and figure.kind == "quantity"
                and figure.value is not None
                and figure.value < 1000
                and re.search(
                    r"\b(?!(?:A|An|The|In|On|At|By)\s)\w*[A-Z]\w*\s+$",
                    text[max(0, figure.start - 20) : figure.start],
                )
                and figure.unit in (None, FC + "unknown")
                and not text[max(0, figure.start - 20) : figure.start].strip().endswith(",")
            ) or (
                not money
                and figure.kind == "quantity"
                and figure.unit in (None, FC + "unknown")
                and re.match(r"\s+[A-Z]", text[figure.end : figure.end + 3])
                and noun_unit(text[figure.end : figure.end + 20]) is None
                and figure.value is not None
                and figure.value < 1000
            ):
                continue  # "iPhone 8", "A380": part of a name
            if figure.kind == "date" and _SINCE.search(
                text[max(0, figure.start - 25) : figure.start]
            ):
                continue  # "since records began in 1949": where a series starts
            kept.append(figure)
        kept += self._levels(sentence, kept)
        kept.sort(key=lambda f: f.start)
        self._sentence_figures = kept
        return kept

    def _levels(self, sentence: tuple[int, int], found: list[Figure]) -> list[Figure]:
        """A bare number a change leads to: "increasing 2.1% to 209"."""
        extra = []
        for match in re.finditer(
            r"\bto\s+(\d[\d,]*(?:\.\d+)?)(?![\w%.,]\d|[\w%])", self.text[: sentence[1]]
        ):
            if match.start() < sentence[0]:
                continue
            start, end = match.span(1)
            if any(f.start < end and start < f.end for f in found):
                continue
            if not any(
                f.kind == "quantity" and f.unit == FC + "Percent" and 0 <= start - f.end <= 12
                for f in found
            ):
                continue
            figure = Figure("quantity", start, end, match.group(1))
            figure.value = Decimal(match.group(1).replace(",", ""))
            figure.unit, figure.precision = FC + "unknown", "Exact"
            extra.append(figure)
        return extra

    def _word_figures(self, sentence: tuple[int, int], found: list[Figure]) -> list[Figure]:
        text = self.text
        extra = []
        for number in word_numbers(text, *sentence):
            if any(f.start < number.end and number.start < f.end for f in found):
                continue
            figure = Figure("quantity", number.start, number.end, text[number.start : number.end])
            figure.value, figure.unit, figure.precision = number.value, number.unit, "Exact"
            extra.append(figure)
        for start, end, factor, almost in multiples(text, *sentence):
            figure = Figure("quantity", start, end, text[start:end])
            figure.value, figure.unit = factor, FC + "Factor"
            figure.precision = "Almost" if almost else "Exact"
            figure.qualifier = "multiple"
            extra.append(figure)
        return extra

    def cue_claims(self, sentence: tuple[int, int]) -> list[DraftClaim]:
        """Claims with no number: rankings, records and comparisons such as "ahead of X"."""
        from factcheck.article import clauses
        from factcheck.draft import DraftClaim

        text = self.text
        found: list[DraftClaim] = []
        for span in clauses(text, sentence):
            for pattern, kind in (
                (RELATION, "Comparison"),
                (RANKING, "Ranking"),
                (RECORD, "Record"),
            ):
                match = pattern.search(text, *span)
                if match is None:
                    continue
                figure = Figure("relation", match.start(), match.end(), match.group())
                claim = DraftClaim("", figure, span, kind=kind)
                groups = match.groupdict()
                if kind == "Comparison":
                    claim.relation = (
                        "Overtook"
                        if groups.get("over")
                        else "Less"
                        if groups.get("behind")
                        else "Greater"
                    )
                elif kind == "Ranking":
                    claim.rank = 1
                else:
                    low = groups.get("low")
                    claim.relation = (
                        "FirstTime"
                        if "first time" in match.group().lower()
                        else "Lowest"
                        if low
                        else "Highest"
                    )
                    window = re.match(
                        r"\s+in\s+(\d+)\s+years", text[match.end() : match.end() + 20]
                    )
                    if window:
                        claim.within_years = int(window.group(1))
                found.append(claim)
        return found

    # --- filling in a claim -----------------------------------------------------------------

    def annotate(
        self, claim: DraftClaim, sentence: tuple[int, int], clause: tuple[int, int]
    ) -> None:
        """Kind, period, subject and unit of a figure's claim."""
        figure = claim.figure
        text = self.text
        if figure.kind != "quantity":
            return
        percent = figure.unit == FC + "Percent"
        if figure.qualifier == "multiple":
            claim.kind, claim.change_kind = "Change", "Multiple"
        else:
            reading = read_figure(text, figure.start, figure.end, clause, percent)
            claim.kind, claim.change_kind = reading.kind, reading.change_kind
            claim.todos += reading.todos
            if reading.negative and figure.value is not None and figure.value > 0:
                figure.value = -figure.value
            if reading.compared_with is not None:
                other = self._first_entity(reading.compared_with, clause[1])
                if other is not None:
                    claim.compared_with = other
                else:
                    claim.kind, claim.compared_with = "Change", None
        self._unit(claim, sentence, clause)
        self._rate(claim, clause)
        self._periods_of(claim, sentence, clause)
        self._subject(claim, sentence, clause)

    def annotate_cue(self, claim: DraftClaim, sentence: tuple[int, int]) -> None:
        """Period and subject of a claim without a number (a ranking, record or comparison)."""
        claim.todos.append(
            "rdf:predicate: choose the claim property (what is ranked, compared or a record)"
        )
        self._periods_of(claim, sentence, claim.quote)
        cue = claim.figure
        if claim.kind == "Comparison" and cue.text.lower().endswith(" by"):
            claim.subject = self._first_entity(cue.end, claim.quote[1])
            claim.compared_with = self._last_entity(claim.quote[0], cue.start)
        else:
            self._subject(claim, sentence, claim.quote)
            if claim.kind == "Comparison":
                claim.compared_with = self._first_entity(cue.end, claim.quote[1])
        if claim.subject is None:
            claim.todos.append("rdf:subject: choose the entity the claim is about")
        if claim.kind == "Comparison" and claim.compared_with is None:
            claim.todos.append("fc:comparedWith: name what the subject is compared with")

    def _unit(self, claim: DraftClaim, sentence: tuple[int, int], clause: tuple[int, int]) -> None:
        figure = claim.figure
        money = figure.currency or any(t.startswith("fc:currency") for t in claim.todos)
        if money:
            self._currency(claim)
            return
        if figure.unit in (FC + "Percent", FC + "Factor"):
            return
        if figure.unit not in (None, FC + "unknown"):
            self.unit = figure.unit
            return
        named = unit_near(self.text, figure.start, figure.end, clause)
        if named is None:
            named = unit_near(self.text, figure.start, figure.end, sentence)
        if named is not None and not (figure.unit and figure.unit.startswith(FC + "Per")):
            figure.unit = named
        elif (figure.unit in (None, FC + "unknown")) and self.unit is not None:
            figure.unit = self.unit
            claim.todos.append("qudt:unit: taken from the figures before; confirm it")
        if figure.unit and figure.unit != FC + "unknown":
            claim.todos[:] = [t for t in claim.todos if not t.startswith("qudt:unit: say what")]
            self.unit = figure.unit

    def _currency(self, claim: DraftClaim) -> None:
        """¥ is yuan in an article about China and yen in one about Japan (with a to-do)."""
        figure = claim.figure
        if figure.currency or not figure.text.startswith("¥"):
            return
        china = re.search(r"\bChin(?:a|ese)\b", self.text)
        japan = re.search(r"\bJapan(?:ese)?\b", self.text)
        if bool(china) == bool(japan):
            return
        figure.currency, figure.unit = ("CNY" if china else "JPY"), None
        claim.todos[:] = [t for t in claim.todos if not t.startswith("fc:currency")]
        place = "China" if china else "Japan"
        claim.todos.append(
            f"fc:currency: '¥' read as {figure.currency}: the article is about {place}"
        )

    def _rate(self, claim: DraftClaim, clause: tuple[int, int]) -> None:
        figure = claim.figure
        match = _PER_WORDS.match(self.text, figure.end, clause[1]) or _PER_WORDS.search(
            self.text[figure.end : min(clause[1], figure.end + 40)]
        )
        if match is None:
            return
        who = (match.group("who") or "").lower()
        claim.per = "PerThousandWomen" if who == "women" else "PerThousandPeople"
        if who not in ("women", "people", "persons", "inhabitants", "population"):
            claim.todos.append("fc:per: the text says per 1,000 without saying of whom; confirm")

    # --- periods ------------------------------------------------------------------------------

    def _mentions_in(self, span: tuple[int, int]) -> list[PeriodMention]:
        if span not in self._periods:
            self._periods[span] = find_periods(self.text, *span, self.date)
        return self._periods[span]

    def _periods_of(
        self, claim: DraftClaim, sentence: tuple[int, int], clause: tuple[int, int]
    ) -> None:
        text = self.text
        figure = claim.figure
        usable = [
            m
            for m in self._mentions_in(sentence)
            if not _SINCE.search(text[max(0, m.start - 20) : m.start])
        ]
        in_clause = [m for m in usable if clause[0] <= m.start < clause[1]]
        base_cued = {
            id(m)
            for m in usable
            if m.period is None or _BASE_CUE.search(text[max(0, m.start - 20) : m.start])
        }
        sentence_main = next(
            (m.period for m in usable if m.period is not None and id(m) not in base_cued), None
        )
        context = sentence_main or self.period

        def resolve(mention: PeriodMention) -> Period | None:
            if mention.period is not None:
                return mention.period
            return context.shifted(mention.shift) if context is not None else None

        def distance(mention: PeriodMention) -> int:
            return _distance(mention, figure)

        main: PeriodMention | None = None
        owner = re.search(r"['’]s\s+$", text[max(0, figure.start - 4) : figure.start])
        if owner:
            main = next((m for m in in_clause if 0 <= figure.start - m.end <= 4), None)
        changing = claim.kind in ("Change", "Comparison")
        others = [  # the level figures of the sentence: a change takes the sentence's period
            f
            for f in self._sentence_figures
            if f is not figure and f.kind == "quantity" and f.unit != FC + "Percent"
        ]

        def nearer_other(mention: PeriodMention) -> bool:
            mine = distance(mention)
            if changing:
                return False
            return any(_distance(mention, other) < mine for other in others)

        if main is None:
            pool = [
                m
                for m in usable
                if not (id(m) in base_cued and (changing or distance(m) > 5))
                and not (m.period is None and distance(m) > 3)
                and not nearer_other(m)
            ]
            if pool:
                main = min(pool, key=lambda m: (not clause[0] <= m.start < clause[1], distance(m)))
        period = resolve(main) if main is not None else None
        guess = main.guessed if main is not None else ""
        if period is None and self.period is not None:
            period = self.period
            guess = "taken from the period the article named last; confirm it"
        elif period is None and sentence_main is not None:
            period = sentence_main
            guess = "the period the sentence names first; confirm it"
        if changing:
            bases = [m for m in in_clause if id(m) in base_cued and m is not main]
            if bases:
                base = min(bases, key=distance)
                claim.base = (
                    base.period
                    if base.period is not None
                    else (period.shifted(base.shift) if period is not None else None)
                )
        claim.period = period
        if claim.kind == "Change" and claim.base is None:
            claim.todos.append(
                "fc:basePeriod: the text does not say what the change is measured against;"
                " name the base (often the same period a year earlier)"
            )
        if period is not None and guess:
            claim.todos.append(f"fc:period: {guess}")
        if (
            period is not None
            and is_stock(text, sentence)
            and claim.kind not in ("Ranking", "Record")
        ):
            claim.point, claim.period = period.last_day, None
            claim.todos.append(
                "fc:pointInTime: a level read at the end of the period; confirm the day"
            )
        claim.todos[:] = [
            t for t in claim.todos if not t.startswith("fc:pointInTime: the sentence gives")
        ]

    # --- subjects -----------------------------------------------------------------------------

    def _entity_mentions(self, span: tuple[int, int]) -> list[Mention]:
        from factcheck.draft import mentions

        if span not in self._mentions:
            found = []
            for start, entity, possessor in mentions(self.text, *span, self.names):
                if SOURCE_CUE.search(self.text[max(0, start - 40) : start]):
                    continue
                name_end = self._name_end(start, entity)
                found.append(Mention(start, name_end, entity, possessor))
            self._mentions[span] = found
        return self._mentions[span]

    def _name_end(self, start: int, entity: URIRef) -> int:
        for name, named in self.names:
            if named == entity and self.text.startswith(name, start):
                return start + len(name)
        return start + 1

    def _first_entity(self, start: int, end: int) -> URIRef | None:
        found = list(self._entity_mentions((start, end)))
        return found[0].entity if found else None

    def _last_entity(self, start: int, end: int) -> URIRef | None:
        found = list(self._entity_mentions((start, end)))
        return found[-1].entity if found else None

    def _subject(
        self, claim: DraftClaim, sentence: tuple[int, int], clause: tuple[int, int]
    ) -> None:
        from factcheck.newsclaims import _COMPARE_CUE

        text = self.text
        figure = claim.figure
        found = self._entity_mentions(sentence)

        def compared(m: Mention) -> bool:
            return bool(
                re.search(
                    r"\b(?:than|ahead of|behind|over|overtook|leapfrogged|dethroned|surpassed"
                    r"|outsold|beat)\s+(?:the\s+)?(?:\w+\s+){0,1}$",
                    text[max(0, m.start - 30) : m.start],
                    re.IGNORECASE,
                )
            )

        chosen: URIRef | None = None
        before = [m for m in found if m.end <= figure.start and m.start >= clause[0]]
        for m in reversed(before):
            if _RELATIVE_CLAUSE.match(text[m.end : figure.start]):
                chosen = m.entity
                break
        if chosen is None:
            owners = [
                m
                for m in before
                if m.possessor
                and figure.start - m.end <= 60
                and not any(o.start > m.end and o.start - m.end <= 4 for o in found)
            ]
            if owners:
                chosen = owners[-1].entity
        if chosen is None:
            plain = [m for m in before if not compared(m)]
            if plain:
                chosen = plain[-1].entity
        if chosen is None:
            after = [
                m
                for m in found
                if m.start >= figure.end
                and m.start < clause[1]
                and not _COMPARE_CUE.search(text, figure.end, m.start)
                and not compared(m)
            ]
            if after:
                chosen = after[0].entity
        if chosen is None:
            earlier = [m for m in found if m.end <= figure.start and not compared(m)]
            if earlier:
                chosen = earlier[-1].entity
        claim.todos[:] = [t for t in claim.todos if not t.startswith("rdf:subject:")]
        if chosen is None:
            chosen = self._propose(clause[0], figure.start)
            if chosen is not None:
                claim.todos.append(
                    f"rdf:subject: {self.proposed[chosen]!r} is not in the registry;"
                    " confirm the new entity and move it to the registry"
                )
        if chosen is None and _THE_COMPANY.search(text, *clause):
            chosen = next((e for e in reversed(self._history) if e in self.organisations), None)
            if chosen is not None:
                claim.todos.append(
                    "rdf:subject: 'the company' read as the organisation named last; confirm it"
                )
        if chosen is None and self.entity is not None:
            chosen = self.entity
            claim.todos.append(
                "rdf:subject: taken from the entity the article named last; confirm it"
            )
        elif chosen is None:
            claim.todos.append("rdf:subject: choose the entity the claim is about")
        claim.subject = chosen
        if claim.compared_with is not None and claim.compared_with == chosen:
            claim.compared_with = None

    def _is_name(self, match: re.Match[str]) -> bool:
        """A capitalised word that opens a sentence is a name only if the text also capitalises
        it mid-sentence ("Tesla … while Tesla"), writes it in capitals ("BYD"), or it owns
        something ("Tesla's"); "Larger", "Notably" are not names."""
        before = self.text[: match.start()].rstrip(" \t\"'“‘")
        if before and before[-1] not in ".!?\n:":
            return True
        word = match.group("name").split()[0]
        if len(match.group("name").split()) > 1 or (word.isupper() and len(word) > 1):
            return True
        if re.match(r"['’]s\b", self.text[match.end("name") : match.end("name") + 3]):
            return True
        return re.search(rf"(?<=[a-z,;] ){re.escape(word)}\b", self.text) is not None

    def _propose(self, start: int, end: int) -> URIRef | None:
        """A name in ``text[start:end]`` that the registry lacks, as a proposed new entity."""
        from rdflib import URIRef

        from factcheck.draft import DATA

        names = [
            m
            for m in _PROPER_NAME.finditer(self.text, start, end)
            if m.group("name").split()[0] not in _NOT_NAMES
            and not any(ch.isdigit() for ch in m.group("name"))
            and not any(m.group("name") in name for name, _ in self.names)
            and self._is_name(m)
        ]
        if not names:
            return None
        name = names[-1].group("name")
        local = re.sub(r"[^A-Za-z0-9]", "", name)
        if not local or not local[0].isalpha():
            return None
        entity = URIRef(DATA + local)
        self.proposed.setdefault(entity, name)
        return entity

    def end_sentence(self, sentence: tuple[int, int], drafted: list[DraftClaim]) -> None:
        """Remember the period and entity this sentence leaves the reader with."""
        figures = [c for c in drafted if c.figure.kind == "quantity"]
        if figures:
            periods = [c.period for c in figures if c.period is not None]
            points = [c for c in figures if c.point is not None]
            if periods:
                self.period = periods[0]
            elif points:
                day = dt.date.fromisoformat(points[0].point or "")
                self.period = self.period if self.period else Period(day.year, 1, 12)
        if not figures and self.period is None:
            self.period = next((c.period for c in drafted if c.period is not None), None)
        found = self._entity_mentions(sentence)
        if found:
            self.entity = found[-1].entity
            self._history += [m.entity for m in found]
