"""The folder index: a cache that a scan reads through, never the source of truth."""

from __future__ import annotations

import os
import sqlite3
import struct
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from curator_app.core import index, library
from curator_app.core.entry import ArticleEntry
from curator_app.core.library import scan_folder

ARTICLE = '---\ntitle: "{title}"\npublished: false\nquality: 20\ntopics: [AI, Zürich]\n---\nBody.\n'
OLD_NS = 1_600_000_000_000_000_000  # 2020: far from "just written" (see index.RACY_NS)


def write(path: Path, title: str, *, text: str | None = None, mtime_ns: int = OLD_NS) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text if text is not None else ARTICLE.format(title=title), encoding="utf-8")
    os.utime(path, ns=(mtime_ns, mtime_ns))
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "articles"
    write(root / "a.md", "Alpha")
    write(root / "b.txt", "Beta")
    write(root / "2024" / "c.md", "Gamma")
    write(root / "broken.md", "", text="---\ntitle: [unclosed\n---\n")
    return root


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The relative paths of the files a scan really reads, in order."""
    seen: list[str] = []
    real = library.read_entry

    def counting(path: Path, folder: Path) -> ArticleEntry:
        seen.append(library.relative_path(path, folder))
        return real(path, folder)

    monkeypatch.setattr(library, "read_entry", counting)
    return seen


def scan(folder: Path) -> list[ArticleEntry]:
    return list(index.scan(folder))


def titles(entries: list[ArticleEntry]) -> dict[str, str]:
    return {entry.relpath: entry.title for entry in entries}


def test_the_index_gives_the_same_entries_as_a_plain_scan_and_reads_nothing_unchanged(
    folder: Path, reads: list[str]
) -> None:
    cold = scan(folder)
    assert sorted(reads) == ["2024/c.md", "a.md", "b.txt", "broken.md"]
    reads.clear()

    warm = scan(folder)

    assert reads == []
    assert warm == cold == list(scan_folder(folder))
    assert [entry.path for entry in warm] == [entry.path for entry in cold]
    alpha = next(entry for entry in warm if entry.relpath == "a.md")
    assert alpha.topics == ("AI", "Zürich") and "zurich" in alpha.search_key
    broken = next(entry for entry in warm if entry.relpath == "broken.md")
    assert broken.error and broken.error_line


def test_new_changed_deleted_and_renamed_files_are_picked_up(
    folder: Path, reads: list[str]
) -> None:
    scan(folder)
    reads.clear()
    write(folder / "new.md", "New")
    write(folder / "a.md", "Alpha, retitled", mtime_ns=OLD_NS + 10**9)
    (folder / "b.txt").unlink()
    (folder / "2024" / "c.md").rename(folder / "2024" / "c2.md")

    entries = scan(folder)

    assert sorted(reads) == ["2024/c2.md", "a.md", "new.md"]
    assert titles(entries) == {
        "2024/c2.md": "Gamma",
        "a.md": "Alpha, retitled",
        "broken.md": "broken",
        "new.md": "New",
    }
    assert entries == list(scan_folder(folder))
    reads.clear()
    assert titles(scan(folder)) == titles(entries) and reads == []


def test_a_change_that_keeps_the_size_but_moves_the_mtime_is_read(
    folder: Path, reads: list[str]
) -> None:
    scan(folder)
    reads.clear()
    write(folder / "a.md", "Alpho", mtime_ns=OLD_NS + 1)  # same length, 1 ns later

    assert titles(scan(folder))["a.md"] == "Alpho"
    assert reads == ["a.md"]


def test_a_file_that_becomes_broken_and_is_fixed_again_is_read_each_time(
    folder: Path,
) -> None:
    scan(folder)
    write(folder / "a.md", "", text="---\n- a list\n---\n", mtime_ns=OLD_NS + 5)
    assert next(e for e in scan(folder) if e.relpath == "a.md").error
    assert next(e for e in scan(folder) if e.relpath == "a.md").error  # cached as broken
    write(folder / "a.md", "Alpha again", mtime_ns=OLD_NS + 9)
    assert titles(scan(folder))["a.md"] == "Alpha again"


def test_a_file_written_just_now_is_read_again_next_time(folder: Path, reads: list[str]) -> None:
    write(folder / "fresh.md", "Fresh", mtime_ns=time.time_ns())
    scan(folder)
    reads.clear()

    scan(folder)

    assert reads == ["fresh.md"]  # its clock tick may hide a second write of the same size


def test_two_folders_never_share_entries(tmp_path: Path) -> None:
    one = write(tmp_path / "one" / "a.md", "One").parent
    two = write(tmp_path / "two" / "a.md", "Two").parent

    assert titles(scan(one)) == {"a.md": "One"}
    assert titles(scan(two)) == {"a.md": "Two"}
    assert titles(scan(one)) == {"a.md": "One"}
    assert index.index_path(one) != index.index_path(two)


def test_a_folder_reached_through_a_link_uses_the_same_index(folder: Path, tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(folder)
    assert index.index_path(link) == index.index_path(folder)
    entries = scan(link)
    assert entries == list(scan_folder(link))
    assert all(str(entry.path).startswith(str(link)) for entry in entries)


def test_the_cache_follows_xdg_cache_home(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "elsewhere"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))

    scan(folder)

    assert index.cache_folder() == cache / "curator"
    assert index.index_path(folder).parent == cache / "curator" / "index"
    assert index.index_path(folder).is_file()


def test_a_relative_xdg_cache_home_is_ignored(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert index.cache_folder().is_absolute()


def test_a_corrupt_index_file_is_rebuilt(folder: Path, reads: list[str]) -> None:
    expected = scan(folder)
    database = index.index_path(folder)
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    database.write_bytes(b"this is not a database" * 100)
    reads.clear()

    assert scan(folder) == expected
    assert len(reads) == 4
    reads.clear()
    assert scan(folder) == expected and reads == []


def test_an_index_of_an_older_schema_is_rebuilt(folder: Path, reads: list[str]) -> None:
    database = index.index_path(folder)
    database.parent.mkdir(parents=True)
    with sqlite3.connect(database) as old:
        old.execute("CREATE TABLE entries (relpath TEXT, title TEXT)")
        old.execute("INSERT INTO entries VALUES ('a.md', 'Stale title')")
        old.execute("PRAGMA user_version = 0")
    old.close()

    assert titles(scan(folder))["a.md"] == "Alpha"
    reads.clear()
    assert titles(scan(folder))["a.md"] == "Alpha" and reads == []
    with sqlite3.connect(database) as check:
        assert check.execute("PRAGMA user_version").fetchone()[0] == index.SCHEMA_VERSION
    check.close()


def test_rows_that_cannot_be_read_back_mean_the_file_is_read(
    folder: Path, reads: list[str]
) -> None:
    scan(folder)
    with sqlite3.connect(index.index_path(folder)) as db:
        db.execute("UPDATE entries SET entry = ? WHERE relpath = 'a.md'", (b"[\x01",))
    db.close()
    reads.clear()

    assert titles(scan(folder))["a.md"] == "Alpha"
    assert reads == ["a.md"]


def test_a_row_gone_after_the_index_was_opened_means_the_file_is_read(
    folder: Path, reads: list[str]
) -> None:
    scan(folder)
    opened = index.FolderIndex.open(folder)  # the rows' signatures are loaded now
    assert opened is not None
    with sqlite3.connect(index.index_path(folder)) as db:  # another scan replaced it
        db.execute("DELETE FROM entries WHERE relpath = 'a.md'")
    db.close()
    reads.clear()
    try:
        entries = list(opened.scan())
    finally:
        opened.close()

    assert titles(entries)["a.md"] == "Alpha"
    assert reads == ["a.md"]


@pytest.fixture
def write_lock(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[sqlite3.Connection]:
    """Another connection holding the index's write lock for the test's duration."""
    monkeypatch.setattr(index, "BUSY_TIMEOUT", 0.05)
    scan(folder)
    other = sqlite3.connect(index.index_path(folder), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    yield other
    other.close()


def test_a_locked_index_is_still_read_and_changes_are_read_from_the_files(
    folder: Path, reads: list[str], write_lock: sqlite3.Connection
) -> None:
    write(folder / "a.md", "Alpha while locked", mtime_ns=OLD_NS + 7)
    write(folder / "d.md", "Delta")
    reads.clear()

    entries = scan(folder)

    assert sorted(reads) == ["a.md", "d.md"]
    assert entries == list(scan_folder(folder))
    write_lock.execute("ROLLBACK")
    reads.clear()
    scan(folder)  # now stored
    reads.clear()
    assert titles(scan(folder))["a.md"] == "Alpha while locked" and reads == []


def test_an_index_locked_even_for_reading_is_bypassed(
    folder: Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    monkeypatch.setattr(index, "BUSY_TIMEOUT", 0.05)
    scan(folder)
    other = sqlite3.connect(index.index_path(folder), isolation_level=None)
    other.execute("PRAGMA locking_mode=EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("UPDATE entries SET signature = signature")
    reads.clear()
    try:
        entries = scan(folder)
        assert len(reads) == 4  # every file read, as without an index
        assert entries == list(scan_folder(folder))
    finally:
        other.close()
    assert index.index_path(folder).is_file()  # bypassed, not deleted
    reads.clear()
    assert scan(folder) == entries and reads == []


def test_a_cache_folder_that_cannot_be_created_is_bypassed(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))

    assert scan(folder) == list(scan_folder(folder))


def test_stopping_a_scan_keeps_the_rows_of_files_not_reached(
    folder: Path, reads: list[str]
) -> None:
    scan(folder)
    partial: list[ArticleEntry] = []
    for entry in index.scan(folder, should_stop=lambda: len(partial) >= 1):
        partial.append(entry)
    assert len(partial) == 1
    reads.clear()
    assert len(scan(folder)) == 4 and reads == []


def test_broken_links_are_listed_without_being_cached(tmp_path: Path) -> None:
    root = tmp_path / "links"
    write(root / "a.md", "Alpha")
    (root / "dangling.md").symlink_to("nothing.md")

    first, second = scan(root), scan(root)

    assert first == second == list(scan_folder(root))
    assert [entry.error for entry in second] == [None, "symbolic link to a missing file"]
    with sqlite3.connect(index.index_path(root)) as db:
        assert [row[0] for row in db.execute("SELECT relpath FROM entries")] == ["a.md"]
    db.close()


def test_warm_entries_keep_their_search_keys_folded_or_not(tmp_path: Path) -> None:
    root = tmp_path / "keys"
    write(root / "plain.md", "Plain Title", text='---\ntitle: "Plain Title"\ntopics: [AI]\n---\n')
    write(root / "accents.md", "Zürich", text='---\ntitle: "Straße in Zürich"\n---\n')

    cold, warm = scan(root), scan(root)

    fresh = [library.read_entry(entry.path, root) for entry in cold]
    assert (
        [e.search_key for e in warm]
        == [e.search_key for e in cold]
        == [e.search_key for e in fresh]
    )
    assert "strasse in zurich" in warm[0].search_key and "plain title" in warm[1].search_key


def test_entries_come_while_the_folder_is_still_being_walked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "many"
    for n in range(40):
        write(root / f"{n:02d}.md", f"Article {n}")
    scan(root)  # half the files come from the index, half are read again
    for n in range(0, 40, 2):
        write(root / f"{n:02d}.md", f"Article {n}, changed")
    monkeypatch.setattr(index, "WALK_AHEAD", 6)
    walked: list[str] = []
    real_walk = library.walk

    def walk(folder: Path) -> Iterator[library.Found]:
        for found in real_walk(folder):
            walked.append(found.relpath)
            yield found

    monkeypatch.setattr(library, "walk", walk)
    walked_at_each_entry = [len(walked) for _entry in index.scan(root)]

    assert walked_at_each_entry[0] <= 6  # the first row did not wait for the whole walk
    assert walked_at_each_entry[-1] == 40
    assert [e.title for e in index.scan(root)] == [
        f"Article {n}, changed" if n % 2 == 0 else f"Article {n}" for n in range(40)
    ]


def test_opening_reads_the_signatures_from_their_index_not_the_entries(folder: Path) -> None:
    scan(folder)
    with sqlite3.connect(index.index_path(folder)) as db:
        plan = db.execute(
            "EXPLAIN QUERY PLAN SELECT relpath, signature, rowid FROM entries"
        ).fetchall()
        stored = dict(db.execute("SELECT relpath, signature FROM entries"))
    db.close()
    assert "COVERING INDEX signatures" in str(plan)
    stat = (folder / "a.md").stat()
    packed = struct.pack("<qqqQ", stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
    assert stored["a.md"] == packed
