"""The window's actions, menus and toolbar; the window connects what they do."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QToolButton, QWidget

from curator_app.ui.list.article_table import Density
from curator_app.ui.window.about import show_about
from curator_app.ui.window.confirm import BULK_CONFIRM_THRESHOLD
from curator_app.ui.window.icons import icon
from curator_app.ui.window.shortcuts import make_shortcuts_action

# The review keys of the list: (WindowActions attribute, key).
LIST_KEYS = (
    ("toggle", "Space"),
    ("publish", "P"),
    ("unpublish", "U"),
    ("next_article", "J"),
    ("previous_article", "K"),
)


def _action(
    window: QMainWindow,
    text: str,
    name: str,
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    icon_name: str | None = None,
    tip: str | None = None,
) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if icon_name is not None:
        action.setIcon(icon(icon_name))
    if tip is not None:
        action.setStatusTip(tip)
        action.setToolTip(
            f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
            if shortcut
            else tip
        )
    window.addAction(action)  # shortcuts work wherever the focus is in the window
    return action


class WindowActions:
    def __init__(self, window: QMainWindow, undo_stack: QUndoStack) -> None:
        self.open_folder = _action(
            window,
            "&Open Folder…",
            "openFolderAction",
            QKeySequence.StandardKey.Open,
            "open-folder",
            "Open a folder of articles",
        )
        self.reload = _action(
            window, "&Reload", "reloadAction", "F5", "reload", "Read the folder again"
        )
        self.export = _action(
            window,
            "&Export…",
            "exportAction",
            "Ctrl+E",
            "export",
            "Export the selected, shown or published articles",
        )
        self.open_external = _action(
            window,
            "Open in System &Editor",
            "openExternalAction",
            "Ctrl+Shift+O",
            "external",
            "Open the current file in the system's editor",
        )
        self.quit = _action(window, "&Quit", "quitAction", QKeySequence.StandardKey.Quit)
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)

        # The window runs undo and redo itself, to say what was undone and select it.
        self.undo = _action(window, "&Undo", "undoAction", "Ctrl+Z", "undo")
        self.redo = _action(window, "&Redo", "redoAction", "Ctrl+Shift+Z", "redo")
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action, prefix, text_changed, can_changed in (
            (self.undo, "&Undo", undo_stack.undoTextChanged, undo_stack.canUndoChanged),
            (self.redo, "&Redo", undo_stack.redoTextChanged, undo_stack.canRedoChanged),
        ):
            text_changed.connect(
                lambda text, action=action, prefix=prefix: action.setText(
                    f"{prefix} {text}" if text else prefix
                )
            )
            can_changed.connect(action.setEnabled)
            action.setEnabled(False)

        # The single-letter keys (LIST_KEYS) work in the list only; these work anywhere.
        self.publish = _action(
            window,
            "&Publish Selected",
            "publishAction",
            "Ctrl+P",
            "publish",
            "Publish the selected articles (P in the list)",
        )
        self.unpublish = _action(
            window,
            "U&npublish Selected",
            "unpublishAction",
            "Ctrl+U",
            "unpublish",
            "Unpublish the selected articles (U in the list)",
        )
        self.toggle = _action(
            window,
            "&Toggle Published",
            "toggleAction",
            "Ctrl+T",
            None,
            "Flip published on the selected articles (Space in the list)",
        )
        self.next_article = _action(
            window, "&Next Article", "nextAction", "Ctrl+J", None, "Next article (J in the list)"
        )
        self.previous_article = _action(
            window,
            "P&revious Article",
            "previousAction",
            "Ctrl+K",
            None,
            "Previous article (K in the list)",
        )
        self.find = _action(
            window, "&Find…", "findAction", QKeySequence.StandardKey.Find, None,
            "Search the list (Enter returns to the list)",
        )  # fmt: skip
        self.auto_advance = _action(
            window,
            "&Auto-advance",
            "autoAdvanceAction",
            None,
            "auto-advance",
            "Select the next article after publishing or unpublishing",
        )
        self.auto_advance.setCheckable(True)
        self.confirm_bulk = _action(
            window,
            "Ask Before Changing &Many Articles",
            "confirmBulkAction",
            None,
            None,
            f"Ask before publishing or unpublishing more than {BULK_CONFIRM_THRESHOLD} articles",
        )
        self.confirm_bulk.setCheckable(True)
        self.density_menu = QMenu("Row &Density", window)
        self.density_menu.setObjectName("densityMenu")
        density_group = QActionGroup(window)
        self.density_actions: dict[Density, QAction] = {}
        for density, text in ((Density.COMPACT, "&Compact"), (Density.COMFORTABLE, "C&omfortable")):
            action = _action(window, text, f"{density.value}DensityAction")
            action.setCheckable(True)
            density_group.addAction(action)
            self.density_menu.addAction(action)
            self.density_actions[density] = action
        self.thumbnails = _action(
            window, "Show &Thumbnails", "thumbnailsAction", None, None,
            "Show each article's first image in the list",
        )  # fmt: skip
        self.thumbnails.setCheckable(True)
        self.show_detail = _action(
            window, "Show &Detail Pane", "showDetailAction", "Ctrl+Shift+D", None,
            "Show or hide the article's detail pane",
        )  # fmt: skip
        self.show_detail.setCheckable(True)
        self.detail_below = _action(
            window, "Detail Pane &Below the List", "detailBelowAction", None, None,
            "Put the detail pane below the list even when it fits beside it",
        )  # fmt: skip
        self.detail_below.setCheckable(True)
        self.columns_menu = QMenu("&Columns", window)
        self.columns_menu.setObjectName("columnsMenu")
        self.recent_menu = QMenu("Recent &Folders", window)
        self.recent_menu.setObjectName("recentMenu")
        self.about = _action(window, "&About Curator", "aboutAction")
        self.about.setMenuRole(QAction.MenuRole.AboutRole)
        self.about.triggered.connect(lambda: show_about(window))
        self.shortcuts = make_shortcuts_action(window)

    def install_list_keys(self, table: QWidget) -> None:
        """Space, P, U, J and K act only while ``table`` has the keyboard focus.

        Typed anywhere else (a field, the detail pane's background) they are just
        letters: a stray key never publishes or moves on.
        """
        for name, key in LIST_KEYS:
            action: QAction = getattr(self, name)
            list_key = QAction(action.text(), table)
            list_key.setObjectName(f"{action.objectName()}ListKey")
            list_key.setShortcut(QKeySequence(key))
            list_key.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            list_key.triggered.connect(action.trigger)
            table.addAction(list_key)

    def build_menus(self, window: QMainWindow) -> None:
        bar = window.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.open_folder)
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.reload)
        file_menu.addSeparator()
        file_menu.addAction(self.export)
        file_menu.addAction(self.open_external)
        file_menu.addSeparator()
        file_menu.addAction(self.quit)

        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(self.undo)
        edit_menu.addAction(self.redo)
        edit_menu.addSeparator()
        edit_menu.addAction(self.publish)
        edit_menu.addAction(self.unpublish)
        edit_menu.addAction(self.toggle)

        view_menu = bar.addMenu("&View")
        view_menu.addMenu(self.columns_menu)
        view_menu.addMenu(self.density_menu)
        view_menu.addAction(self.thumbnails)
        view_menu.addSeparator()
        view_menu.addAction(self.show_detail)
        view_menu.addAction(self.detail_below)
        view_menu.addSeparator()
        view_menu.addAction(self.auto_advance)
        view_menu.addAction(self.confirm_bulk)
        view_menu.addSeparator()
        view_menu.addAction(self.next_article)
        view_menu.addAction(self.previous_article)
        view_menu.addAction(self.find)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.shortcuts)
        help_menu.addAction(self.about)

    def build_toolbar(self, window: QMainWindow) -> QToolBar:
        toolbar = window.addToolBar("Main")
        toolbar.setObjectName("mainToolBar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        short_texts = {
            self.open_folder: "Open",
            self.reload: "Reload",
            self.publish: "Publish",
            self.unpublish: "Unpublish",
            self.export: "Export",
        }
        for action, text in short_texts.items():
            action.setIconText(text)
        for action in (self.open_folder, self.reload):
            toolbar.addAction(action)
        toolbar.addSeparator()
        for action in (self.undo, self.redo):
            toolbar.addAction(action)
            # Icons only: their text names the whole command ("Undo Publish “…”").
            button = toolbar.widgetForAction(action)
            if isinstance(button, QToolButton):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        toolbar.addSeparator()
        for action in (self.publish, self.unpublish, self.auto_advance):
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addAction(self.export)
        return toolbar

    def fill_recent_menu(
        self,
        folders: list[Path],
        open_folder: Callable[[Path], None],
        clear: Callable[[], None],
    ) -> None:
        menu = self.recent_menu
        menu.clear()
        for folder in folders:
            action = menu.addAction(str(folder).replace("&", "&&"))  # no mnemonics
            action.triggered.connect(lambda _=False, f=folder: open_folder(f))
        if menu.isEmpty():
            menu.addAction("No recent folders").setEnabled(False)
            return
        menu.addSeparator()
        menu.addAction("Clear Menu").triggered.connect(clear)

    def fill_context_menu(self, menu: QMenu) -> None:
        for action in (self.publish, self.unpublish, self.toggle):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.open_external)
