"""One record per article: JSON Lines, a JSON array, or CSV rows, written to a byte stream.

JSON objects are flat: ``{"path": …, <every front-matter key in file order>, "body": …}``.
``path`` and ``body`` are the export's own fields, so an article whose front matter has
a top-level key named ``path`` or ``body`` is reported as an error rather than written
with one of the two values silently lost.

Values JSON has no type for are written as their text in the file: datetimes and dates
(``2021-10-11T05:30:00Z``, nested ones included), binary, NaN and infinities. Keys that
are not strings become their text too (``true``, ``1``).

Aliases let a small front matter repeat a long string many times: the parser's limit on
the number of values does not bound the text. A record whose front matter would expand
to more than MAX_RECORD_CHARS characters is refused before anything is expanded.

CSV cells are text a spreadsheet may run: a cell starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return gets a leading ``'`` (OWASP's advice against "CSV
injection"), unless it is a number such as ``-1``. ``raw`` turns that off.
"""

from __future__ import annotations

import base64
import csv
import io
import itertools
import json
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime
from typing import IO, Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from curator_app.core import schema
from curator_app.core.document import ArticleDocument
from curator_app.core.entry import ArticleEntry
from curator_app.core.errors import CuratorError
from curator_app.core.library import entry_from_document
from curator_app.core.yamlio import format_datetime

RESERVED_KEYS = ("path", "body")
MAX_RECORD_CHARS = 16 * 1024 * 1024  # a real front matter has a few thousand characters
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
UTF8_BOM = b"\xef\xbb\xbf"
TOPIC_SEPARATOR = "; "

# The list's columns, described as data: (header, cell of an entry).
CSV_COLUMNS: tuple[tuple[str, Callable[[ArticleEntry, dict[str, Any]], str]], ...] = (
    ("title", lambda e, d: e.title),
    ("provider", lambda e, d: e.provider),
    ("date", lambda e, d: e.published_text),
    ("type", lambda e, d: e.type),
    ("category", lambda e, d: e.category),
    ("quality", lambda e, d: "" if e.quality is None else str(e.quality)),
    ("heat", lambda e, d: "" if e.heat is None else str(e.heat)),
    ("published", lambda e, d: "true" if e.published else "false"),
    ("topics", lambda e, d: TOPIC_SEPARATOR.join(e.topics)),
    ("originalUrl", lambda e, d: schema.read(d, "originalUrl")),
    ("webUrl", lambda e, d: schema.read(d, "webUrl")),
    ("path", lambda e, d: e.relpath),
)


def article_record(document: ArticleDocument, relpath: str) -> dict[str, Any]:
    """The JSON object for one article; raise CuratorError if it cannot be one."""
    clash = [key for key in RESERVED_KEYS if key in document.data]
    if clash:
        raise CuratorError(
            document.path,
            f"front-matter key {clash[0]!r} clashes with the export's own {clash[0]!r} "
            "field; not exported",
        )
    check_expanded_size(document)
    front_matter = _json_value(document.data, document.node, document, set())
    return {"path": relpath, **front_matter, "body": document.body}


def check_expanded_size(document: ArticleDocument) -> None:
    """Raise CuratorError when the front matter, aliases expanded, is too long a text."""
    if _expanded_chars(document.data) > MAX_RECORD_CHARS:
        raise CuratorError(
            document.path,
            f"front matter expands to more than {MAX_RECORD_CHARS:,} characters of text; "
            "not exported",
        )


def neutralise_formula(cell: str) -> str:
    """``cell`` with a ``'`` before it when a spreadsheet would take it for a formula."""
    if cell.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


class RecordWriter:
    """Base of the three record formats; ``add`` writes nothing when it raises."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream

    def begin(self) -> None:
        """Write what comes before the first record."""

    def add(self, document: ArticleDocument, relpath: str) -> None:
        raise NotImplementedError

    def end(self) -> None:
        """Write what comes after the last record."""


class JsonLinesWriter(RecordWriter):
    def add(self, document: ArticleDocument, relpath: str) -> None:
        line = _record_json(document, relpath, indent=None)
        self.stream.write(line.encode("utf-8") + b"\n")


class JsonArrayWriter(RecordWriter):
    def __init__(self, stream: IO[bytes]) -> None:
        super().__init__(stream)
        self._count = 0

    def begin(self) -> None:
        self.stream.write(b"[")

    def add(self, document: ArticleDocument, relpath: str) -> None:
        text = _record_json(document, relpath, indent=2)
        separator = b",\n" if self._count else b"\n"
        self.stream.write(separator + text.encode("utf-8"))
        self._count += 1

    def end(self) -> None:
        self.stream.write(b"\n]\n" if self._count else b"]\n")


class CsvWriter(RecordWriter):
    """UTF-8 rows, RFC 4180 quoting (commas, quotes, newlines), optional BOM for spreadsheets."""

    def __init__(self, stream: IO[bytes], bom: bool = False, raw: bool = False) -> None:
        super().__init__(stream)
        self._bom = bom
        self._raw = raw  # no quote before formula-like cells
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")

    def begin(self) -> None:
        if self._bom:
            self.stream.write(UTF8_BOM)
        self._write_row([header for header, _ in CSV_COLUMNS])

    def add(self, document: ArticleDocument, relpath: str) -> None:
        check_expanded_size(document)  # the cells turn nested lists into text
        entry = replace(entry_from_document(document, document.path.parent), relpath=relpath)
        row = [cell(entry, document.data) for _, cell in CSV_COLUMNS]
        self._write_row(row if self._raw else [neutralise_formula(cell) for cell in row])

    def _write_row(self, row: list[str]) -> None:
        self._writer.writerow(row)
        self.stream.write(self._buffer.getvalue().encode("utf-8"))
        self._buffer.seek(0)
        self._buffer.truncate()


def _record_json(document: ArticleDocument, relpath: str, indent: int | None) -> str:
    try:
        return _json_text(article_record(document, relpath), indent)
    except RecursionError:  # nesting the parser accepts (~1,000 levels) exceeds the stack
        raise CuratorError(
            document.path, "front matter is nested too deeply to be written as JSON; not exported"
        ) from None


def _json_text(record: dict[str, Any], indent: int | None) -> str:
    return json.dumps(record, ensure_ascii=False, allow_nan=False, indent=indent)


# -- front-matter values as JSON ------------------------------------------------


def _expanded_chars(data: Any) -> int:
    """About how long ``data`` is as text with aliases expanded, or a number over
    MAX_RECORD_CHARS as soon as that is certain.

    Counts every string, key and scalar, plus two spaces of indentation per level for
    every value; not JSON's escapes (a safety bound, not the exact size). Each container is
    measured once (``sizes``), so the work follows the file, not the expansion; a
    container inside itself counts once (converting it reports the loop). A loop, not
    recursion: any nesting the parser accepts is measured.
    """
    sizes: dict[int, tuple[int, int]] = {}  # id -> (characters, values)
    # One frame per container being measured: its id, its parts, [characters, values].
    frames: list[tuple[int, Iterator[Any], list[int]]] = []
    active: set[int] = set()  # the ids in ``frames``

    def measure(value: Any) -> tuple[int, int] | None:
        """The size of a scalar or of a measured container; None: push it."""
        if not isinstance(value, dict | list | tuple | set):
            return _scalar_chars(value), 1
        known = sizes.get(id(value))
        if known is not None:
            return known
        if id(value) in active:
            return 2, 1
        parts = itertools.chain.from_iterable(value.items()) if isinstance(value, dict) else value
        frames.append((id(value), iter(parts), [2, 1]))
        active.add(id(value))
        return None

    scalar = measure(data)
    while frames:
        key, parts, size = frames[-1]
        for part in parts:  # keys and values alike
            child = measure(part)
            if child is None:
                break  # measure the child container first
            size[0] += child[0] + 2 * child[1] + 2  # one level deeper, and a separator
            size[1] += child[1]
            if size[0] > MAX_RECORD_CHARS:  # the whole is at least as long: stop here
                return size[0]
        else:
            frames.pop()
            active.discard(key)
            sizes[key] = (size[0], size[1])
            if frames:
                parent = frames[-1][2]
                parent[0] += size[0] + 2 * size[1] + 2
                parent[1] += size[1]
    return (scalar or sizes[id(data)])[0]


def _scalar_chars(value: Any) -> int:
    if isinstance(value, str):
        return len(value) + 2
    if isinstance(value, bytes):
        return len(value) * 4 // 3 + 4  # base64
    if isinstance(value, bool) or value is None:
        return 5
    if isinstance(value, int):
        return value.bit_length() // 3 + 2  # a decimal digit per 3.3 bits at most
    return 40  # floats, dates, datetimes


def _json_value(value: Any, node: Node | None, document: ArticleDocument, active: set[int]) -> Any:
    """``value`` with everything JSON lacks replaced by the file's text for it.

    ``active`` holds the containers being converted: an alias that contains itself
    would otherwise recurse forever.
    """
    if isinstance(value, dict | list | tuple):
        if id(value) in active:
            raise CuratorError(
                document.path,
                "front matter contains itself through an alias; JSON cannot hold that",
            )
        active.add(id(value))
        try:
            if isinstance(value, dict):
                children = _mapping_children(node)
                return {
                    _key_text(key): _json_value(
                        item, children.get(_key_text(key)), document, active
                    )
                    for key, item in value.items()
                }
            items = node.value if isinstance(node, SequenceNode) else []
            nodes = items if len(items) == len(value) else [None] * len(value)
            return [
                _json_value(item, n, document, active) for item, n in zip(value, nodes, strict=True)
            ]
        finally:
            active.discard(id(value))
    if isinstance(value, set):  # !!set: a mapping to nulls in the file
        return {_key_text(key): None for key in value}
    if isinstance(value, date | bytes) or (isinstance(value, float) and not math.isfinite(value)):
        return _scalar_text(value, node)
    return value


def _scalar_text(value: Any, node: Node | None) -> str:
    if isinstance(node, ScalarNode):
        return "".join(node.value.split()) if isinstance(value, bytes) else str(node.value)
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return str(value)


def _mapping_children(node: Node | None, depth: int = 0) -> dict[str, Node]:
    """Value nodes of a mapping by key text, merge keys (``<<``) applied as YAML does."""
    if not isinstance(node, MappingNode) or depth > 32:
        return {}
    children: dict[str, Node] = {}
    own: dict[str, Node] = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
            for source in reversed(sources):  # earlier sources win
                children.update(_mapping_children(source, depth + 1))
        elif isinstance(key_node, ScalarNode):
            own[key_node.value] = value_node
    children.update(own)
    return children


def _key_text(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    if isinstance(key, datetime):
        return format_datetime(key)
    if isinstance(key, date):
        return key.isoformat()
    return str(key)
