"""Icons: the system theme's where it has one, else the bundled SVG (``icons:NAME.svg``).

The bundled SVGs ship inside the package (``curator_app/resources/icons``) and are found
through ``importlib.resources``; they are plain files on the ``icons:`` search path.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDir
from PySide6.QtGui import QIcon

from curator_app.appinfo import APP_ID
from curator_app.resources import icon_folder

# Our icon name → the freedesktop.org theme name with the same meaning. Icons without
# an exact equivalent (publish, unpublish, auto-advance, export, external) stay ours.
THEME_NAMES = {
    "app": APP_ID,
    "open-folder": "document-open",
    "reload": "view-refresh",
    "undo": "edit-undo",
    "redo": "edit-redo",
    "error": "dialog-error",
}


def register_icon_path(folder: Path | None = None) -> None:
    """Make ``icons:NAME.svg`` resolve (idempotent: Qt keeps one entry per folder)."""
    folder = icon_folder() if folder is None else folder
    if str(folder) not in QDir.searchPaths("icons"):
        QDir.addSearchPath("icons", str(folder))


def bundled_icon(name: str) -> QIcon:
    """The bundled ``NAME.svg``, or an empty icon if there is no such file."""
    register_icon_path()
    if not (icon_folder() / f"{name}.svg").is_file():
        return QIcon()
    return QIcon(f"icons:{name}.svg")


def icon(name: str) -> QIcon:
    """The theme's icon for ``name`` where the system theme has one, else the bundled SVG."""
    fallback = bundled_icon(name)
    theme_name = THEME_NAMES.get(name)
    if theme_name is None:
        return fallback
    return QIcon.fromTheme(theme_name, fallback)
