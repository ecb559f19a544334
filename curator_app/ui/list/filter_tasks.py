"""A big list's work off the GUI thread: deciding its rows, sorting them, indexing words.

``ArticleFilterProxy`` starts these and keeps the rows; here is what runs on the pool
and how its result is brought up to date with the rows that changed while it ran.
"""

from __future__ import annotations

import gc
import time
from collections import deque
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from itertools import count
from typing import TypeVar

from PySide6.QtCore import QTimer

from curator_app.core.child import Abandoned, LazyChild
from curator_app.core.search_texts import IndexJob, Made, SearchTexts
from curator_app.ui.list.article_filter import ArticleFilter
from curator_app.ui.list.article_model import ArticleTableModel, SortKeys
from curator_app.ui.list.row_order import sort_rows
from curator_app.ui.tasks import Task, TaskHandle, TaskRunner

STEP_ASIDE_S = 0.005  # how often background work looks whether the list is still busy
IN_FLIGHT = 2  # pieces of the index under way at once in a child process
# How often a thread waiting for the child looks whether it still should: each look
# takes the interpreter lock from the GUI thread for a moment.
CHILD_WAIT_STEP_S = 0.05
# A piece back from the child is taken in on a turn of its own: taken in as it came, it
# came right after the batch and the paint it arrived during, and held the window 5-15
# ms longer in one go (48-57 ms in all, where 50 is the limit). A timer due later than
# the event loop's own next ones (a 1 ms timer still came before them now and then).
ADOPT_AFTER_MS = 10
T = TypeVar("T")


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


class _Pending:
    """An index or a segment under way, and what it made once back."""

    def __init__(self, job: IndexJob) -> None:
        self.job = job
        self.made: Made | None = None
        self.task: TaskHandle | None = None


class WordIndexing:
    """A list's words, indexed in ``child`` or off the GUI thread while ``busy()``
    allows (``index_words``). In a child, two pieces are under way at once, so it never
    waits for this process to take one and send the next; here, one at a time. Each
    piece is kept in order, extending the index the last one made or extended."""

    def __init__(
        self, runner: TaskRunner, busy: Callable[[], bool], child: LazyChild | None = None
    ) -> None:
        self._runner = runner
        self._busy = busy
        self._child = child  # where the words are indexed, when there is one
        self._under_way: deque[_Pending] = deque()  # in the order of their rows
        self._child_started = False

    @property
    def running(self) -> bool:
        return bool(self._under_way)

    def start(self, source: ArticleTableModel, least_rows: int, wanted: Callable[[], bool]) -> None:
        """Index the rows of ``source`` if it has ``least_rows`` or more and no index of
        them yet, or extend the index with the rows appended after it; then again,
        while ``wanted()``: for the rows appended meanwhile, or made again if rows went."""
        texts = source.search_texts()
        if self._child is not None and len(texts.keys) >= least_rows * 3 // 4:
            self._start_child(self._child)
        most = IN_FLIGHT if self._child is not None else 1
        while len(self._under_way) < most and texts.needs_index(least_rows, self._ahead()):
            pending = _Pending(texts.make_index(self._ahead()))
            self._under_way.append(pending)  # first: a synchronous runner is done at once

            def keep(pending: _Pending = pending) -> None:
                if pending not in self._under_way:
                    return  # stopped meanwhile
                self._keep_done(texts)
                if wanted():
                    self.start(source, least_rows, wanted)

            def done(made: Made, pending: _Pending = pending) -> None:
                pending.made = made
                if self._child is None:
                    keep()
                else:  # pieces come back while a folder loads: not in a batch's turn
                    QTimer.singleShot(ADOPT_AFTER_MS, keep)

            key = ("words", id(self), pending.job.first)
            pending.task = index_words(
                self._runner, pending.job, (done, self.stop), key, self._busy, self._child
            )

    def _start_child(self, child: LazyChild) -> None:
        """Start the child when the list has three quarters of the rows that need an
        index: it then starts (0.1-0.15 s) while a folder read from the folder index
        sends the rest (at 100,000 rows, 5,000 rows come in about 0.15 s), and a folder
        of 10,000 files, which needs none, starts none."""
        if not self._child_started:
            self._child_started = True
            self._runner.run(child.start, lambda _none: None, lambda _error: None)

    def _ahead(self) -> int:
        """Rows being indexed now: the next piece starts after them."""
        return sum(len(pending.job.keys) for pending in self._under_way)

    def _keep_done(self, texts: SearchTexts) -> None:
        """Keep the pieces back, in order; if one is refused (rows went meanwhile), the
        ones after it are of the wrong rows too: drop them."""
        while self._under_way and self._under_way[0].made is not None:
            made = self._under_way.popleft().made
            assert made is not None
            if texts.adopt(made):
                # Out of the cyclic collector's reach, as the rows are (``FolderLoader``):
                # with the index's lists in it, a full collection held the GUI 25-30 ms
                # at 100,000 rows, and one came due during a search now and then.
                gc.freeze()
            else:
                self.stop()
                return

    def stop(self) -> None:
        """Drop the pieces under way: what they make from now on is not kept."""
        for pending in self._under_way:
            if pending.task is not None:
                pending.task.abandon()
        self._under_way.clear()


def index_words(
    runner: TaskRunner,
    job: IndexJob,
    then: tuple[Callable[[Made], None], Callable[[], None]],
    key: Hashable,
    busy: Callable[[], bool] = lambda: False,
    child: LazyChild | None = None,
) -> TaskHandle:
    """Run ``job`` (``SearchTexts.make_index``) off the GUI thread. ``then``: ``done(made)``
    gets what it made on the GUI thread, for ``SearchTexts.adopt``; ``failed()`` is
    called instead if it failed (searches go on testing every row: slower, not wrong).
    In ``child`` when given and there is one: the index then takes nothing from this
    process's interpreter but sending texts and taking back arrays. Here otherwise,
    waiting while ``busy()`` (asked from the pool's thread)."""
    done, failed = then

    def work(task: Task) -> Made:
        if child is not None:
            try:
                made = job.run_in(child, lambda future: _result(task, future))
            except Abandoned:
                return job.renumbered, None
            if made is not None:
                return made
        return job.run(lambda: stopped(task, busy))

    return runner.start(work, done, lambda _error: failed(), key=key)


def _result(task: Task, future: Future[T]) -> T:
    """The result of ``future``, looking every ``CHILD_WAIT_STEP_S`` whether ``task``
    was cancelled meanwhile (then ``Abandoned``)."""
    while True:
        try:
            return future.result(timeout=CHILD_WAIT_STEP_S)
        except TimeoutError:
            if task.cancelled():
                future.cancel()
                raise Abandoned from None


def stopped(task: Task, busy: Callable[[], bool]) -> bool:
    """Whether ``task`` was cancelled; first, while ``busy()``, wait. The list is busy
    while it decides or sorts rows for the reviewer and paints them: sharing the
    interpreter lock with the index, a search right after a big folder loaded took
    0.1-0.15 s instead of 0.05."""
    while busy() and not task.cancelled():
        time.sleep(STEP_ASIDE_S)
    return task.cancelled()
