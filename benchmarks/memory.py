"""Peak memory and time of the reading commands against ``validate``, on one corpus (issue 17).

Issue 17 ("Memory"): ``claims`` and ``query`` needed 17 GB and over 20 GB at 5M triples where
``validate`` needs 5.6 GB. This runs ``validate`` (the baseline, measured in the same run) and
then ``claims`` and canned queries, each in a fresh process, and prints each one's wall time,
CPU time and peak RSS, with its peak RSS as a ratio of ``validate``'s. A run whose resident
memory passes ``--limit-mb`` is stopped and reported as "> LIMIT".

    python benchmarks/memory.py --triples 1m                 # generates the corpus first
    python benchmarks/memory.py --corpus /tmp/corpus/5m --limit-mb 18000

Generated corpora go to ``--out`` (default ``benchmarks/out/memory``, not committed).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent

COMMANDS: dict[str, list[str]] = {
    "validate": ["validate", "--no-cache", "--format", "json"],
    "claims": ["claims", "--format", "csv"],
    "query claim-sources": ["query", "claim-sources", "--format", "csv"],
    "query claims-by-verdict": ["query", "claims-by-verdict", "--format", "csv"],
    "query source-conflicts": ["query", "source-conflicts", "--format", "csv"],
}
"""What each measured run executes (``factcheck`` arguments before the corpus path)."""


@dataclass
class Run:
    name: str
    seconds: float
    cpu: float
    rss_mb: float
    exit: int
    stopped: bool
    lines: int


def parse_size(text: str) -> int:
    text = text.strip().lower().replace("_", "")
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * scale)


def measure(name: str, args: list[str], corpus: Path, limit_mb: int, out: Path) -> Run:
    """One ``factcheck`` process: wall and CPU seconds, peak RSS (from ``wait4``), exit code."""
    command = [sys.executable, "-m", "factcheck", *args, str(corpus)]
    with (out / f"{name.replace(' ', '-')}.out").open("wb") as sink:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.DEVNULL)
        stopped = False
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if _rss_mb(process.pid) > limit_mb:
                process.kill()
                stopped = True
            time.sleep(0.2)
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    lines = len((out / f"{name.replace(' ', '-')}.out").read_bytes().splitlines())
    return Run(
        name,
        seconds,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
        process.returncode,
        stopped,
        lines,
    )


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def table(runs: list[Run], limit_mb: int) -> list[str]:
    base = runs[0]
    lines = [
        "| command | wall time | CPU time | peak RSS | RSS / validate's | output lines |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        rss = f"> {limit_mb:,} MB (stopped)" if run.stopped else f"{run.rss_mb:,.0f} MB"
        ratio = "" if run.stopped else f"{run.rss_mb / base.rss_mb:.2f}×"
        lines.append(
            f"| `factcheck {run.name}` | {run.seconds:.1f} s "
            f"| {run.cpu:.1f} s | {rss} | {ratio} | {run.lines:,} |"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--corpus", type=Path, help="an existing directory of fact files")
    source.add_argument("--triples", help="generate a corpus of this size (e.g. 100k, 1m)")
    parser.add_argument("--files", type=int, help="fact files when generating (default: 1/1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "memory")
    parser.add_argument("--limit-mb", type=int, default=18_000, help="stop a run past this RSS")
    parser.add_argument(
        "--only", action="append", choices=list(COMMANDS), help="measure only these (repeatable)"
    )
    options = parser.parse_args(argv)
    options.out.mkdir(parents=True, exist_ok=True)
    corpus = options.corpus
    if corpus is None:
        sys.path.insert(0, str(HERE))
        from corpus import generate  # type: ignore[import-not-found]

        triples = parse_size(options.triples)
        corpus = options.out / "facts"
        generate(corpus, triples, options.files or max(3, triples // 1000), options.seed)
    names = [
        "validate",
        *(n for n in COMMANDS if n != "validate" and n in (options.only or COMMANDS)),
    ]
    runs = []
    for name in names:
        run = measure(name, COMMANDS[name], corpus, options.limit_mb, options.out)
        runs.append(run)
        if run.exit not in (0, 1) and not run.stopped:
            print(f"{name} failed with exit code {run.exit}", file=sys.stderr)
            return 1
    print(f"Corpus: {corpus}")
    print("\n".join(table(runs, options.limit_mb)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
