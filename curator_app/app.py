"""The ``curator-app`` GUI entry point (the main window comes with the main-window issue)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel


def main(argv: list[str] | None = None) -> int:
    args = sys.argv if argv is None else [sys.argv[0], *argv]
    app = QApplication.instance() or QApplication(args)
    label = QLabel("Curator")
    label.show()
    return app.exec()
