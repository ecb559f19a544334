"""Folder listings as strings: what changed is found folder by folder."""

from __future__ import annotations

import os
from pathlib import Path

from curator_app.core.tree_listing import (
    compare,
    file_count,
    files_in,
    list_folder,
    list_tree,
    listing_of,
)


def write(path: Path, text: str = "---\ntitle: x\n---\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def signatures(root: Path) -> list[tuple[str, int, int]]:
    """(path, size, mtime_ns) of every article below ``root``, as the list read them."""
    found = []
    for path in root.rglob("*.md"):
        stat = path.stat()
        found.append((str(path), stat.st_size, stat.st_mtime_ns))
    return found


def test_a_listing_of_the_files_as_read_equals_the_listing_of_the_disk(tmp_path: Path) -> None:
    write(tmp_path / "a.md")
    write(tmp_path / "2024" / "05" / "b.md")
    write(tmp_path / "2024" / "c.md")
    tree = list_tree([str(tmp_path)])
    assert tree.files == listing_of(signatures(tmp_path))
    changes = compare(listing_of(signatures(tmp_path)), tree)
    assert (changes.changed, changes.removed, changes.gone_folders) == ([], [], [])
    assert file_count(tree.files) == 3


def test_new_changed_and_removed_files_are_found(tmp_path: Path) -> None:
    keep = write(tmp_path / "keep.md")
    grow = write(tmp_path / "sub" / "grow.md")
    gone = write(tmp_path / "sub" / "gone.md")
    known = list_tree([str(tmp_path)]).files
    grow.write_text("---\ntitle: longer now\n---\n", encoding="utf-8")
    gone.unlink()
    new = write(tmp_path / "sub" / "new.md")
    changes = compare(known, list_tree([str(tmp_path)]))
    assert sorted(changes.changed) == sorted([str(grow), str(new)])
    assert changes.removed == [str(gone)]
    assert str(keep) not in changes.changed
    assert changes.gone_folders == []


def test_a_file_rewritten_with_the_same_size_but_a_new_time_is_changed(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md")
    known = list_tree([str(tmp_path)]).files
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert compare(known, list_tree([str(tmp_path)])).changed == [str(path)]


def test_a_deleted_subtree_is_gone_to_its_deepest_folder(tmp_path: Path) -> None:
    """Every folder below a deleted one goes with it, and all of their files."""
    top = write(tmp_path / "a" / "top.md")
    deep = write(tmp_path / "a" / "b" / "c" / "deep.md")
    other = write(tmp_path / "z" / "other.md")
    known = list_tree([str(tmp_path)]).files
    for path in (deep, top):
        path.unlink()
    for folder in ("a/b/c", "a/b", "a"):
        (tmp_path / folder).rmdir()
    changes = compare(known, list_tree([str(tmp_path)]))
    assert sorted(changes.gone_folders) == sorted(str(tmp_path / f) for f in ("a", "a/b", "a/b/c"))
    assert sorted(changes.removed) == sorted([str(top), str(deep)])
    assert str(other) not in changes.removed


def test_a_folder_that_cannot_be_listed_any_more_is_gone(tmp_path: Path) -> None:
    inner = write(tmp_path / "inner" / "x.md")
    known = list_tree([str(tmp_path)]).files
    inner.unlink()
    inner.parent.rmdir()
    # A watch named the folder itself: it is listed alone, and fails.
    changes = compare(known, list_tree([str(inner.parent)], known))
    assert changes.gone_folders == [str(inner.parent)]
    assert changes.removed == [str(inner)]


def test_listing_named_folders_goes_into_new_subfolders_only(tmp_path: Path) -> None:
    write(tmp_path / "old" / "o.md")
    known = list_tree([str(tmp_path)]).files
    fresh = write(tmp_path / "new" / "n.md")
    write(tmp_path / "old" / "later.md")
    tree = list_tree([str(tmp_path)], known)
    assert set(tree.files) == {str(tmp_path), str(tmp_path / "new")}
    assert compare(known, tree).changed == [str(fresh)]


def test_names_with_tabs_and_newlines_round_trip(tmp_path: Path) -> None:
    odd = write(tmp_path / "tab\there\nand newline.md")
    text, subfolders = list_folder(str(tmp_path)) or ("", [])
    assert subfolders == []
    assert list(files_in(str(tmp_path), text)) == [str(odd)]
    assert files_in(str(tmp_path), text)[str(odd)] == (odd.stat().st_size, odd.stat().st_mtime_ns)


def test_hidden_and_other_files_are_left_out_and_a_broken_link_is_listed(tmp_path: Path) -> None:
    write(tmp_path / ".hidden.md")
    write(tmp_path / "notes.pdf")
    (tmp_path / "broken.md").symlink_to(tmp_path / "missing.md")
    text, _ = list_folder(str(tmp_path)) or ("", [])
    assert files_in(str(tmp_path), text) == {str(tmp_path / "broken.md"): (-1, -1)}


def test_an_empty_folder_lists_no_files(tmp_path: Path) -> None:
    assert list_folder(str(tmp_path)) == ("", [])
    assert files_in(str(tmp_path), "") == {}
    assert file_count({str(tmp_path): ""}) == 0
