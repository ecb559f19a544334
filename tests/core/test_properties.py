"""Property tests: for generated front matters and a random edit of one key, the data
changes only at that key and every line outside that key's lines is byte-identical.

The strategies write front matters line by line and remember which file lines each
key occupies, so the test knows exactly which lines an edit may touch.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator_app.core.document import ArticleDocument
from curator_app.core.errors import ArticleFormatError
from curator_app.core.yamlio import same_value

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_WORD = st.text("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789", min_size=1, max_size=8)
# Characters that stress quoting: indicators, quotes, colons, hashes, non-ASCII.
_TRICKY = st.sampled_from([": ", " #", "#", '"', "'", "\\", "-", "[", "]", "{", "}", ",", "&"])
_TRICKY_TEXT = st.lists(
    st.one_of(_WORD, _TRICKY, st.sampled_from([" ", "é", "\u2013", "日本", "published: false"])),
    max_size=6,
).map("".join)
_PLAIN_TEXT = st.lists(
    st.one_of(_WORD, st.sampled_from([" ", "-", ":", "#", "é"])), max_size=6
).map("".join)
_COMMENT = st.text("abcdefghij klmnop:#-", max_size=12).map(lambda text: "# " + text)


@dataclass(frozen=True)
class Entry:
    """One top-level key: its parsed value and the file lines (no line ends) it occupies."""

    key: str
    value: Any
    lines: tuple[str, ...]
    kind: str  # how the value is written: plain, double, single, folded, literal, int, ...
    comment: str = ""


@dataclass(frozen=True)
class Article:
    """A generated article: filler lines go before each entry; spans are 0-based file lines."""

    entries: tuple[Entry, ...]
    fillers: tuple[tuple[str, ...], ...]
    newline: str
    body: str

    def render(self) -> tuple[bytes, dict[str, tuple[int, int]], int]:
        """The file bytes, each key's (first, last) line, and the closing fence's line."""
        lines = ["---"]
        spans: dict[str, tuple[int, int]] = {}
        for filler, entry in zip(self.fillers, self.entries, strict=True):
            lines.extend(filler)
            spans[entry.key] = (len(lines), len(lines) + len(entry.lines) - 1)
            lines.extend(entry.lines)
        fence = len(lines)
        lines.append("---")
        text = "".join(line + self.newline for line in lines) + self.body
        return text.encode("utf-8"), spans, fence

    @property
    def data(self) -> dict[str, Any]:
        return {entry.key: entry.value for entry in self.entries}


def _loads(text: str) -> Any:
    return yaml.load(text, Loader=_LOADER)


def _is_plain_key(key: str) -> bool:
    """Keys like ``yes`` or ``null`` would not read back as the same string."""
    try:
        return bool(_loads(f"{key}: 1") == {key: 1})
    except yaml.YAMLError:
        return False


def _reads_back(text: str, value: str) -> bool:
    try:
        parsed = _loads(f"k: {text}\n")
    except yaml.YAMLError:
        return False
    return isinstance(parsed, dict) and parsed.get("k") == value and "\n" not in text


def double_quoted(value: str) -> str:
    text: str = yaml.dump(value, default_style='"', allow_unicode=True, width=1 << 30)
    return text.rstrip("\n").removesuffix("\n...").rstrip("\n")


keys = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,9}", fullmatch=True).filter(_is_plain_key)


@st.composite
def string_lines(draw: st.DrawFn, key_text: str) -> tuple[Any, tuple[str, ...], str]:
    kind = draw(st.sampled_from(["plain", "double", "single", "folded", "literal"]))
    if kind == "folded":  # a double-quoted string over lines, continuation at column 0
        word = st.sampled_from(["it runs", "published: false", "on", "x: y"])
        words = draw(st.lists(word, min_size=2, max_size=4))
        first, *rest = words
        lines = (f'{key_text}: "{first}', *rest[:-1], f'{rest[-1]}"')
        return " ".join(words), lines, kind
    if kind == "literal":
        rows = draw(st.lists(_TRICKY_TEXT.map(str.strip).filter(bool), min_size=1, max_size=3))
        return "\n".join(rows) + "\n", (f"{key_text}: |", *(f"  {row}" for row in rows)), kind
    value = draw(_PLAIN_TEXT if kind == "plain" else _TRICKY_TEXT)
    if kind == "plain" and _reads_back(value, value):
        return value, (f"{key_text}: {value}",), kind
    if kind == "single":
        return value, (f"{key_text}: '{value.replace(chr(39), chr(39) * 2)}'",), kind
    return value, (f"{key_text}: {double_quoted(value)}",), "double"


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(value)


utc_datetimes = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
).map(lambda moment: moment.replace(microsecond=0))


@st.composite
def entries(draw: st.DrawFn, key: str) -> Entry:
    quoted_key = draw(st.booleans())
    key_text = f'"{key}"' if quoted_key else key
    kind = draw(st.sampled_from(["str", "str", "int", "bool", "datetime", "list", "flowlist"]))
    comment = ""
    if kind == "str":
        value, lines, kind = draw(string_lines(key_text))
    elif kind in ("int", "bool", "datetime"):
        strategy: Any = {
            "int": st.integers(-(10**9), 10**9),
            "bool": st.booleans(),
            "datetime": utc_datetimes,
        }[kind]
        value = draw(strategy)
        lines = (f"{key_text}: {_scalar_text(value)}",)
    else:
        value = draw(st.lists(_TRICKY_TEXT, max_size=3))
        items = [item if _reads_back(item, item) else double_quoted(item) for item in value]
        if kind == "flowlist" or not items:
            lines = (f"{key_text}: [{', '.join(double_quoted(item) for item in value)}]",)
        else:
            lines = (f"{key_text}:", *(f"  - {item}" for item in items))
    if kind not in ("folded", "literal") and draw(st.booleans()):
        comment = draw(_COMMENT)
        lines = (*lines[:-1], f"{lines[-1]}  {comment}")
    return Entry(key, value, lines, kind, comment)


@st.composite
def articles(draw: st.DrawFn) -> Article:
    names = draw(st.lists(keys, min_size=1, max_size=6, unique=True))
    built = tuple(draw(entries(name)) for name in names)
    filler = st.lists(st.one_of(st.just(""), _COMMENT), max_size=2).map(tuple)
    fillers = tuple(draw(filler) for _ in built)
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    body_lines = draw(
        st.lists(st.sampled_from(["Text.", "---", "published: false", ""]), max_size=4)
    )
    body = "".join(line + newline for line in body_lines)
    return Article(built, fillers, newline, body)


offsets = st.integers(-12 * 60, 14 * 60).map(lambda minutes: timezone(timedelta(minutes=minutes)))
new_values: st.SearchStrategy[Any] = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=24),
    _TRICKY_TEXT,
    st.integers(-(10**12), 10**12),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    utc_datetimes,
    st.datetimes(min_value=datetime(1990, 1, 1), timezones=offsets).map(
        lambda moment: moment.replace(microsecond=0)
    ),
    st.lists(_TRICKY_TEXT, max_size=3),
)


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def _check_replaced(
    before: bytes, after: bytes, span: tuple[int, int], entry: Entry, new_value: Any
) -> None:
    """Only the edited key's lines changed; its key text and its comment are kept."""
    old, new = _lines(before), _lines(after)
    first, last = span
    prefix, suffix = old[:first], old[last + 1 :]
    assert new[:first] == prefix
    assert new[len(new) - len(suffix) :] == suffix
    assert len(new) >= len(prefix) + len(suffix) + 1
    key_line = old[first].decode("utf-8")
    key_text = key_line[: key_line.index(":") + 1]
    assert new[first].decode("utf-8").startswith(key_text)
    one_line = not isinstance(new_value, list | str) or entry.kind not in ("folded", "literal")
    if entry.comment and len(entry.lines) == 1 and one_line:
        assert len(new) == len(old)
        assert new[first].decode("utf-8").rstrip("\r\n").endswith("  " + entry.comment)


def _check_inserted(before: bytes, after: bytes, fence: int, newline: str) -> None:
    """A missing key is added as new lines just before the closing fence, nothing else."""
    old, new = _lines(before), _lines(after)
    added = len(new) - len(old)
    assert added >= 1
    assert new[:fence] == old[:fence] and new[fence + added :] == old[fence:]
    assert all(line.endswith(newline.encode()) for line in new[fence : fence + added])


PROPERTY_SETTINGS = settings(
    # Raise CURATOR_PROPERTY_EXAMPLES for a longer hunt; the default keeps the suite fast.
    max_examples=int(os.environ.get("CURATOR_PROPERTY_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROPERTY_SETTINGS
@given(article=articles(), data=st.data())
def test_an_edit_changes_only_its_key(
    tmp_path: Path, article: Article, data: st.DataObject
) -> None:
    raw, spans, fence = article.render()
    path = tmp_path / "article.md"
    path.write_bytes(raw)
    document = ArticleDocument.load(path)
    assert same_value(document.data, article.data)
    existing = [entry.key for entry in article.entries]
    key = data.draw(st.one_of(st.sampled_from(existing), keys), label="key")
    value = data.draw(new_values, label="value")

    changed = document.set(key, value)

    after = path.read_bytes()
    expected = {**article.data, key: value}
    if key in article.data and same_value(article.data[key], value):
        assert not changed and after == raw
        return
    assert changed
    reread = ArticleDocument.load(path)
    assert same_value(reread.data, expected) and list(reread.data) == list(expected)
    assert reread.body == article.body
    if key in spans:
        entry = next(entry for entry in article.entries if entry.key == key)
        _check_replaced(raw, after, spans[key], entry, value)
    else:
        _check_inserted(raw, after, fence, article.newline)
    if article.newline == "\r\n":
        assert after.count(b"\n") == after.count(b"\r\n")

    # Undo: setting the old value back (or deleting the added key) restores the data,
    # and the bytes too where the old text was written the way the core writes it.
    if key in article.data:
        document.set(key, article.data[key])
    else:
        document.delete(key)
    assert same_value(ArticleDocument.load(path).data, article.data)
    entry_kind = next((e.kind for e in article.entries if e.key == key), "added")
    same_type = type(value) is type(article.data.get(key))
    if entry_kind in ("added", "int", "bool", "datetime", "double") and (
        same_type or entry_kind == "added"
    ):
        assert path.read_bytes() == raw


@settings(max_examples=200, deadline=None)
@given(
    text=st.one_of(
        st.binary(max_size=200),
        st.text(max_size=200).map(lambda text: ("---\n" + text).encode("utf-8")),
        articles().map(lambda article: article.render()[0][: len(article.render()[0]) // 2]),
    )
)
def test_any_bytes_read_as_a_document_or_a_typed_error(text: bytes) -> None:
    try:
        document = ArticleDocument(Path("any.md"), text)
    except ArticleFormatError as error:
        assert error.reason and str(error).startswith("any.md: ")
    else:
        assert isinstance(document.data, dict)


@PROPERTY_SETTINGS
@given(article=articles(), data=st.data())
def test_deleting_a_key_removes_exactly_its_lines(
    tmp_path: Path, article: Article, data: st.DataObject
) -> None:
    raw, spans, _ = article.render()
    path = tmp_path / "article.md"
    path.write_bytes(raw)
    key = data.draw(st.sampled_from([entry.key for entry in article.entries]), label="key")
    assert ArticleDocument.load(path).delete(key) is True
    first, last = spans[key]
    old = _lines(raw)
    assert _lines(path.read_bytes()) == old[:first] + old[last + 1 :]
    assert ArticleDocument.load(path).data == {k: v for k, v in article.data.items() if k != key}
