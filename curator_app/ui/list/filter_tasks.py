"""A big list's filter work off the GUI thread: deciding its rows, indexing its words.

``ArticleFilterProxy`` starts these and keeps the rows; here is what runs on the pool
and how its result is brought up to date with the rows that changed while it ran.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Hashable
from itertools import count

from curator_app.core.word_index import SearchTexts, WordIndex
from curator_app.ui.list.article_filter import ArticleFilter
from curator_app.ui.list.article_model import ArticleTableModel
from curator_app.ui.tasks import Task, TaskHandle, TaskRunner


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


def index_words(
    runner: TaskRunner, texts: SearchTexts, again: Callable[[], None], key: Hashable
) -> TaskHandle:
    """Index the words of ``texts`` off the GUI thread and keep the index with them;
    ``again()`` is called when rows went meanwhile (the index read other rows)."""
    make_index = texts.make_index()

    def work(task: Task) -> tuple[int, WordIndex | None]:
        return make_index(task.cancelled)

    def done(made: tuple[int, WordIndex | None]) -> None:
        if not texts.adopt(made):
            again()
            return
        # Out of the cyclic collector's reach, as the rows are (``FolderLoader``): with
        # the index's lists in it, a full collection held the GUI 25-30 ms at 100,000
        # rows, and one came due during a search now and then.
        gc.freeze()

    def failed(error: BaseException) -> None:
        pass  # searches go on testing every row: slower, not wrong

    return runner.start(work, done, failed, key=key)
