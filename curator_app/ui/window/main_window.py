"""The main window: filters and the article list on the left, the detail pane on the right.

Data flows one way: the loader fills the model, the proxy filters it for the table
(header clicks reach the proxy, which has the model sort its own rows). Every write
goes view → undo command → core edit service → model row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QItemSelectionRange, QModelIndex, QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices, QDragEnterEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMainWindow,
    QMenu,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from curator_app.core import parallel
from curator_app.core.child import LazyChild
from curator_app.core.editing import UNSEEN, ArticleEditor
from curator_app.core.entry import ArticleEntry
from curator_app.core.errors import CuratorError
from curator_app.core.git import GitRepo
from curator_app.ui.detail.pane import DetailPane, FieldEdit
from curator_app.ui.detail.presenter import DetailPresenter
from curator_app.ui.editing.edit_session import EditSession
from curator_app.ui.editing.review import ReviewController
from curator_app.ui.images.thumbnails import ThumbnailLoader
from curator_app.ui.list.article_filter import ArticleFilter
from curator_app.ui.list.article_model import ArticleTableModel
from curator_app.ui.list.article_table import ArticleTable
from curator_app.ui.list.filter_bar import FilterBar
from curator_app.ui.list.filter_proxy import ArticleFilterProxy
from curator_app.ui.list.filter_tasks import IN_FLIGHT
from curator_app.ui.list.loader import FolderLoader
from curator_app.ui.tasks import TaskRunner
from curator_app.ui.window.actions import WindowActions
from curator_app.ui.window.choices import FolderChoices
from curator_app.ui.window.decisions import Decisions
from curator_app.ui.window.export_dialog import ExportDialog
from curator_app.ui.window.folder_reading import AFTER_PAINT_MS, FolderReading
from curator_app.ui.window.folder_watcher import FolderWatcher
from curator_app.ui.window.icons import icon
from curator_app.ui.window.layout import restore_layout, save_layout
from curator_app.ui.window.live_folder import LiveFolder
from curator_app.ui.window.load_selection import LoadSelection
from curator_app.ui.window.notification import NotificationBar, overlay
from curator_app.ui.window.prefetch import AHEAD, ImagePrefetcher
from curator_app.ui.window.settings import Settings
from curator_app.ui.window.status_bar import CountsLabel, LoadProgress
from curator_app.ui.window.team_review import RepoFinder, TeamReview
from curator_app.ui.window.view_options import DetailPlacement, connect_view_options

LIST_THREADS = 2  # a filter and a sort at once

EditorFactory = Callable[[Path], ArticleEditor]
UrlOpener = Callable[[QUrl], Any]


class MainWindow(QMainWindow):
    def __init__(
        self,
        settings: Settings,
        runner: TaskRunner | None = None,
        loader: FolderLoader | None = None,
        list_runner: TaskRunner | None = None,
        index_runner: TaskRunner | None = None,
        index_child: LazyChild | None = None,
        editor_factory: EditorFactory = ArticleEditor,
        thumbnails: ThumbnailLoader | None = None,
        open_url: UrlOpener = QDesktopServices.openUrl,
        parent: QWidget | None = None,
        watcher: FolderWatcher | None = None,
        find_repo: RepoFinder = GitRepo.find,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowIcon(icon("app"))
        self.setAcceptDrops(True)
        self.settings = settings
        self.runner = runner if runner is not None else TaskRunner(parent=self)
        self.loader = loader if loader is not None else FolderLoader(parent=self)
        self._editor_factory = editor_factory
        self._open_url = open_url
        self.folder: Path | None = None
        self.session: EditSession | None = None

        self.undo_stack = QUndoStack(self)
        self.decisions = Decisions(self)
        self.model = ArticleTableModel(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning), self
        )
        # The list's own threads: a search or a sort never waits for one of the shared
        # pool's behind long work (the folder watcher's first listing).
        if list_runner is None:
            list_runner = TaskRunner.with_threads(LIST_THREADS, parent=self)
        self.list_runner = list_runner
        # The words of a big list are indexed in a child process, on the other core;
        # the threads that wait for it are their own, so no article waits behind them.
        if index_child is None:
            index_child = LazyChild(lambda: parallel.start_pool(1, parallel.INDEX_NICENESS))
        self.index_child = index_child
        if index_runner is None:
            index_runner = TaskRunner.with_threads(IN_FLIGHT, parent=self)
        self.index_runner = index_runner
        self.proxy = ArticleFilterProxy(
            self, self.list_runner, index_runner=self.index_runner, index_child=self.index_child
        )
        self.proxy.setSourceModel(self.model)
        self._build_widgets(thumbnails)
        self.window_actions = WindowActions(self, self.undo_stack)
        self.window_actions.build_menus(self)
        self.window_actions.build_toolbar(self)
        self.window_actions.install_list_keys(self.table)
        self.presenter = DetailPresenter(self.detail, self.runner, self)
        self.live = LiveFolder(
            watcher if watcher is not None else FolderWatcher(self.runner, self),
            self.model,
            self.detail,
            self._show_current,
        )
        auto_advance = self.window_actions.auto_advance
        self.review = ReviewController(
            self.table, self.proxy, self.flip, auto_advance.isChecked, self
        )
        self.load_selection = LoadSelection(self.table, self.proxy, self.review)
        self.reading = FolderReading(self)
        self._connect()
        self.team = TeamReview(self, find_repo)
        self._restore_state()
        connect_view_options(self.window_actions, settings, self.table, self.detail_placement)
        self.table.setFocus()  # keyboard review works from the first key press

    # -- construction ------------------------------------------------------------

    def _build_widgets(self, thumbnails: ThumbnailLoader | None) -> None:
        self.thumbnails = thumbnails if thumbnails is not None else ThumbnailLoader()
        self.filter_bar = FilterBar(self)
        self.table = ArticleTable(self.thumbnails, self)
        self.table.setModel(self.proxy)
        self.notification = NotificationBar(self)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 6, 0)
        left_layout.setSpacing(6)
        left_layout.addWidget(self.filter_bar)
        left_layout.addWidget(overlay(self.table, self.notification, left), 1)
        self.detail = DetailPane(self.thumbnails, self)
        self.prefetcher = ImagePrefetcher(self.thumbnails, self.runner, self)
        self.choices = FolderChoices(self.model, self.filter_bar, self.detail, self)
        self.detail.open_url = self._open_url
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.setCentralWidget(self.splitter)
        self.detail_placement = DetailPlacement(self.splitter, left, self.detail)
        self.counts = CountsLabel(self)
        self.load_progress = LoadProgress(self)
        self.statusBar().addPermanentWidget(self.load_progress)
        self.statusBar().addPermanentWidget(self.counts)

    def _connect(self) -> None:
        a = self.window_actions
        a.open_folder.triggered.connect(self.choose_folder)
        a.reload.triggered.connect(self.reload)
        a.export.triggered.connect(self.open_export_dialog)
        a.open_external.triggered.connect(self.open_current_externally)
        a.quit.triggered.connect(self.close)
        a.undo.triggered.connect(self.undo)
        a.redo.triggered.connect(self.redo)
        a.confirm_bulk.toggled.connect(self._set_confirm_bulk)
        a.publish.triggered.connect(self.review.publish)
        a.unpublish.triggered.connect(self.review.unpublish)
        a.toggle.triggered.connect(self.review.toggle)
        a.next_article.triggered.connect(self.review.next)
        a.previous_article.triggered.connect(self.review.previous)
        a.find.triggered.connect(self._focus_search)
        self.filter_bar.search.returnPressed.connect(self.table.setFocus)
        a.auto_advance.toggled.connect(self._set_auto_advance)
        a.columns_menu.aboutToShow.connect(lambda: self.table.fill_column_menu(a.columns_menu))
        a.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.filter_bar.filterChanged.connect(self._on_filter_changed)
        self.proxy.filterChanged.connect(self.table.keep_current_selected)
        self.table.clearFiltersRequested.connect(self.filter_bar.clear)
        self.model.editRequested.connect(self._on_model_edit)
        self.model.countsChanged.connect(self._update_counts)
        for signal in (
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.modelReset,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._update_counts)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.table.selectionModel().selectionChanged.connect(self._update_counts)
        self.table.customContextMenuRequested.connect(self._show_context_menu)
        self.detail.editRequested.connect(self._on_detail_edit)
        self.detail.openExternallyRequested.connect(self.open_externally)
        self.detail.leaveRequested.connect(self.table.setFocus)

    # -- folders -----------------------------------------------------------------

    def choose_folder(self) -> None:
        start = str(self.folder) if self.folder is not None else ""
        chosen = QFileDialog.getExistingDirectory(self, "Open Folder of Articles", start)
        if chosen:
            self.open_folder(Path(chosen))

    def warm_up(self) -> None:
        """One-time costs paid before a folder opens, not during its first rows: TLS set
        up off the GUI thread (before the first remote image) and the article page
        polished and laid out."""
        self.thumbnails.warm_up()
        self.detail.warm_up()

    def open_folder(self, folder: Path) -> None:
        """Show ``folder``'s articles; edits of the previous folder can no longer be undone."""
        folder = folder.resolve()
        if not folder.is_dir():
            self.report(f"{folder} is not a folder (moved or deleted?)")
            return
        self.decisions.reset()  # a running bulk step stops; the history goes
        self.folder = folder
        if self.session is not None:
            self.session.deleteLater()
        editor = self._editor_factory(folder)
        self.session = EditSession(editor, self.model, self.runner, self)
        self.session.entryWritten.connect(self._on_entry_written)
        self.session.writeFailed.connect(self._on_write_failed)
        self.session.entrySaved.connect(self.notification.saved)
        self.settings.add_recent_folder(folder)
        self.setWindowTitle(f"{folder.name or folder} — Curator")
        self.filter_bar.clear()  # another folder: every article shown, nothing hidden
        self.live.watcher.stop()  # watched from the end of the load (one walk at a time)
        self.team.open(folder)
        self._start_loading(select=None, new_folder=True)

    def reload(self) -> None:
        """Read the folder again, keeping the current article selected and the undo history."""
        if self.folder is None:
            return
        current = self.current_entry()
        self._start_loading(select=current.path if current is not None else None)

    def _start_loading(self, select: Path | None, new_folder: bool = False) -> None:
        assert self.folder is not None
        self.notification.dismiss()
        self.load_selection.start(select)
        self.presenter.clear()
        self.model.clear()
        self.reading.start(fit_columns=new_folder)
        self.loader.start(self.folder)

    def _fill_recent_menu(self) -> None:
        self.window_actions.fill_recent_menu(
            self.settings.recent_folders, self.open_folder, self.settings.clear_recent_folders
        )

    # -- rows --------------------------------------------------------------------

    def current_entry(self) -> ArticleEntry | None:
        index = self.table.currentIndex()
        return self.proxy.entry(index.row()) if index.isValid() else None

    def selected_entries(self) -> list[ArticleEntry]:
        return self.review.selected_entries()

    def shown_entries(self) -> list[ArticleEntry]:
        return self.proxy.entries()

    def all_entries(self) -> list[ArticleEntry]:
        return self.model.entries()

    def _on_filter_changed(self, article_filter: ArticleFilter) -> None:
        self.proxy.set_article_filter(article_filter)  # a big list's may follow later

    def _focus_search(self) -> None:
        self.filter_bar.search.setFocus()
        self.filter_bar.search.selectAll()

    def _update_counts(self) -> None:
        # Rows are selected whole: the ranges' heights add up to the selected rows.
        ranges = cast(Iterable[QItemSelectionRange], self.table.selectionModel().selection())
        self.counts.set_counts(
            self.proxy.rowCount(),
            self.model.rowCount(),
            self.model.published_count,
            self.model.error_count,
            sum(selected.height() for selected in ranges),
        )

    # -- the detail pane ---------------------------------------------------------

    def _on_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self.live.bar.hide()
        self.proxy.keep_quiet()  # showing an article: 20-30 ms the words index waits out
        if self.proxy.following_filter:
            # The filtered list is painted first; the article that is current now follows
            # on a turn of its own (showing one takes 20-30 ms at any folder size).
            QTimer.singleShot(AFTER_PAINT_MS, self, self._show_current)
        else:
            self._show_current()

    def _show_current(self) -> None:
        editor = self.session.editor if self.session is not None else None
        self.presenter.show(self.current_entry(), editor)
        index = self.table.currentIndex()
        if editor is not None and index.isValid():
            rows = range(index.row() + 1, min(index.row() + 1 + AHEAD, self.proxy.rowCount()))
            self.prefetcher.prefetch([self.proxy.entry(row) for row in rows], editor)

    def _on_entry_written(self, entry: ArticleEntry) -> None:
        current = self.current_entry()
        if current is not None and current.path == entry.path:
            self._show_current()

    # -- edits -------------------------------------------------------------------

    def flip(self, entries: Sequence[ArticleEntry], flag: bool) -> bool:
        """Publish or unpublish ``entries`` as one undoable step; True when all were written."""
        return self.decisions.flip(entries, flag)

    def edit_field(self, entry: ArticleEntry, key: str, value: Any, seen: Any = UNSEEN) -> bool:
        """Write ``key`` of ``entry``'s file; ``seen`` is the value the editor saw."""
        return self.decisions.edit_field(entry, key, value, seen)

    def undo(self) -> None:
        """Undo the last step, say what it was and select the rows it changed."""
        self.decisions.step(undo=True)

    def redo(self) -> None:
        self.decisions.step(undo=False)

    def _on_model_edit(self, entry: ArticleEntry, key: str, value: Any) -> None:
        self.edit_field(entry, key, value)

    def _on_detail_edit(self, edit: FieldEdit) -> None:
        entry = self.model.entry_for(edit.path)  # the file shown, not the current row
        if entry is None:
            self.report(f"Nothing was written: {edit.path.name} is no longer in the list")
            return
        self.edit_field(entry, edit.key, edit.value, edit.seen)

    def _on_write_failed(self, path: Path, error: CuratorError) -> None:
        self.report(f"Nothing was written to {path.name}: {error.reason}", path)

    def report(self, message: str, path: Path | None = None) -> None:
        """Tell the user about a problem without blocking (the models never do this);
        a message about ``path`` goes once a later write of that file succeeds."""
        self.notification.show_message(message, path)
        self.statusBar().showMessage(message, 10000)

    # -- other actions -----------------------------------------------------------

    def open_current_externally(self) -> None:
        entry = self.current_entry()
        if entry is not None:
            self.open_externally(entry.path)

    def open_externally(self, path: Path) -> None:
        if self._open_url(QUrl.fromLocalFile(str(path))) is False:  # no launcher here
            QApplication.clipboard().setText(str(path))
            self.report(
                f"No program is set up to open {path.name} on this system; "
                "its path was copied to the clipboard"
            )

    def open_export_dialog(self) -> None:
        if self.folder is None:
            return
        dialog = ExportDialog(
            self.folder,
            self.selected_entries(),
            self.shown_entries(),
            self.all_entries(),
            self.settings.store,
            self.runner,
            self,
        )
        dialog.exec()

    def _show_context_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        self.window_actions.fill_context_menu(menu)
        menu.popup(self.table.viewport().mapToGlobal(position))

    def _set_auto_advance(self, enabled: bool) -> None:
        self.settings.auto_advance = enabled

    def _set_confirm_bulk(self, enabled: bool) -> None:
        self.settings.confirm_bulk = enabled

    # -- drag and drop -----------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_folder(event.mimeData().urls()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        folder = _dropped_folder(event.mimeData().urls())
        if folder is not None:
            event.acceptProposedAction()
            self.open_folder(folder)

    # -- state -------------------------------------------------------------------

    def _restore_state(self) -> None:
        restore_layout(self.settings, self, self.splitter, self.table)
        self.window_actions.auto_advance.setChecked(self.settings.auto_advance)
        self.window_actions.confirm_bulk.setChecked(self.settings.confirm_bulk)

    def save_state(self) -> None:
        save_layout(self.settings, self, self.splitter, self.table)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self.live.watcher.stop()
        self.loader.cancel()
        self.loader.wait()  # the scan stops at its next file; nothing may outlive the window
        self.proxy.stop_tasks()  # before the waits below: the words index may be under way
        self.index_child.close()
        self.decisions.stop()  # a bulk step stops after the files being written; reads end
        self.list_runner.wait(10_000)
        self.index_runner.wait(10_000)
        super().closeEvent(event)


def _dropped_folder(urls: list[QUrl]) -> Path | None:
    for url in urls:
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.is_dir():
                return path
    return None
