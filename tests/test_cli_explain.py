"""`factcheck explain CLAIM`: quote in context, qualifiers, reasoning and evidence."""

from __future__ import annotations

import json

from click.testing import CliRunner

from factcheck.cli import cli
from factcheck.resources import bundled_facts_dir

FACTS = str(bundled_facts_dir())


def explain(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["explain", *args, "--facts", FACTS])
    return result.exit_code, result.stdout, result.stderr


def test_230_days_shows_the_dates_and_the_computation() -> None:
    code, out, _ = explain("fcd:claim-su7-230-days")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == (
        "fcd:claim-su7-230-days — It took 230 days from launch to 100,000 units (Lei Jun)"
    )
    assert lines[1] == (
        "Verdict: SUPPORTED — 28 Mar 2024 (Asia/Shanghai) → 13 Nov 2024 (Asia/Shanghai) = "
        "230 days, as claimed."
    )
    assert "  3. 28 Mar 2024 (Asia/Shanghai) → 13 Nov 2024 (Asia/Shanghai) = 230 days" in lines
    assert "  claimant   Lei Jun" in lines
    assert "  fcd:ref-su7-launch-date — The SU7 launched on 28 March 2024" in lines
    flowing = " ".join(out.split())
    assert (
        "[From the time we launched, it took us only 230 days to reach this milestone]" in flowing
    )


def test_claim_found_by_words_from_its_label() -> None:
    code, out, _ = explain("engine performance")
    assert code == 0
    assert out.splitlines()[0].startswith("fcd:claim-ultra-engine — ")
    assert "Verdict: MISLEADING" in out


def test_ambiguous_name_lists_candidates_and_exits_2() -> None:
    code, _, err = explain("launched")
    assert code == 2
    assert err.startswith("error: 'launched' matches 4 claims")


def test_unknown_claim_exits_2_with_suggestions() -> None:
    code, _, err = explain("claim-musk-qoute")
    assert code == 2
    assert "did you mean" in err
    assert "fcd:claim-musk-quote" in err


def test_json_output_has_reasoning_and_evidence() -> None:
    code, out, _ = explain("claim-ev-loss-q2", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["verdict"] == "supported"
    assert data["rule"] == "quantity"
    assert any("÷ 7.1330 CNY/USD" in step for step in data["reasoning"])
    facts = [e["fact"].rsplit("/", 1)[-1] for e in data["evidence"]]
    assert facts == ["ref-segment-loss-q2", "ref-cny-usd-q2"]
