"""``factcheck export …``: the facts and verdicts in formats other tools publish or read."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from factcheck.commands.options import article_option, fact_paths


@click.group()
def export() -> None:
    """Export verdicts for publishing (see `factcheck export claimreview --help`)."""


@export.command()
@fact_paths
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="File to write.  [default: standard output]",
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option(
    "--org",
    default="factcheck",
    show_default=True,
    help="The fact-checking organisation that signs the reviews (ClaimReview author).",
)
@click.option("--org-url", metavar="URL", help="The organisation's web address.")
@click.option(
    "--date",
    "reviewed_on",
    type=click.DateTime(["%Y-%m-%d"]),
    help="The reviews' publication date.  [default: today]",
)
@click.option(
    "--base-url",
    default="",
    metavar="URL",
    envvar="FACTCHECK_BASE_URL",
    help="Where the HTML report is published (required; or set FACTCHECK_BASE_URL):"
    " each review's url is URL#claim-….",
)
@article_option
def claimreview(  # noqa: PLR0917 — click passes each option as an argument
    paths: tuple[Path, ...],
    output: Path | None,
    force: bool,
    org: str,
    org_url: str | None,
    reviewed_on: dt.datetime | None,
    base_url: str,
    article: str | None,
) -> None:
    """Write one schema.org ClaimReview per distinct checked claim, as JSON-LD.

    Opinions are not checked and get none. claimReviewed is the claim's short sentence.
    Ratings: supported 5, misleading 3, misquoted 2, contradicted 1 (best 5, worst 1);
    unverifiable and disputed have no ratingValue. name and alternateName are the verdict
    word; ratingExplanation is plain language. Default PATH: ./facts. Exit 0 written, 2 input
    or usage error (including no --base-url).
    """
    from factcheck.claimreview import Publisher, check_base_url, export_claimreviews
    from factcheck.kb import load_kb
    from factcheck.loader import expand
    from factcheck.report.output import check_derived_output, is_stdout, write_text
    from factcheck.resources import default_fact_paths

    base_url = check_base_url(base_url)
    fact_paths = list(paths) or default_fact_paths()
    expand(fact_paths)  # a missing input is the error to report, before any about the output
    if not is_stdout(output):
        assert output is not None
        check_derived_output(output, force=force, fact_paths=fact_paths)
    kb = load_kb(fact_paths, article=article)
    document, notes = export_claimreviews(
        kb.graph,
        publisher=Publisher(name=org, url=org_url),
        reviewed_on=(reviewed_on or dt.datetime.now()).date(),
        base_url=base_url,
    )
    write_text(output, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    for note in notes:
        click.echo(f"note: {note}", err=True)
    if not is_stdout(output):
        click.echo(f"wrote {output}: {len(document['@graph'])} ClaimReviews", err=True)
