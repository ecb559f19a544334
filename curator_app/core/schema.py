"""Every known article key, declared once: its kind, how it is read, parsed and checked.

The list entry, the window's editors, ``curator set``, the search and the export records
all read this table, so a value is accepted or refused the same way everywhere. It is
also the only place that says a key may not be edited (``secured``).

A field's ``read`` turns whatever the file holds into the value shown (a wrong type
reads as "nothing", never as an error); ``check`` refuses a value the key must not be
given; ``parse`` turns the text typed on a command line into such a value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Any

import yaml


class Kind(StrEnum):
    TEXT = "text"  # one line
    LONG_TEXT = "long text"  # may span lines
    URL = "URL"
    INTEGER = "whole number"
    BOOLEAN = "true or false"
    DATETIME = "date and time"
    TOPICS = "list of topics"
    PROVIDER = "provider mapping (name, domain)"
    IMAGES = "list of images (each a mapping with a url)"
    RELATED = "list of related articles (each a mapping)"
    OPAQUE = "opaque text"


class FieldError(ValueError):
    """A value the field cannot take; ``str()`` says what was expected."""


@dataclass(frozen=True, slots=True)
class Field:
    key: str
    label: str
    kind: Kind
    editable: bool = True
    required: bool = False  # may not be emptied

    def read(self, data: Mapping[str, Any]) -> Any:
        """The value as shown, from a file's data; None (or empty) when missing or unusable."""
        return _READERS[self.kind](data.get(self.key))

    def check(self, value: Any) -> None:
        """Raise FieldError unless ``value`` may be written to this key."""
        if not self.editable:
            raise FieldError(f"{self.key!r} is read-only and never rewritten")
        problem = _problem(self.kind, value)
        if problem is None and self.required and isinstance(value, str) and not value.strip():
            problem = "cannot be empty"
        if problem is not None:
            raise FieldError(f"{self.key} {problem}")

    def parse(self, text: str) -> Any:
        """The value ``text`` (as typed on a command line) stands for; raise FieldError."""
        if not self.editable:
            raise FieldError(f"{self.key!r} is read-only and never rewritten")
        try:
            value = _parse_text(self.kind, text if self.kind == Kind.LONG_TEXT else text.strip())
        except FieldError as error:
            raise FieldError(f"{self.key} {error}") from None
        self.check(value)
        return value


FIELDS: tuple[Field, ...] = (
    Field("title", "Title", Kind.TEXT, required=True),
    Field("excerpt", "Excerpt", Kind.LONG_TEXT),
    Field("publishedDateTime", "Published at", Kind.DATETIME),
    Field("originalUrl", "Original", Kind.URL),
    Field("webUrl", "Web", Kind.URL),
    Field("type", "Type", Kind.TEXT),
    Field("category", "Category", Kind.TEXT),
    Field("quality", "Quality", Kind.INTEGER),
    Field("heat", "Heat", Kind.INTEGER),
    Field("published", "Published", Kind.BOOLEAN),
    Field("provider", "Provider", Kind.PROVIDER),
    Field("topics", "Topics", Kind.TOPICS),
    Field("images", "Images", Kind.IMAGES),
    Field("related", "Related articles", Kind.RELATED),
    Field("secured", "Secured", Kind.OPAQUE, editable=False),
)
SCHEMA: dict[str, Field] = {field.key: field for field in FIELDS}


def field(key: str) -> Field | None:
    return SCHEMA.get(key)


def read(data: Mapping[str, Any], key: str) -> Any:
    """The value of a known key as shown (see ``Field.read``)."""
    return SCHEMA[key].read(data)


def seen_value(data: Mapping[str, Any], key: str) -> Any:
    """What an editor saw of ``key``: the field's shown value, or the raw value of a key
    the schema does not know. An edit decided on it can be re-applied to a newer file
    while this is still the same."""
    known = SCHEMA.get(key)
    return known.read(data) if known is not None else data.get(key)


# -- reading -------------------------------------------------------------------------


def text(value: Any) -> str:
    """A scalar as text; "" for nothing or a collection."""
    if value is None or isinstance(value, dict | list):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def moment(value: Any) -> datetime | None:
    """A datetime from a timestamp, a date (midnight UTC) or ISO text; None otherwise."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=UTC)
    if isinstance(value, str) and value.strip():
        try:
            return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    return None


def topics(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(t for t in (text(item) for item in value) if t.strip())


def provider(value: Any) -> tuple[str, str]:
    """(name, domain); a plain string is a name."""
    if isinstance(value, dict):
        return text(value.get("name")), text(value.get("domain"))
    return text(value), ""


def items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


_READERS = {
    Kind.TEXT: text,
    Kind.LONG_TEXT: text,
    Kind.URL: text,
    Kind.OPAQUE: text,
    Kind.INTEGER: integer,
    Kind.BOOLEAN: lambda value: value is True,
    Kind.DATETIME: moment,
    Kind.TOPICS: topics,
    Kind.PROVIDER: provider,
    Kind.IMAGES: items,
    Kind.RELATED: items,
}


# -- checking ------------------------------------------------------------------------


def _problem(kind: Kind, value: Any) -> str | None:
    """Why ``value`` cannot be a value of ``kind``, or None."""
    expected = f"must be a {kind.value}, not {_shown(value)}"
    if kind in (Kind.TEXT, Kind.URL, Kind.LONG_TEXT, Kind.OPAQUE):
        if not isinstance(value, str):
            return f"must be text, not {_shown(value)}"
        if kind != Kind.LONG_TEXT and ("\n" in value or "\r" in value):
            return "must be a single line"
        return None
    if kind == Kind.INTEGER:
        return None if isinstance(value, int) and not isinstance(value, bool) else expected
    if kind == Kind.BOOLEAN:
        return None if isinstance(value, bool) else f"must be true or false, not {_shown(value)}"
    if kind == Kind.DATETIME:
        return None if isinstance(value, datetime) else expected
    if kind == Kind.TOPICS:
        good = isinstance(value, list) and all(isinstance(t, str) and t.strip() for t in value)
        return None if good else "must be a list of non-empty texts"
    if kind == Kind.PROVIDER:
        good = isinstance(value, dict) and all(
            isinstance(value.get(k, ""), str) for k in ("name", "domain")
        )
        return None if good else "must be a mapping with text 'name' and 'domain'"
    if kind == Kind.IMAGES:
        good = isinstance(value, list) and all(
            isinstance(i, dict) and isinstance(i.get("url"), str) for i in value
        )
        return None if good else "must be a list of mappings, each with a text 'url'"
    good = isinstance(value, list) and all(isinstance(i, dict) for i in value)
    return None if good else "must be a list of mappings"


def _shown(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:39] + "…"


# -- parsing command-line text --------------------------------------------------------


def _parse_text(kind: Kind, value: str) -> Any:
    if kind in (Kind.TEXT, Kind.LONG_TEXT, Kind.URL, Kind.OPAQUE):
        return value
    if kind == Kind.INTEGER:
        try:
            return int(value, 10)
        except ValueError:
            raise FieldError(f"expects a {kind.value}, not {value!r}") from None
    if kind == Kind.BOOLEAN:
        if value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise FieldError(f"expects true or false, not {value!r}")
    if kind == Kind.DATETIME:
        parsed = moment(value)
        if parsed is None or ("T" not in value.upper() and " " not in value):
            raise FieldError(f"expects a date and time such as 2021-10-11T05:30:00Z, not {value!r}")
        return parsed
    if kind == Kind.TOPICS and not value.startswith("["):
        return [t.strip() for t in value.split(",") if t.strip()]
    try:  # structured kinds are written as YAML flow values: {name: x, domain: y}
        return yaml.safe_load(value)
    except yaml.YAMLError:
        raise FieldError(f"expects a {kind.value} written as YAML, not {value!r}") from None
