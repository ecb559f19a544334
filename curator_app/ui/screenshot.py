"""Render the main window on a folder to a PNG with the real widgets (``make screenshot``).

``python -m curator_app.ui.screenshot [--dark] [--size WxH] [--search TEXT]
[--published] FOLDER OUTPUT.png``; runs headless with QT_QPA_PLATFORM=offscreen and
never touches the user's settings. ``--dark`` gives the application the dark palette a
desktop in dark mode hands it; QT_SCALE_FACTOR=1.5 or 2 renders the window as on a 150 %
or 200 % screen; ``--size 683x740`` is half a laptop screen; ``--search`` and
``--published`` filter the list first (the empty state). ``make screenshots`` does them all.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QDeadlineTimer, QEventLoop, QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from curator_app.ui.list.article_filter import StateFilter
from curator_app.ui.tasks import TaskRunner
from curator_app.ui.window.layout import DEFAULT_SIZE
from curator_app.ui.window.main_window import MainWindow
from curator_app.ui.window.settings import Settings


def _wait(app: QApplication, condition: object, timeout_ms: int) -> None:
    deadline = QDeadlineTimer(timeout_ms)
    while not deadline.hasExpired() and not (callable(condition) and condition()):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def dark_palette() -> QPalette:
    """A dark palette like the one a desktop in dark mode gives Qt (Fusion's colours)."""
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    palette = QPalette()
    colours = {
        role.Window: "#2b2b2b", role.WindowText: "#e6e6e6", role.Base: "#1e1e1e",
        role.AlternateBase: "#262626", role.Text: "#e6e6e6", role.Button: "#353535",
        role.ButtonText: "#e6e6e6", role.Highlight: "#3d6fb0", role.HighlightedText: "#ffffff",
        role.ToolTipBase: "#3a3a3a", role.ToolTipText: "#e6e6e6", role.Link: "#7fb2f0",
        role.LinkVisited: "#b39ddb", role.PlaceholderText: "#9a9a9a", role.Light: "#4a4a4a",
        role.Midlight: "#3e3e3e", role.Mid: "#2f2f2f", role.Dark: "#1a1a1a",
        role.Shadow: "#000000", role.BrightText: "#ff6b6b",
    }  # fmt: skip
    for colour_role, name in colours.items():
        palette.setColor(colour_role, QColor(name))
    for colour_role in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, colour_role, QColor("#7a7a7a"))
    return palette


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
    search: str = "",
    published_only: bool = False,
) -> Path:
    """Open ``folder`` in a fresh window, select ``row``, let it settle, save a PNG.

    With no ``row``, the first article that has images is shown (a fuller detail pane).
    """
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="curator-shot-") as scratch:
        store = QSettings(str(Path(scratch) / "settings.ini"), QSettings.Format.IniFormat)
        inline = TaskRunner(synchronous=True)
        window = MainWindow(Settings(store), runner=inline, list_runner=inline, index_runner=inline)
        try:
            window.resize(*size)
            window.show()
            # A copy outside any repository: the picture shows a folder as an editor
            # gets it, and nothing the window might do can touch the original.
            copy = Path(shutil.copytree(folder, Path(scratch) / folder.name))
            window.open_folder(copy)
            _wait(app, lambda: not window.loader.is_running, 30000)
            if row is None:
                row = _first_with_images(window)
            if window.proxy.rowCount() > row:
                window.review.select_row(row)
            if search or published_only:
                state = StateFilter.PUBLISHED if published_only else StateFilter.ALL
                window.filter_bar.search.setText(search)
                window.filter_bar.state.setCurrentIndex(window.filter_bar.state.findData(state))
                window.filter_bar.flush()
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
    parser.add_argument("--dark", action="store_true", help="use a dark palette")
    parser.add_argument("--size", default="", help="window size, e.g. 683x740")
    parser.add_argument("--search", default="", help="text typed in the search field")
    parser.add_argument("--published", action="store_true", help="show published only")
    args = parser.parse_args(argv)
    size = DEFAULT_SIZE
    if args.size:
        width, _, height = args.size.partition("x")
        size = (int(width), int(height))
    if not args.folder.is_dir():
        print(f"{args.folder}: not a folder", file=sys.stderr)
        return 2
    if args.dark:
        existing = QApplication.instance()
        app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    take_screenshot(
        args.folder,
        args.output,
        size=size,
        row=args.row,
        search=args.search,
        published_only=args.published,
    )
    print(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
