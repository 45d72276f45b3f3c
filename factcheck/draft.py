"""Draft a fact file from an article's text (``factcheck draft``): a claim skeleton, never a guess.

The article (plain text, or HTML with its body extracted) becomes an ``fc:SourceDocument`` whose
text file sits beside the draft. Every sentence that carries a checkable figure, amount,
percentage, count or date gets one ``fc:ArticleClaim`` per figure with:

- the verbatim quote of its clause as a W3C Web Annotation ``TextQuoteSelector`` and
  ``TextPositionSelector`` (https://www.w3.org/TR/annotation-model/#text-quote-selector): exact,
  32 characters of prefix and suffix, and Python ``str`` offsets into the text file;
- the value as an ``fc:Quantity`` (QUDT ``numericValue``, a unit or an ISO 4217 currency, and the
  stated precision: "about" is approximate, "more than" a lower bound, "$252 million" rounded to
  a million, "27,307" exact) or as a date whose XSD datatype is its granularity; quarters and
  halves are OWL-Time intervals (https://www.w3.org/TR/owl-time/); a duration such as "230 days"
  is a quantity in ``fc:DayCount`` that also carries its ``xsd:duration`` ("P230D") as comment;
- the subject entity when exactly one known entity's ``rdfs:label`` or ``schema:alternateName``
  appears in the clause (or else the sentence), a possessive ("Xiaomi's SU7") naming the other;
- the date or period of its clause as ``fc:pointInTime`` or ``fc:period`` when the clause has
  exactly one; other dates become claims of their own.

Reading the text is ``factcheck.article``; finding and parsing figures is ``factcheck.figures``.

What the text does not give is stated as ``fc:unknown`` where the shapes accept it and named in
an ``fc:todo`` ("part: what to do"), which ``validate`` reports as a warning. The claim property
is always left to a human: a suggestion goes into the to-do, never into ``rdf:predicate``.
Sentences without figures that read as opinion become ``fc:Opinion`` nodes to confirm. The same
input gives byte-identical output: the Turtle is written by ``factcheck.turtlewriter``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck.article import CLOSE_QUOTES, OPEN_QUOTES, clauses, sentences
from factcheck.errors import UsageError
from factcheck.figures import FC, UNIT, Figure
from factcheck.newsclaims import Period
from factcheck.newsreader import NewsReader

if TYPE_CHECKING:
    from rdflib import Graph, URIRef
    from rdflib.term import Node

DATA = "https://w3id.org/factcheck/data/"
QUOTE_CONTEXT = 32
"""Characters of oa:prefix and oa:suffix, as in the hand-made files."""

# --- Entities and opinions ----------------------------------------------------------------------

_NOT_ENTITIES = {
    FC + "ArticleClaim",
    FC + "ReferenceFact",
    FC + "Claim",
    FC + "Opinion",
    FC + "SourceDocument",
    FC + "Verdict",
    FC + "CalendarQuarter",
    "http://www.w3.org/2006/time#ProperInterval",
}


def entity_names(facts: Graph) -> list[tuple[str, URIRef]]:
    """(name, entity) for every label and alternative name of a named entity, longest first."""
    from rdflib import RDF, RDFS, Literal, Namespace, URIRef

    schema = Namespace("https://schema.org/")
    names: set[tuple[str, URIRef]] = set()
    for predicate in (RDFS.label, schema.alternateName):
        for entity, name in facts.subject_objects(predicate):
            if not isinstance(entity, URIRef) or not isinstance(name, Literal):
                continue
            if any(str(t) in _NOT_ENTITIES for t in facts.objects(entity, RDF.type)):
                continue
            if str(name).strip():
                names.add((str(name).strip(), entity))
    return sorted(names, key=lambda item: (-len(item[0]), item[0], str(item[1])))


def organisations(facts: Graph) -> set[URIRef]:
    """Entities typed as organisations (fc:Organization or a subclass the facts declare)."""
    from rdflib import RDF, RDFS, URIRef

    kinds = {URIRef(FC + "Organization")}
    kinds |= {
        k
        for k in facts.subjects(RDFS.subClassOf, URIRef(FC + "Organization"))
        if isinstance(k, URIRef)
    }
    return {e for kind in kinds for e in facts.subjects(RDF.type, kind) if isinstance(e, URIRef)}


def mentions(
    text: str, start: int, end: int, names: Sequence[tuple[str, URIRef]]
) -> list[tuple[int, URIRef, bool]]:
    """(offset, entity, is_possessor) for each entity named in ``text[start:end]``, longest
    names first and without overlaps. A possessor is followed by 's ("Xiaomi's SU7")."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, URIRef, bool]] = []
    for name, entity in names:
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text[start:end]):
            a, b = start + match.start(), start + match.end()
            if any(a < y and x < b for x, y in taken):
                continue
            taken.append((a, b))
            found.append((a, entity, bool(re.match(r"['’]s\b", text[b : b + 3]))))
    return sorted(found, key=lambda item: (item[0], str(item[1])))


def choose_subject(found: Sequence[tuple[int, URIRef, bool]]) -> tuple[URIRef | None, list[URIRef]]:
    """The one entity a clause is about, if only one is named (possessors set aside), and the
    candidates in order of mention."""
    candidates = list(dict.fromkeys(entity for _, entity, _ in found))
    owned = list(dict.fromkeys(entity for _, entity, possessor in found if not possessor))
    if len(candidates) == 1:
        return candidates[0], candidates
    if len(owned) == 1:
        return owned[0], candidates
    return None, candidates


OPINION_CUES = re.compile(
    r"\b(?:we|I)(?:\s+\w+){0,2}\s+(?:proud|believe|think|feel|hope|love)\b|\bproud\b|\bimpressive\b"
    r"|\bsure to\b|\bremarkable\b|\bincredible\b|\bamazing\b|\bstunning\b|\bextraordinary\b"
    r"|\bunprecedented\b|\brelentless\b|\biconic\b|\bserious challenge\b|\bappears? to\b"
    r"|\bseems? to\b|\bclearly\b|\bis clear\b|\bwill be closely watched\b|\bshowcases?\b"
    r"|\bdemonstrates?\b|\bhighlights?\b|\bdetermined to\b|\bin my view\b|\bundoubtedly\b"
    r"|\bmust\b|\bshould\b|\bdominance\b|\bbrilliant\b|\bdisappointing\b|\bstellar\b",
    re.IGNORECASE,
)
"""Words of judgement and first-person evaluation; a sentence with one and no figure is
listed as a possible opinion."""


# --- Drafting ----------------------------------------------------------------------------------

_SUGGESTIONS: list[tuple[str, str, str]] = [
    ("money", r"\blos(?:s|es|ing|t)\b.*\bper\b", "lossPerVehicle"),
    ("money", r"\blos(?:s|es|ing|t)\b", "netLoss"),
    ("money", r"\brevenue|\bsales\b|\bturnover\b", "revenue"),
    ("money", r"\bpric(?:e|ed|es)\b|\bcosts?\b|\bstarting at\b", "price"),
    ("percent", r"\bmargin\b", "grossMargin"),
    ("time", r"\bday\b|\bdays\b", "elapsedTime"),
    ("count", r"\bper month\b|\ba month\b|\bmonthly\b", "monthlyProduction"),
    ("count", r"\bcapacity\b", "monthlyCapacity"),
    (
        "count",
        r"\bproduc(?:ed|tion|e)\b|\bbuilt\b|\bmanufactured\b|\brolled off\b",
        "unitsProduced",
    ),
    ("count", r"\bdeliver(?:ed|ies|y)\b", "deliveries"),
    ("count", r"\bsold\b|\bsales\b", "vehicleSales"),
    ("count", r"\borders?\b", "ordersInFirstDay"),
    ("power", r".", "power"),
    ("date", r"\bfounded\b|\bestablished\b", "foundingDate"),
    ("date", r".", "happenedAt"),
]
"""(figure kind, pattern on the quote, fc: property): suggestions written into the to-do only."""


def suggest_property(figure: Figure, quote: str) -> str | None:
    """A claim property to suggest for ``figure`` quoted in ``quote``, or None."""
    if figure.kind == "date":
        kind = "date"
    elif figure.currency or (
        figure.unit == FC + "unknown" and "fc:currency" in " ".join(figure.todos)
    ):
        kind = "money"
    elif figure.unit == FC + "Percent":
        kind = "percent"
    elif figure.unit in (UNIT + "KiloW", UNIT + "HP"):
        kind = "power"
    elif figure.unit == FC + "DayCount":
        kind = "time"
    elif figure.kind == "quantity" and figure.unit in (
        FC + "VehicleCount",
        FC + "PerMonth",
        FC + "OrderCount",
        FC + "unknown",
    ):
        kind = "count"
    else:
        return None
    for wanted, pattern, name in _SUGGESTIONS:
        if wanted == kind and re.search(pattern, quote, re.IGNORECASE):
            return f"fc:{name}"
    return None


@dataclass
class DraftClaim:
    """One drafted claim: a figure, its quote and time, what it is about, and what is to do."""

    local: str
    figure: Figure
    quote: tuple[int, int]
    time: Figure | None = None
    subject: URIRef | None = None
    candidates: list[URIRef] = field(default_factory=list)
    todos: list[str] = field(default_factory=list)
    kind: str | None = None
    """Change, Comparison, Share, Ranking or Record (fc: local names), None for a figure."""
    change_kind: str | None = None
    period: Period | None = None
    base: Period | None = None
    point: str | None = None
    """xsd:date of a stock read at the end of its period (fc:pointInTime)."""
    compared_with: URIRef | None = None
    relation: str | None = None
    """fc: local name of a non-numeric object (Greater, Less, Overtook, Highest, Lowest …)."""
    rank: int | None = None
    per: str | None = None
    within_years: int | None = None
    period_iri: str | None = None
    base_iri: str | None = None


@dataclass
class DraftOpinion:
    """A sentence that reads as opinion, for a human to confirm."""

    local: str
    quote: tuple[int, int]
    cue: str
    about: URIRef | None = None


@dataclass
class Draft:
    """The result of drafting one article."""

    text: str
    document: str
    claims: list[DraftClaim]
    opinions: list[DraftOpinion]
    periods: list[tuple[str, str, str, str]]
    """Quarters and halves the draft declares because the facts do not (IRI local name, label,
    first day, last day)."""
    turtle: str = ""
    proposed: dict[URIRef, str] = field(default_factory=dict)
    """New entities (IRI → name) for names the registry does not have, each with a to-do."""

    @property
    def todo_count(self) -> int:
        return sum(len(c.todos) for c in self.claims) + len(self.opinions) + len(self.proposed)


def slug(name: str) -> str:
    """A lower-case IRI-safe name: ``Xiaomi SU7 (100k).txt`` → ``xiaomi-su7-100k``."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "article"


def draft(
    text: str,
    *,
    name: str,
    text_file: str,
    meta: Mapping[str, str] | None = None,
    facts: Graph | None = None,
) -> Draft:
    """Draft claims and opinions for ``text`` (article ``name``, stored as ``text_file``).

    ``facts`` supplies the known entities and periods; IRIs already used there are not reused.
    """
    from rdflib import Graph

    facts = facts if facts is not None else Graph()
    used = {str(s) for s in facts.subjects()}
    base = slug(Path(name).stem)
    while f"{DATA}article-{base}" in used or f"{DATA}claim-{base}-01" in used:
        base = _next_slug(base)
    names = entity_names(facts)
    claims: list[DraftClaim] = []
    opinions: list[DraftOpinion] = []
    reader = NewsReader(text, names, _article_date((meta or {}).get("datePublished")))
    reader.organisations = organisations(facts)
    for sentence in sentences(text):
        figures = reader.figures(sentence)
        cues = reader.cue_claims(sentence)
        if not figures and not cues:
            cue = OPINION_CUES.search(text, *sentence)
            if cue:
                span = _opinion_span(text, sentence)
                about = {entity for _, entity, _ in mentions(text, *span, names)}
                only = about.pop() if len(about) == 1 else None
                opinions.append(DraftOpinion("", span, cue.group(), only))
            continue
        drafted: list[DraftClaim] = []
        for span in clauses(text, sentence):
            inside = [f for f in figures if span[0] <= f.start < span[1]]
            times = [f for f in inside if f.kind != "quantity"]
            counted = any(f.kind == "quantity" for f in figures)
            for figure in inside:
                if figure.kind != "quantity" and counted and figure.datatype != "date":
                    continue  # a year, month or quarter that qualifies the sentence's figures
                time = _nearest(figure, times) if figure.kind == "quantity" else None
                several = False
                claim = _claim(
                    text,
                    sentence=sentence,
                    quote=span,
                    figure=figure,
                    time=time,
                    names=names,
                    several_times=several,
                )
                reader.annotate(claim, sentence, span)
                drafted.append(claim)
        for claim in cues:
            reader.annotate_cue(claim, sentence)
            drafted.append(claim)
        drafted.sort(key=lambda c: (c.quote[0], c.figure.start))
        claims += drafted
        reader.end_sentence(sentence, drafted)
    width = max(2, len(str(len(claims))), len(str(len(opinions))))
    for index, claim in enumerate(claims, 1):
        claim.local = f"claim-{base}-{index:0{width}d}"
    for index, opinion in enumerate(opinions, 1):
        opinion.local = f"opinion-{base}-{index:0{width}d}"
    periods = _new_periods(claims, facts)
    result = Draft(text, f"article-{base}", claims, opinions, periods)
    result.proposed = {
        entity: name for entity, name in reader.proposed.items() if str(entity) not in used
    }
    result.turtle = to_turtle(result, name=name, text_file=text_file, meta=meta or {}, facts=facts)
    return result


def _nearest(figure: Figure, times: Sequence[Figure]) -> Figure | None:
    """The date or period nearest ``figure`` in its clause (the one that qualifies it)."""
    if not times:
        return None
    return min(times, key=lambda t: abs(t.start - figure.start))


def _next_slug(base: str) -> str:
    match = re.fullmatch(r"(.*)-(\d+)", base)
    return f"{match.group(1)}-{int(match.group(2)) + 1}" if match else f"{base}-2"


def _opinion_span(text: str, sentence: tuple[int, int]) -> tuple[int, int]:
    start, end = sentence
    while start < end and text[start] in OPEN_QUOTES:
        start += 1
    while end > start and text[end - 1] in CLOSE_QUOTES:
        end -= 1
    return start, end


def _claim(
    text: str,
    *,
    sentence: tuple[int, int],
    quote: tuple[int, int],
    figure: Figure,
    time: Figure | None,
    names: Sequence[tuple[str, URIRef]],
    several_times: bool,
) -> DraftClaim:
    claim = DraftClaim("", figure, quote, time)
    found = mentions(text, *quote, names) or mentions(text, *sentence, names)
    claim.subject, claim.candidates = choose_subject(found)
    exact = text[quote[0] : quote[1]]
    if claim.subject is None:
        listed = ", ".join(_short(c) for c in claim.candidates)
        claim.todos.append(
            "rdf:subject: choose the entity the claim is about"
            + (f" (the text names {listed})" if listed else "")
        )
    suggestion = suggest_property(figure, exact)
    claim.todos.append(
        "rdf:predicate: choose the claim property"
        + (f" (perhaps {suggestion})" if suggestion else "")
    )
    if figure.kind == "period":
        claim.todos.append(f"rdf:object: state the value the text gives for {figure.text!r}")
    claim.todos += figure.todos
    if time is not None:
        claim.todos += [t.replace("rdf:object:", "fc:pointInTime:") for t in time.todos]
    elif several_times:
        claim.todos.append(
            "fc:pointInTime: the sentence gives several dates; say which applies, if any"
        )
    line_start = text.rfind("\n", 0, figure.start) + 1
    before = text[line_start : figure.start]
    if before.count("“") > before.count("”") or before.count('"') % 2 == 1:
        claim.todos.append("fc:claimant: the figure is inside a quotation; say who is quoted")
    return claim


def _short(entity: Node) -> str:
    return ":" + str(entity)[len(DATA) :] if str(entity).startswith(DATA) else f"<{entity}>"


def _new_periods(claims: Sequence[DraftClaim], facts: Graph) -> list[tuple[str, str, str, str]]:
    """Point each period at an interval the facts declare for the same days, or declare it."""
    from rdflib import Namespace

    time = Namespace("http://www.w3.org/2006/time#")
    known: dict[tuple[str, str], str] = {}
    for interval, begin in facts.subject_objects(time.hasBeginning):
        end = facts.value(interval, time.hasEnd)
        first = facts.value(begin, time.inXSDDate)
        last = facts.value(end, time.inXSDDate) if end is not None else None
        if first is not None and last is not None and str(interval).startswith(DATA):
            known.setdefault((str(first), str(last)), str(interval)[len(DATA) :])
    new: dict[str, tuple[str, str, str, str]] = {}
    for claim in claims:
        for period, slot in ((claim.period, "period_iri"), (claim.base, "base_iri")):
            if period is None:
                continue
            local, label, begins, ends = period.declaration()
            setattr(claim, slot, known.get((begins, ends), local))
            if (begins, ends) not in known:
                new.setdefault(local, (local, label, begins, ends))
        for figure in (claim.figure, claim.time):
            if figure is None or figure.period is None:
                continue
            local, label, begins, ends = figure.period
            figure.period = (known.get((begins, ends), local), label, begins, ends)
            if (begins, ends) not in known:
                new.setdefault(local, figure.period)
    return [new[k] for k in sorted(new)]


# --- Turtle ------------------------------------------------------------------------------------


def _section(title: str) -> list[str]:
    return [f"# --- {title} ".ljust(80, "-"), ""]


def _label(text: str, quote: tuple[int, int], figure: Figure) -> str:
    start, end = quote
    if end - start <= 80:
        return text[start:end]
    left = max(start, figure.start - 35)
    right = min(end, figure.end + 35)
    left = text.find(" ", left, figure.start) + 1 if left > start else left
    right_space = text.rfind(" ", figure.end, right)
    right = right_space if right < end and right_space > 0 else right
    return ("…" if left > start else "") + text[left:right].strip() + ("…" if right < end else "")


def to_turtle(
    result: Draft, *, name: str, text_file: str, meta: Mapping[str, str], facts: Graph
) -> str:
    """The draft as canonical Turtle: source document, claims, periods, opinions."""
    from rdflib import RDF, RDFS, BNode, Literal, Namespace, URIRef
    from rdflib.namespace import XSD

    from factcheck.loader import new_graph
    from factcheck.turtlewriter import Layout, serialize

    fc, oa, qudt = (
        Namespace(FC),
        Namespace("http://www.w3.org/ns/oa#"),
        Namespace("http://qudt.org/schema/qudt/"),
    )
    schema, time, data = (
        Namespace("https://schema.org/"),
        Namespace("http://www.w3.org/2006/time#"),
        Namespace(DATA),
    )
    graph = new_graph()
    text = result.text
    document = data[result.document]
    graph.add((document, RDF.type, fc.SourceDocument))
    graph.add((document, RDFS.label, Literal(meta.get("title") or f"Article: {name}")))
    graph.add((document, fc.sourceKind, fc.ArticleUnderReview))
    graph.add((document, fc.textFile, Literal(text_file)))
    graph.add((document, schema.name, Literal(meta["title"]) if "title" in meta else fc.unknown))
    for key, predicate in (
        ("publisher", schema.publisher),
        ("author", schema.author),
        ("language", schema.inLanguage),
    ):
        graph.add((document, predicate, Literal(meta[key]) if key in meta else fc.unknown))
    graph.add((document, schema.url, URIRef(meta["url"]) if "url" in meta else fc.unknown))
    published = _date_literal(meta["datePublished"]) if "datePublished" in meta else fc.unknown
    graph.add((document, schema.datePublished, published))

    def quote(node: Node, span: tuple[int, int]) -> None:
        selector = BNode()
        start, end = span
        graph.add((node, fc.quote, selector))
        for kind in (oa.TextQuoteSelector, oa.TextPositionSelector):
            graph.add((selector, RDF.type, kind))
        graph.add((selector, oa.exact, Literal(text[start:end])))
        graph.add((selector, oa.prefix, Literal(text[max(0, start - QUOTE_CONTEXT) : start])))
        graph.add((selector, oa.suffix, Literal(text[end : end + QUOTE_CONTEXT])))
        graph.add((selector, oa.start, Literal(start)))
        graph.add((selector, oa.end, Literal(end)))

    for claim in result.claims:
        node, figure = data[claim.local], claim.figure
        graph.add((node, RDF.type, fc.ArticleClaim))
        if claim.kind:
            graph.add((node, RDF.type, fc[claim.kind]))
        if claim.change_kind:
            graph.add((node, fc.changeKind, fc[claim.change_kind]))
        if claim.compared_with is not None:
            graph.add((node, fc.comparedWith, claim.compared_with))
        if claim.base_iri:
            graph.add((node, fc.basePeriod, data[claim.base_iri]))
        if claim.within_years is not None:
            graph.add((node, fc.withinYears, Literal(claim.within_years)))
        graph.add((node, RDFS.label, Literal(_label(text, claim.quote, figure))))
        graph.add((node, RDF.subject, claim.subject if claim.subject is not None else fc.unknown))
        graph.add((node, fc.source, document))
        if claim.relation is not None:
            graph.add((node, RDF.object, fc[claim.relation]))
        elif claim.rank is not None:
            graph.add((node, RDF.object, Literal(claim.rank)))
        elif figure.kind == "quantity":
            value = BNode()
            graph.add((node, RDF.object, value))
            graph.add((value, RDF.type, fc.Quantity))
            assert figure.value is not None
            number = figure.value
            graph.add(
                (
                    value,
                    qudt.numericValue,
                    Literal(int(number))
                    if number == number.to_integral_value()
                    else Literal(number),
                )
            )
            if figure.currency:
                graph.add((value, fc.currency, Literal(figure.currency)))
            if figure.unit:
                graph.add((value, qudt.unit, URIRef(figure.unit)))
            if claim.per:
                graph.add((value, fc.per, fc[claim.per]))
            if figure.precision:
                graph.add((value, fc.precision, fc[figure.precision]))
            if figure.precision == "Rounded" and figure.rounding is not None:
                graph.add(
                    (
                        value,
                        fc.roundingUnit,
                        Literal(int(figure.rounding))
                        if figure.rounding >= 1
                        else Literal(figure.rounding),
                    )
                )
            if figure.duration:
                graph.add((value, RDFS.comment, Literal(figure.duration, datatype=XSD.duration)))
        elif figure.kind == "date":
            graph.add(
                (node, RDF.object, Literal(figure.date, datatype=XSD[figure.datatype or "date"]))
            )
        else:
            graph.add((node, RDF.object, fc.unknown))
        if claim.point is not None:
            graph.add((node, fc.pointInTime, Literal(claim.point, datatype=XSD.date)))
        elif claim.period_iri is not None:
            graph.add((node, fc.period, data[claim.period_iri]))
        for when in (claim.time, figure if figure.kind == "period" else None):
            if claim.point is not None or claim.period_iri is not None:
                break
            if when is not None and when.period is not None:
                graph.add((node, fc.period, data[when.period[0]]))
            elif when is not None and when.kind == "date":
                graph.add(
                    (
                        node,
                        fc.pointInTime,
                        Literal(when.date, datatype=XSD[when.datatype or "date"]),
                    )
                )
        for todo in claim.todos:
            graph.add((node, fc.todo, Literal(todo)))
        quote(node, claim.quote)
    for entity, entity_name in sorted(result.proposed.items()):
        graph.add((entity, RDF.type, fc.Organization))
        graph.add((entity, RDFS.label, Literal(entity_name)))
        graph.add(
            (
                entity,
                fc.todo,
                Literal(
                    "rdf:type: a name the registry does not have; give its type (fc:Organization"
                    " is a guess) and move it to the registry, or name an entity it has"
                ),
            )
        )
    for local, label, first, last in result.periods:
        period = data[local]
        graph.add(
            (period, RDF.type, fc.CalendarQuarter if local.startswith("Q") else time.ProperInterval)
        )
        graph.add((period, RDFS.label, Literal(label)))
        for predicate, day in ((time.hasBeginning, first), (time.hasEnd, last)):
            instant = BNode()
            graph.add((period, predicate, instant))
            graph.add((instant, RDF.type, time.Instant))
            graph.add((instant, time.inXSDDate, Literal(day, datatype=XSD.date)))
    for opinion in result.opinions:
        node = data[opinion.local]
        graph.add((node, RDF.type, fc.Opinion))
        graph.add(
            (node, RDFS.label, Literal(_label(text, opinion.quote, Figure("", *opinion.quote, ""))))
        )
        if opinion.about is not None:
            graph.add((node, schema.about, opinion.about))
        graph.add((node, fc.source, document))
        graph.add(
            (
                node,
                fc.todo,
                Literal(
                    f"rdf:type: confirm this is opinion (it says {opinion.cue!r}),"
                    " or make it an fc:ArticleClaim"
                ),
            )
        )
        quote(node, opinion.quote)

    prefixes = {
        "": DATA,
        "fc": FC,
        "oa": str(oa),
        "qudt": str(qudt),
        "rdf": str(RDF),
        "rdfs": str(RDFS),
        "schema": str(schema),
        "time": str(time),
        "unit": UNIT,
        "xsd": str(XSD),
    }
    layout = Layout(
        prefixes=prefixes,
        header=[
            f"# Draft fact file for {name}, written by `factcheck draft`.",
            "# Nothing here is checked yet. Each claim quotes the text verbatim and states",
            "# only what the text gives; each fc:todo names a part a person must fill in or",
            "# confirm, and `factcheck validate` lists every one as a warning. Delete a to-do",
            "# once it is done.",
        ],
    )
    layout.order = [
        document,
        *(data[c.local] for c in result.claims),
        *sorted(result.proposed),
        *(data[p[0]] for p in result.periods),
        *(data[o.local] for o in result.opinions),
    ]
    layout.comments[document] = _section("The source document")
    if result.claims:
        layout.comments[data[result.claims[0].local]] = _section(
            "Claims: one per figure or date, in text order"
        )
    if result.proposed:
        layout.comments[sorted(result.proposed)[0]] = _section(
            "New entities: not in the registry yet"
        )
    if result.periods:
        layout.comments[data[result.periods[0][0]]] = _section("Periods the claims refer to")
    if result.opinions:
        layout.comments[data[result.opinions[0].local]] = _section(
            "Opinions? Confirm each, or make it a claim"
        )
    return serialize(graph, layout)


def _article_date(value: str | None) -> dt.date | None:
    """The article's date from ``datePublished`` (a day, a month or a year), if known."""
    if not value:
        return None
    match = re.match(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?", value)
    if not match:
        return None
    year, month, day = match.groups()
    try:
        return dt.date(int(year), int(month or 12), int(day or 1))
    except ValueError:
        return None


def _date_literal(value: str) -> Node:
    """A typed date for ``--source-meta datePublished=…``: year, year-month, day or instant."""
    from rdflib import Literal
    from rdflib.namespace import XSD

    patterns = (
        (r"\d{4}", XSD.gYear),
        (r"\d{4}-\d\d", XSD.gYearMonth),
        (r"\d{4}-\d\d-\d\d", XSD.date),
        (r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?", XSD.dateTime),
    )
    for pattern, datatype in patterns:
        if re.fullmatch(pattern, value):
            literal = Literal(value, datatype=datatype)
            if literal.ill_typed:
                break
            return literal
    raise UsageError(
        f"datePublished {value!r} is not a date",
        hint="write YYYY, YYYY-MM, YYYY-MM-DD or an ISO date-time",
    )
