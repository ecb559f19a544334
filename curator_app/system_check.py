"""Before the window opens: does this Linux machine have what Qt's xcb plugin needs?

Qt aborts with "xcb-cursor0 or libxcb-cursor0 is needed" and names one library at a
time. This check asks ``ldd`` about the platform plugin once, names every library
that is missing and prints the one command that installs them all on Debian/Ubuntu
and on Fedora. It imports nothing from Qt: the plugin pulls in QtGui's libraries too
(EGL, fontconfig, xkbcommon), whose absence would fail the first Qt import.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

EXIT_NO_WINDOW = 3

# shared library → (Debian/Ubuntu package, Fedora package)
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-xinerama.so.0": ("libxcb-xinerama0", "libxcb"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libSM.so.6": ("libsm6", "libSM"),
    "libICE.so.6": ("libice6", "libICE"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libGLX.so.0": ("libglx0", "libglvnd-glx"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
}

LddRunner = Callable[[Path], str]
_LOAD_ERROR = re.compile(r"error while loading shared libraries: (\S+?): ")


@dataclass(frozen=True, slots=True)
class MissingLibraries:
    """What the xcb plugin lacks, and how to install it."""

    libraries: tuple[str, ...]

    def packages(self, distribution: int) -> list[str]:
        """Package names for ``distribution`` (0 Debian/Ubuntu, 1 Fedora), in order, once."""
        names = (PACKAGES[lib][distribution] for lib in self.libraries if lib in PACKAGES)
        return list(dict.fromkeys(names))

    @property
    def unknown(self) -> list[str]:
        return [lib for lib in self.libraries if lib not in PACKAGES]

    def message(self) -> str:
        lines = [
            "curator-app: the window cannot open: Qt's X11 (xcb) platform plugin needs "
            "system libraries that are not installed:",
            *(f"  {lib}" for lib in self.libraries),
        ]
        debian, fedora = self.packages(0), self.packages(1)
        if debian:
            lines += [
                "Install them with",
                f"  Debian/Ubuntu:  sudo apt-get install {' '.join(debian)}",
                f"  Fedora:         sudo dnf install {' '.join(fedora)}",
            ]
        if self.unknown:
            lines.append(
                "Install the package that provides "
                + ", ".join(self.unknown)
                + " with your system's package manager."
            )
        lines.append("(Set QT_QPA_PLATFORM=offscreen to run without a display.)")
        return "\n".join(lines)


def run_ldd(binary: Path) -> str:
    result = subprocess.run(
        ["ldd", str(binary)], capture_output=True, text=True, timeout=30, check=False
    )
    return result.stdout + result.stderr


def parse_missing(ldd_output: str) -> tuple[str, ...]:
    """The libraries ``ldd`` reports as ``name => not found`` (or, for a file that is there
    but cannot be loaded, in its ``error while loading shared libraries: PATH: why``), in
    order, once each."""
    missing: dict[str, None] = {}
    for line in ldd_output.splitlines():
        name, arrow, where = line.strip().partition("=>")
        if arrow and where.strip() == "not found":
            missing[name.strip()] = None
        broken = _LOAD_ERROR.search(line)
        if broken is not None:
            missing[Path(broken.group(1)).name] = None
    return tuple(missing)


def xcb_plugin() -> Path | None:
    """Qt's xcb platform plugin as installed beside PySide6 (or inside a bundle)."""
    spec = importlib.util.find_spec("PySide6")
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        plugin = Path(folder) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def uses_xcb(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Will Qt pick its xcb plugin? (Linux, no other platform asked for, not Wayland.)"""
    if not platform.startswith("linux"):
        return False
    requested = environ.get("QT_QPA_PLATFORM", "").strip()
    if requested:
        return requested.split(";")[0].split(":")[0] == "xcb"
    wayland = environ.get("XDG_SESSION_TYPE") == "wayland" and environ.get("WAYLAND_DISPLAY")
    return not wayland


def missing_xcb_libraries(
    plugin: Path | None = None, ldd: LddRunner | None = None
) -> MissingLibraries | None:
    """The libraries the xcb plugin lacks, or None when nothing is missing (or no ldd)."""
    if ldd is None:
        if shutil.which("ldd") is None:
            return None
        ldd = run_ldd
    plugin = plugin if plugin is not None else xcb_plugin()
    if plugin is None:
        return None
    missing = parse_missing(ldd(plugin))
    return MissingLibraries(missing) if missing else None


def check_display(environ: Mapping[str, str] | None = None) -> str | None:
    """Why the window cannot open on this machine, or None when it can (as far as we know)."""
    environ = os.environ if environ is None else environ
    if not uses_xcb(environ):
        return None
    missing = missing_xcb_libraries()
    if missing is not None:
        return missing.message()
    if not environ.get("DISPLAY"):
        return (
            "curator-app: no display to open the window on (DISPLAY is not set).\n"
            "Start it from a desktop session, or set QT_QPA_PLATFORM=offscreen."
        )
    return None
