"""``factcheck import …``: other organisations' published data as fact files."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.group("import")
def import_() -> None:
    """Turn published data into fact files (see `factcheck import claimreview --help`)."""


@import_.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="Turtle file to write (*.ttl).  [default: standard output]",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace OUTPUT if an earlier import wrote it (never a hand-written fact file).",
)
def claimreview(file: Path, output: Path | None, force: bool) -> None:
    """Turn ClaimReview JSON-LD from FILE (- for standard input) into a Turtle fact file.

    Each review becomes a source document and the claim it rates a schema:Claim, with the
    claimant, dates, appearance and rating as given. schema.org's context is supplied locally;
    no other remote context is fetched. Exit 0 written, 2 input or usage error.
    """
    from factcheck.claimreview import import_claimreviews
    from factcheck.errors import ClaimReviewError, Location
    from factcheck.report.output import check_import_output, is_stdout, write_text

    if not is_stdout(output):
        assert output is not None
        check_import_output(output, force=force)
    from factcheck.loader import read_regular

    name = "<stdin>" if str(file) == "-" else str(file)
    if str(file) == "-":
        text = sys.stdin.read()
    else:
        try:
            text = read_regular(file).decode("utf-8-sig")
        except FileNotFoundError:
            raise ClaimReviewError(f"no such file: {file}") from None
        except UnicodeDecodeError as error:
            raise ClaimReviewError(
                f"not UTF-8 text: {error.reason}", Location(file), hint="save it as UTF-8"
            ) from None
        except OSError as error:
            raise ClaimReviewError(f"cannot read {file}: {error.strerror}") from None
    turtle, count = import_claimreviews(text, name)
    write_text(output, turtle)
    if not is_stdout(output):
        click.echo(f"wrote {output}: {count} ClaimReview{'s' if count != 1 else ''}", err=True)
