"""The window on a folder of good articles among every kind of hostile file."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from curator_app.ui.window.main_window import MainWindow
    from tests.conftest import HostileFolder

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

OpenWindow = Callable[..., "MainWindow"]


def test_every_file_is_a_row_the_good_ones_readable_the_bad_ones_with_reasons(
    open_window: OpenWindow, hostile_folder: HostileFolder
) -> None:
    window = open_window(hostile_folder.root)

    entries = {entry.relpath: entry for entry in window.shown_entries()}
    assert sorted(entries) == hostile_folder.names
    assert {name for name, entry in entries.items() if entry.ok} == set(hostile_folder.good)
    for name, words in hostile_folder.bad.items():
        assert words in (entries[name].error or ""), name
    total, bad = len(hostile_folder.names), len(hostile_folder.bad)
    assert window.counts.text() == (
        f"{total} shown  ·  {total} total  ·  0 published  ·  {bad} unreadable"
    )
    for row, entry in enumerate(window.shown_entries()):  # each row shows in the detail pane
        window.review.select_row(row)
        assert window.detail.entry == entry


def test_publishing_every_row_publishes_the_good_ones_and_leaves_the_rest(
    qtbot: Any, open_window: OpenWindow, hostile_folder: HostileFolder
) -> None:
    window = open_window(hostile_folder.root)
    root = hostile_folder.root
    before = {
        name: (root / name).read_bytes()
        for name in hostile_folder.bad
        if name not in hostile_folder.links
    }

    window.table.selectAll()
    window.review.toggle()

    qtbot.waitUntil(
        lambda: sum(entry.published for entry in window.all_entries()) == len(hostile_folder.good)
    )
    for name in hostile_folder.good:
        assert b"published: true\n" in (root / name).read_bytes(), name
    for name, data in before.items():
        assert (root / name).read_bytes() == data, name
    assert len(window.all_entries()) == len(hostile_folder.names)
