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

import functools
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

_PREFIX = "tag:yaml.org,2002:"
_SEQ = _PREFIX + "seq"
_MAP = _PREFIX + "map"
_STR = _PREFIX + "str"


class _Unusual(Exception):
    """A node only the full constructor handles."""


def construct_plain(constructor: Any, root: MappingNode, text: str) -> dict[Any, Any] | None:
    """``constructor.construct_document(root)`` for a plain tree, or None (see module).

    ``text`` is the parsed text: one without ``*`` has no alias, so no node is shared.
    The tree's depth must already be checked (``yamlguard.check_tree``)."""
    if "*" in text:
        return None
    scalars = {
        _STR: _value,
        _PREFIX + "int": constructor.construct_yaml_int,
        _PREFIX + "float": constructor.construct_yaml_float,
        _PREFIX + "bool": constructor.construct_yaml_bool,
        _PREFIX + "null": constructor.construct_yaml_null,
        _PREFIX + "timestamp": constructor.construct_yaml_timestamp,
    }

    def build(node: Node) -> Any:
        kind = type(node)
        if kind is ScalarNode:
            make = scalars.get(node.tag)
            if make is None:
                raise _Unusual
            return make(node)
        if kind is SequenceNode and node.tag == _SEQ:
            return [build(item) for item in node.value]
        if kind is MappingNode and node.tag == _MAP:
            data = {}
            for key_node, value_node in node.value:
                if type(key_node) is not ScalarNode:
                    raise _Unusual
                data[build(key_node)] = build(value_node)
            return data
        raise _Unusual

    try:
        data = build(root)
    except Exception:  # _Unusual, or a value the full constructor must report itself
        return None
    return data if isinstance(data, dict) else None


def _value(node: ScalarNode) -> str:
    return str(node.value)


_RESOLVER = Resolver()  # reads only class tables: safe to share between threads


@functools.lru_cache(maxsize=4096)
def plain_scalar_tag(value: str) -> str:
    """The tag YAML's implicit resolvers give a plain scalar reading ``value``."""
    return str(_RESOLVER.resolve(ScalarNode, value, (True, False)))  # type: ignore[no-untyped-call]


def with_memoized_tags(loader: type[Any]) -> type[Any]:
    """``loader`` with plain scalars' tags memoized, when it resolves them as
    ``yaml.resolver.Resolver`` does (else ``loader`` itself)."""
    if getattr(loader, "yaml_implicit_resolvers", None) is not Resolver.yaml_implicit_resolvers:
        return loader

    class MemoizedTags(loader):  # type: ignore[misc]
        def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> Any:
            if kind is ScalarNode and implicit[0] and not self.yaml_path_resolvers:
                return plain_scalar_tag(value)
            return super().resolve(kind, value, implicit)

    MemoizedTags.__name__ = MemoizedTags.__qualname__ = f"MemoizedTags{loader.__name__}"
    return MemoizedTags
