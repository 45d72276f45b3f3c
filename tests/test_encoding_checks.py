"""Encoding checks in ``validate`` (issue 14, item 5): a value that is not the number its own
quote writes, a source published before the period it reports has ended, an organisation active
before it was founded, and two amounts in currencies that no rate in the graph converts.

Each rule has a fixture it rejects and one it accepts in ``tests/fixtures/encoding/``; the
reject fixture's findings are asserted exactly (rule, focus node, severity, path), through the
CLI, with its exit code.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from factcheck.cli import cli
from factcheck.loader import FCD, load
from factcheck.resources import bundled_facts_dir, ontology_dir, vocabulary_files
from factcheck.validate import validate

from .conftest import FIXTURES

ENCODING = FIXTURES / "encoding"
RULES = {
    "quote-number": "quote-number",
    "published-before-period-end": "fcsh:PublishedBeforePeriodEndShape",
    "founded-after-activity": "fcsh:FoundedAfterActivityShape",
    "currency-without-rate": "fcsh:CurrencyWithoutRateShape",
}
"""Rule name → the stable id a finding's ``rule`` carries (a SPARQL rule's id is its shape)."""

Expected = tuple[str, str, str, str]
"""(severity, rule id, focus node, path)"""

REJECTS: dict[str, tuple[list[Expected], str]] = {
    "quote-number": (
        [
            ("warning", "quote-number", "claim-acme-deliveries", "rdf:object"),
            ("warning", "quote-number", "claim-acme-margin", "rdf:object"),
        ],
        "warning",
    ),
    "published-before-period-end": (
        [
            (
                "violation",
                RULES["published-before-period-end"],
                "claim-acme-q4-deliveries",
                "fc:period",
            ),
            (
                "violation",
                RULES["published-before-period-end"],
                "ref-acme-q4-deliveries",
                "fc:period",
            ),
        ],
        "violation",
    ),
    "founded-after-activity": (
        [
            ("violation", RULES["founded-after-activity"], "ref-acme-deliveries-2009", "fc:period"),
            (
                "violation",
                RULES["founded-after-activity"],
                "ref-acme-production-2009-11",
                "fc:pointInTime",
            ),
        ],
        "violation",
    ),
    "currency-without-rate": (
        [("info", RULES["currency-without-rate"], "claim-acme-revenue-usd", "rdf:object")],
        "info",
    ),
}


def run_json(runner: CliRunner, path: Path, *options: str) -> tuple[int, dict[str, object]]:
    result = runner.invoke(cli, ["validate", "--no-cache", "--format", "json", str(path), *options])
    return result.exit_code, json.loads(result.stdout)


def findings(report: dict[str, object]) -> list[Expected]:
    rows = report["findings"]
    assert isinstance(rows, list)
    return sorted(
        (f["severity"], f["rule"], f["focus"].removeprefix(str(FCD)), f["path"]) for f in rows
    )


@pytest.mark.parametrize("rule", sorted(REJECTS))
def test_reject_fixture_gives_exactly_its_findings(runner: CliRunner, rule: str) -> None:
    expected, severity = REJECTS[rule]
    code, report = run_json(runner, ENCODING / f"{rule}-reject.ttl", "--fail-on", "info")
    assert findings(report) == sorted(expected)
    assert code == 1
    code, _ = run_json(runner, ENCODING / f"{rule}-reject.ttl")  # default: --fail-on violation
    assert code == (1 if severity == "violation" else 0)


@pytest.mark.parametrize("rule", sorted(REJECTS))
def test_accept_fixture_gives_no_finding(runner: CliRunner, rule: str) -> None:
    code, report = run_json(runner, ENCODING / f"{rule}-accept.ttl", "--fail-on", "info")
    assert findings(report) == []
    assert code == 0


def test_quote_number_message_names_both_numbers(runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["validate", "--no-cache", str(ENCODING / "quote-number-reject.ttl")]
    )
    assert result.exit_code == 0
    assert (
        "warning: fcd:claim-acme-deliveries rdf:object — The value 427,000 is not a number "
        "written in the claim's own quote, which writes “4.27 million” (quote-number)"
    ) in result.stdout
    assert (
        "The value 3.3 is not a number written in the claim's own quote, which writes “a third”"
        in (result.stdout)
    )


def test_messages_of_the_sparql_rules(runner: CliRunner) -> None:
    messages = {}
    for rule in ("published-before-period-end", "founded-after-activity", "currency-without-rate"):
        _, report = run_json(runner, ENCODING / f"{rule}-reject.ttl")
        rows = report["findings"]
        assert isinstance(rows, list)
        messages.update({row["focus"].removeprefix(str(FCD)): row["message"] for row in rows})
    assert messages == {
        "claim-acme-q4-deliveries": "Acme Motors quarterly deliveries article was published "
        "2024-12-20, before Q4 2024 ended (2024-12-31), yet reports a figure for that period",
        "ref-acme-q4-deliveries": "Acme Motors November newsletter was published 2024-11, before "
        "Q4 2024 ended (2024-12-31), yet reports a figure for that period",
        "ref-acme-deliveries-2009": "Dated 2009 (ends 2009-12-31), before Acme Motors was "
        "founded (2010-04)",
        "ref-acme-production-2009-11": "Dated 2009-11, before Acme Motors was founded (2010-04)",
        "claim-acme-revenue-usd": "Cannot compare: USD 869200000 here and CNY 6200000000 in "
        "<https://w3id.org/factcheck/data/ref-acme-revenue-cny>, and the graph holds no exchange "
        "rate for CNY in Q2 2024",
    }


def test_issue_14_bundled_facts_give_no_encoding_finding() -> None:
    report = validate(load([bundled_facts_dir()]))
    assert [f for f in report.findings if f.rule in RULES.values()] == []


@pytest.mark.parametrize(
    "rule", ["published-before-period-end", "founded-after-activity", "currency-without-rate"]
)
def test_pyshacl_with_this_prebound_finds_the_same_focus_nodes(rule: str) -> None:
    """The rules are plain SHACL-SPARQL: pySHACL, which binds $this per focus node, agrees."""
    import pyshacl

    data = Graph()
    data.parse(ENCODING / f"{rule}-reject.ttl")
    for path in vocabulary_files():
        data.parse(path)
    shapes = Graph()
    shapes.parse(ontology_dir() / "shapes-consistency.ttl")
    _conforms, results, _text = pyshacl.validate(data, shacl_graph=shapes, advanced=True)
    shape = URIRef("https://w3id.org/factcheck/shapes#" + RULES[rule].removeprefix("fcsh:"))
    focus = {
        str(results.value(r, SH.focusNode)).removeprefix(str(FCD))
        for r in results.subjects(SH.sourceShape, shape)
    }
    assert focus == {row[2] for row in REJECTS[rule][0]}
