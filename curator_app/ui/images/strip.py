"""A row of thumbnail tiles for an article's images and its related articles' images."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from curator_app.ui.images.thumbnails import (
    ThumbnailLoader,
    ThumbnailRequest,
    ThumbnailResult,
    cancel_all,
)
from curator_app.ui.images.viewer import ImageViewer

LARGE_TILE = QSize(208, 136)
SMALL_TILE = QSize(136, 88)
TIMES = "\N{MULTIPLICATION SIGN}"
NOT_EQUAL = "\N{NOT EQUAL TO}"


@dataclass(frozen=True, slots=True)
class ImageSpec:
    """One image as the front matter declares it."""

    source: str
    width: int | None = None
    height: int | None = None
    small: bool = False  # a related article's image: a smaller tile
    label: str = ""  # e.g. the related article's title, for the tooltip

    @property
    def caption(self) -> str:
        known = self.width and self.height
        size = f"{self.width} {TIMES} {self.height}" if known else "size unknown"
        return f"related · {size}" if self.small else size

    def loaded_caption(self, real: QSize | None) -> tuple[str, str]:
        """The caption once the image is loaded: its real pixel size, and the declared size
        marked when it differs; with a tooltip line saying so ("" when they agree)."""
        if real is None or not real.isValid():
            return self.caption, ""
        size = f"{real.width()} {TIMES} {real.height()}"
        note = ""
        if (
            self.width
            and self.height
            and (self.width, self.height)
            != (
                real.width(),
                real.height(),
            )
        ):
            size += f"  {NOT_EQUAL} {self.width} {TIMES} {self.height}"
            note = (
                f"The file declares {self.width} {TIMES} {self.height}; "
                f"the image is {real.width()} {TIMES} {real.height()} pixels."
            )
        return (f"related · {size}" if self.small else size), note


class ThumbnailTile(QFrame):
    """A fixed-size tile: the thumbnail (or why there is none) above a caption."""

    clicked = Signal(object)  # ImageSpec

    LOADING, LOADED, FAILED = "loading", "loaded", "failed"

    def __init__(self, spec: ImageSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("thumbnailTile")
        self.spec = spec
        self.state = self.LOADING
        self.reason = ""
        self.request: ThumbnailRequest | None = None
        self._image_size = SMALL_TILE if spec.small else LARGE_TILE
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("\n".join(part for part in (spec.label, spec.source) if part))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#thumbnailTile { border: 1px solid palette(mid); border-radius: 6px;"
            " background: palette(base); }"
            "#thumbnailTile:hover { border-color: palette(highlight); }"
        )
        self.image_label = QLabel(self)
        self.image_label.setObjectName("thumbnailImage")
        self.image_label.setFixedSize(self._image_size)
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_label.setWordWrap(True)
        self.image_label.setStyleSheet("color: palette(placeholder-text); padding: 6px;")
        self.caption_label = QLabel(spec.caption, self)
        self.caption_label.setObjectName("thumbnailCaption")
        self.caption_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.caption_label.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        self.caption_label.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.image_label)
        layout.addWidget(self.caption_label)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.show_text("Loading…")

    @property
    def max_image_size(self) -> QSize:
        return self._image_size

    def pixmap(self) -> QPixmap:
        return self.image_label.pixmap()

    def show_text(self, text: str) -> None:
        self.image_label.setPixmap(QPixmap())
        self.image_label.setText(text)

    def show_result(self, result: ThumbnailResult) -> None:
        self.request = None
        if result.ok and result.image is not None:
            self.state = self.LOADED
            self.reason = ""
            self.image_label.setText("")
            self.image_label.setPixmap(QPixmap.fromImage(result.image))
            caption, note = self.spec.loaded_caption(result.original_size)
            self.caption_label.setText(caption)
            if note:
                self.caption_label.setStyleSheet("color: #b35c00;")
                self.setToolTip(f"{self.toolTip()}\n{note}")
        else:
            self.state = self.FAILED
            self.reason = result.error or "could not be loaded"
            self.show_text(f"⚠\nNo preview:\n{self.reason}")
            self.setToolTip(f"{self.toolTip()}\n{self.reason}")

    def cancel(self) -> None:
        if self.request is not None:
            self.request.cancel()
            self.request = None

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit(self.spec)
        super().mouseReleaseEvent(event)


class ImageStrip(QWidget):
    """Thumbnails of the shown article's images; clicking one opens it larger.

    Each ``set_images`` cancels the previous tiles' loads (their replies aborted): a
    cancelled request never reports, so no late result reaches a new tile.
    """

    imageActivated = Signal(object)  # ImageSpec

    def __init__(self, loader: ThumbnailLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("imageStrip")
        self._loader = loader
        self._tiles: list[ThumbnailTile] = []
        # Outlives this widget's C++ side: loads still running when it is destroyed are
        # cancelled, so no result ever reaches a deleted tile.
        self._requests: list[ThumbnailRequest] = []
        requests = self._requests
        self.destroyed.connect(lambda: cancel_all(requests))
        self._base_dir: Path | None = None
        self.viewer: ImageViewer | None = None
        self._row = QWidget()
        self._row_layout = QHBoxLayout(self._row)
        self._row_layout.setContentsMargins(0, 0, 0, 0)
        self._row_layout.setSpacing(10)
        self._row_layout.addStretch(1)
        self._scroll = QScrollArea(self)
        self._scroll.setWidget(self._row)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._empty = QLabel("No images", self)
        self._empty.setObjectName("imageStripEmpty")
        self._empty.setStyleSheet("color: palette(placeholder-text);")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._scroll)
        layout.addWidget(self._empty)
        self.imageActivated.connect(self.open_viewer)
        self.set_images([], None)

    def tiles(self) -> list[ThumbnailTile]:
        return list(self._tiles)

    def set_images(self, specs: list[ImageSpec], base_dir: Path | None) -> None:
        """Replace the tiles; start loading each image."""
        self.clear()
        self._base_dir = base_dir
        for spec in specs:
            tile = ThumbnailTile(spec, self._row)
            tile.clicked.connect(self.imageActivated)
            self._row_layout.insertWidget(
                self._row_layout.count() - 1, tile, 0, Qt.AlignmentFlag.AlignTop
            )
            self._tiles.append(tile)
            request = self._loader.load(spec.source, base_dir, tile.max_image_size)
            tile.request = request
            self._requests.append(request)
            request.finished.connect(lambda result, tile=tile: tile.show_result(result))
        has_tiles = bool(self._tiles)
        self._scroll.setVisible(has_tiles)
        self._empty.setVisible(not has_tiles)
        if has_tiles:
            bar = self._scroll.horizontalScrollBar().sizeHint().height()
            tallest = max(tile.sizeHint().height() for tile in self._tiles)
            self._scroll.setFixedHeight(tallest + bar + 2)

    def clear(self) -> None:
        for tile in self._tiles:
            tile.cancel()
            self._row_layout.removeWidget(tile)
            tile.hide()
            tile.deleteLater()
        self._tiles = []
        cancel_all(self._requests)

    def open_viewer(self, spec: ImageSpec) -> None:
        """Open the image larger, in one reusable viewer window."""
        if self.viewer is None:
            self.viewer = ImageViewer(self._loader, self)
        already_open = self.viewer.isVisible()
        self.viewer.show_image(spec.source, self._base_dir, spec.caption)
        self.viewer.show()
        if already_open:  # a newly shown window is on top already
            self.viewer.raise_()
            self.viewer.activateWindow()
