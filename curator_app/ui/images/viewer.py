"""A window showing one image larger, scaled to fit, loaded like the thumbnails."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import QDialog, QLabel, QSizePolicy, QVBoxLayout, QWidget

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
        self.image_label = QLabel(self)
        self.image_label.setObjectName("imageViewerImage")
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_label.setMinimumSize(120, 90)
        self.image_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.image_label.setWordWrap(True)
        self.caption_label = QLabel(self)
        self.caption_label.setObjectName("imageViewerCaption")
        self.caption_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.caption_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.image_label, 1)
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
        self.caption_label.setText(f"{caption}   {source}")
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

    def _fit(self) -> None:
        if self._original.isNull():
            return
        target = self.image_label.size()
        if self._original.width() <= target.width() and self._original.height() <= target.height():
            self.image_label.setPixmap(self._original)
            return
        self.image_label.setPixmap(
            self._original.scaled(
                target,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def done(self, result: int) -> None:
        if self._request is not None:
            self._request.cancel()
            self._request = None
        super().done(result)
