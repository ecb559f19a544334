"""``curator-app --self-test [FOLDER]``: prove an installed copy works, without a display.

Opens the main window offscreen on a temporary copy of FOLDER (default: the bundled
sample folder), waits for the rows, flips one article through the path a click on its
check box takes (the view's model ``setData``), checks that exactly one line of that
file changed, and loads one local thumbnail. Run by ``make package`` on the bundle and
by the tests on a wheel installed in a fresh virtual environment.
"""

from __future__ import annotations

import difflib
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from PySide6.QtCore import QDeadlineTimer, QEventLoop, QSettings, QSize, Qt
from PySide6.QtWidgets import QApplication

from curator_app.appinfo import version
from curator_app.core.document import ArticleDocument
from curator_app.core.entry import ArticleEntry
from curator_app.resources import sample_folder
from curator_app.system_check import missing_xcb_libraries, xcb_plugin
from curator_app.ui.images.thumbnails import ThumbnailLoader, ThumbnailResult, is_remote
from curator_app.ui.list.columns import ColumnKey, column_index
from curator_app.ui.window.icons import icon
from curator_app.ui.window.main_window import MainWindow
from curator_app.ui.window.settings import Settings

TIMEOUT_MS = 30000


class SelfTestError(Exception):
    """One step failed; the message says which and why."""


def _wait_for(app: QApplication, condition: Callable[[], bool], what: str) -> None:
    deadline = QDeadlineTimer(TIMEOUT_MS)
    while not condition():
        if deadline.hasExpired():
            raise SelfTestError(f"timed out after {TIMEOUT_MS // 1000} s waiting for {what}")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def _flip_candidate(window: MainWindow) -> tuple[int, ArticleEntry]:
    """An unpublished, readable article whose file has a ``published:`` line."""
    for row, entry in enumerate(window.shown_entries()):
        if entry.ok and not entry.published and "published" in ArticleDocument.load(entry.path):
            return row, entry
    raise SelfTestError("no unpublished article with a `published` key to flip")


def _changed_lines(before: bytes, after: bytes) -> list[tuple[str, str]]:
    """(old line, new line) pairs; any other kind of change raises."""
    old = before.splitlines(keepends=True)
    new = after.splitlines(keepends=True)
    pairs: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag != "replace" or i2 - i1 != j2 - j1:
            raise SelfTestError(f"the flip {tag}d lines {i1 + 1}-{i2} instead of replacing one")
        pairs += [
            (a.decode(errors="replace"), b.decode(errors="replace"))
            for a, b in zip(old[i1:i2], new[j1:j2], strict=True)
        ]
    return pairs


def _local_image(entries: list[ArticleEntry]) -> tuple[str, Path]:
    for entry in entries:
        if not entry.ok or not entry.image_count:
            continue
        for image in ArticleDocument.load(entry.path).get("images") or []:
            url = image.get("url", "") if isinstance(image, dict) else ""
            if url and not is_remote(url):
                return url, entry.path.parent
    raise SelfTestError("no article with a local image to load as a thumbnail")


def _check_icons() -> str:
    for name in ("app", "publish", "undo"):
        if icon(name).pixmap(QSize(32, 32)).isNull():
            raise SelfTestError(f"the {name!r} icon does not render (SVG support missing?)")
    return "icons render"


def _check_xcb_plugin() -> str:
    """On Linux: the X11 plugin is there; which system libraries it lacks is only reported
    (this machine's business, not the installed copy's)."""
    plugin = xcb_plugin()
    if plugin is None:
        raise SelfTestError("Qt's xcb platform plugin is not installed beside PySide6")
    missing = missing_xcb_libraries(plugin)
    if missing is None:
        return "xcb plugin found, every library it needs is installed"
    return "xcb plugin found; this machine lacks " + ", ".join(missing.libraries)


def _check_flip(app: QApplication, window: MainWindow) -> str:
    row, entry = _flip_candidate(window)
    before = entry.path.read_bytes()
    index = window.proxy.index(row, column_index(ColumnKey.PUBLISHED))
    if not window.proxy.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole):
        raise SelfTestError(f"{entry.relpath}: the check box refused the click")
    _wait_for(app, lambda: entry.path.read_bytes() != before, f"{entry.relpath} to be written")
    changes = _changed_lines(before, entry.path.read_bytes())
    if len(changes) != 1:
        raise SelfTestError(f"{entry.relpath}: {len(changes)} lines changed, not exactly one")
    old, new = (line.strip() for line in changes[0])
    if not new.startswith("published:") or "true" not in new:
        raise SelfTestError(f"{entry.relpath}: the changed line reads {new!r}")
    if window.undo_stack.count() != 1:
        raise SelfTestError("the flip left no undo step")
    return f"flipped {entry.relpath}: one line changed ({old!r} → {new!r})"


def _check_thumbnail(app: QApplication, loader: ThumbnailLoader, window: MainWindow) -> str:
    source, base_dir = _local_image(window.shown_entries())
    results: list[ThumbnailResult] = []
    request = loader.load(source, base_dir, QSize(160, 160))
    request.finished.connect(results.append)
    _wait_for(app, lambda: bool(results), f"the thumbnail {source}")
    if not results[0].ok:
        raise SelfTestError(f"thumbnail {source}: {results[0].error}")
    image = results[0].image
    assert image is not None
    return f"thumbnail {source}: {image.width()}x{image.height()}"


def run_self_test(folder: Path | None, out: TextIO) -> None:
    """Every check, in order; raises ``SelfTestError`` at the first that fails."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(["curator-app"])
    source = folder if folder is not None else sample_folder()
    if not source.is_dir():
        raise SelfTestError(f"{source}: not a folder")
    started = time.monotonic()
    print(f"curator-app {version()} self-test on a copy of {source}", file=out)
    with tempfile.TemporaryDirectory(prefix="curator-self-test-") as scratch:
        root = Path(scratch)
        copy = Path(shutil.copytree(source, root / "articles", symlinks=True))
        store = QSettings(str(root / "settings.ini"), QSettings.Format.IniFormat)
        loader = ThumbnailLoader(cache_dir=root / "thumbnails")
        window = MainWindow(Settings(store), thumbnails=loader)
        try:
            window.show()
            window.open_folder(copy)
            _wait_for(app, lambda: not window.loader.is_running, "the folder to be read")
            rows = window.model.rowCount()
            if rows == 0:
                raise SelfTestError(f"{source}: no articles listed")
            print(f"  {rows} rows listed", file=out)
            checks: list[Callable[[], str]] = [
                _check_icons,
                lambda: _check_flip(app, window),
                lambda: _check_thumbnail(app, loader, window),
            ]
            if sys.platform.startswith("linux"):
                checks.insert(0, _check_xcb_plugin)
            for check in checks:
                print(f"  {check()}", file=out)
        finally:
            window.close()
            window.deleteLater()
            app.processEvents()
    print(f"self-test passed in {time.monotonic() - started:.1f} s", file=out)
