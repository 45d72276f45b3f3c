"""The one benchmark runner: factcheck against its baselines, in the same session, as ratios.

Every measured thing runs in its own cold subprocess; wall time is taken around the process and
peak RSS comes from ``os.wait4`` (that child's ``ru_maxrss``). Figures are medians of
``--repeat`` runs, each paired with a baseline measured in the same run:

- ``validate``: ``factcheck validate DIR --format json`` vs the plain ``pyshacl`` CLI with the
  same shapes (``ontology/shapes-*.ttl`` concatenated), the vocabulary merged as data and ``-a``.
  The runner asserts identical findings ((focus, path, constraint component) multisets) and
  checks them against the corpus manifest of planted errors.
- ``load``: factcheck's loader vs rdflib's parser (and pyoxigraph's, for reference).
- ``pyrudof``: the Rust SHACL validator on the same shapes and data (what it does not support
  shows up as missing findings).
- ``queries``: ``benchmarks/queries.py`` (canned queries, rdflib vs factcheck's engine) when it
  exists.
- ``startup``: ``factcheck --help``, and ``factcheck claims`` on the bundled facts (or, until
  ``claims`` exists, ``factcheck validate`` on them).

    python benchmarks/run.py --sizes 10k,100k --repeat 3 --write-results
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus as corpus_mod  # noqa: E402

BIN = Path(sys.executable).parent
RESULTS = HERE / "RESULTS.md"
MARKER = "<!-- benchmarks/run.py --sizes {sizes}: {edge} -->"
"""Each ``--sizes`` value owns one section of RESULTS.md, replaced when rerun."""
SH = "http://www.w3.org/ns/shacl#"

Key = tuple[str, str | None, str]
"""A finding as both validators can report it: (focus, path, constraint component)."""


# ---------------------------------------------------------------------------------------------
# Measuring one process.


@dataclass
class Sample:
    wall: float
    rss_mb: float
    returncode: int
    timed_out: bool = False
    inner: dict[str, Any] = field(default_factory=dict)
    failed: str | None = None
    """Why the run failed (killed, out of memory), if it did: recorded, not raised."""


def measure(
    cmd: list[str],
    *,
    stdout: Path | None = None,
    timeout: float | None = None,
    cwd: Path = HERE / "out",
    ok: tuple[int, ...] = (0,),
) -> Sample:
    """Run ``cmd`` once, cold; wall time, peak RSS of that process, and its JSON line if any."""
    out_path = stdout or Path(os.devnull)
    err_path = cwd / "last-stderr.txt"
    rss_path = cwd / "last-rss.txt"
    err_path.parent.mkdir(parents=True, exist_ok=True)
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            _wrapped(cmd, rss_path), stdout=out, stderr=err, cwd=cwd, start_new_session=True
        )
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer:
            timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if timer:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
    sample = Sample(wall, _peak_rss(rss_path, usage.ru_maxrss), proc.returncode, timed_out.is_set())
    if not sample.timed_out and sample.returncode not in ok:
        message = err_path.read_text(errors="replace")[-2000:]
        memory = "MemoryError" in message or "memory allocation" in message
        signal_number = -sample.returncode if sample.returncode < 0 else sample.returncode - 128
        if memory or signal_number > 0:
            limit = f"{MEMORY_LIMIT_GB[0]:g} GB" if MEMORY_LIMIT_GB[0] else "none"
            sample.failed = (
                f"out of memory (address-space limit {limit})"
                if memory
                else f"killed by signal {signal_number} (memory limit {limit})"
            )
            print(f"    failed after {wall:.0f} s: {sample.failed}", flush=True)
            return sample
        raise RuntimeError(f"{shlex.join(cmd)} exited {sample.returncode}:\n{message}")
    if stdout is None or sample.timed_out:
        return sample
    if stdout.suffix == ".jsonl":
        lines = stdout.read_text(encoding="utf-8").strip().splitlines()
        sample.inner = json.loads(lines[-1]) if lines else {}
    return sample


MEMORY_LIMIT_GB: list[float] = [12.0]
"""Address-space limit for every measured process, so one runaway run cannot take the shared
machine down (0 = none). A run over it fails and is recorded as such."""


def _wrapped(cmd: list[str], rss_path: Path) -> list[str]:
    """``cmd`` under ``prlimit --as`` (a memory cap) and GNU ``time`` (its peak RSS).

    Linux carries a parent's RSS at fork into the child's ``ru_maxrss``, so a child forked
    straight from this (large) runner would report at least the runner's size. ``time`` is small
    and forks the measured command itself, so the figure it writes is the command's own.
    """
    if MEMORY_LIMIT_GB[0] and shutil.which("prlimit"):
        cmd = ["prlimit", f"--as={int(MEMORY_LIMIT_GB[0] * 1024**3)}", "--", *cmd]
    if Path("/usr/bin/time").is_file():
        rss_path.unlink(missing_ok=True)
        cmd = ["/usr/bin/time", "-q", "-f", "%M", "-o", str(rss_path), *cmd]
    return cmd


def _peak_rss(rss_path: Path, fallback_kb: int) -> float:
    """MB from GNU time's output, else the (possibly inflated) ``ru_maxrss``."""
    try:
        return int(rss_path.read_text().strip().splitlines()[-1]) / 1024
    except (OSError, ValueError, IndexError):
        return fallback_kb / 1024


@dataclass
class Result:
    """Medians of one measured thing at one size."""

    size: str
    name: str
    command: str
    samples: list[Sample]
    baseline: str | None = None
    note: str = ""
    use_inner: str | None = None
    """Report this key of the process's JSON line (e.g. in-process load seconds) as the time."""
    lower_bound: bool = False
    """The run was stopped at a time limit: the figure is a lower bound."""

    @property
    def failed(self) -> str | None:
        return next((s.failed for s in self.samples if s.failed), None)

    @property
    def seconds(self) -> float | None:
        done = [s for s in self.samples if not s.timed_out and not s.failed]
        if not done:
            return None
        if self.use_inner:
            return statistics.median(s.inner[self.use_inner] for s in done)
        return statistics.median(s.wall for s in done)

    @property
    def rss_mb(self) -> float:
        return statistics.median(s.rss_mb for s in self.samples)

    @property
    def timed_out(self) -> bool:
        return any(s.timed_out for s in self.samples)


# ---------------------------------------------------------------------------------------------
# Findings: both validators' reports reduced to comparable keys.


class Anchors:
    """Names blank-node focus nodes by the named node and predicate that lead to them."""

    def __init__(self, corpus: Path) -> None:
        self.corpus = corpus
        self._store: Any = None

    @property
    def store(self) -> Any:
        if self._store is None:
            import pyoxigraph

            store = pyoxigraph.Store()
            for file in [*_vocabulary(), *sorted(self.corpus.glob("*.ttl"))]:
                store.load(path=str(file), format=pyoxigraph.RdfFormat.TURTLE)
            self._store = store
        return self._store

    def from_content(self, triples: list[tuple[str, str]]) -> list[str]:
        """Anchors of the blank nodes that have exactly these (predicate, object) pairs."""
        patterns = " ".join(f"?b <{p}> {o} ." for p, o in triples)
        allowed = ", ".join(sorted({f"<{p}>" for p, _ in triples}))
        query = (
            f"SELECT ?s ?p WHERE {{ ?s ?p ?b . {patterns} FILTER(isBlank(?b)) "
            f"FILTER NOT EXISTS {{ ?b ?q ?x FILTER(?q NOT IN ({allowed})) }} }}"
        )
        rows = sorted((str(r["s"].value), str(r["p"].value)) for r in self.store.query(query))
        return [f"{s}/{p}" for s, p in rows] or ["_:unknown"]


def _expand(curie: str) -> str:
    from factcheck.loader import PREFIXES

    if curie.startswith("<") and curie.endswith(">"):
        return curie[1:-1]
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES else curie


def _path_key(label: str | None) -> str | None:
    if label is None:
        return None
    if re.fullmatch(r"[\w.-]*:[^/()|^*+?\s]*|<[^>]*>", label):
        return _expand(label)
    return label


def factcheck_findings(report: Path) -> Counter[Key]:
    data = json.loads(report.read_text(encoding="utf-8"))
    keys: Counter[Key] = Counter()
    for finding in data["findings"]:
        focus = finding["focus"]
        if focus is None:  # a blank node, labelled by the path that reaches it
            focus = "/".join(_expand(part) for part in finding["focus_label"].split("/"))
        keys[(focus, _path_key(finding["path"]), finding["component"])] += 1
    return keys


def info_pointing_at(report: Path, nodes: set[str]) -> set[str]:
    """Focus nodes of info-level findings whose value is one of ``nodes``: an article claim
    that cannot be compared with a planted error's fact (currency-without-rate, when a planted
    bad currency is "RMB") is a consequence of that error, not an unexpected finding."""
    data = json.loads(report.read_text(encoding="utf-8"))
    return {
        finding["focus"]
        for finding in data["findings"]
        if finding["severity"] == "info" and finding.get("value") in nodes
    }


def pyshacl_findings(report: Path, anchors: Anchors) -> Counter[Key]:
    import warnings

    from rdflib import BNode, Graph, Literal, URIRef
    from rdflib.namespace import RDF

    from factcheck.loader import new_graph
    from factcheck.validate import path_label

    with warnings.catch_warnings():  # rdflib's JSON-LD parser uses its own deprecated API
        warnings.simplefilter("ignore", DeprecationWarning)
        graph = Graph().parse(report, format="json-ld")
    names = new_graph().namespace_manager
    keys: Counter[Key] = Counter()
    taken: Counter[Key] = Counter()
    for result in graph.subjects(RDF.type, URIRef(SH + "ValidationResult")):
        focus = graph.value(result, URIRef(SH + "focusNode"))
        path = graph.value(result, URIRef(SH + "resultPath"))
        component = graph.value(result, URIRef(SH + "sourceConstraintComponent"))
        if isinstance(focus, BNode):  # pySHACL copies the blank node's triples into the report
            content = [
                (str(p), o.n3())
                for p, o in graph.predicate_objects(focus)
                if isinstance(o, (URIRef, Literal))
            ]
            candidates = anchors.from_content(content)
        else:
            candidates = [str(focus)]
        if path is None:
            path_key = None
        elif isinstance(path, URIRef):
            path_key = str(path)
        else:
            path_key = path_label(path, graph, names)
        # Blank nodes with identical content (two quantities with the same bad currency code)
        # match the same anchors: give each result the next one not yet taken.
        choices = [(c, path_key, str(component)) for c in candidates]
        key = next((k for k in choices if taken[k] == 0), choices[0])
        taken[key] += 1
        keys[key] += 1
    return keys


def pyrudof_findings(report: Path) -> Counter[Key]:
    data = json.loads(report.read_text(encoding="utf-8").strip().splitlines()[-1])
    return Counter(tuple(row) for row in data["findings"])  # type: ignore[misc]


def manifest_keys(manifest: dict[str, Any], with_consistency: bool) -> Counter[Key]:
    keys: Counter[Key] = Counter()
    for error in manifest["errors"]:
        if error["shapes"] == "consistency" and not with_consistency:
            continue
        focus = error["focus"] or "/".join(error["anchor"])
        keys[(focus, error["path"], error["component"])] += 1
    return keys


@dataclass
class Check:
    """How a validator's findings compare with the planted errors."""

    expected: int
    found: int
    missing: list[Key]
    unexpected_foci: list[str]

    @property
    def exact(self) -> bool:
        return not self.missing and not self.unexpected_foci

    def summary(self) -> str:
        text = f"{self.found}/{self.expected} expected findings of planted errors"
        if self.missing:
            text += f" (missing: {[_short(k) for k in self.missing[:3]]})"
        if self.unexpected_foci:
            text += f", {len(self.unexpected_foci)} unexpected focus nodes"
            text += f" ({[_short_iri(f) for f in self.unexpected_foci[:3]]})"
        return text


def _short_iri(iri: str | None) -> str:
    if iri is None:
        return "-"
    for ns in (
        "https://w3id.org/factcheck/data/",
        "https://w3id.org/factcheck/ontology#",
        SH,
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    ):
        iri = iri.replace(ns, "")
    return iri


def _short(key: Key) -> str:
    return " ".join(_short_iri(part) for part in key)


def check_manifest(
    found: Counter[Key], expected: Counter[Key], allowed: set[str] | None = None
) -> Check:
    """Planted errors missed, and focus nodes reported that are neither planted errors nor
    ``allowed`` (contradicted article claims, which may get info-level findings)."""
    missing = [key for key in expected if key not in found]
    planted = {key[0] for key in expected} | (allowed or set())
    unexpected = sorted({key[0] for key in found} - planted)
    total = sum(expected.values())
    return Check(total, total - sum(expected[key] for key in missing), missing, unexpected)


# ---------------------------------------------------------------------------------------------
# The benchmarks.


def _vocabulary() -> list[Path]:
    return sorted(p for p in (ROOT / "ontology").glob("*.ttl") if not p.name.startswith("shapes-"))


def _shape_files() -> list[Path]:
    return sorted((ROOT / "ontology").glob("shapes-*.ttl"))


def split_shape_files() -> tuple[list[Path], list[Path]]:
    """(files without SHACL-SPARQL constraints, files with them)."""
    core: list[Path] = []
    rules: list[Path] = []
    for path in _shape_files():
        text = path.read_text(encoding="utf-8")
        (rules if re.search(r"\bsh:sparql\b", text) else core).append(path)
    return core, rules


def has_sparql_constraints() -> bool:
    return bool(split_shape_files()[1])


def concatenated_shapes(
    out: Path, files: list[Path] | None = None, name: str = "shapes-all.ttl"
) -> Path:
    """Shape files in one file, as the pyshacl CLI takes one shapes file."""
    target = out / name
    paths = _shape_files() if files is None else files
    target.write_text("\n".join(p.read_text(encoding="utf-8") for p in paths), encoding="utf-8")
    return target


def size_label(triples: int) -> str:
    if triples >= 1_000_000 and triples % 1_000_000 == 0:
        return f"{triples // 1_000_000}m"
    if triples >= 1000 and triples % 1000 == 0:
        return f"{triples // 1000}k"
    return str(triples)


def ensure_corpus(triples: int, seed: int, base: Path) -> tuple[Path, dict[str, Any]]:
    target = base / size_label(triples)
    manifest = target / "manifest.json"
    if manifest.is_file():
        data = json.loads(manifest.read_text(encoding="utf-8"))
        if data["seed"] == seed and data.get("requested") == triples:
            return target, data
    info = corpus_mod.generate(target, triples, max(3, triples // 1000), seed)
    return target, info.to_dict()


LOAD_SNIPPETS = {
    "factcheck loader": (
        "from factcheck.loader import load\n"
        "facts = load([Path(sys.argv[1])])\n"
        "n = len(facts.graph)\n"
    ),
    "rdflib parser": (
        "from rdflib import Graph\n"
        "g = Graph()\n"
        "for f in sorted(Path(sys.argv[1]).glob('*.ttl')):\n"
        "    g.parse(f, format='turtle')\n"
        "n = len(g)\n"
    ),
    "pyoxigraph parser": (
        "import pyoxigraph\n"
        "s = pyoxigraph.Store()\n"
        "for f in sorted(Path(sys.argv[1]).glob('*.ttl')):\n"
        "    s.load(path=str(f), format=pyoxigraph.RdfFormat.TURTLE)\n"
        "n = len(s)\n"
    ),
}
FASTLOAD_SNIPPET = (
    "from factcheck.fastload import load\nfacts = load([Path(sys.argv[1])])\nn = len(facts.graph)\n"
)


def _timed_snippet(body: str) -> str:
    indented = "".join("    " + line + "\n" for line in body.splitlines())
    return (
        "import json, sys, time\nfrom pathlib import Path\nt0 = time.perf_counter()\n"
        f"if True:\n{indented}"
        "print(json.dumps({'seconds': time.perf_counter() - t0, 'triples': n}))\n"
    )


PYRUDOF_SNIPPET = """\
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
import pyrudof
corpus, shapes = Path(sys.argv[1]), sys.argv[2]
r = pyrudof.Rudof(pyrudof.RudofConfig())
for f in [*sys.argv[3:], *sorted(str(p) for p in corpus.glob('*.ttl'))]:
    r.read_data(f, merge=True)
r.read_shacl(shapes)
report = r.validate_shacl()
seconds = time.perf_counter() - t0
findings = []
for v in report.violations:
    focus = str(v.focus_node)
    if focus.startswith('_:'):
        parents = sorted((str(s), str(p)) for s, p, _ in r.triples(object=focus))
        focus = f'{parents[0][0]}/{parents[0][1]}' if parents else '_:unknown'
    path = None if v.path is None or str(v.path) == 'None' else str(v.path)
    findings.append([focus, path, str(v.constraint_component)])
print(json.dumps({'seconds': seconds, 'findings': findings}))
"""


@dataclass
class Run:
    repeat: int
    out: Path
    timeout: float
    baseline_timeout: float
    query_timeout: float = 60.0
    results: list[Result] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)

    def add(self, result: Result) -> Result:
        self.results.append(result)
        seconds = "stopped" if result.seconds is None else f"{_secs(result.seconds)} s"
        print(
            f"  {result.size:>5} {result.name:<34} {seconds:>10}  {result.rss_mb:8.0f} MB",
            flush=True,
        )
        return result

    def repeat_cmd(
        self,
        size: str,
        name: str,
        cmd: list[str],
        *,
        repeat: int | None = None,
        stdout: Path | None = None,
        ok: tuple[int, ...] = (0,),
        timeout: float | None = None,
        **kw: Any,
    ) -> Result:
        samples = []
        for _ in range(repeat or self.repeat):
            sample = measure(
                cmd, stdout=stdout, timeout=timeout or self.timeout, ok=ok, cwd=self.out
            )
            samples.append(sample)
            if sample.timed_out or sample.failed:
                break
        return self.add(Result(size, name, _display(cmd), samples, **kw))


def _display(cmd: list[str]) -> str:
    if len(cmd) > 2 and cmd[1] == "-c":  # an inline snippet: name it instead of printing it
        cmd = ["python", "-c", "<snippet in benchmarks/run.py>", *cmd[3:]]
    text = shlex.join(str(c) for c in cmd)
    text = text.replace(str(BIN) + "/", "").replace(str(ROOT) + "/", "")
    text = re.sub(r"/\S*/(benchmarks/corpus/)", r"\1", text)
    return re.sub(r"( \S+/corpus/\w+/\S+\.ttl)+", " CORPUS/*.ttl", text)


def bench_validate(
    run: Run, size: str, corpus: Path, manifest: dict[str, Any], *, repeat: int, which: str
) -> None:
    """``which`` is ``core`` (shapes without SHACL-SPARQL constraints: the same engine work on
    both sides) or ``all`` (every shape; factcheck adds its Python-side checks)."""
    core, rule_files = split_shape_files()
    shapes_used = core if which == "core" else core + rule_files
    shapes = concatenated_shapes(run.out, shapes_used, f"shapes-{which}.ttl")
    files = [str(p) for p in sorted(corpus.glob("*.ttl"))]
    vocab = [str(p) for p in _vocabulary()]
    fc_out = run.out / f"factcheck-validate-{which}-{size}.json"
    ps_out = run.out / f"pyshacl-{which}-{size}.jsonld"
    label = "core shapes" if which == "core" else "all shapes"
    fc_cmd = [str(BIN / "factcheck"), "validate", str(corpus), "--format", "json", *NO_CACHE]
    if which == "core":
        for path in core:
            fc_cmd += ["--only-shapes", str(path)]
    baseline = run.repeat_cmd(
        size,
        f"pyshacl CLI, {label}",
        [
            str(BIN / "pyshacl"),
            "-s",
            str(shapes),
            "-a",
            "-f",
            "json-ld",
            "-o",
            str(ps_out),
            *vocab,
            *files,
        ],
        repeat=repeat,
        ok=(0, 1),
        timeout=run.timeout if which == "core" else run.baseline_timeout,
    )
    ours = run.repeat_cmd(
        size,
        f"factcheck validate, {label}",
        fc_cmd,
        repeat=repeat,
        stdout=fc_out,
        ok=(0, 1),
        baseline=baseline.name,
    )
    if ours.failed and ours.seconds is None:
        run.checks.append(f"{size}, {label}: factcheck validate failed: {ours.failed}")
        return
    with_rules = which == "all" and bool(rule_files)
    expected = manifest_keys(manifest, with_rules)
    allowed = set(manifest.get("contradicted_claims", []))
    planted_nodes = {error["focus"] or error["anchor"][0] for error in manifest["errors"]}
    allowed |= info_pointing_at(fc_out, planted_nodes)
    mine = factcheck_findings(fc_out)
    # Python-side checks (quote wording, coverage) have no SHACL equivalent to compare.
    shacl_only = Counter({k: n for k, n in mine.items() if k[2].startswith(SH)})
    extra = sum(mine.values()) - sum(shacl_only.values())
    check = check_manifest(shacl_only, expected, allowed)
    line = f"{size}, {label}: factcheck validate: {check.summary()}"
    if not baseline.timed_out:
        theirs = pyshacl_findings(ps_out, Anchors(corpus))
        same = shacl_only == theirs
        line += f"; findings identical to pyshacl: {'yes' if same else 'NO'}"
        line += f" ({sum(shacl_only.values())} SHACL results each)" if same else ""
        if not same:
            line += f" ({sum(shacl_only.values())} vs {sum(theirs.values())})"
            diff = (shacl_only - theirs) + (theirs - shacl_only)
            line += f"; differing: {list(diff)[:5]}"
        ours.note = "identical findings" if same else "FINDINGS DIFFER"
    else:
        line += f"; pyshacl stopped after {baseline.samples[0].wall:.0f} s, not compared"
    if extra:
        line += f"; plus {extra} Python-side findings (fcsh: rules) pyshacl has no equivalent for"
    run.checks.append(line)
    print("  " + line, flush=True)


def _no_cache_flag() -> list[str]:
    """``--no-cache`` where ``factcheck validate`` has a cache: every measured run is cold."""
    result = subprocess.run(
        [str(BIN / "factcheck"), "validate", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    return ["--no-cache"] if "--no-cache" in result.stdout else []


NO_CACHE: list[str] = []
LAST_CHECKS: list[str] = []
"""The checks of the last ``main`` run (for the smoke test)."""


def bench_pyrudof(run: Run, size: str, corpus: Path, manifest: dict[str, Any], repeat: int) -> None:
    if importlib.util.find_spec("pyrudof") is None:
        run.checks.append(f"{size}: pyrudof not installed (pip install -e '.[bench]')")
        return
    # pyrudof gets the shapes without SHACL-SPARQL constraints: with them it did not finish
    # 10k triples within minutes (see RESULTS.md). Compared with factcheck on the same shapes.
    core, _ = split_shape_files()
    shapes = concatenated_shapes(run.out, core, "shapes-core.ttl")
    out = run.out / f"pyrudof-{size}.jsonl"
    result = run.repeat_cmd(
        size,
        "pyrudof, core shapes",
        [
            sys.executable,
            "-c",
            PYRUDOF_SNIPPET,
            str(corpus),
            str(shapes),
            *(str(p) for p in _vocabulary()),
        ],
        repeat=repeat,
        stdout=out,
        baseline="factcheck validate, core shapes",
    )
    if result.seconds is None:
        return
    found = pyrudof_findings(out)
    check = check_manifest(
        found,
        manifest_keys(manifest, False),
        set(manifest.get("contradicted_claims", [])),
    )
    kinds = sorted(
        {
            e["kind"]
            for e in manifest["errors"]
            if ((e["focus"] or "/".join(e["anchor"])), e["path"], e["component"]) in check.missing
        }
    )
    line = f"{size}: pyrudof: {check.summary()}"
    if kinds:
        line += f"; misses {', '.join(kinds)}"
    result.note = check.summary()
    run.checks.append(line)
    print("  " + line, flush=True)


def bench_load(run: Run, size: str, corpus: Path, repeat: int) -> None:
    snippets = dict(LOAD_SNIPPETS)
    if (ROOT / "factcheck" / "fastload.py").is_file():
        snippets["factcheck fastload"] = FASTLOAD_SNIPPET
    for name, body in snippets.items():
        run.repeat_cmd(
            size,
            f"load: {name}",
            [sys.executable, "-c", _timed_snippet(body), str(corpus)],
            repeat=repeat,
            stdout=run.out / "load.jsonl",
            use_inner="seconds",
            baseline=None if name == "rdflib parser" else "load: rdflib parser",
        )


def bench_queries(run: Run, size: str, corpus: Path, repeat: int) -> None:
    """Hook for ``benchmarks/queries.py`` (canned queries: rdflib vs factcheck's engine)."""
    script = HERE / "queries.py"
    if not script.is_file():
        run.checks.append(f"{size}: canned queries: benchmarks/queries.py does not exist yet")
        return
    spec = importlib.util.spec_from_file_location("bench_queries", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not hasattr(module, "bench"):
        run.checks.append(f"{size}: canned queries: benchmarks/queries.py has no bench()")
        return
    for row in module.bench(corpus, repeat=repeat, limit=run.query_timeout):
        # row: {"name", "seconds", "rss_mb", "baseline" (name or None), "command"}
        sample = Sample(row["seconds"], row.get("rss_mb", 0.0), 0)
        stopped = bool(row.get("timed_out"))
        note = f"in-process median of {repeat}; RSS of the runner"
        run.add(
            Result(
                size,
                row["name"],
                row.get("command", "benchmarks/queries.py"),
                [sample],
                baseline=row.get("baseline"),
                note=f"stopped at {run.query_timeout:g} s; " + note if stopped else note,
                lower_bound=stopped,
            )
        )


def bench_startup(run: Run, repeat: int) -> None:
    factcheck = str(BIN / "factcheck")
    facts = str(ROOT / "facts")
    run.repeat_cmd("facts", "factcheck --help", [factcheck, "--help"], repeat=max(repeat, 5))
    has_claims = (
        subprocess.run(
            [factcheck, "claims", "--help"], capture_output=True, check=False, cwd=ROOT
        ).returncode
        == 0
    )
    if has_claims:
        run.repeat_cmd(
            "facts",
            "factcheck claims (bundled facts)",
            [factcheck, "claims", facts],
            repeat=max(repeat, 5),
            ok=(0, 1),
        )
    else:
        run.checks.append(
            "bundled facts: `factcheck claims` does not exist yet; measured "
            "`factcheck validate` on the bundled facts instead"
        )
    run.repeat_cmd(
        "facts",
        "factcheck validate (bundled facts)",
        [factcheck, "validate", facts, "--format", "json", *NO_CACHE],
        repeat=max(repeat, 5),
        ok=(0, 1),
    )


# ---------------------------------------------------------------------------------------------
# Reporting.


def machine() -> dict[str, str]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        kb = int(meminfo.read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    versions = {}
    for package in ("rdflib", "pyshacl", "pyoxigraph", "pyrudof", "factcheck"):
        try:
            from importlib.metadata import version

            versions[package] = version(package)
        except Exception:
            versions[package] = "not installed"
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "python": platform.python_version(),
        "os": platform.platform(),
        **versions,
    }


def source() -> str:
    """The factcheck tree measured: a git commit (``+ local changes`` if dirty) or a snapshot."""
    import factcheck

    tree = Path(factcheck.__file__).resolve().parent.parent
    stamp = tree / "SNAPSHOT"
    if stamp.is_file():
        return stamp.read_text(encoding="utf-8").strip()

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=tree, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    head = git("rev-parse", "--short", "HEAD")
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return f"commit {head or 'unknown'}" + (" + local changes" if dirty else "")


LOAD_AT_START = " ".join(f"{x:.1f}" for x in os.getloadavg())


def _secs(seconds: float) -> str:
    return f"{seconds:.2f}" if seconds >= 0.1 else f"{seconds:.4f}"


def table(results: list[Result]) -> list[str]:
    by_name = {(r.size, r.name): r for r in results}
    lines = [
        "| size | measured | median s | peak RSS MB | baseline | baseline s | speed-up | note |",
        "|---|---|---:|---:|---|---:|---:|---|",
    ]
    for r in results:
        base = by_name.get((r.size, r.baseline)) if r.baseline else None
        secs = "stopped" if r.seconds is None else _secs(r.seconds)
        if r.timed_out and r.seconds is None:
            secs = f"stopped after {r.samples[0].wall:.0f}"
        if r.failed and r.seconds is None:
            secs = f"failed after {r.samples[0].wall:.0f}: {r.failed}"
        base_s = ratio = ""
        if base is not None:
            if base.seconds is None:
                base_s = f"stopped after {base.samples[0].wall:.0f}"
                if r.seconds:
                    ratio = f"> {base.samples[0].wall / r.seconds:.1f}×"
            else:
                bound = "> " if base.lower_bound else ""
                base_s = bound + _secs(base.seconds)
                if r.seconds:
                    ratio = f"{bound}{base.seconds / r.seconds:.2f}×"
        runs = len(r.samples)
        plural = "s" if runs > 1 else ""
        counted = runs == 3 or "in-process" in r.note
        note = r.note + ("" if counted else f" ({runs} run{plural})")
        if r.lower_bound:
            secs = "> " + secs
        rss = "n/a" if r.seconds is None and r.timed_out else f"{r.rss_mb:.0f}"
        lines.append(
            f"| {r.size} | {r.name} | {secs} | {rss} | {r.baseline or ''} | {base_s} "
            f"| {ratio} | {note.strip()} |"
        )
    return lines


def render(run: Run, args: argparse.Namespace, corpora: dict[str, dict[str, Any]]) -> str:
    info = machine()
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    argv = " ".join(sys.argv[1:])
    lines = [
        MARKER.format(sizes=f"{args.sizes} --only {args.only}", edge="begin"),
        f"## Runner results ({stamp})",
        "",
        f"Reproduce: `python benchmarks/run.py {argv}` (medians of {args.repeat} cold runs "
        "unless the note says otherwise; speed-up = baseline median / median, same session).",
        "",
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory']} RAM, "
        f"Python {info['python']} on {info['os']}.",
        f"Libraries: rdflib {info['rdflib']}, pyshacl {info['pyshacl']}, "
        f"pyoxigraph {info['pyoxigraph']}, pyrudof {info['pyrudof']}, "
        f"factcheck {info['factcheck']}.",
        f"Shapes: {', '.join(p.name for p in _shape_files())}. factcheck source: {source()}.",
        f"Load average at the start: {LOAD_AT_START}.",
        "",
        "| corpus | triples | fact files | articles | article claims | reference facts "
        "| planted-error findings |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, data in corpora.items():
        counts = data["counts"]
        lines.append(
            f"| {label} | {data['triples']:,} | {data['files']} | {counts['articles']} "
            f"| {counts['article_claims']:,} | {counts['reference_facts']:,} "
            f"| {counts['planted_errors']} |"
        )
    lines += ["", *table(run.results), "", "Checks:", ""]
    lines += [f"- {c}" for c in run.checks]
    lines += ["", "Commands (CORPUS = benchmarks/corpus/SIZE):", ""]
    seen = set()
    for r in run.results:
        if r.command not in seen:
            seen.add(r.command)
            short = r.command if len(r.command) < 400 else r.command[:400] + " …"
            lines.append(f"- {r.name}: `{short}`")
    lines += ["", MARKER.format(sizes=f"{args.sizes} --only {args.only}", edge="end"), ""]
    return "\n".join(lines)


def write_results(text: str, sizes: str) -> None:
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.is_file() else "# Benchmark results\n"
    begin = MARKER.format(sizes=sizes, edge="begin")
    end = MARKER.format(sizes=sizes, edge="end")
    if begin in current and end in current:
        head, rest = current.split(begin, 1)
        _, tail = rest.split(end, 1)
        current = head + text.rstrip("\n") + tail
    else:
        current = current.rstrip("\n") + "\n\n" + text
    RESULTS.write_text(current, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k", help="comma-separated, e.g. 10k,100k,1m")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--only",
        default="core,all,pyrudof,load,queries,startup",
        help="which benchmarks to run (comma-separated)",
    )
    parser.add_argument("--corpus-dir", type=Path, default=HERE / "corpus")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--timeout", type=float, default=3600.0, help="stop a run after this")
    parser.add_argument(
        "--baseline-timeout",
        type=float,
        default=600.0,
        help="stop the pyshacl baseline with SHACL-SPARQL rules after this many seconds",
    )
    parser.add_argument(
        "--once-from",
        default="1m",
        help="sizes from this one up are measured once, not --repeat times",
    )
    parser.add_argument(
        "--query-timeout", type=float, default=60.0, help="limit per rdflib canned-query run"
    )
    parser.add_argument(
        "--memory-limit-gb",
        type=float,
        default=12.0,
        help="address-space limit per measured process (0: none)",
    )
    parser.add_argument("--write-results", action="store_true", help="update RESULTS.md")
    args = parser.parse_args(argv)
    only = {part.strip() for part in args.only.split(",")}
    args.out.mkdir(parents=True, exist_ok=True)
    NO_CACHE[:] = _no_cache_flag()
    MEMORY_LIMIT_GB[0] = args.memory_limit_gb
    run = Run(args.repeat, args.out, args.timeout, args.baseline_timeout, args.query_timeout)
    corpora: dict[str, dict[str, Any]] = {}
    once_from = corpus_mod.parse_size(args.once_from)
    for triples in corpus_mod.iter_sizes(args.sizes):
        corpus, manifest = ensure_corpus(triples, args.seed, args.corpus_dir)
        label = size_label(triples)
        corpora[label] = manifest
        repeat = 1 if triples >= once_from else args.repeat
        print(f"{label}: {manifest['triples']:,} triples in {manifest['files']} files", flush=True)
        for which in ("core", "all"):
            if which in only or "validate" in only:
                bench_validate(run, label, corpus, manifest, repeat=repeat, which=which)
        if "pyrudof" in only:
            bench_pyrudof(run, label, corpus, manifest, repeat)
        if "load" in only:
            bench_load(run, label, corpus, repeat)
        if "queries" in only:
            bench_queries(run, label, corpus, repeat)
    if "startup" in only:
        bench_startup(run, args.repeat)
    print()
    print("\n".join(table(run.results)))
    print()
    print("\n".join(run.checks))
    LAST_CHECKS[:] = run.checks
    if args.write_results:
        write_results(render(run, args, corpora), f"{args.sizes} --only {args.only}")
        print(f"\nwrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
