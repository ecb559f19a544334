"""Choosing entries: by published state and by the text a person types in a search field.

The GUI's search field and ``curator export --filter`` share ``matches_text`` so a
filter means the same thing in both places.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from curator_app.core.entry import ArticleEntry


class Selection(StrEnum):
    """Which articles of a folder an export takes, by published state."""

    ALL = "all"  # broken files included: they are reported, not silently dropped
    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"  # readable files whose `published` is not true


def matches_text(entry: ArticleEntry, text: str) -> bool:
    """Whether ``text`` occurs, case-insensitively, in the title, excerpt, provider
    (name or domain), a topic or the file's path in the folder (so a subfolder's name
    finds its articles). Empty or blank text matches everything.
    """
    needle = text.strip().casefold()
    if not needle:
        return True
    haystacks = (
        entry.title,
        entry.excerpt,
        entry.provider,
        entry.provider_domain,
        entry.relpath,
        *entry.topics,
    )
    return any(needle in haystack.casefold() for haystack in haystacks)


def matches_selection(entry: ArticleEntry, selection: Selection) -> bool:
    if selection is Selection.PUBLISHED:
        return entry.ok and entry.published
    if selection is Selection.UNPUBLISHED:
        return entry.ok and not entry.published
    return True


def select_entries(
    entries: Iterable[ArticleEntry], selection: Selection = Selection.ALL, text: str = ""
) -> list[ArticleEntry]:
    """The entries in ``selection`` whose fields match ``text``, in their given order."""
    return [
        entry
        for entry in entries
        if matches_selection(entry, selection) and matches_text(entry, text)
    ]
