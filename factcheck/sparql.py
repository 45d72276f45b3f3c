"""SPARQL text: lex and parse a query, learn its form, and bind parameters safely.

A query is *prepared* once (``prepare``): lexed so that prefixes, variables and the ``WHERE``
group are known, and parsed to learn its form, so that an update
(https://www.w3.org/TR/sparql11-update/) is recognised by parsing, never by a regex on the text.
Oxigraph's parser reads queries first (a fraction of a millisecond); what it rejects goes to
rdflib's SPARQL 1.1 grammar (https://www.w3.org/TR/sparql11-query/#grammar), which recognises
updates and locates syntax errors. rdflib's parse tree is made when rdflib's engine needs it.
The project prefixes (``loader.PREFIXES``) are predeclared.

Parameters are RDF terms, never text pasted into a query. For engines that cannot take bound
terms (a remote endpoint), ``with_values`` writes them with rdflib's ``n3()`` into a ``VALUES``
block at the start of the ``WHERE`` group, which every SPARQL 1.1 store understands.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from factcheck.errors import Location, QueryError, UsageError
from factcheck.loader import PREFIXES

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Literal, URIRef
    from rdflib.term import Identifier

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "UPDATE")
# --- Lexing ----------------------------------------------------------------------------------
# Only as much of SPARQL's lexical grammar as we need to find prefixes, variables and braces:
# strings, IRIs and comments are skipped whole so that a brace or '#' inside them is not seen.

_PN = "A-Za-z\u00c0-\U000effff"
_TOKEN = re.compile(
    r"""
  (?P<ws>\s+)
| (?P<comment>\#[^\r\n]*)
| (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
            |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
| (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
| (?P<var>[?$][0-9_"""
    + _PN
    + r"""\u00b7]+)
| (?P<bnode>_:[\w\-.]*)
| (?P<pname>(?:["""
    + _PN
    + r"""][\w\-.\u00b7]*)?:(?:[\w\-:%\u00b7]|\\.|\.(?=[\w\-:%\\]))*)
| (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
| (?P<number>\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
| (?P<word>[A-Za-z_][A-Za-z0-9_]*)
| (?P<punct>.)
""",
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int


def tokens(text: str) -> list[Token]:
    """The query's tokens, whitespace and comments dropped."""
    found: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        if kind not in ("ws", "comment"):
            found.append(Token(kind, match.group(), match.start()))
    return found


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


# --- Prepared queries ------------------------------------------------------------------------


@dataclass
class PreparedQuery:
    """A parsed query or update, ready to run on any target."""

    text: str
    form: str
    """One of ``FORMS``."""
    source: str = "query"
    """Where the text came from (``query``, ``<stdin>``, a file path), for error locations."""
    variables: frozenset[str] = frozenset()
    declared: Mapping[str, str] = field(default_factory=dict)
    """Prefixes the text declares itself."""
    used_prefixes: frozenset[str] = frozenset()
    uses_service: bool = False
    uses_load: bool = False
    parsed: Any = None
    """rdflib's parse tree (queries only; made on first use, see ``parse_for_rdflib``)."""
    translated: Any = None
    """rdflib's algebra for the parse tree, made once: translating mutates the tree."""
    lexed: list[Token] | None = field(default=None, repr=False, compare=False)
    """The tokens of ``text`` (``tokens``), kept for ``with_values``."""
    unchecked: QueryError | None = field(default=None, repr=False, compare=False)
    """Why rdflib's grammar could not read a text that mentions SERVICE or LOAD, which is then
    taken to use them (``network_use``): its syntax error, should Oxigraph not read it either."""

    def network_refusal(self, what: str) -> UsageError:
        """The error that refuses to run this text because it uses ``what`` (SERVICE or LOAD)."""
        reach = (
            "would query another endpoint over the network"
            if what == "SERVICE"
            else "would fetch data over the network"
        )
        if self.unchecked is None:
            return UsageError(f"{what} {reach}")
        return UsageError(
            f"{what} may be in this query, and it {reach}: rdflib's SPARQL 1.1 grammar cannot"
            f" read the query to tell ({self.unchecked.message} at {self.unchecked.location})",
            hint="remove the word, or pass --allow-service to run it with Oxigraph anyway",
        )

    @property
    def is_update(self) -> bool:
        return self.form == "UPDATE"

    def full_text(self, text: str | None = None) -> str:
        """The text (or ``text``, a rewrite of it) with a ``PREFIX`` line for each predeclared
        prefix it uses but does not declare, for remote endpoints that do not know our prefixes."""
        missing = sorted(p for p in self.used_prefixes if p not in self.declared and p in PREFIXES)
        header = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in missing)
        return header + (self.text if text is None else text)


def prepare(text: str, source: str = "query") -> PreparedQuery:
    """Lex and parse ``text``; raise ``QueryError`` with ``source:line:col`` if it is not SPARQL."""
    text = text.removeprefix("\ufeff")
    toks = tokens(text)
    if not toks:
        raise QueryError("empty query", Location(source), hint="give a SPARQL query")
    declared: dict[str, str] = {}
    used: set[str] = set()
    for index, token in enumerate(toks):
        if token.kind != "pname":
            continue
        prefix = token.text.split(":", 1)[0]
        before = toks[index - 1] if index else None
        after = toks[index + 1] if index + 1 < len(toks) else None
        if before and before.text.upper() == "PREFIX" and after and after.kind == "iri":
            declared[prefix] = after.text[1:-1]
            continue
        used.add(prefix)
    for index, token in enumerate(toks):
        prefix = token.text.split(":", 1)[0]
        if token.kind == "pname" and prefix not in declared and prefix not in PREFIXES:
            previous = toks[index - 1].text.upper() if index else ""
            if previous == "PREFIX":
                continue
            line, col = _line_col(text, token.start)
            raise QueryError(
                f"undefined prefix '{prefix}:'",
                Location(source, line, col),
                hint=f"add 'PREFIX {prefix}: <…>' or use one of the predeclared prefixes: "
                + ", ".join(sorted(PREFIXES)),
            )
    _refuse_deep_nesting(text, toks, source)
    variables = frozenset(t.text[1:] for t in toks if t.kind == "var")
    parsed = None
    # Oxigraph calls a SERVICE while planning: text that so much as mentions one (also through
    # a \u escape, which SPARQL expands before parsing) is parsed by rdflib's grammar instead.
    service, load = network_use(text)
    form = None if service or load or _has_escapes(text) else _oxigraph_form(text, toks)
    unchecked = None
    if form is None:
        try:
            parsed, form = _rdflib_parse(text, source)
        except QueryError as error:
            if not (service or load):
                raise
            # Oxigraph may read what rdflib's SPARQL 1.1 grammar does not (SPARQL 1.2), but it
            # cannot be asked without running the query. Fail closed: the network check counts
            # it as using SERVICE/LOAD; with --allow-service Oxigraph runs it and words any error.
            unchecked = error
            keyword = _form_keyword(toks)
            form = keyword if keyword in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE") else "UPDATE"
    return PreparedQuery(
        text=text,
        form=form,
        source=source,
        variables=variables,
        declared=declared,
        used_prefixes=frozenset(used),
        uses_service=service,
        uses_load=load,
        parsed=parsed,
        lexed=toks,
        unchecked=unchecked,
    )


MAX_NESTING = 100
"""Deepest nesting of ``{ ( [`` a query may have: the SPARQL parsers recurse per level, and
thousands of levels overflow Oxigraph's native stack (a crash, not an error)."""


def _refuse_deep_nesting(text: str, toks: list[Token], source: str) -> None:
    depth = 0
    for token in toks:
        if token.kind != "punct":
            continue
        if token.text in "{([":
            depth += 1
            if depth > MAX_NESTING:
                line, col = _line_col(text, token.start)
                raise QueryError(
                    f"the query is nested more than {MAX_NESTING} levels deep",
                    Location(source, line, col),
                    hint="flatten the groups; no query needs this many",
                )
        elif token.text in "})]":
            depth = max(depth - 1, 0)


def _has_escapes(text: str) -> bool:
    return "\\u" in text or "\\U" in text


def network_use(text: str) -> tuple[bool, bool]:
    """Whether the SPARQL ``text`` uses ``SERVICE`` and ``LOAD``, decided on rdflib's parse tree
    (after SPARQL's ``\\u`` escapes are expanded), never on a tokenizer: an escape inside an IRI
    or a keyword must not hide either. Text that mentions neither word, once expanded, uses
    neither; text that does but does not parse counts as using it (it is refused, not run)."""
    upper = text.upper()
    if "\\U" not in upper and "SERVICE" not in upper and "LOAD" not in upper:
        return False, False  # the common case, without importing rdflib's grammar
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes

    try:
        upper = expandUnicodeEscapes(text).upper()
    except Exception:  # a malformed escape: the query cannot be trusted, nor will it parse
        upper = text.upper() + " SERVICE LOAD"
    if "SERVICE" not in upper and "LOAD" not in upper:
        return False, False
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    # A comment ends at a carriage return for SPARQL (and Oxigraph), not for rdflib's grammar.
    text = text.replace("\r", "\n")
    try:
        tree: Any = parseQuery(text)
    except Exception:
        try:
            tree = parseUpdate(text)
        except Exception:
            return "SERVICE" in upper, "LOAD" in upper
    names = _tree_names(tree)
    return "ServiceGraphPattern" in names, "Load" in names


def _tree_names(node: Any) -> set[str]:
    """The names of every ``CompValue`` in an rdflib SPARQL parse tree."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            found.add(item.name)
            stack.extend(item.values())
        elif isinstance(item, ParseResults | list | tuple):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
    return found


def _oxigraph_form(text: str, toks: list[Token]) -> str | None:
    """The form of ``text`` if Oxigraph's SPARQL parser reads it as a query, else None.

    Oxigraph parses and plans a query in well under a millisecond; rdflib's pyparsing grammar
    takes tens of milliseconds and its import 0.2 s, so a query that Oxigraph accepts is not
    parsed by rdflib until rdflib's engine runs it (``parse_for_rdflib``). The query is planned
    against an empty store and its solutions are never read (an ``ASK`` is answered, on no data);
    text with the word ``SERVICE`` anywhere does not come here, since Oxigraph would call the
    service while planning. Text Oxigraph rejects (an update, a syntax error) goes to rdflib's
    parser, which tells updates apart and words the error with its location.
    """
    import pyoxigraph as ox

    try:
        result = _empty_store().query(text, prefixes=PREFIXES)
    except Exception:  # a syntax error, or anything else: rdflib's grammar decides and words it
        return None
    if isinstance(result, ox.QueryBoolean):
        return "ASK"
    if isinstance(result, ox.QuerySolutions):
        return "SELECT"
    keyword = _form_keyword(toks)
    return keyword if keyword in ("CONSTRUCT", "DESCRIBE") else None


@cache
def _empty_store() -> ox.Store:
    import pyoxigraph as ox

    return ox.Store()


def _form_keyword(toks: list[Token]) -> str:
    """The first word after the prologue (``BASE``, ``PREFIX`` and ``VERSION`` declarations)."""
    index = 0
    while index < len(toks):
        word = toks[index].text.upper()
        if word == "PREFIX":
            index += 3
        elif word in ("BASE", "VERSION"):
            index += 2
        else:
            return word
    return ""


def parse_for_rdflib(query: PreparedQuery) -> Any:
    """rdflib's parse tree of ``query`` (made on first use; ``prepare`` may not have made it)."""
    if query.parsed is None:
        query.parsed, _ = _rdflib_parse(query.text, query.source)
    return query.parsed


def _rdflib_parse(text: str, source: str) -> tuple[Any, str]:
    """rdflib's parse tree and the form; an update has no tree (rdflib parses it again)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        parsed = parseQuery(text)
        form = {
            "SelectQuery": "SELECT",
            "AskQuery": "ASK",
            "ConstructQuery": "CONSTRUCT",
            "DescribeQuery": "DESCRIBE",
        }[parsed[1].name]
    except ParseException as query_error:
        try:
            update = parseUpdate(text)
        except ParseException as update_error:
            # Report whichever reading got further: that is where the user's text goes wrong.
            error = update_error if update_error.loc > query_error.loc else query_error
            raise _syntax_error(error, text, source) from None
        if not update.request:
            raise QueryError("empty query", Location(source)) from None
        parsed, form = None, "UPDATE"
    except RecursionError:  # pyparsing recurses per level of nesting, Oxigraph's parser does not
        raise QueryError(
            "the query is nested too deeply for rdflib's SPARQL parser",
            Location(source),
            hint="flatten the groups, or run it with --engine oxigraph",
        ) from None
    except Exception as error:  # rdflib's grammar raises more than ParseException on odd input
        raise QueryError(f"cannot parse the query: {error}", Location(source)) from None
    return parsed, form


def _syntax_error(error: Any, text: str, source: str) -> QueryError:
    message = re.sub(r"\s+\(at char \d+\), \(line:\d+, col:\d+\)$", "", str(error))
    line, col = _line_col(text, min(error.loc, len(text)))
    near = text[error.loc : error.loc + 30].split("\n", 1)[0].strip()
    return QueryError(
        f"SPARQL syntax error: {message}",
        Location(source, line, col),
        hint=f"near: {near}" if near else "the query ends too early",
    )


# --- Terms and bindings ----------------------------------------------------------------------

_BAD_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')


def term_n3(term: Identifier) -> str:
    """A term in SPARQL syntax, safe to put in a query: IRIs are checked, literals escaped."""
    from rdflib import Literal, URIRef

    if isinstance(term, URIRef):
        if _BAD_IRI.search(str(term)):
            raise UsageError(f"not a valid IRI: {str(term)!r}", hint="IRIs cannot contain spaces")
        return f"<{term}>"
    if isinstance(term, Literal):
        return literal_sparql(term)
    raise UsageError(f"cannot bind {term!r}: parameters are IRIs or literals")


_LANGUAGE = re.compile(r"[A-Za-z]+(-[A-Za-z0-9]+)*")
_STRING_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def literal_sparql(term: Literal) -> str:
    """A literal as one single-line SPARQL ``"…"`` string with every quote, backslash and
    control character escaped, plus a checked language tag or datatype IRI. Never rdflib's
    ``Literal.n3()``, whose long-string form a value ending in ``\\"`` can escape from."""
    from rdflib import URIRef

    text = "".join(
        _STRING_ESCAPES.get(char, f"\\u{ord(char):04X}" if ord(char) < 0x20 else char)
        for char in str(term)
    )
    if term.language is not None:
        if not _LANGUAGE.fullmatch(term.language):
            raise UsageError(f"not a valid language tag: {term.language!r}")
        return f'"{text}"@{term.language}'
    if term.datatype is not None:
        return f'"{text}"^^{term_n3(URIRef(str(term.datatype)))}'
    return f'"{text}"'


def with_values(query: PreparedQuery, bindings: Mapping[str, Identifier]) -> str:
    """The query text with ``bindings`` as a ``VALUES`` block at the start of its ``WHERE`` group
    (or, for the ``CONSTRUCT WHERE`` short form, as a trailing ``VALUES`` clause)."""
    if not bindings:
        return query.text
    names = sorted(bindings)
    block = (
        "VALUES ("
        + " ".join(f"?{n}" for n in names)
        + ") { ("
        + " ".join(term_n3(bindings[n]) for n in names)
        + ") }"
    )
    toks = query.lexed if query.lexed is not None else tokens(query.text)
    depth = parens = 0
    where_at: int | None = None
    first_group: int | None = None
    for index, token in enumerate(toks):
        if token.text == "(":
            parens += 1
        elif token.text == ")":
            parens -= 1
        elif token.text == "{":
            if depth == 0 and parens == 0 and first_group is None:
                first_group = index
            depth += 1
        elif token.text == "}":
            depth -= 1
        elif depth == 0 and token.kind == "word" and token.text.upper() == "WHERE":
            where_at = index
            break
    if where_at is not None:
        before = where_at - 1
        while before > 0 and (
            toks[before].kind in ("iri", "pname") or toks[before].text.upper() in ("FROM", "NAMED")
        ):
            before -= 1
        if toks[before].text.upper() == "CONSTRUCT":  # the short form: its group is the template
            return query.text + "\n" + block
        group = next(i for i in range(where_at, len(toks)) if toks[i].text == "{")
    elif first_group is not None:
        group = first_group
    else:
        return query.text + "\n" + block
    text = query.text
    for cut in sorted([toks[group].start + 1, *_union_branches(toks, group)], reverse=True):
        gap = "" if text[cut : cut + 1].isspace() else " "
        text = text[:cut] + " " + block + gap + text[cut:]
    return text


def _union_branches(toks: list[Token], group: int) -> list[int]:
    """Offsets just inside each ``{ … } UNION { … }`` branch directly in the group at ``group``.

    The block goes there too: joining a one-row ``VALUES`` with a union equals joining it with
    each branch, and engines that evaluate a union bottom-up (Oxigraph) then bind it early
    instead of enumerating every branch in full.
    """
    depth = 0
    opened: int | None = None
    branches: list[int] = []
    for index in range(group, len(toks)):
        text = toks[index].text
        if text == "{":
            depth += 1
            if depth == 2:
                opened = index
        elif text == "}":
            depth -= 1
            if depth == 0:
                break
            if depth == 1 and opened is not None:
                after = toks[index + 1].text.upper() if index + 1 < len(toks) else ""
                before = toks[opened - 1].text.upper()
                if "UNION" in (after, before):
                    branches.append(toks[opened].start + 1)
                opened = None
    return branches


def check_bindings(query: PreparedQuery, bindings: Mapping[str, Identifier]) -> None:
    """Refuse a parameter that names no variable of the query: it would silently do nothing."""
    unknown = sorted(set(bindings) - query.variables)
    if unknown:
        raise UsageError(
            f"the query has no variable ?{unknown[0]}",
            hint="variables: " + ", ".join(f"?{v}" for v in sorted(query.variables)),
        )
    if bindings and query.is_update:
        raise UsageError("parameters cannot be bound in a SPARQL Update")


def adhoc_term(value: str) -> Identifier:
    """A ``--param`` value for an ad-hoc query: ``<IRI>`` or ``prefix:local`` (a predeclared
    prefix) is an IRI; anything else is a plain string literal, exactly as typed."""
    from rdflib import Literal, URIRef

    if value.startswith("<") and value.endswith(">"):
        return URIRef(value[1:-1])
    expanded = expand_name(value)
    return URIRef(expanded) if expanded else Literal(value)


def expand_name(value: str) -> str | None:
    """``fcd:Xiaomi`` → its full IRI (predeclared prefixes only), else ``None``."""
    prefix, colon, local = value.partition(":")
    if colon and prefix in PREFIXES and re.fullmatch(r"[\w\-.%]*", local):
        return PREFIXES[prefix] + local
    return None


def to_iri(value: str) -> URIRef | None:
    """An IRI written as ``<…>``, ``prefix:local`` or an absolute IRI; else ``None``."""
    from rdflib import URIRef

    if value.startswith("<") and value.endswith(">"):
        return URIRef(value[1:-1])
    expanded = expand_name(value)
    if expanded:
        return URIRef(expanded)
    if re.match(r"^(https?|urn|file):\S+$", value):
        return URIRef(value)
    return None
