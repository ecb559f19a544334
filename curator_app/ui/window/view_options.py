"""The View menu's choices for the list and the detail pane, kept in Settings.

``DetailPlacement`` puts the detail pane beside the list when the window has room
for both, below it when not (half a laptop screen) or when the reviewer asks, and
hides it on request; ``connect_view_options`` ties the actions to the widgets.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QSplitter, QWidget

from curator_app.ui.list.article_table import ArticleTable, Density
from curator_app.ui.window.actions import WindowActions
from curator_app.ui.window.settings import Settings

_SPLIT = 0.6  # the list's share of the splitter when the layout flips


class DetailPlacement(QObject):
    """Beside the list while both fit (or unless asked for below), else below; or hidden."""

    def __init__(self, splitter: QSplitter, list_area: QWidget, detail: QWidget) -> None:
        super().__init__(splitter)
        self._splitter = splitter
        self._list = list_area
        self._detail = detail
        self._below = False
        self._beside_sizes: list[int] = []
        # The window may be narrower than list and pane side by side: then they stack.
        splitter.setMinimumWidth(max(_min_width(list_area), _min_width(detail)))
        splitter.installEventFilter(self)

    @property
    def below(self) -> bool:
        return self._below

    def set_below(self, below: bool) -> None:
        self._below = below
        self.update()

    def set_shown(self, shown: bool) -> None:
        self._detail.setVisible(shown)
        self.update()

    def beside_width(self) -> int:
        """The narrowest splitter that holds the list and the pane side by side."""
        return _min_width(self._list) + _min_width(self._detail) + self._splitter.handleWidth()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The first resize comes before the splitter counts as visible: Show follows it.
        if watched is self._splitter and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.update(self._splitter.width())
        return False

    def update(self, width: int | None = None) -> None:
        if not self._splitter.isVisible():
            return  # laid out when shown: its first resize event comes here
        width = self._splitter.width() if width is None else width
        stacked = self._below or width < self.beside_width()
        wanted = Qt.Orientation.Vertical if stacked else Qt.Orientation.Horizontal
        splitter = self._splitter
        if splitter.orientation() == wanted:
            return
        if splitter.orientation() == Qt.Orientation.Horizontal:
            self._beside_sizes = splitter.sizes()
        splitter.setOrientation(wanted)
        if wanted == Qt.Orientation.Horizontal and sum(self._beside_sizes) > 0:
            splitter.setSizes(self._beside_sizes)
        else:
            total = width if wanted == Qt.Orientation.Horizontal else splitter.height()
            splitter.setSizes([int(total * _SPLIT), total - int(total * _SPLIT)])


def _min_width(widget: QWidget) -> int:
    """The width a layout gives the widget at least: its explicit minimum, else its hint."""
    return widget.minimumWidth() or widget.minimumSizeHint().width()


def connect_view_options(
    actions: WindowActions, settings: Settings, table: ArticleTable, placement: DetailPlacement
) -> None:
    """Apply the saved choices, then keep widgets and settings in step with the actions."""
    density = Density.COMPACT if settings.list_density == Density.COMPACT else Density.COMFORTABLE
    table.set_density(density)
    actions.density_actions[density].setChecked(True)
    table.set_thumbnails_shown(settings.show_thumbnails)
    actions.thumbnails.setChecked(settings.show_thumbnails)
    placement.set_shown(settings.detail_shown)
    actions.show_detail.setChecked(settings.detail_shown)
    placement.set_below(settings.detail_below)
    actions.detail_below.setChecked(settings.detail_below)

    def set_density(chosen: Density) -> None:
        table.set_density(chosen)
        settings.list_density = chosen.value

    for value, action in actions.density_actions.items():
        action.triggered.connect(lambda _=False, value=value: set_density(value))

    def set_thumbnails(shown: bool) -> None:
        table.set_thumbnails_shown(shown)
        settings.show_thumbnails = shown

    def set_shown(shown: bool) -> None:
        placement.set_shown(shown)
        settings.detail_shown = shown

    def set_below(below: bool) -> None:
        placement.set_below(below)
        settings.detail_below = below

    actions.thumbnails.toggled.connect(set_thumbnails)
    actions.show_detail.toggled.connect(set_shown)
    actions.detail_below.toggled.connect(set_below)
