"""SIGTERM and Ctrl+C close a real curator-app as Ctrl+Q does: its state saved, no trace."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_closes_the_window_and_saves_its_state(
    tmp_path: Path, article_folder: Path, number: signal.Signals
) -> None:
    folder = article_folder  # a copy in ``tmp_path``
    before = _contents(folder)
    config, cache = tmp_path / "config", tmp_path / "cache"
    environment = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(config),
        XDG_CACHE_HOME=str(cache),
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "curator_app.launcher", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
    )
    try:
        deadline = time.monotonic() + 60
        # The folder index is made once the folder is opening: the handlers are in by then.
        while not list(cache.glob("curator/index/*")):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the window never opened the folder"
            time.sleep(0.05)
        process.send_signal(number)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    assert (process.returncode, b"Traceback" in stderr, b"leaked" in stderr) == (
        128 + number,
        False,
        False,
    ), stderr
    saved = "\n".join(path.read_text() for path in config.rglob("*.conf"))
    assert str(folder) in saved  # the window's state was saved on the way out
    assert _contents(folder) == before


def _contents(folder: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()}
