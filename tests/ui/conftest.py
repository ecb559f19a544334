"""Fixtures for the GUI tests: isolated settings, a small article folder, a main window."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import shiboken6
from PySide6.QtCore import QSettings, QStandardPaths, QThreadPool
from PySide6.QtWidgets import QApplication

from curator_app.core.child import LazyChild
from curator_app.ui.images.thumbnails import ThumbnailLoader
from curator_app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from curator_app.ui.window.main_window import MainWindow

ARTICLE = """---
category: {category}
title: "{title}"
excerpt: "{excerpt}"
publishedDateTime: {date}
webUrl: "https://example.com/{slug}"
type: article
quality: {quality}
heat: {heat}
{published_line}
provider:
  name: {provider}
  domain: {domain}

topics:
{topics}

images:
  - url: "https://example.com/{slug}.jpg"
    width: 800
    height: 450
    isCached: true

secured: "c2VjcmV0;{slug}=="
---

Body of *{title}*.
"""

# (file name, title, provider, published, quality, date, topics)
SAMPLE = (
    ("001_alpha.txt", "Alpha rockets reach orbit", "Space News", False, 30,
     "2021-10-11T05:30:00Z", ("Space", "Rockets")),
    ("002_bravo.txt", "Bravo bank cuts rates", "Money Daily", True, 12,
     "2021-10-12T08:00:00Z", ("Finance",)),
    ("003_charlie.md", "Charlie learns to fly", "Space News", False, 45,
     "2021-10-09T17:15:00Z", ("AI", "Drones")),
    ("004_delta.txt", "Delta delays flights", "Travel Wire", False, 8,
     "2021-10-13T11:45:00Z", ("Travel",)),
    ("005_echo.txt", "Echo of the big bang", "Science Hour", True, 27,
     "2021-10-10T09:00:00Z", ("Space", "Physics")),
    ("sub/006_foxtrot.txt", "Foxtrot dance craze", "Culture Now", False, 19,
     "2021-10-08T20:30:00Z", ("Culture",)),
)  # fmt: skip


def article_text(
    title: str,
    provider: str = "Space News",
    published: bool | None = False,
    quality: int = 20,
    date: str = "2021-10-11T05:30:00Z",
    topics: tuple[str, ...] = ("AI",),
    category: str = "news",
) -> str:
    slug = title.lower().replace(" ", "-")
    return ARTICLE.format(
        category=category,
        title=title,
        excerpt=f"What happened: {title.lower()}.",
        date=date,
        slug=slug,
        quality=quality,
        heat=-1,
        published_line="" if published is None else f"published: {str(published).lower()}",
        provider=provider,
        domain=provider.lower().replace(" ", "") + ".com",
        topics="\n".join(f"  - {topic}" for topic in topics),
    )


def write_sample_folder(folder: Path, broken: bool = True) -> Path:
    for name, title, provider, published, quality, date, topics in SAMPLE:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(
            article_text(title, provider, published, quality, date, topics).encode("utf-8")
        )
    if broken:
        (folder / "007_broken.txt").write_bytes(b"---\ntitle: [unclosed\n---\nbody\n")
    return folder


@pytest.fixture(autouse=True)
def _isolated_qsettings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Default-constructed QSettings write below a temporary folder, never the user's;
    standard locations (the thumbnail cache) point at Qt's test folders."""
    root = tmp_path_factory.mktemp("qsettings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(root))
        QSettings.setPath(fmt, QSettings.Scope.SystemScope, str(root / "system"))
    QStandardPaths.setTestModeEnabled(True)
    yield
    QStandardPaths.setTestModeEnabled(False)


@pytest.fixture
def loader(tmp_path: Path, qapp: object) -> Iterator[ThumbnailLoader]:
    """A thumbnail loader with a short timeout and its own cache folder."""
    thumbnail_loader = ThumbnailLoader(cache_dir=tmp_path / "cache", timeout_ms=300)
    yield thumbnail_loader
    # Worker jobs end before the loader (and its result relay) goes; it is deleted here,
    # on the GUI thread, not by a garbage collection in a server's thread.
    QThreadPool.globalInstance().waitForDone(5000)
    shiboken6.delete(thumbnail_loader)
    gc.collect()


@pytest.fixture
def settings_store(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def article_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    return write_sample_folder(folder)


@pytest.fixture
def folder_factory(tmp_path: Path) -> Callable[[str], Path]:
    def make(name: str) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        return write_sample_folder(folder)

    return make


@pytest.fixture
def make_article() -> Callable[..., str]:
    """``make_article(title, provider=…, published=…, quality=…)`` → the file's text."""
    return article_text


def no_child() -> Executor:
    raise OSError("no child processes in this test")


@pytest.fixture
def open_window(
    qtbot: Any, settings_store: QSettings, tmp_path: Path
) -> Iterator[Callable[..., MainWindow]]:
    """``open_window(folder)``: a shown main window with ``folder`` fully loaded.

    Background work runs inline (synchronous TaskRunner) so every test is deterministic;
    the folder scan itself still runs on a pool thread, as in the app.
    """

    # Imported here so the other GUI tests do not depend on the main window importing.
    from curator_app.ui.images.thumbnails import ThumbnailLoader
    from curator_app.ui.tasks import TaskRunner
    from curator_app.ui.window.main_window import MainWindow
    from curator_app.ui.window.settings import Settings

    made: list[tuple[MainWindow, ThumbnailLoader]] = []

    def make(folder: Path | None = None, **kwargs: Any) -> MainWindow:
        kwargs.setdefault("runner", TaskRunner(synchronous=True))
        kwargs.setdefault("list_runner", kwargs["runner"])
        kwargs.setdefault("index_runner", kwargs["runner"])
        kwargs.setdefault("index_child", LazyChild(no_child))  # the words indexed inline
        kwargs.setdefault("thumbnails", ThumbnailLoader(cache_dir=tmp_path / "thumbs"))
        window = MainWindow(Settings(settings_store), **kwargs)
        made.append((window, kwargs["thumbnails"]))
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        if folder is not None:
            with qtbot.waitSignal(window.loader.finished, timeout=10000):
                window.open_folder(folder)
        return window

    yield make
    # Tear down in the app's order: the window first (its image strip and prefetcher
    # cancel their loads), then the background work, then the loader and its network
    # manager. Left to the garbage collector, a loader could go during a later test's
    # event loop with replies still running.
    for window, _thumbnails in made:
        if shiboken6.isValid(window):
            window.close()
            shiboken6.delete(window)
    QThreadPool.globalInstance().waitForDone(5000)
    QApplication.processEvents()
    for _window, thumbnails in made:
        if shiboken6.isValid(thumbnails):
            shiboken6.delete(thumbnails)
    made.clear()
    gc.collect()


class HoldingRunner(TaskRunner):
    """Runs background work only when told (``release``): results that arrive late."""

    def __init__(self) -> None:
        super().__init__(synchronous=True)
        self.held: list[tuple[Callable[[], Any], Any, Any]] = []

    def run(self, work: Callable[[], Any], on_done: Any, on_error: Any = None) -> None:
        self.held.append((work, on_done, on_error))

    def release(self, last_first: bool = False) -> None:
        """Run the work held so far, in the order it came or ``last_first``."""
        held, self.held = self.held, []
        for work, on_done, on_error in reversed(held) if last_first else held:
            super().run(work, on_done, on_error)


@pytest.fixture
def holding_runner() -> HoldingRunner:
    """A task runner that holds background work back until ``release()``."""
    return HoldingRunner()
