"""``factcheck export claimreview``: JSON-LD on stdout or in a file, notes on stderr, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import xiaomi
from click.testing import CliRunner

from factcheck.cli import cli
from factcheck.resources import bundled_facts_dir

ACME = Path(__file__).parent / "fixtures" / "claimreview" / "facts"
ARGS = ["export", "claimreview", str(ACME), "--date", "2025-01-15"]
BASE = ["--base-url", "https://x.example/r"]


def test_writes_json_ld_to_standard_output(runner: CliRunner) -> None:
    result = runner.invoke(
        cli,
        [
            *ARGS,
            "--org",
            "Example Fact Desk",
            "--org-url",
            "https://factdesk.example.org/",
            "--base-url",
            "https://factdesk.example.org/acme.html",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    document = json.loads(result.stdout)
    assert document["@context"] == "https://schema.org"
    first = document["@graph"][0]
    assert first["url"] == "https://factdesk.example.org/acme.html#claim-roe-best-year"
    assert first["author"] == {
        "@type": "Organization",
        "name": "Example Fact Desk",
        "url": "https://factdesk.example.org/",
    }
    assert first["datePublished"] == "2025-01-15"
    assert first["reviewRating"] == {
        "@type": "Rating",
        "name": "Unverifiable",
        "alternateName": "Unverifiable",
        "ratingExplanation": "We found no published source that confirms or contradicts this"
        " claim.",
    }
    assert document["@graph"][1]["reviewRating"]["ratingValue"] == 5


def test_notes_say_what_could_not_be_said(runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["export", "claimreview", *xiaomi.ARGS, "--date", "2025-01-15", *BASE]
    )
    assert result.exit_code == 0
    assert result.stderr == (
        "note: 28 of 28 claims appear in a source whose publication date is unknown; their"
        " itemReviewed has no datePublished\n"
        "note: 24 of 28 claims have no known claimant, author or outlet; their itemReviewed"
        " has no author\n"
    )
    assert len(json.loads(result.stdout)["@graph"]) == 28


def test_issue_18_a_review_needs_a_url(runner: CliRunner) -> None:
    result = runner.invoke(cli, ARGS)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "error: a ClaimReview needs the url of the page that publishes it\n"
        "  hint: pass --base-url with the address where the HTML report is published"
        " (or set FACTCHECK_BASE_URL)\n"
    )
    relative = runner.invoke(cli, [*ARGS, "--base-url", "report.html"])
    assert relative.exit_code == 2
    assert relative.stderr.startswith(
        "error: --base-url 'report.html' is not an absolute http(s) address\n"
    )


def test_base_url_can_come_from_the_environment(runner: CliRunner) -> None:
    result = runner.invoke(cli, ARGS, env={"FACTCHECK_BASE_URL": "https://env.example/r.html"})
    assert result.exit_code == 0, result.stderr
    urls = sorted(r["url"] for r in json.loads(result.stdout)["@graph"])
    assert urls == [
        "https://env.example/r.html#claim-roe-best-year",
        "https://env.example/r.html#claim-roe-ceo",
    ]


def test_writes_a_file_and_refuses_to_overwrite_it(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "reviews.json"
    result = runner.invoke(cli, [*ARGS, *BASE, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == f"wrote {out}: 2 ClaimReviews\n"
    written = out.read_text(encoding="utf-8")
    assert len(json.loads(written)["@graph"]) == 2
    again = runner.invoke(cli, [*ARGS, *BASE, "-o", str(out)])
    assert again.exit_code == 2
    assert again.stderr == (
        f"error: {out} exists\n  hint: pass --force to replace it, or choose another -o\n"
    )
    assert out.read_text(encoding="utf-8") == written
    forced = runner.invoke(cli, [*ARGS, *BASE, "-o", str(out), "--force", "--org", "Other"])
    assert forced.exit_code == 0
    assert json.loads(out.read_text())["@graph"][0]["author"]["name"] == "Other"


def test_never_writes_among_the_facts(runner: CliRunner) -> None:
    out = bundled_facts_dir() / "reviews.json"
    result = runner.invoke(cli, ["export", "claimreview", *BASE, "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: refusing to write {out}: it is inside ")
    assert not out.exists()


def test_bad_date_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["export", "claimreview", *BASE, "--date", "15/01/2025"])
    assert result.exit_code == 2
    assert "Invalid value for '--date': '15/01/2025' does not match the format '%Y-%m-%d'" in (
        result.stderr
    )


def test_missing_facts_are_an_input_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["export", "claimreview", *BASE, str(tmp_path / "none")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: no such file or directory: {tmp_path / 'none'}\n")
