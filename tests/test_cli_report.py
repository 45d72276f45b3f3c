"""``factcheck report``: the HTML page's structure and accessibility, Markdown, and safe output."""

from __future__ import annotations

import itertools
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import xiaomi
from click.testing import CliRunner

from factcheck.cli import cli
from factcheck.report.markdown import IDENTIFIERS
from factcheck.report.palette import BASE, VERDICT_STYLES, contrast, text_pairs
from factcheck.report.spans import Span, locate, paragraphs, segments
from factcheck.resources import bundled_facts_dir

ACME = Path(__file__).parent / "fixtures" / "claimreview" / "facts"
SUMMARY = "28 claims (17 supported, 3 misleading, 2 misquoted, 6 unverifiable)"


class Page(HTMLParser):
    """The parts of an HTML page the tests look at."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.headings: list[tuple[int, str]] = []
        self.marks: dict[str, list[str]] = {}
        self.styles: list[str] = []
        self._heading: int | None = None
        self._heading_text: list[str] = []
        self._marks: list[str] = []
        self._mark_text: list[str] = []
        self._style = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._heading_text = int(tag[1]), []
        if tag == "mark" and "data-claim" in attributes:
            if not self._marks:
                self._mark_text = []
            self._marks.append(attributes["data-claim"])
        self._style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append((self._heading, "".join(self._heading_text).strip()))
            self._heading = None
        if tag == "mark" and self._marks:  # marks nest where claims share words
            key = self._marks.pop()
            self.marks.setdefault(key, []).append("".join(self._mark_text))
            if not self._marks:
                self._mark_text = []
        self._style = False

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading_text.append(data)
        if self._marks:
            self._mark_text.append(data)
        if self._style:
            self.styles.append(data)

    def find(self, tag: str, **wanted: str) -> list[dict[str, str]]:
        return [
            a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in wanted.items())
        ]


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("report") / "report.html"
    result = CliRunner().invoke(
        cli, ["report", *xiaomi.ARGS, "-o", str(out), "--date", "2025-01-15"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == f"wrote {out}: {SUMMARY}\n"
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def page(html: str) -> Page:
    return Page(html)


@pytest.fixture(scope="module")
def claims() -> list[dict[str, str]]:
    result = CliRunner().invoke(cli, ["claims", *xiaomi.ARGS, "--format", "json"])
    assert result.exit_code == 0
    rows: list[dict[str, str]] = json.loads(result.stdout)
    return rows


def test_every_claim_is_listed_with_its_verdict(page: Page, claims: list[dict[str, str]]) -> None:
    listed = {a["id"]: a["data-verdict"] for a in page.find("article") if "data-verdict" in a}
    assert listed == {row["claim"].rsplit("/", 1)[-1]: row["verdict"] for row in claims}
    for anchor in listed:  # each claim has one marker in the text, linking to it
        assert len(page.find("a", href=f"#{anchor}")) == 1, anchor


def test_every_quote_is_highlighted_whole_even_where_quotes_overlap(
    page: Page, claims: list[dict[str, str]]
) -> None:
    for row in claims:
        anchor = row["claim"].rsplit("/", 1)[-1]
        assert "".join(page.marks[anchor]) == row["quote"].replace("\n", ""), anchor
    # Four claims share one span: each keeps a mark of its own, in its own verdict (issue 18).
    shared = {"claim-launched-su7", "claim-launched-su7-pro", "claim-launched-su7-max"}
    shared.add("claim-launched-su7-ultra")
    verdicts = {row["claim"].rsplit("/", 1)[-1]: row["verdict"] for row in claims}
    for key in shared:
        (mark,) = page.find("mark", **{"data-claim": key})
        assert mark["class"].startswith(f"hl v-{verdicts[key]} shared level-"), mark
    levels = sorted(page.find("mark", **{"data-claim": k})[0]["class"][-7:] for k in shared)
    assert levels == ["level-0", "level-1", "level-2", "level-3"]
    # Claims that overlap without nesting share the overlapping words, each with its mark.
    overlap = {a["data-claim"] for a in page.find("mark") if "shared" in a.get("class", "")}
    assert {"claim-leijun-posted", "claim-post-photo"} <= overlap


def test_opinions_are_listed_apart_and_not_rated(page: Page, html: str) -> None:
    opinions = page.find("li", **{"class": "opinion v-opinion"})
    assert [o["id"] for o in opinions] == [
        "opinion-proud-of-speed",
        "opinion-impressive-speed",
        "opinion-same-ethos",
        "opinion-challenge-to-tesla",
        "opinion-significant-implications",
    ]
    section = html[html.index('<section id="opinions"') : html.index('<section id="timeline"')]
    assert "data-verdict" not in section


def test_page_is_self_contained(page: Page, html: str) -> None:
    assert page.find("meta", **{"http-equiv": "Content-Security-Policy"})[0]["content"] == (
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    for tag, attributes in page.tags:
        assert tag not in ("link", "iframe", "object", "embed", "img", "base"), tag
        for name in ("src", "href", "xlink:href", "srcset", "poster", "data"):
            value = attributes.get(name)
            if value is None or (tag == "a" and name == "href"):
                continue  # a hyperlink is followed only when the reader clicks it
            assert value.startswith(("#", "data:")), (tag, name, value)
    css = "".join(page.styles)
    assert "@import" not in css
    assert re.findall(r"url\((?!['\"]?data:)", css) == []
    assert "<script src" not in html


def test_page_is_accessible(page: Page) -> None:
    assert page.find("html") == [{"lang": "en"}]
    assert [t for t, _ in page.tags if t in ("header", "nav", "main", "footer")] == [
        "header",
        "nav",
        "main",
        "footer",
    ]
    levels = [level for level, _ in page.headings]
    assert levels.count(1) == 1 and levels[0] == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, page.headings  # no level skipped on the way down
    assert [text for level, text in page.headings if level == 2] == [
        "Summary",
        "The article",
        "Claims",
        "Opinions (not checked)",
        "Timeline",
        "Entity graph",
    ]
    headers = page.find("th")
    assert headers and all(h.get("scope") in ("col", "row") for h in headers)
    # every claim's evidence with its identifiers inside, and the graph's table
    assert len(page.find("details")) == 28 * 2 + 1
    svg = page.find("svg", id="entity-graph-picture")
    assert svg and svg[0]["role"] == "img"
    assert svg[0]["aria-labelledby"] == "entity-graph-picture-title entity-graph-picture-desc"


def test_every_text_colour_has_enough_contrast() -> None:
    for what, foreground, background in text_pairs():
        assert contrast(foreground, background) >= 4.5, what
    assert contrast(BASE["focus"], BASE["bg"]) >= 3  # focus ring against the page
    for name, style in VERDICT_STYLES.items():  # never colour alone
        assert style.icon and style.word.lower() == name
    css = (Path(__file__).parent.parent / "factcheck" / "report" / "report.css").read_text()
    assert re.findall(r"#[0-9a-fA-F]{3,6}\b", css) == []  # every colour comes from the palette


def test_print_styles_open_the_evidence(page: Page) -> None:
    css = "".join(page.styles)
    printed = css[css.index("@media print") :]
    assert "details::details-content" in printed
    assert "content-visibility: visible" in printed


def test_timeline_is_sorted_with_sources(html: str) -> None:
    section = html[html.index('<section id="timeline"') : html.index('<section id="entity-graph"')]
    dates = re.findall(r'<time datetime="([^"]+)">', section)
    assert len(dates) == 13
    assert dates[0] == "2018-04-02" and dates[-1] == "2024-11-13"
    assert dates.index("2024-11-12") < dates.index("2024-11-13")  # New York before Beijing
    assert section.count("Sources: ") == 13


# --- Quote spans ----------------------------------------------------------------------------


def test_partial_overlap_is_cut_into_flat_segments() -> None:
    a, b = Span(0, 10, "claim-a"), Span(5, 15, "claim-b")
    cut = segments("0123456789ABCDEFGHIJ", [a, b])
    assert [(s.start, s.end, [c.key for c in s.covering]) for s in cut] == [
        (0, 5, ["claim-a"]),
        (5, 10, ["claim-a", "claim-b"]),
        (10, 15, ["claim-b"]),
        (15, 20, []),
    ]
    assert [s.opening for s in cut] == [(a,), (b,), (), ()]
    assert [s.closing for s in cut] == [(), (a,), (b,), ()]


def test_identical_and_nested_spans_share_segments() -> None:
    outer, same, inner = Span(0, 6, "x"), Span(0, 6, "y"), Span(2, 4, "z")
    cut = segments("abcdef", [outer, same, inner])
    assert [(s.text, [c.key for c in s.covering]) for s in cut] == [
        ("ab", ["x", "y"]),
        ("cd", ["x", "y", "z"]),
        ("ef", ["x", "y"]),
    ]


def test_paragraphs_split_a_quote_across_lines_and_keep_its_ends() -> None:
    span = Span(1, 9, "q")  # "b\ncd\n\nef": starts mid-line, crosses a blank line
    blocks = paragraphs(segments("ab\ncd\n\nef", [span]))
    assert [[(s.text, bool(s.covering), s.opening, s.closing) for s in b] for b in blocks] == [
        [("a", False, (), ()), ("b", True, (span,), ())],
        [("cd", True, (), ())],
        [("ef", True, (), (span,))],
    ]


def test_stale_offsets_fall_back_to_the_quoted_words() -> None:
    assert locate("say hello there", "hello", 4, 9) == (4, 9)
    assert locate("say hello there", "hello", 0, 5) == (4, 9)
    assert locate("say hello there", "goodbye", 0, 5) is None


# --- The command ----------------------------------------------------------------------------


def test_refuses_to_overwrite_without_force(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    out.write_text("keep me")
    args = ["report", str(ACME), "-o", str(out), "--date", "2025-01-15"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {out} exists\n  hint: pass --force to replace it, or choose another -o\n"
    )
    assert out.read_text() == "keep me"
    result = runner.invoke(cli, [*args, "--force"])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {out}: 2 claims (1 supported, 1 unverifiable)\n"
    assert out.read_text().startswith("<!DOCTYPE html>")


def test_never_writes_among_the_facts(runner: CliRunner) -> None:
    facts = bundled_facts_dir()
    out = facts / "report.html"
    result = runner.invoke(cli, ["report", "-o", str(out), "--force"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: refusing to write {out}: it is inside {facts.resolve()}, which holds the fact"
        " files being read\n"
        "  hint: write the output somewhere else, e.g. -o report.html in another folder\n"
    )
    assert not out.exists()


def test_default_output_is_report_html(runner: CliRunner) -> None:
    with runner.isolated_filesystem():
        result = runner.invoke(cli, ["report", str(ACME), "--date", "2025-01-15"])
        assert result.exit_code == 0, result.output
        assert result.stderr == "wrote report.html: 2 claims (1 supported, 1 unverifiable)\n"
        text = Path("report.html").read_text(encoding="utf-8")
    assert '<time datetime="2025-01-15">2025-01-15</time>' in text
    assert text.count('<article class="claim') == 2


def test_html_to_standard_output(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["report", str(ACME), "-o", "-", "--date", "2025-01-15"])
    assert result.exit_code == 0
    assert result.stdout.startswith('<!DOCTYPE html>\n<html lang="en">\n')
    assert result.stderr == ""


def test_markdown_for_a_pull_request(runner: CliRunner) -> None:
    result = runner.invoke(
        cli,
        ["report", str(ACME), "--format", "markdown", "--base-url", "https://x.example/r.html"],
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout == (
        "## Fact-check: Example News, Acme's best year\n"
        "\n"
        "**2 claims checked:** ✅ 1 supported · ❔ 1 unverifiable. 💬 1 opinion quoted, not"
        " checked.\n"
        "\n"
        "Full report: https://x.example/r.html\n"
        "\n"
        "| # | verdict | claim | quote |\n"
        "| --- | --- | --- | --- |\n"
        "| 1 | ✅ supported | [Jane Roe is Acme's chief executive]"
        "(https://x.example/r.html#claim-roe-ceo) | Acme Corp chief executive Jane Roe |\n"
        "| 2 | ❔ unverifiable | [Jane Roe: 'our best year ever']"
        "(https://x.example/r.html#claim-roe-best-year) | our best year ever |\n"
        "\n"
        '<a name="claim-roe-ceo"></a>\n'
        "<details><summary>✅ supported · 1. Jane Roe is Acme's chief executive</summary>\n"
        "\n"
        "> Acme Corp chief executive Jane Roe\n"
        "\n"
        "Stated by Acme Corp annual report 2023.\n"
        "\n"
        "**How we checked it:**\n"
        "\n"
        "1. claimed: Jane Roe — CEO of → Acme Corp\n"
        "2. reference: same statement (Acme Corp annual report 2023)\n"
        "\n"
        "**Evidence:**\n"
        "\n"
        "- Jane Roe is chief executive of Acme Corp: Acme Corp —"
        " [Acme Corp annual report 2023](https://acme.example.org/annual-report-2023)"
        " (2024-01-30)\n"
        "\n"
        "<details><summary>Identifiers (for factcheck explain)</summary>\n"
        "\n"
        "claim `fcd:claim-roe-ceo` · rule `same-statement` · evidence `fcd:ref-roe-ceo`\n"
        "\n"
        "</details>\n"
        "\n"
        "</details>\n"
        "\n"
        '<a name="claim-roe-best-year"></a>\n'
        "<details><summary>❔ unverifiable · 2. Jane Roe: 'our best year ever'</summary>\n"
        "\n"
        "> our best year ever\n"
        "\n"
        "We found no published source that confirms or contradicts this claim.\n"
        "\n"
        "Attributed to Jane Roe.\n"
        "\n"
        "**How we checked it:**\n"
        "\n"
        "1. looked for reference facts with subject Jane Roe and property said: none\n"
        "\n"
        "**Evidence:** none; no reference fact bears on this claim.\n"
        "\n"
        "<details><summary>Identifiers (for factcheck explain)</summary>\n"
        "\n"
        "claim `fcd:claim-roe-best-year` · rule `no-evidence`\n"
        "\n"
        "</details>\n"
        "\n"
        "</details>\n"
    )


def test_markdown_counts_the_bundled_facts(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["report", *xiaomi.ARGS, "--format", "markdown"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[2] == (
        "**28 claims checked:** ✅ 17 supported · ⚠️ 3 misleading · 🗨️ 2 misquoted ·"
        " ❔ 6 unverifiable. 💬 5 opinions quoted, not checked."
    )
    assert result.stdout.count("<details><summary>") == 2 * 28  # each claim, its identifiers
    assert result.stdout.count(f"<details><summary>{IDENTIFIERS}</summary>") == 28


IDENTIFIER_TOGGLE = re.compile(
    r"<details><summary>" + re.escape(IDENTIFIERS) + r"</summary>\n\n(.*?)\n\n</details>", re.S
)


def markdown_cases() -> list[object]:
    cases = [pytest.param(["--demo"], id="bundled facts")]
    articles = sorted(p.name for p in (xiaomi.FACTS / "articles").iterdir() if p.is_dir())
    cases += [pytest.param([str(xiaomi.FACTS), "--article", a], id=a) for a in articles]
    return cases


@pytest.mark.parametrize("args", markdown_cases())
def test_issue_18_markdown_keeps_identifiers_in_their_toggle(
    runner: CliRunner, args: list[str]
) -> None:
    """The Markdown report speaks as the HTML one does: no ``fcd:`` names, IRIs, rule ids or
    engine wording outside the one "Identifiers" toggle per claim, which keeps them all."""
    result = runner.invoke(cli, ["report", *args, "--format", "markdown"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    toggles = IDENTIFIER_TOGGLE.findall(text)
    claims = text.count('<a name="claim-')
    assert claims > 0
    assert len(toggles) == claims
    assert all(t.startswith("claim `fcd:claim-") and " · rule `" in t for t in toggles)
    outside = IDENTIFIER_TOGGLE.sub("", text)
    rules = {m for t in toggles for m in re.findall(r"rule `([^`]+)`", t)}
    assert rules
    for forbidden in ("fcd:", "fc:", "w3id.org/factcheck", "(rule", "No reference fact states"):
        assert forbidden not in outside, forbidden
    for rule in rules:
        assert f"`{rule}`" not in outside, rule
    assert not re.search(r"\(:[A-Za-z]", outside)  # (:MuskBloombergInterview2018)


def test_missing_facts_path_is_an_input_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["report", str(tmp_path / "nope"), "-o", str(tmp_path / "r")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: no such file or directory: {tmp_path / 'nope'}\n")
    assert not (tmp_path / "r").exists()


def test_issue_18_one_page_per_article_and_an_index(tmp_path: Path) -> None:
    acme = Path(__file__).parent / "fixtures" / "claimreview" / "facts"
    out = tmp_path / "site" / "index.html"
    out.parent.mkdir()
    result = CliRunner().invoke(
        cli, ["report", *xiaomi.ARGS, str(acme), "-o", str(out), "--date", "2025-01-15"]
    )
    assert result.exit_code == 0, result.output
    acme_page = out.with_name("index-article-acme.html")
    xiaomi_page = out.with_name("index-article-xiaomi-su7-100k.html")
    assert result.stderr == (
        f"wrote {acme_page}: 2 claims (1 supported, 1 unverifiable)\n"
        f"wrote {xiaomi_page}: {SUMMARY}\n"
        f"wrote {out}: index of 2 articles\n"
    )
    index = Page(out.read_text(encoding="utf-8"))
    links = [a["href"] for a in index.find("a") if a.get("href", "").endswith(".html")]
    assert links == [acme_page.name, xiaomi_page.name]
    rows = out.read_text(encoding="utf-8").split("<tbody>")[1].split("</tbody>")[0]
    assert rows.count("<tr>") == 2
    assert '<td class="number">28</td><td class="number">17</td>' in rows
    page = Page(xiaomi_page.read_text(encoding="utf-8"))
    assert len(page.find("article", **{"class": "claim v-supported"})) == 17
    assert page.find("a", href="index.html")  # back to the index
    acme_claims = [a["id"] for a in Page(acme_page.read_text()).find("article") if "id" in a]
    assert acme_claims == ["claim-roe-ceo", "claim-roe-best-year"]


def test_issue_18_a_derivation_step_reads_without_its_identifiers() -> None:
    from factcheck.report.plain import strip_identifiers

    step = (
        "fcd:ref-implied is derived (ApplyRelativeChange of fcd:ref-2014, fcd:ref-change): "
        "73,400,000 × (1 + 2.2 ÷ 100) = 74,927,025 to 75,102,625, as stated"
    )
    assert strip_identifiers(step) == (
        "Derived: 73,400,000 × (1 + 2.2 ÷ 100) = 74,927,025 to 75,102,625, as stated"
    )
