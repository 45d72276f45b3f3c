"""The report as one self-contained HTML page: no request leaves it, and it works without script.

Everything is inline: the stylesheet (``report.css`` with the colours of ``palette.py``), the
entity graph as SVG, and a few lines of optional script (``report.js``). A Content Security
Policy (https://www.w3.org/TR/CSP3/) in the page forbids every fetch, so a stray reference fails
closed instead of phoning out. Strings are escaped with ``html.escape``; no template engine is
needed for one page of fixed structure.

Accessibility follows WCAG 2.2: landmarks (header, nav, main, footer), sections with headings
in order (h1 → h2 → h3 → h4), ``lang``, tables with ``th scope``, native ``<details>`` for the
evidence (keyboard-operable without script), verdicts shown by icon and word as well as colour,
visible focus, and print styles that print the evidence open.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from importlib import resources

from factcheck import __version__
from factcheck.report.entity_graph import EntityGraph
from factcheck.report.model import (
    VERDICTS,
    ArticleEntry,
    ClaimEntry,
    OpinionEntry,
    Report,
    SourceRef,
    TimelineEntry,
)
from factcheck.report.palette import OPINION, css_variables, style_of
from factcheck.report.spans import Segment, paragraphs, segments

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)
"""Nothing may be fetched; only the inline style and script run."""


def _asset(name: str) -> str:
    return resources.files("factcheck.report").joinpath(name).read_text(encoding="utf-8")


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def badge(verdict: str) -> str:
    """A verdict badge: icon and word on the verdict's colour."""
    style = style_of(verdict)
    return (
        f'<span class="badge v-{verdict}" data-verdict="{verdict}">'
        f'<span aria-hidden="true">{style.icon}</span> {style.word}</span>'
    )


def _link(ref: SourceRef) -> str:
    name = _e(ref.label)
    if ref.url and ref.url.startswith(("https://", "http://")):
        name = f'<a href="{_e(ref.url)}" rel="noreferrer">{name}</a>'
    return f'{name} <span class="muted">({_e(ref.date)})</span>'


def render_html(
    report: Report,
    graph: EntityGraph | None = None,
    checked_on: str = "",
    index_href: str | None = None,
) -> str:
    """The whole page. ``checked_on`` (an ISO date) is printed in the header when given;
    ``index_href`` links back to the project's index page (one page per article)."""
    sections = [
        ("summary", "Summary"),
        *(
            (a.anchor, "The article" if len(report.articles) == 1 else a.label)
            for a in report.articles
        ),
        ("claims", "Claims"),
        ("opinions", "Opinions"),
        ("timeline", "Timeline"),
        ("entity-graph", "Entity graph"),
    ]
    nav = "".join(f'<li><a href="#{anchor}">{_e(name)}</a></li>' for anchor, name in sections)
    meta = f"{len(report.claims)} claims checked, {len(report.opinions)} opinions not checked"
    if checked_on:
        meta += f' · checked on <time datetime="{_e(checked_on)}">{_e(checked_on)}</time>'
    kicker = "factcheck report"
    if index_href:
        kicker = f'<a href="{_e(index_href)}">All articles</a> · factcheck report'
    body = [
        '<a class="skip-link" href="#main">Skip to the report</a>',
        "<header>",
        f'<p class="kicker">{kicker}</p>',
        f"<h1>{_e(report.title)}</h1>",
        f'<p class="meta">{meta}</p>',
        f'<nav aria-label="Sections of the report"><ul>{nav}</ul></nav>',
        "</header>",
        '<main id="main">',
        _summary(report),
        *(_article(report, article) for article in report.articles),
        _claims(report.claims),
        _opinions(report.opinions),
        _timeline(report.timeline),
        _graph(graph),
        "</main>",
        "<footer>",
        f"<p>Made with factcheck {_e(__version__)}. Verdicts are computed from the reference"
        " facts on every run; each claim lists the facts, sources and steps behind it.</p>",
        "</footer>",
    ]
    return page(report.title, body)


def page(title: str, body: Sequence[str]) -> str:
    """A self-contained HTML document around ``body``: the policy, the style and the script."""
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="generator" content="factcheck">',
            f"<title>{_e(title)}</title>",
            f"<style>\n{css_variables()}{_asset('report.css')}</style>",
            "</head>",
            "<body>",
            *body,
            f"<script>\n{_asset('report.js')}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _section(anchor: str, title: str, content: Iterable[str]) -> str:
    return "\n".join(
        [
            f'<section id="{anchor}" aria-labelledby="{anchor}-title">',
            f'<h2 id="{anchor}-title">{_e(title)}</h2>',
            *content,
            "</section>",
        ]
    )


# --- Summary -------------------------------------------------------------------------------


def _summary(report: Report) -> str:
    total = len(report.claims)
    present = [v for v in VERDICTS if report.counts.get(v)]
    phrases = [f"{report.counts[v]} {v}" for v in present]
    if not phrases:
        lead = "The facts hold no article claims to check."
    else:
        listed = (
            phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + f" and {phrases[-1]}"
        )
        lead = f"Of {total} article claim{'s' if total != 1 else ''}, {listed}."
    bar = "".join(
        f'<span class="v-{v}" style="flex-grow: {report.counts[v]}"></span>' for v in present
    )
    rows = "\n".join(
        f'<tr><th scope="row">{badge(v)}</th><td class="number">{report.counts.get(v, 0)}</td>'
        f"<td>{_e(style_of(v).meaning)}</td></tr>"
        for v in VERDICTS
    )
    content = [
        f'<p class="lead">{_e(lead)}</p>',
        f'<div class="bar" aria-hidden="true">{bar}</div>' if bar else "",
        '<table class="counts">',
        "<caption>Verdicts on the article's claims</caption>",
        '<thead><tr><th scope="col">Verdict</th><th scope="col">Claims</th>'
        '<th scope="col">Meaning</th></tr></thead>',
        f"<tbody>\n{rows}\n</tbody>",
        f'<tfoot><tr><th scope="row">All claims</th><td class="number">{total}</td>'
        "<td></td></tr></tfoot>",
        "</table>",
        f"<p>{len(report.opinions)} opinion{'s' if len(report.opinions) != 1 else ''} quoted"
        ' but not checked: see <a href="#opinions">Opinions</a>.</p>',
    ]
    return _section("summary", "Summary", content)


# --- The article with highlighted quotes ------------------------------------------------------


def _article(report: Report, article: ArticleEntry) -> str:
    title = "The article" if len(report.articles) == 1 else f"Article: {article.label}"
    details = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in article.details)
    legend = "".join(
        f'<li><mark class="hl v-{v}">{style_of(v).word.lower()}</mark></li>'
        for v in VERDICTS
        if report.counts.get(v)
    )
    legend += '<li><mark class="hl v-opinion">opinion, not checked</mark></li>'
    content = [f"<p>{_e(article.label)}</p>"]
    if details:
        content.append(f'<dl class="source-details">{details}</dl>')
    if article.text is None:
        content.append(
            "<p>The article's text is not available (its source document names no"
            " <code>fc:textFile</code>), so the quotes are listed with the claims only.</p>"
        )
        return _section(article.anchor, title, content)
    content += [
        "<p>Every checked claim's quote is highlighted where it appears. The marker after a"
        " quote gives the claim's number and verdict and links to it. Where several claims"
        " quote the same words, each claim keeps its own underline in its verdict's colour,"
        " stacked below the words, and its own marker. Opinions are outlined, not"
        " underlined, and their markers say “opinion”.</p>",
        f'<ul class="legend" aria-label="Highlight styles">{legend}</ul>',
        '<div class="article-text">',
        highlight(article.text, article, report),
        "</div>",
    ]
    return _section(article.anchor, title, content)


HEADING_MAX_CHARS = 100
_SENTENCE_END = tuple(".!?…:;,\"”’')")


def is_heading(text: str, last: bool) -> bool:
    """Whether a paragraph of an article's plain text is a section heading: a short line of a
    few words that ends without sentence punctuation, with more text after it."""
    line = text.strip()
    return (
        not last
        and 0 < len(line) <= HEADING_MAX_CHARS
        and len(line.split()) >= 2
        and not line.endswith(_SENTENCE_END)
    )


def highlight(text: str, article: ArticleEntry, report: Report) -> str:
    """The article text as paragraphs (and its headings as headings), each quote highlighted
    and followed by its markers.

    Where quotes are shared, each claim keeps a highlight of its own: the covering marks nest,
    the longest outside, and each draws its verdict's underline at its own depth below the
    words (``shared level-N``), so a span that four claims quote shows four verdicts, not the
    most severe one painted over all of it."""
    claims = {c.anchor: c for c in report.claims}
    opinions = {o.anchor: o for o in report.opinions}
    spans = {s.key: s for s in article.spans}

    def kind(key: str) -> str:
        return claims[key].verdict if key in claims else "opinion"

    def number(key: str) -> int:
        return claims[key].number if key in claims else opinions[key].number

    def marker(key: str) -> str:
        if key in claims:
            claim = claims[key]
            style = style_of(claim.verdict)
            label = f"Claim {claim.number}, {claim.verdict}: {claim.label}"
            text_ = f"{style.icon}{claim.number}"
            if claim.verdict == "unverifiable":  # told from an opinion by word, not only line
                text_ = f"{style.icon}{claim.number} unverifiable"
        else:
            opinion = opinions[key]
            label = f"Opinion {opinion.number}, not checked: {opinion.label}"
            text_ = f"{OPINION.icon}{opinion.number} opinion"
        return (
            f'<a class="ref v-{kind(key)}" href="#{key}" aria-label="{_e(label)}">{_e(text_)}</a>'
        )

    def outer_first(key: str) -> tuple[int, int, int]:
        span = spans[key]
        return (span.start, -span.end, number(key))

    def piece(segment: Segment) -> str:
        out = "".join(
            f'<span class="quote-anchor" id="quote-{s.key}"></span>' for s in segment.opening
        )
        if segment.covering and segment.text:
            keys = sorted((s.key for s in segment.covering), key=outer_first)
            inner = _e(segment.text)
            shared = len(keys) > 1
            for depth, key in enumerate(reversed(keys)):
                classes = f"hl v-{kind(key)}" + (f" shared level-{min(depth, 5)}" if shared else "")
                inner = f'<mark class="{classes}" data-claim="{key}">{inner}</mark>'
            out += inner
        else:
            out += _e(segment.text)
        ends = sorted((s.key for s in segment.closing), key=lambda k: (k not in claims, number(k)))
        return out + "".join(marker(k) for k in ends)

    blocks = paragraphs(segments(text, article.spans))
    html = []
    for index, block in enumerate(blocks):
        inner = "".join(piece(s) for s in block)
        if is_heading("".join(s.text for s in block), index == len(blocks) - 1):
            html.append(f'<h3 class="article-heading">{inner}</h3>')
        else:
            html.append(f"<p>{inner}</p>")
    return "\n".join(html)


# --- Claims ---------------------------------------------------------------------------------


def _claims(claims: Sequence[ClaimEntry]) -> str:
    intro = (
        "<p>Each claim with its verdict, in the order the article makes them. Open"
        " “Evidence and reasoning” for the reference facts, their sources and the steps of the"
        " computation.</p>"
    )
    if not claims:
        return _section("claims", "Claims", ["<p>No article claims.</p>"])
    return _section("claims", "Claims", [intro, *(_claim(c) for c in claims)])


def _claim(claim: ClaimEntry) -> str:
    """A claim card: verdict, quote and a plain-language explanation up front; the reasoning,
    the evidence and our identifiers behind "Evidence and reasoning"."""
    explanation = claim.explanation
    where = []
    if claim.claimant:
        where.append(f"attributed to {_e(claim.claimant)}")
    if claim.span is not None:
        where.append(f'<a href="#quote-{claim.anchor}">show in the article</a>')
    else:
        where.append("quote not found in the article text")
    steps = "".join(f"<li>{_e(step)}</li>" for step in claim.steps)
    reasoning = f'<ol class="steps">{steps}</ol>' if steps else "<p>No steps recorded.</p>"
    if claim.evidence:
        items = []
        for item in claim.evidence:
            sources = "; ".join(_link(s) for s in item.sources) or "no source"
            note = f"<br>Note: {_e(item.plain_note)}" if item.plain_note else ""
            items.append(
                f"<li><strong>{_e(item.label)}</strong>"
                f"<br>Value: {_e(item.value)}<br>Sources: {sources}{note}</li>"
            )
        evidence = f'<ul class="evidence">{"".join(items)}</ul>'
    else:
        evidence = "<p>None: no reference fact bears on this claim.</p>"
    qualifiers = "".join(
        f'<tr><th scope="row">{_e(name)}</th><td>{_e(value)}</td></tr>'
        for name, value in explanation.qualifiers
    )
    source = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in explanation.source_details)
    identifiers = [f"<dt>{k}</dt><dd><code>{_e(v)}</code></dd>" for k, v in claim.identifiers]
    return "\n".join(
        [
            f'<article class="claim v-{claim.verdict}" id="{claim.anchor}"'
            f' data-verdict="{claim.verdict}" aria-labelledby="{claim.anchor}-title">',
            f'<h3 id="{claim.anchor}-title">{badge(claim.verdict)}'
            f" <span>{claim.number}. {_e(claim.label)}</span></h3>",
            f"<blockquote><p>{_e(explanation.quote)}</p></blockquote>",
            f'<p class="where">{" · ".join(where)}</p>',
            f'<p class="claim-summary">{_e(claim.summary)}</p>',
            "<details>",
            "<summary>Evidence and reasoning</summary>",
            '<div class="details-body">',
            "<h4>How we checked it</h4>",
            reasoning,
            "<h4>Evidence</h4>",
            evidence,
            "<h4>The claim as recorded</h4>",
            f'<div class="table-scroll"><table><tbody>{qualifiers}</tbody></table></div>',
            f"<h4>Source: {_e(explanation.source)}</h4>",
            f'<dl class="source-details">{source}</dl>' if source else "",
            '<details class="identifiers">',
            "<summary>Identifiers (for factcheck explain)</summary>",
            f'<dl class="source-details">{"".join(identifiers)}</dl>',
            "</details>",
            "</div>",
            "</details>",
            "</article>",
        ]
    )


# --- Opinions, timeline, graph -------------------------------------------------------------------


def _opinions(opinions: Sequence[OpinionEntry]) -> str:
    if not opinions:
        return _section("opinions", "Opinions", ["<p>The article's facts record no opinions.</p>"])
    items = []
    for opinion in opinions:
        who = [f"{OPINION.icon} Opinion {opinion.number}: {_e(opinion.label)}"]
        if opinion.claimant:
            who.append(f"attributed to {_e(opinion.claimant)}")
        if opinion.about:
            who.append(f"about {_e(opinion.about)}")
        if opinion.span is not None:
            who.append(f'<a href="#quote-{opinion.anchor}">show in the article</a>')
        items.append(
            f'<li class="opinion v-opinion" id="{opinion.anchor}">'
            f"<blockquote><p>{_e(opinion.quote)}</p></blockquote>"
            f'<p class="where">{" · ".join(who)}</p></li>'
        )
    intro = (
        "<p>Statements of opinion or framing. They are quoted so a reader can see them, but"
        " they state nothing a reference fact could confirm, so they get no verdict.</p>"
    )
    return _section(
        "opinions", "Opinions (not checked)", [intro, '<ul class="opinions">', *items, "</ul>"]
    )


def _timeline(entries: Sequence[TimelineEntry]) -> str:
    if not entries:
        return _section("timeline", "Timeline", ["<p>No reference fact dates an event.</p>"])
    items = []
    for entry in entries:
        date = entry.date
        when = date.describe().removesuffix(f" ({date.zone})") if date.zone else date.describe()
        zone = f' <span class="zone">{_e(date.zone)}</span>' if date.zone else ""
        sources = "; ".join(_link(s) for s in entry.sources) or "no source"
        extra = f"<br>Note: {_e(entry.note)}" if entry.note else ""
        if entry.disagrees_with:
            extra += "<br>Disagrees with: " + "; ".join(_e(d) for d in entry.disagrees_with)
        items.append(
            f'<li><time datetime="{_e(date.lexical)}">{_e(when)}</time>{zone}'
            f" — <strong>{_e(entry.event)}</strong>: {_e(entry.label)}"
            f'<br><span class="sources">Sources: {sources}</span>{extra}</li>'
        )
    intro = (
        "<p>Events dated by reference facts (<code>fc:happenedAt</code>), oldest first. A date"
        " is local to its time zone; where sources date an event differently, each date is"
        " listed with its sources.</p>"
    )
    return _section("timeline", "Timeline", [intro, '<ol class="timeline">', *items, "</ol>"])


def _graph(graph: EntityGraph | None) -> str:
    if graph is None:
        return _section("entity-graph", "Entity graph", ["<p>The facts name no entities.</p>"])
    rows = "\n".join(
        f"<tr><td>{_e(link.start)}</td><td>{_e(link.label)}</td><td>{_e(link.end)}</td>"
        f"<td>{_e(link.provenance)}</td></tr>"
        for link in graph.links
    )
    by_start: dict[str, list[str]] = {}
    for link in graph.links:
        by_start.setdefault(link.start, []).append(
            f"<li>{_e(link.label)} → <strong>{_e(link.end)}</strong></li>"
        )
    relations = "".join(
        f"<li><strong>{_e(start)}</strong><ul>{''.join(items)}</ul></li>"
        for start, items in by_start.items()
    )
    isolated = ""
    if graph.isolated:
        one = len(graph.isolated) == 1
        isolated = (
            f" {len(graph.isolated)} {'entity has' if one else 'entities have'}"
            f" no link and {'sits' if one else 'sit'} in the bottom row: "
            + ", ".join(_e(name) for name in graph.isolated)
            + "."
        )
    content = [
        '<div class="entity-graph">',
        '<figure class="graph-figure">',
        '<div class="graph-controls" hidden>'
        '<button type="button" data-zoom="in" aria-label="Zoom in">+</button>'
        '<button type="button" data-zoom="out" aria-label="Zoom out">−</button>'
        '<button type="button" data-zoom="reset">Actual size</button>'
        '<span class="muted">Drag to pan.</span></div>',
        f'<div class="graph-viewport" tabindex="0" aria-label="Entity graph, scrollable">'
        f"{graph.svg}</div>",
        f"<figcaption>{graph.entities} entities and {len(graph.links)} links. Article claims"
        " are drawn in their verdict's colour, dashed when unverifiable; each link is named"
        f" along its line.{isolated}</figcaption>",
        "</figure>",
        '<div class="relations">',
        "<h3>Relations</h3>",
        f'<ul class="relation-list">{relations}</ul>',
        "</div>",
        '<details class="graph-table">',
        "<summary>The links as a table, with where each comes from</summary>",
        '<div class="table-scroll"><table>',
        "<caption>Links between entities, with where each comes from</caption>",
        '<thead><tr><th scope="col">From</th><th scope="col">Link</th><th scope="col">To</th>'
        '<th scope="col">Provenance</th></tr></thead>',
        f"<tbody>\n{rows}\n</tbody>",
        "</table></div>",
        "</details>",
        "</div>",
    ]
    return _section("entity-graph", "Entity graph", content)
