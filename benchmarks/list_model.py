"""Print how fast the article list sorts and filters: ``python -m benchmarks.list_model``.

Builds N list entries in memory (no files) and measures, with the real table view
showing them, a header click on several columns and a search typed and cleared.
The peer is the textbook set-up: QSortFilterProxyModel sorting through a sort role,
which calls the model's ``data()`` from C++ for every comparison.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QApplication, QTableView

from curator_app.core.entry import ArticleEntry
from curator_app.ui.list.article_model import ArticleTableModel
from curator_app.ui.list.cells import ArticleRole
from curator_app.ui.list.columns import ColumnKey, column_index
from curator_app.ui.list.filter_proxy import ArticleFilterProxy

WORDS = [
    *("model", "data", "river", "city", "train", "vision", "study"),
    *("market", "grid", "sensor", "paper", "lab", "field"),
]
SORTED_COLUMNS = (ColumnKey.TITLE, ColumnKey.DATE, ColumnKey.QUALITY, ColumnKey.PUBLISHED)


def make_entries(count: int, seed: int = 7) -> list[ArticleEntry]:
    rng = random.Random(seed)
    start = datetime(2019, 1, 1, tzinfo=UTC)
    return [
        ArticleEntry(
            path=Path(f"/bench/{n:06d}.txt"),
            relpath=f"{n:06d}.txt",
            title=" ".join(rng.choices(WORDS, k=7)).capitalize(),
            excerpt=" ".join(rng.choices(WORDS, k=40)),  # a real excerpt's length, searched
            provider=rng.choice(WORDS).title(),
            published_at=start + timedelta(minutes=rng.randrange(2_000_000)),
            quality=rng.randrange(60),
            heat=rng.randrange(-1, 90),
            published=rng.random() < 0.3,
            topics=tuple(rng.choices(WORDS, k=2)),
        )
        for n in range(count)
    ]


class PeerProxy(QSortFilterProxyModel):
    """The usual way: the proxy sorts by a sort role, comparing in C++."""

    def __init__(self) -> None:
        super().__init__()
        self.setSortRole(ArticleRole.SORT)
        self.setDynamicSortFilter(True)


def _timed(app: QApplication, work: Callable[[], None]) -> float:
    start = time.perf_counter()
    work()
    app.processEvents()
    return time.perf_counter() - start


def measure(
    app: QApplication, proxy: QSortFilterProxyModel, entries: list[ArticleEntry]
) -> dict[str, float]:
    model = ArticleTableModel()
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.resize(1200, 800)
    view.show()
    results = {"append rows": _timed(app, lambda: model.append_entries(entries))}
    for key in SORTED_COLUMNS:
        column = column_index(key)

        def click_header(column: int = column) -> None:
            view.sortByColumn(column, Qt.SortOrder.DescendingOrder)

        results[f"sort by {key.value}"] = _timed(app, click_header)
    if isinstance(proxy, ArticleFilterProxy):
        results["search 'river grid'"] = _timed(
            app, lambda: proxy.update_filter(search="river grid")
        )
        results["clear search"] = _timed(app, lambda: proxy.update_filter(search=""))
    view.close()
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.list_model", description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000, help="list rows (default 100,000)")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    entries = make_entries(args.rows)
    ours = measure(app, ArticleFilterProxy(), entries)
    peer = measure(app, PeerProxy(), entries)
    print(f"Article list with {args.rows:,} rows (seconds, real QTableView, offscreen)")
    print(f"  {'':<24} {'curator':>9} {'sort-role proxy':>16} {'ratio':>7}")
    for label, seconds in ours.items():
        other = peer.get(label)
        if other is None:
            print(f"  {label:<24} {seconds:>9.2f} {'—':>16} {'':>7}")
        else:
            print(f"  {label:<24} {seconds:>9.2f} {other:>16.2f} {other / seconds:>6.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
