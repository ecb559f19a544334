from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from curator_app import app
from curator_app.resources import sample_folder
from curator_app.ui.tasks import GUI_SWITCH_INTERVAL
from curator_app.ui.window.main_window import MainWindow
from curator_app.ui.window.settings import Settings

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_folder_choice_order(settings_store: QSettings, tmp_path: Path) -> None:
    settings = Settings(settings_store)
    given = tmp_path / "given"
    assert app.choose_folder(given, settings) == given
    fallback = sample_folder()
    assert fallback.is_dir()
    assert app.choose_folder(None, settings) == fallback
    settings.last_folder = tmp_path / "gone"  # a last folder that no longer exists
    assert app.choose_folder(None, settings) == fallback
    settings.last_folder = tmp_path
    assert app.choose_folder(None, settings) == tmp_path


def test_main_reuses_the_application_and_opens_the_folder(
    qapp: QApplication, qtbot: Any, article_folder: Path
) -> None:
    seen: dict[str, Any] = {}

    def inspect_and_quit() -> None:
        windows = [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow)]
        window = next(w for w in windows if w.isVisible())
        if window.loader.is_running:
            QTimer.singleShot(20, inspect_and_quit)
            return
        seen["folder"] = window.folder
        seen["rows"] = window.model.rowCount()
        window.close()
        qapp.quit()

    QTimer.singleShot(0, inspect_and_quit)
    # Closing the last window would post a second quit that outlives exec() and stalls
    # the event loops of every later test: only the explicit quit above may end it.
    qapp.setQuitOnLastWindowClosed(False)
    python_default = sys.getswitchinterval()
    try:
        assert app.main([str(article_folder)]) == 0
        # Background tasks hand the interpreter lock to the GUI thread sooner.
        assert sys.getswitchinterval() == pytest.approx(GUI_SWITCH_INTERVAL)
    finally:
        qapp.setQuitOnLastWindowClosed(True)
        sys.setswitchinterval(python_default)
    assert seen == {"folder": article_folder.resolve(), "rows": 7}
    assert QApplication.instance() is qapp
    assert qapp.applicationName() == "Curator"


def test_a_missing_folder_is_an_error(qapp: QApplication, tmp_path: Path, capsys: Any) -> None:
    assert app.main([str(tmp_path / "missing")]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_module_entry_point_shows_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "curator_app", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert "curator-app" in result.stdout and "FOLDER" in result.stdout.upper()
