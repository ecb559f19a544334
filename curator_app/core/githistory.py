"""Per-key history of an article: which commits changed which front-matter key, from what
to what, by whom and when ("published false → true · Ana · 2026-11-20 14:02 · abc1234").

One ``git log --follow --raw`` lists the commits that changed the file with the blob ids
before and after; one ``git cat-file --batch`` reads those blobs; each pair is compared
key by key. Merge commits are not listed (a log of one file shows no diff for them).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from curator_app.core.document import ArticleDocument
from curator_app.core.git import GitRepo
from curator_app.core.gitstatus import key_changes

_NULL_ID = "0" * 40
_RECORD = "\x1e"
_FIELD = "\x1f"


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    commit: str
    author: str
    date: str  # ISO 8601 with the author's offset, as git writes %aI
    key: str
    old: Any
    new: Any
    subject: str = ""

    @property
    def short(self) -> str:
        return self.commit[:7]

    def to_json(self) -> dict[str, Any]:
        return {
            "commit": self.commit,
            "author": self.author,
            "date": self.date,
            "key": self.key,
            "old": json_value(self.old),
            "new": json_value(self.new),
        }

    def line(self) -> str:
        """``published false → true · Ana · 2026-11-20 14:02 · abc1234``."""
        change = "edited" if self.key == "body" else f"{text(self.old)} → {text(self.new)}"
        return f"{self.key} {change} · {self.author} · {short_date(self.date)} · {self.short}"


def history(repo: GitRepo, path: Path, key: str | None = None) -> list[HistoryEntry]:
    """The changes of ``path``'s keys (or of ``key`` only), newest commit first."""
    relpath = repo.relpath(path)
    if not repo.has_head():
        return []
    out = repo.run(
        "log",
        "--follow",
        "--no-merges",
        "--raw",
        "--no-abbrev",
        "--no-color",
        f"--format={_RECORD}%H{_FIELD}%an{_FIELD}%aI{_FIELD}%s",
        "--",
        relpath,
        optional_locks=False,
    ).stdout.decode("utf-8", "replace")
    commits: list[tuple[list[str], str, str]] = []
    for record in out.split(_RECORD)[1:]:
        header, _, rest = record.partition("\n")
        fields = header.split(_FIELD)
        raw = next((line for line in rest.splitlines() if line.startswith(":")), None)
        if raw is None or len(fields) < 4:
            continue
        ids = raw.split("\t", 1)[0].split()
        commits.append((fields, ids[2], ids[3]))
    blob_ids = sorted({i for _, old, new in commits for i in (old, new) if i != _NULL_ID})
    blobs = dict(zip(blob_ids, repo.read_blobs(blob_ids), strict=True))
    entries: list[HistoryEntry] = []
    for fields, old_id, new_id in commits:
        before = ArticleDocument.parse_or_none(path, blobs.get(old_id))
        after = ArticleDocument.parse_or_none(path, blobs.get(new_id))
        for change in key_changes(before, after):
            if key is None or change.key == key:
                entries.append(
                    HistoryEntry(fields[0], fields[1], fields[2], change.key, change.old,
                                 change.new, fields[3])
                )  # fmt: skip
    return entries


def json_value(value: Any) -> Any:
    """A front-matter value as JSON can hold it (dates as ISO text)."""
    if isinstance(value, datetime | date):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def text(value: Any, limit: int = 60) -> str:
    """A value in a few words: ``true``, ``AI, Robots``, ``—`` for none."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        shown = ", ".join(text(v, limit) for v in value)
    elif isinstance(value, dict | datetime | date):
        shown = json.dumps(json_value(value), ensure_ascii=False)
    else:
        shown = " ".join(str(value).split())
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def short_date(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso
