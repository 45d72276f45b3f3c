"""``factcheck import claimreview``: a Turtle fact file that validates, written safely."""

from __future__ import annotations

import json
from pathlib import Path

import xiaomi
from click.testing import CliRunner

from factcheck.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "claimreview"
GOOGLE = FIXTURES / "google-world-is-flat.json"
MARKER = "# Written by `factcheck import claimreview`."


def test_google_example_becomes_a_valid_fact_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "reviews.ttl"
    result = runner.invoke(cli, ["import", "claimreview", str(GOOGLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == f"wrote {out}: 1 ClaimReview\n"
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[:2] == [MARKER, f"# 1 ClaimReview from {GOOGLE}."]
    assert 'schema:claimReviewed "The world is flat"' in text
    validated = runner.invoke(cli, ["validate", str(out)])
    assert validated.exit_code == 0, validated.output
    assert validated.stdout.endswith(": no findings\n")


def test_imported_reviews_validate_alongside_the_facts_they_review(
    runner: CliRunner, tmp_path: Path
) -> None:
    exported = tmp_path / "ours.json"
    result = runner.invoke(
        cli,
        [
            "export",
            "claimreview",
            *xiaomi.ARGS,
            "--base-url",
            "https://x.example/r",
            "-o",
            str(exported),
            "--date",
            "2025-01-15",
        ],
    )
    assert result.exit_code == 0
    out = tmp_path / "ours.ttl"
    assert (
        runner.invoke(cli, ["import", "claimreview", str(exported), "-o", str(out)]).exit_code == 0
    )
    both = runner.invoke(cli, ["validate", *xiaomi.ARGS, str(out)])
    assert both.exit_code == 0, both.output
    claims = runner.invoke(cli, ["claims", *xiaomi.ARGS, str(out)])
    assert claims.stdout.endswith(
        "28 claims: 17 supported, 3 misleading, 2 misquoted, 6 unverifiable\n"
    )


def test_same_input_same_file(runner: CliRunner) -> None:
    first = runner.invoke(cli, ["import", "claimreview", str(GOOGLE)])
    second = runner.invoke(cli, ["import", "claimreview", str(GOOGLE)])
    assert first.exit_code == second.exit_code == 0
    assert first.stdout == second.stdout
    assert "fcd:review-5771d8259067 a schema:ClaimReview" in first.stdout


def test_reads_standard_input_and_writes_standard_output(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["import", "claimreview", "-"], input=GOOGLE.read_text())
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{MARKER}\n# 1 ClaimReview from <stdin>.\n")
    assert result.stderr == ""


def test_replaces_only_a_file_an_import_wrote(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "reviews.ttl"
    args = ["import", "claimreview", str(GOOGLE), "-o", str(out)]
    assert runner.invoke(cli, args).exit_code == 0
    again = runner.invoke(cli, args)
    assert again.exit_code == 2
    assert again.stderr == (
        f"error: {out} exists\n  hint: pass --force to replace it, or choose another -o\n"
    )
    assert runner.invoke(cli, [*args, "--force"]).exit_code == 0
    handwritten = tmp_path / "facts.ttl"
    handwritten.write_text("# my facts\n")
    refused = runner.invoke(
        cli, ["import", "claimreview", str(GOOGLE), "-o", str(handwritten), "--force"]
    )
    assert refused.exit_code == 2
    assert refused.stderr == (
        f"error: refusing to replace {handwritten}: it is a fact file that factcheck import did"
        " not write\n  hint: import into a new file; merge by hand if you mean to\n"
    )
    assert handwritten.read_text() == "# my facts\n"


def test_output_must_be_turtle(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "reviews.json"
    result = runner.invoke(cli, ["import", "claimreview", str(GOOGLE), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {out}: import writes Turtle\n"
        "  hint: name the output file *.ttl, e.g. -o reviews.ttl\n"
    )


def test_json_syntax_error_points_at_the_line(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "@type": "ClaimReview",\n  "url" "x"\n}\n')
    result = runner.invoke(cli, ["import", "claimreview", str(bad)])
    assert result.exit_code == 2
    assert result.stderr == f"{bad}:3:9: JSON syntax error: Expecting ':' delimiter\n"


def test_remote_context_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    remote = tmp_path / "remote.json"
    document = json.loads(GOOGLE.read_text())
    document["@context"] = "https://example.org/my-context.jsonld"
    remote.write_text(json.dumps(document))
    result = runner.invoke(cli, ["import", "claimreview", str(remote)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{remote}: refusing to fetch JSON-LD @context 'https://example.org/my-context.jsonld':"
        " import never uses the network\n"
        '  hint: use "@context": "https://schema.org" or inline the context\n'
    )


def test_no_review_in_the_document(runner: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "empty.json"
    empty.write_text('{"@context": "https://schema.org", "@type": "Article", "name": "x"}')
    result = runner.invoke(cli, ["import", "claimreview", str(empty)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{empty}: no ClaimReview in the document\n"
        '  hint: each review needs "@type": "ClaimReview" and "@context": "https://schema.org"\n'
    )


def test_missing_input_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["import", "claimreview", str(tmp_path / "none.json")])
    assert result.exit_code == 2
    assert result.stderr == f"error: no such file: {tmp_path / 'none.json'}\n"
