"""What the list shows: a search, a published state, a provider, a topic, a quality.

``ArticleFilter.mask`` decides every row at once (a keystroke at 100,000 rows), through
the rows' indexed words when there are some (``SearchTexts``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from curator_app.core.entry import ArticleEntry
from curator_app.core.filtering import fold_query, matches_folded
from curator_app.core.search_texts import SearchTexts


class StateFilter(StrEnum):
    ALL = "All"
    UNPUBLISHED = "Unpublished"
    PUBLISHED = "Published"
    ERRORS = "Errors"


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """What the list shows; empty values match everything."""

    search: str = ""
    state: StateFilter = StateFilter.ALL
    provider: str = ""
    topic: str = ""
    min_quality: int | None = None
    _query: str = field(default="", init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_query", fold_query(self.search))  # once, not per row

    @property
    def active(self) -> bool:
        """Whether anything is filtered out at all."""
        return self != _NO_FILTER

    def accepts(self, entry: ArticleEntry) -> bool:
        if not self._state_accepts(entry):
            return False
        if self.provider and entry.provider != self.provider:
            return False
        if self.topic and self.topic not in entry.topics:
            return False
        if self.min_quality is not None and (
            entry.quality is None or entry.quality < self.min_quality
        ):
            return False
        return matches_folded(entry, self._query)

    def mask(
        self,
        entries: Sequence[ArticleEntry],
        wider: tuple[ArticleFilter, list[bool]] | None = None,
        texts: SearchTexts | None = None,
    ) -> list[bool]:
        """``accepts`` of every entry, as one list comprehension (a keystroke on 100,000).

        ``wider`` is a filter and its mask of the same entries: when this filter can
        only accept fewer (the same criteria, the search typed further), only the
        entries that one accepted are tested again. ``texts`` are the entries' search
        texts, when the caller keeps them (a list reads faster than a property), with
        their words once indexed (a search then reads the words, not every text).
        """
        quick = self.quick_mask(len(entries), texts)
        if quick is not None:
            return quick
        accepts = self.accepts
        if self.only_search:  # the usual case
            query = self._query
            keys = texts.keys if texts is not None else [e.search_key for e in entries]
            if wider is not None and wider[0].narrows_to(self):
                return [ok and query in key for ok, key in zip(wider[1], keys, strict=True)]
            return [query in key for key in keys]
        if wider is not None and wider[0].narrows_to(self):
            return [ok and accepts(entry) for ok, entry in zip(wider[1], entries, strict=True)]
        return [accepts(entry) for entry in entries]

    def quick_mask(self, count: int, texts: SearchTexts | None) -> list[bool] | None:
        """``mask`` of ``count`` entries when it comes without testing each: no filter,
        or a search their indexed words answer (``texts``); otherwise None."""
        if not self.active:
            return [True] * count
        if texts is not None and self.only_search:
            return texts.mask(self._query)
        return None

    @property
    def only_search(self) -> bool:
        """Whether the search is all there is to this filter."""
        return self == ArticleFilter(search=self.search)

    def narrows_to(self, other: ArticleFilter) -> bool:
        """Whether ``other`` accepts only entries this filter accepts: the same criteria
        and a search containing this one's (typing on)."""
        return replace(self, search=other.search) == other and self._query in other._query

    def _state_accepts(self, entry: ArticleEntry) -> bool:
        if self.state == StateFilter.ERRORS:
            return not entry.ok
        if self.state == StateFilter.PUBLISHED:
            return entry.ok and entry.published
        if self.state == StateFilter.UNPUBLISHED:
            return entry.ok and not entry.published
        return True


_NO_FILTER = ArticleFilter()
