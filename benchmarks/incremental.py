"""Incremental validation: a full cold ``factcheck validate`` against a re-validation after one
file changes, on a generated corpus of about 1,000 fact files (~1M triples), in one session.

    python benchmarks/incremental.py                       # ~1M triples, 1,000 files
    python benchmarks/incremental.py --triples 100k --files 100

Each run is a fresh ``factcheck validate`` process (``--format json --output``), timed wall
clock, with its peak RSS. The cold run starts from an empty cache; the re-validation edits one
reference file (a label and a figure) and runs again with the cache the cold run left. The
figures are appended to ``benchmarks/RESULTS.md`` under "Incremental validation".
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def parse_size(text: str) -> int:
    text = text.strip().lower().replace("_", "")
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * scale)


def generate(out_dir: Path, triples: int, files: int, seed: int) -> None:
    """Use the corpus generator in benchmarks/corpus.py (issue 9's)."""
    sys.path.insert(0, str(HERE))
    from corpus import generate as make  # type: ignore[import-not-found]

    make(out_dir, triples, files, seed)


def filtered_shapes(out: Path, skip: list[str]) -> list[Path]:
    """The bundled shapes files, without the shapes named in ``skip`` (prefixed names)."""
    from rdflib import Graph, URIRef

    from factcheck.resources import shape_files

    result = []
    for path in shape_files():
        graph = Graph().parse(path)
        names = dict(graph.namespaces())
        removed = False
        for name in skip:
            prefix, _, local = name.partition(":")
            node = URIRef(str(names.get(prefix, "")) + local)
            if (node, None, None) in graph:
                graph.remove((node, None, None))
                removed = True
        if removed:
            graph.serialize(out / path.name, format="turtle")
        result.append(out / path.name if removed else path)
    return result


def run(
    corpus: Path, cache: Path, report: Path, jobs: int | None, shapes: list[Path]
) -> dict[str, float]:
    """One ``factcheck validate`` process: wall seconds, peak RSS (MB) and exit code."""
    script = (
        "import resource, sys\n"
        "from factcheck.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "finally:\n"
        "    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "    print(f'RSS {rss} {kids}', file=sys.stderr)\n"
    )
    args = ["validate", str(corpus), "--cache-dir", str(cache), "--format", "json",
            "--output", str(report)]  # fmt: skip
    if jobs:
        args += ["--jobs", str(jobs)]
    for path in shapes:
        args += ["--only-shapes", str(path)]
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"validate failed ({done.returncode}):\n{done.stderr}")
    rss, kids = (int(n) for n in re.findall(r"RSS (\d+) (\d+)", done.stderr)[-1])
    return {"seconds": seconds, "rss_mb": max(rss, kids) / 1024, "exit": done.returncode}


def change_one_file(corpus: Path, turn: int = 0) -> Path:
    """Edit one reference file: a fact's label and one figure (a real content change); each
    ``turn`` edits a different file."""
    references = sorted(corpus.glob("reference-*.ttl"))
    target = references[(len(references) // 2 + turn) % len(references)]
    text = target.read_text(encoding="utf-8")
    text = text.replace('rdfs:label "', 'rdfs:label "(edited) ', 1)
    text = re.sub(r"qudt:numericValue (\d+)", lambda m: f"qudt:numericValue {int(m[1]) + 1}",
                  text, count=1)  # fmt: skip
    target.write_text(text, encoding="utf-8")
    return target


def seconds(runs: list[dict[str, float]], digits: int) -> str:
    return ", ".join(f"{r['seconds']:.{digits}f}" for r in runs)


def median_run(runs: list[dict[str, float]]) -> dict[str, float]:
    """The median of each measure over ``runs``."""
    import statistics

    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def machine() -> str:
    import pyoxigraph
    import pyshacl
    import rdflib

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, rdflib {rdflib.__version__}, pySHACL "
        f"{pyshacl.__version__}, pyoxigraph {pyoxigraph.__version__}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", default="1m", help="corpus size (e.g. 100k, 1m)")
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=None, help="validate --jobs (default: auto)")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "incremental")
    parser.add_argument("--no-write", action="store_true", help="do not touch RESULTS.md")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each kind (medians)")
    parser.add_argument(
        "--skip-shape",
        action="append",
        default=[],
        help="leave out a shape (e.g. fcsh:ConflictShape)",
    )
    options = parser.parse_args(argv)
    triples = parse_size(options.triples)
    corpus = options.out / "facts"
    cache = options.out / "cache"
    if cache.exists():
        shutil.rmtree(cache)
    started = time.perf_counter()
    generate(corpus, triples, options.files, options.seed)
    generated = time.perf_counter() - started
    files = sorted(p for p in corpus.iterdir() if p.suffix == ".ttl")
    shapes = filtered_shapes(options.out, options.skip_shape)
    colds = []
    for _ in range(options.repeat):  # each cold run starts from an empty cache
        if cache.exists():
            shutil.rmtree(cache)
        colds.append(run(corpus, cache, options.out / "cold.json", options.jobs, shapes))
    report = json.loads((options.out / "cold.json").read_text())
    unchanged = [run(corpus, cache, options.out / "unchanged.json", options.jobs, shapes)
                 for _ in range(options.repeat)]  # fmt: skip
    warms, changed = [], []
    for turn in range(options.repeat):  # a different file each time, cache from the run before
        changed.append(change_one_file(corpus, turn).name)
        warms.append(run(corpus, cache, options.out / "warm.json", options.jobs, shapes))
    cold, warm = median_run(colds), median_run(warms)
    ratio = cold["seconds"] / warm["seconds"]
    rows = [
        ("full cold validation (empty cache)", cold),
        ("re-validation, nothing changed", median_run(unchanged)),
        (f"re-validation after one file changed ({', '.join(changed)})", warm),
    ]
    lines = [
        "",
        "## Incremental validation",
        "",
        f"Measured {datetime.date.today().isoformat()} on {machine()}.",
        "",
        f"Corpus: `benchmarks/corpus.py`, {report['triples']:,} triples in {len(files):,} fact "
        f"files (seed {options.seed}, generated in {generated:.0f} s); the bundled shapes"
        + (f" except {', '.join(options.skip_shape)}" if options.skip_shape else "")
        + " (structure and sources per file, SHACL-SPARQL consistency rules over the whole"
        " graph).",
        "",
        f"Each run is a fresh process; medians of {options.repeat} runs (all: cold"
        f" {seconds(colds, 1)} s; one file changed {seconds(warms, 2)} s).",
        "",
        "| run | wall time (median) | peak RSS (median) |",
        "|---|---:|---:|",
        *(f"| {name} | {r['seconds']:.2f} s | {r['rss_mb']:,.0f} MB |" for name, r in rows),
        "",
        f"**Ratio, cold / one file changed: {ratio:.1f}×** (target ≥ 20×). Findings: "
        f"{report['counts']['violation']} violations, {report['counts']['warning']} warnings, "
        f"{report['counts']['info']} info.",
        "",
        "Reproduce: `python benchmarks/incremental.py"
        + (f" --triples {options.triples} --files {options.files}" if triples != 1_000_000 else "")
        + (f" --repeat {options.repeat}" if options.repeat != 3 else "")
        + "".join(f" --skip-shape {name}" for name in options.skip_shape)
        + "`",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if not options.no_write:
        results = HERE / "RESULTS.md"
        existing = results.read_text(encoding="utf-8") if results.exists() else "# Benchmarks\n"
        results.write_text(existing.rstrip("\n") + "\n" + text, encoding="utf-8")


if __name__ == "__main__":
    main()
