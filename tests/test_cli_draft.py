"""``factcheck draft``: files written, never overwritten without --force, byte-identical reruns,
HTML input, and a draft that validates with one warning per to-do."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from factcheck.cli import cli

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts"
ARTICLE = FACTS / "xiaomi-su7-100k-article.txt"
SUMMARY = "{out}: 8 claims, 12 possible opinions, 27 to-dos; text in {text}\n"


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    shutil.copyfile(ARTICLE, path)
    return path


def draft(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, ["draft", *args, "--facts", str(FACTS)])
    return result.exit_code, result.stdout, result.stderr


def test_draft_writes_turtle_beside_the_article(runner: CliRunner, story: Path) -> None:
    code, out, err = draft(runner, str(story))
    assert code == 0
    assert out == ""
    turtle = story.with_suffix(".ttl")
    assert err.splitlines()[0] == SUMMARY.format(out=turtle, text=story).strip()
    assert err.splitlines()[1] == (
        "  opinion? For a new company entering the electric vehicle industry, this is a s…"
    )
    assert len(err.splitlines()) == 13
    text = turtle.read_text(encoding="utf-8")
    assert text.startswith("# Draft fact file for story.txt, written by `factcheck draft`.\n")
    assert 'fc:textFile "story.txt" ;' in text
    assert ":claim-story-08 a fc:ArticleClaim ;" in text
    assert sorted(p.name for p in story.parent.iterdir()) == ["story.ttl", "story.txt"]


def test_rerun_needs_force_and_is_byte_identical(runner: CliRunner, story: Path) -> None:
    assert draft(runner, str(story))[0] == 0
    turtle = story.with_suffix(".ttl")
    first = turtle.read_bytes()
    code, _, err = draft(runner, str(story))
    assert code == 2
    assert (
        err == f"error: {turtle} exists; not overwriting it\n  hint: pass --force to replace it\n"
    )
    assert turtle.read_bytes() == first
    assert draft(runner, str(story), "--force")[0] == 0
    assert turtle.read_bytes() == first


def test_text_is_copied_beside_out(runner: CliRunner, story: Path, tmp_path: Path) -> None:
    out = tmp_path / "drafts" / "xiaomi.ttl"
    code, _, err = draft(runner, str(story), "--out", str(out))
    assert code == 0
    assert err.startswith(SUMMARY.format(out=out, text=out.with_suffix(".txt")))
    assert out.with_suffix(".txt").read_text(encoding="utf-8") == story.read_text(encoding="utf-8")
    assert 'fc:textFile "xiaomi.txt" ;' in out.read_text(encoding="utf-8")


def test_an_existing_different_text_file_is_not_overwritten(
    runner: CliRunner, story: Path, tmp_path: Path
) -> None:
    out = tmp_path / "other.ttl"
    out.with_suffix(".txt").write_text("someone else's text", encoding="utf-8")
    code, _, err = draft(runner, str(story), "--out", str(out))
    assert code == 2
    assert err.startswith(f"error: {out.with_suffix('.txt')} exists; not overwriting it\n")
    assert not out.exists()


def test_out_dash_prints_the_turtle(runner: CliRunner, story: Path) -> None:
    code, out, err = draft(runner, str(story), "--out", "-")
    assert code == 0
    assert out.startswith("# Draft fact file for story.txt")
    assert err.startswith("stdout: 8 claims")
    assert not story.with_suffix(".ttl").exists()


def test_source_meta(runner: CliRunner, story: Path) -> None:
    code, out, _ = draft(
        runner,
        str(story),
        "--out",
        "-",
        "--source-meta",
        "publisher=Example Daily",
        "--source-meta",
        "datePublished=2024-11-14",
        "--source-meta",
        "url=https://example.com/su7",
    )
    assert code == 0
    assert 'schema:publisher "Example Daily" ;' in out
    assert 'schema:datePublished "2024-11-14"^^xsd:date ;' in out
    assert "schema:url <https://example.com/su7> ." in out
    assert "schema:author fc:unknown ;" in out


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        (
            "colour=red",
            "error: bad --source-meta 'colour=red'\n  hint: use key=value with key one of:",
        ),
        ("datePublished=14 Nov", "error: datePublished '14 Nov' is not a date\n"),
        ("datePublished=2024-02-30", "error: datePublished '2024-02-30' is not a date\n"),
    ],
)
def test_bad_source_meta_exits_2(runner: CliRunner, story: Path, meta: str, message: str) -> None:
    code, _, err = draft(runner, str(story), "--source-meta", meta)
    assert code == 2
    assert err.startswith(message)
    assert not story.with_suffix(".ttl").exists()


def test_missing_or_unusable_article_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = draft(runner, str(tmp_path / "nope.txt"))
    assert (code, err) == (2, f"error: no such article: {tmp_path / 'nope.txt'}\n")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\x00\x00")
    code, _, err = draft(runner, str(binary))
    assert (code, err.splitlines()[0]) == (2, f"error: {binary} is a binary file")
    turtle = tmp_path / "facts.ttl"
    turtle.write_text("", encoding="utf-8")
    assert draft(runner, str(turtle))[0] == 2


def test_html_article(runner: CliRunner, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>T</title><style>p{}</style></head><body>"
        "<nav>Prices from $1 million</nav><article><p>Tesla delivered 495,570 vehicles in "
        "Q4 2024.</p><script>var n = 7;</script></article></body></html>",
        encoding="utf-8",
    )
    code, _, err = draft(runner, str(page), "--out", "-")
    assert (code, err) == (
        2,
        "error: an HTML article needs --out FILE\n  hint: its text is stored beside FILE\n",
    )
    out = tmp_path / "page.ttl"
    code, _, err = draft(runner, str(page), "--out", str(out))
    assert code == 0
    assert err == f"{out}: 1 claim, 0 possible opinions, 1 to-do; text in {tmp_path / 'page.txt'}\n"
    assert (tmp_path / "page.txt").read_text(encoding="utf-8") == (
        "Tesla delivered 495,570 vehicles in Q4 2024."
    )
    text = out.read_text(encoding="utf-8")
    assert "rdf:subject :Tesla ;" in text
    assert "fc:period :Q4-2024 ;" in text  # the bundled facts declare it
    assert 'rdfs:label "T" ;' in text


def test_issue_8_draft_validates_with_a_warning_per_to_do(runner: CliRunner, story: Path) -> None:
    """Each fc:todo is a warning naming the claim and the part. The only violations are the
    structure shape's missing rdf:predicate, on claims whose to-do says to choose one."""
    assert draft(runner, str(story))[0] == 0
    shutil.copyfile(FACTS / "entities.ttl", story.parent / "entities.ttl")
    result = runner.invoke(
        cli,
        ["validate", str(story.parent), "--format", "json", "--no-cache", "--fail-on", "warning"],
    )
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    warnings = [
        f for f in report["findings"] if f["severity"] == "warning" and f["path"] == "fc:todo"
    ]  # other warnings: the coverage rule's uncovered figures
    assert len(warnings) == 27
    assert all(f["message"].startswith("to do: ") for f in warnings)
    assert {
        "focus_label": "fcd:claim-story-07",
        "message": "to do: rdf:subject: 'the company' read as the organisation named last;"
        " confirm it",
    }.items() <= next(
        w for w in warnings if "claim-story-07" in w["focus_label"] and "subject" in w["message"]
    ).items()
    violations = [f for f in report["findings"] if f["severity"] == "violation"]
    assert {(f["path"], f["component"].rsplit("#")[-1]) for f in violations} <= {
        ("rdf:predicate", "MinCountConstraintComponent")
    }
    predicate_todos = {
        f["focus_label"] for f in warnings if f["message"].startswith("to do: rdf:predicate:")
    }
    assert {f["focus_label"] for f in violations} <= predicate_todos
    assert len(predicate_todos) == 8


def test_draft_output_is_already_canonical(runner: CliRunner, story: Path) -> None:
    assert draft(runner, str(story))[0] == 0
    result = runner.invoke(cli, ["fmt", "--check", str(story.with_suffix(".ttl"))])
    assert result.exit_code == 0
