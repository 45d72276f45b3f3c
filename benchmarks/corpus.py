"""Generate a synthetic newsroom corpus in the factcheck vocabulary, with planted errors.

The corpus imitates the bundled Xiaomi facts at scale: entity files (organisations, people,
vehicle models and variants, events, quarters), reference-fact files (sourced dates, prices,
deliveries, revenue in two currencies, derived exchange rates and per-vehicle losses, reviewed
disagreements between sources) and article files (an article under review with its text file
and claims that quote it verbatim, with correct ``oa:start``/``oa:end``). Some article claims
agree with the reference facts and some do not: a false claim correctly encoded is valid data.

A known number of **planted errors** of known kinds is recorded in ``manifest.json`` with the
focus node, the SHACL result path and constraint component each one must produce, so a runner
can assert that validators report exactly them. Output is deterministic for a seed.

    python benchmarks/corpus.py --triples 100000 --files 100 --out benchmarks/corpus/100k
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

DATA = "https://w3id.org/factcheck/data/"
FC = "https://w3id.org/factcheck/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
QUDT = "http://qudt.org/schema/qudt/"
SH = "http://www.w3.org/ns/shacl#"

PREFIXES = """\
@prefix :       <https://w3id.org/factcheck/data/> .
@prefix fc:     <https://w3id.org/factcheck/ontology#> .
@prefix oa:     <http://www.w3.org/ns/oa#> .
@prefix qudt:   <http://qudt.org/schema/qudt/> .
@prefix rdf:    <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix time:   <http://www.w3.org/2006/time#> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .
"""

ERROR_KINDS: dict[str, dict[str, str | None]] = {
    # kind: the SHACL result each planted error must produce (path as prefixed name)
    "missing_source": {"path": "fc:source", "component": "sh:MinCountConstraintComponent"},
    "missing_quote": {"path": "fc:quote", "component": "sh:MinCountConstraintComponent"},
    "date_as_string": {"path": "rdf:object", "component": "sh:OrConstraintComponent"},
    "bad_currency": {"path": "fc:currency", "component": "sh:InConstraintComponent"},
    "quantity_without_unit": {"path": None, "component": "sh:OrConstraintComponent"},
    "dangling_reference": {"path": "fc:period", "component": "sh:ClassConstraintComponent"},
    "conflicting_values": {"path": "rdf:object", "component": "sh:SPARQLConstraintComponent"},
}
"""Every kind of planted error and the result it must produce. ``conflicting_values`` is a
consistency finding (two sources, one property, one time, two values, no ``fc:disagreesWith``):
only a SHACL-SPARQL rule can see it, so the structure shapes alone do not report it."""

CONSISTENCY_KINDS = frozenset({"conflicting_values"})

_SYLLABLES = [
    "ka",
    "zhen",
    "lu",
    "vo",
    "ri",
    "tan",
    "mei",
    "xin",
    "bao",
    "hai",
    "ro",
    "sen",
    "qi",
    "lan",
    "dor",
    "ve",
    "shu",
    "min",
    "pe",
    "gao",
    "ya",
    "tor",
    "nio",
    "fen",
]
_GIVEN = [
    "Wei",
    "Lina",
    "Marco",
    "Aiko",
    "Hannah",
    "Ravi",
    "Chen",
    "Sofia",
    "Tomas",
    "Mei",
    "Jonas",
    "Priya",
    "Yusuf",
    "Elena",
    "Kenji",
    "Ines",
    "Oskar",
    "Zhang",
    "Amara",
    "Leo",
]
_FAMILY = [
    "Lin",
    "Okafor",
    "Novak",
    "Tanaka",
    "Schmidt",
    "Rao",
    "Zhou",
    "Moreau",
    "Silva",
    "Kim",
    "Berg",
    "Haddad",
    "Costa",
    "Ivanova",
    "Park",
    "Mendes",
    "Larsen",
    "Wu",
    "Osei",
    "Dubois",
]
_MODEL_WORDS = [
    "Aster",
    "Borealis",
    "Comet",
    "Dune",
    "Ember",
    "Fjord",
    "Glacier",
    "Halo",
    "Iris",
    "Juniper",
    "Kestrel",
    "Lumen",
    "Meridian",
    "Nova",
    "Onyx",
    "Pulse",
    "Quartz",
    "Raven",
]
_VARIANTS = ["Standard", "Pro", "Max"]
_OUTLETS = [
    "Reuters",
    "Bloomberg",
    "Caixin",
    "CnEVPost",
    "Autocar",
    "Electrek",
    "Nikkei Asia",
    "South China Morning Post",
    "Financial Times",
    "Automotive News",
    "Yicai",
    "36Kr",
]
_CITIES = ["Beijing", "Shanghai", "Shenzhen", "Hefei", "Wuhan", "Guangzhou", "Chongqing"]
_MONTHS = [
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
]
_FILLER = [
    "Industry observers in {city} expect the rivalry to sharpen.",
    "{org} did not respond to a request for comment.",
    "The figures come at a delicate moment for the company’s ambitions.",
    "Competition in the electric-car market has rarely been fiercer.",
    "Analysts say the {model} is central to {org}’s plans.",
    "Dealers reported long waiting lists, according to people familiar with the matter.",
    "The company has repeatedly said it is in the car business for the long haul.",
    "Critics question whether the pace can be sustained.",
]

# ---------------------------------------------------------------------------------------------
# A tiny Turtle writer that counts the triples it writes.


@dataclass
class Node:
    """A subject (``None`` for a blank node written inline) and its predicate-object pairs."""

    subject: str | None
    props: list[tuple[str, list[Obj]]] = field(default_factory=list)
    file: str = ""

    def add(self, predicate: str, *objects: Obj) -> Node:
        self.props.append((predicate, list(objects)))
        return self

    def get(self, predicate: str) -> list[Obj]:
        for p, objs in self.props:
            if p == predicate:
                return objs
        return []

    def drop(self, predicate: str) -> None:
        self.props = [(p, o) for p, o in self.props if p != predicate]

    def set(self, predicate: str, *objects: Obj) -> None:
        for i, (p, _) in enumerate(self.props):
            if p == predicate:
                self.props[i] = (p, list(objects))
                return
        self.add(predicate, *objects)

    def triples(self) -> int:
        return sum(
            len(objs) + sum(o.triples() for o in objs if isinstance(o, Node))
            for _, objs in self.props
        )

    def turtle(self, indent: str = "    ") -> str:
        parts = []
        for predicate, objects in self.props:
            rendered = ", ".join(_obj(o, indent + "    ") for o in objects)
            parts.append(f"{predicate} {rendered}")
        if self.subject is None:
            inner = f" ;\n{indent}".join(parts)
            return f"[\n{indent}{inner}\n{indent[:-4]}]"
        return f"{self.subject} " + f" ;\n{indent}".join(parts) + " .\n"


Obj = str | Node


def _obj(value: Obj, indent: str) -> str:
    return value.turtle(indent) if isinstance(value, Node) else value


def lit(text: str) -> str:
    """A Turtle string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def typed(value: str, datatype: str) -> str:
    return f'"{value}"^^xsd:{datatype}'


def quantity(
    value: int | float,
    *,
    unit: str | None = None,
    currency: str | None = None,
    precision: str = "fc:Exact",
    rounding: int | None = None,
) -> Node:
    node = Node(None).add("a", "fc:Quantity").add("qudt:numericValue", _number(value))
    if unit:
        node.add("qudt:unit", unit)
    if currency:
        node.add("fc:currency", lit(currency))
    node.add("fc:precision", precision)
    if rounding:
        node.add("fc:roundingUnit", str(rounding))
    return node


def _number(value: int | float) -> str:
    return str(value) if isinstance(value, int) else f"{value:.2f}"


# ---------------------------------------------------------------------------------------------
# The world: organisations, people, models, events, quarters.


@dataclass
class Model:
    iri: str
    name: str
    variants: list[tuple[str, str, int]]  # (iri, name, price in CNY)
    launch: date
    deliveries_start: date
    milestone: date
    milestone_units: int


@dataclass
class Org:
    index: int
    iri: str
    name: str
    ceo: tuple[str, str]
    spokesperson: tuple[str, str]
    models: list[Model]


@dataclass
class Quarter:
    iri: str
    label: str
    year: int
    q: int

    @property
    def begin(self) -> date:
        return date(self.year, 3 * self.q - 2, 1)

    @property
    def end(self) -> date:
        nxt = date(self.year + 1, 1, 1) if self.q == 4 else date(self.year, 3 * self.q + 1, 1)
        return nxt - timedelta(days=1)


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def _day(d: date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _quarter(n: int) -> Quarter:
    year, q = 2019 + n // 4, n % 4 + 1
    return Quarter(f":Q{q}-{year}", f"Q{q} {year}", year, q)


def make_world(rng: random.Random, orgs: int) -> list[Org]:
    world = []
    used: set[str] = set()
    for i in range(orgs):
        name = _name(rng, 2)
        while name in used:
            name = _name(rng, 3)
        used.add(name)
        people = []
        for role in ("ceo", "spokes"):
            given, family = rng.choice(_GIVEN), rng.choice(_FAMILY)
            people.append((f":person-{i}-{role}", f"{given} {family}"))
        models = []
        for m in range(3):
            word = _MODEL_WORDS[(i * 3 + m) % len(_MODEL_WORDS)]
            mname = f"{name} {word}"
            base = rng.randrange(150_000, 400_000, 100)
            variants = [
                (f":variant-{i}-{m}-{v}", f"{mname} {vname}", base + v * 30_000)
                for v, vname in enumerate(_VARIANTS)
            ]
            launch = date(2017, 1, 1) + timedelta(days=rng.randrange(0, 700))
            deliveries = launch + timedelta(days=rng.randrange(10, 60))
            milestone = launch + timedelta(days=rng.randrange(150, 500))
            models.append(
                Model(f":model-{i}-{m}", mname, variants, launch, deliveries, milestone, 100_000)
            )
        world.append(Org(i, f":org-{i}", f"{name} Motors", people[0], people[1], models))
    return world


def entity_nodes(org: Org) -> list[Node]:
    nodes = [
        Node(org.iri)
        .add("a", "fc:Organization")
        .add("rdfs:label", lit(org.name))
        .add("schema:alternateName", lit(org.name.split()[0])),
        Node(org.ceo[0]).add("a", "fc:Person").add("rdfs:label", lit(org.ceo[1])),
        Node(org.spokesperson[0]).add("a", "fc:Person").add("rdfs:label", lit(org.spokesperson[1])),
    ]
    for model in org.models:
        nodes.append(
            Node(model.iri)
            .add("a", "fc:VehicleModel")
            .add("rdfs:label", lit(model.name))
            .add("fc:manufacturer", org.iri)
        )
        for iri, name, _ in model.variants:
            nodes.append(
                Node(iri)
                .add("a", "fc:VehicleVariant")
                .add("rdfs:label", lit(name))
                .add("fc:variantOf", model.iri)
            )
        launch = model.iri.replace(":model-", ":launch-")
        nodes.append(
            Node(launch)
            .add("a", "fc:Launch")
            .add("rdfs:label", lit(f"{model.name} launch"))
            .add("schema:about", model.iri)
        )
        nodes.append(
            Node(model.iri.replace(":model-", ":deliveries-"))
            .add("a", "fc:DeliveryStart")
            .add("rdfs:label", lit(f"{model.name} first deliveries"))
            .add("schema:about", model.iri)
            .add("fc:requires", launch)
        )
        nodes.append(
            Node(model.iri.replace(":model-", ":milestone-"))
            .add("a", "fc:ProductionMilestone")
            .add("rdfs:label", lit(f"{model.milestone_units:,}th {model.name} produced"))
            .add("schema:about", model.iri)
            .add("fc:requires", launch)
        )
    return nodes


def quarter_node(quarter: Quarter) -> Node:
    return (
        Node(quarter.iri)
        .add("a", "fc:CalendarQuarter")
        .add("rdfs:label", lit(quarter.label))
        .add(
            "time:hasBeginning",
            Node(None)
            .add("a", "time:Instant")
            .add("time:inXSDDate", typed(str(quarter.begin), "date")),
        )
        .add(
            "time:hasEnd",
            Node(None)
            .add("a", "time:Instant")
            .add("time:inXSDDate", typed(str(quarter.end), "date")),
        )
    )


# ---------------------------------------------------------------------------------------------
# Reference facts and their sources.


@dataclass
class Fact:
    """A reference fact, plus what an article needs to make a claim about it."""

    node: Node
    kind: str
    subject: str
    predicate: str
    value: int | float | date | str
    period: Quarter | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def source_node(iri: str, label: str, kind: str, publisher: str, published: date) -> Node:
    return (
        Node(iri)
        .add("a", "fc:SourceDocument")
        .add("rdfs:label", lit(label))
        .add("fc:sourceKind", kind)
        .add("schema:publisher", publisher)
        .add("schema:datePublished", typed(str(published), "date"))
        .add("schema:url", f"<https://news.example/{iri[1:]}>")
    )


def fact_node(iri: str, label: str, subject: str, predicate: str, obj: Obj) -> Node:
    return (
        Node(iri)
        .add("a", "fc:ReferenceFact")
        .add("rdfs:label", lit(label))
        .add("rdf:subject", subject)
        .add("rdf:predicate", predicate)
        .add("rdf:object", obj)
    )


class ReferenceBuilder:
    """Builds reference facts for the world, quarter by quarter, until a triple budget is met."""

    def __init__(self, rng: random.Random, world: list[Org], files: int) -> None:
        self.rng = rng
        self.world = world
        self.files = max(1, files)
        self.nodes: dict[int, list[Node]] = {i: [] for i in range(self.files)}
        self.facts: list[Fact] = []
        self.facts_by_org: dict[int, list[Fact]] = {o.index: [] for o in world}
        self.sources: dict[int, list[str]] = {}
        self.triples = 0
        self.quarters: list[Quarter] = []
        self.disagreements = 0
        self.derived = 0

    def file_of(self, org: Org) -> int:
        return org.index % self.files

    def _emit(self, file: int, node: Node) -> None:
        node.file = f"reference-{file:04d}.ttl"
        self.nodes[file].append(node)
        self.triples += node.triples()

    def _sources(self, file: int) -> list[str]:
        if file not in self.sources:
            iris = []
            for k in range(4):
                outlet = _OUTLETS[(file * 4 + k) % len(_OUTLETS)]
                iri = f":src-{file:04d}-{k}"
                published = date(2019, 1, 1) + timedelta(days=self.rng.randrange(0, 2000))
                self._emit(
                    file,
                    source_node(
                        iri,
                        f"{outlet}, company coverage ({file}-{k})",
                        "fc:SecondarySource",
                        lit(outlet),
                        published,
                    ),
                )
                iris.append(iri)
            self.sources[file] = iris
        return self.sources[file]

    def _add(self, org: Org, fact: Fact, sources: int = 1) -> Fact:
        file = self.file_of(org)
        srcs = self._sources(file)
        picked = self.rng.sample(srcs, sources)
        fact.node.add("fc:source", *picked)
        self._emit(file, fact.node)
        self.facts.append(fact)
        self.facts_by_org[org.index].append(fact)
        return fact

    def static(self, org: Org) -> None:
        """Facts that hold once per organisation: roles, event dates, launch prices."""
        file = self.file_of(org)
        filing = f":src-{org.iri[1:]}-filing"
        self._emit(
            file,
            source_node(
                filing, f"{org.name} annual report", "fc:PrimarySource", org.iri, date(2019, 3, 30)
            ),
        )
        ceo = fact_node(
            f":ref-{org.index}-ceo",
            f"{org.ceo[1]} is the CEO of {org.name}",
            org.ceo[0],
            "fc:chiefExecutiveOf",
            org.iri,
        )
        ceo.add("fc:source", filing)
        self._emit(file, ceo)
        fact = Fact(ceo, "ceo", org.ceo[0], "fc:chiefExecutiveOf", org.iri)
        self.facts.append(fact)
        self.facts_by_org[org.index].append(fact)
        for m, model in enumerate(org.models):
            for event, when in (
                ("launch", model.launch),
                ("deliveries", model.deliveries_start),
                ("milestone", model.milestone),
            ):
                event_iri = model.iri.replace(":model-", f":{event}-")
                node = fact_node(
                    f":ref-{org.index}-{m}-{event}-date",
                    f"{model.name} {event} on {_day(when)}",
                    event_iri,
                    "fc:happenedAt",
                    typed(str(when), "date"),
                )
                node.add("fc:timeZone", lit("Asia/Shanghai"))
                self._add(
                    org,
                    Fact(
                        node,
                        f"{event}_date",
                        event_iri,
                        "fc:happenedAt",
                        when,
                        extra={"model": model},
                    ),
                    sources=2,
                )
            for v, (iri, name, price) in enumerate(model.variants):
                node = fact_node(
                    f":ref-{org.index}-{m}-{v}-price",
                    f"{name} launch price {price:,} yuan",
                    iri,
                    "fc:price",
                    quantity(price, currency="CNY"),
                )
                node.add("fc:pointInTime", typed(str(model.launch), "date"))
                self._add(org, Fact(node, "price", iri, "fc:price", price, extra={"name": name}))

    def quarter(self, n: int, budget: int) -> bool:
        """One quarter of figures for every organisation; False once the budget is spent."""
        q = _quarter(n)
        self.quarters.append(q)
        rate = round(self.rng.uniform(6.3, 7.3), 2)
        first_pair: tuple[str, str] | None = None
        for org in self.world:
            if self.triples >= budget:
                break  # the quarter is cut short, but still gets its rate (below)
            total = 0
            for m, model in enumerate(org.models):
                units = self.rng.randrange(5_000, 60_000)
                total += units
                iri = f":ref-{org.index}-{m}-deliveries-{q.iri[1:]}"
                node = fact_node(
                    iri,
                    f"{model.name} deliveries {units:,} in {q.label}",
                    model.iri,
                    "fc:deliveries",
                    quantity(units, unit="fc:VehicleCount"),
                )
                node.add("fc:period", q.iri)
                fact = self._add(
                    org,
                    Fact(
                        node, "deliveries", model.iri, "fc:deliveries", units, q, {"model": model}
                    ),
                )
                if self.rng.random() < 0.08:  # a reviewed disagreement between two outlets
                    other = units + self.rng.randrange(100, 2_000)
                    twin = fact_node(
                        f"{iri}-alt",
                        f"{model.name} deliveries {other:,} in {q.label} (second outlet)",
                        model.iri,
                        "fc:deliveries",
                        quantity(other, unit="fc:VehicleCount"),
                    )
                    twin.add("fc:period", q.iri)
                    twin.add("fc:disagreesWith", iri)
                    fact.node.add("fc:disagreesWith", f"{iri}-alt")
                    self._add(
                        org,
                        Fact(
                            twin,
                            "deliveries_alt",
                            model.iri,
                            "fc:deliveries",
                            other,
                            q,
                            {"model": model},
                        ),
                    )
                    self.disagreements += 1
            revenue_cny = self.rng.randrange(20, 900) * 100_000_000
            revenue_usd = round(revenue_cny / rate / 1_000_000) * 1_000_000
            cny_iri = f":ref-{org.index}-revenue-cny-{q.iri[1:]}"
            usd_iri = f":ref-{org.index}-revenue-usd-{q.iri[1:]}"
            node = fact_node(
                cny_iri,
                f"{org.name} revenue RMB {revenue_cny / 1e9:.1f} billion in {q.label}",
                org.iri,
                "fc:revenue",
                quantity(revenue_cny, currency="CNY", precision="fc:Rounded", rounding=100_000_000),
            )
            node.add("fc:period", q.iri)
            self._add(org, Fact(node, "revenue", org.iri, "fc:revenue", revenue_cny, q), 2)
            node = fact_node(
                usd_iri,
                f"{org.name} revenue USD {revenue_usd / 1e6:,.0f} million in {q.label}",
                org.iri,
                "fc:revenue",
                quantity(revenue_usd, currency="USD", precision="fc:Rounded", rounding=1_000_000),
            )
            node.add("fc:period", q.iri)
            self._add(org, Fact(node, "revenue_usd", org.iri, "fc:revenue", revenue_usd, q))
            if first_pair is None:
                first_pair = (cny_iri, usd_iri)
            loss = self.rng.randrange(1, 40) * 100_000_000
            loss_iri = f":ref-{org.index}-loss-{q.iri[1:]}"
            node = fact_node(
                loss_iri,
                f"{org.name} net loss RMB {loss / 1e8:.0f}00 million in {q.label}",
                org.iri,
                "fc:netLoss",
                quantity(loss, currency="CNY", precision="fc:Rounded", rounding=100_000_000),
            )
            node.add("fc:period", q.iri)
            self._add(org, Fact(node, "loss", org.iri, "fc:netLoss", loss, q))
            per_vehicle = round(loss / total)
            node = fact_node(
                f":ref-{org.index}-loss-per-vehicle-{q.iri[1:]}",
                f"{org.name} lost about {per_vehicle:,} yuan per vehicle in {q.label}",
                org.iri,
                "fc:lossPerVehicle",
                quantity(per_vehicle, currency="CNY", precision="fc:Approximate"),
            )
            node.add("fc:isEstimate", "true")
            node.add("fc:period", q.iri)
            deliveries = [f":ref-{org.index}-{m}-deliveries-{q.iri[1:]}" for m in range(3)]
            node.add("fc:derivedFrom", loss_iri, *deliveries)
            self._add(
                org, Fact(node, "loss_per_vehicle", org.iri, "fc:lossPerVehicle", per_vehicle, q)
            )
            self.derived += 1
        if first_pair is not None:  # the quarter's exchange rate, implied by a CNY/USD pair
            org = self.world[0]
            node = fact_node(
                f":ref-cny-usd-{q.iri[1:]}",
                f"About {rate} CNY per USD in {q.label}",
                ":CurrencyCNY",
                "fc:exchangeRate",
                quantity(
                    rate, unit="fc:CurrencyPerUSD", currency="CNY", precision="fc:Approximate"
                ),
            )
            node.add("fc:period", q.iri)
            node.add("fc:derivedFrom", *first_pair)
            self._add(org, Fact(node, "rate", ":CurrencyCNY", "fc:exchangeRate", rate, q))
            self.derived += 1
        return self.triples < budget


# ---------------------------------------------------------------------------------------------
# Articles: text with verbatim quotes, and the claims that quote it.


@dataclass
class Claim:
    fact: Fact
    quote: str
    obj: Obj
    agrees: bool
    extra: list[tuple[str, str]] = field(default_factory=list)
    claimant: str | None = None
    predicate: str | None = None


def _claim_for(rng: random.Random, org: Org, fact: Fact) -> Claim | None:
    wrong = rng.random() < 0.1
    if fact.kind == "ceo":
        return Claim(fact, f"{org.name} CEO {org.ceo[1]}", org.iri, True)
    if fact.kind == "launch_date":
        model: Model = fact.extra["model"]
        when = fact.value
        assert isinstance(when, date)
        if wrong:
            when = when + timedelta(days=rng.choice([-3, -1, 2, 7]))
        return Claim(
            fact,
            f"the {model.name} went on sale on {_day(when)}",
            typed(str(when), "date"),
            not wrong,
            extra=[("fc:timeZone", lit("Asia/Shanghai"))],
        )
    if fact.kind == "milestone_date":
        model = fact.extra["model"]
        days = (model.milestone - model.launch).days + (rng.choice([-10, 5, 12]) if wrong else 0)
        claim = Claim(
            fact,
            f"it took {org.name} only {days} days to build {model.milestone_units:,} "
            f"{model.name} cars",
            quantity(days, unit="fc:DayCount"),
            not wrong,
            extra=[
                ("fc:startEvent", model.iri.replace(":model-", ":launch-")),
                ("fc:endEvent", fact.subject),
            ],
        )
        claim.claimant = org.ceo[0]
        claim.predicate = "fc:elapsedTime"
        return claim
    if fact.kind in ("deliveries", "deliveries_alt"):
        model = fact.extra["model"]
        units = int(fact.value) if not wrong else int(int(fact.value) * 1.12)
        assert fact.period is not None
        return Claim(
            fact,
            f"{org.name} delivered {units:,} {model.name} cars in {fact.period.label}",
            quantity(units, unit="fc:VehicleCount"),
            not wrong,
            extra=[("fc:period", fact.period.iri)],
        )
    if fact.kind == "revenue":
        assert fact.period is not None
        billions = int(fact.value) / 1e9 * (1.15 if wrong else 1.0)
        amount = round(billions * 10) * 100_000_000
        return Claim(
            fact,
            f"revenue of RMB {amount / 1e9:.1f} billion in {fact.period.label}",
            quantity(amount, currency="CNY", precision="fc:Rounded", rounding=100_000_000),
            not wrong,
            extra=[("fc:period", fact.period.iri)],
        )
    if fact.kind == "price":
        price = int(fact.value) - (10_000 if wrong else 0)
        return Claim(
            fact,
            f"the {fact.extra['name']} starts at {price:,} yuan",
            quantity(price, currency="CNY"),
            not wrong,
        )
    if fact.kind == "loss_per_vehicle":
        assert fact.period is not None
        return Claim(
            fact,
            f"{org.name} lost about {int(fact.value):,} yuan on every car it sold "
            f"in {fact.period.label}",
            quantity(int(fact.value), currency="CNY", precision="fc:Approximate"),
            True,
            extra=[("fc:period", fact.period.iri)],
        )
    return None


@dataclass
class Article:
    index: int
    org: Org
    text: str
    source: Node
    claims: list[Node]
    spans: list[tuple[int, int]]
    contradicted: list[str] = field(default_factory=list)
    """IRIs of claims whose value disagrees with the reference facts (valid data: a finding
    about the article, reported at most as info)."""

    @property
    def stem(self) -> str:
        return f"article-{self.index:05d}"


def make_article(
    rng: random.Random, index: int, org: Org, facts: list[Fact], budget: int
) -> tuple[Article, int]:
    """An article about ``org`` with claims quoting it, up to about ``budget`` triples."""
    stem = f"article-{index:05d}"
    src = f":{stem}"
    model = rng.choice(org.models)
    author = f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}"
    outlet = rng.choice(_OUTLETS)
    published = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 600))
    source = (
        Node(src)
        .add("a", "fc:SourceDocument")
        .add("rdfs:label", lit(f"Article: {org.name} and the {model.name}"))
        .add("fc:sourceKind", "fc:ArticleUnderReview")
        .add("fc:textFile", lit(f"{stem}.txt"))
        .add("schema:inLanguage", lit("en"))
        .add("schema:publisher", lit(outlet))
        .add("schema:author", lit(author))
        .add("schema:datePublished", typed(str(published), "date"))
        .add("schema:url", f"<https://news.example/{stem}>")
    )
    used = source.triples()
    text = f"{org.name} and the {model.name}: what the numbers say\n"
    claims: list[Node] = []
    spans: list[tuple[int, int]] = []
    pending: list[tuple[Claim, int, int]] = []
    pool = list(facts)
    rng.shuffle(pool)
    for fact in pool:
        if used >= budget:
            break
        claim = _claim_for(rng, org, fact)
        if claim is None:
            continue
        if rng.random() < 0.5:
            filler = rng.choice(_FILLER).format(
                city=rng.choice(_CITIES), org=org.name, model=model.name
            )
            text += filler + " "
        lead = rng.choice(["", "According to the company, ", "Reports say "])
        quote = claim.quote[0].upper() + claim.quote[1:] if not lead else claim.quote
        text += lead
        start = len(text)
        text += quote
        end = len(text)
        text += ".\n" if rng.random() < 0.3 else ". "
        claim.quote = quote
        pending.append((claim, start, end))
        used += 20  # refined below, after the text (and so prefix/suffix) is final
    used = source.triples()
    for j, (claim, start, end) in enumerate(pending):
        node = (
            Node(f":{stem}-c{j:03d}")
            .add("a", "fc:ArticleClaim")
            .add("rdfs:label", lit(claim.quote[:80]))
            .add("rdf:subject", claim.fact.subject)
            .add("rdf:predicate", claim.predicate or claim.fact.predicate)
            .add("rdf:object", claim.obj)
        )
        for p, o in claim.extra:
            node.add(p, o)
        if claim.claimant:
            node.add("fc:claimant", claim.claimant)
        node.add("fc:source", src)
        node.add(
            "fc:quote",
            Node(None)
            .add("a", "oa:TextQuoteSelector", "oa:TextPositionSelector")
            .add("oa:exact", lit(text[start:end]))
            .add("oa:prefix", lit(text[max(0, start - 32) : start]))
            .add("oa:suffix", lit(text[end : end + 32]))
            .add("oa:start", str(start))
            .add("oa:end", str(end)),
        )
        claims.append(node)
        spans.append((start, end))
        used += node.triples()
    for node in [source, *claims]:
        node.file = f"{stem}.ttl"
    wrong = [
        _iri(node.subject or "")
        for node, (claim, _, _) in zip(claims, pending, strict=True)
        if not claim.agrees
    ]
    return Article(index, org, text, source, claims, spans, wrong), used


# ---------------------------------------------------------------------------------------------
# Planted errors.


def _iri(curie: str) -> str:
    prefixes = {":": DATA, "fc:": FC, "rdf:": RDF, "qudt:": QUDT, "sh:": SH}
    for prefix, ns in sorted(prefixes.items(), key=lambda kv: -len(kv[0])):
        if curie.startswith(prefix):
            return ns + curie[len(prefix) :]
    raise ValueError(curie)


def plant_errors(
    rng: random.Random,
    *,
    count: int,
    facts: list[Fact],
    articles: list[Article],
    reference_nodes: dict[int, list[Node]],
    sources: dict[int, list[str]],
) -> list[dict[str, Any]]:
    """Mutate ``count`` clean nodes (round-robin over kinds); return the manifest entries."""
    kinds = list(ERROR_KINDS)
    used: set[int] = set()
    errors: list[dict[str, Any]] = []
    ref_facts = [f for f in facts if not f.node.get("fc:disagreesWith") and f.kind != "rate"]
    claim_nodes = [c for a in articles for c in a.claims]

    def pick(candidates: list[Node]) -> Node | None:
        free = [n for n in candidates if id(n) not in used]
        if not free:
            return None
        node = rng.choice(free)
        used.add(id(node))
        return node

    def entry(kind: str, node: Node, anchor: str | None = None, **more: Any) -> dict[str, Any]:
        expected = ERROR_KINDS[kind]
        assert node.subject is not None
        path = expected["path"]
        return {
            "kind": kind,
            "file": node.file,
            "focus": None if anchor else _iri(node.subject),
            "anchor": [_iri(node.subject), _iri(anchor)] if anchor else None,
            "path": _iri(path) if path else None,
            "component": _iri(str(expected["component"])),
            "shapes": "consistency" if kind in CONSISTENCY_KINDS else "structure",
            **more,
        }

    for i in range(count):
        kind = kinds[i % len(kinds)]
        node: Node | None
        if kind == "missing_source":
            node = pick([f.node for f in ref_facts if f.kind in ("price", "revenue_usd")])
            if node:
                node.drop("fc:source")
                errors.append(entry(kind, node))
        elif kind == "missing_quote":
            node = pick(claim_nodes)
            if node:
                node.drop("fc:quote")
                errors.append(entry(kind, node))
        elif kind == "date_as_string":
            node = pick([f.node for f in ref_facts if f.predicate == "fc:happenedAt"])
            if node:
                old = node.get("rdf:object")[0]
                assert isinstance(old, str)
                node.set("rdf:object", old.split("^^")[0])
                errors.append(entry(kind, node))
        elif kind == "bad_currency":
            node = pick([f.node for f in ref_facts if f.kind in ("revenue", "loss")])
            if node:
                qty = node.get("rdf:object")[0]
                assert isinstance(qty, Node)
                qty.set("fc:currency", lit(rng.choice(["RMB", "usd", "Yuan", "US$"])))
                errors.append(entry(kind, node, anchor="rdf:object"))
        elif kind == "quantity_without_unit":
            quantity_claims = [c for c in claim_nodes if isinstance(c.get("rdf:object")[0], Node)]
            node = pick(quantity_claims)
            if node:
                qty = node.get("rdf:object")[0]
                assert isinstance(qty, Node)
                qty.drop("qudt:unit")
                qty.drop("fc:currency")
                errors.append(entry(kind, node, anchor="rdf:object"))
        elif kind == "dangling_reference":
            node = pick([f.node for f in ref_facts if f.node.get("fc:period")])
            if node:
                period = node.get("fc:period")[0]
                assert isinstance(period, str)
                node.set("fc:period", period.lower())  # ":q2-2024": a typo nobody declared
                errors.append(entry(kind, node))
        elif kind == "conflicting_values":
            fact = next(
                (
                    f
                    for f in rng.sample(ref_facts, len(ref_facts))
                    if f.kind == "deliveries" and id(f.node) not in used
                ),
                None,
            )
            if fact is None:
                continue
            used.add(id(fact.node))
            assert fact.node.subject is not None and fact.period is not None
            file = int(fact.node.file.removeprefix("reference-").removesuffix(".ttl"))
            mine = set(fact.node.get("fc:source"))
            other = next(s for s in sources[file] if s not in mine)
            value = int(int(fact.value) * 1.3)
            twin = fact_node(
                f"{fact.node.subject}-conflict",
                f"Deliveries {value:,} in {fact.period.label} (conflicting report)",
                fact.subject,
                "fc:deliveries",
                quantity(value, unit="fc:VehicleCount"),
            )
            twin.add("fc:period", fact.period.iri)
            twin.add("fc:source", other)
            twin.file = fact.node.file
            reference_nodes[file].append(twin)
            used.add(id(twin))
            # The rule reports each side of the pair, with the other as the value.
            errors.append(entry(kind, twin, conflicts_with=_iri(fact.node.subject)))
            errors.append(entry(kind, fact.node, conflicts_with=_iri(twin.subject)))
    return errors


# ---------------------------------------------------------------------------------------------
# The generator.


@dataclass
class CorpusInfo:
    """What was generated: where, how big, and the planted errors (also in manifest.json)."""

    out_dir: Path
    triples: int
    files: int
    seed: int
    errors: list[dict[str, Any]]
    counts: dict[str, int]
    requested: int = 0
    contradicted: list[str] = field(default_factory=list)

    @property
    def manifest_path(self) -> Path:
        return self.out_dir / "manifest.json"

    def fact_files(self) -> list[Path]:
        return sorted(self.out_dir.glob("*.ttl"))

    def to_dict(self) -> dict[str, Any]:
        return {
            "generator": "benchmarks/corpus.py",
            "seed": self.seed,
            "requested": self.requested,
            "triples": self.triples,
            "files": self.files,
            "counts": self.counts,
            "errors": self.errors,
            "contradicted_claims": self.contradicted,
        }

    @classmethod
    def read(cls, out_dir: Path) -> CorpusInfo:
        data = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
        return cls(
            out_dir,
            data["triples"],
            data["files"],
            data["seed"],
            data["errors"],
            data["counts"],
            data.get("requested", 0),
            data.get("contradicted_claims", []),
        )


def default_planted_errors(triples: int) -> int:
    """One of each kind at the smallest size, then about one per 5,000 triples."""
    return max(len(ERROR_KINDS), triples // 5000)


def _split(files: int) -> tuple[int, int, int]:
    entity = max(1, files // 20)
    reference = max(1, (files - entity) // 2)
    article = max(1, files - entity - reference)
    return entity, reference, article


def _publish_after_periods(
    quarters: list[Quarter],
    reference_nodes: list[Node],
    articles: list[tuple[Node, list[Node]]],
) -> None:
    """Date every source after the end of each quarter it reports (validate's
    published-before-period-end rule): a source drawn too early moves to a few days after the
    last such quarter, by an offset taken from its drawn date, so no random number is drawn."""
    ends = {q.iri: q.end for q in quarters}

    def last_end(facts: list[Node]) -> dict[str, date]:
        latest: dict[str, date] = {}
        for fact in facts:
            for period in fact.get("fc:period"):
                end = ends.get(str(period))
                if end is None:
                    continue
                for source in fact.get("fc:source"):
                    key = str(source)
                    latest[key] = max(latest.get(key, end), end)
        return latest

    def redate(source: Node, end: date | None) -> None:
        (value,) = source.get("schema:datePublished")
        drawn = date.fromisoformat(str(value).split('"')[1])
        if end is not None and drawn <= end:
            later = end + timedelta(days=1 + drawn.toordinal() % 45)
            source.set("schema:datePublished", typed(str(later), "date"))

    by_iri = last_end(reference_nodes)
    for node in reference_nodes:
        if node.subject is not None and node.get("a") == ["fc:SourceDocument"]:
            redate(node, by_iri.get(node.subject))
    for source, claims in articles:
        redate(source, last_end(claims).get(str(source.subject)))


def generate(
    out_dir: Path, triples: int, files: int, seed: int = 0, planted_errors: int | None = None
) -> CorpusInfo:
    """Write about ``triples`` triples over ``files`` fact files (plus article texts) to
    ``out_dir``, replacing what is there, and a ``manifest.json`` of the planted errors."""
    if files < 3:
        raise ValueError("need at least 3 files: entities, reference facts and an article")
    rng = random.Random(seed)
    n_errors = default_planted_errors(triples) if planted_errors is None else planted_errors
    n_entity, n_reference, n_article = _split(files)
    world = make_world(rng, max(2, triples // 4000))

    refs = ReferenceBuilder(rng, world, n_reference)
    for org in world:
        refs.static(org)
    ref_budget = int(triples * 0.40)
    n = 0
    while refs.quarter(n, ref_budget):
        n += 1

    entity_nodes_by_file: dict[int, list[Node]] = {i: [] for i in range(n_entity)}
    for org in world:
        entity_nodes_by_file[org.index % n_entity].extend(entity_nodes(org))
    extras = [quarter_node(q) for q in refs.quarters]
    extras.append(
        Node(":CurrencyCNY")
        .add("a", "fc:Concept")
        .add("rdfs:label", lit("Chinese yuan (CNY)"))
        .add("schema:alternateName", lit("RMB"), lit("renminbi"), lit("yuan"))
    )
    entity_nodes_by_file[0].extend(extras)
    entity_triples = sum(
        node.triples() for nodes in entity_nodes_by_file.values() for node in nodes
    )

    article_budget = max(200, triples - refs.triples - entity_triples)
    per_article = max(100, article_budget // n_article)
    articles: list[Article] = []
    for a in range(n_article):
        org = world[a % len(world)]
        article, _ = make_article(rng, a, org, refs.facts_by_org[org.index], per_article)
        articles.append(article)

    errors = plant_errors(
        rng,
        count=n_errors,
        facts=refs.facts,
        articles=articles,
        reference_nodes=refs.nodes,
        sources=refs.sources,
    )
    _publish_after_periods(
        refs.quarters,
        [node for nodes in refs.nodes.values() for node in nodes],
        [(a.source, a.claims) for a in articles],
    )

    if out_dir.exists():
        for old in out_dir.iterdir():
            if old.is_file() and old.suffix in (".ttl", ".txt", ".json"):
                old.unlink()
            elif old.is_dir():
                shutil.rmtree(old)
    out_dir.mkdir(parents=True, exist_ok=True)
    total = 0
    written = 0
    for i, nodes in entity_nodes_by_file.items():
        header = "# Synthetic entities: organisations, people, vehicles, events and periods.\n"
        total += _write(out_dir / f"entities-{i:03d}.ttl", header, nodes)
        written += 1
    for i, nodes in refs.nodes.items():
        header = "# Synthetic reference facts, each with its source.\n"
        total += _write(out_dir / f"reference-{i:04d}.ttl", header, nodes)
        written += 1
    for article in articles:
        header = f"# Synthetic article under review; its text is {article.stem}.txt.\n"
        total += _write(out_dir / f"{article.stem}.ttl", header, [article.source, *article.claims])
        (out_dir / f"{article.stem}.txt").write_text(article.text, encoding="utf-8")
        written += 1
    counts = {
        "organisations": len(world),
        "quarters": len(refs.quarters),
        "reference_facts": len(refs.facts),
        "reviewed_disagreements": refs.disagreements,
        "derived_facts": refs.derived,
        "articles": len(articles),
        "article_claims": sum(len(a.claims) for a in articles),
        "contradicted_claims": sum(len(a.contradicted) for a in articles),
        "planted_errors": len(errors),
    }
    contradicted = [iri for a in articles for iri in a.contradicted]
    info = CorpusInfo(out_dir, total, written, seed, errors, counts, triples, contradicted)
    info.manifest_path.write_text(json.dumps(info.to_dict(), indent=1) + "\n", encoding="utf-8")
    return info


def _write(path: Path, header: str, nodes: list[Node]) -> int:
    with path.open("w", encoding="utf-8") as out:
        out.write(header + "\n" + PREFIXES + "\n")
        for node in nodes:
            out.write(node.turtle() + "\n")
    return sum(node.triples() for node in nodes)


def parse_size(text: str) -> int:
    """``10k`` → 10000, ``1m`` → 1000000, ``2500`` → 2500."""
    text = text.strip().lower().replace("_", "")
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    number = text[:-1] if scale != 1 else text
    return int(float(number) * scale)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=parse_size, required=True, help="e.g. 100000 or 100k")
    parser.add_argument("--files", type=int, help="fact files (default: one per 1,000 triples)")
    parser.add_argument("--out", type=Path, required=True, help="output directory (replaced)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--planted-errors", type=int, help="default: max(7, triples / 5000)")
    args = parser.parse_args(argv)
    files = args.files or max(3, args.triples // 1000)
    info = generate(args.out, args.triples, files, args.seed, args.planted_errors)
    by_kind: dict[str, int] = {}
    for error in info.errors:
        by_kind[error["kind"]] = by_kind.get(error["kind"], 0) + 1
    print(f"{info.triples:,} triples in {info.files} fact files → {args.out}")
    print(json.dumps({**info.counts, "errors_by_kind": by_kind}, indent=1))


def iter_sizes(spec: str) -> Iterator[int]:
    for part in spec.split(","):
        if part.strip():
            yield parse_size(part)


if __name__ == "__main__":
    main()
