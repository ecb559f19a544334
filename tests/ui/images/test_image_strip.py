"""Image previews against a real HTTP server on 127.0.0.1, and local relative images."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QIODevice, QSize, Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from curator_app.ui.images.strip import ImageSpec, ImageStrip, ThumbnailTile
from curator_app.ui.images.thumbnails import ThumbnailLoader

SLOW_SECONDS = 2.0  # the slow handler gives up after this, so the server always stops


def png_bytes(width: int, height: int, color: str = "steelblue") -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")
    return bytes(buffer.data().data())


class ImageServer:
    def __init__(self, routes: dict[str, tuple[int, str, bytes]]) -> None:
        self.routes = routes
        self.hits: dict[str, int] = {}
        self.stopping = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.hits[self.path] = server.hits.get(self.path, 0) + 1
                if self.path.startswith("/slow"):
                    server.stopping.wait(SLOW_SECONDS)
                status, content_type, body = server.routes.get(
                    self.path, (404, "text/plain", b"not found")
                )
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the client gave up (timeout, abort)
                    pass

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"


@pytest.fixture
def server(qapp: object) -> Iterator[ImageServer]:
    routes = {
        "/image.png": (200, "image/png", png_bytes(320, 200)),
        "/other.png": (200, "image/png", png_bytes(100, 100, "orange")),
        "/page.png": (200, "text/html", b"<html><body>not an image</body></html>"),
        "/slow.png": (200, "image/png", png_bytes(10, 10)),
    }
    image_server = ImageServer(routes)
    image_server.thread.start()
    yield image_server
    image_server.stopping.set()
    image_server.httpd.shutdown()
    image_server.httpd.server_close()
    image_server.thread.join(5)


@pytest.fixture
def strip(qtbot: QtBot, loader: ThumbnailLoader) -> ImageStrip:
    widget = ImageStrip(loader)
    qtbot.addWidget(widget)
    # An explicit minimum size keeps the layout from resizing the top-level window,
    # which the offscreen platform would warn about (it cannot propagate size hints).
    widget.setMinimumSize(600, 200)
    widget.show()
    return widget


def settled(strip: ImageStrip) -> bool:
    return all(tile.state != ThumbnailTile.LOADING for tile in strip.tiles())


def test_remote_images_load_or_say_why(
    qtbot: QtBot, strip: ImageStrip, server: ImageServer, tmp_path: Path
) -> None:
    specs = [
        ImageSpec(server.url("/image.png"), 2240, 1260),
        ImageSpec(server.url("/missing.png"), 10, 10),
        ImageSpec(server.url("/page.png"), 10, 10),
        ImageSpec(server.url("/slow.png"), 10, 10),
    ]
    started = time.monotonic()
    strip.set_images(specs, tmp_path)
    assert time.monotonic() - started < 1.5  # never waited for the slow (2 s) response
    assert [tile.state for tile in strip.tiles()] == [ThumbnailTile.LOADING] * 4

    qtbot.waitUntil(lambda: settled(strip), timeout=5000)
    image, missing, page, slow = strip.tiles()
    assert image.state == ThumbnailTile.LOADED
    pixmap = image.pixmap()
    assert pixmap.width() > 0 and pixmap.height() > 0
    assert pixmap.width() <= image.max_image_size.width()  # scaled to the tile
    # The served image is 320 x 200: the caption shows that, and marks the declared size.
    times, unequal = "\N{MULTIPLICATION SIGN}", "\N{NOT EQUAL TO}"
    assert image.caption_label.text() == f"320 {times} 200  {unequal} 2240 {times} 1260"
    assert "declares 2240" in image.toolTip()

    assert missing.state == ThumbnailTile.FAILED
    assert "404" in missing.reason
    assert "404" in missing.image_label.text()
    assert missing.pixmap().isNull()

    assert page.state == ThumbnailTile.FAILED
    assert "not an image" in page.reason
    assert "text/html" in page.reason

    assert slow.state == ThumbnailTile.FAILED
    assert "timed out" in slow.reason
    assert "timed out" in slow.image_label.text()


def test_local_relative_image_resolves_against_the_article_folder(
    qtbot: QtBot, strip: ImageStrip, tmp_path: Path
) -> None:
    article_dir = tmp_path / "articles" / "2021"
    (article_dir / "img").mkdir(parents=True)
    (article_dir / "img" / "photo.png").write_bytes(png_bytes(400, 300, "seagreen"))
    (article_dir / "notes.png").write_text("plain text, not a PNG", encoding="utf-8")
    specs = [
        ImageSpec("img/photo.png", 400, 300),
        ImageSpec("img/absent.png", 1, 1),
        ImageSpec("notes.png", 1, 1),
        ImageSpec("photo.png", 64, 64, small=True, label="Related"),
    ]
    strip.set_images(specs, article_dir)
    qtbot.waitUntil(lambda: settled(strip), timeout=5000)
    photo, absent, notes, wrong_folder = strip.tiles()
    assert photo.state == ThumbnailTile.LOADED
    assert photo.caption_label.text() == "400 \N{MULTIPLICATION SIGN} 300"  # as declared
    assert photo.pixmap().size().width() == photo.max_image_size.height() * 4 // 3
    assert absent.state == ThumbnailTile.FAILED
    assert "file not found" in absent.reason
    assert notes.state == ThumbnailTile.FAILED
    assert "not an image" in notes.reason
    assert wrong_folder.state == ThumbnailTile.FAILED  # not looked up anywhere else
    assert wrong_folder.caption_label.text() == "related · 64 \N{MULTIPLICATION SIGN} 64"
    assert wrong_folder.max_image_size.width() < photo.max_image_size.width()


def test_offline_host_is_reported(qtbot: QtBot, strip: ImageStrip, tmp_path: Path) -> None:
    # Port 1 on localhost refuses connections: the same tile as being offline.
    strip.set_images([ImageSpec("http://127.0.0.1:1/image.png", 5, 5)], tmp_path)
    qtbot.waitUntil(lambda: settled(strip), timeout=5000)
    (tile,) = strip.tiles()
    assert tile.state == ThumbnailTile.FAILED
    assert "refused" in tile.reason


def test_switching_articles_quickly_shows_only_the_last(
    qtbot: QtBot, strip: ImageStrip, loader: ThumbnailLoader, server: ImageServer, tmp_path: Path
) -> None:
    strip.set_images([ImageSpec(server.url("/slow.png?first"), 1, 1)], tmp_path)
    first_tiles = strip.tiles()
    strip.set_images([ImageSpec(server.url("/image.png"), 2, 2)], tmp_path)
    strip.set_images([ImageSpec(server.url("/other.png"), 3, 3)], tmp_path)
    # The earlier requests were cancelled at once, not left to run to their timeout.
    assert loader.pending_count() == 1
    assert first_tiles[0].request is None

    qtbot.waitUntil(lambda: settled(strip), timeout=5000)
    (tile,) = strip.tiles()
    assert tile.spec.source.endswith("/other.png")
    assert tile.state == ThumbnailTile.LOADED
    assert tile.pixmap().width() == 100
    qtbot.wait(100)  # late results of the earlier articles must not show up
    assert [t.spec.source for t in strip.tiles()] == [server.url("/other.png")]


def test_no_images_shows_a_note(strip: ImageStrip, tmp_path: Path) -> None:
    strip.set_images([], tmp_path)
    assert strip.tiles() == []
    assert strip.findChild(object, "imageStripEmpty").isVisibleTo(strip)


def test_clicking_a_tile_opens_the_image_larger(
    qtbot: QtBot, strip: ImageStrip, server: ImageServer, tmp_path: Path
) -> None:
    strip.set_images([ImageSpec(server.url("/image.png"), 320, 200)], tmp_path)
    qtbot.waitUntil(lambda: settled(strip), timeout=5000)
    (tile,) = strip.tiles()
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    viewer = strip.viewer
    assert viewer is not None
    qtbot.waitUntil(lambda: not viewer.original.isNull(), timeout=5000)
    assert viewer.isVisible()
    assert viewer.original.width() == 320  # the full image, not the thumbnail
    shown = viewer.image_label.pixmap()
    assert 0 < shown.width() <= viewer.image_label.width()
    viewer.close()


def test_the_viewer_opens_fitted_and_shows_100_percent_a_key_away(
    qtbot: QtBot, strip: ImageStrip, tmp_path: Path
) -> None:
    (tmp_path / "big.png").write_bytes(png_bytes(1800, 1200, "navy"))
    strip.set_images([ImageSpec("big.png", 1800, 1200)], tmp_path)
    qtbot.waitUntil(lambda: settled(strip), timeout=5000)
    strip.open_viewer(strip.tiles()[0].spec)
    viewer = strip.viewer
    assert viewer is not None
    qtbot.waitUntil(lambda: not viewer.original.isNull(), timeout=5000)
    assert 0 < viewer.shown_scale() < 1  # fitted into a 900 x 640 window
    assert "1 shows 100 %" in viewer.caption_label.text()
    qtbot.keyClick(viewer, Qt.Key.Key_1)
    assert viewer.shown_scale() == 1.0
    assert viewer.scroll_area.horizontalScrollBar().maximum() > 0  # scrolls to the rest
    qtbot.keyClick(viewer, Qt.Key.Key_0)
    assert 0 < viewer.shown_scale() < 1
    viewer.close()


def test_an_image_shown_again_comes_from_memory_at_once(
    qtbot: QtBot, strip: ImageStrip, tmp_path: Path, loader: ThumbnailLoader
) -> None:
    photo = tmp_path / "photo.png"
    photo.write_bytes(png_bytes(400, 300, "seagreen"))
    spec = ImageSpec("photo.png", 400, 300)
    assert not loader.cached("photo.png", tmp_path, strip_tile_size())
    loader.prefetch("photo.png", tmp_path, strip_tile_size())
    qtbot.waitUntil(lambda: loader.cached("photo.png", tmp_path, strip_tile_size()))
    photo.unlink()  # from now on only the memory cache can show it
    strip.set_images([spec], tmp_path)
    qtbot.waitUntil(lambda: settled(strip), timeout=5000)
    assert strip.tiles()[0].state == ThumbnailTile.LOADED


def strip_tile_size() -> QSize:
    from curator_app.ui.images.strip import LARGE_TILE

    return LARGE_TILE
