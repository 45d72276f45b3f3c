"""The language server: LSP over stdio (https://microsoft.github.io/language-server-protocol/
specifications/lsp/3.17/specification/) on pygls, answering from a ``factcheck.workspace``.

One ``Workspace`` lives as long as the server. It is opened after ``initialized`` on the fact
paths of the editor's folder (``fact_paths``). Edits reach it as unsaved buffers
(``Workspace.update(path, text)``); a closed document goes back to its file on disk. Changes are
applied by one background task, in order, several queued edits at a time, so typing never
queues a validation per keystroke; after each batch the diagnostics of every file whose list
changed are published (an empty list clears a file).

Requests (hover, definition, completion) read the workspace in a worker thread under the same
lock the background task holds while it validates, so they see one consistent state and the
event loop never waits on the lock; diagnostics are worked out in a worker thread as well.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from factcheck import __version__
from factcheck.errors import FactcheckError
from factcheck.lsp import features
from factcheck.lsp.positions import Span

if TYPE_CHECKING:
    from collections.abc import Callable

    from factcheck.workspace import Workspace

LOG = logging.getLogger("factcheck.lsp")
SEVERITY = {
    "violation": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
SOURCE = "factcheck"


def fact_paths(root: Path) -> list[Path]:
    """The fact paths for an editor folder: ``paths`` in the ``[tool.factcheck]`` (or
    ``factcheck.toml``) at or above it (``[tool.factcheck.validate]`` first), else its
    ``facts/`` folder, else the folder itself."""
    from factcheck.config import find_config

    config = find_config(root)
    if config is not None:
        table = config.settings.get("validate")
        own = table.get("paths") if isinstance(table, dict) else None
        configured = own if own is not None else config.settings.get("paths")
        if isinstance(configured, str):
            configured = [configured]
        if isinstance(configured, list) and configured:
            return [(config.path.parent / Path(str(p)).expanduser()).resolve() for p in configured]
    facts = root / "facts"
    return [facts.resolve() if facts.is_dir() else root.resolve()]


def lines_of(text: str) -> list[str]:
    """A text's lines as the protocol counts them: split at line feeds only (a carriage return
    before one ends its line unseen), never at the other breaks ``str.splitlines`` knows
    (U+2028 in a string literal is not a new line for the editor or the Turtle lexer)."""
    return text.split("\n")


class FactServer(LanguageServer):
    """pygls' server plus the fact workspace and what was last published."""

    def __init__(self) -> None:
        super().__init__("factcheck", __version__)
        self.facts: Workspace | None = None
        self.lock = threading.Lock()
        self.ready = asyncio.Event()
        self.pending: dict[Path, str | None] = {}
        self.worker: asyncio.Task[None] | None = None
        self.published: dict[Path, list[types.Diagnostic]] = {}
        self.seen: dict[Path, tuple[object, ...]] = {}
        """Each file's findings and text version when its diagnostics were last worked out."""
        self.uris: dict[Path, str] = {}
        """The URI the editor uses for each open document, to publish under the same one."""
        self.shut_down = False
        """Whether the editor sent ``shutdown`` (exit code 0 on ``exit``, else 1)."""
        self.last_check = 0.0
        """Seconds from applying the last batch of edits to its diagnostics published."""

    # -- documents and text ------------------------------------------------------------------

    def path_of(self, uri: str) -> Path:
        return Path(to_fs_path(uri) or uri).resolve()

    def text_of(self, path: Path) -> str | None:
        """A file as the editor shows it: its open buffer, else the file on disk."""
        uri = self.uris.get(path)
        if uri is not None:
            return self.workspace.get_text_document(uri).source
        try:
            return path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return None

    def lines(self, path: Path) -> list[str]:
        return lines_of(self.text_of(path) or "")

    def to_range(self, path: Path, where: Span) -> types.Range:
        return self.range_in(self.lines(path), where)

    def range_in(self, lines: list[str], where: Span) -> types.Range:
        codec = self.workspace.position_codec
        return types.Range(
            start=codec.position_to_client_units(lines, types.Position(where.line, where.start)),
            end=codec.position_to_client_units(lines, types.Position(where.line, where.end)),
        )

    def from_position(self, path: Path, position: types.Position) -> tuple[int, int]:
        codec = self.workspace.position_codec
        point = types.Position(position.line, position.character)
        converted = codec.position_from_client_units(self.lines(path), point)
        return converted.line, converted.character

    # -- the workspace -------------------------------------------------------------------------

    def open_facts(self, root: Path) -> str | None:
        """Load and validate the facts of ``root`` (in a worker thread); the error, if any."""
        from factcheck.workspace import Workspace

        started = time.perf_counter()
        try:
            facts = Workspace.open(fact_paths(root), hold_memory=True)
        except FactcheckError as error:  # a bad configuration, a configured path that is gone
            return f"factcheck: {error.format()}"
        with self.lock:
            self.facts = facts
        LOG.info("opened %d files in %.2f s", len(facts.files()), time.perf_counter() - started)
        return None

    def change(self, path: Path, text: str | None) -> None:
        """Queue an edit (``None``: the file on disk) and make sure the worker runs."""
        self.pending[path] = text
        if self.worker is None or self.worker.done():
            self.worker = asyncio.get_running_loop().create_task(self.drain())

    async def drain(self) -> None:
        await self.ready.wait()
        while self.pending:
            batch, self.pending = self.pending, {}
            started = time.perf_counter()
            try:
                await asyncio.to_thread(self.apply, batch)
                await self.publish()
            except Exception:  # a bug must not stop later edits from being checked
                LOG.exception("checking %s failed", ", ".join(str(p) for p in batch))
                continue
            self.last_check = time.perf_counter() - started
            LOG.info("diagnostics %.3f s after %d edit(s)", self.last_check, len(batch))

    def apply(self, batch: dict[Path, str | None]) -> None:
        with self.lock:
            if self.facts is None:
                return
            for path, text in batch.items():
                try:
                    self.facts.update(path, text)
                except FactcheckError as error:
                    LOG.warning("%s", error.format())

    async def publish(self) -> None:
        """Send the diagnostics of every file whose list changed since it was last sent; they
        are worked out in a worker thread, so the editor's requests are answered meanwhile."""
        for params in await asyncio.to_thread(self.collect):
            self.text_document_publish_diagnostics(params)

    def collect(self) -> list[types.PublishDiagnosticsParams]:
        """The diagnostics to send: those of files whose list changed since they were last sent.

        A file whose findings and text are those of the last time is not looked at again, so
        this costs what changed, not what the workspace holds. Called by one task at a time."""
        with self.lock:
            if self.facts is None:
                return []
            report = self.facts.report()
        sending = []
        groups = features.findings_by_file(report)
        for path in sorted(set(groups) | set(self.published)):
            findings = tuple(groups.get(path, ()))
            key = (findings, self.version_of(path))
            if self.seen.get(path) == key:
                continue
            self.seen[path] = key
            text = self.text_of(path) if findings else None
            diagnostics = []
            if text is not None:
                lines = lines_of(text)
                diagnostics = [
                    self.to_diagnostic(lines, d)
                    for d in features.file_diagnostics(findings, path, text)
                ]
            if self.published.get(path, []) == diagnostics:
                continue
            if diagnostics:
                self.published[path] = diagnostics
            else:
                self.published.pop(path, None)
            uri = self.uris.get(path) or path.as_uri()
            sending.append(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics))
        return sending

    def version_of(self, path: Path) -> tuple[object, ...]:
        """What identifies the text a file's diagnostics were placed on."""
        uri = self.uris.get(path)
        if uri is not None:
            document = self.workspace.get_text_document(uri)
            return ("buffer", document.version, hash(document.source))
        try:
            stat = path.stat()
        except OSError:
            return ("gone",)
        return ("disk", stat.st_mtime_ns, stat.st_size)

    def to_diagnostic(self, lines: list[str], found: features.Diagnostic) -> types.Diagnostic:
        data: dict[str, Any] | None = None
        if found.fixes:
            data = {"replace": [fix.text for fix in found.fixes]}
        return types.Diagnostic(
            range=self.range_in(lines, found.span),
            severity=SEVERITY.get(found.severity, types.DiagnosticSeverity.Error),
            code=found.rule,
            source=SOURCE,
            message=found.message,
            data=data,
        )

    def watch_files(self) -> None:
        """Ask the editor to report fact files and article texts changed on disk (a checkout,
        another program), if it can; the answer is not waited for."""
        from factcheck.loader import FACT_SUFFIXES
        from factcheck.workspace import ARTICLE_SUFFIXES

        capabilities = self.client_capabilities.workspace
        watched = capabilities.did_change_watched_files if capabilities else None
        if watched is None or not watched.dynamic_registration:
            return
        suffixes = ",".join(sorted({s.lstrip(".") for s in (*FACT_SUFFIXES, *ARTICLE_SUFFIXES)}))
        watcher = types.FileSystemWatcher(glob_pattern=f"**/*.{{{suffixes}}}")
        self.client_register_capability(
            types.RegistrationParams(
                registrations=[
                    types.Registration(
                        id="factcheck-watched-files",
                        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                        register_options=types.DidChangeWatchedFilesRegistrationOptions(
                            watchers=[watcher]
                        ),
                    )
                ]
            )
        )

    def show(self, kind: types.MessageType, message: str) -> None:
        self.window_show_message(types.ShowMessageParams(type=kind, message=message))


server = FactServer()


async def in_daemon_thread(work: Callable[[Path], str | None], root: Path) -> str | None:
    """``work(root)`` in a daemon thread: the first load of a large workspace takes seconds to
    minutes, and an editor's ``exit`` meanwhile must end the process at once (a worker thread of
    ``asyncio.to_thread`` is joined at exit, so the process waited for the load to end). The
    load only fills memory: nothing is lost by leaving it."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[str | None] = loop.create_future()

    def settle(result: str | None, error: BaseException | None) -> None:
        if done.done():
            return
        if error is not None:
            done.set_exception(error)
        else:
            done.set_result(result)

    def run() -> None:
        result, error = None, None
        try:
            result = work(root)
        except BaseException as caught:  # handed to the awaiting task, which reports it
            error = caught
        with contextlib.suppress(RuntimeError):  # the loop is closed: the server has exited
            loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=run, name="factcheck-open", daemon=True).start()
    return await done


@server.feature(types.INITIALIZED)
async def initialized(ls: FactServer, params: types.InitializedParams) -> None:
    root_uri = ls.workspace.root_uri
    if root_uri is None and ls.workspace.folders:
        root_uri = next(iter(ls.workspace.folders.values())).uri
    root = Path(to_fs_path(root_uri) or ".") if root_uri else Path.cwd()
    error = await in_daemon_thread(ls.open_facts, root)
    if error is not None:
        ls.show(types.MessageType.Error, error)
    await ls.publish()  # before edits are let through: one task at a time collects
    ls.ready.set()
    ls.watch_files()


@server.feature(types.SHUTDOWN)
def shutdown(ls: FactServer, params: None) -> None:
    ls.shut_down = True


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: FactServer, params: types.DidOpenTextDocumentParams) -> None:
    path = ls.path_of(params.text_document.uri)
    ls.uris[path] = params.text_document.uri
    ls.change(path, params.text_document.text)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: FactServer, params: types.DidChangeTextDocumentParams) -> None:
    path = ls.path_of(params.text_document.uri)
    ls.change(path, ls.workspace.get_text_document(params.text_document.uri).source)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: FactServer, params: types.DidSaveTextDocumentParams) -> None:
    path = ls.path_of(params.text_document.uri)
    ls.change(path, ls.text_of(path))  # unchanged text costs nothing; a new file joins now


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: FactServer, params: types.DidCloseTextDocumentParams) -> None:
    path = ls.path_of(params.text_document.uri)
    ls.uris.pop(path, None)
    ls.change(path, None)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: FactServer, params: types.DidChangeWatchedFilesParams) -> None:
    for change in params.changes:
        path = ls.path_of(change.uri)
        # while a file is open its buffer counts; it is sent again, since a file the editor
        # has just saved for the first time only now belongs to the fact paths
        ls.change(path, ls.text_of(path) if path in ls.uris else None)


@server.feature(types.TEXT_DOCUMENT_HOVER)
async def hover(ls: FactServer, params: types.HoverParams) -> types.Hover | None:
    path = ls.path_of(params.text_document.uri)
    text = ls.text_of(path)
    facts = ls.facts
    if text is None or facts is None:
        return None
    line, character = ls.from_position(path, params.position)

    def ask() -> features.Hover | None:  # a claim's first verdict can take a while: off the loop
        with ls.lock:
            return features.hover(facts, text, path, line, character)

    found = await asyncio.to_thread(ask)
    if found is None:
        return None
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=found.markdown),
        range=ls.to_range(path, found.span),
    )


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
async def definition(ls: FactServer, params: types.DefinitionParams) -> list[types.Location]:
    path = ls.path_of(params.text_document.uri)
    text = ls.text_of(path)
    facts = ls.facts
    if text is None or facts is None:
        return []
    line, character = ls.from_position(path, params.position)

    def ask() -> list[features.Place]:  # waits while an edit is checked: off the loop
        with ls.lock:
            return features.definition(facts, text, path, line, character)

    places = await asyncio.to_thread(ask)
    return [
        types.Location(
            uri=ls.uris.get(place.file.resolve()) or place.file.resolve().as_uri(),
            range=ls.to_range(place.file.resolve(), place.span),
        )
        for place in places
    ]


@server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[":"]))
async def completion(ls: FactServer, params: types.CompletionParams) -> types.CompletionList:
    path = ls.path_of(params.text_document.uri)
    text = ls.text_of(path)
    facts = ls.facts
    if text is None or facts is None:
        return types.CompletionList(is_incomplete=False, items=[])
    line, character = ls.from_position(path, params.position)

    def ask() -> tuple[list[features.Completion], bool]:  # as for definitions: off the loop
        with ls.lock:
            return features.completions(facts, text, path, line, character)

    found, cut = await asyncio.to_thread(ask)
    kinds = {
        "class": types.CompletionItemKind.Class,
        "property": types.CompletionItemKind.Property,
        "value": types.CompletionItemKind.Reference,
    }
    items = [
        types.CompletionItem(
            label=item.label,
            kind=kinds[item.kind],
            detail=item.detail,
            text_edit=types.TextEdit(range=ls.to_range(path, item.span), new_text=item.label),
        )
        for item in found
    ]
    return types.CompletionList(is_incomplete=cut, items=items)


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
)
def code_action(ls: FactServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    actions: list[types.CodeAction] = []
    for diagnostic in params.context.diagnostics:
        data = diagnostic.data
        if diagnostic.source != SOURCE or not isinstance(data, dict):
            continue
        for replacement in data.get("replace", []):
            edit = types.TextEdit(range=diagnostic.range, new_text=str(replacement))
            actions.append(
                types.CodeAction(
                    title=f"Replace with {replacement}",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    is_preferred=not actions,
                    edit=types.WorkspaceEdit(changes={params.text_document.uri: [edit]}),
                )
            )
    return actions


def serve() -> int:
    """Run the server on stdin and stdout until the editor says exit (or closes stdin); the
    exit code: 0 after a ``shutdown`` request, else 1 (as the protocol says)."""
    logging.basicConfig(level=logging.WARNING, format="factcheck lsp: %(message)s")
    server.start_io()
    return 0 if server.shut_down else 1
