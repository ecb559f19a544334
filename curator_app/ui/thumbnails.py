"""Thumbnail loading for local files and http(s) URLs, never blocking the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject


class ThumbnailLoader(QObject):
    """Loads thumbnails: local files on a worker thread, URLs through one network manager."""

    def __init__(
        self,
        cache_dir: Path | None = None,
        timeout_ms: int = 10000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._cache_dir = cache_dir
        self._timeout_ms = timeout_ms
