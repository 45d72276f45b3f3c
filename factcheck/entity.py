"""Entities by name: find one from a label a journalist types, and gather what is said about it.

Lookup is case-insensitive and forgiving: an exact name (label, alternate name or IRI local
name) wins; then a name that contains the words; then any substring. When several entities match
equally, the one whose name every other match contains is taken ("cbs" → *CBS This Morning*, not
the interviews on it); otherwise the matches are listed. Nothing matching gives "did you mean"
suggestions (``difflib``).

Everything runs through canned queries (``entity-names``, ``claims-about-entity``,
``entity-relations``) on a ``query.QueryTarget``, so the same lookup works on local facts and on a
SPARQL endpoint.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from rdflib.namespace import RDFS

from factcheck.errors import AmbiguousNameError, NotFoundError
from factcheck.loader import FC, SCHEMA

if TYPE_CHECKING:
    from rdflib import URIRef
    from rdflib.term import Node

    from factcheck.query import QueryTarget

ARTICLE_CLAIM = {"article claim", str(FC.ArticleClaim)}
_NAME_PROPERTIES = {str(RDFS.label), str(SCHEMA.alternateName), str(SCHEMA.name)}
_NOTE_PROPERTIES = {str(RDFS.comment), str(FC.note)}
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass(frozen=True)
class Entity:
    iri: URIRef
    label: str
    names: tuple[str, ...]
    """Every name it goes by: labels, alternate names and the IRI's local name."""


@dataclass(frozen=True)
class Match:
    entity: Entity
    quality: int
    """0 an exact name, 1 whole words of a name, 2 part of a name."""
    name: str
    """The name that matched."""


def normalize(text: str) -> str:
    """Casefolded, curly apostrophes straightened, whitespace collapsed."""
    text = text.replace("’", "'").replace("‘", "'").casefold()
    return " ".join(text.split())


def local_name(iri: str) -> str:
    return re.split(r"[/#:]", iri.rstrip("/#"))[-1]


def entity_names(target: QueryTarget) -> list[Entity]:
    """Every entity with its names, from the ``entity-names`` canned query."""
    from rdflib import URIRef

    from factcheck.query import canned_query, select

    result = select(target, canned_query("entity-names").text)
    names: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    for entity, name, label in result.rows:
        key = str(entity)
        names.setdefault(key, [])
        if name is not None and str(name) not in names[key]:
            names[key].append(str(name))
        if label is not None:
            labels.setdefault(key, str(label))
    return [
        Entity(
            URIRef(iri),
            labels.get(iri, local_name(iri)),
            (*found, local_name(iri)) if local_name(iri) not in found else tuple(found),
        )
        for iri, found in names.items()
    ]


def find_entities(entities: Sequence[Entity], text: str) -> list[Match]:
    """The best matches for ``text``: every entity at the best match quality found, ranked."""
    wanted = normalize(text)
    if not wanted:
        return []
    words = re.compile(r"(?<!\w)" + re.escape(wanted) + r"(?!\w)")
    best: dict[str, Match] = {}
    for entity in entities:
        local = local_name(str(entity.iri))
        for name in entity.names:
            candidate = normalize(name)
            if candidate == wanted:
                quality = 0
            elif name == local:  # an IRI's local name counts only when typed in full
                continue
            elif words.search(candidate):
                quality = 1
            elif wanted in candidate:
                quality = 2
            else:
                continue
            key = str(entity.iri)
            if key not in best or (quality, len(name)) < (best[key].quality, len(best[key].name)):
                best[key] = Match(entity, quality, name)
    if not best:
        return []
    top = min(m.quality for m in best.values())
    return sorted(
        (m for m in best.values() if m.quality == top),
        key=lambda m: (len(m.name), m.entity.label, str(m.entity.iri)),
    )


def pick(matches: Sequence[Match]) -> Match | None:
    """The one match to take: the only one, or the one whose name every other match contains."""
    if len(matches) <= 1:
        return matches[0] if matches else None
    shortest = normalize(matches[0].name)
    contained = all(shortest in normalize(m.name) for m in matches)
    if contained and len(normalize(matches[1].name)) > len(shortest):
        return matches[0]
    return None


def suggestions(entities: Sequence[Entity], text: str, limit: int = 5) -> list[Entity]:
    """Entities whose names look like ``text`` (for "did you mean")."""
    by_name: dict[str, Entity] = {}
    for entity in entities:
        for name in entity.names:
            by_name.setdefault(normalize(name), entity)
    close = difflib.get_close_matches(normalize(text), list(by_name), n=limit * 2, cutoff=0.6)
    found: list[Entity] = []
    for name in close:
        if by_name[name] not in found:
            found.append(by_name[name])
    return found[:limit]


def describe(entity: Entity) -> str:
    from factcheck.render import shorten

    return f"{entity.label} ({shorten(entity.iri)})"


def resolve_entity(target: QueryTarget, text: str) -> Entity:
    """The entity ``text`` names: an IRI or prefixed name, or a label found by ``find_entities``.

    Raises ``NotFoundError`` (with "did you mean") or ``AmbiguousNameError`` (listing matches).
    """
    from factcheck.sparql import to_iri

    entities = entity_names(target)
    iri = to_iri(text)
    if iri is not None:
        for entity in entities:
            if entity.iri == iri:
                return entity
        raise NotFoundError(
            f"no entity {text} in the facts", hint="give its label, e.g. factcheck entity Xiaomi"
        )
    matches = find_entities(entities, text)
    chosen = pick(matches)
    if chosen is not None:
        return chosen.entity
    if matches:
        listed = "; ".join(describe(m.entity) for m in matches[:8])
        more = f" and {len(matches) - 8} more" if len(matches) > 8 else ""
        raise AmbiguousNameError(
            f"{text!r} matches {len(matches)} entities: {listed}{more}",
            hint="give more of the name, or the prefixed name in brackets",
        )
    close = suggestions(entities, text)
    hint = (
        "did you mean " + " or ".join(describe(e) for e in close) + "?"
        if close
        else "list every entity with: factcheck query entity-names"
    )
    raise NotFoundError(f"no entity named {text!r}", hint=hint)


# --- Everything about one entity ------------------------------------------------------------


@dataclass
class StatementLine:
    """One claim or fact naming the entity, its sources gathered."""

    statement: str
    kind: str
    role: str
    """How it names the entity: ``subject``, ``object`` or ``claimant``."""
    subject: str
    property: str
    value: str
    when: str
    sources: list[str] = field(default_factory=list)
    verdict: str = ""


@dataclass
class Relation:
    direction: str
    """``out`` (entity → other) or ``in`` (other → entity)."""
    property: str
    other: str
    other_iri: str


@dataclass
class EntityReport:
    iri: str
    label: str
    types: list[str]
    names: list[str]
    notes: list[str]
    known: list[StatementLine]
    """Reference facts."""
    claimed: list[StatementLine]
    """Article claims, with their verdicts."""
    relations: list[Relation]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _text(term: Node | None) -> str:
    return "" if term is None else str(term)


def format_amount(amount: Node | None, unit: Node | None, currency: Node | None) -> str:
    """``252000000`` USD → ``USD 252,000,000``; ``100000`` vehicles → ``100,000 vehicles``."""
    from rdflib import URIRef

    from factcheck.values import format_number, unit_label

    try:
        number = format_number(Decimal(str(amount)))
    except (InvalidOperation, ValueError):
        number = _text(amount)
    unit_text = unit_label(unit) if isinstance(unit, URIRef) else _text(unit)
    if currency is not None and unit is None:
        return f"{currency} {number}"
    if currency is not None:
        return f"{number} {currency} {unit_text}".strip()
    return f"{number} {unit_text}".strip()


_ROLE_ORDER = {"subject": 0, "object": 1, "claimant": 2}


def gather(target: QueryTarget, entity: Entity) -> EntityReport:
    """Everything the facts hold about ``entity``: reference facts, article claims, relations."""
    from rdflib import URIRef

    from factcheck.query import canned_query, select
    from factcheck.render import shorten

    statements: dict[str, StatementLine] = {}
    about = select(target, canned_query("claims-about-entity").text, {"entity": entity.iri})
    for row in about.rows:
        cells = dict(zip(about.variables, row, strict=True))
        # One line per statement: one that names the entity twice (subject and claimant, as
        # "Musk said …") is listed once, under the first role (subject, object, claimant).
        key = str(cells["claim"])
        line = statements.get(key)
        if line is not None and _ROLE_ORDER.get(_text(cells["role"]), 9) < _ROLE_ORDER.get(
            line.role, 9
        ):
            line.role = _text(cells["role"])
        if line is None:
            value = (
                format_amount(cells["amount"], cells["unit"], cells["currency"])
                if cells["amount"] is not None
                else _text(cells["value"])
            )
            line = statements[key] = StatementLine(
                statement=shorten(cells["claim"]),
                kind=_text(cells["kind"]),
                role=_text(cells["role"]),
                subject=_text(cells["subject"]),
                property=_text(cells["property"]),
                value=value,
                when=_text(cells["when"]),
                verdict=_text(cells["verdict"]),
            )
        source = _text(cells["source"])
        if source and source not in line.sources:
            line.sources.append(source)
    known = [s for s in statements.values() if s.kind not in ARTICLE_CLAIM]
    claimed = [s for s in statements.values() if s.kind in ARTICLE_CLAIM]

    types: list[str] = []
    names: list[str] = []
    notes: list[str] = []
    relations: list[Relation] = []
    links = select(target, canned_query("entity-relations").text, {"entity": entity.iri})
    for direction, prop, prop_label, other, other_label in links.rows:
        other_text = _text(other_label) or shorten(other)
        if direction is not None and str(direction) == "out":
            if str(prop) == _TYPE:
                types.append(other_text)
                continue
            if str(prop) in _NAME_PROPERTIES:
                if str(other) not in names:
                    names.append(str(other))
                continue
            if str(prop) in _NOTE_PROPERTIES:
                notes.append(str(other))
                continue
        relations.append(
            Relation(
                direction=_text(direction),
                property=_text(prop_label) or shorten(prop),
                other=other_text,
                other_iri=str(other) if isinstance(other, URIRef) else "",
            )
        )
    return EntityReport(
        iri=str(entity.iri),
        label=entity.label,
        types=types,
        names=[n for n in names if n != entity.label],
        notes=notes,
        known=known,
        claimed=claimed,
        relations=relations,
    )
