"""The measurements, curator vs python-frontmatter: scan speed, flip cost, diff size."""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import frontmatter

from curator_app.core.document import ArticleDocument
from curator_app.core.library import scan_folder


@dataclass(frozen=True)
class Timing:
    label: str
    files: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.files / self.seconds if self.seconds else float("inf")

    @property
    def ms_per_file(self) -> float:
        return 1000 * self.seconds / self.files if self.files else 0.0


@dataclass(frozen=True)
class DiffSize:
    label: str
    removed: int
    added: int


def _timed(label: str, files: int, work: Callable[[], object]) -> Timing:
    start = time.perf_counter()
    work()
    return Timing(label, files, time.perf_counter() - start)


def measure_scan(folder: Path, paths: Sequence[Path]) -> tuple[Timing, Timing]:
    """Read and parse every file: curator's scan_folder vs frontmatter.load on the same files."""

    def curator_scan() -> None:
        broken = [entry.relpath for entry in scan_folder(folder) if not entry.ok]
        if broken:
            raise SystemExit(f"benchmark files failed to parse: {broken[:3]}")

    def frontmatter_scan() -> None:
        for path in paths:
            frontmatter.load(path)

    return (
        _timed("curator scan_folder (entries)", len(paths), curator_scan),
        _timed("python-frontmatter frontmatter.load", len(paths), frontmatter_scan),
    )


def _run_scan_command(folder: Path, cache: Path, *options: str) -> None:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache))
    subprocess.run(
        [sys.executable, "-m", "curator_app.cli", "scan", *options, str(folder)],
        env=env,
        stdout=subprocess.DEVNULL,
        check=True,
    )


def measure_scan_command(folder: Path, paths: Sequence[Path], cache: Path) -> list[Timing]:
    """The `curator scan` command (a process, the table to /dev/null) with the folder's
    index in ``cache``: without it, cold (no index), warm (unchanged), after touching 1%."""
    count = len(paths)

    def touch_one_percent() -> None:
        for path in paths[::100] if count >= 100 else paths[:1]:
            os.utime(path)  # a new mtime: the index must read the file again

    timings = [
        _timed(
            "curator scan --no-cache", count, lambda: _run_scan_command(folder, cache, "--no-cache")
        ),
        _timed(
            "curator scan, cold (no index yet)", count, lambda: _run_scan_command(folder, cache)
        ),
        _timed(
            "curator scan, warm (nothing changed)", count, lambda: _run_scan_command(folder, cache)
        ),
    ]
    touch_one_percent()
    timings.append(
        _timed(
            "curator scan, after touching 1% of the files",
            count,
            lambda: _run_scan_command(folder, cache),
        )
    )
    return timings


def _curator_flip(paths: Sequence[Path]) -> None:
    for path in paths:
        document = ArticleDocument.load(path)
        document.set_published(not document.published)


def _curator_edit_only(paths: Sequence[Path]) -> None:
    for path in paths:
        document = ArticleDocument.load(path)
        document.edited_bytes("published", not document.published)


def _frontmatter_flip(paths: Sequence[Path]) -> None:
    for path in paths:
        post = frontmatter.load(path)
        post["published"] = not post.get("published")
        frontmatter.dump(post, path)  # dumps + write, the library's own way to save


def measure_flips(paths: Sequence[Path]) -> list[Timing]:
    """Flip ``published`` per file; each way works on its own share of the files."""
    third = len(paths) // 3
    shares = [paths[:third], paths[third : 2 * third], paths[2 * third : 3 * third]]
    return [
        _timed(
            "curator set_published (verify + fsync'd atomic save)",
            third,
            lambda: _curator_flip(shares[0]),
        ),
        _timed(
            "curator edited_bytes (verify, no save)", third, lambda: _curator_edit_only(shares[1])
        ),
        _timed(
            "python-frontmatter load + dumps + write", third, lambda: _frontmatter_flip(shares[2])
        ),
    ]


def _diff_size(label: str, before: str, after: str) -> DiffSize:
    lines = difflib.unified_diff(before.splitlines(True), after.splitlines(True), n=0)
    removed = added = 0
    for line in lines:
        if line.startswith(("---", "+++")):
            continue
        removed += line.startswith("-")
        added += line.startswith("+")
    return DiffSize(label, removed, added)


def measure_diff(seed: Path, workdir: Path) -> tuple[DiffSize, DiffSize]:
    """Flip ``published`` on copies of the seed and count the changed lines with difflib."""
    ours, theirs = workdir / "curator-seed.txt", workdir / "frontmatter-seed.txt"
    shutil.copyfile(seed, ours)
    shutil.copyfile(seed, theirs)
    before = seed.read_text(encoding="utf-8")
    document = ArticleDocument.load(ours)
    document.set_published(not document.published)
    _frontmatter_flip([theirs])
    return (
        _diff_size("curator set_published", before, ours.read_text(encoding="utf-8")),
        _diff_size("python-frontmatter load + dumps", before, theirs.read_text(encoding="utf-8")),
    )
