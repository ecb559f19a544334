"""Limits a hostile front matter cannot get past, and where in the file a value failed.

``check_front_matter_size`` refuses a front matter past MAX_FRONT_MATTER_BYTES before
it is parsed. ``check_tree`` walks the composed node tree once, without recursion,
before any value is constructed: it refuses a value that contains itself through an
alias, nesting deeper than MAX_DEPTH, and aliases that expand past MAX_EXPANDED_NODES
values or MAX_EXPANDED_CHARS characters of text. ``construction_error`` turns an
exception raised while constructing the values (an impossible date, a number too long
to convert) into an error naming the offending value's line and column.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from curator_app.core.errors import (
    ArticleFormatError,
    ExpansionTooLargeError,
    FrontMatterTooLargeError,
    InvalidYamlError,
    RecursiveAliasError,
    TooComplexError,
    TooDeepError,
)

# How big a front matter may be, in UTF-8 bytes. A real one is a few kilobytes; parsing
# ten megabytes of YAML takes half a minute and gigabytes of memory. Refused unparsed.
MAX_FRONT_MATTER_BYTES = 1_000_000
# How many values the front matter may expand to through aliases. A real article
# has a few hundred; a "billion laughs" document has billions.
MAX_EXPANDED_NODES = 100_000
# How much text (characters of scalars, aliases expanded) it may hold: a few aliases
# of a long string must not become gigabytes in an export.
MAX_EXPANDED_CHARS = 4_000_000
# How deeply collections may nest. A real article nests four levels; comparing and
# exporting values recurse, and would fail somewhere near a few hundred.
MAX_DEPTH = 100

_TAG_PREFIX = "tag:yaml.org,2002:"
_KINDS = {"timestamp": "date", "int": "integer", "float": "number", "bool": "boolean"}
_SHOWN_CHARS = 40


def check_front_matter_size(text: str, start: int, end: int, path: Path | None) -> None:
    """Raise FrontMatterTooLargeError if ``text[start:end]`` is past the size limit."""
    if end - start <= MAX_FRONT_MATTER_BYTES // 4:  # even at four bytes a character
        return
    size = len(text[start:end].encode("utf-8", "surrogatepass"))
    if size > MAX_FRONT_MATTER_BYTES:
        raise FrontMatterTooLargeError(path, size, MAX_FRONT_MATTER_BYTES)


def check_tree(root: Node, text: str, path: Path | None, line_offset: int) -> None:
    """Raise an ArticleFormatError if the tree, aliases followed, breaks a limit."""
    if "*" not in text:  # no alias: a tree no bigger than the text, only its depth to check
        _check_depth(root, path, line_offset)
        return
    done: dict[int, tuple[int, int, int]] = {}  # id(node) -> (values, characters, depth)
    on_path: set[int] = set()  # the collections that enclose the one being walked
    stack: list[tuple[Node, list[Node]]] = []  # (collection, children not yet walked)

    def enter(node: Node) -> None:
        if isinstance(node, ScalarNode):
            done[id(node)] = (1, len(node.value), 0)
            return
        if len(stack) >= MAX_DEPTH:
            raise TooDeepError(path, MAX_DEPTH, _line(node, line_offset))
        on_path.add(id(node))
        stack.append((node, _children(node)[::-1]))

    enter(root)
    while stack:
        node, pending = stack[-1]
        if pending:
            child = pending.pop()
            if id(child) in on_path:  # an alias to a collection that encloses it
                line = _recursive_alias_line(text, line_offset) or _line(child, line_offset)
                raise RecursiveAliasError(path, line)
            if id(child) not in done:
                enter(child)
            continue
        stack.pop()
        on_path.discard(id(node))
        values, chars, depth = 1, 0, 0
        for child in _children(node):
            child_values, child_chars, child_depth = done[id(child)]
            values += child_values
            chars += child_chars
            depth = max(depth, child_depth + 1)
        if values > MAX_EXPANDED_NODES:
            raise TooComplexError(path, MAX_EXPANDED_NODES)
        if chars > MAX_EXPANDED_CHARS:
            raise ExpansionTooLargeError(path, MAX_EXPANDED_CHARS)
        if len(stack) + depth > MAX_DEPTH:  # an alias put a deep value deep down
            raise TooDeepError(path, MAX_DEPTH, _line(node, line_offset))
        done[id(node)] = (values, chars, depth)


def _check_depth(root: Node, path: Path | None, line_offset: int) -> None:
    """Refuse collections nested deeper than MAX_DEPTH (a tree: no alias shares a node)."""
    pending: list[tuple[Node, int]] = [(root, 1)]
    while pending:
        node, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise TooDeepError(path, MAX_DEPTH, _line(node, line_offset))
        for child in _children(node):
            if not isinstance(child, ScalarNode):
                pending.append((child, depth + 1))


def construction_error(
    root: Node, error: Exception, path: Path | None, line_offset: int
) -> ArticleFormatError:
    """The error to report when constructing ``root``'s values raised ``error``.

    Each scalar is constructed again on its own to find the one that fails; its
    position and value make the reason ("2021-02-30 is not a valid date (…)").
    """
    constructor = SafeConstructor()
    for node in _scalars(root):
        try:
            constructor.construct_object(node)
        except yaml.YAMLError:  # merge keys and the like: only built inside a mapping
            continue
        except Exception as failure:  # the value's own constructor failed: name it
            return InvalidYamlError(
                path,
                _scalar_problem(node, failure),
                _line(node, line_offset),
                node.start_mark.column + 1,
            )
    reason = f"front matter cannot be read ({type(error).__name__}: {_first_clause(error)})"
    return ArticleFormatError(path, reason)


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [item for pair in node.value for item in pair]
    return []


def _scalars(root: Node) -> list[ScalarNode]:
    """Every scalar of the tree once, in document order (the tree is checked: no cycles)."""
    found: list[ScalarNode] = []
    seen: set[int] = set()
    pending = [root]
    while pending:
        node = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            found.append(node)
        pending.extend(reversed(_children(node)))
    return found


def _line(node: Node, line_offset: int) -> int:
    return int(node.start_mark.line) + 1 + line_offset


def _scalar_problem(node: ScalarNode, failure: Exception) -> str:
    value = node.value
    shown = value if len(value) <= _SHOWN_CHARS else value[: _SHOWN_CHARS - 1] + "…"
    tag = node.tag.removeprefix(_TAG_PREFIX)
    kind = _KINDS.get(tag, f"{tag} value")
    if isinstance(failure, LookupError):  # a KeyError's text is only the key again
        return f"{shown} is not a valid {kind}"
    return f"{shown} is not a valid {kind} ({_first_clause(failure)})"


def _first_clause(error: Exception) -> str:
    """The error's first line up to a ';' (Python's hints after it are not for readers)."""
    lines = str(error).splitlines() or [type(error).__name__]
    return lines[0].split(";")[0].strip()


def _recursive_alias_line(text: str, line_offset: int) -> int | None:
    """The file line of the first alias written inside the collection it names
    (anchors are unique in a document: the composer refuses a second one)."""
    open_anchors: list[str | None] = []  # the anchors of the collections open here
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(event, AliasEvent):
                mark = event.start_mark
                if event.anchor in open_anchors and mark is not None:
                    return int(mark.line) + 1 + line_offset
            elif isinstance(event, CollectionStartEvent):
                open_anchors.append(event.anchor)
            elif isinstance(event, CollectionEndEvent):
                open_anchors.pop()
    except yaml.YAMLError:  # pragma: no cover - the text was composed once already
        return None
    return None
