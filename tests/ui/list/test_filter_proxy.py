from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt

from curator_app.core.entry import ArticleEntry
from curator_app.core.library import scan_folder
from curator_app.ui.list.article_filter import ArticleFilter, StateFilter
from curator_app.ui.list.article_model import ArticleTableModel
from curator_app.ui.list.columns import COLUMNS, ColumnKey, column_index
from curator_app.ui.list.filter_proxy import ArticleFilterProxy


@pytest.fixture
def model(qapp: Any, article_folder: Path) -> ArticleTableModel:
    model = ArticleTableModel()
    model.append_entries(list(scan_folder(article_folder)))
    return model


@pytest.fixture
def proxy(model: ArticleTableModel) -> ArticleFilterProxy:
    proxy = ArticleFilterProxy()
    proxy.setSourceModel(model)
    return proxy


def names(proxy: ArticleFilterProxy) -> list[str]:
    return [entry.path.name for entry in proxy.entries()]


def test_proxy_passes_qt_model_tester(qtmodeltester: Any, proxy: ArticleFilterProxy) -> None:
    qtmodeltester.check(proxy)
    proxy.update_filter(search="space")
    proxy.sort(column_index(ColumnKey.QUALITY), Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy)


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("ROCKETS", {"001_alpha.txt"}),  # a topic, any case
        ("what happened: delta", {"004_delta.txt"}),  # the excerpt
        ("space news", {"001_alpha.txt", "003_charlie.md"}),  # the provider
        ("006_fox", {"006_foxtrot.txt"}),  # the file name
        ("sub/", {"006_foxtrot.txt"}),  # the relative path
        ("broken", {"007_broken.txt"}),  # error rows are titled by their file name
        ("  ", None),  # blank: everything
        ("no such words", set()),
    ],
)
def test_search(proxy: ArticleFilterProxy, search: str, expected: set[str] | None) -> None:
    everything = set(names(proxy))
    proxy.update_filter(search=search)
    assert set(names(proxy)) == (everything if expected is None else expected)


def test_state_filter(proxy: ArticleFilterProxy) -> None:
    proxy.update_filter(state=StateFilter.PUBLISHED)
    assert set(names(proxy)) == {"002_bravo.txt", "005_echo.txt"}
    proxy.update_filter(state=StateFilter.ERRORS)
    assert names(proxy) == ["007_broken.txt"]
    proxy.update_filter(state=StateFilter.UNPUBLISHED)
    assert set(names(proxy)) == {
        "001_alpha.txt", "003_charlie.md", "004_delta.txt", "006_foxtrot.txt",
    }  # fmt: skip
    proxy.update_filter(state=StateFilter.ALL)
    assert len(names(proxy)) == 7


def test_provider_topic_and_quality_combine(proxy: ArticleFilterProxy) -> None:
    proxy.update_filter(provider="Space News")
    assert set(names(proxy)) == {"001_alpha.txt", "003_charlie.md"}
    proxy.update_filter(topic="Space")
    assert names(proxy) == ["001_alpha.txt"]
    proxy.set_article_filter(ArticleFilter(min_quality=27))
    assert set(names(proxy)) == {"001_alpha.txt", "003_charlie.md", "005_echo.txt"}
    proxy.update_filter(min_quality=31)
    assert names(proxy) == ["003_charlie.md"]  # the broken file has no quality: not shown


def test_sort_by_date_quality_title_and_published(proxy: ArticleFilterProxy) -> None:
    proxy.update_filter(state=StateFilter.UNPUBLISHED)
    proxy.sort(column_index(ColumnKey.DATE), Qt.SortOrder.DescendingOrder)
    assert names(proxy) == ["004_delta.txt", "001_alpha.txt", "003_charlie.md", "006_foxtrot.txt"]
    proxy.sort(column_index(ColumnKey.QUALITY), Qt.SortOrder.AscendingOrder)
    assert names(proxy) == ["004_delta.txt", "006_foxtrot.txt", "001_alpha.txt", "003_charlie.md"]
    proxy.sort(column_index(ColumnKey.TITLE), Qt.SortOrder.AscendingOrder)
    assert names(proxy) == ["001_alpha.txt", "003_charlie.md", "004_delta.txt", "006_foxtrot.txt"]
    proxy.update_filter(state=StateFilter.ALL)
    proxy.sort(column_index(ColumnKey.PUBLISHED), Qt.SortOrder.DescendingOrder)
    assert set(names(proxy)[:2]) == {"002_bravo.txt", "005_echo.txt"}


@pytest.mark.parametrize("column", range(len(COLUMNS)))
def test_every_column_sorts_both_ways(proxy: ArticleFilterProxy, column: int) -> None:
    proxy.sort(column, Qt.SortOrder.AscendingOrder)
    ascending = names(proxy)
    keys = [COLUMNS[column].sort_key(entry) for entry in proxy.entries()]
    assert keys == sorted(keys)
    proxy.sort(column, Qt.SortOrder.DescendingOrder)
    assert len(names(proxy)) == len(ascending)


def test_row_of_maps_paths_to_shown_rows(proxy: ArticleFilterProxy) -> None:
    proxy.sort(column_index(ColumnKey.TITLE), Qt.SortOrder.AscendingOrder)
    first = proxy.entry(0)
    assert proxy.row_of(first.path) == 0
    proxy.update_filter(search="delta")
    assert proxy.row_of(first.path) is None
    assert proxy.row_of(Path("/not/listed.txt")) is None


def test_filter_matches_entries_directly() -> None:
    entry = ArticleEntry(
        path=Path("/f/a.txt"), relpath="a.txt", title="Ünïcode Title", topics=("Zürich",)
    )
    assert ArticleFilter(search="ünïcode").accepts(entry)
    assert ArticleFilter(search="ZÜRICH").accepts(entry)
    assert not ArticleFilter(min_quality=0).accepts(entry)
    assert ArticleFilter(state=StateFilter.UNPUBLISHED).accepts(entry)
    assert not ArticleFilter(state=StateFilter.ERRORS).accepts(entry)


QUALITY = column_index(ColumnKey.QUALITY)


def made(name: str, quality: int | None, published: bool = False) -> ArticleEntry:
    return ArticleEntry(
        path=Path(f"/elsewhere/{name}"), relpath=name, title=name, quality=quality,
        published=published,
    )  # fmt: skip


def test_the_model_keeps_file_order_and_the_proxy_sorts(
    model: ArticleTableModel, proxy: ArticleFilterProxy
) -> None:
    file_order = [entry.path for entry in model.entries()]
    proxy.sort(QUALITY, Qt.SortOrder.DescendingOrder)
    assert [entry.path for entry in model.entries()] == file_order
    qualities = [entry.quality for entry in proxy.entries() if entry.quality is not None]
    assert qualities == sorted(qualities, reverse=True)
    assert all(proxy.mapToSource(proxy.index(r, 0)).row() == model.row_of(e.path)
               for r, e in enumerate(proxy.entries()))  # fmt: skip


def test_sorting_and_filtering_keep_persistent_indexes(
    model: ArticleTableModel, proxy: ArticleFilterProxy
) -> None:
    held = QPersistentModelIndex(proxy.index(2, 1))
    held_path = proxy.entry(2).path
    proxy.sort(QUALITY, Qt.SortOrder.DescendingOrder)
    assert proxy.entry(held.row()).path == held_path  # a selection follows its article
    assert held.column() == 1
    proxy.update_filter(search=proxy.entry(held.row()).title)
    assert proxy.entry(held.row()).path == held_path
    proxy.update_filter(search="no such words")
    assert not held.isValid()  # filtered out: the index goes


def test_appended_rows_are_merged_into_the_sort_order(
    qtmodeltester: Any, model: ArticleTableModel, proxy: ArticleFilterProxy
) -> None:
    qtmodeltester.check(proxy)  # from here on it checks every signal the proxy emits
    proxy.sort(QUALITY, Qt.SortOrder.AscendingOrder)
    held = QPersistentModelIndex(proxy.index(1, 0))
    held_path = proxy.entry(1).path
    model.append_entries([made("low.txt", -5), made("high.txt", 500), made("mid.txt", 20)])
    qualities = [entry.quality for entry in proxy.entries() if entry.quality is not None]
    assert qualities == sorted(qualities)
    assert next(e for e in proxy.entries() if e.ok).path.name == "low.txt"  # no re-sort
    assert proxy.entry(held.row()).path == held_path  # the selection stays on its article
    assert proxy.row_of(Path("/elsewhere/mid.txt")) is not None


def test_appended_rows_follow_the_filter(
    model: ArticleTableModel, proxy: ArticleFilterProxy
) -> None:
    proxy.update_filter(state=StateFilter.PUBLISHED)
    shown = proxy.rowCount()
    model.append_entries([made("yes.txt", 1, published=True), made("no.txt", 2)])
    assert proxy.rowCount() == shown + 1
    assert proxy.row_of(Path("/elsewhere/no.txt")) is None
    assert proxy.row_of(Path("/elsewhere/yes.txt")) is not None


def test_an_edited_row_keeps_its_place_until_the_next_sort(
    model: ArticleTableModel, proxy: ArticleFilterProxy
) -> None:
    proxy.sort(QUALITY, Qt.SortOrder.AscendingOrder)
    row = next(r for r in range(proxy.rowCount()) if proxy.entry(r).ok)
    model.update_entry(proxy.entry(row).replace(quality=1000))
    assert proxy.entry(row).quality == 1000  # the reviewer's row does not jump away
    proxy.sort(QUALITY, Qt.SortOrder.AscendingOrder)
    known = [entry for entry in proxy.entries() if entry.quality is not None]
    assert known[-1].quality == 1000


def test_a_changed_row_is_filtered_again(
    qtmodeltester: Any, model: ArticleTableModel, proxy: ArticleFilterProxy
) -> None:
    qtmodeltester.check(proxy)
    proxy.sort(QUALITY, Qt.SortOrder.AscendingOrder)
    proxy.update_filter(state=StateFilter.UNPUBLISHED)
    first = proxy.entry(0)
    model.update_entry(first.replace(published=True))  # published: it leaves the list
    assert proxy.row_of(first.path) is None
    model.update_entry(first)  # unpublished again: back in its sorted place
    assert proxy.row_of(first.path) == 0


def test_removed_rows_leave_and_the_rest_still_map(
    qtmodeltester: Any, model: ArticleTableModel, proxy: ArticleFilterProxy
) -> None:
    qtmodeltester.check(proxy)
    proxy.sort(column_index(ColumnKey.TITLE), Qt.SortOrder.DescendingOrder)
    gone = [proxy.entry(1).path, proxy.entry(3).path]
    model.remove_entries(gone)
    assert proxy.rowCount() == model.rowCount()
    assert not {e.path for e in proxy.entries()} & set(gone)
    titles = [COLUMNS[column_index(ColumnKey.TITLE)].sort_key(e) for e in proxy.entries()]
    assert titles == sorted(titles, reverse=True)
    assert all(proxy.row_of(entry.path) == r for r, entry in enumerate(proxy.entries()))


def test_random_batches_sorts_and_filters_match_a_plain_sort(qapp: Any) -> None:
    """Whatever the sequence, the shown rows are exactly what sorting and filtering
    everything at once would give (stable: equal keys keep the file order)."""
    rng = random.Random(5)
    model = ArticleTableModel()
    proxy = ArticleFilterProxy()
    proxy.setSourceModel(model)
    count = 0
    for _step in range(60):
        action = rng.random()
        if action < 0.5:
            batch = [
                made(f"{count + i:04d}.txt", rng.choice([None, *range(8)]), rng.random() < 0.4)
                for i in range(rng.randrange(1, 30))
            ]
            count += len(batch)
            model.append_entries(batch)
        elif action < 0.75:
            proxy.sort(rng.choice([QUALITY, column_index(ColumnKey.TITLE), -1]),
                       rng.choice(list(Qt.SortOrder)))  # fmt: skip
        elif action < 0.9:
            proxy.update_filter(state=rng.choice(list(StateFilter)), search=rng.choice(["", "1"]))
        elif action < 0.97:
            model.remove_entries(e.path for e in model.entries() if rng.random() < 0.1)
        else:  # read again: the same files in another order
            model.set_entries(rng.sample(model.entries(), model.rowCount()))
        assert proxy.entries() == expected(model, proxy)


def expected(model: ArticleTableModel, proxy: ArticleFilterProxy) -> list[ArticleEntry]:
    entries = model.entries()
    column = proxy.sort_column
    if 0 <= column < len(COLUMNS):
        descending = proxy.sort_order == Qt.SortOrder.DescendingOrder
        entries.sort(key=COLUMNS[column].sort_key, reverse=descending)
    return [entry for entry in entries if proxy.article_filter.accepts(entry)]


@pytest.mark.parametrize(
    ("wider", "narrower", "narrows"),
    [
        (ArticleFilter(search="riv"), ArticleFilter(search="river"), True),
        (ArticleFilter(search=""), ArticleFilter(search="x"), True),
        (ArticleFilter(search="river"), ArticleFilter(search="riv"), False),  # backspace
        (ArticleFilter(search="a"), ArticleFilter(search="a", provider="P"), False),
        (ArticleFilter(provider="P"), ArticleFilter(provider="P", search="Ü"), True),
    ],
)
def test_typing_on_tests_only_the_rows_still_shown(
    wider: ArticleFilter, narrower: ArticleFilter, narrows: bool
) -> None:
    assert wider.narrows_to(narrower) == narrows
    entries = [made(name, 1) for name in ("river.txt", "riv.txt", "x.txt", "u.txt", "über.txt")]
    entries.append(made("p.txt", 1).replace(provider="P", title="Über river"))
    everything = narrower.mask(entries)
    assert everything == [narrower.accepts(entry) for entry in entries]
    if narrows:
        assert narrower.mask(entries, (wider, wider.mask(entries))) == everything


def test_random_edits_keep_rows_mapped_and_held_indexes_on_their_article(qapp: Any) -> None:
    """Edits keep rows in place (so no plain sort to compare with): every accepted row
    is shown once, the maps agree, and a held index stays on its article while shown."""
    rng = random.Random(11)
    model = ArticleTableModel()
    proxy = ArticleFilterProxy()
    proxy.setSourceModel(model)
    count = 0
    held: list[tuple[QPersistentModelIndex, Path]] = []
    for _step in range(80):
        action = rng.random()
        if action < 0.35 or model.rowCount() == 0:
            batch = [made(f"{count + i:04d}.txt", rng.randrange(8)) for i in range(5)]
            count += len(batch)
            model.append_entries(batch)
        elif action < 0.6:
            entry = rng.choice(model.entries())
            model.update_entry(
                entry.replace(quality=rng.randrange(8), published=not entry.published)
            )
        elif action < 0.75:
            proxy.sort(rng.choice([QUALITY, -1]), rng.choice(list(Qt.SortOrder)))
        elif action < 0.9:
            proxy.update_filter(state=rng.choice(list(StateFilter)))
        elif proxy.rowCount():
            row = rng.randrange(proxy.rowCount())
            held.append((QPersistentModelIndex(proxy.index(row, 0)), proxy.entry(row).path))
        shown = proxy.entries()
        accepted = [e for e in model.entries() if proxy.article_filter.accepts(e)]
        assert sorted(e.path for e in shown) == sorted(e.path for e in accepted)
        for row, entry in enumerate(shown):
            assert proxy.row_of(entry.path) == row
            assert proxy.mapFromSource(proxy.mapToSource(proxy.index(row, 2))).row() == row
        for index, path in held:
            if index.isValid():
                assert proxy.entry(index.row()).path == path
            else:  # gone at this step: only because its row was filtered out
                assert proxy.row_of(path) is None
        # An index goes when its row is filtered out (and stays gone, as in Qt's proxies).
        held = [(index, path) for index, path in held if index.isValid()]
