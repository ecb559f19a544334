"""What a folder tree holds, compactly, to notice what changed in it.

A listing gives each folder one string: its article files' names, sizes and
modification times, sorted. A folder that did not change gives the same string
twice, so comparing two listings of 100,000 files is one string comparison per
folder; only a folder whose string differs is looked at file by file (``compare``).
The strings also cross from a child process in a few large pieces, not as 100,000
small objects: the folder watcher lists a large folder there (``list_tree`` run by
a pool), which leaves this process's interpreter lock to the GUI.

Fields are joined with NUL, the one character no file name holds.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from curator_app.core.library import ARTICLE_SUFFIXES

Signature = tuple[int, int]  # (size, mtime_ns); (-1, -1) when the file cannot be stat'ed
# folder -> its files as "name\0size\0mtime_ns" joined by "\0", sorted by name
Listing = dict[str, str]
_SEP = "\0"


@dataclass
class Tree:
    """One listing pass: the folders listed (their files and subfolders), and those
    that could not be listed (gone, or no longer readable)."""

    files: Listing = field(default_factory=dict)
    subfolders: dict[str, list[str]] = field(default_factory=dict)
    unlistable: list[str] = field(default_factory=list)


@dataclass
class Changes:
    """Paths of files new or changed, of files gone, and the folders gone."""

    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    gone_folders: list[str] = field(default_factory=list)


def list_tree(folders: Iterable[str], known: Iterable[str] | None = None) -> Tree:
    """List ``folders`` and every folder below them; with ``known`` (the folders listed
    before), only the subfolders not among them: a folder's own changes, and new ones."""
    already = None if known is None else set(known)
    tree = Tree()
    stack = list(folders)
    while stack:
        folder = stack.pop()
        listed = list_folder(folder)
        if listed is None:
            tree.unlistable.append(folder)
            continue
        tree.files[folder], tree.subfolders[folder] = listed
        stack += [s for s in listed[1] if already is None or s not in already]
    return tree


def list_folder(folder: str) -> tuple[str, list[str]] | None:
    """One folder's files (as a listing string) and its subfolders; None when it
    cannot be listed."""
    files: list[str] = []
    subfolders: list[str] = []
    try:
        with os.scandir(folder) as listing:
            for item in listing:
                if item.name.startswith("."):
                    continue
                try:
                    if item.is_dir(follow_symlinks=False):
                        subfolders.append(item.path)
                        continue
                except OSError:
                    continue
                if os.path.splitext(item.name)[1].lower() in ARTICLE_SUFFIXES:
                    signature = _signature(item)
                    if signature is not None:
                        files.append(f"{item.name}{_SEP}{signature[0]}{_SEP}{signature[1]}")
    except OSError:
        return None
    files.sort()
    return _SEP.join(files), subfolders


def _signature(item: os.DirEntry[str]) -> Signature | None:
    """A regular file's (size, mtime); (-1, -1) for a broken link (listed with its error,
    as the folder scan does); None for what is no article (pipes, links to folders)."""
    try:
        if item.is_file():
            st = item.stat()
            return st.st_size, st.st_mtime_ns
    except OSError:
        return -1, -1  # a link loop
    if not item.is_symlink():
        return None
    try:
        os.stat(item.path)
    except OSError:
        return -1, -1
    return None


class ListingBuilder:
    """A listing collected file by file: a scan's entries, as they are read."""

    def __init__(self) -> None:
        self._folders: dict[str, list[str]] = {}

    def add(self, path: str, size: int, mtime_ns: int) -> None:
        folder, name = os.path.split(path)
        names = self._folders.get(folder)
        if names is None:
            names = self._folders[folder] = []
        names.append(f"{name}{_SEP}{size}{_SEP}{mtime_ns}")

    def listing(self) -> Listing:
        """What was added, as ``list_tree`` gives it for the same files."""
        return {folder: _SEP.join(sorted(names)) for folder, names in self._folders.items()}


def listing_of(files: Iterable[tuple[str, int, int]]) -> Listing:
    """The listing of files known by (path, size, mtime_ns)."""
    builder = ListingBuilder()
    for path, size, mtime_ns in files:
        builder.add(path, size, mtime_ns)
    return builder.listing()


def file_count(listing: Listing) -> int:
    """How many files ``listing`` holds."""
    return sum(text.count(_SEP) + 1 for text in listing.values() if text) // 3


def files_in(folder: str, text: str) -> dict[str, Signature]:
    """The files of one folder's listing string: path -> (size, mtime_ns)."""
    if not text:
        return {}
    fields = text.split(_SEP)
    return {
        os.path.join(folder, name): (int(size), int(mtime))
        for name, size, mtime in zip(fields[::3], fields[1::3], fields[2::3], strict=True)
    }


def compare(known: Listing, tree: Tree) -> Changes:
    """What changed from ``known`` to the folders ``tree`` listed: files new, changed
    or gone in them, and the folders gone (those it could not list, the subfolders
    that left a listed folder, and everything below either), with their files."""
    changes = Changes()
    for folder, text in tree.files.items():
        before = known.get(folder)
        if before == text:
            continue
        now = files_in(folder, text)
        old = files_in(folder, before) if before else {}
        changes.changed += [path for path, signature in now.items() if old.get(path) != signature]
        changes.removed += [path for path in old if path not in now]
    dead = set(tree.unlistable)
    children: dict[str, list[str]] = {}
    for known_folder in known:
        children.setdefault(os.path.dirname(known_folder), []).append(known_folder)
    for folder, subfolders in tree.subfolders.items():
        below = set(subfolders)
        dead.update(f for f in children.get(folder, ()) if f not in below and f != folder)
    if dead:
        prefixes = tuple(d + os.sep for d in dead)
        changes.gone_folders = [f for f in known if f in dead or f.startswith(prefixes)]
        for gone in changes.gone_folders:
            changes.removed += list(files_in(gone, known[gone]))
    return changes
