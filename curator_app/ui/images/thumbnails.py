"""Thumbnail loading for local files and http(s) URLs, never blocking the GUI thread.

Local files are decoded on a worker thread (through the TaskRunner); URLs go
through ONE QNetworkAccessManager with a disk cache and a transfer timeout, and
their bytes are decoded on a worker thread too. Every load is a ThumbnailRequest
that can be cancelled: a cancelled request aborts its reply and never reports.

Decoded thumbnails are kept in a small in-memory cache, so an article shown again, or
one whose images were prefetched while the previous one was reviewed, shows them at once.

The first https request of the process makes Qt load the system's CA certificates,
inside ``QNetworkAccessManager.get``: 100 to 300 ms on the GUI thread. ``warm_up`` makes
that first request on a worker thread instead (``get`` releases Python's GIL, so the
GUI thread runs meanwhile), and the GUI thread's requests find it done.
"""

from __future__ import annotations

import tempfile
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QObject,
    QSize,
    QStandardPaths,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QImage, QImageIOHandler, QImageReader
from PySide6.QtNetwork import (
    QNetworkAccessManager,
    QNetworkDiskCache,
    QNetworkReply,
    QNetworkRequest,
)

from curator_app.ui.tasks import TaskRunner

REMOTE_SCHEMES = ("http", "https")
MAX_DOWNLOAD_BYTES = 30 * 1024 * 1024  # a thumbnail source larger than this is refused
DISK_CACHE_BYTES = 200 * 1024 * 1024
_NO_ERROR = QNetworkReply.NetworkError.NoError
MEMORY_CACHE_ENTRIES = 96  # decoded thumbnails kept: a few articles ahead and behind
MEMORY_CACHE_MAX_PIXELS = 512 * 512  # only thumbnails: a viewer-sized image is not kept
_WARM_UP_URL = "https://localhost:1/"  # never reached: the request is aborted at once


@dataclass(frozen=True, slots=True)
class ThumbnailResult:
    """A decoded image, or the reason there is none (shown on the placeholder tile)."""

    image: QImage | None = None
    error: str = ""
    original_size: QSize | None = None  # the image's own pixel size, before scaling

    @property
    def ok(self) -> bool:
        return self.image is not None and not self.image.isNull()


class ThumbnailRequest(QObject):
    """One pending load. ``finished`` fires once, on the GUI thread, unless cancelled."""

    finished = Signal(object)  # ThumbnailResult
    closed = Signal()  # after finished, or on cancel: the loader lets go of the request

    def __init__(self, source: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.reply: QNetworkReply | None = None
        self._cancelled = False
        self._done = False

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    @property
    def done(self) -> bool:
        return self._done

    def cancel(self) -> None:
        """Stop caring about this load; abort its network reply if there is one."""
        if self._done or self._cancelled:
            return
        self._cancelled = True
        reply = self.reply
        # A reply that already failed (host not found…) is finishing: aborting it again
        # makes Qt complain; it is dropped when it finishes.
        if reply is not None and reply.isRunning() and reply.error() == _NO_ERROR:
            reply.abort()
        self.closed.emit()

    def deliver(self, result: ThumbnailResult) -> None:
        if self._cancelled or self._done:
            return
        self._done = True
        self.finished.emit(result)
        self.closed.emit()


def cancel_all(requests: list[ThumbnailRequest]) -> None:
    """Cancel every request still alive and forget them all. A request whose loader is
    already gone (its C++ side deleted with it) has nothing left to cancel."""
    for request in list(requests):
        if shiboken6.isValid(request):
            request.cancel()
    requests.clear()


def is_remote(source: str) -> bool:
    return QUrl(source).scheme().lower() in REMOTE_SCHEMES


def resolve_local(source: str, base_dir: Path | None) -> Path | None:
    """The file a non-remote image source names: relative paths are the article folder's."""
    url = QUrl(source)
    if url.scheme().lower() == "file":
        return Path(url.toLocalFile())
    if url.scheme() and len(url.scheme()) > 1:  # data:, ftp: ... (one letter = a drive)
        return None
    path = Path(source).expanduser()
    if path.is_absolute():
        return path
    return base_dir / path if base_dir is not None else None


def default_cache_dir() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    base = Path(location) if location else Path(tempfile.gettempdir()) / "curator"
    return base / "thumbnails"


class ThumbnailLoader(QObject):
    """Loads thumbnails: local files on a worker thread, URLs through one network manager."""

    def __init__(
        self,
        cache_dir: Path | None = None,
        timeout_ms: int = 10000,
        parent: QObject | None = None,
        *,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._timeout_ms = timeout_ms
        self._runner = runner if runner is not None else TaskRunner(parent=self)
        self._pending: set[ThumbnailRequest] = set()
        self._decoded: OrderedDict[tuple[str, str, int, int], ThumbnailResult] = OrderedDict()
        self.cache_dir = cache_dir if cache_dir is not None else default_cache_dir()
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        self._cache = QNetworkDiskCache(self)
        self._cache.setCacheDirectory(str(self.cache_dir))
        self._cache.setMaximumCacheSize(DISK_CACHE_BYTES)
        self.network = QNetworkAccessManager(self)
        self.network.setCache(self._cache)

    @property
    def timeout_ms(self) -> int:
        return self._timeout_ms

    def warm_up(self) -> None:
        """Set up TLS on a worker thread now, before the first remote thumbnail."""
        self._runner.run(warm_up_tls, lambda _none: None)

    def pending_count(self) -> int:
        """Loads started and neither finished nor cancelled (tests, shutdown)."""
        return sum(1 for request in self._pending if not request.cancelled)

    def load(self, source: str, base_dir: Path | None, max_size: QSize) -> ThumbnailRequest:
        """Start loading ``source`` scaled to fit ``max_size``; connect to ``finished``."""
        request = ThumbnailRequest(source, self)
        self._pending.add(request)
        request.closed.connect(lambda: self._forget(request))
        key = (source, str(base_dir), max_size.width(), max_size.height())
        cached = self._decoded.get(key)
        if cached is not None:  # delivered like any result: after the caller connects
            self._decoded.move_to_end(key)
            self._runner.run(lambda: cached, request.deliver)
            return request
        if max_size.width() * max_size.height() <= MEMORY_CACHE_MAX_PIXELS:
            request.finished.connect(lambda result: self._remember(key, result))
        if is_remote(source):
            self._load_remote(request, max_size)
            return request
        path = resolve_local(source, base_dir) if source.strip() else None
        if path is None:
            reason = "unsupported image address" if source.strip() else "no image address"
            self._runner.run(lambda: ThumbnailResult(error=reason), request.deliver)
        else:
            self._runner.run(
                lambda: read_image_file(path, max_size),
                request.deliver,
                lambda error: request.deliver(ThumbnailResult(error=str(error))),
            )
        return request

    def prefetch(
        self, source: str, base_dir: Path | None, max_size: QSize
    ) -> ThumbnailRequest | None:
        """Load ``source`` into the caches now, so showing it later is immediate; None
        when it is cached already. The caller cancels the request if it stops caring."""
        if self.cached(source, base_dir, max_size):
            return None
        return self.load(source, base_dir, max_size)

    def cached(self, source: str, base_dir: Path | None, max_size: QSize) -> bool:
        return (source, str(base_dir), max_size.width(), max_size.height()) in self._decoded

    def _remember(self, key: tuple[str, str, int, int], result: ThumbnailResult) -> None:
        if not result.ok:
            return  # a failure (offline, say) is tried again next time
        self._decoded[key] = result
        self._decoded.move_to_end(key)
        while len(self._decoded) > MEMORY_CACHE_ENTRIES:
            self._decoded.popitem(last=False)

    def _forget(self, request: ThumbnailRequest) -> None:
        self._pending.discard(request)
        request.deleteLater()

    def _load_remote(self, request: ThumbnailRequest, max_size: QSize) -> None:
        network_request = QNetworkRequest(QUrl(request.source))
        network_request.setTransferTimeout(self._timeout_ms)
        network_request.setAttribute(
            QNetworkRequest.Attribute.CacheLoadControlAttribute,
            QNetworkRequest.CacheLoadControl.PreferCache,
        )
        network_request.setHeader(QNetworkRequest.KnownHeaders.UserAgentHeader, "Curator")
        reply = self.network.get(network_request)
        request.reply = reply
        reply.downloadProgress.connect(lambda received, _total: _limit(reply, received))
        reply.finished.connect(lambda: self._reply_finished(request, reply, max_size))

    def _reply_finished(
        self, request: ThumbnailRequest, reply: QNetworkReply, max_size: QSize
    ) -> None:
        reply.deleteLater()
        request.reply = None
        if request.cancelled:
            return
        if reply.error() != QNetworkReply.NetworkError.NoError:
            request.deliver(ThumbnailResult(error=self._describe_failure(reply)))
            return
        data = bytes(reply.readAll().data())
        content_type = str(reply.header(QNetworkRequest.KnownHeaders.ContentTypeHeader) or "")
        self._runner.run(
            lambda: decode_image_bytes(data, max_size, content_type),
            request.deliver,
            lambda error: request.deliver(ThumbnailResult(error=str(error))),
        )

    def _describe_failure(self, reply: QNetworkReply) -> str:
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        if status:
            phrase = reply.attribute(QNetworkRequest.Attribute.HttpReasonPhraseAttribute)
            return f"HTTP {status} {phrase or ''}".strip()
        error = reply.error()
        errors = QNetworkReply.NetworkError
        if error == errors.OperationCanceledError and reply.property("tooLarge"):
            return f"larger than {MAX_DOWNLOAD_BYTES // (1024 * 1024)} MB"
        if error == errors.OperationCanceledError:  # the transfer timeout aborts this way
            return f"timed out after {self._timeout_ms / 1000:g} s"
        if error == errors.HostNotFoundError:
            return "host not found (offline?)"
        if error == errors.ConnectionRefusedError:
            return "connection refused"
        return reply.errorString() or "download failed"


def warm_up_tls() -> None:
    """One https request, aborted at once: Qt's TLS set-up (the CA certificates) is
    global to the process, and done by the first request. Runs on a worker thread."""
    manager = QNetworkAccessManager()
    reply = manager.get(QNetworkRequest(QUrl(_WARM_UP_URL)))
    reply.abort()
    shiboken6.delete(reply)
    shiboken6.delete(manager)


def _limit(reply: QNetworkReply, received: int) -> None:
    if received > MAX_DOWNLOAD_BYTES and reply.isRunning():
        reply.setProperty("tooLarge", True)
        reply.abort()


def read_image_file(path: Path, max_size: QSize) -> ThumbnailResult:
    """Decode an image file scaled to fit ``max_size``. Runs on a worker thread."""
    if not path.is_file():
        return ThumbnailResult(error=f"file not found: {path.name}")
    reader = QImageReader(str(path))
    return _read(reader, max_size, "")


def decode_image_bytes(data: bytes, max_size: QSize, content_type: str = "") -> ThumbnailResult:
    """Decode downloaded bytes scaled to fit ``max_size``. Runs on a worker thread."""
    if not data:
        return ThumbnailResult(error="empty response")
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    result = _read(reader, max_size, content_type)
    buffer.close()
    return result


def _read(reader: QImageReader, max_size: QSize, content_type: str) -> ThumbnailResult:
    reader.setAutoTransform(True)
    if not reader.canRead():
        kind = content_type.split(";")[0].strip()
        return ThumbnailResult(error=f"not an image ({kind})" if kind else "not an image")
    size = reader.size()
    if size.isValid() and (size.width() > max_size.width() or size.height() > max_size.height()):
        reader.setScaledSize(size.scaled(max_size, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return ThumbnailResult(error=f"unreadable image ({reader.errorString()})")
    original = size if size.isValid() else image.size()
    if reader.transformation() & QImageIOHandler.Transformation.TransformationRotate90:
        original = original.transposed()  # shown turned, as the camera meant
    return ThumbnailResult(image=image, original_size=original)
