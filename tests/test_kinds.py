"""Verdict rules for the claim kinds, on made-up fixtures: every kind's exact verdict.

``tests/fixtures/kinds/examples.ttl`` holds one claim per kind (all supported; the README shows
them); ``cases.ttl`` holds the claims each rule must reject or qualify.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from factcheck.kb import load_kb
from factcheck.loader import FCD
from factcheck.verdicts import SEVERITY, Verdict, combine, compute_verdicts

KINDS = Path(__file__).parent / "fixtures" / "kinds"
CALENDAR = Path(__file__).parent.parent / "facts" / "calendar.ttl"

EXAMPLES = {
    "claim-example-figure": ("supported", "quantity"),
    "claim-example-change": ("supported", "change"),
    "claim-example-comparison": ("supported", "comparison"),
    "claim-example-slightly-behind": ("supported", "comparison"),
    "claim-example-ranking": ("supported", "ranking"),
    "claim-example-record": ("supported", "record"),
    "claim-example-share": ("supported", "share"),
    "claim-example-aggregate": ("supported", "aggregate"),
    "claim-example-rate": ("supported", "quantity"),
}

CASES = {
    "case-change-wrong": ("contradicted", "change"),
    "case-change-no-base": ("unverifiable", "change"),
    "case-change-wrong-period": ("unverifiable", "change"),
    "case-change-almost-tripled": ("supported", "change"),
    "case-change-absolute": ("supported", "change"),
    "case-comparison-wrong-base": ("misleading", "comparison"),
    "case-comparison-wrong": ("contradicted", "comparison"),
    "case-comparison-difference": ("supported", "comparison"),
    "case-tops-wrong": ("contradicted", "comparison"),
    "case-slightly-wrong": ("contradicted", "comparison"),
    "case-overtook-wrong": ("contradicted", "comparison"),
    "case-ranking-wrong": ("contradicted", "ranking"),
    "case-record-wrong": ("contradicted", "record"),
    "case-first-time-wrong": ("misleading", "record"),
    "case-first-time-window-wrong": ("contradicted", "record"),
    "case-record-ref-window": ("supported", "record"),
    "case-record-ref-too-long": ("contradicted", "record"),
    "case-record-ref-ever": ("misleading", "record"),
    "case-share-mixed-channels": ("misleading", "share"),
    "case-share-wholesale": ("supported", "share"),
    "case-figure-two-channels": ("supported", "quantity"),
    "case-change-revised": ("supported", "change"),
    "case-share-revised": ("supported", "share"),
    "case-deaths-outnumber-births": ("misleading", "record"),
    "case-deaths-outnumber-births-2022": ("supported", "record"),
    "case-change-zero-base": ("unverifiable", "change"),
    "case-slightly-zero": ("contradicted", "comparison"),
    "case-ranking-not-the-market": ("supported", "ranking"),
    "case-first-time-window": ("supported", "record"),
    "case-share-wrong": ("contradicted", "share"),
    "case-share-unlike": ("misleading", "share"),
    "case-aggregate-wrong": ("contradicted", "aggregate"),
    "case-rate-denominator": ("contradicted", "like-for-like"),
    "case-figure-measure": ("misleading", "like-for-like"),
    "case-figure-confused": ("misleading", "like-for-like"),
    "case-figure-revised": ("supported", "quantity"),
    "case-figure-disputed": ("disputed", "quantity"),
    "case-figure-own-article": ("unverifiable", "no-evidence"),
    "case-figure-wrong-period": ("unverifiable", "no-evidence"),
    "case-figure-almost-wrong": ("contradicted", "quantity"),
    "case-figure-almost-right": ("supported", "quantity"),
    "case-figure-almost-above": ("contradicted", "quantity"),
    "case-figure-more-than": ("supported", "quantity"),
    "case-wording": ("misleading", "wording-propeller"),
    "case-entity-own-article": ("unverifiable", "no-evidence"),
    "case-comparison-other-measure": ("misleading", "comparison"),
    "case-comparison-other-measure-fails": ("unverifiable", "comparison"),
    "case-figure-truncated": ("supported", "quantity"),
    "case-figure-truncated-too-far": ("contradicted", "quantity"),
}


@pytest.fixture(scope="module")
def verdicts() -> dict[URIRef, Verdict]:
    kb = load_kb([KINDS / "examples.ttl", KINDS / "cases.ttl", CALENDAR], with_verdicts=False)
    return compute_verdicts(kb.graph)


def steps(verdicts: dict[URIRef, Verdict], name: str) -> str:
    return "\n".join(verdicts[FCD[name]].reasoning)


@pytest.mark.parametrize(("name", "expected"), sorted({**EXAMPLES, **CASES}.items()))
def test_each_kind_gets_its_exact_verdict(
    verdicts: dict[URIRef, Verdict], name: str, expected: tuple[str, str]
) -> None:
    v = verdicts[FCD[name]]
    assert (v.rating, v.rule) == expected, v.summary


def test_every_claim_in_the_fixtures_is_listed(verdicts: dict[URIRef, Verdict]) -> None:
    names = {str(c).removeprefix(str(FCD)) for c in verdicts}
    assert names == set(EXAMPLES) | set(CASES)


def test_change_names_its_base_and_writes_the_arithmetic(verdicts: dict[URIRef, Verdict]) -> None:
    text = steps(verdicts, "claim-example-change")
    assert (
        "relative change on the base 2022: (1,120,000 − 1,000,000) ÷ 1,000,000 × 100 = 12 %" in text
    )
    assert verdicts[FCD["claim-example-change"]].evidence == (
        FCD["ref-example-2023"],
        FCD["ref-example-2022"],
    )


def test_a_percentage_on_the_wrong_base_shows_both_bases(verdicts: dict[URIRef, Verdict]) -> None:
    v = verdicts[FCD["case-comparison-wrong-base"]]
    assert "-30 % against Other Motors" in v.summary
    assert "42.9 % is the gap measured on Example Motors" in v.summary
    text = steps(verdicts, "case-comparison-wrong-base")
    assert "(1,120,000 − 1,600,000) ÷ 1,600,000 × 100 = -30 %" in text
    assert "(1,600,000 − 1,120,000) ÷ 1,120,000 × 100 = 42.9 %" in text


def test_almost_means_just_under(verdicts: dict[URIRef, Verdict]) -> None:
    assert "almost 1,200,000 vehicles" in steps(verdicts, "case-figure-almost-wrong")
    # 1,120,000 is above "almost 1,100,000": almost never means more
    assert verdicts[FCD["case-figure-almost-above"]].rating == "contradicted"


def test_a_wrong_measure_is_named(verdicts: dict[URIRef, Verdict]) -> None:
    assert "counts wholesale, not retail" in verdicts[FCD["case-figure-measure"]].summary
    assert "per 1,000 people, not per 1,000 women" in verdicts[FCD["case-rate-denominator"]].summary
    assert "revenue, not its operating profit" in verdicts[FCD["case-figure-confused"]].summary
    assert "7.1 %" in verdicts[FCD["case-share-unlike"]].summary


def test_a_later_revision_is_noted_not_held_against_the_claim(
    verdicts: dict[URIRef, Verdict],
) -> None:
    v = verdicts[FCD["case-figure-revised"]]
    assert "later revised to 10,100,000 people" in v.summary
    assert FCD["ref-exampleland-population-final"] in v.evidence


def test_a_change_on_a_later_revised_figure_is_noted(verdicts: dict[URIRef, Verdict]) -> None:
    for name in ("case-change-revised", "case-share-revised"):
        v = verdicts[FCD[name]]
        assert v.summary.endswith("A figure it rests on was later revised (see the reasoning).")
        assert any(s.startswith("later revised to 10,100,000 people") for s in v.reasoning)


def test_disagreeing_sources_are_both_named(verdicts: dict[URIRef, Verdict]) -> None:
    summary = verdicts[FCD["case-figure-disputed"]].summary
    assert "Example registry match the claim, Other registry do not" in summary


def test_the_article_is_never_evidence_for_itself(verdicts: dict[URIRef, Verdict]) -> None:
    v = verdicts[FCD["case-figure-own-article"]]
    assert "cites the article under review" in v.summary
    assert v.evidence == ()
    v = verdicts[FCD["case-entity-own-article"]]
    assert v.summary == (
        "The only reference facts stating “CEO of” for Jane Example cite the article under "
        "review, which is no evidence for its own claims."
    )


def test_unverifiable_names_the_period_that_did_not_match(
    verdicts: dict[URIRef, Verdict],
) -> None:
    summary = verdicts[FCD["case-figure-wrong-period"]].summary
    assert "7 reference fact(s) state “vehicle sales” for Example Motors" in summary
    assert "not for 2020" in summary
    assert "not for 2019" in verdicts[FCD["case-change-wrong-period"]].summary


def test_first_time_names_the_earlier_case(verdicts: dict[URIRef, Verdict]) -> None:
    assert verdicts[FCD["case-first-time-wrong"]].summary == (
        "It happened before, in 2021: the first time since 2021, not ever "
        "(the claim leaves out “since 2021”)."
    )
    assert verdicts[FCD["case-first-time-window-wrong"]].summary == (
        "Not the first time in 5 years: it also happened in 2021."
    )
    assert verdicts[FCD["case-record-ref-window"]].summary == (
        "It last happened in 1961, 62 years before."
    )


def test_a_first_time_can_compare_two_series(verdicts: dict[URIRef, Verdict]) -> None:
    v = verdicts[FCD["case-deaths-outnumber-births"]]
    assert "2022: 1,100 against births in Exampleland's 1,000 — greater" in v.reasoning
    assert FCD["ref-births-2022"] in v.evidence


def test_a_share_mixing_sales_channels_is_misleading_with_the_like_for_like_share(
    verdicts: dict[URIRef, Verdict],
) -> None:
    v = verdicts[FCD["case-share-mixed-channels"]]
    assert v.summary == (
        "The like-for-like share is 10 %; the claimed 11.25 % divides unlike figures "
        "(wholesale over retail)."
    )
    assert "450,000 ÷ 4,000,000 = 11.2 %" in "\n".join(v.reasoning)


def test_a_comparison_true_only_on_another_measure_names_it(
    verdicts: dict[URIRef, Verdict],
) -> None:
    assert verdicts[FCD["case-comparison-other-measure"]].summary == (
        "No reference gives a like-for-like figure (battery-electric only); the comparison "
        "holds only on another measure: Broad Motors 500,000 (counting battery-electric plus "
        "plug-in hybrid) against Narrow Motors 400,000."
    )


def test_a_cut_figure_says_it_was_cut(verdicts: dict[URIRef, Verdict]) -> None:
    text = steps(verdicts, "case-figure-truncated")
    assert "400,000 vehicles (rounded to 1,000) is 400,830 cut at its last stated digit" in text


def test_combine_takes_the_most_severe() -> None:
    assert combine(["supported", "misleading", "unverifiable"]) == "misleading"
    assert combine(["supported", "supported"]) == "supported"
    assert combine(["disputed", "contradicted"]) == "contradicted"
    assert combine([]) == "unverifiable"
    assert SEVERITY[0] == "contradicted"
    with pytest.raises(ValueError, match="unknown rating"):
        combine(["true"])


# --- explain prints the arithmetic of every kind -------------------------------------------


def explain_text(name: str, *files: Path, fmt: str = "text") -> tuple[int, str]:
    from click.testing import CliRunner

    from factcheck.cli import cli

    paths = files or (KINDS / "examples.ttl", KINDS / "cases.ttl", CALENDAR)
    args = ["explain", f"fcd:{name}", "--format", fmt]
    for path in paths:
        args += ["--facts", str(path)]
    result = CliRunner().invoke(cli, args)
    return result.exit_code, result.stdout


@pytest.mark.parametrize(
    ("name", "arithmetic"),
    [
        ("claim-example-change", "(1,120,000 − 1,000,000) ÷ 1,000,000 × 100 = 12 %"),
        ("claim-example-comparison", "(1,120,000 − 1,600,000) ÷ 1,600,000 × 100 = -30 %"),
        ("claim-example-slightly-behind", "less (gap -2.6 % of Third Motors)"),
        ("claim-example-ranking", "3. Example Motors: 1,120,000 vehicles"),
        ("claim-example-record", "2023: 1,120,000 vehicles"),
        ("claim-example-share", "1,120,000 ÷ 5,600,000 × 100 = 20 %"),
        ("claim-example-aggregate", "250,000 + 270,000 + 290,000 + 310,000 = 1,120,000"),
        ("case-change-almost-tripled", "1,600,000 ÷ 550,000 = 2.9×"),
        ("case-comparison-difference", "1,600,000 − 1,120,000 = 480,000"),
    ],
)
def test_explain_prints_the_arithmetic_of_every_kind(name: str, arithmetic: str) -> None:
    code, out = explain_text(name)
    assert code == 0
    assert arithmetic in " ".join(out.split())


def test_explain_shows_a_derivation() -> None:
    code, out = explain_text(
        "claim-december-capacity",
        KINDS / "derivation-accept.ttl",
        KINDS / "derivation-claim.ttl",
        CALENDAR,
        fmt="json",
    )
    import json

    data = json.loads(out)
    assert (code, data["verdict"]) == (0, "supported")
    assert data["reasoning"][-1] == (
        "fcd:ref-capacity-dec-2023 is derived (Difference of fcd:ref-capacity-2023, "
        "fcd:ref-capacity-jan-nov-2023): 216.88 − 163.88 = 52.99 to 53.01, as stated"
    )


# --- validate recomputes derived reference facts -------------------------------------------


def validate_json(*files: Path) -> tuple[int, list[dict[str, object]]]:
    import json

    from click.testing import CliRunner

    from factcheck.cli import cli

    result = CliRunner().invoke(
        cli, ["validate", "--no-cache", "--format", "json", *(str(f) for f in files)]
    )
    return result.exit_code, json.loads(result.stdout)["findings"]


def test_validate_rejects_a_derived_figure_its_operands_do_not_give() -> None:
    code, findings = validate_json(KINDS / "derivation-reject.ttl", CALENDAR)
    assert code == 1
    assert [(f["rule"], f["severity"], f["focus"]) for f in findings] == [
        ("derivation", "violation", str(FCD["ref-capacity-dec-2023"]))
    ]
    assert "216.88 − 163.88 = 52.99 to 53.01" in str(findings[0]["message"])


def test_validate_accepts_a_derived_figure_its_operands_give() -> None:
    code, findings = validate_json(KINDS / "derivation-accept.ttl", CALENDAR)
    assert (code, findings) == (0, [])


def test_disputed_maps_onto_claimreview_without_a_rating_value() -> None:
    from factcheck.claimreview import rating
    from factcheck.kb import vocabulary_graph

    result = rating(vocabulary_graph(), "disputed", "Sources disagree.")
    assert result == {
        "@type": "Rating",
        "name": "Disputed",
        "alternateName": "Disputed",
        "ratingExplanation": "Sources disagree.",
    }  # a named rating with no ratingValue, so no bestRating or worstRating either


def test_a_word_implying_a_missing_property_is_data_not_code(
    verdicts: dict[URIRef, Verdict],
) -> None:
    v = verdicts[FCD["case-wording"]]
    assert v.summary == "Example Jet has no propeller, so “propeller delivers” misdescribes it."
    assert v.evidence == (FCD["ref-jet-no-propeller"],)


def test_coverage_skips_numbers_inside_names_the_facts_give() -> None:
    from factcheck.consistency import coverage_findings

    # "Example 7" opens a sentence, so only the facts' name tells that its 7 is no figure;
    # "Model 3" inside a sentence is a name by its capital; "3 were" is a figure.
    text = "Example 7 sold 120 units, the Model 3 did not. Then 3 were returned."
    doc = FCD["doc"]

    def query(sparql: str) -> list[dict[str, object]]:
        if "numbered" in sparql or "REGEX" in sparql:
            return [{"name": "example 7"}]
        return [{"doc": doc, "spans": ""}]

    found = coverage_findings(query, {doc: (Path("a.txt"), text)})  # type: ignore[arg-type]
    assert [str(f.value) for f in found] == ["120 units", "3"]


def test_the_examples_validate_clean() -> None:
    """One claim of every kind, encoded as docs/claim-kinds.md says, passes every shape and rule."""
    code, findings = validate_json(KINDS / "examples.ttl", CALENDAR)
    assert (code, findings) == (0, [])


def test_numbered_names_are_entities_not_periods_or_sources() -> None:
    from rdflib import Graph

    from factcheck.resources import load_query

    graph = Graph().parse(
        format="turtle",
        data="""
        @prefix : <https://w3id.org/factcheck/data/> .
        @prefix fc: <https://w3id.org/factcheck/ontology#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix time: <http://www.w3.org/2006/time#> .
        :Model3 a fc:VehicleModel ; rdfs:label "Model 3" .
        :Q2-2021 a fc:CalendarQuarter ; rdfs:label "Q2 2021" ; time:hasBeginning [] .
        :src a fc:SourceDocument ; rdfs:label "Results for Q2 2021" ;
            fc:sourceKind fc:PrimarySource .
        """,
    )
    names = [str(row.name) for row in graph.query(load_query("numbered-names"))]  # type: ignore[union-attr]
    assert names == ["Model 3"]
