"""The consistency rules' queries may run in threads (``start_constraints`` with a pool's
``submit``): the results, and their order, must be those of running them one after another."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pyoxigraph as ox
import pytest

from factcheck.loader import load
from factcheck.resources import bundled_facts_dir, shape_files, vocabulary_files
from factcheck.validation.engine import _quad
from factcheck.validation.shapes import load_plan
from factcheck.validation.sparql import run_constraints, start_constraints
from tests.test_mutations import MUTATIONS, mutate


def store_of(folder: Any) -> ox.Store:
    facts = load([folder])
    store = ox.Store()
    store.extend([_quad(triple) for triple in facts.graph])
    for path in vocabulary_files():
        store.load(path.read_bytes(), format=ox.RdfFormat.TURTLE)
    return store


@pytest.mark.parametrize("mutation", [None, *MUTATIONS[:6]], ids=lambda m: m and m.kind)
def test_threaded_rules_give_the_same_results_in_the_same_order(
    mutation: Any, tmp_path: Any
) -> None:
    folder = bundled_facts_dir() if mutation is None else mutate(tmp_path, mutation.edit)
    store = store_of(folder)
    plan = load_plan(shape_files(), vocabulary_files())
    alone = run_constraints(store, plan)
    with ThreadPoolExecutor(max_workers=3) as pool:
        started = start_constraints(store, plan, pool.submit)
        assert started.results() == alone
        assert run_constraints(store, plan, pool.submit) == alone


def test_threaded_rules_on_a_generated_corpus(generated_corpus: Any) -> None:
    store = store_of(generated_corpus)
    plan = load_plan(shape_files(), vocabulary_files())
    alone = run_constraints(store, plan)
    assert len({result.constraint for result in alone}) > 1
    with ThreadPoolExecutor(max_workers=3) as pool:
        assert run_constraints(store, plan, pool.submit) == alone
