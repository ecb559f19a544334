"""Render the main window on a folder to a PNG with the real widgets (``make screenshot``).

``python -m curator_app.ui.screenshot FOLDER OUTPUT.png``; runs headless with
QT_QPA_PLATFORM=offscreen and never touches the user's settings.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QDeadlineTimer, QEventLoop, QSettings
from PySide6.QtWidgets import QApplication

from curator_app.ui.main_window import MainWindow
from curator_app.ui.settings import Settings
from curator_app.ui.tasks import TaskRunner
from curator_app.ui.window_layout import DEFAULT_SIZE


def _wait(app: QApplication, condition: object, timeout_ms: int) -> None:
    deadline = QDeadlineTimer(timeout_ms)
    while not deadline.hasExpired() and not (callable(condition) and condition()):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def _first_with_images(window: MainWindow) -> int:
    for row, entry in enumerate(window.shown_entries()):
        if entry.ok and entry.image_count:
            return row
    return 0


def take_screenshot(
    folder: Path,
    output: Path,
    size: tuple[int, int] = DEFAULT_SIZE,
    row: int | None = None,
    settle_ms: int = 1500,
) -> Path:
    """Open ``folder`` in a fresh window, select ``row``, let it settle, save a PNG.

    With no ``row``, the first article that has images is shown (a fuller detail pane).
    """
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="curator-shot-") as scratch:
        store = QSettings(str(Path(scratch) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(Settings(store), runner=TaskRunner(synchronous=True))
        try:
            window.resize(*size)
            window.show()
            window.open_folder(folder)
            _wait(app, lambda: not window.loader.is_running, 30000)
            if row is None:
                row = _first_with_images(window)
            if window.proxy.rowCount() > row:
                window.review.select_row(row)
            window.table.setFocus()
            _wait(app, lambda: False, settle_ms)  # thumbnails and layout settle
            output.parent.mkdir(parents=True, exist_ok=True)
            if not window.grab().save(str(output), "PNG"):
                raise OSError(f"could not write {output}")
        finally:
            window.close()
            window.deleteLater()
            app.processEvents()
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--row", type=int, default=None, help="list row to select")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"{args.folder}: not a folder", file=sys.stderr)
        return 2
    take_screenshot(args.folder, args.output, row=args.row)
    print(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
