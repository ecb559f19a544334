"""The ``git`` command, run as a child process: the one way Curator talks to a repository.

Curator never reimplements git and does not link libgit2 (pygit2): the ``git`` command
is what editors already have, it honours their configuration (identity, hooks,
attributes, merge drivers, credential helpers) exactly as their own git does, reads
every index version and repository format the installed git writes, and needs no
compiled extension in the bundle. ``status`` and ``log`` are fast enough for 100,000
files (``make bench``); reading many blobs goes through one ``git cat-file --batch``.

Without a ``git`` command, or outside a work tree, ``GitRepo.find`` returns None and
nothing git-related shows anywhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from curator_app.core.document import is_article_path

TIMEOUT_S = 300.0


class GitError(Exception):
    """A git command failed; ``str()`` is git's own message."""


@dataclass(frozen=True)
class GitRepo:
    """A git work tree: its top folder and the ``git`` executable that serves it."""

    root: Path
    git: str
    env: Mapping[str, str] | None = field(default=None, compare=False)

    @classmethod
    def find(cls, folder: Path, env: Mapping[str, str] | None = None) -> GitRepo | None:
        """The work tree ``folder`` is in, or None: no git, not a work tree, or any error."""
        environ = dict(os.environ if env is None else env)
        git = shutil.which("git", path=environ.get("PATH", os.defpath))
        if git is None:
            return None
        try:
            done = subprocess.run(
                [git, "-C", str(folder), "rev-parse", "--is-inside-work-tree", "--show-toplevel"],
                capture_output=True,
                env=environ,
                timeout=30,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        lines = done.stdout.decode("utf-8", "surrogateescape").splitlines()
        if done.returncode != 0 or len(lines) < 2 or lines[0] != "true":
            return None
        return cls(Path(lines[1]), git, env)

    def run(
        self,
        *args: str,
        input: bytes | None = None,
        check: bool = True,
        optional_locks: bool = True,
    ) -> subprocess.CompletedProcess[bytes]:
        """Run ``git ARGS`` in the work tree; raise GitError when it fails and ``check``."""
        environ = dict(os.environ if self.env is None else self.env)
        if not optional_locks:  # a read must not take the index lock another git may want
            environ["GIT_OPTIONAL_LOCKS"] = "0"
        try:
            done = subprocess.run(
                [self.git, "-C", str(self.root), *args],
                input=input,
                capture_output=True,
                env=environ,
                timeout=TIMEOUT_S,
                check=False,
            )
        except (OSError, subprocess.SubprocessError) as error:
            raise GitError(f"git {args[0] if args else ''} could not run: {error}") from None
        if check and done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip()
            raise GitError(message or f"git {args[0]} failed with status {done.returncode}")
        return done

    def relpath(self, path: Path) -> str:
        """``path`` relative to the work tree, as git writes it (POSIX, no ``./``)."""
        real = Path(os.path.realpath(path))
        return real.relative_to(Path(os.path.realpath(self.root))).as_posix()

    def path_of(self, relpath: str) -> Path:
        return self.root / relpath

    def read_blobs(self, specs: Sequence[str]) -> list[bytes | None]:
        """The contents of ``HEAD:path``-like object names, in one ``cat-file --batch``;
        None for a name that does not exist."""
        if not specs:
            return []
        request = "".join(f"{spec}\n" for spec in specs).encode("utf-8", "surrogateescape")
        out = self.run("cat-file", "--batch", input=request, optional_locks=False).stdout
        blobs: list[bytes | None] = []
        pos = 0
        for _ in specs:
            line_end = out.index(b"\n", pos)
            header = out[pos:line_end].split()
            pos = line_end + 1
            if len(header) < 3 or header[-1] == b"missing" or header[1] != b"blob":
                blobs.append(None)
                if len(header) >= 3 and header[-1] != b"missing":
                    pos += int(header[2]) + 1  # a tree or commit: skip its contents
                continue
            size = int(header[2])
            blobs.append(out[pos : pos + size])
            pos += size + 1
        return blobs

    def has_head(self) -> bool:
        return self.run("rev-parse", "--verify", "--quiet", "HEAD", check=False).returncode == 0


def is_article_relpath(relpath: str) -> bool:
    """An article file by name, in no hidden folder (as the folder scan reads them)."""
    parts = relpath.split("/")
    return is_article_path(Path(parts[-1])) and not any(p.startswith(".") for p in parts[:-1])


def split_z(out: bytes) -> list[str]:
    """NUL-separated git output as text (bytes that are not UTF-8 kept as surrogates)."""
    return [item.decode("utf-8", "surrogateescape") for item in out.split(b"\0") if item]


def pathspecs(relpaths: Iterable[str]) -> list[str]:
    """Literal pathspecs: a name with ``*`` or ``:`` means only itself."""
    return [f":(literal){relpath}" for relpath in relpaths]
