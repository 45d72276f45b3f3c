"""The closed vocabulary: every class and property a fact file uses must exist.

- A term in the project's own namespace (``fc:``) that the ontology does not define is a
  violation, with a did-you-mean from the terms it does define: ``fc:chiefExecutiveOff``.
- A term of a reused vocabulary (schema.org, PROV-O, OWL-Time, RDF, RDFS, OWL, XSD, SKOS, DCMI
  Terms, FOAF, ORG, SHACL) that is neither in that vocabulary's published term list
  (``factcheck/terms/*.txt``, see ``tools/term_lists.py``) nor declared by the ontology is a
  warning: ``schema:alternativeName``.

"Uses" means: as a predicate, or as the object of ``rdf:type``. Terms of vocabularies without a
shipped list (W3C Web Annotation, QUDT, anything else) are not checked.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from rdflib import RDF, URIRef

from factcheck.consistency import RuleFinding
from factcheck.loader import FC
from factcheck.resources import load_query

if TYPE_CHECKING:
    from factcheck.validation.memo import Memo

Query = Callable[[str], list[dict[str, Any]]]
RULE = "closed-vocabulary"
OWN = (str(FC),)
"""The project's own namespaces: a term there must be defined by the ontology."""
_RDF_MEMBER = re.compile(r"_[1-9][0-9]*")


@cache
def term_lists() -> dict[str, frozenset[str]]:
    """Namespace → local names, from the shipped term lists."""
    lists: dict[str, frozenset[str]] = {}
    for entry in resources.files("factcheck").joinpath("terms").iterdir():
        if not entry.name.endswith(".txt"):
            continue
        lines = entry.read_text(encoding="utf-8").splitlines()
        namespace = lines[0].removeprefix("# ").strip()
        terms = frozenset(line for line in lines if line and not line.startswith("#"))
        lists[namespace] = terms
        if namespace.startswith("https://schema.org/"):  # both schemes are in use
            lists["http://schema.org/"] = terms
    return lists


def _split(term: str, namespaces: Iterable[str]) -> tuple[str, str] | None:
    for namespace in namespaces:
        if term.startswith(namespace):
            return namespace, term[len(namespace) :]
    return None


def unknown_terms(
    used: Iterable[tuple[str, str]], declared: set[str]
) -> dict[str, tuple[str, str]]:
    """Of the ``(term, role)`` pairs used, those the vocabulary does not know: term →
    (severity, namespace)."""
    lists = term_lists()
    unknown: dict[str, tuple[str, str]] = {}
    for term, _role in used:
        if term in declared or term in unknown:
            continue
        own = _split(term, OWN)
        if own is not None:
            unknown[term] = ("violation", own[0])
            continue
        reused = _split(term, sorted(lists, key=len, reverse=True))
        if reused is None:
            continue
        namespace, local = reused
        if local in lists[namespace] or (namespace == str(RDF) and _RDF_MEMBER.fullmatch(local)):
            continue
        unknown[term] = ("warning", namespace)
    return unknown


def did_you_mean(term: str, namespace: str, declared: set[str], role: str) -> list[str]:
    """The closest known terms of the same namespace (classes for a class, else properties)."""
    local = term[len(namespace) :]
    candidates = {t[len(namespace) :] for t in declared if t.startswith(namespace)}
    candidates |= term_lists().get(namespace, frozenset())
    wanted = [c for c in candidates if c[:1].isupper() == (role == "class")] or list(candidates)
    return difflib.get_close_matches(local, sorted(wanted), n=3, cutoff=0.6)


def vocabulary_findings(
    query: Query,
    prefixes: dict[str, str],
    memo: Memo | None = None,
    used: list[tuple[str, str]] | None = None,
) -> list[RuleFinding]:
    """One finding per subject and unknown class or property it uses. A long-lived process
    passes ``used`` (the ``vocabulary-used`` rows, kept file by file) and a ``memo`` that
    keeps the declared terms (the vocabulary graph does not change)."""
    declared_text = load_query("vocabulary-declared")
    if memo is None:
        declared = {str(row["term"]) for row in query(declared_text)}
    else:
        from factcheck.validation.memo import Depends

        declared = memo.get(
            ("vocabulary-declared",),
            Depends(frozenset(), frozenset({"urn:factcheck:vocabulary"})),
            lambda: {str(row["term"]) for row in query(declared_text)},
        )
    if used is None:
        used = [
            (str(row["term"]), str(row["role"])) for row in query(load_query("vocabulary-used"))
        ]
    unknown = unknown_terms(used, declared)
    if not unknown:
        return []
    values = " ".join(f"<{term}>" for term in sorted(unknown))
    uses = query(load_query("vocabulary-uses") + f"VALUES ?term {{ {values} }}\n")
    findings = []
    for row in uses:
        focus, term, role = row["focus"], str(row["term"]), str(row["role"])
        if not isinstance(focus, URIRef):
            continue
        severity, namespace = unknown[term]
        name = _short(term, prefixes)
        close = did_you_mean(term, namespace, declared, role)
        suggestion = (
            "did you mean " + " or ".join(_short(namespace + c, prefixes) for c in close) + "? "
            if close
            else ""
        )
        where = "the ontology" if severity == "violation" else f"the {namespace} term list"
        findings.append(
            RuleFinding(
                rule=RULE,
                severity=severity,
                focus=focus,
                path=RDF.type if role == "class" else URIRef(term),
                value=URIRef(term) if role == "class" else None,
                message=f"{name} is not a {role} of {where}",
                hint=suggestion
                + (
                    "use a term the ontology defines, or define it there (ontology/factcheck.ttl)"
                    if severity == "violation"
                    else "check the spelling against the vocabulary's published terms"
                ),
            )
        )
    return sorted(findings, key=lambda f: (str(f.focus), str(f.path), f.message))


def _short(term: str, prefixes: dict[str, str]) -> str:
    for prefix, namespace in sorted(prefixes.items(), key=lambda item: -len(item[1])):
        if term.startswith(namespace) and namespace:
            return f"{prefix}:{term[len(namespace) :]}"
    return f"<{term}>"
