"""``hugo list all`` on the benchmark folder: the yardstick for ``curator scan``.

Hugo is a static site generator in Go that reads every content file's front matter
on all cores; ``hugo list all`` lists them as CSV without rendering. The site is
minimal: a config file whose content folder is the benchmark folder, kept apart from
it so that Hugo's own files never show up in a scan.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

NOT_FOUND = "hugo not found: install it with 'sudo apt-get install hugo' (Debian/Ubuntu)"


def hugo_command() -> str | None:
    return shutil.which("hugo")


def version(hugo: str) -> str:
    """``0.111.3`` from ``hugo v0.111.3+extended linux/amd64 …``."""
    words = subprocess.run([hugo, "version"], capture_output=True, text=True, check=True)
    first = words.stdout.split()[1] if len(words.stdout.split()) > 1 else "?"
    return first.lstrip("v").split("+")[0].split("-")[0]


def make_site(site: Path, content: Path) -> Path:
    site.mkdir(parents=True, exist_ok=True)
    (site / "config.toml").write_text(
        'baseURL = "http://example.org/"\n'
        'title = "curator benchmark"\n'
        f"contentDir = {str(content.resolve())!r}\n".replace("'", '"')
        + 'disableKinds = ["taxonomy", "term"]\n',
        encoding="utf-8",
    )
    return site


def list_all(hugo: str, site: Path) -> int:
    """Run ``hugo list all``; the number of articles it listed."""
    result = subprocess.run(
        [hugo, "list", "all", "--source", str(site)],
        capture_output=True,
        text=True,
        check=True,
    )
    return max(len(result.stdout.splitlines()) - 1, 0)  # less the CSV header
