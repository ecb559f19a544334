"""The front-matter merge driver, on its own and run by git in real merges."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from curator_app.core import conflicts
from curator_app.core.conflicts import Side
from curator_app.core.document import ArticleDocument
from curator_app.core.git import GitRepo
from curator_app.core.gitsetup import driver_command, git_setup, is_set_up
from curator_app.core.merge import merge_bytes

BASE = b"""---
title: "Old title"
published: false
quality: 20
---
Line one.
Line two.
"""
DRIVER = driver_command(f"{shlex.quote(sys.executable)} -m curator_app.cli")


def merged(base: bytes, ours: bytes, theirs: bytes) -> tuple[bytes, tuple[str, ...]]:
    result = merge_bytes(base, ours, theirs, Path("a.md"))
    return result.raw, result.conflicts


def test_a_publish_and_a_retitle_on_adjacent_lines_merge_cleanly() -> None:
    ours = BASE.replace(b"published: false", b"published: true")
    theirs = BASE.replace(b'"Old title"', b'"New title"')
    raw, problems = merged(BASE, ours, theirs)
    assert problems == ()
    assert raw == BASE.replace(b"published: false", b"published: true").replace(
        b'"Old title"', b'"New title"'
    )


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    ours = BASE.replace(b"quality: 20", b"quality: 90")
    theirs = BASE.replace(b"quality: 20", b"quality: 90").replace(b"false", b"true")
    raw, problems = merged(BASE, ours, theirs)
    assert problems == ()
    assert ArticleDocument(Path("a.md"), raw).data == {
        "title": "Old title",
        "published": True,
        "quality": 90,
    }


def test_a_key_added_and_a_key_removed_on_the_other_side() -> None:
    ours = BASE.replace(b"quality: 20\n", b"")
    theirs = BASE.replace(b"quality: 20\n", b"quality: 20\nheat: 7\n")
    raw, problems = merged(BASE, ours, theirs)
    assert problems == ()
    assert ArticleDocument(Path("a.md"), raw).data == {
        "title": "Old title",
        "published": False,
        "heat": 7,
    }


def test_the_bodies_are_merged_by_git() -> None:
    ours = BASE.replace(b"Line one.", b"Line one, ours.").replace(b"false", b"true")
    theirs = BASE + b"Line three, theirs.\n"
    raw, problems = merged(BASE, ours, theirs)
    assert problems == ()
    assert raw.endswith(b"Line one, ours.\nLine two.\nLine three, theirs.\n")
    assert b"published: true" in raw


def test_the_same_key_changed_differently_conflicts_around_that_key_only() -> None:
    ours = BASE.replace(b'"Old title"', b'"Mine"').replace(b"quality: 20", b"quality: 30")
    theirs = BASE.replace(b'"Old title"', b'"Theirs"').replace(b"false", b"true")
    raw, problems = merged(BASE, ours, theirs)
    assert problems == ("title",)
    assert raw == (
        b"---\n<<<<<<< ours\n"
        b'title: "Mine"\n=======\ntitle: "Theirs"\n>>>>>>> theirs\n'
        b"published: true\nquality: 30\n---\nLine one.\nLine two.\n"
    )
    assert conflicts.conflict_keys(raw) == ("title",)
    assert conflicts.resolve(raw, "title", Side.OURS) == ours.replace(b"false", b"true")
    assert conflicts.resolve(raw, "title", Side.THEIRS) == theirs.replace(
        b"quality: 20", b"quality: 30"
    )


def test_a_file_that_is_not_an_article_is_merged_as_lines() -> None:
    base = b"one\ntwo\nthree\n"
    raw, problems = merged(base, b"ONE\ntwo\nthree\n", b"one\ntwo\nTHREE\n")
    assert (raw, problems) == (b"ONE\ntwo\nTHREE\n", ())


def _two_editors(git, title_ours: str, title_theirs: str | None) -> tuple[Path, str]:
    origin = git.init("origin", {"news/a.md": "Old title", "news/b.md": "Other"})
    repo = GitRepo.find(origin)
    assert repo is not None
    git_setup(repo, origin / "news", DRIVER)
    git.commit_all(origin, "Register the merge driver")
    git(origin, "checkout", "--quiet", "-b", "theirs")
    article = origin / "news" / "a.md"
    text = article.read_text()
    if title_theirs is None:
        article.write_text(text.replace("published: false", "published: true"))
    else:
        article.write_text(text.replace("Old title", title_theirs))
    git.commit_all(origin, "theirs", author="Ben")
    git(origin, "checkout", "--quiet", "main")
    article.write_text(text.replace("Old title", title_ours))
    git.commit_all(origin, "ours")
    done = git(origin, "merge", "--no-edit", "theirs") if title_theirs is None else ""
    return origin, done


def test_git_merges_a_retitle_with_a_publish_through_the_driver(git) -> None:
    origin, _ = _two_editors(git, "New title", None)
    text = (origin / "news" / "a.md").read_text()
    assert 'title: "New title"\npublished: true\n' in text
    assert "<<<<<<<" not in text


def test_without_the_driver_git_conflicts_on_the_same_change(git) -> None:
    origin = git.init("plain", {"a.md": "Old title"})
    git(origin, "checkout", "--quiet", "-b", "theirs")
    article = origin / "a.md"
    text = article.read_text()
    article.write_text(text.replace("published: false", "published: true"))
    git.commit_all(origin, "publish")
    git(origin, "checkout", "--quiet", "main")
    article.write_text(text.replace("Old title", "New title"))
    git.commit_all(origin, "retitle")
    try:
        git(origin, "merge", "--no-edit", "theirs")
    except AssertionError as error:
        assert "CONFLICT" in str(error)
    else:  # pragma: no cover - git's line merge conflicts on adjacent lines
        raise AssertionError("git merged adjacent lines without the driver")


def test_git_setup_is_idempotent_and_says_what_it_changed(git) -> None:
    origin = git.init("setup", {"news/a.md": "A"})
    repo = GitRepo.find(origin)
    assert repo is not None
    assert not is_set_up(repo, origin / "news")
    first = git_setup(repo, origin / "news", DRIVER)
    assert any("merge.curator-frontmatter.driver" in line for line in first)
    assert any("*.md merge=curator-frontmatter" in line for line in first)
    assert git_setup(repo, origin / "news", DRIVER) == []
    assert is_set_up(repo, origin / "news")
    assert (origin / "news" / ".gitattributes").read_text().count("*.txt") == 1


def test_git_setup_adds_to_an_existing_gitattributes_keeping_it(git) -> None:
    origin = git.init("keep", {"news/a.md": "A"})
    attributes = origin / "news" / ".gitattributes"
    attributes.write_text("*.png binary\n*.md merge=curator-frontmatter", encoding="utf-8")
    attributes.chmod(0o640)
    repo = GitRepo.find(origin)
    assert repo is not None
    changes = git_setup(repo, origin / "news", DRIVER)
    assert [c for c in changes if ".gitattributes" in c] == [
        "news/.gitattributes: *.markdown merge=curator-frontmatter",
        "news/.gitattributes: *.txt merge=curator-frontmatter",
    ]
    assert attributes.read_text(encoding="utf-8") == (
        "*.png binary\n*.md merge=curator-frontmatter\n"
        "*.markdown merge=curator-frontmatter\n*.txt merge=curator-frontmatter\n"
    )
    assert attributes.stat().st_mode & 0o777 == 0o640  # saved like an article: mode kept
    assert sorted(p.name for p in attributes.parent.iterdir()) == [".gitattributes", "a.md"]
