"""Files the running application reads, shipped inside the package.

Icons and the sample article folder are found through ``importlib.resources``, so an
editable install, a wheel and a PyInstaller bundle all find them the same way. The
top-level ``resources/`` folder of the source tree holds design sources only.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def resource_folder(name: str) -> Path:
    """The folder ``curator_app/resources/NAME`` as a path on disk.

    Qt opens files by name, so the package must be unpacked on disk (it always is:
    wheels install as files, PyInstaller collects these as data files); a zipped
    package is refused with a clear error instead of failing later in Qt.
    """
    folder = resources.files(__name__) / name
    if not isinstance(folder, Path):
        raise RuntimeError(f"curator_app resources are not on disk: {folder}")
    return folder


def icon_folder() -> Path:
    """The bundled SVG icons (the fallback when the system theme lacks an icon)."""
    return resource_folder("icons")


def sample_folder() -> Path:
    """The sample article folder a newcomer sees on the first start."""
    return resource_folder("sample-articles")
