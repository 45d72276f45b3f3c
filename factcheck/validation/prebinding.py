"""Pre-bound variables of SHACL-SPARQL queries (https://www.w3.org/TR/shacl/#pre-binding).

A constraint's SELECT runs with ``$this`` (and ``$shapesGraph``, ``$currentShape`` and, in a
constraint component's validator, its parameters and ``$value``) pre-bound. The spec leaves
undefined, and so refuses here, the queries where pre-binding is not a substitution: those
with ``MINUS``, ``VALUES`` or ``SERVICE``, a sub-``SELECT`` that does not project ``$this``,
or ``AS ?var`` for a pre-bound variable (``refuse``).

Running the query once per focus node is slow on a big graph. ``runs_unbound`` tells when one
run with ``$this`` left free gives the same rows as a run per focus node (rows then kept for
the shape's focus nodes): ``$this`` is bound by a triple pattern of the query's outer group and
appears elsewhere only where the outer binding reaches it (the group's ``FILTER``s,
``EXISTS``/``NOT EXISTS`` and triple patterns of an ``OPTIONAL``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from factcheck.errors import UsageError
from factcheck.sparql import Token, tokens

PRE_BOUND = ("this", "shapesGraph", "currentShape")


def _is_var(token: Token, names: Iterable[str]) -> bool:
    return token.kind == "var" and token.text[1:] in set(names)


def _outer_start(found: list[Token]) -> int:
    """Index of the token after the ``{`` that opens the query's WHERE group."""
    for index, token in enumerate(found):
        if token.text == "{":
            return index + 1
    return len(found)


def refuse(query: str, where: str, bound: Iterable[str] = PRE_BOUND) -> None:
    """Raise ``UsageError`` (exit 2) if ``query`` uses what pre-binding cannot give meaning to."""
    names = set(bound)
    found = tokens(query)
    hint = "see https://www.w3.org/TR/shacl/#pre-binding for what a SHACL-SPARQL query may use"
    for index, token in enumerate(found):
        word = token.text.upper() if token.kind == "word" else ""
        if word == "SERVICE":
            raise UsageError(
                f"the SPARQL query of {where} uses SERVICE, which would query another endpoint"
                " over the network during validation; not run",
                hint="validate never reaches the network: copy the data into a fact file instead",
            )
        if word in ("MINUS", "VALUES"):
            raise UsageError(
                f"the SPARQL query of {where} uses {word}, which SHACL-SPARQL does not allow"
                " with pre-bound variables",
                hint=hint,
            )
        if word == "AS" and index + 1 < len(found) and _is_var(found[index + 1], names):
            raise UsageError(
                f"the SPARQL query of {where} binds the pre-bound variable"
                f" {found[index + 1].text} with AS",
                hint=hint,
            )
    start = _outer_start(found)
    for index in range(start, len(found)):
        if found[index].kind == "word" and found[index].text.upper() == "SELECT":
            projected = []
            for token in found[index + 1 :]:
                if token.text == "{" or (token.kind == "word" and token.text.upper() == "WHERE"):
                    break
                projected.append(token)
            if not any(_is_var(t, ["this"]) for t in projected):
                raise UsageError(
                    f"a sub-SELECT in the SPARQL query of {where} does not project $this",
                    hint=hint,
                )


@functools.lru_cache(maxsize=1024)  # a pure function of the text; a long-lived process asks again
def runs_unbound(query: str, name: str = "this") -> bool:
    """Whether one run with ``$this`` (or the variable ``name``) free gives the rows of a run
    per value of it pre-bound: it is bound in every solution, by a triple pattern of the
    outer group."""
    found = tokens(query)
    start = _outer_start(found)
    ok, anchored, _, _ = _group(found, start, name)
    return ok and anchored


def _word(token: Token | None) -> str:
    return token.text.upper() if token is not None and token.kind == "word" else ""


def _group(found: list[Token], start: int, name: str = "this") -> tuple[bool, bool, int, bool]:
    """Analyse the group whose ``{`` is just before ``start``: (``$this`` only where one run
    with it free gives the same rows, ``$this`` bound by a triple pattern of this group or of
    a group or sub-SELECT joined to it, index after the group's ``}``, ``$this`` used)."""
    stack: list[str] = []  # kinds of the groups inside this one
    parens: list[str] = []  # the word before each open parenthesis
    anchored = uses = False
    previous: Token | None = found[start - 1] if start > 0 else None
    index = start
    while index < len(found):
        token = found[index]
        following = found[index + 1] if index + 1 < len(found) else None
        joined = not stack and (previous is None or previous.text in ("{", "}", "."))
        if token.text == "{" and _word(following) == "SELECT":
            sub_ok, sub_anchored, after = _subselect(found, index + 1, name)
            if "exists" not in stack:
                if stack or not sub_ok:
                    return False, anchored, after, True
                anchored = anchored or sub_anchored
            previous, index = found[after - 1], after
            continue
        if token.text == "{" and joined and _word(previous) == "":
            # a group joined to this one: the same as writing its patterns here, unless it is
            # a branch of a UNION
            inner_ok, inner_anchored, after, inner_uses = _group(found, index + 1, name)
            union = after < len(found) and _word(found[after]) == "UNION"
            if inner_uses and (union or not inner_ok or not inner_anchored):
                return False, anchored, after, True
            anchored = anchored or inner_anchored
            uses = uses or inner_uses
            previous, index = found[after - 1], after
            continue
        if token.text == "{":
            word = _word(previous)
            stack.append(
                "exists" if word == "EXISTS" else "optional" if word == "OPTIONAL" else "group"
            )
        elif token.text == "}":
            if not stack:
                return True, anchored, index + 1, uses  # this group ends
            stack.pop()
        elif token.text == "(":
            parens.append(_word(previous))
        elif token.text == ")" and parens:
            parens.pop()
        elif _is_var(token, [name]):
            uses = True
            if "exists" in stack:
                pass
            elif not stack:
                if not parens:
                    anchored = True
                elif "BIND" in parens:
                    return False, anchored, index, True
            elif stack == ["optional"] and not parens:
                pass
            else:
                return False, anchored, index, True
        previous = token
        index += 1
    return True, anchored, index, uses


def _subselect(found: list[Token], select: int, name: str = "this") -> tuple[bool, bool, int]:
    """A sub-SELECT at ``select`` (after its wrapper's ``{``): (same rows with ``$this``
    free, ``$this`` projected and bound inside, index after the wrapper's ``}``)."""
    index = select + 1
    projected = False
    while index < len(found) and found[index].text != "{" and _word(found[index]) != "WHERE":
        projected = projected or _is_var(found[index], [name])
        index += 1
    while index < len(found) and found[index].text != "{":
        index += 1
    ok, anchored, after, _ = _group(found, index + 1, name)
    depth = 0  # solution modifiers up to the wrapper's "}"
    while after < len(found):
        text = found[after].text
        if text == "{":
            depth += 1
        elif text == "}":
            if depth == 0:
                return ok, projected and anchored, after + 1
            depth -= 1
        after += 1
    return ok, projected and anchored, after


def bind_text(query: str, bindings: dict[str, str]) -> str:
    """``_bind_text``, kept by its arguments (the ASK validators bind thousands of values;
    a long-lived process binds the same constraint again on every run)."""
    return _bind_text(query, tuple(sorted(bindings.items())))


@functools.lru_cache(maxsize=4096)
def _bind_text(query: str, pairs: tuple[tuple[str, str], ...]) -> str:
    """``query`` with each pre-bound variable named in ``bindings`` replaced by the SPARQL
    text of its value (an IRI or a literal), as the spec's pre-binding reads: left out of a
    projection (the caller knows the value), ``bound(?var)`` as ``true``, in a solution
    modifier as ``(value)``, elsewhere as the value itself."""
    bindings = dict(pairs)
    found = tokens(query)
    if not any(t.kind == "var" and t.text[1:] in bindings for t in found):
        return query
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement)
    depth = 0
    projection: list[Token] | None = None  # the tokens projected by the current SELECT
    skip_to = -1
    for index, token in enumerate(found):
        if index <= skip_to:
            continue
        upper = token.text.upper() if token.kind == "word" else ""
        if upper == "SELECT":
            projection = []
            continue
        if projection is not None and (token.text == "{" or upper == "WHERE"):
            if not projection:
                edits.append((token.start, token.start, "* "))
            projection = None
        if token.text == "{":
            depth += 1
        elif token.text == "}":
            depth -= 1
        is_bound = token.kind == "var" and token.text[1:] in bindings
        if projection is not None:
            if is_bound:
                edits.append((token.start, token.start + len(token.text), ""))
            elif upper not in ("DISTINCT", "REDUCED"):
                projection.append(token)
            continue
        if not is_bound:
            continue
        value = bindings[token.text[1:]]
        before = found[index - 2 : index]
        after = found[index + 1] if index + 1 < len(found) else None
        if (
            len(before) == 2
            and before[0].text.upper() == "BOUND"
            and before[1].text == "("
            and after is not None
            and after.text == ")"
        ):
            edits.append((before[0].start, after.start + 1, "(true)"))
            skip_to = index + 1
            continue
        text = f"({value})" if depth == 0 else value
        edits.append((token.start, token.start + len(token.text), text))
    parts: list[str] = []
    last = 0
    for start, end, text in sorted(edits, key=lambda e: (e[0], e[1])):
        parts.append(query[last:start])
        parts.append(text)
        last = end
    parts.append(query[last:])
    return "".join(parts)


@functools.lru_cache(maxsize=256)
def values_slot(query: str, name: str = "this") -> tuple[int, int, int] | None:
    """Where ``query`` holds its one empty ``VALUES $name { }`` (a focused form's slot for the
    focus nodes, ``fc:focusedSelect``): the placeholder's start, the offset just inside its
    braces and its end; None unless there is exactly one, and no other VALUES."""
    found = tokens(query)
    slots = []
    for index, token in enumerate(found):
        if token.kind != "word" or token.text.upper() != "VALUES":
            continue
        following = found[index + 1 : index + 4]
        if (
            len(following) == 3
            and _is_var(following[0], [name])
            and following[1].text == "{"
            and following[2].text == "}"
        ):
            slots.append((token.start, following[1].start + 1, following[2].start + 1))
        else:
            return None
    return slots[0] if len(slots) == 1 else None


def bind_values(query: str, values: Iterable[str], name: str = "this") -> str:
    """``query`` with the SPARQL texts ``values`` written into its ``VALUES $name { }``."""
    slot = values_slot(query, name)
    if slot is None:
        raise ValueError(f"no empty VALUES ${name} {{ }} in the query")
    return query[: slot[1]] + " " + " ".join(values) + " " + query[slot[1] :]
