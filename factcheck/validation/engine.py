"""Validate fact files: file-local shapes per unit (cached), then the SHACL-SPARQL constraints
once over the whole graph, all on one in-memory Oxigraph store with a named graph per file.

File-local shapes are compiled to SPARQL (``factcheck.validation.compiled``, run by
``factcheck.validation.storecheck``); shapes the compiler does not translate run on pySHACL
per unit (``factcheck.validation.local``, optionally in worker processes).

Two entry points share the pipeline: ``validate_paths`` reads files itself (and can use the
cache, so a re-run only re-validates what a change can affect), ``validate_facts`` validates an
already loaded ``FactSet``. Both give the same findings as pySHACL on the whole graph.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
import weakref
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Literal

from factcheck.errors import InputError, Location
from factcheck.loader import (
    FC,
    FactSet,
    decode,
    expand,
    file_format,
    merge_prefixes,
    new_graph,
    parse_quads,
    parse_text,
    read_bytes,
    syntax_error,
)
from factcheck.validation.findings import Finding, Report, attach_details
from factcheck.validation.local import (
    LocalValidator,
    Record,
    UnitJob,
    blank_index,
    from_record,
    valid_records,
)
from factcheck.validation.memo import Memo
from factcheck.validation.shapes import ENGINE_VERSION, ShapesPlan, load_plan
from factcheck.validation.storecheck import anchor, graph_name
from factcheck.validation.units import (
    FileSummary,
    Unit,
    oxigraph_terms,
    partition,
    rdflib_terms,
    summarise,
)

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph
    from rdflib.namespace import NamespaceManager

    from factcheck.cache import Cache
    from factcheck.validation.compiled import Check
    from factcheck.validation.compiled import Plan as CompiledPlan
    from factcheck.validation.shapes import SparqlConstraint

Lexer = Callable[[Path, str], Any]
"""Indexes one file's text for locating findings (``factcheck.locate.index_file``)."""
Progress = Callable[[int, int], None]
"""Called with (units done, units to validate) as uncached units finish."""


_VOCAB_GRAPH = "urn:factcheck:vocabulary"
_DERIVED_GRAPH = "urn:factcheck:derived"


@dataclass
class Source:
    """One input file: a fact file or a vocabulary file."""

    path: Path
    fmt: str
    data: bytes | None
    digest: str
    is_vocabulary: bool = False
    graph: Graph | None = None
    summary: FileSummary | None = None
    prefixes: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """How the file is identified in cache keys: display path (or vocabulary file name)."""
        shown = f"ontology/{self.path.name}" if self.is_vocabulary else str(self.path)
        return f"{shown}\t{self.fmt}\t{self.digest}"


def _shape_and_vocabulary_files(shapes: Sequence[Path] | None) -> tuple[list[Path], list[Path]]:
    from factcheck import resources

    return (list(shapes) if shapes is not None else resources.shape_files()), list(
        resources.vocabulary_files()
    )


def validate_paths(
    paths: Sequence[Path],
    shapes: Sequence[Path] | None = None,
    *,
    cache: Cache | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    roots: Sequence[Path] | None = None,
    vocabulary: Sequence[Path] | None = None,
) -> Report:
    """Validate the fact files under ``paths``; ``cache`` keeps per-unit results by content.
    ``vocabulary`` replaces the ontology's vocabulary files (``[]``: the data alone, as the
    W3C SHACL test suite's harness validates)."""
    import pyoxigraph as ox

    files = expand(paths)
    shape_files, vocabulary_files = _shape_and_vocabulary_files(shapes)
    if vocabulary is not None:
        vocabulary_files = list(vocabulary)
    plan = load_plan(shape_files, vocabulary_files)
    sources = [_vocabulary_source(path) for path in vocabulary_files]
    store = ox.Store()
    _load_vocabulary(store, sources)
    broken: list[tuple[Path, InputError]] = []
    for file in files:
        try:
            data = read_bytes(file)
            text = decode(file, data)
            source = Source(file, file_format(file), data, hashlib.sha256(data).hexdigest())
            _load_fact_file(store, source, text)
            _summarise(source, text, plan, cache)
        except InputError as error:
            # One file that does not parse must not hide the others' findings: it becomes a
            # finding of its own (and exit 2), and the rest are still checked.
            _forget(store, file)
            broken.append((file, error))
            continue
        sources.append(source)
    triples = _count(store)
    report = _run(plan, sources, store, triples, cache, jobs, progress, list(roots or paths))
    if broken:
        report.add_input_errors(broken)
        report.files = list(files)
    return report


def _forget(store: ox.Store, file: Path) -> None:
    """Drop whatever part of a broken file was loaded before its error."""
    import pyoxigraph as ox

    with contextlib.suppress(Exception):
        store.remove_graph(ox.NamedNode(graph_name(file)))


def validate_facts(facts: FactSet, shapes: Sequence[Path] | None = None) -> Report:
    """Validate already loaded facts (no cache, one process)."""
    import pyoxigraph as ox

    shape_files, vocabulary_files = _shape_and_vocabulary_files(shapes)
    plan = load_plan(shape_files, vocabulary_files)
    sources = [_vocabulary_source(path) for path in vocabulary_files]
    store = ox.Store()
    _load_vocabulary(store, sources)
    for file in facts.files:
        graph = facts.graphs[file]
        source = Source(file, file_format(file), None, "", graph=graph)
        source.summary = summarise(rdflib_terms(graph), plan)
        source.prefixes = {p: str(n) for p, n in graph.namespaces() if p}
        name = ox.NamedNode(graph_name(file))
        store.extend([_quad(triple, name) for triple in graph])
        sources.append(source)
    return _run(plan, sources, store, len(facts.graph), None, 1, None, list(facts.roots))


def _vocabulary_source(path: Path) -> Source:
    data = read_bytes(path)
    graph = parse_text(path, decode(path, data))
    source = Source(path, file_format(path), data, hashlib.sha256(data).hexdigest(), True, graph)
    source.prefixes = {p: str(n) for p, n in graph.namespaces() if p}
    return source


def _load_vocabulary(store: ox.Store, sources: list[Source]) -> None:
    import pyoxigraph as ox

    graph_name = ox.NamedNode(_VOCAB_GRAPH)
    for source in sources:
        assert source.graph is not None
        store.extend([_quad(triple, graph_name) for triple in source.graph])


def _load_fact_file(store: ox.Store, source: Source, text: str) -> None:
    """Add a fact file's triples to its own named graph (datasets are merged into it)."""
    import pyoxigraph as ox

    name = ox.NamedNode(graph_name(source.path))
    if source.fmt in ("turtle", "ntriples"):
        fmt = ox.RdfFormat.TURTLE if source.fmt == "turtle" else ox.RdfFormat.N_TRIPLES
        try:
            store.load(text, format=fmt, to_graph=name)
        except SyntaxError as error:
            raise syntax_error(source.path, text, source.fmt, error) from None
        except MemoryError:  # one token over pyoxigraph's 16 MiB limit: rdflib has none
            store.extend([_quad(triple, name) for triple in parse_text(source.path, text)])
    elif source.fmt in ("trig", "nquads"):
        quads, _ = parse_quads(source.path, text, source.fmt)
        store.extend([ox.Quad(q.subject, q.predicate, q.object, name) for q in quads])
    else:
        graph = parse_text(source.path, text)
        store.extend([_quad(triple, name) for triple in graph])


def _summary_key(source: Source, plan: ShapesPlan) -> str:
    hasher = hashlib.sha256(f"summary {ENGINE_VERSION} {source.fmt} {source.digest}\n".encode())
    hasher.update(" ".join(sorted(plan.incoming)).encode() + b"\n")
    hasher.update(" ".join(sorted(plan.deep)).encode())
    return hasher.hexdigest()


def _valid_summary(value: Any) -> bool:
    """A cached summary has the form ``_summarise`` writes (``FileSummary.from_json`` reads it
    and every string is a string)."""
    summary = FileSummary.from_json(value["summary"])
    strings = [
        *summary.subjects,
        *summary.mentions,
        *summary.deep,
        *(s for pair in (*summary.types, *summary.subclasses) for s in pair),
        *(s for triple in summary.incoming for s in triple if s is not None),
        *value["prefixes"],
        *value["prefixes"].values(),
    ]
    return isinstance(value["prefixes"], dict) and all(isinstance(s, str) for s in strings)


def _summarise(source: Source, text: str, plan: ShapesPlan, cache: Cache | None) -> None:
    key = _summary_key(source, plan)
    cached = cache.get("summary", key, _valid_summary) if cache is not None else None
    if cached is not None:
        source.summary = FileSummary.from_json(cached["summary"])
        source.prefixes = dict(cached["prefixes"])
        return
    try:
        quads, prefixes = (
            parse_quads(source.path, text, source.fmt)
            if source.fmt in ("turtle", "ntriples", "trig", "nquads")
            else (None, {})
        )
    except MemoryError:
        quads = None
    if quads is not None:
        source.summary = summarise(oxigraph_terms(quads), plan)
        source.prefixes = prefixes
    else:
        graph = parse_text(source.path, text)
        source.summary = summarise(rdflib_terms(graph), plan)
        source.prefixes = {p: str(n) for p, n in graph.namespaces() if p}
    if cache is not None:
        cache.put(
            "summary", key, {"summary": source.summary.to_json(), "prefixes": source.prefixes}
        )


def _count(store: ox.Store) -> int:
    """Triples in the fact files, once per file that states them: the store's quads less the
    vocabulary's (a distinct count took 1.2 s at 1M triples; this takes 0.06 s)."""
    import pyoxigraph as ox

    solutions = store.query(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{_VOCAB_GRAPH}> {{ ?s ?p ?o }} }}"
    )
    assert isinstance(solutions, ox.QuerySolutions)
    vocabulary = sum(int(solution["n"].value) for solution in solutions)
    return len(store) - vocabulary


def _run(  # noqa: PLR0917 - one private pipeline step with its inputs spelled out
    plan: ShapesPlan,
    sources: list[Source],
    store: ox.Store,
    triples: int,
    cache: Cache | None,
    jobs: int | None,
    progress: Progress | None,
    roots: list[Path],
    memo: Memo | None = None,
) -> Report:
    order = sorted(
        range(len(sources)), key=lambda i: (not sources[i].is_vocabulary, str(sources[i].path))
    )
    sources = [sources[i] for i in order]
    summaries = [s.summary or FileSummary() for s in sources]
    global_files = {i for i, s in enumerate(sources) if s.is_vocabulary}
    compiled = _compiled(plan, any(s.collapsed for s in summaries))
    # the two engines may word edge cases apart: the cache keeps them apart
    engine = "pyshacl" if compiled is None else "sparql"
    if compiled is not None and compiled.fallbacks:
        engine += " falls back for " + " ".join(sorted(str(s) for s in compiled.fallbacks))
    names = [s.name for s in sources]
    units = _partition(
        summaries, names, global_files, f"{plan.digest} {engine}", _targets(plan), memo
    )
    vocabulary = new_graph()
    for source in sources:
        if source.is_vocabulary and source.graph is not None:
            vocabulary += source.graph

    records: dict[int, list[Record]] = {}
    pending: list[int] = []
    for number, unit in enumerate(units):
        cached = cache.get("unit", unit.key, valid_records) if cache is not None else None
        if isinstance(cached, list):
            records[number] = cached
        else:
            pending.append(number)
    if not pending:
        results = []
    elif compiled is not None:
        results = _execute_compiled(
            store, compiled.checks, plan, units, pending, sources, _lexer(cache)
        )
        if compiled.fallback_graph is not None:  # the shapes that did not compile
            job_list = [_job(units[n], sources) for n in pending]
            more = _execute(plan, vocabulary, job_list, jobs, progress, compiled.fallback_graph)
            results = [a + b for a, b in zip(results, more, strict=True)]
    else:
        job_list = [_job(units[n], sources) for n in pending]
        results = _execute(plan, vocabulary, job_list, jobs, progress)
    for number, result in zip(pending, results, strict=True):
        records[number] = result
        if cache is not None:
            cache.put("unit", units[number].key, result)

    findings: list[Finding] = []
    seen_literal: set[tuple[Any, ...]] = set()
    blanks = _blanks(plan.graph)
    for number, unit in enumerate(units):
        unit_files = [sources[i].path for i in unit.files]
        for record in records[number]:
            finding = from_record(record, unit_files, blanks)
            if isinstance(finding.focus, Literal):
                # a literal focus node is no unit's own: each unit that sees it reports it
                key = (finding.focus, finding.path, finding.value, finding.shape,
                       finding.component, finding.severity, finding.message)  # fmt: skip
                if key in seen_literal:
                    continue
                seen_literal.add(key)
            findings.append(finding)
    findings = attach_details(findings)
    if plan.sparql:
        findings.extend(_consistency(plan, sources, store, roots, _lexer(cache), memo))
    findings.sort(key=Finding.sort_key)
    fact_files = [s.path for s in sources if not s.is_vocabulary]
    return Report(
        findings=findings,
        files=fact_files,
        triples=triples,
        shapes_graph=plan.graph,
        fallbacks=_fallbacks(plan, compiled),
    )


_BLANK_INDEXES: weakref.WeakKeyDictionary[Graph, Callable[[str], Any]] = weakref.WeakKeyDictionary()


def _blanks(shapes: Graph) -> Callable[[str], Any]:
    """``blank_index`` of the shapes graph, built once per graph (a long-lived process
    validates many times with the same shapes)."""
    found = _BLANK_INDEXES.get(shapes)
    if found is None:
        found = _BLANK_INDEXES[shapes] = blank_index(shapes)
    return found


def _partition(  # noqa: PLR0917 - partition's arguments, and the memo
    summaries: list[FileSummary],
    names: list[str],
    global_files: set[int],
    digest: str,
    targets: list[str],
    memo: Memo | None,
) -> list[Unit]:
    """``partition``; with a memo, the last run's units when every file's summary is equal to
    last time's (which units exist and their context depend on the summaries alone), with the
    keys of the units whose files changed computed again."""
    import dataclasses

    from factcheck.validation.units import unit_key

    if memo is None:
        return partition(summaries, names, global_files, digest, targets)
    last = memo.last_partition
    if (
        last is not None
        and (last.global_files, last.digest, last.targets) == (global_files, digest, targets)
        and len(last.summaries) == len(summaries)
        and all(a is b or a == b for a, b in zip(last.summaries, summaries, strict=True))
    ):
        units = [
            unit
            if all(last.names[i] == names[i] for i in unit.files)
            else dataclasses.replace(unit, key=unit_key(unit, names, digest))
            for unit in last.units
        ]
    else:
        units = partition(summaries, names, global_files, digest, targets)
    memo.last_partition = PartitionState(summaries, names, global_files, digest, targets, units)
    return units


@dataclass
class PartitionState:
    """A run's partition and what it was computed from (``_partition``)."""

    summaries: list[FileSummary]
    names: list[str]
    global_files: set[int]
    digest: str
    targets: list[str]
    units: list[Unit]


def _compiled(plan: ShapesPlan, collapsed: bool) -> CompiledPlan | None:
    """The file-local shapes as SPARQL checks, and those the compiler does not translate
    (pySHACL runs them, shape by shape); None if ``FACTCHECK_ENGINE=pyshacl`` asks for
    pySHACL for all. ``collapsed``: the data writes a datatype the store reads as another."""
    from factcheck.validation.compiled import compile_plan

    if os.environ.get("FACTCHECK_ENGINE", "").lower() == "pyshacl":
        return None
    key = "collapsed" if collapsed else "plain"
    if key not in plan.compiled_plans:
        plan.compiled_plans[key] = compile_plan(plan.local, collapsed)
    return plan.compiled_plans[key]


def _targets(plan: ShapesPlan) -> list[str]:
    """The IRIs the shapes name with ``sh:targetNode``."""
    from rdflib import URIRef

    target_node = URIRef("http://www.w3.org/ns/shacl#targetNode")
    return sorted({str(n) for n in plan.graph.objects(None, target_node) if isinstance(n, URIRef)})


def _fallbacks(plan: ShapesPlan, compiled: CompiledPlan | None) -> list[str]:
    """Which shapes ran on pySHACL instead of compiled SPARQL, and why (``--verbose``)."""
    if not plan.has_local:
        return []
    if compiled is None:
        return ["every shape: FACTCHECK_ENGINE=pyshacl"]
    from factcheck.validation.labels import shorten_iri

    names = plan.graph.namespace_manager
    from rdflib import BNode

    return [
        f"{'a blank node shape' if isinstance(shape, BNode) else shorten_iri(shape, names)}:"
        f" {reason}"
        for shape, reason in sorted(compiled.fallbacks.items(), key=lambda item: str(item[0]))
    ]


def _execute_compiled(  # noqa: PLR0917 - one private pipeline step
    store: ox.Store,
    checks: list[Check],
    plan: ShapesPlan,
    units: list[Unit],
    pending: list[int],
    sources: list[Source],
    lexer: Lexer | None,
) -> list[list[Record]]:
    from factcheck.validation.storecheck import UnitFiles, run_checks

    graph_unit: dict[str, int] = {}
    unit_files: dict[int, UnitFiles] = {}
    for number, unit in enumerate(units):
        members = [sources[i] for i in unit.files]
        for source in members:
            graph_unit[_VOCAB_GRAPH if source.is_vocabulary else graph_name(source.path)] = number
        unit_files[number] = UnitFiles(
            paths=[s.path for s in members],
            texts=[s.data for s in members],
            prefixes=[s.prefixes for s in members],
            subjects=[(s.summary or FileSummary()).subjects for s in members],
        )
    records = run_checks(store, checks, plan.graph, units, pending, graph_unit, unit_files, lexer)
    return [records[n] for n in pending]


def _job(unit: Unit, sources: list[Source]) -> UnitJob:
    members = [sources[i] for i in unit.files]
    return UnitJob(
        names=[str(s.path) for s in members],
        data=[None if s.graph is not None else s.data for s in members],
        is_global=unit.is_global,
        owned=unit.owned,
        context_types=unit.context_types,
        context_subclasses=unit.context_subclasses,
        context_incoming=unit.context_incoming,
        graphs=[s.graph for s in members],
    )


_WORKER: LocalValidator | None = None


def _worker_run(job: UnitJob) -> list[Record]:
    assert _WORKER is not None
    return _WORKER.run(job)


def _execute(  # noqa: PLR0917 - one private pipeline step
    plan: ShapesPlan,
    vocabulary: Graph,
    jobs: list[UnitJob],
    workers: int | None,
    progress: Progress | None,
    shapes: Graph | None = None,
) -> list[list[Record]]:
    global _WORKER  # noqa: PLW0603 - forked workers read it; see below
    if not jobs:
        return []
    validator = LocalValidator(shapes if shapes is not None else plan.local, plan.graph, vocabulary)
    size = sum(len(d or b"") for job in jobs for d in job.data)
    if workers is None:
        # Measured on the 2-core box: worker processes did not beat one process (10k triples,
        # 21 units: 9.2 s with 2 workers, 9.0 s with one), so they are opt-in (--jobs).
        workers = 1
    workers = min(workers, os.cpu_count() or 1, len(jobs)) if size >= 0 else 1
    local = [
        i for i, job in enumerate(jobs) if workers <= 1 or any(g is not None for g in job.graphs)
    ]
    remote = [i for i in range(len(jobs)) if i not in set(local)]
    results: dict[int, list[Record]] = {}
    done = 0

    def finished(index: int, result: list[Record]) -> None:
        nonlocal done
        results[index] = result
        done += 1
        if progress is not None:
            progress(done, len(jobs))

    for index in local:
        finished(index, validator.run(jobs[index]))
    if remote:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # Forked workers inherit the loaded shapes and vocabulary instead of parsing them again.
        _WORKER = validator
        context = multiprocessing.get_context("fork")
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                batch = [jobs[i] for i in remote]
                for index, result in zip(remote, pool.map(_worker_run, batch), strict=True):
                    finished(index, result)
        finally:
            _WORKER = None
    return [results[i] for i in range(len(jobs))]


def _consistency(  # noqa: PLR0917 - one private pipeline step
    plan: ShapesPlan,
    sources: list[Source],
    store: ox.Store,
    roots: list[Path],
    lexer: Lexer | None = None,
    memo: Memo | None = None,
) -> list[Finding]:
    """Run the SHACL-SPARQL constraints over the whole graph and locate their findings.
    ``memo`` keeps rule results between runs of a long-lived process (``memo.py``)."""
    texts = _derive_texts(store, sources, roots)
    if memo is not None:
        memo.texts_read({doc: (str(path), text) for doc, (path, text) in texts.items()})
    # The queries run in threads (pyoxigraph evaluates without the GIL) while this thread does
    # the Python work: the Python checks' queries first, so that their Python part can start.
    pool = ThreadPoolExecutor(max_workers=_QUERY_THREADS, thread_name_prefix="factcheck-query")
    try:
        return _consistency_findings(plan, sources, store, texts, lexer, pool, memo)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_QUERY_THREADS = 2
"""Threads that evaluate the consistency queries while the calling thread runs Python."""


def _consistency_findings(  # noqa: PLR0917 - the state of _consistency, spelled out
    plan: ShapesPlan,
    sources: list[Source],
    store: ox.Store,
    texts: dict[Any, tuple[Path, str]],
    lexer: Lexer | None,
    pool: ThreadPoolExecutor,
    memo: Memo | None = None,
) -> list[Finding]:
    import pyoxigraph as ox
    from rdflib import URIRef

    from factcheck.consistency import PYTHON_QUERIES
    from factcheck.locate import SourceIndex
    from factcheck.resources import load_query
    from factcheck.validation.labels import fix_hint, path_label, rule_name, shorten_iri
    from factcheck.validation.sparql import start_constraints, to_rdflib_term

    query = _store_query(store, memo)
    early = {text: pool.submit(query, text) for text in map(load_query, PYTHON_QUERIES)}
    started = start_constraints(store, plan, pool.submit, memo)
    names_query = _KnownNames(store, pool, memo)
    for constraint, _focus in started.due:  # start it as soon as a dangling IRI may need it
        if _is_dangling_rule(constraint, plan):
            started.rows[constraint.query].add_done_callback(names_query.start_if_rows)
    extra = _python_checks(store, texts, early, memo, sources)
    results = started.results()
    if not results and not extra:
        return []
    dangling = [  # results that get a did-you-mean
        _is_dangling_rule(result.constraint, plan) and isinstance(result.value, ox.NamedNode)
        for result in results
    ]
    known = names_query.start() if any(dangling) else None
    names = _union_names(sources)
    anchors = [anchor(store, result.focus) for result in results]
    describers = _describers(
        sources,
        {named for named, _chain in anchors if named is not None}
        | {str(check.focus) for check in extra if check.file is None},
    )
    indexes: dict[tuple[Path, ...], SourceIndex] = {}
    component = URIRef("http://www.w3.org/ns/shacl#SPARQLConstraintComponent")
    findings = []
    for number, result in enumerate(results):
        focus = to_rdflib_term(result.focus)
        path = to_rdflib_term(result.path) if result.path is not None else None
        value = to_rdflib_term(result.value) if result.value is not None else None
        named, chain = anchors[number]
        files = describers.get(named, []) if named is not None else []
        location = None
        label = shorten_iri(focus, names)
        if named is not None:
            label = "/".join([shorten_iri(URIRef(named), names),
                              *(shorten_iri(URIRef(p), names) for p in chain)])  # fmt: skip
        if files:
            key = tuple(s.path for s in files)
            if key not in indexes:
                indexes[key] = _index_for(files, lexer)
            index = indexes[key]
            full_chain = (*chain, str(path)) if isinstance(path, URIRef) else chain
            preferred = index._holding(focus, path, value) if len(files) > 1 else []
            location = index.locate_chain(named or "", full_chain, preferred)
        constraint = result.constraint
        hint = fix_hint(constraint.shape, plan.graph, constraint.constraint)
        if known is not None and dangling[number] and isinstance(value, URIRef):
            suggestions = _suggest(known.result(), value, memo)
            if suggestions:
                hint = f"did you mean {' or '.join(suggestions)}? " + (hint or "")
        findings.append(
            Finding(
                severity=constraint.severity,
                focus=focus,
                focus_label=label,
                path=path,
                path_label=None if path is None else path_label(path, plan.graph, names),
                value=value,
                message=result.message if result.message is not None else "constraint not met",
                shape=constraint.shape,
                component=URIRef(str(constraint.component)) if constraint.component else component,
                component_label=shorten_iri(
                    URIRef(str(constraint.component)) if constraint.component else component, names
                ),
                hint=hint,
                location=location,
                kind="consistency",
                rule=rule_name(constraint.shape, component, names, plan.graph),
                severity_iri=constraint.severity_iri,
            )
        )
    for check in extra:
        location = None
        if check.file is not None:
            location = Location(check.file, check.line, check.col)
        else:
            files = describers.get(str(check.focus), [])
            if files:
                key = tuple(s.path for s in files)
                if key not in indexes:
                    indexes[key] = _index_for(files, lexer)
                chain = (str(check.path),) if check.path is not None else ()
                location = indexes[key].locate_chain(str(check.focus), chain, [])
        check_component = URIRef(FCSH + check.rule)
        findings.append(
            Finding(
                severity=check.severity,
                focus=check.focus,
                focus_label=shorten_iri(check.focus, names),
                path=check.path,
                path_label=None if check.path is None else shorten_iri(check.path, names),
                value=check.value,
                message=check.message,
                shape=check_component,
                component=check_component,
                component_label=check.rule,
                hint=check.hint,
                location=location,
                kind="consistency",
                rule=check.rule,
            )
        )
    return findings


FCSH = "https://w3id.org/factcheck/shapes#"


def _describers(sources: list[Source], wanted: set[str]) -> dict[str, list[Source]]:
    """The sources that describe (use as a subject) each IRI in ``wanted``, in source order
    (only the IRIs findings name: a map of every subject costs more than the findings)."""
    found: dict[str, list[Source]] = {}
    if not wanted:
        return found
    for source in sources:
        for subject in (source.summary or FileSummary()).subjects:
            if subject in wanted:
                found.setdefault(subject, []).append(source)
    return found


def _store_query(
    store: ox.Store, memo: Memo | None = None
) -> Callable[[str], list[dict[str, Any]]]:
    """Run SPARQL on the store's union graph, rows as rdflib terms (for factcheck.consistency);
    with a ``memo``, rows are kept until a change touches a predicate the query reads; the
    rows of a query sorted by a key are then brought up to date for the keys it reached."""
    import pyoxigraph as ox

    from factcheck.validation.delta import analyse, is_sorted, order_variables, refresh_sorted
    from factcheck.validation.memo import query_depends
    from factcheck.validation.prebinding import runs_unbound
    from factcheck.validation.sparql import restricted, to_rdflib_term

    def run(text: str, bound: dict[ox.Variable, Any] | None = None) -> list[dict[str, Any]]:
        solutions = store.query(text, use_default_graph_as_union=True, substitutions=bound)
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        return [
            {n: to_rdflib_term(row[n]) for n in names if row[n] is not None} for row in solutions
        ]

    if memo is None:
        return run

    def kept(text: str) -> list[dict[str, Any]]:
        order = order_variables(text)
        if order is None:
            found: list[dict[str, Any]] = memo.get(
                ("rows", text), query_depends(text), lambda: run(text)
            )
            return found
        # sorted by a key: the rows of the keys an edit reaches can be run again
        key, variable = order[0], ox.Variable(order[0])
        facts = memo.costs.setdefault(("rows", text), {})
        analyse(text, key)  # made now, not on an edit

        def compute() -> list[dict[str, Any]]:
            rows = run(text)
            facts["sorted"] = float(is_sorted(rows, key))
            return rows

        def refresh(
            rows: list[dict[str, Any]], changed: list[Any], budget: float
        ) -> list[dict[str, Any]] | None:
            if facts.get("sorted") != 1.0:  # not sorted as refresh_sorted reads the order
                return None
            return refresh_sorted(text, store, one, rows, changed, budget)

        def one(value: Any) -> list[dict[str, Any]]:
            """The rows of one key value: planned with the value in the text where the key
            is bound in every solution (substitutions are applied after planning)."""
            if isinstance(value, ox.NamedNode) and runs_unbound(text, key):
                return run(restricted(text, [value], key))
            return run(text, {variable: value})

        kept_rows: list[dict[str, Any]] = memo.get(
            ("rows", text), query_depends(text), compute, refresh
        )
        return kept_rows

    return kept


def _suggest(known: dict[str, str], value: Any, memo: Memo | None) -> list[str]:
    from factcheck.consistency import Suggestions, suggest

    if memo is None:
        return suggest(known, value)
    kept: Suggestions = memo.pure(("suggestions",), Suggestions)
    return kept.get(known, value)


def _is_dangling_rule(constraint: SparqlConstraint, plan: ShapesPlan) -> bool:
    """Whether ``constraint`` is the dangling-reference rule (its results get a did-you-mean)."""
    from rdflib import RDFS

    return str(plan.graph.value(constraint.constraint, RDFS.label)) == "dangling-reference"


class _KnownNames:
    """The ``known-names`` rows for did-you-mean, queried once in the pool, when first asked."""

    def __init__(self, store: ox.Store, pool: ThreadPoolExecutor, memo: Memo | None) -> None:
        self._store = store
        self._pool = pool
        self._memo = memo
        self._lock = threading.Lock()
        self._future: Future[dict[str, str]] | None = None

    def start(self) -> Future[dict[str, str]]:
        from factcheck.consistency import known_names

        with self._lock:
            if self._future is None:
                store, memo = self._store, self._memo

                def names() -> dict[str, str]:
                    if memo is None:
                        return known_names(_known_rows(store))
                    from factcheck.resources import load_query

                    # the rows are kept and brought up to date edit by edit; the names
                    # are built again only when the rows changed
                    rows = _store_query(store, memo)(load_query("known-names"))
                    found: dict[str, str] = memo.same_inputs(
                        ("known-names",), (rows,), lambda: known_names(_labelled(rows))
                    )
                    return found

                self._future = self._pool.submit(names)
            return self._future

    def start_if_rows(self, rows: Future[Any]) -> None:
        """Start early when the dangling-reference rule has rows (a future's callback)."""
        if rows.cancelled() or rows.exception() is not None or not rows.result():
            return
        with contextlib.suppress(RuntimeError):  # the pool is shut down: the run has failed
            self.start()


def _labelled(rows: list[dict[str, Any]]) -> Iterator[tuple[str, str | None]]:
    """``_known_rows`` from the rows of ``_store_query`` (rdflib terms)."""
    from rdflib import Literal, URIRef

    for row in rows:
        node, label = row.get("node"), row.get("label")
        if isinstance(node, URIRef):
            yield str(node), str(label) if isinstance(label, Literal) else None


def _known_rows(store: ox.Store) -> Iterator[tuple[str, str | None]]:
    """``(IRI, label)`` rows of the ``known-names`` query, straight from the store."""
    import pyoxigraph as ox

    from factcheck.resources import load_query

    solutions = store.query(load_query("known-names"), use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    for row in solutions:
        node, label = row["node"], row["label"]
        if isinstance(node, ox.NamedNode):
            yield node.value, label.value if isinstance(label, ox.Literal) else None


def _python_checks(
    store: ox.Store,
    texts: dict[Any, tuple[Path, str]],
    early: dict[str, Future[list[dict[str, Any]]]],
    memo: Memo | None = None,
    sources: Sequence[Source] = (),
) -> list[Any]:
    """Quote wording and coverage (factcheck.consistency): checks SPARQL cannot express.
    ``early`` has the rows of queries already started, by query text."""
    from factcheck.consistency import python_findings

    query = _store_query(store, memo)

    def rows(text: str) -> list[dict[str, Any]]:
        started = early.get(text)
        return started.result() if started is not None else query(text)

    from factcheck.validation.vocabulary import vocabulary_findings

    used = None if memo is None else _vocabulary_used(store, memo, sources)
    return [
        *python_findings(rows, texts, memo),
        *vocabulary_findings(query, _PREFIXES, memo, used),
    ]


def _vocabulary_used(
    store: ox.Store, memo: Memo, sources: Sequence[Source]
) -> list[tuple[str, str]]:
    """The ``vocabulary-used`` rows, file by file: each file's are kept until it changes."""
    import pyoxigraph as ox

    from factcheck.validation.memo import Depends

    def used_in(name: str) -> list[tuple[str, str]]:
        # what the vocabulary-used query finds, in one graph: its predicates, and the IRIs
        # it gives as an rdf:type
        found: set[tuple[str, str]] = set()
        for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(name)):
            found.add((quad.predicate.value, "property"))
            if quad.predicate.value == _RDF_TYPE and isinstance(quad.object, ox.NamedNode):
                found.add((quad.object.value, "class"))
        return sorted(found)

    found: set[tuple[str, str]] = set()
    for source in sources:
        if source.is_vocabulary:
            continue
        name = graph_name(source.path)
        rows: list[tuple[str, str]] = memo.get(
            ("vocabulary-used", name),
            Depends(frozenset(), frozenset({name})),
            lambda name=name: used_in(name),  # type: ignore[misc]
        )
        found.update(rows)
    return sorted(found)


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

_PREFIXES = {
    "fc": "https://w3id.org/factcheck/ontology#",
    "fcd": "https://w3id.org/factcheck/data/",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}
"""Prefixes for the closed-vocabulary messages."""


def _index_for(files: list[Source], lexer: Lexer | None = None) -> Any:
    from factcheck.locate import SourceIndex

    texts: dict[Path, str | None] = {}
    graphs: dict[Path, Graph] = {}
    for source in files:
        text = decode(source.path, source.data) if source.data is not None else None
        texts[source.path] = text
        if source.graph is not None:
            graphs[source.path] = source.graph
        elif len(files) > 1 and text is not None:
            graphs[source.path] = parse_text(source.path, text)
    return SourceIndex.from_texts(texts, graphs, None, read=True, lexer=lexer)


def _lexer(cache: Cache | None) -> Lexer | None:
    """``index_file`` with its results kept in the cache by file path and text, so that a
    re-run locates findings in unchanged files without lexing them again."""
    if cache is None:
        return None
    from factcheck.locate import FileIndex, index_file

    def lex(file: Path, text: str) -> FileIndex:
        hasher = hashlib.sha256(f"lex2 {ENGINE_VERSION} {file.resolve()}\n".encode())
        hasher.update(text.encode("utf-8", "surrogatepass"))
        key = hasher.hexdigest()
        data = cache.get("lex", key)
        if isinstance(data, dict):
            try:
                return FileIndex.from_json(file, data)
            except (KeyError, TypeError, ValueError):
                pass  # a damaged entry: lex again and replace it
        index = index_file(file, text)
        cache.put("lex", key, index.to_json())
        return index

    return lex


def _union_names(sources: list[Source]) -> NamespaceManager:
    graph = new_graph()
    for source in sources:
        if not source.is_vocabulary:
            merge_prefixes(graph, source.prefixes.items())
    return graph.namespace_manager


def _derive_texts(
    store: ox.Store, sources: list[Source], roots: list[Path]
) -> dict[Any, tuple[Path, str]]:
    """Add ``fc:fullText`` for every source with a readable ``fc:textFile`` (derived data for
    the quote rules; never written anywhere). The text file is looked for next to the fact
    file that names it, then in each root."""
    import pyoxigraph as ox
    from rdflib import URIRef

    solutions = store.query(
        f"SELECT ?doc ?name WHERE {{ ?doc <{FC.textFile}> ?name }}", use_default_graph_as_union=True
    )
    assert isinstance(solutions, ox.QuerySolutions)
    rows = [(s["doc"], s["name"]) for s in solutions]
    texts: dict[Any, tuple[Path, str]] = {}
    if not rows:
        return texts
    wanted = {doc.value for doc, _name in rows if isinstance(doc, ox.NamedNode)}
    describers: dict[str, list[Path]] = {}
    for source in sources:
        for subject in (source.summary or FileSummary()).subjects:
            if subject in wanted:
                describers.setdefault(subject, []).append(source.path)
    folders = [r if r.is_dir() else r.parent for r in roots]
    derived = ox.NamedNode(_DERIVED_GRAPH)
    for doc, name in rows:
        if not isinstance(doc, ox.NamedNode) or not isinstance(name, ox.Literal):
            continue
        candidates = [p.parent / name.value for p in describers.get(doc.value, [])]
        candidates += [folder / name.value for folder in folders]
        for candidate in candidates:
            try:
                text = candidate.read_bytes().decode("utf-8", errors="replace")
            except OSError:
                continue
            store.add(ox.Quad(doc, ox.NamedNode(str(FC.fullText)), ox.Literal(text), derived))
            texts[URIRef(doc.value)] = (candidate, text)
            break
    return texts


def _quad(triple: Any, graph_name: Any = None) -> Any:
    import pyoxigraph as ox

    subject, predicate, obj = (_to_ox(node) for node in triple)
    return ox.Quad(subject, predicate, obj, graph_name or ox.DefaultGraph())


def _to_ox(node: Any) -> Any:
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    from factcheck.query import to_ox

    if isinstance(node, BNode):
        return ox.BlankNode(_bnode_id(node))
    assert isinstance(node, URIRef | Literal)
    return to_ox(node)


def _bnode_id(node: Any) -> str:
    text = str(node)
    return text if text.replace("_", "").isalnum() else hashlib.sha1(text.encode()).hexdigest()


# The pipeline's steps, for a caller that keeps the store between runs (factcheck.workspace).
DERIVED_GRAPH = _DERIVED_GRAPH
"""The named graph of derived triples (``fc:fullText``): cleared before each run."""
vocabulary_source = _vocabulary_source
load_vocabulary = _load_vocabulary
load_fact_file = _load_fact_file
summarise_source = _summarise
forget = _forget
count_triples = _count


def run_loaded(  # noqa: PLR0917 - the loaded state, spelled out
    plan: ShapesPlan,
    sources: list[Source],
    store: ox.Store,
    triples: int,
    cache: Cache | Any | None,
    roots: list[Path],
    memo: Memo | None = None,
) -> Report:
    """Validate what is already in ``store`` (vocabulary and fact files, one named graph per
    file, ``sources`` summarised): the same report as ``validate_paths`` over those files.
    ``memo`` keeps rule results between such runs (``factcheck.validation.memo``)."""
    return _run(plan, sources, store, triples, cache, 1, None, roots, memo)


__all__ = [
    "DERIVED_GRAPH",
    "Location",
    "Progress",
    "count_triples",
    "forget",
    "load_fact_file",
    "load_vocabulary",
    "run_loaded",
    "summarise_source",
    "validate_facts",
    "validate_paths",
    "vocabulary_source",
]
