"""``factcheck draft``: turn an article into a fact-file skeleton (see ``factcheck.draft``)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from factcheck.commands.options import fact_paths


@click.command()
@click.argument("article", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="Turtle file to write (default: ARTICLE with .ttl); '-' prints it instead.",
)
@click.option(
    "--source-meta",
    "source_meta",
    multiple=True,
    metavar="KEY=VALUE",
    help="Source metadata: title, publisher, author, url, datePublished, language (repeatable).",
)
@fact_paths
@click.option("--force", is_flag=True, help="Overwrite the output and its text file if they exist.")
def draft(
    article: Path,
    out: Path | None,
    source_meta: tuple[str, ...],
    paths: tuple[Path, ...],
    force: bool,
) -> None:
    """Draft claims for ARTICLE (plain text or HTML) as a Turtle fact file.

    One claim per figure, amount, percentage, count or date, with its verbatim quote and
    parsed value; the subject entity when a known entity is named. What the text does not
    say is left as an fc:todo, which `factcheck validate` reports as a warning. Sentences
    that read as opinion are listed as fc:Opinion nodes to confirm.

    The text is stored beside the output (same name, .txt), since quotes point into it.
    Never overwrites a file without --force. Exit 0 written, 2 input or usage error.
    """
    from factcheck.article import parse_meta, read_article
    from factcheck.draft import draft as make_draft
    from factcheck.errors import UsageError
    from factcheck.fmt import write_atomically
    from factcheck.loader import load, new_graph
    from factcheck.resources import default_fact_paths

    meta = parse_meta(source_meta)
    if not article.is_file():
        raise UsageError(f"no such article: {article}")
    if article.suffix.lower() == ".ttl":
        raise UsageError(
            f"{article} is a Turtle file", hint="draft reads an article's text or HTML"
        )
    text = read_article(article)
    meta = {**text.meta, **meta}
    stdout = out is not None and str(out) == "-"
    target = None if stdout else (out or article.with_suffix(".ttl"))
    if target is None:
        if text.html:
            raise UsageError(
                "an HTML article needs --out FILE", hint="its text is stored beside FILE"
            )
        text_path, text_file = article, os.path.relpath(article)
    else:
        text_path = target.with_suffix(".txt")
        text_file = text_path.name
    copy_text = not (text_path.exists() and text_path.resolve() == article.resolve())
    if copy_text and text_path.exists() and _same_text(text_path, text.text):
        copy_text = False
    for path, needed in ((target, target is not None), (text_path, copy_text)):
        if needed and path is not None and path.exists() and not force:
            raise UsageError(
                f"{path} exists; not overwriting it", hint="pass --force to replace it"
            )

    fact_set = load(list(paths) or default_fact_paths())
    known = new_graph()
    for file, graph in fact_set.graphs.items():
        if target is None or file.resolve() != target.resolve():
            known += graph
    result = make_draft(text.text, name=article.name, text_file=text_file, meta=meta, facts=known)

    if target is None:
        click.echo(result.turtle, nl=False)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        if copy_text:
            write_atomically(text_path, text.text)
        write_atomically(target, result.turtle)
    where = "stdout" if target is None else str(target)
    counts = ", ".join(
        f"{n} {word if n == 1 else word + 's'}"
        for n, word in (
            (len(result.claims), "claim"),
            (len(result.opinions), "possible opinion"),
            (result.todo_count, "to-do"),
        )
    )
    click.echo(f"{where}: {counts}; text in {text_path}", err=True)
    for opinion in result.opinions:
        start, end = opinion.quote
        excerpt = result.text[start:end]
        excerpt = excerpt if len(excerpt) <= 70 else excerpt[:69] + "…"
        click.echo(f"  opinion? {excerpt}", err=True)


def _same_text(path: Path, text: str) -> bool:
    """Whether ``path`` already holds ``text``; a file that is not UTF-8 (or not readable)
    does not, and is then left to the overwrite check."""
    try:
        return path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        return False
