"""Constructing a plain YAML tree fast: the data PyYAML's safe constructor would build.

Articles are mappings of strings, numbers, booleans, dates, lists and nested mappings.
For such a tree the safe constructor's machinery (recursion bookkeeping, generators,
merge-key flattening) costs more than the values themselves, and a folder scan parses
every file. ``construct_plain`` builds the same values by calling the constructor's
own scalar methods, and gives up (returns None) on anything else: an alias, a merge
key, an explicit or unknown tag, a key that is not a scalar, any exception. The
caller then runs the full constructor, which builds the data or raises its own error.

Composing is sped up the same way: the tag of a plain (unquoted) scalar is a pure
function of its text, found by trying regular expressions in Python for every value
of every file, and the same few values (numbers, booleans, names) recur; a loader
made by ``with_memoized_tags`` looks them up in a bounded memo instead.
"""

from __future__ import annotations

from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

_PREFIX = "tag:yaml.org,2002:"
_SEQ = _PREFIX + "seq"
_MAP = _PREFIX + "map"
_STR = _PREFIX + "str"


class _Unusual(Exception):
    """A node only the full constructor handles."""


def construct_plain(
    constructor: Any, root: MappingNode, text: str, max_depth: int
) -> dict[Any, Any] | None:
    """``constructor.construct_document(root)`` for a plain tree, or None (see module).

    ``text`` is the parsed text: one without ``*`` has no alias, so no node is shared
    and the tree is no bigger than the text. Collections nested deeper than
    ``max_depth`` (the root is level 1) give up too, before recursing further: the
    caller's own check then reports them (``yamlguard.check_tree``)."""
    if "*" in text:
        return None
    construct_int = constructor.construct_yaml_int

    def integer(node: ScalarNode) -> Any:
        digits = node.value
        if digits.isdigit() and digits.isascii() and digits[0] != "0":  # 0… is octal
            return int(digits)  # a plain decimal, what PyYAML reads it as, read at once
        return construct_int(node)

    scalars = {
        _PREFIX + "int": integer,
        _PREFIX + "float": constructor.construct_yaml_float,
        _PREFIX + "bool": constructor.construct_yaml_bool,
        _PREFIX + "null": constructor.construct_yaml_null,
        _PREFIX + "timestamp": constructor.construct_yaml_timestamp,
    }

    def scalar(node: ScalarNode) -> Any:
        make = scalars.get(node.tag)
        if make is None:
            raise _Unusual
        return make(node)

    # Scalars are built inline, strings (most values) as the composed text itself, as
    # the safe constructor does: a call per value would cost more than the value.
    def build(node: Node, depth: int) -> Any:
        if depth > max_depth:
            raise _Unusual
        kind = type(node)
        if kind is MappingNode and node.tag == _MAP:
            data = {}
            for key_node, value_node in node.value:
                if type(key_node) is not ScalarNode:
                    raise _Unusual
                key = key_node.value if key_node.tag == _STR else scalar(key_node)
                if type(value_node) is ScalarNode:
                    value = value_node.value if value_node.tag == _STR else scalar(value_node)
                else:
                    value = build(value_node, depth + 1)
                data[key] = value
            return data
        if kind is SequenceNode and node.tag == _SEQ:
            items = []
            for item in node.value:
                if type(item) is ScalarNode:
                    items.append(item.value if item.tag == _STR else scalar(item))
                else:
                    items.append(build(item, depth + 1))
            return items
        raise _Unusual

    try:
        data = build(root, 1)
    except Exception:  # _Unusual, or a value the full constructor must report itself
        return None
    return data if isinstance(data, dict) else None


_RESOLVER = Resolver()  # reads only class tables: safe to share between threads
_MEMO_SIZE = 4096  # distinct plain values remembered; the memo starts over when full
_MEMO_CHARS = 100  # longer values (sentences) seldom recur: resolved, not remembered


def plain_scalar_tag(value: str) -> str:
    """The tag YAML's implicit resolvers give a plain scalar reading ``value``."""
    return str(_RESOLVER.resolve(ScalarNode, value, (True, False)))  # type: ignore[no-untyped-call]


def with_memoized_tags(loader: type[Any]) -> type[Any]:
    """``loader`` with every node's tag found as ``yaml.resolver.Resolver`` finds it
    but faster, plain scalars' tags memoized, when it resolves them as that class does
    (else ``loader`` itself). The composer asks for the tag of every node of every
    file: this answers most of them without a call back into PyYAML."""
    if getattr(loader, "yaml_implicit_resolvers", None) is not Resolver.yaml_implicit_resolvers:
        return loader
    memo: dict[str, str] = {}  # value -> tag; a plain dict's get and set are atomic

    class MemoizedTags(loader):  # type: ignore[misc]
        def __init__(self, stream: Any) -> None:
            super().__init__(stream)
            # Path resolvers give tags by position in the tree (then PyYAML's own way).
            # Without any, the composer's calls around every node that track the
            # position do nothing: C callables taking the same arguments (a slice and an
            # empty tuple, thrown away) spare a call into Python per node.
            self._tags_by_value = not self.yaml_path_resolvers
            if self._tags_by_value:
                self.descend_resolver = slice
                self.ascend_resolver = tuple

        def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> Any:
            if not self._tags_by_value:
                return super().resolve(kind, value, implicit)
            if kind is ScalarNode:
                if not implicit[0]:  # quoted, or a block scalar: a string
                    return _STR
                tag = memo.get(value)
                if tag is None:
                    tag = plain_scalar_tag(value)
                    if len(value) <= _MEMO_CHARS:
                        if len(memo) >= _MEMO_SIZE:
                            memo.clear()
                        memo[value] = tag
                return tag
            if kind is SequenceNode:
                return _SEQ
            if kind is MappingNode:
                return _MAP
            return super().resolve(kind, value, implicit)

    MemoizedTags.__name__ = MemoizedTags.__qualname__ = f"MemoizedTags{loader.__name__}"
    return MemoizedTags
