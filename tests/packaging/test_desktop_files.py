"""The Linux desktop entry, AppStream metainfo and hicolor icons: consistent and valid.

``desktop-file-validate`` and ``appstreamcli validate`` run when they are installed
(Debian packages desktop-file-utils and appstream); otherwise those two tests are
reported as skipped, with the reason.
"""

from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from curator_app.appinfo import APP_ID, SUMMARY, version

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
SCRIPT = LINUX / "desktop_files.py"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256)


def desktop_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys keep their case
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def run_script(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env=env,
    )


def test_the_desktop_entry_uses_the_app_id() -> None:
    entry = desktop_entry(DESKTOP)
    assert entry["Type"] == "Application"
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] == "curator-app"
    assert "Office;" in entry["Categories"] and entry["Keywords"].endswith(";")
    assert "MimeType" not in entry  # see packaging/README.md: not a handler for every folder


def test_the_metainfo_matches_the_package() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("summary") == SUMMARY
    assert root.findtext("launchable") == DESKTOP.name
    assert root.find("content_rating") is not None
    assert root.find("developer/name") is not None
    releases = [release.get("version") for release in root.iter("release")]
    assert releases[0] == version()  # the newest release is the package's version
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{version()}]" in changelog


def test_install_and_uninstall_for_one_user(tmp_path: Path) -> None:
    data_home = tmp_path / "share"
    run_script("install", "--exec", "/opt/curator/curator-app", "--data-home", str(data_home))
    installed = desktop_entry(data_home / "applications" / DESKTOP.name)
    assert installed["Exec"] == "/opt/curator/curator-app %f"
    assert installed["TryExec"] == "/opt/curator/curator-app"
    assert (data_home / "metainfo" / METAINFO.name).read_bytes() == METAINFO.read_bytes()
    hicolor = data_home / "icons" / "hicolor"
    assert (hicolor / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    for size in PNG_SIZES:
        assert png_size(hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png") == (size, size)

    run_script("uninstall", "--data-home", str(data_home))
    assert not [p for p in data_home.rglob(f"{APP_ID}*")]


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian package {package}): not validated")
    return path


def test_desktop_file_validate(tmp_path: Path) -> None:
    tool = _tool("desktop-file-validate", "desktop-file-utils")
    result = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_appstreamcli_validate() -> None:
    tool = _tool("appstreamcli", "appstream")
    result = subprocess.run(
        [tool, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
