"""``factcheck entity NAME``: lookup by label and everything known and claimed (issue 4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef

from factcheck.cli import cli
from factcheck.entity import Entity, find_entities, normalize, pick
from factcheck.loader import FCD

ACME = Path(__file__).parent / "fixtures" / "query"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_entity_sections() -> None:
    code, out, err = run("entity", "acme corp", str(ACME))
    assert (code, err) == (0, "")
    assert out == (
        "Acme (fcd:Acme)\n"
        "organisation · also known as Acme Corp\n"
        "\n"
        "Known — reference facts (3)\n"
        "fact                    subject   property  value          when  sources\n"
        "----------------------  --------  --------  -------------  ----  ------------------\n"
        "fcd:ref-ceo             Jane Roe  CEO of    Acme                 Acme annual filing\n"
        "fcd:ref-revenue-filing  Acme      revenue   USD 5,000,000  2024  Acme annual filing\n"
        "fcd:ref-revenue-paper   Acme      revenue   USD 6,000,000  2024  Daily Paper report\n"
        "\n"
        "Claimed — article claims (1)\n"
        "claim          subject   property  value  when  verdict    source\n"
        "-------------  --------  --------  -----  ----  ---------  --------------------\n"
        "fcd:claim-ceo  Jane Roe  CEO of    Acme         supported  Article under review\n"
        "\n"
        "Relations (1)\n"
        "   property      other\n"
        "-  ------------  -----------\n"
        "←  manufacturer  Acme Rocket\n"
    )


def test_entity_json() -> None:
    code, out, _ = run("entity", "fcd:JaneRoe", str(ACME), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["iri"], data["label"], data["types"]) == (str(FCD.JaneRoe), "Jane Roe", ["person"])
    assert data["known"] == [
        {
            "statement": "fcd:ref-ceo",
            "kind": "reference fact",
            "role": "subject",
            "subject": "Jane Roe",
            "property": "CEO of",
            "value": "Acme",
            "when": "",
            "sources": ["Acme annual filing"],
            "verdict": "",
        }
    ]
    assert [c["statement"] for c in data["claimed"]] == ["fcd:claim-ceo"]
    assert data["claimed"][0]["verdict"] == "supported"
    assert data["relations"] == []


def test_entity_csv_is_one_flat_table() -> None:
    code, out, _ = run("entity", "Acme Rocket", str(ACME), "--format", "csv")
    assert code == 0
    assert out == (
        "section,id,subject,property,value,when,verdict,sources\n"
        "relation,https://w3id.org/factcheck/data/Acme,Acme Rocket,manufacturer,Acme,,,\n"
        "relation,https://w3id.org/factcheck/data/RocketLaunch,Acme Rocket launch,schema:about,"
        "Acme Rocket,,,\n"
    )


def test_entity_markdown_has_headings() -> None:
    code, out, _ = run("entity", "jane", str(ACME), "--format", "markdown")
    assert code == 0
    assert out.startswith("# Jane Roe (fcd:JaneRoe)\nperson\n\n## Known — reference facts (1)\n")
    assert "| fcd:ref-ceo | Jane Roe | CEO of | Acme |  | Acme annual filing |" in out
    assert out.endswith("## Relations (0)\n(none)\n")


def test_unknown_entity_suggests() -> None:
    code, out, err = run("entity", "Acne", str(ACME))
    assert (code, out) == (2, "")
    assert err == ("error: no entity named 'Acne'\n  hint: did you mean Acme (fcd:Acme)?\n")


def test_ambiguous_entity_lists_matches() -> None:
    code, _, err = run("entity", "a", str(ACME))
    assert code == 2
    assert err.startswith("error: 'a' matches ")


def test_unknown_iri() -> None:
    code, _, err = run("entity", "fcd:Nobody", str(ACME))
    assert code == 2
    assert err.startswith("error: no entity fcd:Nobody in the facts\n")


def test_bundled_entity_by_alternate_name() -> None:
    code, out, _ = run("entity", "musk")
    assert code == 0
    assert out.startswith("Elon Musk (fcd:ElonMusk)\nperson · also known as Musk\n")
    assert "fcd:claim-musk-quote" in out


def entity(iri: str, *names: str) -> Entity:
    return Entity(URIRef(f"urn:{iri}"), names[0], (*names, iri))


ENTITIES = [
    entity("LeiJun", "Lei Jun"),
    entity("Post", "Lei Jun’s post on the 100,000 milestone"),
    entity("Ultra", "SU7 Ultra"),
    entity("UltraUnveiling", "SU7 Ultra production version unveiled"),
    entity("src-autocar-ultra", "Autocar, SU7 Ultra power"),
    entity("Musk", "Elon Musk", "Musk"),
    entity("Pro", "SU7 Pro"),
    entity("Max", "SU7 Max"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("LEI JUN", "LeiJun"),  # exact, case-insensitive
        ("lei", "LeiJun"),  # the name every other match contains
        ("ultra", "Ultra"),  # not the documents or events named after it
        ("musk", "Musk"),  # an alternate name
        ("leijun", "LeiJun"),  # the IRI's local name, typed in full
        ("lei jun's post", "Post"),  # curly and straight apostrophes are the same
    ],
)
def test_lookup_picks(text: str, expected: str) -> None:
    chosen = pick(find_entities(ENTITIES, text))
    assert chosen is not None
    assert str(chosen.entity.iri) == f"urn:{expected}"


def test_lookup_refuses_to_guess_between_equals() -> None:
    matches = find_entities(ENTITIES, "su7")
    assert pick(matches) is None
    assert {str(m.entity.iri) for m in matches} >= {"urn:Pro", "urn:Max", "urn:Ultra"}


def test_local_names_match_only_in_full() -> None:
    assert find_entities(ENTITIES, "autocar-ultra") == []


def test_normalize() -> None:
    assert normalize("  Lei   Jun’S ") == "lei jun's"
