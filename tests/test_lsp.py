"""``factcheck lsp`` driven as an editor drives it: the installed script spawned, JSON-RPC with
``Content-Length`` framing over its stdin and stdout (``lsp_client``), on a copy of the bundled
facts. Every wait has a timeout, so a server that stops answering fails instead of hanging."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lsp_client import Client

from factcheck.lsp.server import fact_paths
from factcheck.resources import bundled_facts_dir, ontology_dir

ERROR, WARNING, INFORMATION = 1, 2, 3
ULTRA = "reference-su7-ultra.ttl"
ARTICLE = "article-xiaomi-su7-100k.ttl"


def script() -> str:
    found = shutil.which("factcheck", path=str(Path(sys.executable).parent))
    assert found is not None, "the factcheck console script is not installed next to python"
    return found


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    copy = tmp_path / "facts"
    shutil.copytree(bundled_facts_dir(), copy)
    return copy


@pytest.fixture
def client(facts: Path, tmp_path: Path) -> Iterator[Client]:
    log = tmp_path / "lsp-server.log"
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [script(), "lsp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            cwd=tmp_path,
        )
    client = Client(process, log)
    try:
        yield client
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def rng(line: int, start: int, end: int) -> dict[str, Any]:
    return {"start": {"line": line, "character": start}, "end": {"line": line, "character": end}}


def at(uri: str, line: int, character: int) -> dict[str, Any]:
    return {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}


def start(client: Client, facts: Path) -> dict[str, Any]:
    result: dict[str, Any] = client.request(
        "initialize",
        {"processId": None, "rootUri": facts.as_uri(), "capabilities": {}},
        timeout=60,
    )
    client.notify("initialized", {})
    return result


def diagnostics_of(client: Client, uri: str) -> list[dict[str, Any]]:
    params = client.wait_for("textDocument/publishDiagnostics", lambda p: p["uri"] == uri)
    found: list[dict[str, Any]] = params["diagnostics"]
    return found


def test_an_editing_session_over_json_rpc(client: Client, facts: Path) -> None:
    capabilities = start(client, facts)["capabilities"]
    assert capabilities["hoverProvider"] is True
    assert capabilities["definitionProvider"] is True
    assert capabilities["codeActionProvider"] == {"codeActionKinds": ["quickfix"]}
    assert capabilities["completionProvider"]["triggerCharacters"] == [":"]
    assert capabilities["textDocumentSync"]["change"] == 2  # incremental
    assert capabilities["textDocumentSync"]["save"]

    # on start: the findings of the whole workspace (the two paraphrased quotes, info)
    article = (facts / ARTICLE).as_uri()
    startup = diagnostics_of(client, article)
    assert [(d["code"], d["severity"], d["range"]) for d in startup] == [
        ("quote-wording", INFORMATION, rng(145, 4, 14)),
        ("quote-wording", INFORMATION, rng(239, 4, 14)),
    ]

    ultra = facts / ULTRA
    uri = ultra.as_uri()
    text = ultra.read_text(encoding="utf-8")
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "turtle", "version": 1, "text": text}},
    )

    # an unknown fc: term, typed but not saved
    line = '    fc:sourceKind fc:SecondarySource ;\n    schema:datePublished "2024'
    typo = text.replace(line, line.replace("sourceKind", "sourceKnd"), 1)
    assert typo != text
    client.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": typo}]},
    )
    found = diagnostics_of(client, uri)
    assert [(d["code"], d["severity"], d["range"], d["source"]) for d in found] == [
        ("fcsh:SourceDocumentShape/fc:sourceKind", ERROR, rng(11, 0, 22), "factcheck"),
        ("closed-vocabulary", ERROR, rng(14, 4, 16), "factcheck"),
    ]
    vocabulary = found[1]
    assert vocabulary["message"] == (
        "fcd:src-autocar-su7-ultra: fc:sourceKnd is not a property of the ontology\n"
        "hint: did you mean fc:sourceKind or fc:source? use a term the ontology defines,"
        " or define it there (ontology/factcheck.ttl)"
    )
    assert vocabulary["data"] == {"replace": ["fc:sourceKind", "fc:source"]}
    assert "data" not in found[0]
    assert (facts / ULTRA).read_text(encoding="utf-8") == text  # the file itself is untouched

    # the quick fix replaces the token with the did-you-mean
    actions = client.request(
        "textDocument/codeAction",
        {"textDocument": {"uri": uri}, "range": vocabulary["range"],
         "context": {"diagnostics": [vocabulary]}},
    )  # fmt: skip
    assert [(a["title"], a["kind"], a.get("isPreferred")) for a in actions] == [
        ("Replace with fc:sourceKind", "quickfix", True),
        ("Replace with fc:source", "quickfix", False),
    ]
    assert actions[0]["edit"] == {
        "changes": {uri: [{"range": rng(14, 4, 16), "newText": "fc:sourceKind"}]}
    }

    # a syntax error on top, typed as editors send it (a ranged change): reported where it
    # is, and the findings of the last good state stay
    assert text.split("\n")[16][21:30] == '"Autocar"'
    client.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 3},
         "contentChanges": [{"range": rng(16, 21, 30), "text": "Autocar"}]},
    )  # fmt: skip
    found = diagnostics_of(client, uri)
    assert [(d["code"], d["severity"], d["range"]) for d in found] == [
        ("fcsh:SourceDocumentShape/fc:sourceKind", ERROR, rng(11, 0, 22)),
        ("closed-vocabulary", ERROR, rng(14, 4, 16)),
        ("parse-error", ERROR, rng(16, 21, 28)),
    ]
    assert found[2]["message"] == (
        "Turtle syntax error: Autocar is not a valid RDF object\nhint: near: Autocar"
    )
    client.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 4},
         "contentChanges": [{"range": rng(16, 21, 28), "text": '"Autocar"'}]},
    )  # fmt: skip
    assert [d["code"] for d in diagnostics_of(client, uri)] == [
        "fcsh:SourceDocumentShape/fc:sourceKind",
        "closed-vocabulary",
    ]

    # the editor applies the quick fix's edit: the file's diagnostics are cleared
    client.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 5},
         "contentChanges": [{"range": e["range"], "text": e["newText"]}
                            for e in actions[0]["edit"]["changes"][uri]]},
    )  # fmt: skip
    assert diagnostics_of(client, uri) == []

    # hover on a claim: its verdict; on another IRI: its label and type
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": article, "languageId": "turtle", "version": 1,
                          "text": (facts / ARTICLE).read_text(encoding="utf-8")}},
    )  # fmt: skip
    claim = client.request("textDocument/hover", at(article, 141, 5))
    assert claim == {
        "contents": {
            "kind": "markdown",
            "value": "**The caption of Lei Jun's post**\n\n"
            "Verdict: **misquoted**: Presented as Lei Jun's words, but it paraphrases the"
            " reference wording.\n\nType: `fc:ArticleClaim`",
        },
        "range": rng(141, 0, 19),
    }
    source = client.request("textDocument/hover", at(uri, 41, 20))
    assert source["contents"]["value"] == (
        "**CNBC (coinbuzzfeed.com copy), SU7 Ultra preorders**\n\nType: `fc:SourceDocument`"
    )
    assert source["range"] == rng(41, 14, 39)
    assert client.request("textDocument/hover", at(uri, 0, 3)) is None  # in a comment

    # definition: from a use in one file to the subject in another
    assert client.request("textDocument/definition", at(uri, 46, 20)) == [
        {"uri": (facts / "entities.ttl").as_uri(), "range": rng(69, 0, 9)}
    ]
    # and a vocabulary term to the ontology
    ontology = ontology_dir() / "factcheck.ttl"
    lines = ontology.read_text(encoding="utf-8").split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("fc:happenedAt "))
    assert client.request("textDocument/definition", at(uri, 38, 22)) == [
        {"uri": ontology.resolve().as_uri(), "range": rng(row, 0, 13)}
    ]

    # completion: vocabulary terms and the workspace's IRIs, as this document writes them
    listed = client.request("textDocument/completion", at(uri, 14, 11))
    labels = [item["label"] for item in listed["items"]]
    assert "fc:sourceKind" in labels
    assert all(label.startswith("fc:") for label in labels)
    edit = next(i for i in listed["items"] if i["label"] == "fc:sourceKind")["textEdit"]
    assert edit == {"range": rng(14, 4, 11), "newText": "fc:sourceKind"}
    data = client.request("textDocument/completion", at(uri, 41, 23))  # after ":src-cnbc"
    [source_item] = [i for i in data["items"] if i["label"] == ":src-cnbc-ultra-preorders"]
    assert source_item["detail"] == "CNBC (coinbuzzfeed.com copy), SU7 Ultra preorders"
    assert source_item["kind"] == 18  # CompletionItemKind.Reference

    assert client.request("shutdown") is None
    client.notify("exit")
    assert client.close() == 0
    assert client.log is not None
    assert client.log.read_text(encoding="utf-8") == ""  # no warning, no traceback


def test_exit_without_shutdown_is_exit_code_1(client: Client, facts: Path) -> None:
    start(client, facts)
    # after the startup load: a load in progress holds the exit until it ends (its worker
    # thread is joined), which on a busy machine takes longer than close() waits
    diagnostics_of(client, (facts / ARTICLE).as_uri())
    client.notify("exit")
    assert client.close() == 1


def test_fact_paths_come_from_the_configuration(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    (project / "facts").mkdir()
    assert fact_paths(project) == [(project / "facts").resolve()]
    (project / "pyproject.toml").write_text('[tool.factcheck]\npaths = ["data"]\n')
    assert fact_paths(project) == [(project / "data").resolve()]
    (project / "pyproject.toml").write_text(
        '[tool.factcheck]\npaths = ["data"]\n[tool.factcheck.validate]\npaths = ["facts"]\n'
    )
    assert fact_paths(project) == [(project / "facts").resolve()]
    bare = tmp_path / "bare"
    bare.mkdir()
    assert fact_paths(bare) == [bare.resolve()]


def test_files_changed_on_disk_and_closed_buffers(client: Client, facts: Path) -> None:
    watching = {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}}}
    client.request(
        "initialize", {"processId": None, "rootUri": facts.as_uri(), "capabilities": watching}
    )
    client.notify("initialized", {})
    diagnostics_of(client, (facts / ARTICLE).as_uri())
    client.request("textDocument/hover", at((facts / ARTICLE).as_uri(), 0, 0))
    [registration] = [r for r in client.requests if r["method"] == "client/registerCapability"]
    [registered] = registration["params"]["registrations"]
    assert registered["method"] == "workspace/didChangeWatchedFiles"
    assert registered["registerOptions"]["watchers"][0]["globPattern"].startswith("**/*.{")

    # a file the editor does not show changes on disk: its findings appear
    entities = facts / "entities.ttl"
    original = entities.read_text(encoding="utf-8")
    entities.write_text(
        original.replace(":SU7Pro a fc:VehicleVariant", ":SU7Pro a fc:VehicleVarient", 1),
        encoding="utf-8",
    )
    client.notify(
        "workspace/didChangeWatchedFiles", {"changes": [{"uri": entities.as_uri(), "type": 2}]}
    )
    found = diagnostics_of(client, entities.as_uri())
    vocabulary = [d for d in found if d["code"] == "closed-vocabulary"]
    assert [(d["severity"], d["range"]) for d in vocabulary] == [(ERROR, rng(61, 10, 27))]
    assert vocabulary[0]["data"]["replace"][0] == "fc:VehicleVariant"

    # positions are in UTF-16 code units, as the protocol says: an emoji counts two
    entities.write_text(
        original.replace(
            '    rdfs:label "SU7 Pro" ;',
            '    rdfs:label "SU7 Pro \N{AUTOMOBILE}" ; fc:variantOf :XiaomiSU7x ;',
            1,
        ),
        encoding="utf-8",
    )
    client.notify(
        "workspace/didChangeWatchedFiles", {"changes": [{"uri": entities.as_uri(), "type": 2}]}
    )
    found = diagnostics_of(client, entities.as_uri())
    dangling = [d for d in found if d["code"] == "fcsh:DanglingShape"]
    assert [d["range"] for d in dangling] == [rng(62, 43, 54)]
    assert dangling[0]["data"]["replace"][0] == ":XiaomiSU7"

    # and disappear when it is put back
    entities.write_text(original, encoding="utf-8")
    client.notify(
        "workspace/didChangeWatchedFiles", {"changes": [{"uri": entities.as_uri(), "type": 2}]}
    )
    assert diagnostics_of(client, entities.as_uri()) == []

    # closing an edited buffer without saving: back to the file on disk
    ultra = facts / ULTRA
    text = ultra.read_text(encoding="utf-8")
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": ultra.as_uri(), "languageId": "turtle", "version": 1,
                          "text": text}},
    )  # fmt: skip
    client.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": ultra.as_uri(), "version": 2},
         "contentChanges": [{"text": text.replace("fc:sourceKind", "fc:sourceKnd", 1)}]},
    )  # fmt: skip
    assert [d["code"] for d in diagnostics_of(client, ultra.as_uri())] == [
        "fcsh:SourceDocumentShape/fc:sourceKind",
        "closed-vocabulary",
    ]
    client.notify("textDocument/didClose", {"textDocument": {"uri": ultra.as_uri()}})
    assert diagnostics_of(client, ultra.as_uri()) == []

    # a new file made in the editor joins the facts when it is first saved
    new = facts / "new-entities.ttl"
    text = (
        "@prefix : <https://w3id.org/factcheck/data/> .\n"
        "@prefix fc: <https://w3id.org/factcheck/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n"
        ":SU7Air a fc:VehicleVariant ;\n"
        '    rdfs:label "SU7 Air" ;\n'
        "    fc:variantOff :XiaomiSU7 .\n"
    )
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": new.as_uri(), "languageId": "turtle", "version": 1,
                          "text": text}},
    )  # fmt: skip
    # (an edit that is published shows that the server has taken the didOpen: not a fact yet)
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": ultra.as_uri(), "languageId": "turtle", "version": 1,
                          "text": ultra.read_text(encoding="utf-8").replace(
                              "fc:sourceKind", "fc:sourceKnd", 1)}},
    )  # fmt: skip
    assert len(diagnostics_of(client, ultra.as_uri())) == 2
    assert not any(n["params"]["uri"] == new.as_uri() for n in client.notifications)
    new.write_text(text, encoding="utf-8")
    client.notify("textDocument/didSave", {"textDocument": {"uri": new.as_uri()}})
    found = diagnostics_of(client, new.as_uri())
    vocabulary = [d for d in found if d["code"] == "closed-vocabulary"]
    assert [(d["range"], d["data"]["replace"][0]) for d in vocabulary] == [
        (rng(6, 4, 17), "fc:variantOf")
    ]
    assert client.request("shutdown") is None
    client.notify("exit")
    assert client.close() == 0


def test_a_bad_configuration_is_one_message_and_the_server_stays_up(
    client: Client, tmp_path: Path
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text('[tool.factcheck]\npaths = ["missing"]\n')
    client.request(
        "initialize", {"processId": None, "rootUri": project.as_uri(), "capabilities": {}}
    )
    client.notify("initialized", {})
    shown = client.wait_for("window/showMessage")
    assert shown["type"] == ERROR
    assert shown["message"] == (
        f"factcheck: no such file or directory: {(project / 'missing').resolve()}\n"
        "  hint: check the path; with no PATH, factcheck reads ./facts"
    )
    assert client.request("textDocument/hover", at((project / "a.ttl").as_uri(), 0, 0)) is None
    assert client.request("shutdown") is None
    client.notify("exit")
    assert client.close() == 0


def test_exit_during_the_first_load_ends_the_server_at_once(client: Client, tmp_path: Path) -> None:
    """An editor's ``exit`` while the workspace is still loading: the server exits (code 1:
    no shutdown) without waiting for the load, which runs in a daemon thread. (It waited for
    the load to end: 20.6 s on a busy machine for the bundled facts.)"""
    import time

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from incremental import generate  # type: ignore[import-not-found]

    large = tmp_path / "large"
    generate(large, 100_000, 100, 0)  # a load of several seconds
    start(client, large)
    time.sleep(0.5)  # the load has begun
    sent = time.perf_counter()
    client.notify("exit")
    assert client.close(timeout=60) == 1
    assert time.perf_counter() - sent < 3.0
