from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from curator_app.core.document import ArticleDocument
from curator_app.core.editing import ArticleEditor, check_value
from curator_app.core.errors import ConflictError, EditError
from curator_app.core.library import read_entry

SEED = """---
title: "Seed title"
quality: 24
published: false
provider:
  name: Example
  published: true
secured: "abc=="
---

Body.
"""
OLD_NS = 1_600_000_000_000_000_000


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_bytes(SEED.encode())
    os.utime(path, ns=(OLD_NS, OLD_NS))
    return path


def test_apply_changes_one_line_and_returns_the_new_entry(
    seed: Path, changed_lines: Callable[[bytes, bytes], list[int]]
) -> None:
    editor = ArticleEditor(seed.parent)
    before = seed.read_bytes()
    entry = editor.apply(seed, "published", True, read_entry(seed, seed.parent))
    assert entry.published is True
    assert entry.relpath == "a.txt"
    assert changed_lines(before, seed.read_bytes()) == [3]
    assert (entry.size, entry.mtime_ns) == (seed.stat().st_size, seed.stat().st_mtime_ns)


def test_change_reports_old_value_and_revert_restores_bytes(seed: Path) -> None:
    editor = ArticleEditor(seed.parent)
    before = seed.read_bytes()
    change = editor.change(seed, "title", "Another title", read_entry(seed, seed.parent))
    assert (change.had_key, change.old_value, change.written) == (True, "Seed title", True)
    editor.revert(change, "title")
    assert seed.read_bytes() == before


def test_an_added_key_is_removed_again(seed: Path) -> None:
    editor = ArticleEditor(seed.parent)
    before = seed.read_bytes()
    change = editor.change(seed, "heat", 5)
    assert (change.had_key, change.written) == (False, True)
    assert b"heat: 5" in seed.read_bytes()
    entry = editor.revert(change, "heat")
    assert seed.read_bytes() == before
    assert entry.heat is None


def test_setting_the_same_value_writes_nothing(seed: Path) -> None:
    editor = ArticleEditor(seed.parent)
    mtime = seed.stat().st_mtime_ns
    change = editor.change(seed, "published", False)
    assert change.written is False
    assert seed.stat().st_mtime_ns == mtime


def test_a_file_changed_since_it_was_listed_is_refused(seed: Path) -> None:
    editor = ArticleEditor(seed.parent)
    listed = read_entry(seed, seed.parent)
    theirs = SEED.replace("Seed title", "Their title").encode()
    seed.write_bytes(theirs)
    with pytest.raises(ConflictError, match="changed on disk"):
        editor.apply(seed, "published", True, listed)
    assert seed.read_bytes() == theirs


def test_same_size_but_new_mtime_is_a_conflict(seed: Path) -> None:
    editor = ArticleEditor(seed.parent)
    listed = read_entry(seed, seed.parent)
    os.utime(seed, ns=(OLD_NS + 10**9, OLD_NS + 10**9))
    with pytest.raises(ConflictError, match="modification time"):
        editor.apply(seed, "published", True, listed)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("published", "yes", "true or false"),
        ("title", "   ", "cannot be empty"),
        ("title", "two\nlines", "single line"),
        ("title", 5, "must be text"),
        ("quality", "high", "whole number"),
        ("quality", True, "whole number"),
        ("publishedDateTime", "2021-10-11", "date and time"),
        ("topics", ["AI", ""], "list of non-empty texts"),
        ("secured", "x", "never rewritten"),
    ],
)
def test_invalid_values_are_refused_and_nothing_is_written(
    seed: Path, key: str, value: object, message: str
) -> None:
    before = seed.read_bytes()
    with pytest.raises(EditError, match=message):
        ArticleEditor(seed.parent).apply(seed, key, value)
    assert seed.read_bytes() == before


def test_valid_values_pass() -> None:
    path = Path("x.txt")
    check_value(path, "publishedDateTime", datetime(2021, 1, 1, tzinfo=UTC))
    check_value(path, "topics", ["AI"])
    check_value(path, "heat", -1)
    check_value(path, "excerpt", "")
    check_value(path, "customKey", {"any": "thing"})


def test_read_document_and_entry(seed: Path) -> None:
    editor = ArticleEditor(seed.parent)
    assert editor.read_document(seed).get("quality") == 24
    assert editor.read_entry(seed).title == "Seed title"
    assert editor.read_entry(seed.parent / "missing.txt").error is not None


@pytest.mark.parametrize(
    ("line", "key", "value"),
    [
        (b"type: article", "type", "a: b"),  # the new value needs quotes, the old had none
        (b"published: no", "published", True),  # a YAML 1.1 boolean is written `true`
    ],
)
def test_revert_restores_the_exact_old_spelling(
    tmp_path: Path, line: bytes, key: str, value: object
) -> None:
    path = tmp_path / "a.txt"
    before = b"---\ntitle: T\n" + line + b"  # kept\n---\nBody\n"
    path.write_bytes(before)
    editor = ArticleEditor(tmp_path)
    change = editor.change(path, key, value, read_entry(path, tmp_path))
    assert path.read_bytes() != before
    editor.revert(change, key)
    assert path.read_bytes() == before


def test_revert_after_an_outside_edit_sets_only_the_key_back(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"---\ntitle: T\npublished: false\n---\n")
    editor = ArticleEditor(tmp_path)
    change = editor.change(path, "published", True)
    ArticleDocument.load(path).set("title", "Changed elsewhere")  # another tool's edit
    editor.revert(change, "published")
    assert path.read_bytes() == b"---\ntitle: Changed elsewhere\npublished: false\n---\n"


def test_a_change_that_kept_size_and_mtime_is_still_caught_before_any_write(
    tmp_path: Path,
) -> None:
    path = tmp_path / "a.md"
    path.write_text('---\ntitle: "Alpha"\npublished: false\n---\nBody\n', encoding="utf-8")
    shown = read_entry(path, tmp_path)  # what the list shows, from the index or a read
    before = path.stat()
    # Another program rewrites it within one clock tick (or sets its time back): same size.
    theirs = '---\ntitle: "Alpha"\npublished: true \n---\nBody\n'
    path.write_text(theirs, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    editor = ArticleEditor(tmp_path)

    with pytest.raises(ConflictError, match="published value"):
        editor.change(path, "published", True, expected=shown, seen=False)
    with pytest.raises(ConflictError, match="its content differs"):
        editor.change(path, "title", "Beta", expected=shown)
    assert path.read_text(encoding="utf-8") == theirs
    # A title edit decided on the shown row still lands: the key it changes did not move.
    change = editor.change(path, "title", "Beta", expected=shown, seen="Alpha")
    assert change.rebased and "published: true" in path.read_text(encoding="utf-8")
