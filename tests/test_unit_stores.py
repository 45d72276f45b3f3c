"""A re-run checks a few changed units on stores of their own (``storecheck.unit_store``): their
findings must equal those the whole store gives, and those of the restricted (marked) run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from factcheck.resources import bundled_facts_dir, shape_files
from factcheck.validation import engine, storecheck
from factcheck.validation.local import Record
from tests.test_mutations import MUTATIONS, Mutation, mutate

ROOT = Path(__file__).resolve().parent.parent


def engine_state(folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, ...]:
    """The arguments the engine runs its compiled checks with, on a run without a cache."""
    monkeypatch.delenv("FACTCHECK_ENGINE", raising=False)
    seen: list[tuple[Any, ...]] = []
    real = engine._execute_compiled

    def spy(*args: Any) -> list[list[Record]]:
        seen.append(args)
        return real(*args)

    monkeypatch.setattr(engine, "_execute_compiled", spy)
    engine.validate_paths([folder], shape_files())
    monkeypatch.setattr(engine, "_execute_compiled", real)
    assert len(seen) == 1
    return seen[0]


def assert_unit_runs_agree(folder: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """Each unit alone, and all but the global unit restricted, give the whole run's records;
    the number of units that have findings."""
    store, checks, plan, units, pending, sources, lexer = engine_state(folder, monkeypatch)
    assert pending == list(range(len(units)))
    whole = engine._execute_compiled(store, checks, plan, units, pending, sources, lexer)
    partial = [n for n, unit in enumerate(units) if not unit.is_global]
    for number in partial:
        alone = engine._execute_compiled(store, checks, plan, units, [number], sources, lexer)
        assert alone == [whole[number]], [str(sources[i].path) for i in units[number].files]
    monkeypatch.setattr(storecheck, "UNIT_STORES", 0)
    marked = engine._execute_compiled(store, checks, plan, units, partial, sources, lexer)
    assert marked == [whole[n] for n in partial]
    return sum(1 for n in partial if whole[n])


def test_the_bundled_facts(monkeypatch: pytest.MonkeyPatch) -> None:
    assert_unit_runs_agree(bundled_facts_dir(), monkeypatch)


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.kind for m in MUTATIONS])
def test_the_mutated_facts(
    mutation: Mutation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_unit_runs_agree(mutate(tmp_path, mutation.edit), monkeypatch)


def test_a_generated_corpus(generated_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert assert_unit_runs_agree(generated_corpus, monkeypatch) > 0  # the planted errors are found
