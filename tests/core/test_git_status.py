"""Status, commits and per-key history read from real repositories through git."""

from __future__ import annotations

import os
from pathlib import Path

from curator_app.core.git import GitRepo
from curator_app.core.githistory import history
from curator_app.core.gitstatus import State, commit, commit_message, status


def _repo(path: Path) -> GitRepo:
    repo = GitRepo.find(path)
    assert repo is not None
    return repo


def test_status_lists_changed_articles_and_their_keys(git) -> None:
    origin = git.init("r", {"news/a.md": "Alpha", "news/b.md": "Beta", "news/c.md": "Gamma"})
    news = origin / "news"
    (news / "a.md").write_text((news / "a.md").read_text().replace("false", "true"))
    b = (news / "b.md").read_text().replace("Beta", "Beta 2").replace("Body", "New body")
    (news / "b.md").write_text(b)
    (news / "c.md").unlink()
    (news / "d.md").write_text("---\ntitle: Delta\n---\n")
    (news / "notes.json").write_text("{}")  # not an article: never listed
    (origin / "README").write_text("changed")
    files = {f.relpath: f for f in status(_repo(origin), news)}
    assert sorted(files) == ["news/a.md", "news/b.md", "news/c.md", "news/d.md"]
    assert files["news/a.md"].state is State.MODIFIED
    assert files["news/a.md"].keys == ("published",)
    assert files["news/a.md"].decision == "Published: Alpha"
    assert files["news/b.md"].keys == ("title", "body")
    assert files["news/b.md"].decision == "Title, body edited: Beta 2"
    assert files["news/c.md"].state is State.DELETED
    assert files["news/d.md"].state is State.UNTRACKED
    assert files["news/d.md"].decision == "Added: Delta"


def test_commit_takes_only_the_chosen_articles_with_the_generated_message(git) -> None:
    origin = git.init("r", {"a.md": "Alpha", "b.md": "Beta"})
    for name in ("a.md", "b.md"):
        path = origin / name
        path.write_text(path.read_text().replace("false", "true"))
    (origin / "other.txt.orig").write_text("x")
    (origin / "README").write_text("staged already")
    git(origin, "add", "README")
    repo = _repo(origin)
    chosen = [f for f in status(repo, origin) if f.relpath == "a.md"]
    message = commit_message(chosen)
    assert message == "Review 1 article: 1 published\n\n- Published: Alpha\n"
    commit(repo, chosen, message)
    assert git(origin, "show", "--name-only", "--format=%B", "HEAD").split() == [
        *message.split(),
        "a.md",
    ]
    left = git(origin, "status", "--porcelain")
    assert "A  README" in left and " M b.md" in left


def test_history_reports_a_publish_and_a_retitle_with_author_and_date(git) -> None:
    origin = git.init("r", {"a.md": "Alpha"})
    path = origin / "a.md"
    path.write_text(path.read_text().replace("false", "true"))
    git.commit_all(origin, "publish", author="Ana")
    path.write_text(path.read_text().replace('"Alpha"', '"Alpha, retitled"'))
    git.commit_all(origin, "retitle", author="Ben")
    entries = history(_repo(origin), path)
    changes = [(e.key, e.old, e.new, e.author) for e in entries]
    assert changes[:2] == [
        ("title", "Alpha", "Alpha, retitled", "Ben"),
        ("published", False, True, "Ana"),
    ]
    assert entries[0].line().startswith("title Alpha → Alpha, retitled · Ben · ")
    assert [e.key for e in history(_repo(origin), path, "published")] == ["published", "published"]


def test_a_folder_outside_git_and_a_machine_without_git_find_no_repository(
    tmp_path: Path, git
) -> None:
    outside = tmp_path / "plain"
    outside.mkdir()
    assert GitRepo.find(outside) is None
    origin = git.init("r", {"a.md": "Alpha"})
    no_git = dict(os.environ, PATH=str(tmp_path / "empty-bin"))
    assert GitRepo.find(origin, env=no_git) is None
