"""One record per article: JSON Lines, a JSON array, or CSV rows, written to a byte stream.

JSON objects are flat: ``{"path": …, <every front-matter key in file order>, "body": …}``.
``path`` and ``body`` are the export's own fields, so an article whose front matter has
a top-level key named ``path`` or ``body`` is reported as an error rather than written
with one of the two values silently lost.

Values JSON has no type for are written as their text in the file: datetimes and dates
(``2021-10-11T05:30:00Z``, nested ones included), binary, NaN and infinities. Keys that
are not strings become their text too (``true``, ``1``).

Aliases cannot make a record huge: the parser (yamlguard) already refuses a front matter
whose aliases expand past a bound, or that nests too deeply, as that file's error.

CSV cells are text a spreadsheet may run: a cell starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return gets a leading ``'`` (OWASP's advice against "CSV
injection"), unless it is a number such as ``-1``. ``raw`` turns that off.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import math
import re
from collections.abc import Callable
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
    front_matter = _json_value(document.data, document.node, document, set())
    return {"path": relpath, **front_matter, "body": document.body}


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
        entry = entry_from_document(document, document.path.parent).replace(relpath=relpath)
        row = [cell(entry, document.data) for _, cell in CSV_COLUMNS]
        self._write_row(row if self._raw else [neutralise_formula(cell) for cell in row])

    def _write_row(self, row: list[str]) -> None:
        self._writer.writerow(row)
        self.stream.write(self._buffer.getvalue().encode("utf-8"))
        self._buffer.seek(0)
        self._buffer.truncate()


def _record_json(document: ArticleDocument, relpath: str, indent: int | None) -> str:
    return _json_text(article_record(document, relpath), indent)


def _json_text(record: dict[str, Any], indent: int | None) -> str:
    return json.dumps(record, ensure_ascii=False, allow_nan=False, indent=indent)


# -- front-matter values as JSON ------------------------------------------------


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
