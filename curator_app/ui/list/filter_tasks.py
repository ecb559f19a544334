"""A big list's work off the GUI thread: deciding its rows, sorting them, indexing words.

``ArticleFilterProxy`` starts these and keeps the rows; here is what runs on the pool
and how its result is brought up to date with the rows that changed while it ran.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Hashable
from itertools import count

from curator_app.core.search_texts import Made, SearchTexts
from curator_app.ui.list.article_filter import ArticleFilter
from curator_app.ui.list.article_model import ArticleTableModel, SortKeys
from curator_app.ui.list.row_order import sort_rows
from curator_app.ui.tasks import Task, TaskHandle, TaskRunner

STEP_ASIDE_S = 0.005  # how often background work looks whether the list is still busy


def decide_rows(
    runner: TaskRunner,
    source: ArticleTableModel,
    article_filter: ArticleFilter,
    wider: tuple[ArticleFilter, list[bool]],
    follow: Callable[[list[bool]], None],
    again: Callable[[], None],
    key: Hashable,
) -> TaskHandle:
    """``article_filter.mask`` of every row, made off the GUI thread; ``follow(mask)`` gets
    it on the GUI thread, with the rows changed meanwhile decided again and the rows
    appended decided too; ``again()`` is called instead when rows went meanwhile (the
    rows read are no longer the rows there are). ``wider``: the filter the rows follow
    now and its mask, a copy (see ``ArticleFilter.mask``)."""
    entries, texts = source.entries(), source.search_texts().snapshot()
    changes = source.changes

    def work(_task: Task) -> list[bool]:
        return article_filter.mask(entries, wider, texts)

    def done(mask: list[bool]) -> None:
        if source.search_texts().renumbered != texts.renumbered:
            again()
            return
        now = source.entries()
        if source.changes != changes:  # some rows changed: find them (3 ms at 100,000)
            changed = [row for row, old, new in zip(count(), entries, now) if old is not new]
            for row in changed:
                mask[row] = article_filter.accepts(now[row])
        mask += article_filter.mask(now[len(entries) :])
        follow(mask)

    def failed(error: BaseException) -> None:  # decided here instead: slow, not wrong
        follow(article_filter.mask(source.entries()))

    return runner.start(work, done, failed, key=key)


def sort_rows_by(
    runner: TaskRunner,
    source: ArticleTableModel,
    column: int,
    descending: bool,
    then: tuple[Callable[[list[int]], None], Callable[[], None], Callable[[], None]],
    key: Hashable,
) -> TaskHandle:
    """The rows of ``source`` in the order of ``column``, sorted off the GUI thread, its
    keys made first if this is its first sort. ``then``: ``follow(ordered)`` gets the
    order on the GUI thread (the keys kept by then); ``again()`` is called instead when a
    row changed or went meanwhile, and ``here()`` when the sort failed."""
    follow, again, here = then
    make_keys = None if source.has_sort_keys(column) else source.make_sort_keys(column)
    kept_keys = source.sort_keys(column) if make_keys is None else None
    count, changes = source.rowCount(), source.changes

    def work(_task: Task) -> tuple[SortKeys | None, list[int]]:
        made = make_keys() if make_keys is not None else None
        keys = made.keys if made is not None else kept_keys
        assert keys is not None
        return made, sort_rows(count, keys, descending)

    def done(result: tuple[SortKeys | None, list[int]]) -> None:
        if source.changes != changes:
            again()
            return
        made, ordered = result
        if made is not None and not source.has_sort_keys(column):
            source.adopt_sort_keys(made)
        follow(ordered)

    return runner.start(work, done, lambda _error: here(), key=key)


class WordIndexing:
    """A list's words, indexed off the GUI thread (``index_words``) while ``busy()``
    allows; one indexing at a time, each extending the last one's index."""

    def __init__(self, runner: TaskRunner, busy: Callable[[], bool]) -> None:
        self._runner = runner
        self._busy = busy
        self._task: TaskHandle | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and self._task.running

    def start(self, source: ArticleTableModel, least_rows: int, wanted: Callable[[], bool]) -> None:
        """Index the rows of ``source`` if it has ``least_rows`` or more and no index of
        them yet, or extend the index with the rows appended after it; then again,
        while ``wanted()``: for the rows appended meanwhile, or made again if rows went."""
        texts = source.search_texts()
        if self.running or not texts.needs_index(least_rows):
            return

        def again() -> None:
            if wanted():
                self.start(source, least_rows, wanted)

        key = ("words", id(self))
        self._task = index_words(self._runner, texts, again, key, self._busy)

    def stop(self) -> None:
        if self._task is not None:
            self._task.abandon()
            self._task = None


def index_words(
    runner: TaskRunner,
    texts: SearchTexts,
    then: Callable[[], None],
    key: Hashable,
    busy: Callable[[], bool] = lambda: False,
) -> TaskHandle:
    """Index the words of ``texts`` (or of the rows after its index's) off the GUI
    thread and keep the index with them; ``then()`` is called after, kept or not (rows
    went meanwhile, or more came). While ``busy()`` (asked from the pool's thread), the
    indexing waits (``stopped``)."""
    make_index = texts.make_index()

    def work(task: Task) -> Made:
        return make_index(lambda: stopped(task, busy))

    def done(made: Made) -> None:
        if texts.adopt(made):
            # Out of the cyclic collector's reach, as the rows are (``FolderLoader``):
            # with the index's lists in it, a full collection held the GUI 25-30 ms at
            # 100,000 rows, and one came due during a search now and then.
            gc.freeze()
        then()

    def failed(error: BaseException) -> None:
        pass  # searches go on testing every row: slower, not wrong

    return runner.start(work, done, failed, key=key)


def stopped(task: Task, busy: Callable[[], bool]) -> bool:
    """Whether ``task`` was cancelled; first, while ``busy()``, wait. The list is busy
    while it decides or sorts rows for the reviewer and paints them: sharing the
    interpreter lock with the index, a search right after a big folder loaded took
    0.1-0.15 s instead of 0.05."""
    while busy() and not task.cancelled():
        time.sleep(STEP_ASIDE_S)
    return task.cancelled()
