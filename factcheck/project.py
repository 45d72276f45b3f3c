"""A newsroom project: ``factcheck init DIR`` lays it out, ``factcheck new ARTICLE`` adds to it.

Layout (the names ``validate``, ``claims`` and ``report`` expect without arguments)::

    factcheck.toml               settings: [tool.factcheck] keys (see factcheck.config)
    facts/entities.ttl           the shared entity registry: every article names entities here
    facts/calendar.ttl           the shared periods (:Year2024, :Q4-2024 …) claims point at
    facts/reference/             reference facts with their sources, one file per source
    facts/articles/<id>/         one folder per article: article.txt and claims.ttl
    .pre-commit-config.yaml      fmt --check and validate before each commit
    .github/workflows/factcheck.yml   the same checks in CI, annotating the pull request
    .gitignore                   the validation cache (which also ignores itself)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from factcheck import __version__
from factcheck.errors import UsageError

FACTS = "facts"
ARTICLES = "articles"
ARTICLE_TEXT = "article.txt"
ARTICLE_CLAIMS = "claims.ttl"

CONFIG = """\
# factcheck settings for this project. Top-level keys apply to every command that has an
# option of that name; a [command] table applies to one command. The command line wins.
paths = ["facts"]

[validate]
fail-on = "violation"
"""

ENTITIES = """\
# The project's entity registry: every organisation, person, product and place that the
# articles' claims are about, named once. `factcheck new` proposes entities it does not find
# here with an fc:todo; move them here when confirmed.

@prefix :       <https://w3id.org/factcheck/data/> .
@prefix fc:     <https://w3id.org/factcheck/ontology#> .
@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
"""

REFERENCE_README = """\
# Reference facts

One Turtle file per source (a statistics office release, an annual report …): an
fc:SourceDocument with its publisher and date, and the fc:ReferenceFact nodes it supports.
Claims in ../articles/ are checked against these facts. Never invent a figure: leave a
claim unverifiable rather than encode a number nobody published.
"""

GITIGNORE = """\
# factcheck's validation cache (it also writes its own .gitignore)
.factcheck-cache/
report.html
"""

PRE_COMMIT = """\
# https://pre-commit.com: `pip install pre-commit && pre-commit install`
repos:
  - repo: local
    hooks:
      - id: factcheck-fmt
        name: factcheck fmt --check
        entry: factcheck fmt --check
        language: system
        pass_filenames: false
        files: ^facts/
      - id: factcheck-validate
        name: factcheck validate
        entry: factcheck validate
        language: system
        pass_filenames: false
        files: ^facts/
"""

WORKFLOW = """\
name: factcheck
on:
  push:
  pull_request:
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install "{install}"
      - run: factcheck fmt --check
      - run: factcheck validate --format github
"""


@dataclass
class Created:
    """What ``init`` wrote, relative to the project folder."""

    root: Path
    files: list[Path]


def init_project(root: Path, *, install: str | None = None) -> Created:
    """Lay out a new project in ``root`` (created if missing); never overwrite a file.

    ``install`` is what the CI workflow passes to ``pip install`` (default: this version of
    factcheck from the package index).
    """
    from factcheck.resources import bundled_facts_dir

    calendar = (bundled_facts_dir() / "calendar.ttl").read_text(encoding="utf-8")
    files = {
        Path("factcheck.toml"): CONFIG,
        Path(FACTS, "entities.ttl"): ENTITIES,
        Path(FACTS, "calendar.ttl"): calendar,
        Path(FACTS, "reference", "README.md"): REFERENCE_README,
        Path(FACTS, ARTICLES, ".gitkeep"): "",
        Path(".gitignore"): GITIGNORE,
        Path(".pre-commit-config.yaml"): PRE_COMMIT,
        Path(".github", "workflows", "factcheck.yml"): WORKFLOW.format(
            install=install or f"factcheck=={__version__}"
        ),
    }
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root} exists and is not a folder")
    clashes = [str(root / name) for name in files if (root / name).exists()]
    if clashes:
        raise UsageError(
            f"{clashes[0]} exists; init never overwrites a file",
            hint="run init in a new or empty folder",
        )
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return Created(root, list(files))


def project_root(start: Path | None = None) -> Path:
    """The project folder: where the configuration is, else the current folder with ./facts."""
    from factcheck.config import find_config

    here = start or Path.cwd()
    config = find_config(here)
    if config is not None and (config.path.parent / FACTS).is_dir():
        return config.path.parent
    if (here / FACTS).is_dir():
        return here
    raise UsageError(
        "not in a factcheck project: no factcheck.toml with a facts/ folder here or above",
        hint="start one with `factcheck init DIR`, then run `factcheck new` inside it",
    )


def article_id(name: str) -> str:
    """A folder name for an article: lower case, words joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", name.lower())
    return "-".join(words)[:60].strip("-") or "article"


@dataclass
class NewArticle:
    """What ``new`` wrote."""

    folder: Path
    text: Path
    claims: Path
    claim_count: int
    todo_count: int


def new_article(
    root: Path,
    article: Path,
    *,
    ident: str | None = None,
    meta: Mapping[str, str] | None = None,
    force: bool = False,
) -> NewArticle:
    """Copy ``article`` into ``facts/articles/<id>/`` and draft its claims there.

    The entities and periods come from the project's own facts (never the bundled demo); what
    the source details do not say is ``fc:unknown``.
    """
    from factcheck.article import read_article
    from factcheck.draft import draft
    from factcheck.fmt import write_atomically
    from factcheck.loader import load, new_graph

    if not article.is_file():
        raise UsageError(f"no such article: {article}")
    read = read_article(article)
    details = {**read.meta, **(meta or {})}
    name = ident or article_id(Path(article.name).stem)
    folder = root / FACTS / ARTICLES / name
    text_path, claims_path = folder / ARTICLE_TEXT, folder / ARTICLE_CLAIMS
    if folder.exists() and any(folder.iterdir()) and not force:
        raise UsageError(
            f"{folder} exists; not overwriting it", hint="pass --id NAME, or --force to redo it"
        )
    facts_dir = root / FACTS
    known = new_graph()
    fact_set = load([facts_dir])
    for file, graph in fact_set.graphs.items():
        if folder.resolve() not in file.resolve().parents:
            known += graph
    result = draft(read.text, name=name, text_file=ARTICLE_TEXT, meta=details, facts=known)
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(text_path, read.text)
    write_atomically(claims_path, result.turtle)
    return NewArticle(folder, text_path, claims_path, len(result.claims), result.todo_count)
