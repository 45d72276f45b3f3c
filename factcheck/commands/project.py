"""``factcheck init DIR`` and ``factcheck new ARTICLE`` (see ``factcheck.project``)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--install",
    metavar="SPEC",
    help="What the CI workflow pip-installs.  [default: factcheck==<this version>]",
)
def init(directory: Path, install: str | None) -> None:
    """Start a newsroom project in DIRECTORY: registry, reference facts, articles, CI.

    Writes factcheck.toml, facts/entities.ttl (the entity registry), facts/calendar.ttl,
    facts/reference/, facts/articles/, a .gitignore, a pre-commit config and a GitHub Actions
    workflow. Never overwrites a file. Exit 0 written, 2 if a file is in the way.
    """
    from factcheck.project import init_project

    created = init_project(directory, install=install)
    for name in created.files:
        click.echo(f"created {directory / name}")
    click.echo(f"next: cd {directory} && factcheck new ARTICLE.txt --source-meta title=…", err=True)


@click.command()
@click.argument("article", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--id", "ident", metavar="NAME", help="The article's folder name.")
@click.option(
    "--source-meta",
    "source_meta",
    multiple=True,
    metavar="KEY=VALUE",
    help="What is known about the source: title, publisher, author, url, datePublished,"
    " language (repeatable; 'unknown' or leaving a key out records fc:unknown).",
)
@click.option("--force", is_flag=True, help="Redo an article whose folder exists.")
def new(article: Path, ident: str | None, source_meta: tuple[str, ...], force: bool) -> None:
    """Add ARTICLE (text or HTML) to the project and draft its claims.

    Copies the text to facts/articles/<id>/article.txt and drafts facts/articles/<id>/claims.ttl
    against the project's entity registry and calendar. Every guess carries an fc:todo, and
    `factcheck validate` fails until they are done. Exit 0 written, 2 input or usage error.
    """
    from factcheck.article import parse_meta
    from factcheck.project import new_article, project_root

    root = project_root()
    made = new_article(root, article, ident=ident, meta=parse_meta(source_meta), force=force)
    where = made.folder.relative_to(root) if made.folder.is_relative_to(root) else made.folder
    click.echo(f"{where}/: {made.claim_count} claims, {made.todo_count} to-dos")
    click.echo(f"  text:   {made.text.relative_to(root)}")
    click.echo(f"  claims: {made.claims.relative_to(root)}")
    click.echo("next: fill in each fc:todo, then run `factcheck validate`", err=True)
