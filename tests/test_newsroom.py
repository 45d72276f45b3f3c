"""Issue 15: a new article in minutes — init, new, the draft's reading, fmt quotes, --article.

Each case listed under "Why" in the issue has a test here (or in test_fact_paths.py for the
command-line ones) showing it no longer happens.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, Literal, URIRef

from factcheck.article import parse_meta
from factcheck.cli import cli
from factcheck.draft import draft
from factcheck.loader import FCD, OA, QUDT
from factcheck.project import init_project, new_article

from .conftest import benchmark_module

FC = "https://w3id.org/factcheck/ontology#"
SCRIPT = Path(sys.executable).parent / "factcheck"

ARTICLE = """Tesla loses EV crown to BYD

Tesla delivered 1.79 million vehicles in 2024, down 1.1 percent from 2023. In the fourth \
quarter, BYD's EV sales increased by 13.1 percent to 595,413 units, while Tesla delivered \
495,570 vehicles between October and December.
"""
REGISTRY = """
:Tesla a fc:Organization ;
    rdfs:label "Tesla" ;
    schema:alternateName "Tesla, Inc." .

:BYD a fc:Organization ;
    rdfs:label "BYD" .
"""
META = ["title=Tesla loses EV crown to BYD", "author=unknown", "date=2025-01-03"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "newsroom"
    init_project(root)
    with (root / "facts" / "entities.ttl").open("a", encoding="utf-8") as registry:
        registry.write(REGISTRY)
    (tmp_path / "tesla-byd.txt").write_text(ARTICLE, encoding="utf-8")
    return root


def drafted(project: Path) -> Graph:
    new_article(project, project.parent / "tesla-byd.txt", meta=parse_meta(META))
    return Graph().parse(project / "facts" / "articles" / "tesla-byd" / "claims.ttl")


def claim_with(graph: Graph, value: str) -> URIRef:
    for node in graph.subjects(RDF.type, URIRef(FC + "ArticleClaim")):
        obj = graph.value(node, RDF.object)
        number = graph.value(obj, QUDT.numericValue) if obj is not None else None
        if number is not None and Decimal(str(number)) == Decimal(value):
            assert isinstance(node, URIRef)
            return node
    raise AssertionError(f"no claim with value {value}")


# --- init and new ---------------------------------------------------------------------------------


def test_init_lays_out_a_project(tmp_path: Path) -> None:
    created = init_project(tmp_path / "p")
    assert [str(p) for p in created.files] == [
        "factcheck.toml",
        "facts/entities.ttl",
        "facts/calendar.ttl",
        "facts/reference/README.md",
        "facts/articles/.gitkeep",
        ".gitignore",
        ".pre-commit-config.yaml",
        ".github/workflows/factcheck.yml",
    ]
    assert 'paths = ["facts"]' in (tmp_path / "p" / "factcheck.toml").read_text()
    assert ".factcheck-cache/" in (tmp_path / "p" / ".gitignore").read_text()


def test_init_never_overwrites(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "factcheck.toml").write_text("x = 1\n")
    result = runner.invoke(cli, ["init", str(tmp_path / "p")])
    assert result.exit_code == 2
    assert "factcheck.toml exists; init never overwrites a file" in result.stderr
    assert (tmp_path / "p" / "factcheck.toml").read_text() == "x = 1\n"


def test_new_outside_a_project_is_exit_2(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Tesla sold 5 cars.\n")
    result = runner.invoke(cli, ["new", "a.txt"])
    assert result.exit_code == 2
    assert "not in a factcheck project" in result.stderr


def test_new_records_unknown_source_details_as_fc_unknown(project: Path) -> None:
    """Why: `--source-meta author=unknown` became the string "unknown"."""
    graph = drafted(project)
    document = FCD["article-tesla-byd"]
    schema = "https://schema.org/"
    assert graph.value(document, URIRef(schema + "author")) == URIRef(FC + "unknown")
    assert graph.value(document, URIRef(schema + "url")) == URIRef(FC + "unknown")
    assert graph.value(document, URIRef(schema + "name")) == Literal("Tesla loses EV crown to BYD")
    assert (project / "facts" / "articles" / "tesla-byd" / "article.txt").read_text() == ARTICLE


def test_new_uses_the_project_registry_not_the_bundled_entities(project: Path) -> None:
    """Why: the draft needed the bundled entities.ttl, which pulled in 40 Xiaomi entities."""
    graph = drafted(project)
    subjects = {graph.value(c, RDF.subject) for c in graph.subjects(RDF.type, None)}
    assert {FCD.Tesla, FCD.BYD} <= subjects
    assert not any("Xiaomi" in str(s) for s in graph.all_nodes())


# --- the draft's reading ("Why" cases) ----------------------------------------------------------


def test_possessive_names_the_subject(project: Path) -> None:
    """Why: in "…, BYD's EV sales increased by 13.1 percent" the subject was Tesla."""
    graph = drafted(project)
    assert graph.value(claim_with(graph, "13.1"), RDF.subject) == FCD.BYD
    assert graph.value(claim_with(graph, "595413"), RDF.subject) == FCD.BYD
    assert graph.value(claim_with(graph, "495570"), RDF.subject) == FCD.Tesla


def test_periods_are_the_calendars_iris(project: Path) -> None:
    """Why: "In 2024" became a gYear literal; "fourth quarter" and "between October and
    December" got no period; "2024" and "2023" became date claims of their own."""
    graph = drafted(project)
    period, base = URIRef(FC + "period"), URIRef(FC + "basePeriod")
    assert graph.value(claim_with(graph, "1790000"), period) == FCD.Year2024
    assert graph.value(claim_with(graph, "-1.1"), base) == FCD.Year2023
    assert graph.value(claim_with(graph, "13.1"), period) == FCD["Q4-2024"]
    assert graph.value(claim_with(graph, "595413"), period) == FCD["Q4-2024"]
    assert graph.value(claim_with(graph, "495570"), period) == FCD["Q4-2024"]
    assert (None, URIRef(FC + "pointInTime"), None) not in graph
    assert len(set(graph.subjects(RDF.type, URIRef(FC + "ArticleClaim")))) == 5
    todos = [str(t) for t in graph.objects(claim_with(graph, "495570"), URIRef(FC + "todo"))]
    assert "fc:period: the year is taken from the article's date; confirm it" in todos


def test_changes_are_drafted_as_changes(project: Path) -> None:
    """Why: changes and comparisons were drafted as plain figures."""
    graph = drafted(project)
    down = claim_with(graph, "-1.1")
    assert (down, RDF.type, URIRef(FC + "Change")) in graph
    assert graph.value(down, URIRef(FC + "changeKind")) == URIRef(FC + "RelativeChange")
    assert (claim_with(graph, "13.1"), RDF.type, URIRef(FC + "Change")) in graph


@pytest.mark.parametrize(
    ("sentence", "kind", "value"),
    [
        ("Apple's revenue was 16 percent higher than Samsung's.", "Comparison", "16"),
        ("Apple took a 19.2 percent market share.", "Share", "19.2"),
        ("Apple's sales almost doubled from a year earlier.", "Change", "2"),
        ("Apple's shipments fell by 850,000 from a year earlier.", "Change", "-850000"),
    ],
)
def test_claim_kinds(sentence: str, kind: str, value: str) -> None:
    facts = Graph().parse(
        data="@prefix : <https://w3id.org/factcheck/data/> .\n"
        "@prefix fc: <https://w3id.org/factcheck/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        ':Apple a fc:Organization ; rdfs:label "Apple" .\n'
        ':Samsung a fc:Organization ; rdfs:label "Samsung" .\n',
        format="turtle",
    )
    result = draft(sentence, name="a.txt", text_file="a.txt", facts=facts)
    graph = Graph().parse(data=result.turtle, format="turtle")
    node = claim_with(graph, value)
    assert (node, RDF.type, URIRef(FC + kind)) in graph
    assert graph.value(node, RDF.subject) == FCD.Apple
    if kind == "Comparison":
        assert graph.value(node, URIRef(FC + "comparedWith")) == FCD.Samsung


def test_vague_quantifier_and_number_words() -> None:
    text = "Nearly 40 per cent of buyers waited, and eight airlines flew there."
    graph = Graph().parse(data=draft(text, name="a.txt", text_file="a.txt").turtle, format="turtle")
    share = graph.value(claim_with(graph, "40"), RDF.object)
    assert graph.value(share, URIRef(FC + "precision")) == URIRef(FC + "Almost")  # "Nearly"
    airlines = graph.value(claim_with(graph, "8"), RDF.object)
    assert graph.value(airlines, QUDT.unit) == URIRef(FC + "AirlineCount")


# --- fmt and quotes -----------------------------------------------------------------------------


def test_fmt_recomputes_a_narrowed_quote(runner: CliRunner, project: Path) -> None:
    """Why: narrowing a quote meant recomputing oa:start, oa:end, prefix and suffix by hand."""
    drafted(project)
    claims = project / "facts" / "articles" / "tesla-byd" / "claims.ttl"
    text = claims.read_text(encoding="utf-8")
    claims.write_text(
        text.replace(
            'oa:exact "while Tesla delivered 495,570 vehicles between October and December"',
            'oa:exact "495,570 vehicles"',
        ),
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["fmt", str(claims)])
    assert result.exit_code == 0, result.output
    graph = Graph().parse(claims)
    selector = graph.value(claim_with(graph, "495570"), URIRef(FC + "quote"))
    start = ARTICLE.index("495,570 vehicles")
    assert graph.value(selector, OA.start) == Literal(start)
    assert graph.value(selector, OA.end) == Literal(start + len("495,570 vehicles"))
    assert graph.value(selector, OA.prefix) == Literal(ARTICLE[start - 32 : start])
    assert graph.value(selector, OA.suffix) == Literal(ARTICLE[start + 16 : start + 48])


@pytest.mark.parametrize(
    ("exact", "message"),
    [
        ("Tesla sold 2 million", "quote not found in article.txt: 'Tesla sold 2 million'"),
        ("Tesla", "quote occurs 3 times in article.txt: 'Tesla'"),
    ],
)
def test_fmt_reports_missing_and_ambiguous_quotes(
    runner: CliRunner, project: Path, exact: str, message: str
) -> None:
    drafted(project)
    claims = project / "facts" / "articles" / "tesla-byd" / "claims.ttl"
    text = claims.read_text(encoding="utf-8")
    text = re.sub(r'oa:exact "while Tesla[^"]*"', f'oa:exact "{exact}"', text)
    text = re.sub(r'(oa:exact "' + exact + r'" ;\n\s*oa:prefix )"[^"]*"', r'\1""', text)
    claims.write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["fmt", str(claims)])
    assert result.exit_code == 1
    assert f"fcd:claim-tesla-byd-05: {message}" in result.stderr


# --- one article's view -------------------------------------------------------------------------


def test_article_scope_shows_only_its_claims_and_entities(runner: CliRunner) -> None:
    """Why: graph and report showed every entity of the registry (40 unrelated ones)."""
    root = Path(__file__).resolve().parent.parent / "facts"
    whole = runner.invoke(cli, ["claims", str(root), "--format", "csv"])
    one = runner.invoke(
        cli, ["claims", str(root), "--article", "06-heathrow-2015", "--format", "csv"]
    )
    assert one.exit_code == 0, one.output
    rows = one.stdout.strip().splitlines()[1:]
    assert len(rows) == 11
    assert all("heathrow" in row for row in rows)
    assert len(whole.stdout.strip().splitlines()) > len(rows) + 1
    network = runner.invoke(
        cli, ["graph", "central", str(root), "--article", "01-byd-2022-11", "--format", "csv"]
    )
    assert network.exit_code == 0, network.output
    assert "Xiaomi" not in network.stdout
    assert "BYD" in network.stdout
    missing = runner.invoke(cli, ["claims", str(root), "--article", "nope"])
    assert missing.exit_code == 2
    assert "no article folder named 'nope'" in missing.stderr


# --- the draft quality benchmark --------------------------------------------------------------


def test_draft_quality_meets_the_issue_targets(capsys: pytest.CaptureFixture[str]) -> None:
    """Measured figures, not a timed test: recall ≥ 90%, kinds ≥ 70%, fully right ≥ 70%."""
    assert benchmark_module("draft_quality").main([]) == 0
    out = capsys.readouterr().out
    figures = {
        name: int(re.search(rf"{name}:\s+(\d+)%", out).group(1))  # type: ignore[union-attr]
        for name in ("recall", "precision", "fully right", "kinds right")
    }
    assert figures["recall"] >= 90
    assert figures["kinds right"] >= 70
    assert figures["fully right"] >= 70


# --- end to end, through the installed script ----------------------------------------------------


def run(*args: str, cwd: Path, code: int = 0) -> str:
    done = subprocess.run(
        [str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=300
    )
    assert done.returncode == code, done.stdout + done.stderr
    return done.stdout


def fill_todos(claims: Path) -> None:
    """What a person does: choose each property (the suggested one), confirm, drop the to-dos."""
    text = claims.read_text(encoding="utf-8")
    blocks = re.split(r"(?m)^(?=:claim-)", text)
    for index, block in enumerate(blocks):
        if not block.startswith(":claim-"):
            continue
        found = re.search(r"perhaps (fc:\w+)", block)
        prop = found.group(1) if found else "fc:vehicleSales"
        done = re.sub(r'    fc:todo "[^"]*"(,\n        "[^"]*")* ;\n', "", block)
        if "fc:basePeriod: the text does not say" in block:  # the same quarter a year earlier
            done = done.replace(
                "    fc:period :Q4-2024", "    fc:basePeriod :Q4-2023 ;\n    fc:period :Q4-2024"
            )
        blocks[index] = done.replace(
            "    rdf:subject", f"    rdf:predicate {prop} ;\n    rdf:subject", 1
        )
    claims.write_text("".join(blocks), encoding="utf-8")


@pytest.mark.skipif(not SCRIPT.exists(), reason="the factcheck script is not installed")
def test_end_to_end_init_new_fill_validate_claims_report(tmp_path: Path) -> None:
    run("init", "newsroom", cwd=tmp_path)
    root = tmp_path / "newsroom"
    with (root / "facts" / "entities.ttl").open("a", encoding="utf-8") as registry:
        registry.write(REGISTRY)
    (tmp_path / "tesla-byd.txt").write_text(ARTICLE, encoding="utf-8")
    out = run("new", "../tesla-byd.txt", *(f"--source-meta={m}" for m in META), cwd=root)
    assert out.startswith("facts/articles/tesla-byd/: 5 claims, ")
    run("validate", cwd=root, code=1)  # unfinished: the to-dos fail the check
    # --allow-todo passes the to-dos; the change with no base stays a violation until filled
    assert "A change needs its base" in run("validate", "--allow-todo", cwd=root, code=1)
    fill_todos(root / "facts" / "articles" / "tesla-byd" / "claims.ttl")
    run("fmt", cwd=root)  # after editing by hand: canonical layout, quotes in step
    assert run("validate", cwd=root).startswith("✓ 3 files")
    run("fmt", "--check", cwd=root)
    listed = run("claims", cwd=root)
    assert "5 claims: 5 unverifiable" in listed
    run("report", cwd=root)
    assert (root / "report.html").is_file()
    # the pre-commit hooks and the CI steps run as written
    hooks = re.findall(r"entry: (.+)", (root / ".pre-commit-config.yaml").read_text())
    steps = re.findall(
        r"run: (factcheck .+)", (root / ".github/workflows/factcheck.yml").read_text()
    )
    for command in [*hooks, *steps]:
        run(*command.split()[1:], cwd=root)
    shutil.rmtree(root / ".factcheck-cache", ignore_errors=True)
