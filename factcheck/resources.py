"""Where the packaged ontology, shapes, bundled facts and SPARQL queries live.

In a wheel, ``ontology/`` and ``facts/`` are shipped inside the package (see
``[tool.hatch.build.targets.wheel.force-include]`` in pyproject.toml). In a source checkout or an
editable install they sit at the top of the repository, next to the package.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from factcheck.errors import QueryError

_PACKAGE_DIR = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    packaged = _PACKAGE_DIR / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE_DIR.parent / name


def ontology_dir() -> Path:
    """The directory holding the vocabulary and ``shapes-*.ttl`` files."""
    return _data_dir("ontology")


def bundled_facts_dir() -> Path:
    """The fact files shipped with the tool."""
    return _data_dir("facts")


def default_fact_paths() -> list[Path]:
    """``./facts`` if the current directory has one; else exit 2 with a hint.

    Never the bundled facts: a CI job run from the wrong directory must fail, not check the
    demo and pass. ``--demo`` names the bundled facts explicitly.
    """
    from factcheck.errors import UsageError

    local = Path("facts")
    if local.is_dir():
        return [local]
    raise UsageError(
        "no fact files given, and there is no ./facts folder here",
        hint="pass fact PATHS, set paths in [tool.factcheck] (pyproject.toml or factcheck.toml),"
        " start a project with `factcheck init DIR`, or use --demo for the bundled examples",
    )


def shape_files() -> list[Path]:
    """All SHACL shape files, sorted: ``ontology/shapes-*.ttl``."""
    return sorted(ontology_dir().glob("shapes-*.ttl"))


def vocabulary_files() -> list[Path]:
    """The ontology's vocabulary files: every ``ontology/*.ttl`` that is not a shapes file."""
    return sorted(p for p in ontology_dir().glob("*.ttl") if not p.name.startswith("shapes-"))


def query_names() -> list[str]:
    """Names (without ``.rq``) of the SPARQL queries shipped in ``factcheck/queries``."""
    folder = resources.files("factcheck").joinpath("queries")
    return sorted(
        entry.name.removesuffix(".rq") for entry in folder.iterdir() if entry.name.endswith(".rq")
    )


def load_query(name: str) -> str:
    """The text of ``factcheck/queries/<name>.rq`` (``name`` may include the ``.rq``), or of
    an update, ``<name>.ru`` (named with its ``.ru``)."""
    filename = name if name.endswith((".rq", ".ru")) else f"{name}.rq"
    entry = resources.files("factcheck").joinpath("queries").joinpath(filename)
    if not entry.is_file():
        known = ", ".join(query_names()) or "none"
        raise QueryError(f"no canned query named {name!r}", hint=f"known queries: {known}")
    return entry.read_text(encoding="utf-8")
