"""The save transaction: lock, re-read, final check, replace, verify; links, owners, xattrs."""

from __future__ import annotations

import errno
import fcntl
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from curator_app.core import atomic
from curator_app.core.document import ArticleDocument
from curator_app.core.editing import ArticleEditor
from curator_app.core.errors import ConflictError, LateWriteError, ReadError, WriteError
from curator_app.core.library import read_entry

ARTICLE = """---
title: "Alpha"
quality: 10
published: false
---

Body.
"""


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- other programs' changes are never lost silently ---------------------------------


def test_a_write_between_the_final_check_and_the_replace_is_put_back(
    article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_rename = atomic._rename
    theirs = ARTICLE + "Their line.\n"

    def other_writer_first(tmp: Path, target: Path) -> None:
        monkeypatch.setattr(atomic, "_rename", real_rename)  # once: not before the put-back
        with open(target, "a", encoding="utf-8") as handle:  # writes into the old inode
            handle.write("Their line.\n")
        real_rename(tmp, target)

    monkeypatch.setattr(atomic, "_rename", other_writer_first)
    with pytest.raises(LateWriteError, match="another program wrote to it"):
        ArticleEditor(article.parent).change(article, "published", True)
    assert article.read_text(encoding="utf-8") == theirs
    assert _names(article.parent) == ["a.md"]


def test_a_file_replaced_by_another_program_before_the_final_check_is_not_overwritten(
    article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    theirs = ARTICLE.replace("Alpha", "Theirs")
    real_check = atomic._LockedFile._final_check

    def replaced_meanwhile(self: atomic._LockedFile) -> None:
        other = article.with_name("other.tmp")
        other.write_text(theirs, encoding="utf-8")
        os.replace(other, article)  # another editor's own atomic save
        real_check(self)

    monkeypatch.setattr(atomic._LockedFile, "_final_check", replaced_meanwhile)
    with pytest.raises(ConflictError):
        ArticleEditor(article.parent).change(article, "published", True)
    assert article.read_text(encoding="utf-8") == theirs
    assert _names(article.parent) == ["a.md"]


_SETTER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from curator_app.core.editing import ArticleEditor
    path, prefix, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    editor = ArticleEditor(path.parent)
    for i in range(count):
        editor.change(path, f"{prefix}{i}", i, new_key=True)
    """
)


def test_two_processes_adding_keys_to_one_file_both_land(article: Path) -> None:
    count = 60
    processes = [
        subprocess.Popen([sys.executable, "-c", _SETTER, str(article), prefix, str(count)])
        for prefix in ("a", "b")
    ]
    assert [p.wait(timeout=120) for p in processes] == [0, 0]
    data = ArticleDocument.load(article).data
    for prefix in ("a", "b"):
        assert [data.get(f"{prefix}{i}") for i in range(count)] == list(range(count))
    assert data["title"] == "Alpha"


def test_an_edit_decided_on_an_older_read_lands_when_its_key_is_unchanged(
    article: Path,
) -> None:
    editor = ArticleEditor(article.parent)
    listed = read_entry(article, article.parent)
    article.write_text(ARTICLE.replace("quality: 10", "quality: 11"), encoding="utf-8")
    change = editor.change(article, "published", True, listed, seen=False)
    assert change.rebased is True
    data = ArticleDocument.load(article).data
    assert (data["published"], data["quality"]) == (True, 11)


def test_an_edit_whose_key_changed_meanwhile_is_a_conflict(article: Path) -> None:
    editor = ArticleEditor(article.parent)
    listed = read_entry(article, article.parent)
    theirs = ARTICLE.replace("published: false", "published: true")
    article.write_text(theirs, encoding="utf-8")
    with pytest.raises(ConflictError, match="published"):
        editor.change(article, "published", False, listed, seen=False)
    assert article.read_text(encoding="utf-8") == theirs


def test_a_lock_held_too_long_is_reported_not_waited_for_forever(
    article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomic, "LOCK_TIMEOUT_S", 0.2)
    with open(article, "rb") as holder:
        fcntl.flock(holder.fileno(), fcntl.LOCK_EX)
        with pytest.raises(WriteError, match="being saved by another program"):
            ArticleEditor(article.parent).change(article, "published", True)
    assert article.read_text(encoding="utf-8") == ARTICLE


# -- saving keeps what kind of file it is ---------------------------------------------


def test_a_symlinked_article_is_saved_through_to_its_target(tmp_path: Path) -> None:
    real = tmp_path / "store" / "a.md"
    real.parent.mkdir()
    real.write_text(ARTICLE, encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(Path("store") / "a.md")
    ArticleEditor(tmp_path).change(link, "published", True)
    assert link.is_symlink() and os.readlink(link) == str(Path("store") / "a.md")
    assert ArticleDocument.load(real).published is True
    assert _names(real.parent) == ["a.md"] and _names(tmp_path) == ["link.md", "store"]


def test_a_file_with_several_hard_links_is_refused_untouched(article: Path) -> None:
    twin = article.with_name("twin.md")
    os.link(article, twin)
    with pytest.raises(WriteError, match="2 hard links"):
        ArticleEditor(article.parent).change(article, "published", True)
    assert article.read_text(encoding="utf-8") == ARTICLE
    assert os.stat(article).st_ino == os.stat(twin).st_ino
    assert _names(article.parent) == ["a.md", "twin.md"]


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file away needs root")
def test_owner_group_and_set_id_bits_are_kept(article: Path) -> None:
    os.chown(article, 1234, 5678)
    article.chmod(0o6750)
    ArticleEditor(article.parent).change(article, "published", True)
    st = article.stat()
    assert (st.st_uid, st.st_gid) == (1234, 5678)
    assert stat.S_IMODE(st.st_mode) == 0o6750
    assert ArticleDocument.load(article).published is True


def test_an_owner_that_cannot_be_kept_refuses_the_save(
    article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.chown(article, os.getuid() + 1, os.getgid())

    def refuse(*_args: object) -> None:
        raise PermissionError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(os, "fchown", refuse)  # what an ordinary user meets
    with pytest.raises(WriteError, match="would change that"):
        ArticleEditor(article.parent).change(article, "published", True)
    assert article.read_text(encoding="utf-8") == ARTICLE
    assert _names(article.parent) == ["a.md"]


def _xattrs_supported(path: Path) -> bool:
    try:
        os.setxattr(path, "user.curator-probe", b"1")
    except OSError:
        return False
    os.removexattr(path, "user.curator-probe")
    return True


def test_extended_attributes_are_kept(article: Path) -> None:
    if not _xattrs_supported(article):
        pytest.skip("this file system has no user extended attributes")
    os.setxattr(article, "user.origin", b"scraper-7")
    ArticleEditor(article.parent).change(article, "published", True)
    assert os.getxattr(article, "user.origin") == b"scraper-7"


def test_an_extended_attribute_that_cannot_be_kept_refuses_the_save(
    article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not _xattrs_supported(article):
        pytest.skip("this file system has no user extended attributes")
    os.setxattr(article, "user.origin", b"scraper-7")

    def refuse(*_args: object) -> None:
        raise OSError(errno.ENOTSUP, os.strerror(errno.ENOTSUP))

    monkeypatch.setattr(os, "setxattr", refuse)
    with pytest.raises(WriteError, match=r"user\.origin cannot be kept"):
        ArticleEditor(article.parent).change(article, "published", True)
    assert article.read_text(encoding="utf-8") == ARTICLE
    assert _names(article.parent) == ["a.md"]


def test_a_255_byte_file_name_saves(tmp_path: Path) -> None:
    path = tmp_path / ("n" * 252 + ".md")
    path.write_text(ARTICLE, encoding="utf-8")
    ArticleEditor(tmp_path).change(path, "published", True)
    assert ArticleDocument.load(path).published is True


# -- only regular files, and bounded reads --------------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_anything_but_a_regular_file_is_refused_at_once(tmp_path: Path, kind: str) -> None:
    if kind == "fifo":
        path = tmp_path / "pipe.md"
        os.mkfifo(path)
    else:
        path = Path("/dev/zero")
    started = time.monotonic()
    with pytest.raises(ReadError, match="not an article file"):
        ArticleDocument.load(path)
    with pytest.raises(ReadError, match="not an article file"):
        ArticleEditor(tmp_path).change(path, "published", True)
    assert time.monotonic() - started < 5  # refused, not read (nor waited on)


def test_a_file_larger_than_the_limit_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomic, "MAX_FILE_BYTES", 4096)
    path = tmp_path / "big.md"
    path.write_bytes(ARTICLE.encode() + b"x" * 10_000)
    with pytest.raises(ReadError, match="larger than"):
        ArticleDocument.load(path)


# -- temporary files ------------------------------------------------------------------


_KILLED_MID_SAVE = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from curator_app.core import atomic
    from curator_app.core.editing import ArticleEditor
    def hang(fd):
        print("writing", flush=True)
        time.sleep(60)
    atomic.os.fsync = hang
    ArticleEditor(Path(sys.argv[1]).parent).change(Path(sys.argv[1]), "published", True)
    """
)


def test_a_temporary_file_left_by_a_killed_process_is_removed_next_time(
    article: Path,
) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_MID_SAVE, str(article)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline() == "writing\n"
    # While the save is under way its temporary file is in use: never removed.
    leftovers = [n for n in _names(article.parent) if n != "a.md"]
    assert len(leftovers) == 1 and leftovers[0].startswith(atomic.TEMP_PREFIX)
    assert atomic.remove_stale_temporaries(article.parent) == 0
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    child.stdout.close()
    assert article.read_text(encoding="utf-8") == ARTICLE  # the old bytes, whole
    ArticleEditor(article.parent).change(article, "published", True)
    assert _names(article.parent) == ["a.md"]
    assert ArticleDocument.load(article).published is True


def test_only_curators_own_temporary_names_are_swept(tmp_path: Path) -> None:
    keep = [".curator-notes.tmp", ".curator-0123abcd.tmp.bak", "x.tmp"]
    for name in [*keep, ".curator-0123abcd.tmp"]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert atomic.remove_stale_temporaries(tmp_path) == 1
    assert _names(tmp_path) == sorted(keep)


def test_saving_never_waits_on_the_reader_of_a_fifo_named_like_a_temporary(
    tmp_path: Path,
) -> None:
    os.mkfifo(tmp_path / ".curator-0123abcd.tmp")
    started = time.monotonic()
    atomic.remove_stale_temporaries(tmp_path)
    assert time.monotonic() - started < 5


def test_a_scan_removes_temporary_files_left_behind_but_not_live_ones(tmp_path: Path) -> None:
    from curator_app.core.library import scan_folder

    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text(ARTICLE, encoding="utf-8")
    stale = tmp_path / "sub" / ".curator-0123abcd.tmp"
    live = tmp_path / "sub" / ".curator-89abcdef.tmp"
    stale.write_text("half", encoding="utf-8")
    live.write_text("being written", encoding="utf-8")
    with open(live, "rb") as holder:
        fcntl.flock(holder.fileno(), fcntl.LOCK_EX)  # a save under way holds it
        entries = list(scan_folder(tmp_path))
    assert [e.relpath for e in entries] == ["sub/a.md"]
    assert _names(tmp_path / "sub") == [".curator-89abcdef.tmp", "a.md"]


def test_a_sweep_never_takes_a_temporary_file_just_created_and_not_yet_locked(
    tmp_path: Path,
) -> None:
    just_created = tmp_path / ".curator-0123abcd.tmp"
    just_created.write_bytes(b"")  # a save between creating and locking its file
    assert atomic.remove_stale_temporaries(tmp_path) == 0
    old = time.time() - 2 * atomic.STALE_EMPTY_S
    os.utime(just_created, (old, old))  # left empty long ago by a killed process
    assert atomic.remove_stale_temporaries(tmp_path) == 1
