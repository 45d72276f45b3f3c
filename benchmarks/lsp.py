"""``factcheck lsp``: time from an editor's ``didChange`` to the file's new diagnostics, against a
cold ``factcheck validate`` of the same files in the same run.

    python benchmarks/lsp.py                      # the bundled facts, 20 edits
    python benchmarks/lsp.py --edits 40 --write-results
    python benchmarks/corpus.py --triples 100000 --files 100 --out /tmp/corpus100k
    python benchmarks/lsp.py --facts /tmp/corpus100k   # a generated corpus (copied first)

The server is the installed ``factcheck lsp``, spawned and driven over JSON-RPC by the tests'
client (``tests/lsp_client.py``) on a copy of the bundled facts (or of ``--facts``). Each edit
toggles an unknown ``fc:`` term (the first ``fc:sourceKind`` becomes ``fc:sourceKnd``) in one
reference file (unsaved: the file on disk is unchanged), and is timed from
sending ``didChange`` to receiving that file's ``publishDiagnostics``. The baseline is a fresh
``factcheck validate --no-cache`` process over the same files with the same typo saved, timed
the same number of times. Also printed: start-up (``initialize`` to the first diagnostics),
hover on a claim (the session's first, which builds the graph the verdicts read; again; and
the first after one more edit), and the server's peak RSS (VmHWM).
The diagnostics' rules for the edited file must equal the cold run's findings for it.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))

from lsp_client import Client  # noqa: E402

PREFERRED = "reference-su7-ultra.ttl"
RIGHT = "fc:sourceKind"
WRONG = "fc:sourceKnd"
CLAIM = re.compile(r"^(:\S+) a fc:ArticleClaim\b", re.MULTILINE)


def edited_file(facts: Path) -> Path:
    """The bundled SU7 Ultra reference file, else the first reference file with the term."""
    preferred = facts / PREFERRED
    if preferred.is_file():
        return preferred
    for file in sorted(facts.rglob("*.ttl")):
        if "reference" in file.name and RIGHT in file.read_text(encoding="utf-8"):
            return file
    raise SystemExit(f"no reference file under {facts} writes {RIGHT}")


def first_claim(facts: Path) -> tuple[Path, int, int]:
    """A claim's subject position (0-based) in the first article file that has one."""
    for file in sorted(facts.rglob("*.ttl")):
        text = file.read_text(encoding="utf-8")
        found = CLAIM.search(text)
        if found:
            return file, text[: found.start()].count("\n"), 2
    raise SystemExit(f"no fc:ArticleClaim under {facts}")


def script() -> str:
    found = shutil.which("factcheck", path=str(Path(sys.executable).parent))
    return found or "factcheck"


def peak_rss_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def drive(facts: Path, edits: int) -> dict[str, object]:
    process = subprocess.Popen(
        [script(), "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=facts.parent
    )
    client = Client(process)
    started = time.perf_counter()
    client.request("initialize", {"processId": None, "rootUri": facts.as_uri(), "capabilities": {}})
    client.notify("initialized", {})
    client.wait_for("textDocument/publishDiagnostics", timeout=300)
    startup = time.perf_counter() - started
    file = edited_file(facts)
    uri = file.as_uri()
    right = file.read_text(encoding="utf-8")
    wrong = right.replace(RIGHT, WRONG, 1)
    assert wrong != right
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "turtle", "version": 1, "text": right}},
    )
    times: list[float] = []
    rules: list[str] = []
    for number in range(edits):
        text = wrong if number % 2 == 0 else right
        sent = time.perf_counter()
        client.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": number + 2},
                "contentChanges": [{"text": text}],
            },
        )
        params = client.wait_for(
            "textDocument/publishDiagnostics", lambda p: p["uri"] == uri, timeout=300
        )
        times.append(time.perf_counter() - sent)
        if text is wrong:
            rules = sorted(str(d.get("code")) for d in params["diagnostics"])
    if edits % 2 == 0:  # leave the typo in, as the cold run sees it
        client.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": edits + 2},
                "contentChanges": [{"text": wrong}],
            },
        )
        client.wait_for("textDocument/publishDiagnostics", lambda p: p["uri"] == uri, timeout=300)
    article, line, character = first_claim(facts)
    position = {
        "textDocument": {"uri": article.as_uri()},
        "position": {"line": line, "character": character},
    }
    sent = time.perf_counter()
    client.request("textDocument/hover", position)
    hover_first = time.perf_counter() - sent
    sent = time.perf_counter()
    client.request("textDocument/hover", position)
    hover_again = time.perf_counter() - sent
    client.notify(  # one more edit: the hover graph is now only brought up to date
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": edits + 3}, "contentChanges": [{"text": right}]},
    )
    client.wait_for("textDocument/publishDiagnostics", lambda p: p["uri"] == uri, timeout=300)
    sent = time.perf_counter()
    client.request("textDocument/hover", position)
    hover_later = time.perf_counter() - sent
    rss = peak_rss_mb(process.pid)
    client.request("shutdown")
    client.notify("exit")
    code = client.close(timeout=30)
    return {
        "startup": startup,
        "times": times,
        "rules": rules,
        "hover_first": hover_first,
        "hover_again": hover_again,
        "hover_later": hover_later,
        "rss_mb": rss,
        "exit": code,
    }


def cold(facts: Path, runs: int) -> tuple[list[float], list[str]]:
    file = edited_file(facts)
    right = file.read_text(encoding="utf-8")
    file.write_text(right.replace(RIGHT, WRONG, 1), encoding="utf-8")
    times: list[float] = []
    rules: list[str] = []
    try:
        for _ in range(runs):
            out = facts.parent / "cold.json"
            command = [script(), "validate", str(facts), "--no-cache", "--format", "json"]
            sent = time.perf_counter()
            subprocess.run([*command, "-o", str(out)], check=False, cwd=facts.parent)
            times.append(time.perf_counter() - sent)
            findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
            rules = sorted(
                str(f["rule"])
                for f in findings
                if (facts.parent / str(f["file"])).resolve() == file.resolve()
            )
    finally:
        file.write_text(right, encoding="utf-8")
    return times, rules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--facts", type=Path, help="a fact folder to copy (default: bundled)")
    parser.add_argument("--write-results", action="store_true")
    args = parser.parse_args()
    source = args.facts or ROOT / "facts"
    load_before = os.getloadavg()[0]
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout.strip()
    with tempfile.TemporaryDirectory() as scratch:
        facts = Path(scratch) / "facts"
        shutil.copytree(source, facts)
        files = sum(1 for p in facts.rglob("*") if p.suffix in (".ttl", ".nt", ".trig", ".nq"))
        served = drive(facts, args.edits)
        cold_times, cold_rules = cold(facts, args.cold_runs)
    times = served["times"]
    assert isinstance(times, list)
    median = statistics.median(times)
    cold_median = statistics.median(cold_times)
    same = served["rules"] == cold_rules
    load_after = os.getloadavg()[0]
    facts_option = "" if args.facts is None else f" --facts {args.facts}"
    lines = [
        f"## `factcheck lsp`: didChange to diagnostics, "
        f"{'bundled facts' if args.facts is None else str(args.facts)} ({files} fact files, "
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores shared with other sessions (load "
        f"average {load_before:.1f} before, {load_after:.1f} after), Python "
        f"{platform.python_version()}, commit {commit or 'unknown'}. Command: "
        f"`python benchmarks/lsp.py --edits {args.edits}{facts_option}`.",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| didChange → publishDiagnostics, median of {len(times)} edits | {median:.3f} s |",
        f"| … min / max | {min(times):.3f} s / {max(times):.3f} s |",
        f"| cold `factcheck validate --no-cache` (fresh process), median of {len(cold_times)} "
        f"| {cold_median:.3f} s |",
        f"| ratio cold / didChange | {cold_median / median:.1f}× |",
        f"| start-up: initialize → first diagnostics | {served['startup']:.2f} s |",
        f"| hover on a claim: first of the session / again / first after a later edit | "
        f"{served['hover_first']:.3f} s / {served['hover_again']:.3f} s / "
        f"{served['hover_later']:.3f} s |",
        f"| server peak RSS (VmHWM) | {served['rss_mb']:.0f} MB |",
        f"| edited file's rules equal the cold run's | {'yes' if same else 'NO'} "
        f"({', '.join(cold_rules)}) |",
        f"| server exit code after shutdown + exit | {served['exit']} |",
        "",
    ]
    report = "\n".join(lines)
    print(report)
    if not same:
        print(f"LSP rules {served['rules']} != cold rules {cold_rules}", file=sys.stderr)
    if args.write_results:
        results = HERE / "RESULTS.md"
        text = results.read_text(encoding="utf-8")
        head, _, rest = text.partition("\n## ")
        results.write_text(f"{head}\n{report}\n## {rest}", encoding="utf-8")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
