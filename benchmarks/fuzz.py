"""The long fuzzing campaign of issue 17: mutate the bundled fact files and run the commands.

Each case takes one bundled Turtle file, applies one to four mutations (byte flips, token
deletions and duplications, truncations, deep nesting, huge numbers, odd language tags and
datatypes), writes it beside two unchanged files (the entities and the article text its quotes
point into) and runs one command on that folder through click's ``CliRunner``, in process. A
case *crashes* when the command raises anything but click's exit, exits with a code other than
0, 1 or 2 (70 is factcheck's internal error), or prints a traceback. Crashes are grouped by the
exception and the innermost factcheck frame; each group's first input is written to ``--out``.

Not a timed benchmark and not in the test suite (``tests/test_fuzz.py`` runs a small
deterministic slice through ``campaign``). The same ``--seed`` gives the same cases.

    python benchmarks/fuzz.py --cases 2000 --seed 1 --out /tmp/fuzz
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts"
SOURCES = sorted(p for p in FACTS.glob("*.ttl"))
FC = "https://w3id.org/factcheck/ontology#"
FCD = "https://w3id.org/factcheck/data/"
FCD_PREFIX = FCD
BESIDE = ["entities.ttl", "xiaomi-su7-100k-article.txt"]

COMMANDS: list[list[str]] = [
    ["validate", "--no-cache"],
    ["validate", "--no-cache", "--format", "sarif"],
    ["claims", "--format", "json"],
    ["explain", "claim-loss-per-su7"],
    ["entity", "Xiaomi"],
    ["query", "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 50"],
    ["query", "--engine", "rdflib", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
    ["query", "CONSTRUCT WHERE { ?s ?p ?o }", "--format", "turtle"],
    ["query", "source-conflicts"],
    ["graph", "central"],
    ["graph", "neighbors", "Xiaomi"],
    ["graph", "export", "-o", "{out}/g.json", "--format", "json"],
    ["fmt", "--check"],
    ["fmt"],
    ["report", "-o", "{out}/r.html", "--force"],
    ["export", "claimreview", "-o", "{out}/r.jsonld", "--force", "--base-url", "https://e.org/"],
    ["draft", "{out}/article.txt", "--out", "{out}/d.ttl", "--force"],
]

X = "http://www.w3.org/2001/XMLSchema#"
R = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
HUGE = ["1e400", "-1e400", "99999999999999999999999999999999", "0", "-0", "0.0000000000000001",
        f'"NaN"^^<{X}double>', f'"INF"^^<{X}double>', f'"-INF"^^<{X}double>',
        f'"1e400"^^<{X}decimal>', f'"abc"^^<{X}integer>', "1E-400"]  # fmt: skip
LANGUAGES = ["en--ltr", "en--rtl", "x", "EN", "zh-Hans-CN", "i-klingon", "en-", "123",
             "a-b-c-d-e-f-g-h"]  # fmt: skip
DATATYPES = [f'"2024-02-30"^^<{X}date>', f'"2024-13-01"^^<{X}date>',
             f'"2024-03-28+25:00"^^<{X}date>', f'"2024-03-28T08:00:00+08:00"^^<{X}dateTime>',
             f'"24:00:00"^^<{X}time>', f'"-0001"^^<{X}gYear>', f'"2024-Q2"^^<{X}gYearMonth>',
             f'"P1Y-2M"^^<{X}duration>', f'"true"^^<{X}integer>', '"x"^^<urn:odd:type>',
             f'"x"^^<{R}langString>', f'"x"^^<{R}dirLangString>', f'"€"^^<{X}decimal>',
             f'""^^<{X}date>']  # fmt: skip
TOKENS = ["[", "]", "(", ")", ";", ",", ".", "a", '"', '"""', "<", ">", "^^", "_:b0", "<<(",
          ")>>", "{", "}", "@prefix", "fc:", ":", "#", "\\u0000", "\\U0010FFFF", "\ufeff",
          "\x00", "\r", "GRAPH", "@base <http://x/> ."]  # fmt: skip
_WORD = re.compile(r"\S+|\s+")


def mutate(text: str, rng: random.Random) -> str:
    """One to four mutations of Turtle ``text``; half the cases only those that keep the syntax
    (numbers, language tags, datatypes, nesting), so that most reach past the parser."""
    kinds = MUTATIONS if rng.random() < 0.5 else KEEPING_SYNTAX
    for _ in range(rng.randint(1, 4)):
        text = rng.choice(kinds)(text, rng)
    return text


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text)


def _flip(text: str, rng: random.Random) -> str:
    data = bytearray(text.encode("utf-8", errors="surrogateescape"))
    for _ in range(rng.randint(1, 8)):
        if data:
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return data.decode("utf-8", errors="surrogateescape")


def _delete(text: str, rng: random.Random) -> str:
    parts = _tokens(text)
    at = rng.randrange(len(parts)) if parts else 0
    del parts[at : at + rng.randint(1, 6)]
    return "".join(parts)


def _duplicate(text: str, rng: random.Random) -> str:
    parts = _tokens(text)
    at = rng.randrange(len(parts)) if parts else 0
    return "".join(parts[:at] + parts[at : at + rng.randint(1, 40)] + parts[at:])


def _insert(text: str, rng: random.Random) -> str:
    parts = _tokens(text)
    at = rng.randrange(len(parts) + 1)
    return "".join([*parts[:at], " ", rng.choice(TOKENS), " ", *parts[at:]])


def _truncate(text: str, rng: random.Random) -> str:
    return text[: rng.randrange(len(text) + 1)]


def _nest(text: str, rng: random.Random) -> str:
    depth = rng.choice([50, 200, 1000, 5000])
    kind = rng.choice(["blank", "list", "quoted"])
    if kind == "blank":
        body = "[ fc:p " * depth + "1" + " ]" * depth
    elif kind == "list":
        body = "( " * depth + "1" + " )" * depth
    else:
        inner = f"<{FCD}a> <{FC}p> <{FCD}b>"
        body = "<<( " * min(depth, 200) + inner + " )>>" * min(depth, 200)
    body = body.replace("fc:p", f"<{FC}p>").replace("fcd:", FCD_PREFIX)
    return text + f"\n<{FCD}nested> <{FC}p> {body} .\n"


def _numbers(text: str, rng: random.Random) -> str:
    numbers = list(re.finditer(r"(?<=\s)[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?=\s*[;.,\]])", text))
    if not numbers:
        return text
    match = rng.choice(numbers)
    return text[: match.start()] + rng.choice(HUGE) + text[match.end() :]


def _languages(text: str, rng: random.Random) -> str:
    literals = list(re.finditer(r'"(?:[^"\\\n]|\\.)*"(@[A-Za-z0-9\-]+)?(?![\^"])', text))
    if not literals:
        return text
    match = rng.choice(literals)
    end = match.end(1) if match.group(1) else match.end(0)
    cut = match.start(1) if match.group(1) else match.end(0)
    return text[:cut] + "@" + rng.choice(LANGUAGES) + text[end:]


def _datatypes(text: str, rng: random.Random) -> str:
    values = list(re.finditer(r'"[^"\n]*"\^\^(?:xsd:\w+|<[^>\s]*>)', text))
    if not values:
        return text + f"\n<{FCD}odd> <{FC}value> {rng.choice(DATATYPES)} .\n"
    match = rng.choice(values)
    return text[: match.start()] + rng.choice(DATATYPES) + text[match.end() :]


MUTATIONS: list[Callable[[str, random.Random], str]] = [
    _flip, _delete, _duplicate, _insert, _truncate, _nest, _numbers, _numbers, _languages,
    _datatypes, _datatypes,
]  # fmt: skip
KEEPING_SYNTAX = [_nest, _numbers, _numbers, _languages, _datatypes, _datatypes]


@dataclass
class Crash:
    key: str
    command: list[str]
    source: str
    detail: str
    count: int = 1


@dataclass
class Campaign:
    cases: int = 0
    seconds: float = 0.0
    outcomes: dict[int, int] = field(default_factory=dict)
    crashes: dict[str, Crash] = field(default_factory=dict)


def _crash_key(error: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "/factcheck/" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"{type(error).__name__} at {where}"


def campaign(
    cases: int,
    seed: int,
    out: Path | None = None,
    on_case: Callable[[int, Campaign], None] | None = None,
) -> Campaign:
    """Run ``cases`` fuzz cases from ``seed``; return what happened."""
    from click.testing import CliRunner

    from factcheck.cli import cli

    rng = random.Random(seed)
    result = Campaign()
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="factcheck-fuzz-"))
    cwd = Path.cwd()
    try:
        for index in range(cases):
            source = rng.choice(SOURCES)
            text = mutate(source.read_text(encoding="utf-8"), rng)
            command = rng.choice(COMMANDS)
            case = work / f"case-{index}"
            (case / "facts").mkdir(parents=True)
            (case / "out").mkdir()
            (case / "out" / "article.txt").write_text("Xiaomi sold 100,000 cars in 2024.\n")
            for name in BESIDE:
                if name != source.name:
                    shutil.copy(FACTS / name, case / "facts" / name)
            data = text.encode("utf-8", errors="surrogateescape")
            (case / "facts" / source.name).write_bytes(data)
            args = [a.replace("{out}", str(case / "out")) for a in command]
            os.chdir(case)
            try:
                run = CliRunner().invoke(cli, args)
            finally:
                os.chdir(cwd)
            result.cases += 1
            result.outcomes[run.exit_code] = result.outcomes.get(run.exit_code, 0) + 1
            error = run.exception
            crashed = (error is not None and not isinstance(error, SystemExit)) or (
                run.exit_code not in (0, 1, 2)
                or "internal error" in run.output
                or "Traceback" in run.output
            )
            if crashed:
                key = _crash_key(error) if error is not None else f"exit {run.exit_code}"
                if key in result.crashes:
                    result.crashes[key].count += 1
                else:
                    detail = "".join(
                        traceback.format_exception(error) if error is not None else run.output
                    )
                    result.crashes[key] = Crash(key, command, source.name, detail)
                    if out is not None:
                        out.mkdir(parents=True, exist_ok=True)
                        stem = f"crash-{len(result.crashes)}"
                        (out / f"{stem}.ttl").write_bytes(data)
                        (out / f"{stem}.txt").write_text(
                            f"{' '.join(command)}\n{source.name}\n\n{detail}", encoding="utf-8"
                        )
            shutil.rmtree(case, ignore_errors=True)
            if on_case is not None:
                on_case(index, result)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result.seconds = time.perf_counter() - started
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None, help="where to write crash inputs")
    args = parser.parse_args(argv)

    def progress(index: int, result: Campaign) -> None:
        if (index + 1) % 100 == 0:
            print(
                f"{index + 1} cases, {len(result.crashes)} distinct crashes, "
                f"{time.perf_counter() - begun:.0f} s",
                file=sys.stderr,
                flush=True,
            )

    begun = time.perf_counter()
    result = campaign(args.cases, args.seed, args.out, progress)
    outcomes = ", ".join(f"exit {code}: {n}" for code, n in sorted(result.outcomes.items()))
    print(f"{result.cases} cases (seed {args.seed}) in {result.seconds:.0f} s; {outcomes}")
    print(f"{len(result.crashes)} distinct crashes")
    for crash in result.crashes.values():
        print(f"  {crash.count} x {crash.key}: {' '.join(crash.command)} on {crash.source}")
    return 1 if result.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
