"""A window showing one image larger, loaded like the thumbnails.

It opens fitted to the window; 1 shows it at 100 % (scrolling where it is larger), and
0 or F fits it again. The caption says which, and the keys.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeyEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from curator_app.ui.images.thumbnails import ThumbnailLoader, ThumbnailRequest, ThumbnailResult

VIEWER_IMAGE_LIMIT = QSize(2400, 2400)  # decoded at most this large; scaled to the window


class ImageViewer(QDialog):
    """Non-modal: the reviewer can keep it open while moving through the list."""

    def __init__(self, loader: ThumbnailLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("imageViewer")
        self.setWindowTitle("Image")
        self.resize(900, 640)
        self.setMinimumSize(320, 240)  # explicit, so the layout never resizes the window
        self._loader = loader
        self._request: ThumbnailRequest | None = None
        self._original = QPixmap()
        self._caption = ""
        self.actual_size = False  # 100 % rather than fitted
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setObjectName("imageViewerScroll")
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area.setWidgetResizable(True)
        self.image_label = QLabel(self.scroll_area)
        self.image_label.setObjectName("imageViewerImage")
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_label.setMinimumSize(120, 90)
        self.image_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.image_label.setWordWrap(True)
        self.scroll_area.setWidget(self.image_label)
        self.caption_label = QLabel(self)
        self.caption_label.setObjectName("imageViewerCaption")
        self.caption_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.caption_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.caption_label)

    @property
    def original(self) -> QPixmap:
        """The loaded image before scaling to the window (null while loading or failed)."""
        return self._original

    def show_image(self, source: str, base_dir: Path | None, caption: str) -> None:
        if self._request is not None:
            self._request.cancel()
        self._original = QPixmap()
        self.image_label.setPixmap(QPixmap())
        self.image_label.setText("Loading…")
        self._caption = f"{caption}   {source}"
        self.caption_label.setText(self._caption)
        self.setWindowTitle(Path(source).name or "Image")
        request = self._loader.load(source, base_dir, VIEWER_IMAGE_LIMIT)
        self._request = request
        request.finished.connect(self._loaded)

    def _loaded(self, result: ThumbnailResult) -> None:
        self._request = None
        if result.ok and result.image is not None:
            self._original = QPixmap.fromImage(result.image)
            self.image_label.setText("")
            self._fit()
        else:
            self.image_label.setText(f"Cannot show this image:\n{result.error}")

    def set_actual_size(self, actual: bool) -> None:
        """Show the image at 100 % (True) or fitted to the window (False)."""
        self.actual_size = actual
        self.scroll_area.setWidgetResizable(not actual)
        self._fit()

    def shown_scale(self) -> float:
        """How large the image is shown, 1.0 being 100 % (0 while nothing is shown)."""
        shown = self.image_label.pixmap()
        if self._original.isNull() or shown.isNull():
            return 0.0
        return shown.width() / self._original.width()

    def _fit(self) -> None:
        if self._original.isNull():
            return
        if self.actual_size:
            self.image_label.setPixmap(self._original)
            self.image_label.resize(self._original.size())
        else:
            target = self.scroll_area.viewport().size()
            fits = (
                self._original.width() <= target.width()
                and self._original.height() <= target.height()
            )
            self.image_label.setPixmap(
                self._original
                if fits
                else self._original.scaled(
                    target,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        percent = round(100 * self.shown_scale())
        mode = "100 %" if self.actual_size else f"fitted ({percent} %)"
        keys = "0 fits it" if self.actual_size else "1 shows 100 %"
        size = f"{self._original.width()} \N{MULTIPLICATION SIGN} {self._original.height()}"
        self.caption_label.setText(f"{self._caption}\n{size} · {mode} · {keys}")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_1:
            self.set_actual_size(True)
        elif key in (Qt.Key.Key_0, Qt.Key.Key_F):
            self.set_actual_size(False)
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def done(self, result: int) -> None:
        if self._request is not None:
            self._request.cancel()
            self._request = None
        super().done(result)
