"""The content-hash cache: cached and uncached runs give byte-identical reports, a change
re-validates only what it can affect, writes are atomic and a corrupt entry is rebuilt."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.cache import Cache
from factcheck.reports import render
from factcheck.resources import vocabulary_files
from factcheck.validate import validate_paths
from factcheck.validation import local, storecheck

HEADER = """\
@prefix : <https://w3id.org/factcheck/data/> .
@prefix fc: <https://w3id.org/factcheck/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix qudt: <http://qudt.org/schema/qudt/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

# Statements the property test shuffles between files, edits and drops. They reach across
# files: facts point at a source and an organisation declared elsewhere (sh:class needs their
# types), and one organisation can end up described in two files.
STATEMENTS = [
    ':org a fc:Organization ; rdfs:label "Org" .',
    ':org schema:alternateName "O" .',
    ':doc a fc:SourceDocument ; rdfs:label "Doc" ; fc:sourceKind fc:PrimarySource ;\n'
    '    schema:publisher "P" ; schema:datePublished "2024-01-02"^^xsd:date ;'
    " schema:url fc:unknown .",
    ':fact1 a fc:ReferenceFact ; rdfs:label "one" ; rdf:subject :org ; rdf:predicate fc:revenue ;\n'
    '    rdf:object [ a fc:Quantity ; qudt:numericValue 5 ; fc:currency "USD" ;'
    " fc:precision fc:Exact ] ;\n    fc:source :doc .",
    ':fact2 a fc:ReferenceFact ; rdfs:label "two" ; rdf:subject :org ; rdf:predicate fc:revenue ;\n'
    '    rdf:object [ a fc:Quantity ; qudt:numericValue 7 ; fc:currency "USD" ;'
    " fc:precision fc:Exact ] ;\n    fc:source :doc2 .",
    ':doc2 a fc:Concept ; rdfs:label "not a document" .',
]
EDITS = [
    ("fc:SourceDocument", "fc:Concept"),
    ("fc:Concept", "fc:SourceDocument"),
    ('"USD"', '"usd"'),
    ("rdfs:label", "rdfs:comment"),
    ("fc:source :doc .", "fc:source :nowhere ."),
    ('"2024-01-02"^^xsd:date', '"someday"'),
]


def write(folder: Path, files: dict[str, list[str]]) -> None:
    for old in folder.glob("*.ttl"):
        old.unlink()
    for name, statements in files.items():
        (folder / name).write_text(HEADER + "\n".join(statements) + "\n", encoding="utf-8")


def reports(folder: Path, cache_dir: Path) -> tuple[str, str]:
    """The JSON and text reports with the cache on, and the same with it off."""
    cached = validate_paths([folder], cache=Cache(cache_dir))
    fresh = validate_paths([folder], cache=None)
    on = render(cached, "json") + render(cached, "text") + render(cached, "sarif")
    off = render(fresh, "json") + render(fresh, "text") + render(fresh, "sarif")
    return on, off


operations = st.lists(
    st.tuples(
        st.sampled_from(["edit", "move", "rename", "reorder"]),
        st.integers(0, 100),
        st.integers(0, 100),
    ),
    min_size=1,
    max_size=3,
)


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations)
def test_cached_and_uncached_reports_are_byte_identical(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, int, int]]
) -> None:
    root = tmp_path_factory.mktemp("repo")
    folder = root / "facts"
    folder.mkdir()
    cache_dir = root / "cache"
    files = {"a.ttl": STATEMENTS[:3], "b.ttl": STATEMENTS[3:5], "c.ttl": STATEMENTS[5:]}
    write(folder, files)
    on, off = reports(folder, cache_dir)
    assert on == off
    for operation, x, y in steps:
        names = sorted(files)
        name = names[x % len(names)]
        statements = files[name]
        if operation == "edit" and statements:
            i = y % len(statements)
            old, new = EDITS[x % len(EDITS)]
            statements[i] = statements[i].replace(old, new)
        elif operation == "move" and statements:
            target = names[y % len(names)]
            files[target].append(statements.pop(y % len(statements)))
        elif operation == "rename":
            files[f"r{y}-{name}"] = files.pop(name)
        elif statements:
            statements.insert(0, statements.pop(y % len(statements)))
        write(folder, files)
        on, off = reports(folder, cache_dir)
        assert on == off


def spy_on_units(monkeypatch: pytest.MonkeyPatch, engine: str) -> list[list[str]]:
    """The file names of each unit the engine validates (not taken from the cache)."""
    ran: list[list[str]] = []
    if engine == "pyshacl":
        monkeypatch.setenv("FACTCHECK_ENGINE", "pyshacl")
        real = local.LocalValidator.run

        def spy(self: local.LocalValidator, job: local.UnitJob) -> list[local.Record]:
            ran.append([Path(n).name for n in job.names])
            return real(self, job)

        monkeypatch.setattr(local.LocalValidator, "run", spy)
        return ran
    monkeypatch.delenv("FACTCHECK_ENGINE", raising=False)
    real_checks = storecheck.run_checks

    def spy_checks(*args: Any) -> dict[int, list[local.Record]]:
        pending, unit_files = args[4], args[6]
        ran.extend([p.name for p in unit_files[n].paths] for n in pending)
        return real_checks(*args)

    monkeypatch.setattr(storecheck, "run_checks", spy_checks)
    return ran


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_a_change_revalidates_only_the_units_it_affects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    folder = tmp_path / "facts"
    folder.mkdir()
    write(folder, {"a.ttl": STATEMENTS[:3], "b.ttl": STATEMENTS[3:4], "c.ttl": STATEMENTS[4:]})
    ran = spy_on_units(monkeypatch, engine)
    cache = tmp_path / "cache"
    first = render(validate_paths([folder], cache=Cache(cache)), "json")
    vocabulary = sorted(path.name for path in vocabulary_files())  # one unit, however many files
    assert sorted(ran) == sorted([["a.ttl"], ["b.ttl"], ["c.ttl"], vocabulary])
    ran.clear()
    assert render(validate_paths([folder], cache=Cache(cache)), "json") == first
    assert ran == []
    # A comment changes c.ttl's bytes only: c alone is validated again.
    (folder / "c.ttl").write_text((folder / "c.ttl").read_text() + "# note\n")
    validate_paths([folder], cache=Cache(cache))
    assert ran == [["c.ttl"]]
    ran.clear()
    # :doc stops being a SourceDocument: b's fact points at it (sh:class), so b is re-checked.
    text = (folder / "a.ttl").read_text().replace(":doc a fc:SourceDocument", ":doc a fc:Concept")
    (folder / "a.ttl").write_text(text)
    report = validate_paths([folder], cache=Cache(cache))
    assert sorted(ran) == [["a.ttl"], ["b.ttl"]]
    assert any(f.rule == "fcsh:ReferenceFactShape/fc:source" for f in report.findings)


def corrupt_every_entry(cache: Path) -> int:
    entries = sorted(cache.rglob("*.json"))
    for number, entry in enumerate(entries):
        damage = [b"", b"{not json", entry.read_bytes()[:20], b'{"key": "wrong", "value": []}']
        entry.write_bytes(damage[number % len(damage)])
    return len(entries)


def test_corrupt_cache_entries_are_ignored_and_rebuilt(tmp_path: Path) -> None:
    folder = tmp_path / "facts"
    folder.mkdir()
    write(folder, {"a.ttl": STATEMENTS[:3], "b.ttl": STATEMENTS[3:]})
    cache = tmp_path / "cache"
    expected = render(validate_paths([folder], cache=None), "json")
    assert render(validate_paths([folder], cache=Cache(cache)), "json") == expected
    assert corrupt_every_entry(cache) > 4
    assert render(validate_paths([folder], cache=Cache(cache)), "json") == expected
    for entry in cache.rglob("*.json"):
        assert "value" in json.loads(entry.read_bytes())
    warm = Cache(cache)
    assert render(validate_paths([folder], cache=warm), "json") == expected
    assert warm.misses == 0


def test_an_interrupted_write_leaves_no_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Cache(tmp_path / "cache")

    def killed(self: Path, target: Path) -> Path:
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        cache.put("unit", "ab" * 32, [1, 2, 3])
    monkeypatch.undo()
    files = sorted(p.name for p in (tmp_path / "cache").rglob("*") if p.is_file())
    assert files == [".gitignore", "CACHEDIR.TAG"]
    assert cache.get("unit", "ab" * 32) is None
    cache.put("unit", "ab" * 32, [1, 2, 3])
    assert Cache(tmp_path / "cache").get("unit", "ab" * 32) == [1, 2, 3]


def test_cache_entries_hold_no_absolute_paths(tmp_path: Path) -> None:
    folder = tmp_path / "facts"
    folder.mkdir()
    write(folder, {"a.ttl": STATEMENTS[:3], "b.ttl": STATEMENTS[3:]})
    validate_paths([folder], cache=Cache(tmp_path / "cache"))
    for entry in (tmp_path / "cache").rglob("*.json"):
        assert str(tmp_path) not in entry.read_text()


def test_an_unwritable_cache_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache directory should be")
    folder = tmp_path / "facts"
    folder.mkdir()
    write(folder, {"a.ttl": STATEMENTS[:3]})
    report = validate_paths([folder], cache=Cache(blocker))
    assert report.files == [folder / "a.ttl"]


def test_no_cache_flag_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from factcheck.cli import cli

    shutil.copytree(Path(__file__).parent / "fixtures" / "valid", tmp_path / "facts")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate", "--no-cache"])
    assert result.exit_code in (0, 1)
    assert not (tmp_path / ".factcheck-cache").exists()
    CliRunner().invoke(cli, ["validate", "--cache-dir", "here"])
    assert (tmp_path / "here" / "CACHEDIR.TAG").exists()


def test_issue_17_the_cache_folder_ignores_itself_for_git(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    cache.put("unit", "ab" * 32, [1])
    assert (tmp_path / "cache" / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (
        (tmp_path / "cache" / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )


@pytest.mark.parametrize("name", ["CACHEDIR.TAG", ".gitignore"])
def test_issue_17_the_cache_markers_never_follow_a_symlink(tmp_path: Path, name: str) -> None:
    victim = tmp_path / "victim.txt"
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / name).symlink_to(victim)
    cache = Cache(tmp_path / "cache")
    cache.put("unit", "ab" * 32, [1])
    assert not victim.exists()
    assert cache.get("unit", "ab" * 32) == [1]
