"""Which article is current while a folder loads, and once it has.

Rows arrive in batches, in file order, and are merged into the sorted list: the newest
articles of a folder of year/month folders come last, above the rows already there. The
first row of the first batch is made current at once, so the reviewer can start; once
the folder is read, the top row takes its place unless the reviewer has moved on or
scrolled the list meanwhile. At 100,000 files the first batch's article would otherwise
end up thousands of rows below the list's top, out of view.

A reload asks for its current article instead, kept current once its row is there.
"""

from __future__ import annotations

from pathlib import Path

from curator_app.ui.editing.review import ReviewController
from curator_app.ui.list.article_table import ArticleTable
from curator_app.ui.list.filter_proxy import ArticleFilterProxy


class LoadSelection:
    def __init__(
        self, table: ArticleTable, proxy: ArticleFilterProxy, review: ReviewController
    ) -> None:
        self._table = table
        self._proxy = proxy
        self._review = review
        self._wanted: Path | None = None  # a reload's current article, until its row comes
        self._picked: Path | None = None  # the article made current here, not by the reviewer

    def start(self, wanted: Path | None) -> None:
        """A load begins; ``wanted`` is the article to keep current (a reload's)."""
        self._wanted, self._picked = wanted, None

    def follow_rows(self) -> None:
        """Rows came: select the wanted article once its row is there, else the first
        row when none is current."""
        if self._wanted is not None:
            row = self._proxy.row_of(self._wanted)
            if row is not None:
                self._wanted = None
                self._review.select_row(row)
        elif not self._table.currentIndex().isValid() and self._proxy.rowCount() > 0:
            self._select(0)

    def finish(self) -> None:
        """The load ended: the wanted article, else the first row, is current."""
        self.follow_rows()  # the last batch's timer may not have come yet
        self._wanted = None
        if not self._table.currentIndex().isValid() and self._proxy.rowCount():
            self._select(0)

    def settle(self) -> None:
        """After a load that ran to its end (on a turn of its own: showing an article
        takes 20-30 ms): the top row becomes current if the article picked here still is
        and the list is still at its top, the reviewer having moved neither."""
        current, picked = self._table.currentIndex(), self._picked
        self._picked = None
        if not current.isValid() or current.row() == 0 or picked is None:
            return
        untouched = self._table.verticalScrollBar().value() == 0
        if untouched and self._proxy.entry(current.row()).path == picked:
            self._select(0)

    def _select(self, row: int) -> None:
        self._review.select_row(row)
        self._picked = self._proxy.entry(row).path
