"""Run the W3C SHACL test suite (vendored in ``tests/w3c-shacl``) through factcheck's engine.

Each ``sht:Validate`` entry's data and shapes graphs go through
``factcheck.validation.engine.validate_paths`` (what ``factcheck validate --shapes`` runs),
with the compiled engine or, with ``FACTCHECK_ENGINE=pyshacl``, with pySHACL. The outcome is
compared with the expected report the usual way: ``sh:conforms`` equal; results equal as a
multiset of (focus, path, value, source shape, constraint component, severity), blank focus
and value nodes equal to each other, blank paths and shapes compared by structure. An
``sht:Failure`` entry passes when the engine refuses the shapes with exit code 2.

The suite's files use relative IRIs (``<>``), which factcheck refuses in fact files; the
harness copies each file with an ``@base`` line naming its place in the suite
(``http://datashapes.org/sh/tests/...``) and reads the expected report with the same base.

``python tests/w3c_shacl.py`` writes ``tests/w3c-shacl/summary.json`` (the README's table);
``tests/test_w3c_shacl.py`` checks that the committed summary is the current run's.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

SUITE = Path(__file__).parent / "w3c-shacl" / "tests"
SUMMARY = Path(__file__).parent / "w3c-shacl" / "summary.json"
BASE = "http://datashapes.org/sh/tests/"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
SH = Namespace("http://www.w3.org/ns/shacl#")
ENGINES = ("compiled", "pyshacl")

KNOWN_FAILURES: dict[str, dict[str, str]] = {
    "compiled": {},
    "pyshacl": {
        "core/path/path-complex-002": (
            "the pySHACL engine validates file by file: a focus node no file describes is"
            " validated with one step of incoming triples, and this path goes two"
            " sh:inversePath steps back (plain pySHACL on the whole graph passes)"
        ),
    },
}
"""Tests each engine is known to fail, with the reason (the README lists them)."""


@dataclass(frozen=True)
class Case:
    """One ``sht:Validate`` entry of the suite."""

    name: str
    """The entry's path in the suite, e.g. ``core/property/datatype-001``."""
    data: Path
    shapes: Path
    manifest: Path
    entry: URIRef


def _base(file: Path) -> str:
    return BASE + file.relative_to(SUITE).as_posix()


def _parse(file: Path) -> Graph:
    graph = Graph()
    graph.parse(file, format="turtle", publicID=_base(file))
    return graph


def _path_of(iri: Node) -> Path:
    text = str(iri)
    assert text.startswith(BASE), text
    return SUITE / text[len(BASE) :].split("#", maxsplit=1)[0]


def cases() -> list[Case]:
    """Every ``sht:Validate`` entry of the suite's manifests, in manifest order."""
    found: list[Case] = []

    def walk(manifest: Path) -> None:
        graph = _parse(manifest)
        root = URIRef(_base(manifest))
        for include in graph.objects(root, MF.include):
            walk(_path_of(include))
        for entries in graph.objects(root, MF.entries):
            for entry in Collection(graph, entries):
                assert isinstance(entry, URIRef)
                action = graph.value(entry, MF.action)
                data = graph.value(action, SHT.dataGraph)
                shapes = graph.value(action, SHT.shapesGraph)
                name = str(entry)[len(BASE) :]
                found.append(Case(name, _path_of(data), _path_of(shapes), manifest, entry))

    walk(SUITE / "manifest.ttl")
    return found


Key = tuple[str, str, str, str, str, str]


def _structure(graph: Graph, node: Node, depth: int = 0) -> str:
    """A blank node's description, written out (IRIs and literals as themselves)."""
    if not isinstance(node, BNode):
        return node.n3()
    if depth > 12:
        return "[...]"
    if (node, RDF.first, None) in graph:
        return (
            "(" + " ".join(_structure(graph, m, depth + 1) for m in Collection(graph, node)) + ")"
        )
    pairs = sorted(
        f"{p.n3()} {_structure(graph, o, depth + 1)}"
        for p, o in graph.predicate_objects(node)
        if p not in (SH.message,)
    )
    return "[" + "; ".join(pairs) + "]"


def _term(node: Node | None) -> str:
    if node is None:
        return "-"
    if isinstance(node, BNode):
        return "_:blank"
    if isinstance(node, Literal):
        # compare by lexical form, datatype and language: what a report writes
        return f'"{node}"^^{node.datatype}@{node.language}'
    return node.n3()


def expected(case: Case) -> tuple[bool, Counter[Key]] | None:
    """The expected (conforms, results), or None for ``sht:Failure``."""
    graph = _parse(case.manifest)
    result = graph.value(case.entry, MF.result)
    if result == SHT.Failure:
        return None
    conforms = graph.value(result, SH.conforms)
    assert isinstance(conforms, Literal)
    results: Counter[Key] = Counter()
    for item in graph.objects(result, SH.result):
        results[
            (
                _term(graph.value(item, SH.focusNode)),
                _structure(graph, graph.value(item, SH.resultPath))
                if graph.value(item, SH.resultPath) is not None
                else "-",
                _term(graph.value(item, SH.value)),
                _structure(graph, graph.value(item, SH.sourceShape)),
                _term(graph.value(item, SH.sourceConstraintComponent)),
                _term(graph.value(item, SH.resultSeverity)),
            )
        ] += 1
    return bool(conforms.value), results


@dataclass
class Outcome:
    """What the engine did with one case."""

    refused: bool
    conforms: bool = True
    results: Counter[Key] | None = None
    error: str = ""
    fallbacks: tuple[str, ...] = ()


def _with_base(file: Path, folder: Path) -> Path:
    target = folder / file.relative_to(SUITE).as_posix().replace("/", "__")
    if not target.exists():
        text = file.read_text(encoding="utf-8")
        target.write_text(f"@base <{_base(file)}> .\n{text}", encoding="utf-8")
    return target


_SEVERITY = {"violation": SH.Violation, "warning": SH.Warning, "info": SH.Info}


def run(case: Case, engine: str) -> Outcome:
    """Validate the case's data against its shapes with ``engine``."""
    from factcheck.errors import FactcheckError
    from factcheck.validation.engine import validate_paths

    previous = os.environ.get("FACTCHECK_ENGINE")
    os.environ["FACTCHECK_ENGINE"] = "pyshacl" if engine == "pyshacl" else "compiled"
    try:
        with tempfile.TemporaryDirectory(prefix="w3c-shacl-") as folder:
            data = _with_base(case.data, Path(folder))
            shapes = _with_base(case.shapes, Path(folder))
            try:
                report = validate_paths([data], [shapes], vocabulary=[])
            except FactcheckError as error:
                return Outcome(refused=error.exit_code == 2, error=error.message)
    finally:
        if previous is None:
            os.environ.pop("FACTCHECK_ENGINE", None)
        else:
            os.environ["FACTCHECK_ENGINE"] = previous
    shapes_graph = report.shapes_graph
    assert shapes_graph is not None
    results: Counter[Key] = Counter()
    for finding in report.findings:
        severity = finding.severity_iri or _SEVERITY[finding.severity]
        results[
            (
                _term(finding.focus),
                _structure(shapes_graph, finding.path) if finding.path is not None else "-",
                _term(finding.value),
                _structure(shapes_graph, finding.shape) if finding.shape is not None else "-",
                _term(finding.component),
                _term(severity),
            )
        ] += 1
    return Outcome(
        refused=False,
        conforms=report.shacl_conforms,
        results=results,
        fallbacks=tuple(report.fallbacks),
    )


_CHECKED: dict[tuple[str, str], tuple[bool, str, tuple[str, ...]]] = {}


def check(case: Case, engine: str) -> tuple[bool, str]:
    """(passed, why not) for one case on one engine (each case runs once per process)."""
    key = (case.name, engine)
    if key not in _CHECKED:
        _CHECKED[key] = _check(case, engine)
    passed, why, _ = _CHECKED[key]
    return passed, why


def fallbacks(case: Case, engine: str) -> tuple[str, ...]:
    """The shapes that ran on pySHACL in the compiled engine, with why."""
    check(case, engine)
    return _CHECKED[(case.name, engine)][2]


def _check(case: Case, engine: str) -> tuple[bool, str, tuple[str, ...]]:
    want = expected(case)
    got = run(case, engine)
    passed, why = _compare(want, got)
    return passed, why, got.fallbacks


def _compare(want: tuple[bool, Counter[Key]] | None, got: Outcome) -> tuple[bool, str]:
    if want is None:
        if got.refused:
            return True, ""
        return False, "expected the shapes to be refused (exit 2), but they were accepted"
    if got.refused:
        return False, f"refused: {got.error}"
    assert got.results is not None
    conforms, results = want
    problems = []
    if got.conforms != conforms:
        problems.append(f"conforms {got.conforms}, expected {conforms}")
    if got.results != results:
        missing = results - got.results
        extra = got.results - results
        problems.extend(f"missing {key}" for key in missing.elements())
        problems.extend(f"extra {key}" for key in extra.elements())
    return not problems, "\n".join(problems)


def summary() -> dict[str, Any]:
    """Totals per engine and every failing test with its reason, from a fresh run."""
    all_cases = cases()
    engines: dict[str, Any] = {}
    for engine in ENGINES:
        passed = 0
        failures: dict[str, str] = {}
        fell_back: dict[str, list[str]] = {}
        for case in all_cases:
            ok, _why = check(case, engine)
            if ok:
                passed += 1
            else:
                failures[case.name] = KNOWN_FAILURES[engine].get(case.name, "not explained")
            if engine == "compiled" and fallbacks(case, engine):
                fell_back[case.name] = list(fallbacks(case, engine))
        engines[engine] = {"passed": passed, "failed": failures}
        if engine == "compiled":
            engines[engine]["fallbacks"] = fell_back
    core = sum(1 for c in all_cases if c.name.startswith("core/"))
    return {"tests": len(all_cases), "core": core, "sparql": len(all_cases) - core, **engines}


def table(data: dict[str, Any]) -> Iterator[str]:
    """The README's table and failure list (read by a cog block)."""
    total = data["tests"]
    yield "| engine | tests passed |"
    yield "|---|---|"
    yield f"| compiled (default) | {data['compiled']['passed']} of {total} |"
    yield f"| `FACTCHECK_ENGINE=pyshacl` | {data['pyshacl']['passed']} of {total} |"
    yield ""
    fell_back = data["compiled"].get("fallbacks", {})
    yield (
        f"The suite has {total} tests ({data['core']} core, {data['sparql']} SHACL-SPARQL)."
        f" In {len(fell_back)} of them the compiled engine ran a shape on pySHACL, and says"
        " so (`validate --verbose`):"
    )
    yield ""
    for name, reasons in sorted(fell_back.items()):
        yield f"- `{name}`: {'; '.join(reasons)}"
    yield ""
    yield "Failures:"
    yield ""
    for engine in ENGINES:
        failed = data[engine]["failed"]
        if not failed:
            yield f"- {engine}: no failures."
        for name, reason in sorted(failed.items()):
            yield f"- {engine}: `{name}`: {reason}"


def main() -> int:
    data = summary()
    SUMMARY.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    for line in table(data):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
