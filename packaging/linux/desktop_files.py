"""Desktop integration files for Linux: render the hicolor icons, install, uninstall.

    python packaging/linux/desktop_files.py icons OUTDIR
    python packaging/linux/desktop_files.py install --exec PATH [--data-home DIR]
    python packaging/linux/desktop_files.py uninstall [--data-home DIR]

``install`` puts the desktop entry, the AppStream metainfo and the icon (scalable SVG
plus PNGs from 16 to 256 px, rendered from the bundled SVG) under DIR (default
``$XDG_DATA_HOME``, else ``~/.local/share``), with ``Exec`` pointing at PATH.
Run it with the Python that has Curator installed (``make install-desktop`` does).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from curator_app.appinfo import APP_ID
from curator_app.resources import icon_folder

HERE = Path(__file__).resolve().parent
DESKTOP_FILE = HERE / f"{APP_ID}.desktop"
METAINFO_FILE = HERE / f"{APP_ID}.metainfo.xml"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_icons(hicolor: Path) -> list[Path]:
    """Write ``scalable/apps/ID.svg`` and ``NxN/apps/ID.png`` below ``hicolor``."""
    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    source = icon_folder() / "app.svg"
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise SystemExit(f"{source}: not a valid SVG")
    scalable = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, scalable)
    written = [scalable]
    for size in PNG_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(path), "PNG"):
            raise SystemExit(f"could not write {path}")
        written.append(path)
    return written


def installed_paths(data_home: Path) -> list[Path]:
    hicolor = data_home / "icons" / "hicolor"
    return [
        data_home / "applications" / DESKTOP_FILE.name,
        data_home / "metainfo" / METAINFO_FILE.name,
        hicolor / "scalable" / "apps" / f"{APP_ID}.svg",
        *(hicolor / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in PNG_SIZES),
    ]


def desktop_entry(executable: str) -> str:
    """The desktop file with ``Exec``/``TryExec`` pointing at ``executable``."""
    lines = []
    for line in DESKTOP_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            line = f"Exec={executable} %f"
        elif line.startswith("TryExec="):
            line = f"TryExec={executable}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _refresh_caches(data_home: Path) -> None:
    """Tell menus and icon caches, where those tools exist; harmless if they do not."""
    for command in (
        ["update-desktop-database", str(data_home / "applications")],
        ["gtk-update-icon-cache", "-f", "-t", str(data_home / "icons" / "hicolor")],
    ):
        if shutil.which(command[0]):
            subprocess.run(command, check=False, capture_output=True)


def install(data_home: Path, executable: str) -> None:
    applications = data_home / "applications"
    applications.mkdir(parents=True, exist_ok=True)
    (applications / DESKTOP_FILE.name).write_text(desktop_entry(executable), encoding="utf-8")
    metainfo = data_home / "metainfo"
    metainfo.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(METAINFO_FILE, metainfo / METAINFO_FILE.name)
    render_icons(data_home / "icons" / "hicolor")
    _refresh_caches(data_home)
    for path in installed_paths(data_home):
        print(f"installed {path}")


def uninstall(data_home: Path) -> None:
    for path in installed_paths(data_home):
        if path.exists():
            path.unlink()
            print(f"removed {path}")
    _refresh_caches(data_home)


def default_data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    icons = commands.add_parser("icons", help="render the hicolor icon tree into OUTDIR")
    icons.add_argument("outdir", type=Path)
    for name in ("install", "uninstall"):
        command = commands.add_parser(name)
        command.add_argument("--data-home", type=Path, default=None)
        if name == "install":
            command.add_argument("--exec", dest="executable", required=True)
    args = parser.parse_args(argv)
    if args.command == "icons":
        for path in render_icons(args.outdir):
            print(path)
    elif args.command == "install":
        install(args.data_home or default_data_home(), args.executable)
    else:
        uninstall(args.data_home or default_data_home())
    return 0


if __name__ == "__main__":
    sys.exit(main())
