"""Register the front-matter merge driver with a repository (``curator git-setup``).

Two things, both idempotent: the driver's command in the repository's own
``.git/config`` (``git config merge.curator-frontmatter.driver``), and one
``.gitattributes`` line per article suffix in the folder (``*.md merge=curator-frontmatter``),
so the driver applies to that folder's articles only. Each step says what it changed.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

from curator_app.core import atomic
from curator_app.core.document import ARTICLE_SUFFIXES
from curator_app.core.git import GitRepo

DRIVER = "curator-frontmatter"
DRIVER_NAME = "Curator key-wise front-matter merge"


def driver_command(executable: str | None = None) -> str:
    """The command git runs: ``curator merge-driver %O %A %B %P``.

    ``curator`` when that is on PATH, else the running Python with ``-m curator_app.cli``
    (a checkout's virtual environment), or the bundle's own ``curator``."""
    if executable is None:
        if shutil.which("curator") is not None:
            executable = "curator"
        elif getattr(sys, "frozen", False):
            executable = shlex.quote(str(Path(sys.executable).with_name("curator")))
        else:
            executable = f"{shlex.quote(sys.executable)} -m curator_app.cli"
    return f"{executable} merge-driver %O %A %B %P"


def attribute_lines() -> list[str]:
    return [f"*{suffix} merge={DRIVER}" for suffix in sorted(ARTICLE_SUFFIXES)]


def is_set_up(repo: GitRepo, folder: Path) -> bool:
    """Whether the driver is registered and applies to ``folder``'s articles."""
    done = repo.run("config", "--local", "--get", f"merge.{DRIVER}.driver", check=False)
    if done.returncode != 0:
        return False
    sample = repo.relpath(folder / "x.md") if folder != repo.root else "x.md"
    out = repo.run("check-attr", "merge", "--", sample, check=False).stdout.decode()
    return out.strip().endswith(f": {DRIVER}")


def git_setup(repo: GitRepo, folder: Path, command: str | None = None) -> list[str]:
    """Register the driver; return one line per change made (empty: all was in place)."""
    changes: list[str] = []
    wanted = {"name": DRIVER_NAME, "driver": command or driver_command()}
    for name, value in wanted.items():
        key = f"merge.{DRIVER}.{name}"
        done = repo.run("config", "--local", "--get", key, check=False)
        if done.stdout.decode().strip() != value:
            repo.run("config", "--local", key, value)
            changes.append(f".git/config: {key} = {value}")
    attributes = folder / ".gitattributes"
    shown = os.path.relpath(attributes, repo.root)
    changes += [f"{shown}: {line}" for line in _add_lines(attributes, attribute_lines())]
    return changes


def _add_lines(path: Path, lines: list[str]) -> list[str]:
    """Append those of ``lines`` the file lacks; return them. An existing file changes
    through the save transaction (lock, re-read, owner and mode kept); a missing one is
    created without ever replacing a file that appeared meanwhile."""
    added: list[str] = []

    def decide(raw: bytes, _identity: atomic.FileIdentity) -> bytes | None:
        text = raw.decode("utf-8")
        present = {" ".join(line.split()) for line in text.splitlines()}
        added[:] = [line for line in lines if line not in present]
        if not added:
            return None
        if text and not text.endswith("\n"):
            text += "\n"
        return (text + "".join(f"{line}\n" for line in added)).encode("utf-8")

    if not os.path.lexists(path):
        try:
            with open(path, "x", encoding="utf-8") as handle:
                handle.write("".join(f"{line}\n" for line in lines))
            return list(lines)
        except FileExistsError:
            pass  # created a moment ago: add to it like any existing file
    atomic.save(path, decide)
    return added
