"""The long-lived validation workspace (issue 19): each state's report equals a cold run's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from factcheck.errors import PathError
from factcheck.reports import render
from factcheck.resources import bundled_facts_dir
from factcheck.validate import validate_paths
from factcheck.workspace import Workspace

ENTITIES = "entities.ttl"


def cold(root: Path, **options: object) -> str:
    return render(validate_paths([root], **options), "json")  # type: ignore[arg-type]


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    target = tmp_path / "facts"
    shutil.copytree(bundled_facts_dir(), target)
    return target


@pytest.fixture
def workspace(facts: Path) -> Workspace:
    return Workspace.open([facts])


def test_open_equals_cold_run(workspace: Workspace, facts: Path) -> None:
    assert workspace.report_json() == cold(facts)
    assert workspace.files() == sorted(workspace.files())
    assert workspace.errors() == {}


def test_update_from_disk_reports_new_then_resolved(workspace: Workspace, facts: Path) -> None:
    path = facts / ENTITIES
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("rdfs:label", "rdfs:lable", 1), encoding="utf-8")
    delta = workspace.update(path)
    assert sorted((f.rule or "", f.location.file if f.location else None) for f in delta.new) == [
        ("closed-vocabulary", path),
        ("fcsh:EntityShape/rdfs:label", path),
    ]
    assert delta.resolved == []
    assert delta.errors == []
    assert workspace.report_json() == cold(facts)

    path.write_text(good, encoding="utf-8")
    back = workspace.update(path)
    assert sorted(f.rule or "" for f in back.resolved) == [
        "closed-vocabulary",
        "fcsh:EntityShape/rdfs:label",
    ]
    assert back.new == []
    assert workspace.report_json() == cold(facts)


def test_unparsable_save_keeps_last_good_state(workspace: Workspace, facts: Path) -> None:
    before = workspace.report_json()
    path = facts / ENTITIES
    delta = workspace.update(path, path.read_text(encoding="utf-8") + "\nfcd:x fcd:y .\n oops ;;\n")
    assert len(delta.errors) == 1
    error = delta.errors[0]
    assert error.location is not None and error.location.file == path
    assert error.location.line is not None and error.location.col is not None
    assert workspace.errors() == {path: error}
    report = workspace.report()
    assert report.input_errors == [error]
    assert [f.rule for f in report.findings if f.kind == "input"] == ["parse-error"]
    # the last good findings stay, beside the parse error
    assert len(report.findings) == len(validate_paths([facts]).findings) + 1
    assert workspace.text(path) == path.read_text(encoding="utf-8")

    good = workspace.update(path)  # the buffer was never saved: disk is good again
    assert good.errors == []
    assert [f.rule for f in good.resolved] == ["parse-error"]
    assert workspace.report_json() == before


def test_delete_and_create(workspace: Workspace, facts: Path) -> None:
    path = facts / "reference-su7-ultra.ttl"
    text = path.read_text(encoding="utf-8")
    path.unlink()
    workspace.update(path)
    assert path not in workspace.files()
    assert workspace.report_json() == cold(facts)
    path.write_text(text, encoding="utf-8")
    workspace.update(path)
    assert path in workspace.files()
    assert workspace.report_json() == cold(facts)


def test_other_files_change_nothing(workspace: Workspace, facts: Path) -> None:
    note = facts / "notes.csv"
    note.write_text("a,b\n", encoding="utf-8")
    assert workspace.update(note).empty


def test_select_and_ignore_as_validate(facts: Path) -> None:
    path = facts / ENTITIES
    path.write_text(
        path.read_text(encoding="utf-8").replace("rdfs:label", "rdfs:lable", 1), encoding="utf-8"
    )
    ignored = Workspace.open([facts], ignore=["closed-vocabulary"])
    assert ignored.report_json() == cold(facts, ignore=["closed-vocabulary"])
    assert all(f.rule != "closed-vocabulary" for f in ignored.report().findings)


def test_missing_path_is_a_path_error(tmp_path: Path) -> None:
    with pytest.raises(PathError):
        Workspace.open([tmp_path / "nothing"])


def test_lookups(workspace: Workspace, facts: Path) -> None:
    iri = "https://w3id.org/factcheck/data/Xiaomi"
    assert workspace.label(iri) == "Xiaomi"
    assert workspace.types(iri) == ["https://w3id.org/factcheck/ontology#Organization"]
    [where] = workspace.described(iri)
    assert where.file == facts / ENTITIES
    line = (facts / ENTITIES).read_text(encoding="utf-8").splitlines()[where.line - 1]
    assert line[where.col - 1 :].startswith(":Xiaomi")
    assert iri in workspace.iris()
    verdicts = workspace.verdicts()
    assert verdicts and set(verdicts.values()) <= {
        "supported", "contradicted", "misleading", "misquoted", "disputed", "unverifiable"
    }  # fmt: skip


def test_issue_19_delta_names_changed_verdicts(tmp_path: Path) -> None:
    from tests import xiaomi
    from tests.test_mutations import MUTATIONS
    from tests.test_workspace_property import mutated

    index, mutation = next((i, m) for i, m in enumerate(MUTATIONS) if m.verdicts)
    root = xiaomi.copy_to(tmp_path / "facts")
    workspace = Workspace.open([root])
    before = workspace.verdicts()
    deltas = []
    for path, text in mutated(root, index).items():
        path.write_text(text, encoding="utf-8")
        deltas.append(workspace.update(path))
    fcd = "https://w3id.org/factcheck/data/"
    assert [change for delta in deltas for change in delta.verdicts] == [
        (fcd + claim, before.get(fcd + claim), None if rating == "-" else rating)
        for claim, rating in sorted(mutation.verdicts.items())
    ]
    claim = fcd + sorted(mutation.verdicts)[0]
    verdict = workspace.verdict(claim)
    assert verdict is not None and verdict.summary
