"""What `make run` and `curator-app` say on a machine that lacks Qt's xcb libraries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from curator_app import launcher, system_check
from curator_app.system_check import (
    EXIT_NO_WINDOW,
    MissingLibraries,
    missing_xcb_libraries,
    parse_missing,
    uses_xcb,
)

LDD_OUTPUT = """\
\tlinux-vdso.so.1 (0x00007ffd8a7f2000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f0f)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-cursor.so.0 => not found
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f0e)
\tlibmystery.so.3 => not found
"""


def test_every_missing_library_is_named_once() -> None:
    assert parse_missing(LDD_OUTPUT) == (
        "libxcb-cursor.so.0",
        "libxcb-icccm.so.4",
        "libxcb-keysyms.so.1",
        "libmystery.so.3",
    )


def test_a_library_that_is_there_but_cannot_load_counts_as_missing() -> None:
    output = (
        "/venv/libqxcb.so: error while loading shared libraries: "
        "/lib/x86_64-linux-gnu/libxcb-cursor.so.0: file too short\n"
    )
    assert parse_missing(output) == ("libxcb-cursor.so.0",)


def test_the_message_names_the_libraries_and_one_install_command_per_family() -> None:
    message = MissingLibraries(parse_missing(LDD_OUTPUT)).message()
    assert "libxcb-cursor.so.0" in message and "libxcb-keysyms.so.1" in message
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1\n" in message
    assert "sudo dnf install xcb-util-cursor xcb-util-wm xcb-util-keysyms\n" in message
    assert "provides libmystery.so.3" in message


def test_nothing_missing_is_none(tmp_path: Path) -> None:
    plugin = tmp_path / "libqxcb.so"
    assert missing_xcb_libraries(plugin, ldd=lambda _: "\tlibc.so.6 => /lib/libc.so.6\n") is None


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, True),
        ({"QT_QPA_PLATFORM": "xcb"}, True),
        ({"QT_QPA_PLATFORM": "offscreen"}, False),
        ({"QT_QPA_PLATFORM": "wayland"}, False),
        ({"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, False),
        ({"XDG_SESSION_TYPE": "x11", "DISPLAY": ":0"}, True),
    ],
)
def test_only_an_xcb_start_is_checked(environ: dict[str, str], expected: bool) -> None:
    assert uses_xcb(environ, platform="linux") is expected
    assert uses_xcb(environ, platform="win32") is False


def test_the_command_exits_with_the_message_instead_of_starting_qt(
    monkeypatch: Any, capsys: Any
) -> None:
    started: list[list[str]] = []
    monkeypatch.setattr("curator_app.app.main", started.append)
    monkeypatch.setattr(
        system_check,
        "missing_xcb_libraries",
        lambda: MissingLibraries(("libxcb-cursor.so.0",)),
    )
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    assert launcher.main([]) == EXIT_NO_WINDOW
    assert "sudo apt-get install libxcb-cursor0" in capsys.readouterr().err
    assert started == []
    launcher.main(["--version"])  # prints and exits without a window: nothing to check
    assert started == [["--version"]]


def test_the_launcher_loads_no_qt_before_the_check() -> None:
    code = (
        "import sys, curator_app.launcher as l; from curator_app.system_check import xcb_plugin;"
        "xcb_plugin(); print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


def test_no_display_is_said_plainly(monkeypatch: Any) -> None:
    monkeypatch.setattr(system_check, "missing_xcb_libraries", lambda: None)
    message = system_check.check_display({"QT_QPA_PLATFORM": "xcb"})
    assert message is not None and "DISPLAY is not set" in message
    assert system_check.check_display({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"}) is None
