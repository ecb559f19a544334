"""`curator scan` and `curator export` read through the folder index; `--no-cache` does not."""

from __future__ import annotations

import json
import marshal
import os
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

from curator_app.core import index

RunCli = Callable[..., subprocess.CompletedProcess[str]]

ARTICLE = '---\ntitle: "{title}"\npublished: {published}\n---\nBody.\n'
OLD_NS = 1_600_000_000_000_000_000


def write(path: Path, title: str, published: bool = False, mtime_ns: int = OLD_NS) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = ARTICLE.format(title=title, published=str(published).lower())
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(mtime_ns, mtime_ns))


def folder_with_articles(root: Path) -> Path:
    write(root / "a.md", "Alpha", published=True)
    write(root / "b.md", "Beta")
    return root


def stored_titles(folder: Path) -> dict[str, str]:
    with sqlite3.connect(index.index_path(folder)) as db:
        rows = db.execute("SELECT relpath, entry FROM entries").fetchall()
    db.close()
    return {relpath: marshal.loads(entry)[0] for relpath, entry in rows}


def scan_titles(run_cli: RunCli, *args: str | Path) -> dict[str, str]:
    result = run_cli("scan", "--json", *args)
    assert result.returncode == 0, result.stderr
    return {row["path"]: row["title"] for row in map(json.loads, result.stdout.splitlines())}


def test_scan_fills_the_index_in_the_cache_folder_and_follows_changes(
    run_cli: RunCli, tmp_path: Path, user_cache: Path
) -> None:
    folder = folder_with_articles(tmp_path / "articles")

    assert scan_titles(run_cli, folder) == {"a.md": "Alpha", "b.md": "Beta"}
    assert index.index_path(folder).is_relative_to(user_cache)
    assert stored_titles(folder) == {"a.md": "Alpha", "b.md": "Beta"}

    write(folder / "b.md", "Beta two", mtime_ns=OLD_NS + 1)
    (folder / "a.md").rename(folder / "c.md")
    assert scan_titles(run_cli, folder) == {"b.md": "Beta two", "c.md": "Alpha"}
    assert stored_titles(folder) == {"b.md": "Beta two", "c.md": "Alpha"}


def test_the_table_is_the_same_with_and_without_the_cache(run_cli: RunCli, tmp_path: Path) -> None:
    folder = folder_with_articles(tmp_path / "articles")
    plain = run_cli("scan", "--no-cache", folder)
    cold, warm = run_cli("scan", folder), run_cli("scan", folder)
    assert plain.returncode == cold.returncode == warm.returncode == 0
    assert plain.stdout == cold.stdout == warm.stdout
    assert "2 articles, 1 published, 0 errors" in warm.stdout


def test_no_cache_neither_reads_nor_writes_the_index(run_cli: RunCli, tmp_path: Path) -> None:
    folder = folder_with_articles(tmp_path / "articles")

    assert scan_titles(run_cli, "--no-cache", folder) == {"a.md": "Alpha", "b.md": "Beta"}
    assert not index.index_path(folder).exists()

    scan_titles(run_cli, folder)
    with sqlite3.connect(index.index_path(folder)) as db:  # a lying index…
        (stored,) = db.execute("SELECT entry FROM entries WHERE relpath = 'b.md'").fetchone()
        lie = [("Lie" if value == "Beta" else value) for value in marshal.loads(stored)]
        db.execute("UPDATE entries SET entry = ? WHERE relpath = 'b.md'", (marshal.dumps(lie),))
    db.close()
    assert scan_titles(run_cli, folder)["b.md"] == "Lie"  # …is believed while nothing changed,
    assert scan_titles(run_cli, "--no-cache", folder)["b.md"] == "Beta"  # but not here


def test_export_selects_through_the_index_and_no_cache_bypasses_it(
    run_cli: RunCli, tmp_path: Path
) -> None:
    folder = folder_with_articles(tmp_path / "articles")
    args = ("export", folder, "--format", "jsonl", "--select", "published", "--output", "-")

    first = run_cli(*args)
    assert first.returncode == 0, first.stderr
    assert [json.loads(line)["title"] for line in first.stdout.splitlines()] == ["Alpha"]
    assert stored_titles(folder) == {"a.md": "Alpha", "b.md": "Beta"}

    without = tmp_path / "other"
    folder_with_articles(without)
    second = run_cli(*args[:1], without, *args[2:], "--no-cache")
    assert second.returncode == 0, second.stderr
    assert [json.loads(line)["title"] for line in second.stdout.splitlines()] == ["Alpha"]
    assert not index.index_path(without).exists()


def test_a_corrupt_index_does_not_show(run_cli: RunCli, tmp_path: Path) -> None:
    folder = folder_with_articles(tmp_path / "articles")
    scan_titles(run_cli, folder)
    database = index.index_path(folder)
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    database.write_bytes(b"\0garbage" * 512)

    result = run_cli("scan", folder)

    assert result.returncode == 0 and result.stderr == ""
    assert "2 articles, 1 published, 0 errors" in result.stdout
