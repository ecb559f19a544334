"""ThumbnailLoader on local files: resolution, decoding off the GUI thread, cancelling."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QSize, QStandardPaths, QThreadPool
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from curator_app.ui.images.thumbnails import (
    ThumbnailLoader,
    ThumbnailResult,
    decode_image_bytes,
    default_cache_dir,
    is_remote,
    resolve_local,
)
from curator_app.ui.tasks import TaskRunner


def write_png(path: Path, width: int, height: int) -> Path:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("tomato"))
    path.parent.mkdir(parents=True, exist_ok=True)
    assert image.save(str(path), "PNG")
    return path


def collect(loader: ThumbnailLoader, source: str, base: Path | None) -> list[ThumbnailResult]:
    results: list[ThumbnailResult] = []
    loader.load(source, base, QSize(100, 100)).finished.connect(results.append)
    return results


LoaderFactory = Callable[..., ThumbnailLoader]


@pytest.fixture
def make_loader(tmp_path: Path, qapp: object) -> Iterator[LoaderFactory]:
    made: list[ThumbnailLoader] = []

    def make(runner: TaskRunner | None = None) -> ThumbnailLoader:
        made.append(ThumbnailLoader(cache_dir=tmp_path / "cache", timeout_ms=500, runner=runner))
        return made[-1]

    yield make
    # Worker jobs end before the loaders (and their result relays) go; the loaders are
    # deleted here, on the GUI thread, not by a garbage collection in some other thread.
    QThreadPool.globalInstance().waitForDone(5000)
    for loader in made:
        shiboken6.delete(loader)
    gc.collect()


@pytest.fixture
def loader(make_loader: LoaderFactory) -> ThumbnailLoader:
    return make_loader()


def test_cache_directory_is_created_and_used(loader: ThumbnailLoader, tmp_path: Path) -> None:
    assert (tmp_path / "cache").is_dir()
    cache = loader.network.cache()
    assert cache is not None
    assert Path(cache.cacheDirectory()) == tmp_path / "cache"


def test_default_cache_dir_is_the_user_cache_folder(qapp: object) -> None:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    assert default_cache_dir() == Path(location) / "thumbnails"


def test_source_kinds(tmp_path: Path) -> None:
    assert is_remote("https://example.org/a.jpg")
    assert is_remote("HTTP://example.org/a.jpg")
    assert not is_remote("img/a.jpg")
    assert resolve_local("img/a.jpg", tmp_path) == tmp_path / "img" / "a.jpg"
    assert resolve_local("/abs/a.jpg", tmp_path) == Path("/abs/a.jpg")
    assert resolve_local((tmp_path / "b.png").as_uri(), None) == tmp_path / "b.png"
    assert resolve_local("data:image/png;base64,AAAA", tmp_path) is None
    assert resolve_local("img/a.jpg", None) is None


def test_local_file_loads_scaled_on_a_worker(
    qtbot: QtBot, loader: ThumbnailLoader, tmp_path: Path
) -> None:
    write_png(tmp_path / "pics" / "wide.png", 400, 200)
    results = collect(loader, "pics/wide.png", tmp_path)
    assert results == []  # delivered later, on the GUI thread
    qtbot.waitUntil(lambda: len(results) == 1, timeout=5000)
    (result,) = results
    assert result.ok and result.image is not None
    assert (result.image.width(), result.image.height()) == (100, 50)
    assert loader.pending_count() == 0


def test_small_images_are_not_enlarged(
    qtbot: QtBot, loader: ThumbnailLoader, tmp_path: Path
) -> None:
    write_png(tmp_path / "tiny.png", 20, 10)
    results = collect(loader, "tiny.png", tmp_path)
    qtbot.waitUntil(lambda: len(results) == 1, timeout=5000)
    assert results[0].image is not None and results[0].image.width() == 20


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("missing.png", "file not found: missing.png"),
        ("data:image/png;base64,AAAA", "unsupported image address"),
        ("", "no image address"),
        ("notes.png", "not an image"),
    ],
)
def test_failures_say_why(
    qtbot: QtBot, loader: ThumbnailLoader, tmp_path: Path, source: str, reason: str
) -> None:
    (tmp_path / "notes.png").write_text("hello", encoding="utf-8")
    results = collect(loader, source, tmp_path)
    qtbot.waitUntil(lambda: len(results) == 1, timeout=5000)
    assert not results[0].ok
    assert results[0].error == reason


def test_cancelled_request_never_reports(
    qtbot: QtBot, make_loader: LoaderFactory, tmp_path: Path
) -> None:
    runner = TaskRunner()
    loader = make_loader(runner)
    write_png(tmp_path / "a.png", 30, 30)
    results: list[ThumbnailResult] = []
    request = loader.load("a.png", tmp_path, QSize(10, 10))
    request.finished.connect(results.append)
    request.cancel()
    assert request.cancelled
    assert loader.pending_count() == 0
    assert runner.wait(5000)
    qtbot.wait(50)  # the worker's result arrives and is dropped
    assert results == []


def test_synchronous_runner_delivers_at_once(make_loader: LoaderFactory, tmp_path: Path) -> None:
    loader = make_loader(TaskRunner(synchronous=True))
    write_png(tmp_path / "a.png", 30, 30)
    request = loader.load("a.png", tmp_path, QSize(10, 10))
    assert request.done


def test_decoding_bytes_names_the_content_type() -> None:
    result = decode_image_bytes(b"<html></html>", QSize(10, 10), "text/html; charset=utf-8")
    assert result.error == "not an image (text/html)"
    assert decode_image_bytes(b"", QSize(10, 10)).error == "empty response"


def test_tls_is_set_up_on_a_worker_and_remote_loads_still_work(
    qtbot: QtBot, make_loader: LoaderFactory
) -> None:
    ran: list[bool] = []  # per job: whether it ran on the GUI (main) thread

    class Recording(TaskRunner):
        def run(self, work: Callable[[], Any], *args: Any, **kwargs: Any) -> None:
            def traced() -> Any:
                ran.append(threading.current_thread() is threading.main_thread())
                return work()

            super().run(traced, *args, **kwargs)

    loader = make_loader(Recording())
    loader.warm_up()
    qtbot.waitUntil(lambda: ran == [False])
    QThreadPool.globalInstance().waitForDone(5000)
    results = collect(loader, "https://127.0.0.1:1/a.jpg", None)  # nothing listens there
    qtbot.waitUntil(lambda: len(results) == 1, timeout=5000)
    assert not results[0].ok and results[0].error
