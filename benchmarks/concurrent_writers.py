"""Concurrent writers: what is lost when another process writes while articles are saved.

``python -m benchmarks.concurrent_writers [--lines N] [--keys N]`` runs two races side by
side for Curator's save transaction and for a plain "check, then write a temporary file
and rename it" save (what Curator did before, and what most tools do):

(a) another process appends lines to an article while this one flips ``published`` in a
    loop: appended lines missing at the end, and how the flips ended;
(b) two processes each add their own keys to one article: keys reported as written that
    are missing at the end.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from curator_app.core.document import ArticleDocument
from curator_app.core.editing import ArticleEditor
from curator_app.core.errors import ConflictError, LateWriteError

ARTICLE = '---\ntitle: "Alpha"\npublished: false\n---\n\nBody.\n'

_APPENDER = textwrap.dedent(
    """
    import sys, time
    path, count = sys.argv[1], int(sys.argv[2])
    for i in range(count):
        with open(path, "a") as handle:
            handle.write(f"line {i}\\n")
        time.sleep(0.0005)
    """
)

_SETTER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[4])
    from benchmarks.concurrent_writers import SAVERS
    save = SAVERS[sys.argv[5]]
    path, prefix, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    done = 0
    for i in range(count):
        try:
            save(path, f"{prefix}{i}", i)
        except Exception:
            continue
        done += 1
    print(done)
    """
)


def curator_save(path: Path, key: str, value: object) -> None:
    ArticleEditor(path.parent).change(path, key, value, new_key=True)


def check_then_rename_save(path: Path, key: str, value: object) -> None:
    """Read, edit, check size/mtime/hash unchanged, write a temporary file, rename."""
    document = ArticleDocument.load(path)
    new = document.edited_bytes(key, value)
    st, raw = path.stat(), path.read_bytes()
    identity = document.identity
    assert identity is not None
    if (st.st_size, st.st_mtime_ns) != (identity.size, identity.mtime_ns) or (
        hashlib.sha256(raw).hexdigest() != identity.sha256
    ):
        raise ConflictError(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".bench-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(new)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


SAVERS: dict[str, Callable[[Path, str, object], None]] = {
    "curator": curator_save,
    "check-then-rename": check_then_rename_save,
}


@dataclass(frozen=True)
class AppendRace:
    way: str
    appended: int
    lost: int
    flips_landed: int
    flips_refused: int
    put_back: int


@dataclass(frozen=True)
class KeyRace:
    way: str
    reported: int
    missing: int


def append_race(way: str, folder: Path, lines: int) -> AppendRace:
    path = folder / f"append-{way}.md"
    path.write_text(ARTICLE, encoding="utf-8")
    save = SAVERS[way]
    writer = subprocess.Popen([sys.executable, "-c", _APPENDER, str(path), str(lines)])
    flag, landed, refused, put_back = True, 0, 0, 0
    while writer.poll() is None:
        try:
            save(path, "published", flag)
        except LateWriteError:
            put_back += 1
        except ConflictError:
            refused += 1
        else:
            landed += 1
        flag = not flag
    writer.wait()
    present = {line for line in path.read_text(encoding="utf-8").splitlines()}
    lost = sum(f"line {i}" not in present for i in range(lines))
    return AppendRace(way, lines, lost, landed, refused, put_back)


def key_race(way: str, folder: Path, keys: int) -> KeyRace:
    path = folder / f"keys-{way}.md"
    path.write_text(ARTICLE, encoding="utf-8")
    root = str(Path(__file__).resolve().parent.parent)
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", _SETTER, str(path), prefix, str(keys), root, way],
            stdout=subprocess.PIPE,
            text=True,
        )
        for prefix in ("a", "b")
    ]
    reported = sum(int(run.communicate()[0]) for run in runs)
    data = ArticleDocument.load(path).data
    missing = sum(f"{p}{i}" not in data for p in ("a", "b") for i in range(keys))
    missing -= 2 * keys - reported  # keys whose save was reported as failed are not lost
    return KeyRace(way, reported, missing)


def report(lines: int, keys: int) -> list[str]:
    rows = ["(d) Concurrent writers (lost = written by the other process, then gone)"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows.append(
            f"  {'appending writer vs a flip loop':<34} {'appended':>8} {'lost':>5} "
            f"{'landed':>7} {'refused':>7} {'put back':>8}"
        )
        for way in SAVERS:
            a = append_race(way, folder, lines)
            rows.append(
                f"    {a.way:<32} {a.appended:>8,} {a.lost:>5} {a.flips_landed:>7,} "
                f"{a.flips_refused:>7,} {a.put_back:>8}"
            )
        rows.append(f"  {'two processes adding keys':<34} {'reported':>8} {'lost':>5}")
        for way in SAVERS:
            k = key_race(way, folder, keys)
            rows.append(f"    {k.way:<32} {k.reported:>8,} {k.missing:>5}")
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.concurrent_writers")
    parser.add_argument("--lines", type=int, default=3000, help="lines the other process appends")
    parser.add_argument("--keys", type=int, default=200, help="keys each setter process adds")
    args = parser.parse_args(argv)
    print("\n".join(report(args.lines, args.keys)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
