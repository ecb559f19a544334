"""How some list cells are painted: the heat bar and the first image's thumbnail.

Thumbnails are asked for only by ``paint``, that is only for rows on screen; they load
through the ThumbnailLoader (decoding off the GUI thread) and are kept for the rows
seen last. Loads for rows scrolled away are cancelled (``cancel_except``).
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from curator_app.core.entry import ArticleEntry
from curator_app.ui.images.thumbnails import ThumbnailLoader, ThumbnailRequest, ThumbnailResult
from curator_app.ui.list.article_model import HEAT_SCALE
from curator_app.ui.list.cells import ArticleRole

AnyIndex = QModelIndex | QPersistentModelIndex
ThumbnailKey = tuple[str, Path]  # (image source, folder a relative source is read from)

_CACHED_THUMBNAILS = 400  # decoded thumbnails kept (a few screens of rows)


def _entry(index: AnyIndex) -> ArticleEntry | None:
    value = index.data(ArticleRole.ENTRY)
    return value if isinstance(value, ArticleEntry) else None


_HEAT_BAR = QColor(0xE8, 0x59, 0x0C, 200)  # made once: it is painted on every visible row


class HeatDelegate(QStyledItemDelegate):
    """The heat number with a thin bar below it, full at ``HEAT_SCALE``."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        super().paint(painter, option, index)
        entry = _entry(index)
        if entry is None or entry.heat is None or entry.heat <= 0:
            return
        share = min(entry.heat, HEAT_SCALE) / HEAT_SCALE
        rect: QRect = option.rect.adjusted(4, 0, -4, 0)
        width = max(2, round(rect.width() * share))
        # Just below the number, whatever the row height (density, thumbnails).
        below_text = rect.center().y() + option.fontMetrics.height() // 2 + 1
        top = min(below_text, rect.bottom() - 3)
        painter.fillRect(rect.right() - width + 1, top, width, 3, _HEAT_BAR)


class ThumbnailDelegate(QStyledItemDelegate):
    """Paints the first image of the row's article, scaled into the cell."""

    loaded = Signal()  # a thumbnail arrived: the view repaints

    def __init__(self, loader: ThumbnailLoader | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loader = loader
        self._size = QSize(48, 27)
        self._pixmaps: OrderedDict[ThumbnailKey, QPixmap | None] = OrderedDict()
        self._pending: dict[ThumbnailKey, ThumbnailRequest] = {}

    def set_loader(self, loader: ThumbnailLoader) -> None:
        self._loader = loader

    def set_thumbnail_size(self, size: QSize) -> None:
        if size != self._size:
            self._size = size
            self.clear()

    def thumbnail_size(self) -> QSize:
        return self._size

    def clear(self) -> None:
        for request in self._pending.values():
            request.cancel()
        self._pending.clear()
        self._pixmaps.clear()

    def pixmap_for(self, index: AnyIndex) -> QPixmap | None:
        """The thumbnail shown in the cell once it has loaded (tests)."""
        key = self._key(_entry(index))
        return self._pixmaps.get(key) if key is not None else None

    def cancel_except(self, wanted: set[ThumbnailKey]) -> None:
        """Stop loading thumbnails of rows no longer on screen."""
        for key in [key for key in self._pending if key not in wanted]:
            self._pending.pop(key).cancel()

    def key_for(self, index: AnyIndex) -> ThumbnailKey | None:
        return self._key(_entry(index))

    @staticmethod
    def _key(entry: ArticleEntry | None) -> ThumbnailKey | None:
        if entry is None or not entry.ok or not entry.first_image:
            return None
        return entry.first_image, entry.path.parent

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return self._size + QSize(8, 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        # The row's background (selection, tint) first, then the picture or a placeholder.
        style_option = QStyleOptionViewItem(option)
        self.initStyleOption(style_option, index)
        widget = style_option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, style_option, painter, widget
            )
        key = self._key(_entry(index))
        if key is None:
            return
        pixmap = self._thumbnail(key)
        cell: QRect = option.rect
        frame = QRect(0, 0, self._size.width(), self._size.height())
        frame.moveCenter(cell.center())
        painter.save()
        if pixmap is not None and not pixmap.isNull():
            scaled = pixmap.size().scaled(frame.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, scaled.width(), scaled.height())
            target.moveCenter(frame.center())
            painter.drawPixmap(target, pixmap)
        else:  # loading, or no picture to be had: a quiet placeholder of the same size
            colour = option.palette.color(QPalette.ColorRole.Mid)
            colour.setAlpha(60)
            painter.fillRect(frame, colour)
        painter.restore()

    def _thumbnail(self, key: ThumbnailKey) -> QPixmap | None:
        if key in self._pixmaps:
            self._pixmaps.move_to_end(key)
            return self._pixmaps[key]
        if key not in self._pending and self._loader is not None:
            source, folder = key
            request = self._loader.load(source, folder, self._size * 2)  # sharp on HiDPI
            self._pending[key] = request
            request.finished.connect(lambda result, key=key: self._on_loaded(key, result))
        return None

    def _on_loaded(self, key: ThumbnailKey, result: ThumbnailResult) -> None:
        self._pending.pop(key, None)
        pixmap = QPixmap.fromImage(result.image) if result.ok and result.image else QPixmap()
        self._pixmaps[key] = pixmap
        while len(self._pixmaps) > _CACHED_THUMBNAILS:
            self._pixmaps.popitem(last=False)
        self.loaded.emit()
