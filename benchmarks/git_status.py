"""How fast Curator reads git status and per-key history on a large repository:
``python -m benchmarks.git_status [--files N]`` (``make bench`` runs it with 100,000).

A repository of N generated articles in one commit, then 20 commits that each publish
or retitle a few articles; measured: ``curator status`` of the folder with 100 changed
files and ``curator history`` of an article changed in 20 commits, in Curator's core.
The window runs both off the GUI thread; these are the waits before the figures show.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.generate import write_articles
from curator_app.core.editing import ArticleEditor
from curator_app.core.git import GitRepo
from curator_app.core.githistory import history
from curator_app.core.gitstatus import status

IDENTITY = {
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@news.example",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@news.example",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def _git(folder: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


def report(files: int) -> list[str]:
    env = dict(os.environ, **IDENTITY)
    with tempfile.TemporaryDirectory(prefix="curator-git-bench-") as tmp:
        env["HOME"] = tmp  # the user's configuration stays out of the figures
        root = Path(tmp) / "repo"
        started = time.perf_counter()
        paths = write_articles(root, files)
        _git(root, env, "init", "--quiet", "-b", "main")
        _git(root, env, "add", "--all")
        _git(root, env, "commit", "--quiet", "-m", "import")
        setup = time.perf_counter() - started
        editor = ArticleEditor(root)
        target = paths[0]
        for i in range(20):
            editor.change(target, "published", i % 2 == 0)
            editor.change(paths[1 + i % (len(paths) - 1)], "title", f"Retitled {i}")
            _git(root, env, "commit", "--quiet", "-a", "-m", f"decisions {i}")
        for path in paths[1 : 1 + min(100, len(paths) - 1)]:
            editor.change(path, "quality", 100)  # never generated: every one changes
        repo = GitRepo.find(root, env)
        assert repo is not None
        status(repo, root)  # the first status refreshes git's index
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            changed = status(repo, root)
            timings.append(time.perf_counter() - started)
        started = time.perf_counter()
        entries = history(repo, target)
        history_s = time.perf_counter() - started
    return [
        f"(e) git on a repository of {files:,} articles (set up in {setup:.0f} s)",
        f"  curator status: {len(changed)} changed files, keys read   "
        f"{min(timings):>8.2f} s (best of 3)",
        f"  curator history: {len(entries)} key changes of one article       {history_s:>8.2f} s",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.git_status", description=__doc__)
    parser.add_argument("--files", type=int, default=100_000, help="articles in the repository")
    args = parser.parse_args(argv)
    print("\n".join(report(max(args.files, 3))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
