"""Which article files of a folder have uncommitted changes, what changed in each, and
committing them as decisions ("Published: <title>") with a generated message.

Only article files are ever listed, staged or committed: ``git status`` and
``git commit --only`` are given their exact paths, so whatever else is changed or staged
in the repository stays as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from curator_app.core import atomic, conflicts
from curator_app.core.document import ArticleDocument
from curator_app.core.errors import CuratorError
from curator_app.core.git import GitRepo, is_article_relpath, pathspecs, split_z
from curator_app.core.yamlio import same_value

BODY = "body"  # the pseudo-key a changed Markdown body is reported as


class State(StrEnum):
    MODIFIED = "modified"
    NEW = "new"  # added to the index, not in the last commit
    UNTRACKED = "untracked"
    DELETED = "deleted"
    CONFLICT = "conflict"  # unmerged: a merge left conflict markers


@dataclass(frozen=True, slots=True)
class KeyChange:
    key: str
    old: Any = None  # None also when the key was missing
    new: Any = None


@dataclass(frozen=True, slots=True)
class FileStatus:
    """One article file with uncommitted changes."""

    relpath: str  # relative to the work tree's top, as git writes it
    path: Path
    state: State
    changes: tuple[KeyChange, ...] = ()
    title: str = ""
    conflict_keys: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        if self.state is State.CONFLICT:
            return self.conflict_keys
        return tuple(change.key for change in self.changes)

    def change(self, key: str) -> KeyChange | None:
        return next((c for c in self.changes if c.key == key), None)

    @property
    def decision(self) -> str:
        """What the editor decided, in words: "Published: <title>", "Title edited: …"."""
        name = self.title or self.relpath
        if self.state in (State.NEW, State.UNTRACKED):
            return f"Added: {name}"
        if self.state is State.DELETED:
            return f"Deleted: {self.relpath}"
        if self.state is State.CONFLICT:
            return f"Merge conflict ({', '.join(self.conflict_keys) or 'file'}): {name}"
        parts = []
        published = self.change("published")
        if published is not None:
            parts.append("Published" if published.new is True else "Unpublished")
        others = [key for key in self.keys if key != "published"]
        if others:
            parts.append(f"{', '.join(others)} edited")
        text = ", ".join(parts) or "Changed"
        return f"{text[0].upper()}{text[1:]}: {name}"

    @property
    def kind(self) -> str:
        """The decision's kind for the summary line."""
        if self.state in (State.NEW, State.UNTRACKED):
            return "added"
        if self.state is State.DELETED:
            return "deleted"
        published = self.change("published")
        if published is not None and len(self.changes) == 1:
            return "published" if published.new is True else "unpublished"
        return "edited"


def status(repo: GitRepo, folder: Path) -> list[FileStatus]:
    """The article files below ``folder`` with uncommitted changes, in path order."""
    scope = repo.relpath(folder)
    out = repo.run(
        "status",
        "--porcelain=v1",
        "-z",
        "--untracked-files=all",
        "--no-renames",
        "--",
        *pathspecs([scope] if scope != "." and scope else []),
        optional_locks=False,
    ).stdout
    found: list[tuple[str, State]] = []
    for item in split_z(out):
        code, relpath = item[:2], item[3:]
        if is_article_relpath(relpath):
            found.append((relpath, _state(code)))
    found.sort()
    modified = [relpath for relpath, state in found if state is State.MODIFIED]
    deleted = [relpath for relpath, state in found if state is State.DELETED]
    head = dict(zip(modified + deleted, _head_blobs(repo, modified + deleted), strict=True))
    return [_file_status(repo, relpath, state, head.get(relpath)) for relpath, state in found]


def _state(code: str) -> State:
    if code == "??":
        return State.UNTRACKED
    if "U" in code or code in ("AA", "DD"):
        return State.CONFLICT
    if code[0] == "A":
        return State.NEW
    if "D" in code:
        return State.DELETED
    return State.MODIFIED


def _head_blobs(repo: GitRepo, relpaths: list[str]) -> list[bytes | None]:
    if not relpaths or not repo.has_head():
        return [None] * len(relpaths)
    return repo.read_blobs([f"HEAD:{relpath}" for relpath in relpaths])


def _file_status(repo: GitRepo, relpath: str, state: State, head: bytes | None) -> FileStatus:
    path = repo.path_of(relpath)
    now = _read(path) if state is not State.DELETED else None
    if state is State.CONFLICT:
        keys = conflicts.conflict_keys(now) if now is not None else ()
        return FileStatus(relpath, path, state, conflict_keys=keys, title=path.stem)
    new_doc = ArticleDocument.parse_or_none(path, now)
    old_doc = ArticleDocument.parse_or_none(path, head)
    title_from = new_doc or old_doc
    title = str(title_from.get("title") or "") if title_from is not None else ""
    changes = key_changes(old_doc, new_doc) if state is State.MODIFIED else ()
    return FileStatus(relpath, path, state, changes, title)


def key_changes(old: ArticleDocument | None, new: ArticleDocument | None) -> tuple[KeyChange, ...]:
    """Every top-level key whose value differs, in the new file's order, then the body."""
    old_data = old.data if old is not None else {}
    new_data = new.data if new is not None else {}
    keys = list(new_data) + [key for key in old_data if key not in new_data]
    changes = [
        KeyChange(str(key), old_data.get(key), new_data.get(key))
        for key in keys
        if key not in old_data
        or key not in new_data
        or not same_value(old_data[key], new_data[key])
    ]
    old_body = old.body if old is not None else ""
    new_body = new.body if new is not None else ""
    if old_body != new_body:
        changes.append(KeyChange(BODY, None, None))
    return tuple(changes)


def _read(path: Path) -> bytes | None:
    try:
        return atomic.read_file(path)[0]
    except CuratorError:
        return None


# -- committing -------------------------------------------------------------------------


def commit_message(files: Sequence[FileStatus]) -> str:
    """A subject counting the decisions, then one line per decision."""
    counts: dict[str, int] = {}
    for file in files:
        counts[file.kind] = counts.get(file.kind, 0) + 1
    order = ("published", "unpublished", "edited", "added", "deleted")
    summary = ", ".join(f"{counts[kind]} {kind}" for kind in order if kind in counts)
    noun = "article" if len(files) == 1 else "articles"
    lines = [f"Review {len(files)} {noun}: {summary}", ""]
    lines += [f"- {file.decision}" for file in files]
    return "\n".join(lines) + "\n"


def commit(repo: GitRepo, files: Iterable[FileStatus], message: str) -> str:
    """Commit exactly ``files`` (their working-tree state) with ``message``; return the
    new commit's id. Other staged or changed files stay as they were. Raises GitError."""
    chosen = [file for file in files if file.state is not State.CONFLICT]
    if not chosen:
        raise ValueError("no article files with changes to commit")
    specs = pathspecs(file.relpath for file in chosen)
    repo.run("add", "--all", "--", *specs)
    repo.run("commit", "--quiet", "--only", "-F", "-", "--", *specs, input=message.encode())
    return repo.run("rev-parse", "HEAD").stdout.decode().strip()


def stage(repo: GitRepo, path: Path) -> None:
    """``git add`` one file (a resolved merge conflict)."""
    repo.run("add", "--", *pathspecs([repo.relpath(path)]))
