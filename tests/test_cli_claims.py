"""`factcheck claims`: the table of article claims with verdicts, filters and formats."""

from __future__ import annotations

import csv
import io
import json

import pytest
import xiaomi
from click.testing import CliRunner

from factcheck.cli import cli

FACTS = xiaomi.ARGS


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["claims", *FACTS, *args])
    return result.exit_code, result.stdout, result.stderr


def test_table_lists_every_claim_with_a_summary_line() -> None:
    code, out, _ = invoke()
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["claim", "verdict", "reason", "subject", "quote"]
    assert sum(line.startswith("fcd:claim-") for line in lines) == 28
    # one source for all: said once under the table, not on every row (issue 17)
    assert lines[-3] == "source: The Xiaomi SU7 100,000-units article (outlet and title unknown)"
    assert lines[-1] == "28 claims: 17 supported, 3 misleading, 2 misquoted, 6 unverifiable"


def test_issue_17_table_shows_the_reason_and_fits_80_columns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = invoke()
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    first = out.splitlines()[2]
    assert first.startswith("fcd:claim-byd-growing    unverifiable  No reference fact ")


def test_issue_17_one_claim_is_singular() -> None:
    code, out, _ = invoke("--about", "Elon Musk", "--verdict", "misquoted")
    assert code == 0
    assert out.splitlines()[-1] == "1 claim: 1 misquoted"


def test_json_carries_full_iris_verdicts_and_summaries() -> None:
    code, out, _ = invoke("--format", "json")
    assert code == 0
    rows = json.loads(out)
    by_claim = {row["claim"]: row for row in rows}
    row = by_claim["https://w3id.org/factcheck/data/claim-loss-per-su7"]
    assert row["verdict"] == "misleading"
    assert row["quote"] == "Estimates indicate that Xiaomi is losing about $9,200 per SU7 sold"
    assert row["summary"].startswith("The arithmetic holds, but the loss belongs to")


def test_filter_by_verdict() -> None:
    code, out, _ = invoke("--verdict", "misquoted", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["claim"].rsplit("/", 1)[-1] for r in rows] == [
        "claim-musk-quote",
        "claim-post-caption",
    ]


def test_filter_by_entity_includes_variants_and_events_about_it() -> None:
    code, out, _ = invoke("--about", "su7 ultra", "--format", "json")
    assert code == 0
    assert sorted(r["claim"].rsplit("/", 1)[-1] for r in json.loads(out)) == [
        "claim-launched-su7-ultra",
        "claim-ultra-engine",
        "claim-ultra-most-powerful",
    ]


def test_filter_by_source_of_the_evidence() -> None:
    code, out, _ = invoke("--source", "Autocar", "--format", "json")
    assert code == 0
    assert [r["claim"].rsplit("/", 1)[-1] for r in json.loads(out)] == ["claim-ultra-engine"]


def test_unknown_entity_exits_2_with_did_you_mean() -> None:
    code, out, err = invoke("--about", "Xiomi")
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        "error: no entity matches 'Xiomi'",
        "  hint: did you mean: Xiaomi (fcd:Xiaomi), Xiaomi SU7 (fcd:XiaomiSU7), "
        "Xiaomi smart EV and other new initiatives segment (fcd:XiaomiEVSegment)",
    ]


def test_markdown_table() -> None:
    code, out, _ = invoke("--verdict", "misleading", "--format", "markdown")
    assert code == 0
    assert out.splitlines()[:2] == [
        "| claim | verdict | reason | subject | quote | source |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    assert len(out.splitlines()) == 5


def test_missing_path_exits_2_without_traceback() -> None:
    result = CliRunner().invoke(cli, ["claims", "no/such/dir"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "no such file or directory: no/such/dir" in result.stderr
