"""The ``curator-app`` GUI entry point: ``curator-app [FOLDER]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from curator_app.ui.icons import icon, register_icon_path
from curator_app.ui.main_window import MainWindow
from curator_app.ui.settings import APPLICATION, ORGANIZATION, Settings

SAMPLE_FOLDER = Path(__file__).resolve().parents[1] / "resources" / "sample-articles"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="curator-app", description="Review a folder of scraped news articles."
    )
    parser.add_argument(
        "folder",
        nargs="?",
        type=Path,
        help="folder of article files (default: the last folder opened, else the sample)",
    )
    return parser.parse_args(argv)


def choose_folder(requested: Path | None, settings: Settings) -> Path | None:
    """FOLDER if given, else the last folder opened if it still exists, else the sample."""
    if requested is not None:
        return requested
    last = settings.last_folder
    if last is not None and last.is_dir():
        return last
    return SAMPLE_FOLDER if SAMPLE_FOLDER.is_dir() else None


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Curator")
    register_icon_path()
    app.setWindowIcon(icon("app"))
    settings = Settings(QSettings())
    window = MainWindow(settings)
    folder = choose_folder(args.folder, settings)
    if folder is not None:
        if not folder.is_dir():
            print(f"curator-app: {folder}: not a folder", file=sys.stderr)
            return 2
        window.open_folder(folder)
    window.show()
    return app.exec()
