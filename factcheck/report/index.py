"""The index page of a project with several articles: each article, its verdict counts and a
link to its own report page (``factcheck report`` writes one page per article beside it)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from factcheck import __version__
from factcheck.report.html import badge, page
from factcheck.report.model import VERDICTS, Report


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def render_index(pages: Sequence[tuple[Report, str]], checked_on: str = "") -> str:
    """The index: one row per article (its page's file name, its label, claims per verdict)."""
    present = [v for v in VERDICTS if any(r.counts.get(v) for r, _ in pages)] or list(VERDICTS)
    head = "".join(f'<th scope="col">{badge(v)}</th>' for v in present)
    rows = []
    totals = dict.fromkeys(present, 0)
    for report, href in pages:
        article = report.articles[0]
        cells = "".join(f'<td class="number">{report.counts.get(v, 0)}</td>' for v in present)
        for verdict in present:
            totals[verdict] += report.counts.get(verdict, 0)
        rows.append(
            f'<tr><th scope="row"><a href="{_e(href)}">{_e(article.label)}</a></th>'
            f'<td class="number">{len(report.claims)}</td>{cells}'
            f'<td class="number">{len(report.opinions)}</td></tr>'
        )
    claims = sum(len(r.claims) for r, _ in pages)
    opinions = sum(len(r.opinions) for r, _ in pages)
    meta = f"{len(pages)} articles, {claims} claims checked, {opinions} opinions not checked"
    if checked_on:
        meta += f' · checked on <time datetime="{_e(checked_on)}">{_e(checked_on)}</time>'
    foot = "".join(f'<td class="number">{totals[v]}</td>' for v in present)
    body = [
        '<a class="skip-link" href="#main">Skip to the articles</a>',
        "<header>",
        '<p class="kicker">factcheck report</p>',
        "<h1>Fact-check report</h1>",
        f'<p class="meta">{meta}</p>',
        "</header>",
        '<main id="main">',
        '<section id="articles" aria-labelledby="articles-title">',
        '<h2 id="articles-title">Articles</h2>',
        "<p>Each article has a page of its own with its text, every claim's verdict and the"
        " evidence behind it.</p>",
        '<div class="table-scroll"><table class="index">',
        "<caption>Articles and the verdicts on their claims</caption>",
        f'<thead><tr><th scope="col">Article</th><th scope="col">Claims</th>{head}'
        '<th scope="col">Opinions</th></tr></thead>',
        f"<tbody>{''.join(rows)}</tbody>",
        f'<tfoot><tr><th scope="row">All articles</th><td class="number">{claims}</td>'
        f'{foot}<td class="number">{opinions}</td></tr></tfoot>',
        "</table></div>",
        "</section>",
        "</main>",
        "<footer>",
        f"<p>Made with factcheck {_e(__version__)}.</p>",
        "</footer>",
    ]
    return page("Fact-check report", body)
