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
    seconds: float  # the best run
    spread: float = 0.0  # slowest run less the best

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


def _timed(
    label: str,
    files: int,
    work: Callable[[], object],
    runs: int = 1,
    before: Callable[[], object] | None = None,
) -> Timing:
    """The best of ``runs`` runs of ``work`` (``before`` runs untimed ahead of each)."""
    seconds = []
    for _ in range(max(runs, 1)):
        if before is not None:
            before()
        start = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - start)
    return Timing(label, files, min(seconds), max(seconds) - min(seconds))


def measure_floor(paths: Sequence[Path], runs: int = 1) -> Timing:
    """Reading every file's bytes and nothing else: no scan can be faster."""

    def read_all() -> None:
        for path in paths:
            with open(path, "rb") as file:
                file.read()

    return _timed("floor: read every file's bytes (in-process)", len(paths), read_all, runs)


def measure_scan(folder: Path, paths: Sequence[Path], runs: int = 1) -> tuple[Timing, Timing]:
    """Read and parse every file: curator's scan_folder vs frontmatter.load on the same files."""

    def curator_scan() -> None:
        broken = [entry.relpath for entry in scan_folder(folder) if not entry.ok]
        if broken:
            raise SystemExit(f"benchmark files failed to parse: {broken[:3]}")

    def frontmatter_scan() -> None:
        for path in paths:
            frontmatter.load(path)

    return (
        _timed("curator scan_folder (entries, every core)", len(paths), curator_scan, runs),
        _timed("python-frontmatter frontmatter.load loop", len(paths), frontmatter_scan, runs),
    )


def _curator_command() -> list[str]:
    """The installed ``curator`` command beside this Python (what an editor runs), else
    ``python -m curator_app.cli`` (runpy's own imports on top)."""
    script = Path(sys.executable).parent / "curator"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "curator_app.cli"]


def run_scan_command(folder: Path, cache: Path, *options: str) -> None:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache))
    # As an installed command runs: with its modules' bytecode cached (pip compiles it
    # on install). A shell that forbids writing bytecode would make every run compile
    # curator's modules again (about 10 ms a run).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run(
        [*_curator_command(), "scan", *options, str(folder)],
        env=env,
        stdout=subprocess.DEVNULL,
        check=True,
    )


def measure_scan_command(
    folder: Path, paths: Sequence[Path], cache: Path, runs: int = 1
) -> list[Timing]:
    """The `curator scan` command (a process, the table to /dev/null) with the folder's
    index in ``cache``: without it, cold (no index), warm (unchanged), and after a change
    to the content of 1% of the files; the best of ``runs`` each (warm: of 5 at least)."""
    count = len(paths)
    touched = paths[::100] if count >= 100 else paths[:1]

    def change_one_percent() -> None:
        for path in touched:  # a new title: the index must read the file again
            data = path.read_bytes()
            path.write_bytes(data.replace(b'title: "', b'title: "Changed: ', 1))

    def scan(*options: str) -> Callable[[], None]:
        return lambda: run_scan_command(folder, cache, *options)

    def forget_index() -> None:
        shutil.rmtree(cache, ignore_errors=True)
        for path in paths:  # in the page cache, as the window's cold runs find them
            path.read_bytes()

    return [
        _timed("curator scan --no-cache", count, scan("--no-cache"), runs),
        _timed("curator scan, cold (no index yet)", count, scan(), runs, forget_index),
        _timed("curator scan, warm (nothing changed)", count, scan(), max(runs, 5)),
        _timed(
            "curator scan, after touching 1% (content changed)",
            count,
            scan(),
            runs,
            change_one_percent,
        ),
    ]


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
