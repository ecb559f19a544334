"""The status bar's progress bar with Cancel: counts, hides, asks to cancel once."""

from __future__ import annotations

from typing import Any

import pytest

from curator_app.ui.window.task_progress import TaskProgress

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_progress_counts_up_and_cancel_is_asked_once(qtbot: Any) -> None:
    progress = TaskProgress()
    qtbot.addWidget(progress)
    assert progress.isHidden()
    progress.start("Publishing", 1200)
    assert not progress.isHidden()
    progress.set_progress(412)
    assert progress.bar.value() == 412
    assert progress.bar.text() == "Publishing 412 of 1,200"
    asked: list[bool] = []
    progress.cancelRequested.connect(lambda: asked.append(True))
    progress.cancel_button.click()
    progress.cancel_button.click()  # disabled now: one request
    assert asked == [True]
    assert progress.cancel_button.text() == "Cancelling…"
    progress.finished()
    assert progress.isHidden()
    progress.start("Reading files…", 0)  # an unknown amount: a busy bar, the count beside
    assert progress.bar.maximum() == 0 and not progress.bar.isTextVisible()
    progress.set_progress(1234)
    assert progress.label.text() == "Reading files… 1,234"
    assert progress.cancel_button.isEnabled()
