"""Conflict markers a merge left in an article, named by the front-matter key they are
around ("title"), or "body"; and taking one side of them ("Keep mine" / "Take theirs").

Markers are git's: ``<<<<<<<``, an optional ``|||||||`` base part, ``=======`` and
``>>>>>>>``, each at the start of a line. Resolving writes nothing itself: it returns
the new bytes, which the edit service saves through the save transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

BODY = "body"
_KEY = re.compile(r"""^(?:"([^"]*)"|'([^']*)'|([^\s#:'"-][^:]*?))\s*:(?:\s|$)""")


class Side(StrEnum):
    OURS = "ours"  # "Keep mine": the version of the branch being merged into
    THEIRS = "theirs"  # "Take theirs": the version being merged in


@dataclass(frozen=True, slots=True)
class Conflict:
    key: str  # the top-level key whose lines are in conflict, or "body"
    start: int  # line index of ``<<<<<<<``
    end: int  # line index just past ``>>>>>>>``
    ours: tuple[str, ...]
    theirs: tuple[str, ...]


def find_conflicts(text: str) -> list[Conflict]:
    """Every complete conflict block in ``text``, in order."""
    lines = text.splitlines(keepends=True)
    found: list[Conflict] = []
    in_front_matter = bool(lines) and lines[0].lstrip("\ufeff").rstrip() == "---"
    i = 1 if in_front_matter else 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("<<<<<<<"):
            block = _block(lines, i)
            if block is not None:
                end, ours, theirs = block
                key = _key_of(ours, theirs) if in_front_matter else BODY
                found.append(Conflict(key, i, end, ours, theirs))
                i = end
                continue
        elif in_front_matter and line.rstrip() in ("---", "..."):
            in_front_matter = False
        i += 1
    return found


def _block(lines: list[str], start: int) -> tuple[int, tuple[str, ...], tuple[str, ...]] | None:
    ours: list[str] = []
    theirs: list[str] = []
    part = ours
    seen_separator = False
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if line.startswith("|||||||") and not seen_separator:
            part = []  # the base version: dropped
        elif line.rstrip("\r\n") == "=======" and not seen_separator:
            seen_separator = True
            part = theirs
        elif line.startswith(">>>>>>>") and seen_separator:
            return i + 1, tuple(ours), tuple(theirs)
        elif line.startswith("<<<<<<<"):
            return None
        else:
            part.append(line)
    return None


def _key_of(ours: tuple[str, ...], theirs: tuple[str, ...]) -> str:
    for line in (*ours, *theirs):
        match = _KEY.match(line)
        if match is not None:
            return next(group for group in match.groups() if group is not None).strip()
    return "front matter"


def conflict_keys_of_text(text: str) -> tuple[str, ...]:
    keys: list[str] = []
    for conflict in find_conflicts(text):
        if conflict.key not in keys:
            keys.append(conflict.key)
    return tuple(keys)


def conflict_keys(raw: bytes) -> tuple[str, ...]:
    """The keys (and "body") in conflict in a file's bytes; () when none."""
    if b"<<<<<<<" not in raw:
        return ()
    return conflict_keys_of_text(raw.decode("utf-8", "replace"))


def resolve(raw: bytes, key: str, side: Side) -> bytes:
    """``raw`` with every conflict block of ``key`` replaced by ``side``'s lines."""
    text = raw.decode("utf-8")
    lines = text.splitlines(keepends=True)
    for conflict in reversed(find_conflicts(text)):
        if conflict.key == key:
            chosen = conflict.ours if side is Side.OURS else conflict.theirs
            lines[conflict.start : conflict.end] = list(chosen)
    return "".join(lines).encode("utf-8")


def block(ours: str, theirs: str, newline: str) -> str:
    """A conflict block around one key's lines (each part ends with a line break)."""
    return (
        f"<<<<<<< ours{newline}{_ended(ours, newline)}={'=' * 6}{newline}"
        f"{_ended(theirs, newline)}>>>>>>> theirs{newline}"
    )


def _ended(text: str, newline: str) -> str:
    return text if not text or text.endswith("\n") else text + newline
