"""YAML parsing with node positions, and rendering values in a file's own style.

Parsing composes the node tree once (for positions) and constructs the data from
it, with the safe constructor only. Rendering writes the few characters an edit
needs; the caller re-parses the result and checks it, so a rendering mistake can
never reach the disk.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from curator_app.core.errors import (
    DuplicateKeyError,
    InvalidYamlError,
    NotAMappingError,
    TooDeepError,
)
from curator_app.core.yamlguard import MAX_DEPTH, check_tree, construction_error
from curator_app.core.yamlguard import MAX_EXPANDED_NODES as MAX_EXPANDED_NODES
from curator_app.core.yamlguard import check_front_matter_size as check_front_matter_size
from curator_app.core.yamlplain import construct_plain, with_memoized_tags

Loader: type[Any] = with_memoized_tags(getattr(yaml, "CSafeLoader", yaml.SafeLoader))
Dumper: type[Any] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

_UNLIMITED_WIDTH = 1 << 30  # never fold a long string over several lines

_PLAIN_DATETIME = re.compile(
    r"^\d{4}-\d\d?-\d\d?(?P<sep>[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?P<frac>\.\d+)?"
    r"(?P<tz>[ \t]*(?:Z|[-+]\d\d?(?::?\d\d)?))?$"
)

_ZERO_OFFSET = re.compile(r"[-+]0?0(?::?00)?")


def parse_mapping(
    text: str, path: Path | None, line_offset: int
) -> tuple[MappingNode | None, dict[str, Any]]:
    """Parse front-matter text into its top mapping node and its data.

    ``line_offset`` is the number of file lines before ``text`` so that error
    positions name lines of the file, not of the front matter.
    """
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        if not isinstance(node, MappingNode):
            kind = "list" if isinstance(node, SequenceNode) else "single value"
            raise NotAMappingError(path, kind)
        _check_duplicate_keys(node, path, line_offset)
        # A plain tree within MAX_DEPTH is built at once; the limits are checked first
        # only when it is not (aliases, merge keys, tags, deep nesting, a bad value).
        data = construct_plain(loader, node, text, MAX_DEPTH)
        if data is None:
            check_tree(node, text, path, line_offset)
            try:
                data = loader.construct_document(node)
            except yaml.YAMLError:
                raise
            except Exception as error:  # an impossible date, a number too long to convert…
                raise construction_error(node, error, path, line_offset) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "cannot be parsed"
        line = (mark.line if mark else 0) + 1 + line_offset
        column = (mark.column if mark else 0) + 1
        raise InvalidYamlError(path, problem, line, column) from None
    except yaml.YAMLError as error:  # reader errors: control characters and the like
        raise InvalidYamlError(path, str(error).splitlines()[0], line_offset + 1, 1) from None
    except RecursionError:  # the pure-Python parser (no libyaml) recurses once per level
        raise TooDeepError(path, MAX_DEPTH, line_offset + 1) from None
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose is not None:
            dispose()
    if not isinstance(data, dict):  # pragma: no cover - guarded by the node check
        raise NotAMappingError(path, type(data).__name__)
    return node, data


def _check_duplicate_keys(node: MappingNode, path: Path | None, line_offset: int) -> None:
    keys = [key.value for key, _ in node.value if isinstance(key, ScalarNode)]
    if len(set(keys)) == len(keys):  # the usual case, without a loop in Python
        return
    seen: set[str] = set()
    for key_node, _ in node.value:
        if not isinstance(key_node, ScalarNode):
            continue
        if key_node.value in seen:
            line = key_node.start_mark.line + 1 + line_offset
            raise DuplicateKeyError(path, key_node.value, line)
        seen.add(key_node.value)


def content_end(node: Node, text: str) -> int:
    """Index in ``text`` just past the node's own characters.

    Block collections and block scalars end, for the parser, where the next
    token starts; trailing blank lines and comments are not theirs to replace.
    """
    if isinstance(node, ScalarNode):
        end: int = node.end_mark.index
        if node.style in ("|", ">"):
            start = node.start_mark.index
            while end > start and text[end - 1] in " \t\r\n":
                end -= 1
        return end
    if getattr(node, "flow_style", False) or not node.value:
        return int(node.end_mark.index)
    last = node.value[-1]
    if isinstance(node, MappingNode):
        key, value = last
        return max(content_end(key, text), content_end(value, text))
    return content_end(last, text)


def same_value(a: Any, b: Any) -> bool:
    """Equality that tells True from 1 and 1 from 1.0, as a file would."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, datetime):
        return a == b and (a.tzinfo is None) == (b.tzinfo is None)
    return bool(a == b)


def format_datetime(value: datetime, like: str | None = None) -> str:
    """Write a datetime the way ``like`` (the old text) was written, else as ``…T…Z``."""
    match = _PLAIN_DATETIME.match(like.strip()) if like else None
    sep = match.group("sep") if match else "T"
    had_fraction = bool(match and match.group("frac"))
    timespec = "microseconds" if (value.microsecond or had_fraction) else "seconds"
    text = value.replace(tzinfo=None).isoformat(
        sep=sep if len(sep) == 1 else " ", timespec=timespec
    )
    offset = value.utcoffset()
    if offset is None:
        return text
    old_tz = (match.group("tz") or "").strip() if match else "Z"
    # UTC is written ``Z`` unless the old text spelled a zero offset as digits.
    if offset == timedelta(0) and not _ZERO_OFFSET.fullmatch(old_tz):
        return text + "Z"
    total = int(offset.total_seconds() // 60)
    sign = "+" if total >= 0 else "-"
    hours, minutes = divmod(abs(total), 60)
    return f"{text}{sign}{hours:02d}:{minutes:02d}"


class _StyledDumper(Dumper):  # type: ignore[misc]
    """Dumps strings double-quoted when the file prefers it, datetimes as ISO ``…Z``."""

    prefer_double = False


def _represent_str(dumper: _StyledDumper, value: str) -> yaml.ScalarNode:
    style = '"' if dumper.prefer_double or "\n" in value else None
    node: yaml.ScalarNode = dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)
    return node


def _represent_datetime(dumper: _StyledDumper, value: datetime) -> yaml.ScalarNode:
    text = format_datetime(value)
    node: yaml.ScalarNode = dumper.represent_scalar("tag:yaml.org,2002:timestamp", text)
    return node


def _represent_dict(dumper: _StyledDumper, value: dict[Any, Any]) -> MappingNode:
    """Keys stay plain where they can; only values follow the file's quoting."""
    pairs = []
    prefer_double = dumper.prefer_double
    for key, item in value.items():
        dumper.prefer_double = False
        key_node = dumper.represent_data(key)
        dumper.prefer_double = prefer_double
        pairs.append((key_node, dumper.represent_data(item)))
    return MappingNode("tag:yaml.org,2002:map", pairs, flow_style=dumper.default_flow_style)


_StyledDumper.add_representer(str, _represent_str)
_StyledDumper.add_representer(dict, _represent_dict)
_StyledDumper.add_representer(datetime, _represent_datetime)


def dump(value: Any, *, flow: bool, prefer_double: bool) -> str:
    """Render any value as YAML text (no trailing newline, no document end marker)."""
    dumper_class = type("Dumper", (_StyledDumper,), {"prefer_double": prefer_double})
    text: str = yaml.dump(
        value,
        Dumper=dumper_class,
        default_flow_style=flow,
        sort_keys=False,
        allow_unicode=True,
        width=_UNLIMITED_WIDTH,
    )
    if text.endswith("\n...\n"):
        text = text[: -len("\n...\n")]
    return text.rstrip("\n")


def render_scalar(
    value: Any, old: ScalarNode | None, old_text: str | None, prefer_double: bool
) -> str:
    """Render a scalar for a one-line span, keeping the old value's quoting style."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, datetime):
        return format_datetime(value, old_text)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        style = old.style if old is not None else ('"' if prefer_double else None)
        if style == "'" and "\n" not in value and value.isprintable():
            return _single_quoted(value)
        if style in ('"', "'", "|", ">") or not _plain_is_safe(value):
            return _double_quoted(value)
        return value
    if isinstance(value, int | float):
        return dump(value, flow=True, prefer_double=False)
    raise TypeError(f"cannot write a value of type {type(value).__name__}")


def _single_quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _double_quoted(value: str) -> str:
    text: str = yaml.dump(
        value, Dumper=Dumper, default_style='"', allow_unicode=True, width=_UNLIMITED_WIDTH
    )
    return text.rstrip("\n").removesuffix("\n...").rstrip("\n")


def _plain_is_safe(value: str) -> bool:
    """True when ``value`` written plain reads back as the same string on one line."""
    if not value or not value.isprintable() or value != value.strip():
        return False
    try:
        parsed = yaml.load(f"k: {value}\n", Loader=Loader)
    except yaml.YAMLError:
        return False
    return isinstance(parsed, dict) and parsed.get("k") == value and isinstance(parsed["k"], str)
