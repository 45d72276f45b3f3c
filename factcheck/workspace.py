"""A long-lived validation workspace: the facts loaded once, re-validated as files change.

``factcheck watch`` and ``factcheck lsp`` keep one ``Workspace`` for their whole life. It holds
the in-memory Oxigraph store (one named graph per fact file), each file's last good text, its
summary and the per-unit results, so a one-file change costs only what that change can affect.

The contract, which ``tests/test_workspace_property.py`` checks after random edit sequences:
``Workspace.report()`` is byte for byte what a cold ``factcheck.validate.validate_paths`` gives
over each file's last good content. A file whose latest content does not parse keeps its last
good state in the store; its parse error is reported beside it (``Workspace.errors``, and as an
input finding in ``report()``), as a cold run reports a file that does not parse.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from factcheck.errors import FactcheckError, InputError
from factcheck.validation.findings import Finding, Report
from factcheck.validation.memo import Memo

if TYPE_CHECKING:
    import pyoxigraph as ox

    from factcheck.cache import Cache
    from factcheck.validation.engine import Source
    from factcheck.validation.shapes import ShapesPlan

ARTICLE_SUFFIXES = (".txt", ".md", ".html")
"""Article texts the facts quote (``fc:textFile``): a change re-runs the quote rules."""

COLLECT_EVERY = 100
"""With ``hold_memory``, every this many updates one runs Python's full garbage collection."""


@dataclass
class Delta:
    """What one change did to the findings and verdicts."""

    new: list[Finding] = field(default_factory=list)
    resolved: list[Finding] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    """The changed file does not parse (line and column in each error's location); the
    workspace kept its last good state."""
    verdicts: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    """``(claim IRI, old rating, new rating)`` for each claim whose rating changed (``None``:
    the claim did not exist before, or no longer does)."""
    seconds: float = 0.0
    """Wall time from the call to updated findings and verdicts."""

    @property
    def empty(self) -> bool:
        return not (self.new or self.resolved or self.errors or self.verdicts)


@dataclass(frozen=True)
class Description:
    """Where an IRI is described: a file and the 1-based line and column of its subject."""

    file: Path
    line: int
    col: int


class MemoryCache:
    """The engine's result cache (``factcheck.cache.Cache``'s interface), kept in memory.

    Entries not used by the latest run are dropped after it, so a long session does not grow
    with every edit it has seen."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], Any] = {}
        self._used: set[tuple[str, str]] = set()
        self.hits = 0
        self.misses = 0

    def get(self, kind: str, key: str, check: Callable[[Any], bool] | None = None) -> Any | None:
        value = self._entries.get((kind, key))
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        self._used.add((kind, key))
        return value

    def put(self, kind: str, key: str, value: Any) -> None:
        self._entries[(kind, key)] = value
        self._used.add((kind, key))

    def prune(self, keep: Collection[str] = ("summary",)) -> None:
        """Forget what the last run did not use (``keep``: kinds never forgotten)."""
        self._entries = {k: v for k, v in self._entries.items() if k in self._used or k[0] in keep}
        self._used = set()


class Workspace:
    """Fact files loaded once and kept validated; see the module docstring."""

    def __init__(
        self,
        roots: list[Path],
        *,
        plan: ShapesPlan,
        store: ox.Store,
        vocabulary: list[Source],
        select: Collection[str],
        ignore: Collection[str],
    ) -> None:
        self.roots = roots
        self._plan = plan
        self._store = store
        self._vocabulary = vocabulary
        self._select = tuple(select)
        self._ignore = tuple(ignore)
        self._sources: dict[Path, Source] = {}
        self._texts: dict[Path, str] = {}
        self._broken: dict[Path, InputError] = {}
        self._order: list[Path] = []
        self._cache = MemoryCache()
        self._sizes: dict[Path, int] = {}  # triples per file (len(store) counts them all)
        self._memo = Memo()
        self._report: Report | None = None
        self._verdicts: dict[str, Any] | None = None
        self._tracking = False  # verdicts() was called: each change recomputes them
        self._hold = False
        self._updates = 0

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        paths: Sequence[Path],
        *,
        shapes: Sequence[Path] | None = None,
        only_shapes: bool = False,
        select: Collection[str] = (),
        ignore: Collection[str] = (),
        hold_memory: bool = False,
    ) -> Workspace:
        """Load the fact files under ``paths`` and validate them once.

        ``shapes`` are used as well as the bundled shapes, or instead of them with
        ``only_shapes`` (``validate --shapes`` / ``--only-shapes``). ``select`` and ``ignore``
        are ``validate``'s. A path that does not exist is a ``PathError``; a file that does not
        parse is reported (``errors``), not raised.

        ``hold_memory``, for a process that lives for the workspace (``watch``, ``lsp``): what
        is alive after each update is moved out of reach of Python's cyclic garbage collector
        (``gc.freeze``), whose full passes would otherwise walk the kept rows on every few
        edits (0.6-0.7 s at 1M triples); one update in ``COLLECT_EVERY`` runs a full pass."""
        import pyoxigraph as ox

        from factcheck.loader import expand
        from factcheck.resources import shape_files, vocabulary_files
        from factcheck.validation.engine import load_vocabulary, vocabulary_source
        from factcheck.validation.shapes import load_plan

        roots = list(paths)
        if only_shapes:
            used = list(shapes or [])
        elif shapes:
            used = [*shape_files(), *shapes]
        else:
            used = list(shape_files())
        vocabulary_paths = list(vocabulary_files())
        plan = load_plan(used, vocabulary_paths)
        vocabulary = [vocabulary_source(path) for path in vocabulary_paths]
        store = ox.Store()
        load_vocabulary(store, vocabulary)
        workspace = cls(
            roots, plan=plan, store=store, vocabulary=vocabulary, select=select, ignore=ignore
        )
        workspace._order = expand(roots)
        for file in workspace._order:
            workspace._load(file, None)
        workspace._report = workspace._validate()
        workspace._hold = hold_memory
        workspace._settle(collect=True)
        return workspace

    # -- reading ---------------------------------------------------------------------------

    def files(self) -> list[Path]:
        """The fact files, in the order a cold run reads them."""
        return list(self._order)

    def errors(self) -> dict[Path, InputError]:
        """Files whose latest content does not parse (their last good state is kept)."""
        return dict(self._broken)

    def text(self, path: Path) -> str | None:
        """The last good text of a fact file (what the workspace validates)."""
        return self._texts.get(path)

    def report(self) -> Report:
        """The current findings: those of a cold run over each file's last good content."""
        if self._report is None:
            self._report = self._validate()
        return self._report

    def report_json(self) -> str:
        """``report()`` as ``validate --format json`` prints it."""
        from factcheck.reports import render

        return render(self.report(), "json")

    # -- changing --------------------------------------------------------------------------

    def update(self, path: Path, text: str | None = None) -> Delta:
        """Take in a change of ``path``: on disk (``text`` None; a missing file is removed) or
        an editor's unsaved buffer (``text``). A fact file is reloaded, an article text makes
        the quote rules run again; other paths change nothing."""
        started = time.perf_counter()
        before = self.report()
        old_verdicts = self.verdicts() if self._tracking else None
        errors: list[InputError] = []
        if path.suffix.lower() in ARTICLE_SUFFIXES:
            changed = True  # article texts are read again by every run
        else:
            changed, error = self._change(path, text)
            if error is not None:
                errors.append(error)
        if not changed:
            return Delta(errors=errors, seconds=time.perf_counter() - started)
        self._report = self._validate()
        self._verdicts = None
        delta = _difference(before, self._report)
        delta.errors = errors
        if old_verdicts is not None:
            delta.verdicts = _verdict_changes(old_verdicts, self.verdicts())
        self._updates += 1
        self._settle(collect=self._updates % COLLECT_EVERY == 0)
        delta.seconds = time.perf_counter() - started
        return delta

    def _settle(self, collect: bool) -> None:
        """With ``hold_memory``: freeze what is alive (after a full collection, if
        ``collect``), so the collector's passes walk only what the next update makes."""
        if not self._hold:
            return
        import gc

        if collect:
            gc.unfreeze()
            gc.collect()
        gc.freeze()

    def _change(self, path: Path, text: str | None) -> tuple[bool, InputError | None]:
        """Apply one change to the store; whether anything changed, and the parse error."""
        from factcheck.loader import FACT_SUFFIXES

        if path.suffix.lower() not in FACT_SUFFIXES:
            return False, None
        known = self._known(path)
        if text is None and not path.exists():
            if known is None:
                return False, None
            self._remove(known)
            return True, None
        if known is None:
            known = self._admit(path)
            if known is None:
                return False, None
        previous = self._texts.get(known)
        was_broken = known in self._broken
        old_error = self._broken.get(known)
        error = self._load(known, text)
        if error is not None:
            # still broken, but elsewhere: the report's parse error must move too
            return not was_broken or _said(old_error) != _said(error), error
        return previous != self._texts.get(known) or was_broken, None

    def _known(self, path: Path) -> Path | None:
        if path in self._sources or path in self._broken:
            return path
        resolved = path.resolve()
        for file in self._order:
            if file.resolve() == resolved:
                return file
        return None

    def _admit(self, path: Path) -> Path | None:
        """A new file: part of the workspace if a cold run over the roots would read it."""
        from factcheck.loader import expand

        try:
            order = expand(self.roots)
        except FactcheckError:
            return None
        resolved = path.resolve()
        match = next((f for f in order if f.resolve() == resolved), None)
        if match is not None:
            self._order = order
        return match

    def _remove(self, path: Path) -> None:
        import pyoxigraph as ox

        from factcheck.validation.engine import forget
        from factcheck.validation.storecheck import graph_name

        name = graph_name(path)
        gone = list(self._store.quads_for_pattern(None, None, None, ox.NamedNode(name)))
        self._memo.invalidate(
            {q.predicate.value for q in gone},
            {name},
            [(q.subject, q.predicate, q.object) for q in gone],
        )
        forget(self._store, path)
        self._sources.pop(path, None)
        self._sizes.pop(path, None)
        self._texts.pop(path, None)
        self._broken.pop(path, None)
        self._order = [f for f in self._order if f != path]

    def _load(self, path: Path, text: str | None) -> InputError | None:
        """(Re)load one fact file into its named graph; on a parse error keep the last good
        state and return the error."""
        import pyoxigraph as ox

        from factcheck.loader import decode, file_format, read_bytes
        from factcheck.validation.engine import Source, forget, load_fact_file, summarise_source
        from factcheck.validation.storecheck import graph_name

        try:
            if text is None:
                data = read_bytes(path)
                text = decode(path, data)
            else:
                data = text.encode("utf-8")
            source = Source(path, file_format(path), data, hashlib.sha256(data).hexdigest())
            # parse into a scratch store first: a bad save must leave the good state alone
            scratch = ox.Store()
            load_fact_file(scratch, source, text)
            summarise_source(source, text, self._plan, cast("Cache", self._cache))
        except InputError as error:
            self._broken[path] = error
            return error
        self._broken.pop(path, None)
        name = ox.NamedNode(graph_name(path))
        old = {
            (q.subject, q.predicate, q.object)
            for q in self._store.quads_for_pattern(None, None, None, name)
        }
        new = keep_blank_names(old, {(q.subject, q.predicate, q.object) for q in scratch})
        changed = old ^ new
        self._memo.invalidate({p.value for _s, p, _o in changed}, {name.value}, changed)
        forget(self._store, path)
        self._store.extend(ox.Quad(s, p, o, name) for s, p, o in new)
        self._sizes[path] = len(new)
        self._sources[path] = source
        self._texts[path] = text
        return None

    # -- validating ------------------------------------------------------------------------

    def _validate(self) -> Report:
        import pyoxigraph as ox

        from factcheck.validation.engine import DERIVED_GRAPH, run_loaded
        from factcheck.validation.selection import select as select_rules
        from factcheck.validation.selection import suppress_inline

        self._store.remove_graph(ox.NamedNode(DERIVED_GRAPH))  # fc:fullText, derived again
        sources = [
            *self._vocabulary,
            *(self._sources[f] for f in self._order if f in self._sources),
        ]
        report = run_loaded(
            self._plan,
            sources,
            self._store,
            sum(self._sizes.values()),  # what count_triples(store) gives, without a scan
            self._cache,
            self.roots,
            self._memo,
        )
        self._cache.prune()
        self._memo.end_run()
        if self._broken:
            report.add_input_errors(
                [(f, self._broken[f]) for f in self._order if f in self._broken]
            )
            report.files = list(self._order)
        return suppress_inline(select_rules(report, self._select, self._ignore), self._read)

    def _read(self, path: Path) -> str | None:
        text = self._texts.get(path)
        if text is not None:
            return text
        try:
            return path.read_text(encoding="utf-8-sig", errors="replace")
        except OSError:
            return None

    # -- what an editor asks ---------------------------------------------------------------

    def verdicts(self) -> dict[str, str]:
        """Every article claim's IRI and rating. From the first call on, each change
        recomputes them, and ``Delta.verdicts`` says which changed."""
        self._tracking = True
        return {claim: verdict.rating for claim, verdict in self._all_verdicts().items()}

    def verdict(self, claim: str) -> Any | None:
        """The full ``Verdict`` of one claim (rating, summary, reasoning), or None; kept until
        the next change."""
        return self._all_verdicts().get(claim)

    def _all_verdicts(self) -> dict[str, Any]:
        if self._verdicts is None:
            from factcheck.verdicts import compute_verdicts

            graph = self._rdflib_graph()
            self._verdicts = {str(c): v for c, v in compute_verdicts(graph).items()}
        return self._verdicts

    def label(self, iri: str) -> str | None:
        """The ``rdfs:label`` (or ``schema:name``) of ``iri``, if any file gives one."""
        import pyoxigraph as ox

        for predicate in (
            "http://www.w3.org/2000/01/rdf-schema#label",
            "https://schema.org/name",
        ):
            for value in self._objects(iri, predicate):
                if isinstance(value, ox.Literal):
                    return str(value.value)
        return None

    def types(self, iri: str) -> list[str]:
        """The ``rdf:type``s of ``iri``, sorted."""
        rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
        return sorted({str(t.value) for t in self._objects(iri, rdf_type) if hasattr(t, "value")})

    def described(self, iri: str) -> list[Description]:
        """Where ``iri`` is described (used as a subject): each file, line and column."""
        from factcheck.locate import index_file

        found = []
        for path, source in self._sources.items():
            if source.summary is None or iri not in source.summary.subjects:
                continue
            at = index_file(path, self._texts[path]).subject_at(iri)
            if at is not None:
                found.append(Description(path, at[0], at[1]))
        return sorted(found, key=lambda d: (str(d.file), d.line, d.col))

    def iris(self) -> list[str]:
        """Every IRI described in the fact files, sorted (for completion)."""
        return sorted(
            {s for src in self._sources.values() for s in (src.summary or _no()).subjects}
        )

    def _objects(self, iri: str, predicate: str) -> Iterator[Any]:
        import pyoxigraph as ox

        for quad in self._store.quads_for_pattern(
            ox.NamedNode(iri), ox.NamedNode(predicate), None, None
        ):
            yield quad.object

    def _rdflib_graph(self) -> Any:
        from factcheck.loader import new_graph, to_rdflib

        graph = new_graph()
        graph += to_rdflib(q for q in self._store if not _derived(q))
        return graph


def _no() -> Any:
    from factcheck.validation.units import FileSummary

    return FileSummary()


def _said(error: InputError | None) -> tuple[str, str] | None:
    return None if error is None else (error.format(), str(error.location))


def _derived(quad: Any) -> bool:
    from factcheck.validation.engine import DERIVED_GRAPH

    return getattr(quad.graph_name, "value", None) == DERIVED_GRAPH


Triple = tuple[Any, Any, Any]


def keep_blank_names(old: set[Triple], new: set[Triple]) -> set[Triple]:
    """``new`` (a file parsed again) with each blank node renamed to the old parse's name for
    the blank node in the same place: reached from the same IRI by the same predicates, and
    the only one there in both parses. The graph is the same (blank node names carry no
    meaning), but an unchanged ``[ a fc:Quantity ; … ]`` is now the same triples as before, so
    the change is only what really changed (a new parse names every blank node anew)."""
    import pyoxigraph as ox

    def places(triples: set[Triple]) -> dict[Any, Any]:
        incoming: dict[Any, list[tuple[Any, Any]]] = {}
        said: dict[Any, list[tuple[str, str]]] = {}
        for subject, predicate, obj in triples:
            if isinstance(obj, ox.BlankNode):
                incoming.setdefault(obj, []).append((subject, predicate))
            elif isinstance(subject, ox.BlankNode):
                said.setdefault(subject, []).append((predicate.value, str(obj)))
        content = {node: tuple(sorted(pairs)) for node, pairs in said.items()}
        found: dict[Any, Any] = {}

        def place(node: Any, depth: int = 0) -> Any:
            if node in found:
                return found[node]
            pointers = incoming.get(node, [])
            result: Any = None
            if len(pointers) == 1 and depth < 32:
                subject, predicate = pointers[0]
                where = subject.value if isinstance(subject, ox.NamedNode) else None
                if isinstance(subject, ox.BlankNode):
                    where = place(subject, depth + 1)
                result = None if where is None else (where, predicate.value)
            found[node] = result
            return result

        by_place: dict[Any, list[Any]] = {}
        for node in incoming:
            key = place(node)
            if key is not None:
                by_place.setdefault(key, []).append(node)
        named: dict[Any, Any] = {}
        for key, nodes in by_place.items():
            if len(nodes) == 1:
                named[key] = nodes[0]
                continue
            # several in one place (two quotes of one claim): told apart by what they say
            by_content: dict[Any, list[Any]] = {}
            for node in nodes:
                by_content.setdefault((key, content.get(node, ())), []).append(node)
            named.update({k: v[0] for k, v in by_content.items() if len(v) == 1})
        return named

    before, after = places(old), places(new)
    rename = {node: before[key] for key, node in after.items() if key in before}
    if not rename:
        return new

    def term(node: Any) -> Any:
        return rename.get(node, node)

    return {(term(s), p, term(o)) for s, p, o in new}


def merge(deltas: Sequence[Delta]) -> Delta:
    """One ``Delta`` for a batch of changes applied one after the other: a finding that came
    and went within the batch is in neither list, a verdict keeps its first old rating."""
    new: Counter[str] = Counter()
    findings: dict[str, Finding] = {}
    for delta in deltas:
        for finding in delta.new:
            new[finding_key(finding)] += 1
            findings[finding_key(finding)] = finding
        for finding in delta.resolved:
            new[finding_key(finding)] -= 1
            findings[finding_key(finding)] = finding
    merged = Delta(
        new=[findings[k] for k, n in sorted(new.items()) for _ in range(max(n, 0))],
        resolved=[findings[k] for k, n in sorted(new.items()) for _ in range(max(-n, 0))],
        errors=[error for delta in deltas for error in delta.errors],
        seconds=sum(delta.seconds for delta in deltas),
    )
    first: dict[str, str | None] = {}
    last: dict[str, str | None] = {}
    for delta in deltas:
        for claim, old, rating in delta.verdicts:
            first.setdefault(claim, old)
            last[claim] = rating
    merged.verdicts = [(c, first[c], last[c]) for c in sorted(first) if first[c] != last[c]]
    merged.new.sort(key=Finding.sort_key)
    merged.resolved.sort(key=Finding.sort_key)
    return merged


def finding_key(finding: Finding) -> str:
    """A finding as a stable string (its JSON form): equal findings, equal keys."""
    return json.dumps(finding.to_dict(), sort_keys=True, ensure_ascii=False)


def _difference(before: Report, after: Report) -> Delta:
    old = Counter(finding_key(f) for f in before.findings)
    new = Counter(finding_key(f) for f in after.findings)
    added, gone = new - old, old - new
    delta = Delta()
    for finding in after.findings:
        key = finding_key(finding)
        if added[key] > 0:
            added[key] -= 1
            delta.new.append(finding)
    for finding in before.findings:
        key = finding_key(finding)
        if gone[key] > 0:
            gone[key] -= 1
            delta.resolved.append(finding)
    return delta


def _verdict_changes(
    old: dict[str, str], new: dict[str, str]
) -> list[tuple[str, str | None, str | None]]:
    return [
        (claim, old.get(claim), new.get(claim))
        for claim in sorted(set(old) | set(new))
        if old.get(claim) != new.get(claim)
    ]


__all__ = [
    "ARTICLE_SUFFIXES",
    "Delta",
    "Description",
    "MemoryCache",
    "Workspace",
    "finding_key",
    "merge",
]
