"""`curator status`, `commit`, `history`, `git-setup` and the merge driver, run as a user
would, on real repositories with two clones."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

import pytest

from curator_app.core.gitsetup import driver_command


def _team(git, run_cli):
    origin = git.init("origin", {"news/a.md": "Old title", "news/b.md": "Beta"})
    git(origin, "config", "receive.denyCurrentBranch", "ignore")
    ana = git.clone(origin, "ana")
    ben = git.clone(origin, "ben")
    return origin, ana, ben


def test_status_and_commit_and_history(git, run_cli) -> None:
    _, ana, _ = _team(git, run_cli)
    assert run_cli("publish", ana / "news" / "a.md").returncode == 0
    done = run_cli("status", ana / "news", "--json")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert rows == [
        {
            "path": "a.md",
            "state": "modified",
            "title": "Old title",
            "keys": ["published"],
            "changes": [{"key": "published", "old": False, "new": True}],
        }
    ]
    assert "modified   a.md  (published)" in run_cli("status", ana / "news").stdout
    done = run_cli("commit", ana / "news")
    assert done.returncode == 0, done.stderr
    assert "Published: Old title" in done.stdout
    assert git(ana, "log", "-1", "--format=%an %s") == "Ana Review 1 article: 1 published\n"
    done = run_cli("history", ana / "news" / "a.md", "--key", "published", "--json")
    first = json.loads(done.stdout.splitlines()[0])
    assert (first["key"], first["old"], first["new"], first["author"]) == (
        "published",
        False,
        True,
        "Ana",
    )
    assert first["date"][:4].isdigit() and len(first["commit"]) == 40
    assert run_cli("commit", ana / "news").returncode == 1  # nothing left to commit


def test_commit_of_named_files_with_a_message(git, run_cli) -> None:
    _, ana, _ = _team(git, run_cli)
    for name in ("a.md", "b.md"):
        run_cli("publish", ana / "news" / name)
    done = run_cli("commit", ana / "news", "-m", "Publish b", ana / "news" / "b.md")
    assert done.returncode == 0, done.stderr
    assert git(ana, "show", "--name-only", "--format=%s", "HEAD").split() == [
        "Publish",
        "b",
        "news/b.md",
    ]
    assert run_cli("commit", ana / "news", ana / "news" / "nope.md").returncode == 1


def test_a_conflicting_retitle_is_listed_and_named(git, run_cli) -> None:
    _, ana, ben = _team(git, run_cli)
    command = driver_command(f"{shlex.quote(sys.executable)} -m curator_app.cli")
    git(ana, "config", "merge.curator-frontmatter.driver", command)
    (ana / "news" / ".gitattributes").write_text("*.md merge=curator-frontmatter\n")
    git.commit_all(ana, "attributes")
    git(ana, "push", "--quiet", "origin", "main")
    git(ben, "pull", "--quiet")
    run_cli("set", ana / "news" / "a.md", "title", "Ana's title")
    git.commit_all(ana, "retitle")
    run_cli("set", ben / "news" / "a.md", "title", "Ben's title")
    run_cli("publish", ben / "news" / "a.md")
    git.commit_all(ben, "retitle and publish", author="Ben")
    git(ben, "push", "--quiet", "origin", "main")
    try:
        git(ana, "pull", "--quiet", "--no-rebase")
    except AssertionError as error:
        assert "CONFLICT" in str(error)
    text = (ana / "news" / "a.md").read_text()
    assert text.count("<<<<<<<") == 1 and "published: true" in text
    scan = run_cli("scan", ana / "news", "--json")
    errors = [json.loads(line)["error"] for line in scan.stdout.splitlines()]
    assert "merge conflict: title" in errors
    assert "conflict   a.md  (title)" in run_cli("status", ana / "news").stdout


def test_git_setup_registers_the_driver_once(git, run_cli) -> None:
    origin = git.init("origin", {"news/a.md": "A"})
    first = run_cli("git-setup", origin / "news")
    assert first.returncode == 0, first.stderr
    assert "merge.curator-frontmatter.driver" in first.stdout
    assert "news/.gitattributes: *.md merge=curator-frontmatter" in first.stdout
    again = run_cli("git-setup", origin / "news")
    assert again.returncode == 0 and "already set up" in again.stdout


def test_outside_git_and_without_git_the_commands_say_so(
    tmp_path: Path, git, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "a.md").write_text("---\ntitle: A\n---\n")
    for args in (("status", plain), ("commit", plain), ("history", plain / "a.md")):
        done = run_cli(*args)
        assert done.returncode == 1
        assert "not in a git work tree" in done.stderr and "Traceback" not in done.stderr
    origin = git.init("origin", {"a.md": "A"})
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    done = run_cli("status", origin)
    assert done.returncode == 1 and "Traceback" not in done.stderr
