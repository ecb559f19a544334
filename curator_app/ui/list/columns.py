"""The article list's columns, described as data: model, header and chooser read this tuple.

Most columns show a field of the file's ArticleEntry; the Git column (``from_git``) shows
the file's git state instead, which the model keeps by path (core's entries know nothing
of git).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from curator_app.core.entry import ArticleEntry
from curator_app.core.gitstatus import FileStatus, State

# Sort keys are plain floats or strings so the proxy compares them in C++; ints are made
# floats because Qt does not order a 32-bit int against a 64-bit one numerically.
_MISSING = -1e300


class ColumnKey(StrEnum):
    PUBLISHED = "published"
    THUMBNAIL = "thumbnail"
    TITLE = "title"
    PROVIDER = "provider"
    DATE = "date"
    TYPE = "type"
    CATEGORY = "category"
    QUALITY = "quality"
    HEAT = "heat"
    TOPICS = "topics"
    IMAGES = "images"
    FILE = "file"
    GIT = "git"


@dataclass(frozen=True, slots=True)
class Column:
    key: ColumnKey
    title: str
    display: Callable[[ArticleEntry], str]
    sort_key: Callable[[ArticleEntry], str | float]
    width: int  # default width in pixels, and the most a fit to the content gives
    edit_key: str | None = None  # front-matter key written by an inline edit
    checkable: bool = False  # shows a check box bound to ``edit_key`` (a bool)
    numeric: bool = False  # right-aligned
    hideable: bool = True
    hidden_by_default: bool = False
    from_git: bool = False  # display and sort key come from ``git_text(the file's status)``


def local_time_text(moment: datetime | None) -> str:
    """A timestamp in the user's local time zone, to the minute."""
    if moment is None:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


def _number_text(value: int | None) -> str:
    return "" if value is None else f"{value:,}"  # "3,000", as the counts write it


def _number_key(value: int | None) -> float:
    return _MISSING if value is None else float(value)


def _time_key(entry: ArticleEntry) -> float:
    moment = entry.published_at
    if moment is None:
        return _MISSING
    try:
        return moment.timestamp()
    except (OverflowError, OSError, ValueError):
        return _MISSING


def _text_key(text: str) -> str:
    return text.casefold()


# New columns go at the end: a header saved by an older version restores the ones it knew.
COLUMNS: tuple[Column, ...] = (
    Column(
        ColumnKey.PUBLISHED,
        "Published",
        display=lambda e: "",
        sort_key=lambda e: float(e.published),
        width=34,
        edit_key="published",
        checkable=True,
        hideable=False,
    ),
    Column(  # shown through View ▸ Thumbnails; the table's delegate paints the image
        ColumnKey.THUMBNAIL,
        "Image",
        display=lambda e: "",
        sort_key=lambda e: float(bool(e.first_image)),
        width=60,
        hideable=False,
        hidden_by_default=True,
    ),
    Column(
        ColumnKey.TITLE,
        "Title",
        display=lambda e: e.title,
        sort_key=lambda e: _text_key(e.title),
        width=310,
        edit_key="title",
        hideable=False,
    ),
    Column(
        ColumnKey.PROVIDER,
        "Provider",
        display=lambda e: e.provider,
        sort_key=lambda e: _text_key(e.provider),
        width=140,
    ),
    Column(
        ColumnKey.DATE,
        "Date",
        display=lambda e: local_time_text(e.published_at) or e.published_text,
        sort_key=_time_key,
        width=118,
    ),
    Column(
        ColumnKey.TYPE,
        "Type",
        display=lambda e: e.type,
        sort_key=lambda e: _text_key(e.type),
        width=70,
        hidden_by_default=True,
    ),
    Column(
        ColumnKey.CATEGORY,
        "Category",
        display=lambda e: e.category,
        sort_key=lambda e: _text_key(e.category),
        width=80,
        hidden_by_default=True,  # the Title gets the room; the chooser shows it
    ),
    Column(
        ColumnKey.QUALITY,
        "Quality",
        display=lambda e: _number_text(e.quality),
        sort_key=lambda e: _number_key(e.quality),
        width=58,
        numeric=True,
    ),
    Column(
        ColumnKey.HEAT,
        "Heat",
        display=lambda e: _number_text(e.heat),
        sort_key=lambda e: _number_key(e.heat),
        width=48,
        numeric=True,
    ),
    Column(
        ColumnKey.TOPICS,
        "Topics",
        display=lambda e: ", ".join(e.topics),
        sort_key=lambda e: _text_key(", ".join(e.topics)),
        width=130,
    ),
    Column(
        ColumnKey.IMAGES,
        "Images",
        display=lambda e: f"{e.image_count:,}" if e.image_count else "",
        sort_key=lambda e: float(e.image_count),
        width=56,
        numeric=True,
        hidden_by_default=True,
    ),
    Column(
        ColumnKey.FILE,
        "File",
        display=lambda e: e.relpath,
        sort_key=lambda e: e.relpath,
        width=220,
        hidden_by_default=True,  # the detail pane names the file; the chooser shows it
    ),
    Column(  # empty outside a git work tree; the window fills the model's git states
        ColumnKey.GIT,
        "Git",
        display=lambda e: "",
        sort_key=lambda e: "",
        width=150,
        hidden_by_default=True,
        from_git=True,
    ),
)


def git_text(status: FileStatus | None) -> str:
    """A file's git state in the list: blank when unchanged, "modified: published, title",
    "new", "untracked", "conflict: title"."""
    if status is None:
        return ""
    if status.state in (State.MODIFIED, State.CONFLICT) and status.keys:
        return f"{status.state.value}: {', '.join(status.keys)}"
    return status.state.value


def git_tooltip(status: FileStatus | None) -> str | None:
    """What changed, key by key: "published: false → true"."""
    if status is None:
        return None
    lines = [status.decision]
    for change in status.changes:
        if change.key != "body":
            lines.append(f"{change.key}: {_yaml_text(change.old)} → {_yaml_text(change.new)}")
    return "\n".join(lines)


def _yaml_text(value: object) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return text if len(text) <= 60 else f"{text[:59]}…"


COLUMN_INDEX: dict[ColumnKey, int] = {column.key: i for i, column in enumerate(COLUMNS)}


def column_index(key: ColumnKey) -> int:
    return COLUMN_INDEX[key]
