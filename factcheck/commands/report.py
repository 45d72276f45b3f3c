"""``factcheck report``: a self-contained HTML page, or Markdown for a pull request."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from factcheck.commands.options import article_option, fact_paths

if TYPE_CHECKING:
    from factcheck.report.entity_graph import EntityGraph
    from factcheck.report.model import Report

DEFAULT_HTML = Path("report.html")


@click.command()
@fact_paths
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="File to write; - for standard output.  [default: report.html for HTML, standard"
    " output for Markdown]",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "markdown"]),
    default="html",
    show_default=True,
    help="A page for a browser, or Markdown for a pull-request comment.",
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option(
    "--date",
    "checked_on",
    type=click.DateTime(["%Y-%m-%d"]),
    help="The date the page says the facts were checked on.  [default: today]",
)
@click.option(
    "--base-url",
    default="",
    metavar="URL",
    help="Where the HTML report is published; Markdown links each claim to it.",
)
@article_option
def report(  # noqa: PLR0917 — click passes each option as an argument
    paths: tuple[Path, ...],
    output: Path | None,
    fmt: str,
    force: bool,
    checked_on: dt.datetime | None,
    base_url: str,
    article: str | None,
) -> None:
    """Write a fact-check report of the article claims (default PATH: ./facts).

    HTML: one file with no external requests, showing the article with every quote highlighted
    by verdict, the claims with their evidence, sources and reasoning, the counts, a timeline
    and the entity graph. With several articles, OUTPUT is an index page listing them with
    their verdict counts, and each article gets a page of its own beside it
    (OUTPUT-STEM-article-….html). It never overwrites a file without --force, and never writes
    among the fact files. Exit 0 written, 2 input or usage error.
    """
    from factcheck.kb import load_kb
    from factcheck.loader import expand
    from factcheck.report.model import build_report
    from factcheck.report.output import check_derived_output, is_stdout, write_text
    from factcheck.resources import default_fact_paths

    fact_paths = list(paths) or default_fact_paths()
    expand(fact_paths)  # a missing input is the error to report, before any about the output
    if output is None and fmt == "html":
        output = DEFAULT_HTML
    if not is_stdout(output):
        assert output is not None
        check_derived_output(output, force=force, fact_paths=fact_paths)
    kb = load_kb(fact_paths, article=article)
    data = build_report(kb)
    if fmt == "markdown":
        from factcheck.report.markdown import render_markdown

        text = render_markdown(data, base_url=base_url)
    else:
        from factcheck.report.entity_graph import entity_graph
        from factcheck.report.html import render_html

        day = (checked_on or dt.datetime.now()).date().isoformat()
        graph = entity_graph(kb)
        if len(data.articles) > 1 and not is_stdout(output):
            assert output is not None
            _write_pages(data, graph, output, day, force=force, fact_paths=fact_paths)
            return
        text = render_html(data, graph, checked_on=day)
    write_text(output, text)
    if not is_stdout(output):
        counts = ", ".join(f"{n} {v}" for v, n in data.counts.items() if n)
        click.echo(f"wrote {output}: {len(data.claims)} claims ({counts or 'none'})", err=True)


def _write_pages(
    data: Report,
    graph: EntityGraph | None,
    output: Path,
    day: str,
    *,
    force: bool,
    fact_paths: list[Path],
) -> None:
    """One page per article beside ``output``, and ``output`` as their index."""
    from factcheck.report.html import render_html
    from factcheck.report.index import render_index
    from factcheck.report.model import per_article
    from factcheck.report.output import check_derived_output, write_text

    pages = [
        (page, f"{output.stem}-{page.articles[0].anchor}{output.suffix or '.html'}")
        for page in per_article(data)
    ]
    for _page, name in pages:
        check_derived_output(output.with_name(name), force=force, fact_paths=fact_paths)
    for page, name in pages:
        write_text(
            output.with_name(name),
            render_html(page, graph, checked_on=day, index_href=output.name),
        )
        counts = ", ".join(f"{n} {v}" for v, n in page.counts.items() if n)
        click.echo(
            f"wrote {output.with_name(name)}: {len(page.claims)} claims ({counts or 'none'})",
            err=True,
        )
    write_text(output, render_index(pages, checked_on=day))
    click.echo(f"wrote {output}: index of {len(pages)} articles", err=True)
