"""The ``curator`` commands for working as a team through git: status, commit, history,
merge-driver and git-setup. Each runs the ``git`` command (curator_app.core.git)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from curator_app.core import gitsetup
from curator_app.core.git import GitError, GitRepo
from curator_app.core.githistory import history, json_value
from curator_app.core.gitstatus import FileStatus, State, commit, commit_message, status
from curator_app.core.merge import merge_driver
from curator_app.terminal import HelpFormatter, examples, visible

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]

EXIT_OK = 0
EXIT_FAILED = 1


def add_git_commands(subparsers: Subparsers) -> None:
    command = subparsers.add_parser(
        "status",
        help="article files with uncommitted changes, and which keys changed",
        description="List the article files below FOLDER that differ from the last commit "
        "(modified, new, untracked), each with the front-matter keys that changed.",
        epilog=examples("curator status articles/", "curator status articles/ --json"),
        formatter_class=HelpFormatter,
    )
    command.add_argument("folder", metavar="FOLDER", type=Path)
    command.add_argument("--json", action="store_true", help="one JSON object per file per line")
    command.set_defaults(handler=run_status)

    command = subparsers.add_parser(
        "commit",
        help="commit the article files with changes (or the FILEs named)",
        description="Commit the article files below FOLDER that have uncommitted changes, or "
        "only the FILEs named, with a message listing the decisions unless -m gives one. "
        "Nothing else in the repository is staged or committed.",
        epilog=examples(
            "curator commit articles/",
            'curator commit articles/ -m "Morning review" articles/a.txt articles/b.md',
        ),
        formatter_class=HelpFormatter,
    )
    command.add_argument("-m", "--message", help="the commit message (default: generated)")
    command.add_argument("folder", metavar="FOLDER", type=Path)
    # REMAINDER, read again below, so `-m` may come between FOLDER and the FILEs too
    command.add_argument("files", metavar="FILE", nargs=argparse.REMAINDER)
    command.set_defaults(handler=run_commit)

    command = subparsers.add_parser(
        "history",
        help="the commits that changed FILE's front-matter keys, newest first",
        description="Who changed which front-matter key of FILE, when, and from what to "
        "what, from the repository's history, newest first.",
        epilog=examples(
            "curator history articles/a.txt",
            "curator history articles/a.txt --key published --json",
        ),
        formatter_class=HelpFormatter,
    )
    command.add_argument("file", metavar="FILE", type=Path)
    command.add_argument("--key", help="only this key's changes")
    command.add_argument("--json", action="store_true", help="one JSON object per change")
    command.set_defaults(handler=run_history)

    command = subparsers.add_parser(
        "merge-driver",
        help="git merge driver: key-wise merge of the front matter (see git-setup)",
        description="Run by git as `curator merge-driver %%O %%A %%B %%P`: writes the merge "
        "of BASE, OURS and THEIRS to OURS; exit 1 when a key was changed differently on "
        "both sides (conflict markers around only that key's lines).",
        epilog=examples("curator merge-driver %O %A %B %P   # in .git/config, via git-setup"),
        formatter_class=HelpFormatter,
    )
    for name in ("base", "ours", "theirs"):
        command.add_argument(name, metavar=name.upper(), type=Path)
    command.add_argument("name", metavar="PATH", nargs="?", default="")
    command.set_defaults(handler=run_merge_driver)

    command = subparsers.add_parser(
        "git-setup",
        help="register the front-matter merge driver for FOLDER's articles",
        description="Register `curator merge-driver` in the repository's .git/config and "
        ".gitattributes for the article suffixes (.md, .markdown, .txt). Running it again "
        "changes nothing.",
        epilog=examples("curator git-setup articles/"),
        formatter_class=HelpFormatter,
    )
    command.add_argument("folder", metavar="FOLDER", type=Path)
    command.set_defaults(handler=run_git_setup)


def _repo(folder: Path) -> GitRepo | None:
    repo = GitRepo.find(folder) if folder.is_dir() else None
    if repo is None:
        _fail(f"{folder}: not in a git work tree (or the git command is not installed)")
    return repo


def _shown(path: Path, folder: Path) -> str:
    return os.path.relpath(path, os.path.realpath(folder))


def run_status(args: argparse.Namespace) -> int:
    folder: Path = args.folder
    repo = _repo(folder)
    if repo is None:
        return EXIT_FAILED
    try:
        files = status(repo, folder)
    except GitError as error:
        _fail(f"{folder}: {error}")
        return EXIT_FAILED
    for file in files:
        if args.json:
            print(json.dumps(_status_json(file, folder), ensure_ascii=False))
        else:
            keys = f"  ({', '.join(file.keys)})" if file.keys else ""
            print(visible(f"{file.state.value:<9}  {_shown(file.path, folder)}{keys}"))
    if not args.json:
        counts: dict[str, int] = {}
        for file in files:
            counts[file.state.value] = counts.get(file.state.value, 0) + 1
        parts = ", ".join(f"{n} {state}" for state, n in counts.items())
        print(f"{len(files)} article files with changes" + (f": {parts}" if parts else ""))
    return EXIT_OK


def _status_json(file: FileStatus, folder: Path) -> dict[str, object]:
    return {
        "path": _shown(file.path, folder),
        "state": file.state.value,
        "title": file.title,
        "keys": list(file.keys),
        "changes": [
            {"key": c.key, "old": json_value(c.old), "new": json_value(c.new)} for c in file.changes
        ],
    }


def run_commit(args: argparse.Namespace) -> int:
    folder: Path = args.folder
    rest = argparse.ArgumentParser(prog="curator commit", add_help=False)
    rest.add_argument("-m", "--message", default=args.message)
    rest.add_argument("files", nargs="*", type=Path)
    args = rest.parse_intermixed_args(args.files, argparse.Namespace(folder=folder))
    repo = _repo(folder)
    if repo is None:
        return EXIT_FAILED
    try:
        files = status(repo, folder)
    except GitError as error:
        _fail(f"{folder}: {error}")
        return EXIT_FAILED
    chosen = _chosen(files, args.files)
    if chosen is None:
        return EXIT_FAILED
    for file in chosen:
        if file.state is State.CONFLICT:
            _fail(f"{file.path}: {file.decision}; resolve it first, not committed")
    chosen = [file for file in chosen if file.state is not State.CONFLICT]
    if not chosen:
        _fail(f"{folder}: no article files with changes; nothing committed")
        return EXIT_FAILED
    message = args.message if args.message else commit_message(chosen)
    try:
        commit_id = commit(repo, chosen, message)
    except GitError as error:
        _fail(f"{folder}: the commit failed: {error}")
        return EXIT_FAILED
    print(visible(f"[{commit_id[:7]}] {message.splitlines()[0]}"))
    for file in chosen:
        print(visible(f"  {file.decision}"))
    return EXIT_OK


def _chosen(files: list[FileStatus], named: Sequence[Path]) -> list[FileStatus] | None:
    if not named:
        return files
    by_path = {os.path.realpath(file.path): file for file in files}
    chosen: list[FileStatus] = []
    for path in named:
        file = by_path.get(os.path.realpath(path))
        if file is None:
            _fail(f"{path}: not an article file with uncommitted changes; nothing committed")
            return None
        chosen.append(file)
    return chosen


def run_history(args: argparse.Namespace) -> int:
    path: Path = args.file
    repo = _repo(path.parent if str(path.parent) else Path("."))
    if repo is None:
        return EXIT_FAILED
    try:
        entries = history(repo, path, args.key)
    except (GitError, ValueError) as error:
        _fail(f"{path}: {error}")
        return EXIT_FAILED
    for entry in entries:
        if args.json:
            print(json.dumps(entry.to_json(), ensure_ascii=False))
        else:
            print(visible(entry.line()))
    if not entries and not args.json:
        what = f"key {args.key!r}" if args.key else "front matter"
        print(visible(f"{path}: no commit changed its {what}"))
    return EXIT_OK


def run_merge_driver(args: argparse.Namespace) -> int:
    try:
        return merge_driver(args.base, args.ours, args.theirs, args.name or str(args.ours))
    except OSError as error:
        _fail(f"curator merge-driver: {error}")
        return 2


def run_git_setup(args: argparse.Namespace) -> int:
    folder: Path = args.folder
    repo = _repo(folder)
    if repo is None:
        return EXIT_FAILED
    try:
        changes = gitsetup.git_setup(repo, Path(os.path.realpath(folder)))
    except (GitError, OSError) as error:
        _fail(f"{folder}: {error}")
        return EXIT_FAILED
    for line in changes:
        print(visible(line))
    if not changes:
        print("the merge driver was already set up; nothing changed")
    return EXIT_OK


def _fail(message: str) -> None:
    print(visible(message), file=sys.stderr)
