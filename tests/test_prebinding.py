"""SHACL-SPARQL pre-binding (factcheck.validation.prebinding): what is refused, when one run
with $this free gives the per-focus-node rows, and how values are written into a query."""

from __future__ import annotations

import pytest

from factcheck.errors import UsageError
from factcheck.validation.prebinding import bind_text, refuse, runs_unbound


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("SELECT $this WHERE { $this ?p ?o . MINUS { $this ?p 1 } }", "MINUS"),
        ("SELECT $this WHERE { VALUES ?x { 1 } }", "VALUES"),
        ("SELECT $this WHERE { BIND (true AS $this) }", "$this"),
        ("SELECT $this WHERE { $this ?p ?o . { SELECT ?o WHERE { ?s ?p ?o } } }", "project"),
        ("SELECT $this WHERE { { SELECT * WHERE { FILTER ($this = 1) } } }", "project"),
    ],
)
def test_refused(query: str, word: str) -> None:
    with pytest.raises(UsageError, match=word.replace("$", r"\$")):
        refuse(query, "ex:c")


def test_accepted() -> None:
    refuse("SELECT $this WHERE { { SELECT $this WHERE { $this ?p ?o } } }", "ex:c")
    refuse("SELECT $this ?value WHERE { $this ?p ?value . FILTER (?value > 1) }", "ex:c")


@pytest.mark.parametrize(
    ("query", "unbound"),
    [
        ("SELECT $this WHERE { $this ?p ?o }", True),
        ("SELECT $this WHERE { $this ?p ?o . FILTER NOT EXISTS { $this ?q ?r } }", True),
        ("SELECT $this WHERE { ?s ?p ?o . OPTIONAL { $this ?q ?s } $this ?p ?o }", True),
        ("SELECT $this WHERE { { SELECT $this ?o WHERE { $this ?p ?o } } ?o ?q ?r }", True),
        ("SELECT $this WHERE { { $this ?p ?o . FILTER ($this != ?o) } ?o ?q ?r }", True),
        ("SELECT $this WHERE { FILTER NOT EXISTS { $this ?p ?o } }", False),
        ("SELECT $this WHERE { { FILTER (bound($this)) } $this ?p ?o }", False),
        ("SELECT $this WHERE { { $this ?p ?o } UNION { ?o ?p $this } }", False),
        ("SELECT $this WHERE { BIND ($this AS ?that) . $this ?p ?that }", False),
        ("SELECT $this WHERE { GRAPH ?g { $this ?p ?o } }", False),
    ],
)
def test_runs_unbound(query: str, unbound: bool) -> None:
    assert runs_unbound(query) is unbound


def test_bind_text() -> None:
    query = "SELECT $this ?v WHERE { $this ?p ?v . FILTER bound($this) } ORDER BY $this"
    assert bind_text(query, {"this": "<urn:x>"}) == (
        "SELECT  ?v WHERE { <urn:x> ?p ?v . FILTER (true) } ORDER BY (<urn:x>)"
    )
    assert bind_text("SELECT $this WHERE { }", {"this": '"1"'}) == "SELECT  * WHERE { }"
