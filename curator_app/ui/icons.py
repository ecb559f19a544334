"""Icons are plain SVG files under resources/icons, found through the ``icons:`` search path."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDir
from PySide6.QtGui import QIcon

ICON_FOLDER = Path(__file__).resolve().parents[2] / "resources" / "icons"


def register_icon_path(folder: Path = ICON_FOLDER) -> None:
    """Make ``icons:NAME.svg`` resolve (idempotent: Qt keeps one entry per folder)."""
    paths = QDir.searchPaths("icons")
    if str(folder) not in paths:
        QDir.addSearchPath("icons", str(folder))


def icon(name: str) -> QIcon:
    """The icon ``resources/icons/NAME.svg``, or an empty icon if the file is missing."""
    register_icon_path()
    if not (ICON_FOLDER / f"{name}.svg").is_file():
        return QIcon()
    return QIcon(f"icons:{name}.svg")
