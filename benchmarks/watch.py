"""Watch (issue 19): the time from a one-file change to updated findings in the long-lived
process, on a generated corpus of about 1,000 fact files (~1M triples).

    python benchmarks/watch.py                        # ~1M triples, 1,000 files
    python benchmarks/watch.py --triples 20k --files 20

Generates the corpus (``benchmarks/incremental.py``'s ``generate``, in a child process so its
memory does not count), opens a ``Workspace`` on it, then makes one edit after another, each
to one file and each of a different kind, timing ``Workspace.update`` from the call to the
updated findings. Then a cold ``factcheck validate`` (a fresh process, no cache) over the same
files, timed in the same run, and its JSON report compared with the workspace's, byte for
byte. Prints a Markdown table; peak RSS is this process's (the workspace's) high-water mark.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from incremental import machine, parse_size  # type: ignore[import-not-found]  # noqa: E402

Edit = Callable[[Path], Path]
"""Edits the corpus in place; returns the file it changed."""


def _reference(corpus: Path, turn: int) -> Path:
    """A reference file with figures in it (not one of the near-empty ones), another for each
    ``turn``."""
    references = [
        path
        for path in sorted(corpus.glob("reference-*.ttl"))
        if "qudt:numericValue" in path.read_text(encoding="utf-8")
    ]
    if not references:
        raise SystemExit("no reference file with a figure in the corpus")
    return references[(len(references) // 2 + turn * 7) % len(references)]


def _rewrite(path: Path, change: Callable[[str], str]) -> Path:
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    if changed == text:
        raise SystemExit(f"the edit changed nothing in {path}")
    path.write_text(changed, encoding="utf-8")
    return path


def edit_label(corpus: Path) -> Path:
    return _rewrite(
        _reference(corpus, 0), lambda t: t.replace('rdfs:label "', 'rdfs:label "(edited) ', 1)
    )


def edit_figure(corpus: Path) -> Path:
    return _rewrite(
        _reference(corpus, 1),
        lambda t: re.sub(
            r"qudt:numericValue (\d+)", lambda m: f"qudt:numericValue {int(m[1]) + 1}", t, count=1
        ),
    )


def typo_in_property(corpus: Path) -> Path:
    return _rewrite(_reference(corpus, 2), lambda t: t.replace("fc:source ", "fc:sourc ", 1))


def dangling_reference(corpus: Path) -> Path:
    return _rewrite(
        _reference(corpus, 3), lambda t: t.replace("rdf:subject :org-", "rdf:subject :orgg-", 1)
    )


def new_fact(corpus: Path) -> Path:
    path = _reference(corpus, 4)
    match = re.search(r"rdf:subject (:org-\d+)", path.read_text(encoding="utf-8"))
    subject = match.group(1) if match else ":org-0"
    fact = (
        "\n:ref-watch-added a fc:ReferenceFact ;\n"
        '    rdfs:label "An added figure" ;\n'
        f"    rdf:subject {subject} ;\n"
        "    rdf:predicate fc:revenue ;\n"
        '    rdf:object [ a fc:Quantity ; qudt:numericValue 123456789 ; fc:currency "CNY" ;'
        " fc:precision fc:Exact ] ;\n"
        '    fc:pointInTime "2024-06-30"^^xsd:date .\n'
    )
    return _rewrite(path, lambda t: t + fact)


def comment_only(corpus: Path) -> Path:
    return _rewrite(_reference(corpus, 5), lambda t: "# reviewed\n" + t)


def article_text(corpus: Path) -> Path:
    texts = sorted(corpus.glob("article-*.txt"))
    return _rewrite(
        texts[len(texts) // 2], lambda t: t + "\nIn 2031 it sold 12,345 more cars than planned.\n"
    )


def entity_label(corpus: Path) -> Path:
    entities = sorted(corpus.glob("entities-*.ttl"))
    return _rewrite(entities[len(entities) // 2], lambda t: t.replace(' Motors"', ' Motor Co."', 1))


EDITS: list[tuple[str, Edit]] = [
    ("a reference fact's label", edit_label),
    ("a figure (+1)", edit_figure),
    ("a property typo (fc:sourc)", typo_in_property),
    ("a dangling subject IRI", dangling_reference),
    ("a new reference fact", new_fact),
    ("a comment line (every line moves)", comment_only),
    ("an article text: a new figure", article_text),
    ("an entity's label", entity_label),
]


def cold(corpus: Path, output: Path) -> tuple[float, float]:
    """A fresh ``factcheck validate --no-cache`` process: wall seconds and peak RSS (MB)."""
    script = (
        "import resource, sys\n"
        "from factcheck.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "finally:\n"
        "    print(f'RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}', file=sys.stderr)\n"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", script, "validate", str(corpus), "--no-cache", "--format", "json",
         "--output", str(output)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"validate failed ({done.returncode}): {done.stderr}")
    rss = re.search(r"RSS (\d+)", done.stderr)
    return seconds, int(rss.group(1)) / 1024 if rss else float("nan")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", default="1m", help="corpus size (e.g. 20k, 1m)")
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "watch")
    args = parser.parse_args(argv)

    import shutil

    corpus = args.out / "facts"
    if corpus.exists():
        shutil.rmtree(corpus)
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]);"
         " from incremental import generate; from pathlib import Path;"
         " generate(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))",
         str(HERE), str(corpus), str(parse_size(args.triples)), str(args.files), str(args.seed)],
        check=True,
    )  # fmt: skip
    print(f"corpus: {corpus} generated in {time.perf_counter() - started:.1f} s", flush=True)

    # A cold run first, from this small process: a child's peak RSS starts from its parent's
    # (Linux keeps the high-water mark across fork), so after the workspace is open it would
    # report the workspace's.
    first_seconds, first_rss = cold(corpus, args.out / "cold-before.json")
    print(f"cold validate before the edits: {first_seconds:.1f} s, {first_rss:.0f} MB", flush=True)

    from factcheck.workspace import Workspace

    started = time.perf_counter()
    workspace = Workspace.open([corpus], hold_memory=True)
    opened = time.perf_counter() - started
    report = workspace.report()
    print(
        f"workspace opened in {opened:.1f} s: {len(report.files)} files, {report.triples} triples,"
        f" {len(report.findings)} findings",
        flush=True,
    )

    rows = []
    for name, edit in EDITS:
        path = edit(corpus)
        started, cpu = time.perf_counter(), time.process_time()
        delta = workspace.update(path)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        rows.append((name, path.name, seconds, cpu, len(delta.new), len(delta.resolved)))
        print(
            f"{name} ({path.name}): {seconds:.2f} s ({cpu:.2f} s CPU), {len(delta.new)} new,"
            f" {len(delta.resolved)} resolved",
            flush=True,
        )
    times = [row[2] for row in rows]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    output = args.out / "cold.json"
    cold_seconds, _rss = cold(corpus, output)
    cold_text = output.read_text(encoding="utf-8")
    ours = workspace.report_json()
    cold_count = len(json.loads(cold_text)["findings"])
    identical = ours == cold_text

    print()
    print(f"Machine: {machine()}")
    print(f"Corpus: {report.triples} triples in {len(report.files)} fact files (seed {args.seed})")
    print()
    print("| edit | file | change → updated findings | CPU | new | resolved |")
    print("|---|---|---:|---:|---:|---:|")
    for name, file, seconds, cpu, new, resolved in rows:
        print(f"| {name} | {file} | {seconds:.2f} s | {cpu:.2f} s | {new} | {resolved} |")
    print()
    cpus = [row[3] for row in rows]
    print(
        f"**Median {statistics.median(times):.2f} s** (min {min(times):.2f} s, max"
        f" {max(times):.2f} s) over {len(times)} one-file edits (CPU time of the process,"
        f" all threads: median {statistics.median(cpus):.2f} s); workspace opened in"
        f" {opened:.1f} s; peak RSS {peak:.0f} MB."
    )
    print(
        f"Cold `factcheck validate --no-cache` of the same files, a fresh process: before the"
        f" edits {first_seconds:.1f} s, {first_rss:.0f} MB; after them {cold_seconds:.1f} s."
    )
    print(
        f"Findings: workspace {len(workspace.report().findings)}, cold run {cold_count};"
        f" JSON reports byte-identical: {'yes' if identical else 'NO'}."
    )
    if not identical:
        (args.out / "workspace.json").write_text(ours, encoding="utf-8")
        raise SystemExit(f"the reports differ: see {args.out}/workspace.json and cold.json")


if __name__ == "__main__":
    main()
