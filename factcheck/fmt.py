"""``factcheck fmt``: rewrite Turtle fact files in one canonical layout, keeping the comments.

Pull-request diffs of fact files then show real changes only. The layout itself is
``factcheck.turtlewriter``'s; this module reads what a file contributes beyond its graph
(https://www.w3.org/TR/turtle/ grammar, just far enough): its header comments, its prefixes,
the order in which it first states each subject, and the comments before each statement.
Subjects keep that order, so a file's sections (``# --- Claims ---``) survive; the statements
of one subject are merged into one block. Comments inside a statement, or after it on the same
line, move to the lines before its subject. Relative IRIs stay relative to the file; an
``@base`` directive is dropped and the IRIs it resolved are written in full (same graph).

Formatting refuses to write a result whose graph is not isomorphic to the input's or that lost
a comment, and writes through a temporary file and ``os.replace``, so neither an interrupted
run nor a bug can lose content.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from factcheck.errors import FormatError, PathError, UsageError
from factcheck.turtlewriter import BASE, Layout, serialize, strip_blank_end

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph
    from rdflib.term import Node

_TOKEN = re.compile(  # Turtle tokens, comments included (cf. factcheck.locate)
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<at>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[^\W\d][\w\-.]*)?:(?:(?:[\w:%\-]|\\\S)(?:[\w:%\-.]|\\\S)*(?<!\.))?)
  | (?P<number>[+-]?(?:\d*\.\d+(?:[eE][+-]?\d+)?|\d+(?:[eE][+-]?\d+)?))
  | (?P<punct>[;,.\[\]()])
  | (?P<other>[^\s#<"';,.\[\]()]+)
    """,
    re.VERBOSE | re.DOTALL,
)
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")


@dataclass
class _Statement:
    tokens: list[tuple[str, str, int]]  # kind, text, line
    leading: list[tuple[int, str]]  # (line, comment) before the statement
    inner: list[str]  # comments inside it or after it on its last line
    end_line: int = 0


def _scan(text: str) -> tuple[list[_Statement], list[tuple[int, str]]]:
    """Split Turtle text into statements (directives included) and collect their comments."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    statements: list[_Statement] = []
    pending: list[tuple[int, str]] = []
    current: _Statement | None = None
    depth = 0
    sparql_directive = 0  # tokens left in a PREFIX / BASE directive (no closing dot)

    def line_of(offset: int) -> int:
        low, high = 0, len(line_starts)
        while low < high:
            mid = (low + high) // 2
            if line_starts[mid] <= offset:
                low = mid + 1
            else:
                high = mid
        return low

    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        value = match.group()
        if kind == "ws":
            continue
        line = line_of(match.start())
        if kind == "comment":
            comment = value.rstrip()
            if current is not None:
                current.inner.append(comment)
            elif statements and statements[-1].end_line == line:
                statements[-1].inner.append(comment)  # `:a :b :c . # about :a`
            else:
                pending.append((line, comment))
            continue
        if current is None:
            current = _Statement(tokens=[], leading=pending, inner=[])
            pending = []
            if kind == "other" and value.upper() in ("PREFIX", "BASE"):
                sparql_directive = 3 if value.upper() == "PREFIX" else 2
        current.tokens.append((kind, value, line))
        if kind == "punct" and value in "[(":
            depth += 1
        elif kind == "punct" and value in "])":
            depth -= 1
        finished = kind == "punct" and value == "." and depth == 0
        if sparql_directive:
            sparql_directive -= 1
            finished = sparql_directive == 0
        if finished:
            current.end_line = line
            statements.append(current)
            current = None
    if current is not None:  # unterminated: rdflib has already rejected such a file
        statements.append(current)
    return statements, pending


def _comment_block(comments: list[tuple[int, str]], next_line: int | None) -> list[str]:
    """Comment lines with "" where the file had blank lines between them or after them."""
    lines: list[str] = []
    for index, (line, comment) in enumerate(comments):
        if index and line - comments[index - 1][0] > 1:
            lines.append("")
        lines.append(comment)
    if comments and next_line is not None and next_line - comments[-1][0] > 1:
        lines.append("")
    return lines


def _is_directive(kind: str, token: str) -> bool:
    return token.lower() in ("@prefix", "@base") or (
        kind == "other" and token.upper() in ("PREFIX", "BASE")
    )


def read_layout(text: str, graph: Graph) -> Layout:
    """The comments, prefixes and subject order of Turtle ``text`` (already parsed as ``graph``)."""
    from rdflib import URIRef

    statements, trailing = _scan(text)
    layout = Layout()
    base = BASE
    carried: list[str] = []
    subjects = set(graph.subjects())
    for index, statement in enumerate(statements):
        kind, first, first_line = statement.tokens[0]
        block = _comment_block(statement.leading, first_line)
        if index == 0:
            layout.header = [c for c in block if c] and strip_blank_end(block)
            block = []
        if _is_directive(kind, first):
            carried += block + statement.inner
            iri = next((t[1:-1] for k, t, _ in statement.tokens if k == "iri"), None)
            if iri is None:
                continue
            if first.lower().endswith("prefix"):
                name = next((t for k, t, _ in statement.tokens if k == "pname"), ":")
                layout.prefixes[name[:-1]] = _resolve(base, iri)
            else:
                base = _resolve(base, iri)
            continue
        subject: Node | None = None
        if kind == "iri":
            subject = URIRef(_resolve(base, first[1:-1]))
        elif kind == "pname":
            prefix, _, local = first.partition(":")
            if prefix in layout.prefixes and "\\" not in local:
                subject = URIRef(layout.prefixes[prefix] + local)
        if subject is None or subject not in subjects:
            carried += block + statement.inner
            continue
        if subject in layout.order and "" in block:
            # Before more triples of a subject already written, comments above a blank line (a
            # section heading) go to the next new subject; those right above stay with these.
            cut = len(block) - block[::-1].index("")
            carried, block = carried + block[:cut], block[cut:]
        elif subject not in layout.order:
            layout.order.append(subject)
            block, carried = carried + block, []
        layout.comments.setdefault(subject, []).extend(block + statement.inner)
    tail = _comment_block(trailing, None)
    carried = strip_blank_end(carried)
    layout.trailing = [*carried, *([""] if carried and tail else []), *tail]
    return layout


def _resolve(base: str, reference: str) -> str:
    """``reference`` resolved against ``base``; an absolute IRI is kept as written."""
    from urllib.parse import urljoin

    if _ABSOLUTE.match(reference):
        return reference
    resolved = urljoin(base, reference)
    return resolved + "#" if reference.endswith("#") and not resolved.endswith("#") else resolved


def parse_turtle(text: str) -> Graph:
    """Parse Turtle against the fixed ``BASE`` (so relative IRIs stay relative) with no prefixes
    bound but the file's own. Nesting beyond the default recursion limit (about 100 levels) is
    read on a deeper stack."""
    import logging
    import threading

    from rdflib import Graph

    def parse() -> Graph:
        graph = Graph(bind_namespaces="none")
        graph.parse(data=text, format="turtle", publicID=BASE)
        return graph

    # rdflib logs a traceback for each ill-typed literal; validate reports those, fmt keeps them.
    logging.getLogger("rdflib").setLevel(logging.CRITICAL)
    try:
        return parse()
    except RecursionError:
        if threading.current_thread().name == _DEEP_THREAD:
            raise
    return _with_deep_stack(parse)


MAX_NESTING = 1000
"""Deepest nesting of ``[ ( `` that ``fmt`` formats. rdflib's Turtle reader and the writer recurse
about ten Python frames per level, so deeper files are refused rather than risk the stack."""
_RECURSION_LIMIT = 20 * MAX_NESTING + 2000
_STACK_BYTES = 512 * 1024 * 1024  # reserved address space for the worker thread, not memory used
_DEEP_THREAD = "factcheck-fmt-deep"


def format_text(text: str, quotes_from: Path | None = None) -> str:
    """Turtle ``text`` in the canonical layout. Raises ``FormatError`` rather than lose content.

    With ``quotes_from`` (the file's folder), each quote's start, end, prefix and suffix are
    first recomputed from its exact words (``factcheck.quotefix``).
    """
    depth = _nesting(text)
    if depth > MAX_NESTING:
        raise FormatError(f"the file nests blank nodes or lists {depth} levels deep")
    if depth < 50:
        return _format_text(text, quotes_from)
    return _with_deep_stack(lambda: _format_text(text, quotes_from))


def _nesting(text: str) -> int:
    deepest = depth = 0
    for statement in _scan(text)[0]:
        for kind, token, _ in statement.tokens:
            if kind == "punct" and token in "[(":
                depth += 1
                deepest = max(deepest, depth)
            elif kind == "punct" and token in "])":
                depth -= 1
    return deepest


_T = TypeVar("_T")


def _with_deep_stack(work: Callable[[], _T]) -> _T:
    """``work()`` in a thread with a large stack and a raised recursion limit (both restored)."""
    import sys
    import threading

    results: list[_T] = []
    failures: list[BaseException] = []

    def run() -> None:
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, _RECURSION_LIMIT))
        try:
            results.append(work())
        except BaseException as error:  # re-raised in the calling thread
            failures.append(error)
        finally:
            sys.setrecursionlimit(limit)

    size = threading.stack_size(_STACK_BYTES)
    try:
        worker = threading.Thread(target=run, name=_DEEP_THREAD)
        worker.start()
    finally:
        threading.stack_size(size)
    worker.join()
    if failures:
        raise failures[0]
    return results[0]


def _format_text(text: str, quotes_from: Path | None) -> str:
    try:
        graph = parse_turtle(text)
    except RecursionError:
        raise FormatError("the file is nested too deeply for the formatter") from None
    except Exception as error:  # what the loader accepts but rdflib's reader does not (RDF 1.2)
        raise FormatError(
            f"the formatter cannot read this file ({type(error).__name__}: it may use RDF 1.2"
            " syntax, such as a text direction, that fmt does not write)"
        ) from None
    # Recomputed quote positions are meant to differ from the text's; every other statement
    # must keep its lexical form (and the rdflib comparison covers the recomputed ones).
    ignore: frozenset[str] = frozenset()
    if quotes_from is not None:
        from factcheck.quotefix import POSITION, repair_quotes

        if repair_quotes(graph, quotes_from)[0]:
            ignore = POSITION
    result = serialize(graph, read_layout(text, graph))
    try:
        again = parse_turtle(result)
    except Exception as error:  # a writer bug: never hand back text that does not parse
        raise FormatError(f"the formatted text does not parse: {error}") from None
    if not same_graph(graph, again) or not same_text_graph(text, result, ignore=ignore):
        raise FormatError("formatting would change the graph")
    before = Counter(c for statement in _scan(text)[0] for c in _all_comments(statement))
    before.update(c for _, c in _scan(text)[1])
    after = Counter(c for statement in _scan(result)[0] for c in _all_comments(statement))
    after.update(c for _, c in _scan(result)[1])
    if before - after:
        lost = next(iter(before - after))
        raise FormatError(f"formatting would lose the comment {lost!r}")
    return result


def same_text_graph(before: str, after: str, ignore: frozenset[str] = frozenset()) -> bool:
    """Whether two Turtle texts state the same graph, each read by Oxigraph, which keeps every
    literal's lexical form as written (rdflib's reading rewrites some, e.g. a date's time
    zone or ``1e400``, so comparing rdflib's two readings cannot see them change). The proof
    ``fmt`` makes before it writes. A text Oxigraph does not read (rdflib is more lenient) is
    compared by ``same_graph`` alone. Statements whose predicate is in ``ignore`` (IRIs) are
    left out of both sides."""
    import pyoxigraph as ox

    def quads(text: str) -> list[ox.Quad] | None:
        try:
            parsed = ox.parse(text, format=ox.RdfFormat.TURTLE, base_iri=BASE)
            return [q for q in parsed if q.predicate.value not in ignore]
        except (SyntaxError, ValueError):
            return None

    first = quads(before)
    if first is None:
        return True
    second = quads(after)
    return second is not None and isomorphic(first, second)


def isomorphic(first: list[ox.Quad], second: list[ox.Quad]) -> bool:
    """Whether two lists of quads state the same dataset, up to blank-node names.

    Fact files nest blank nodes as trees (each used at most once, as ``[ … ]``). Such a forest
    has an exact canonical form: each blank node named by a hash of its sorted statements, from
    the leaves up (the tree-isomorphism idea of Aho, Hopcroft and Ullman), linear in its size.
    Anything else (a blank node used twice, a cycle) goes to Oxigraph's canonicalization, which
    takes cubic time on a chain of nested blank nodes (1.2 s at 200 levels, 9.7 s at 400).
    """
    import pyoxigraph as ox

    left, right = _forest_form(first), _forest_form(second)
    if left is not None or right is not None:
        return left == right  # being a forest survives renaming blank nodes
    datasets = [ox.Dataset(first), ox.Dataset(second)]
    for dataset in datasets:
        dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return datasets[0] == datasets[1]


def _forest_form(quads: list[ox.Quad]) -> Counter[str] | None:
    """The canonical statements of ``quads`` if their blank nodes form a forest, else None."""
    import hashlib

    import pyoxigraph as ox

    unique = set(quads)
    children: dict[ox.BlankNode, list[ox.Quad]] = {}
    used: Counter[ox.BlankNode] = Counter()
    for quad in unique:
        if isinstance(quad.subject, ox.BlankNode):
            children.setdefault(quad.subject, []).append(quad)
        for term in (quad.object, quad.graph_name):
            if isinstance(term, ox.BlankNode):
                used[term] += 1
        if isinstance(quad.subject, ox.Triple) or isinstance(quad.object, ox.Triple):
            return None
    if any(count > 1 for count in used.values()):
        return None
    names: dict[ox.BlankNode, str] = {}

    def statement(quad: ox.Quad, subject: str) -> str:
        obj = names[quad.object] if isinstance(quad.object, ox.BlankNode) else str(quad.object)
        graph = quad.graph_name
        where = names[graph] if isinstance(graph, ox.BlankNode) else str(graph)
        return f"{subject} {quad.predicate} {obj} {where}"

    # Name every blank node after its children, without recursion: a node is named once all the
    # blank nodes below it are.
    stack = [node for node in children if node not in used]
    stack += [q.object for q in unique if isinstance(q.object, ox.BlankNode)]
    stack += [q.graph_name for q in unique if isinstance(q.graph_name, ox.BlankNode)]
    visiting: set[ox.BlankNode] = set()
    while stack:
        node = stack[-1]
        if node in names:
            stack.pop()
            continue
        below = [
            t
            for q in children.get(node, [])
            for t in (q.object, q.graph_name)
            if isinstance(t, ox.BlankNode) and t not in names
        ]
        if below:
            if node in visiting:
                return None  # a cycle of blank nodes
            visiting.add(node)
            stack += below
            continue
        body = sorted(statement(q, "") for q in children.get(node, []))
        names[node] = "_:" + hashlib.sha256("\n".join(body).encode()).hexdigest()
        stack.pop()
    form: Counter[str] = Counter()
    for quad in unique:
        subject = quad.subject
        if isinstance(subject, ox.BlankNode):
            if subject in used:
                continue  # stated inside its parent's name
            form[statement(quad, names[subject])] += 1
        else:
            form[statement(quad, str(subject))] += 1
    return form


def same_graph(first: Graph, second: Graph) -> bool:
    """Whether two graphs are isomorphic (equal up to blank-node names).

    Decided by ``isomorphic``, which takes milliseconds where rdflib's
    ``rdflib.compare.isomorphic`` takes seconds on shape files full of blank nodes.
    """
    import pyoxigraph as ox
    from rdflib import BNode

    from factcheck.query import to_ox

    blanks: dict[Node, ox.BlankNode] = {}

    def term(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if isinstance(node, BNode):
            return blanks.setdefault(node, ox.BlankNode())
        converted: ox.NamedNode | ox.Literal = to_ox(node)
        return converted

    def quads(graph: Graph) -> list[ox.Quad]:
        return [ox.Quad(term(s), term(p), term(o)) for s, p, o in graph]  # type: ignore[arg-type]

    return len(first) == len(second) and isomorphic(quads(first), quads(second))


def _all_comments(statement: _Statement) -> Iterator[str]:
    yield from (c for _, c in statement.leading)
    yield from statement.inner


@dataclass
class FileResult:
    """What ``fmt`` did, or would do, to one file."""

    path: Path
    changed: bool
    quote_problems: list[str] = field(default_factory=list)
    """Quotes that are not in the text, or occur there more than once (left as they were)."""


def turtle_files(paths: Sequence[Path]) -> list[Path]:
    """The Turtle files named by ``paths``: files as given, directories searched (sorted)."""
    files: list[Path] = []
    for path in paths:
        try:
            path.stat()
        except FileNotFoundError:
            raise PathError(f"no such file or directory: {path}") from None
        except OSError as error:  # a name too long, a loop, no permission
            raise PathError(f"cannot read {path}: {error.strerror or error}") from None
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*.ttl")
                if p.is_file() and not any(x.startswith(".") for x in p.relative_to(path).parts)
            )
            if not found:
                raise PathError(f"no Turtle files in directory {path}", hint="fmt formats *.ttl")
            files += found
        elif path.suffix.lower() == ".ttl":
            files.append(path)
        else:
            raise UsageError(
                f"not a Turtle file: {path}", hint="fmt formats Turtle (.ttl) files only"
            )
    return list(dict.fromkeys(files))


def format_file(path: Path, check: bool = False) -> FileResult:
    """Reformat one file in place (atomically), or with ``check`` only report whether it would.

    Unparsable input raises ``ParseError`` (with file:line) and leaves the file untouched.
    """
    from factcheck.errors import Location
    from factcheck.loader import parse_file, read_text
    from factcheck.quotefix import repair_quotes

    graph = parse_file(path)  # the loader's errors carry file:line and a hint
    text = read_text(path)
    _, problems = repair_quotes(graph, path.parent)
    try:
        formatted = format_text(text, quotes_from=path.parent)
    except FormatError as error:
        raise FormatError(
            f"{error.message}; the file is left as it was",
            Location(path),
            hint="please report this with the file",
        ) from None
    changed = formatted != text
    if changed and not check:
        write_atomically(path, formatted)
    return FileResult(path, changed, [f"{p.node}: {p.message}" for p in problems])


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same directory and ``os.replace``."""
    mode = path.stat().st_mode & 0o7777 if path.exists() else None
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            Path(temporary).chmod(mode)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def format_paths(paths: Sequence[Path], check: bool = False) -> list[FileResult]:
    """Format (or with ``check``, only inspect) every Turtle file under ``paths``.

    Every file is parsed before any is written, so one unparsable file stops the run with
    nothing changed.
    """
    from factcheck.loader import parse_file

    files = turtle_files(paths)
    for file in files:
        parse_file(file)
    return [format_file(file, check=check) for file in files]
