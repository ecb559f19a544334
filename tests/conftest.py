"""Shared test set-up: Qt runs headless unless a display is asked for; a hostile folder."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

GOOD_ARTICLE = """---
title: "{title}"
provider: {{name: Good Wire, domain: good.example}}
publishedDateTime: 2021-10-11T05:30:00Z
quality: 20
published: false
---
Body of {title}.
"""


@pytest.fixture(autouse=True)
def user_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test (and every `curator` it starts) keeps its caches, the folder index
    among them, in a temporary folder: never in the real user cache."""
    cache = tmp_path_factory.mktemp("user-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    return cache


@dataclass
class HostileFolder:
    """A folder of good articles among every kind of bad file, and what each bad one is."""

    root: Path
    good: dict[str, str] = field(default_factory=dict)  # file name -> title
    bad: dict[str, str] = field(default_factory=dict)  # file name -> words of its scan error

    @property
    def names(self) -> list[str]:
        return sorted([*self.good, *self.bad])

    @property
    def links(self) -> list[str]:
        return [name for name in self.bad if (self.root / name).is_symlink()]


def build_hostile_folder(root: Path) -> HostileFolder:
    """Three good articles and one file (or link) for each way a file can be hostile."""
    root.mkdir(parents=True, exist_ok=True)
    folder = HostileFolder(root)

    def good(name: str, title: str, text: str | None = None) -> None:
        (root / name).write_text(text or GOOD_ARTICLE.format(title=title), encoding="utf-8")
        folder.good[name] = title

    def bad(name: str, data: str | bytes, words: str) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        (root / name).write_bytes(raw)
        folder.bad[name] = words

    good("good_alpha.md", "Alpha")
    good("good_omega.txt", "Omega")
    good("good_nul_title.md", "before\0after", GOOD_ARTICLE.format(title="before\\0after"))
    bad(
        "invalid_date.md",
        "---\ntitle: Leap\npublishedDateTime: 2021-02-30\n---\n",
        "invalid YAML at line 3, column 20: 2021-02-30 is not a valid date "
        "(day is out of range for month)",
    )
    bad(
        "month_13.md",
        "---\ntitle: Month\npublishedDateTime: 2021-13-45T10:00:00Z\n---\n",
        "2021-13-45T10:00:00Z is not a valid date (month must be in 1..12)",
    )
    bad(
        "recursive_alias.md",
        "---\ntitle: Loop\nself: &a [*a]\n---\n",
        "an alias refers to itself at line 3",
    )
    laughs = ["---", "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 9):
        prev, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        laughs.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 10)}]")
    bad("alias_bomb.md", "\n".join([*laughs, "---", ""]), "more than 100,000 values")
    text_bomb = f"---\na: &a {'x' * 50_000}\nb: &b [{', '.join(['*a'] * 1000)}]\n"
    text_bomb += f"c: [{', '.join(['*b'] * 50)}]\n---\n"
    bad("alias_text_bomb.md", text_bomb, "more than 4 MB of text through aliases")
    big = "---\ntitle: Big\n" + 'excerpt: "' + "y" * 1_200_000 + '"\n---\n'
    bad("huge_front_matter.md", big, "front matter is 1.2 MB, more than the 1 MB limit")
    bad(
        "nul_title_unquoted.md",
        b"---\ntitle: raw \x00 byte\n---\n",
        "invalid YAML at line 2",
    )
    bad("latin1.txt", "---\ntitle: Caf\xe9\n---\n".encode("latin-1"), "not UTF-8 text")
    bad("binary_junk.txt", bytes(range(256)) * 4, "not UTF-8 text")
    bad("a_list.md", "---\n- one\n- two\n---\n", "front matter is a list")
    (root / "looping_link.md").symlink_to("looping_link.md")
    folder.bad["looping_link.md"] = "symbolic link loop"
    (root / "dangling_link.md").symlink_to("nothing_here.md")
    folder.bad["dangling_link.md"] = "symbolic link to a missing file"
    return folder


@pytest.fixture
def hostile_folder(tmp_path: Path) -> HostileFolder:
    return build_hostile_folder(tmp_path / "hostile")


# -- real git repositories ------------------------------------------------------------

TEAM_ARTICLE = """---
title: "{title}"
published: false
quality: 20
topics: [AI]
---
Body of {title}.
"""


class GitSandbox:
    """Real repositories for the team tests: ``git`` with a set identity, never the user's
    configuration (HOME is a temporary folder, the system configuration is skipped)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __call__(self, cwd: Path, *args: str, author: str = "Ana") -> str:
        env = dict(os.environ, GIT_AUTHOR_NAME=author, GIT_COMMITTER_NAME=author)
        env["GIT_AUTHOR_EMAIL"] = env["GIT_COMMITTER_EMAIL"] = f"{author.lower()}@news.example"
        done = subprocess.run(
            ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {done.stderr}{done.stdout}")
        return done.stdout

    def init(self, name: str = "repo", files: dict[str, str] | None = None) -> Path:
        """A repository with ``files`` (name -> title or full text) in one first commit."""
        repo = self.root / name
        repo.mkdir(parents=True)
        self(repo, "init", "--quiet", "-b", "main")
        for relpath, text in (files or {}).items():
            target = repo / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            content = text if text.startswith("---") else TEAM_ARTICLE.format(title=text)
            target.write_text(content, encoding="utf-8")
        if files:
            self.commit_all(repo, "Import articles")
        return repo

    def clone(self, source: Path, name: str) -> Path:
        target = self.root / name
        self(self.root, "clone", "--quiet", str(source), str(target))
        return target

    def commit_all(self, repo: Path, message: str, author: str = "Ana") -> None:
        self(repo, "add", "--all")
        self(repo, "commit", "--quiet", "-m", message, author=author)


@pytest.fixture
def git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitSandbox:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "Ana")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "ana@news.example")
    return GitSandbox(tmp_path / "git")
