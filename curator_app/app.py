"""The window: ``curator-app [FOLDER]``, ``curator-app --self-test [FOLDER]``.

The ``curator-app`` command starts in ``launcher.main``, which makes sure Qt can
open a window on this machine before anything here imports Qt's GUI modules.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QThreadPool
from PySide6.QtWidgets import QApplication

from curator_app.appinfo import APP_ID, APP_NAME, version
from curator_app.resources import sample_folder
from curator_app.ui.tasks import favour_gui_thread
from curator_app.ui.window.icons import icon, register_icon_path
from curator_app.ui.window.main_window import MainWindow
from curator_app.ui.window.quit_signals import QuitSignals
from curator_app.ui.window.settings import APPLICATION, ORGANIZATION, Settings

EXIT_SELF_TEST_FAILED = 1
EXIT_USAGE = 2
EXIT_WAIT_MS = 10_000  # for the background work a closed window left, at most


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
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the window offscreen on a temporary copy of FOLDER (default: the sample "
        "folder), flip one article, load a thumbnail; exit 0 when all of it worked",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    return parser.parse_args(argv)


def choose_folder(requested: Path | None, settings: Settings) -> Path | None:
    """FOLDER if given, else the last folder opened if it still exists, else the sample."""
    if requested is not None:
        return requested
    last = settings.last_folder
    if last is not None and last.is_dir():
        return last
    sample = sample_folder()
    return sample if sample.is_dir() else None


def self_test(folder: Path | None) -> int:
    if QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from curator_app.self_test import SelfTestError, run_self_test

    try:
        run_self_test(folder, sys.stdout)
    except SelfTestError as error:
        print(f"self-test failed: {error}", file=sys.stderr)
        return EXIT_SELF_TEST_FAILED
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.self_test:
        return self_test(args.folder)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    favour_gui_thread()
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(version())
    app.setDesktopFileName(APP_ID)
    register_icon_path()
    app.setWindowIcon(icon("app"))
    settings = Settings(QSettings())
    window = MainWindow(settings)
    signals = QuitSignals(window)  # from here, SIGTERM and Ctrl+C close it as Ctrl+Q does
    try:
        window.warm_up()
        folder = choose_folder(args.folder, settings)
        if folder is not None:
            if not folder.is_dir():
                print(f"curator-app: {folder}: not a folder", file=sys.stderr)
                return EXIT_USAGE
            window.open_folder(folder)
        window.show()
        code = app.exec()
        # A task still running (the TLS warm-up of a window closed at once) would use Qt
        # while the interpreter takes it down: a crash on the way out.
        QThreadPool.globalInstance().waitForDone(EXIT_WAIT_MS)
        return signals.exit_code(code)
    finally:
        signals.restore()
