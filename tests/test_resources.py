"""Packaged data: the ontology directory, shapes, queries."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib.plugins.sparql import prepareQuery

from factcheck.errors import QueryError, UsageError
from factcheck.resources import (
    bundled_facts_dir,
    default_fact_paths,
    load_query,
    ontology_dir,
    query_names,
    shape_files,
    vocabulary_files,
)


def test_data_directories_exist() -> None:
    assert ontology_dir().is_dir()
    assert bundled_facts_dir().is_dir()


def test_shapes_and_vocabulary_are_disjoint() -> None:
    shapes = set(shape_files())
    vocabulary = set(vocabulary_files())
    assert not shapes & vocabulary
    assert all(p.name.startswith("shapes-") for p in shapes)


def test_every_query_parses() -> None:
    names = query_names()
    assert "validation-results" in names
    for name in names:
        prepareQuery(load_query(name))


def test_unknown_query() -> None:
    with pytest.raises(QueryError, match="no canned query named 'nope'"):
        load_query("nope")


def test_default_fact_paths_prefer_local_facts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match=r"no \./facts folder here") as caught:
        default_fact_paths()
    assert caught.value.hint is not None and "--demo" in caught.value.hint
    (tmp_path / "facts").mkdir()
    assert default_fact_paths() == [Path("facts")]
