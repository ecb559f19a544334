"""Loads the images of the next articles in review order while the reviewer reads.

Moving on with J (or a click on the next row) then shows its thumbnails at once: they
come from the loader's memory cache (decoded) or its disk cache (downloaded). Reading
the next documents and decoding their images run off the GUI thread; when the reviewer
moves again before that is done, only the newest request's images are loaded: each of
the AHEAD reads is a keyed task, superseded by the next ``prefetch``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject

from curator_app.core.editing import ArticleEditor
from curator_app.core.entry import ArticleEntry
from curator_app.ui.detail.article_values import image_specs
from curator_app.ui.images.strip import LARGE_TILE, SMALL_TILE, ImageSpec
from curator_app.ui.images.thumbnails import ThumbnailLoader, ThumbnailRequest, cancel_all
from curator_app.ui.tasks import Task, TaskRunner

AHEAD = 3  # articles whose images are loaded ahead of the current one


class ImagePrefetcher(QObject):
    def __init__(
        self, loader: ThumbnailLoader, runner: TaskRunner, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._loader = loader
        self._runner = runner
        self._keys = [("prefetch", id(self), slot) for slot in range(AHEAD)]
        # Outlives this object's C++ side: loads still running when it goes are
        # cancelled, so no result reaches a loader or window that is being destroyed.
        self._requests: list[ThumbnailRequest] = []
        requests = self._requests
        self.destroyed.connect(lambda: cancel_all(requests))

    def prefetch(self, upcoming: Sequence[ArticleEntry], editor: ArticleEditor) -> None:
        """Load the images of the first AHEAD readable ``upcoming`` articles."""
        for key in self._keys:  # the reviewer moved on: newer articles come first
            self._runner.cancel(key)
        cancel_all(self._requests)
        entries = [e for e in upcoming if e.ok and e.image_count][:AHEAD]
        # Each time all three again: the loader skips what it has cached, and what a
        # superseded prefetch did not finish is asked for anew.
        for key, entry in zip(self._keys, entries, strict=False):
            self._runner.start(
                partial(_specs, editor, entry.path),
                partial(self._load, entry.path.parent),
                _ignore,  # the pane reports an unreadable file when it is shown
                key=key,
            )

    def _load(self, folder: Path, specs: list[ImageSpec]) -> None:
        for spec in specs:
            size = SMALL_TILE if spec.small else LARGE_TILE
            request = self._loader.prefetch(spec.source, folder, size)
            if request is not None:
                self._requests.append(request)
                request.closed.connect(lambda request=request: self._let_go(request))

    def _let_go(self, request: ThumbnailRequest) -> None:
        if request in self._requests:
            self._requests.remove(request)


def _specs(editor: ArticleEditor, path: Path, _task: Task) -> list[ImageSpec]:
    return image_specs(editor.read_document(path).data)


def _ignore(_error: BaseException) -> None:
    pass
