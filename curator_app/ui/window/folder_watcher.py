"""The live folder: files other programs change, add, delete or rename show up on their own.

A QFileSystemWatcher watches every folder below the opened one (and, up to
``MAX_FILE_WATCHES``, the article files themselves: a write in place changes no folder).
Its signals are collected for ``debounce_ms`` and the folders they name are listed again
off the GUI thread: a file whose size or modification time changed, or that is new, is
read into an entry; a file that is gone is reported removed. A periodic listing of the
whole folder (``poll_ms``, slower for large folders) catches what the watcher cannot
see: watches that ran out, network drives that report nothing.

Listings are ``core.tree_listing`` strings, one per folder, compared folder by folder.
A folder of more than ``CHILD_LISTING_FILES`` files is listed whole in a child process:
a second of Python per listing at 100,000 files, which in a thread here would make
every repaint wait for the interpreter lock.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from curator_app.core import parallel
from curator_app.core.child import LazyChild
from curator_app.core.entry import ArticleEntry
from curator_app.core.library import read_entry
from curator_app.core.tree_listing import (
    Changes,
    Listing,
    Tree,
    compare,
    file_count,
    files_in,
    list_tree,
)
from curator_app.ui.tasks import Task, TaskRunner

MAX_FILE_WATCHES = 4000
WATCHES_PER_STEP = 250  # file watches added per turn of the event loop: 4,000 take 40 ms
CHILD_LISTING_FILES = MAX_FILE_WATCHES  # more files than this: list the tree elsewhere

_SCAN = "folder-watch-scan"  # one scan at a time; stopping drops the last folder's


@dataclass
class _Scan:
    """What one listing found: the folders listed, what changed, the entries to show."""

    tree: Tree
    changes: Changes
    changed: list[ArticleEntry]
    to_watch: list[str]  # article files to watch, up to the room left


class FolderWatcher(QObject):
    """Reports changed and new files as entries, deleted ones as paths."""

    entriesChanged = Signal(object)  # list[ArticleEntry]: changed or new files
    pathsRemoved = Signal(object)  # list[Path]

    def __init__(
        self,
        runner: TaskRunner,
        parent: QObject | None = None,
        debounce_ms: int = 250,
        poll_ms: int = 1500,
        start_lister: Callable[[], Executor] = lambda: parallel.start_pool(1),
        child_listing_files: int = CHILD_LISTING_FILES,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._root: Path | None = None
        self._snapshot: Listing = {}  # replaced, never changed: a running scan reads it
        self._files = 0  # article files in the last whole listing
        self._busy = False  # a scan is under way: changes wait for the next one
        self._dirty: set[str] = set()
        self._full_pending = False
        self._held = False  # a bulk step is writing: look once it is over
        self._poll_ms = poll_ms
        self._start_lister = start_lister
        self._child_listing_files = child_listing_files
        self._lister = LazyChild(start_lister)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._mark)
        self._watcher.fileChanged.connect(lambda p: self._mark(os.path.dirname(p)))
        self._to_watch: list[str] = []  # paths waiting for a watch, a few per step
        self._watch_step = QTimer(self, interval=0)
        self._watch_step.timeout.connect(self._watch_some)
        self._debounce = QTimer(self, singleShot=True, interval=debounce_ms)
        self._debounce.timeout.connect(self._flush)
        self._poll = QTimer(self, singleShot=True, interval=poll_ms)
        self._poll.timeout.connect(self._poll_all)

    @property
    def folder(self) -> Path | None:
        return self._root

    def watch(self, folder: Path, baseline: Listing | None = None) -> None:
        """Watch ``folder`` from now on. Its files as the list read them (``baseline``,
        see ``tree_listing.listing_of``) are compared with the disk at once, so what
        changed since it was read shows up; without a baseline, the files present now
        are the baseline."""
        self.stop()
        self._root = folder
        self._full_pending = True
        if baseline is None:
            self._start_scan([str(folder)], recursive=True, initial=True)
        else:
            self._files = file_count(baseline)
            self._start_scan([str(folder)], recursive=True, baseline=baseline)

    def stop(self) -> None:
        self._runner.cancel(_SCAN)  # a scan of the last folder under way is dropped
        self._busy = False
        self._root = None
        self._snapshot = {}
        self._files = 0
        self._dirty.clear()
        self._debounce.stop()
        self._poll.stop()
        self._to_watch = []
        self._watch_step.stop()
        for paths in (self._watcher.directories(), self._watcher.files()):
            if paths:
                self._watcher.removePaths(paths)
        self._lister.close()
        self._lister = LazyChild(self._start_lister)

    def hold(self, held: bool) -> None:
        """While the window writes many files itself, listing and re-reading them as they
        change would only compete with the writes: changes wait until released."""
        self._held = held
        if not held and (self._dirty or self._full_pending):
            self._debounce.start()

    def _mark(self, folder: str) -> None:
        self._dirty.add(folder)
        self._debounce.start()

    def _flush(self) -> None:
        if self._root is None or self._busy or self._held:
            return
        if self._full_pending:
            self._full_pending = False
            self._dirty.clear()
            self._start_scan([str(self._root)], recursive=True)
        elif self._dirty:
            folders, self._dirty = sorted(self._dirty), set()
            self._start_scan(folders, recursive=False)

    def _poll_all(self) -> None:
        self._full_pending = True
        self._flush()  # held: the release starts the scan

    def _start_scan(
        self,
        folders: list[str],
        recursive: bool,
        initial: bool = False,
        baseline: Listing | None = None,
    ) -> None:
        root = self._root
        assert root is not None
        known = {} if initial else baseline if baseline is not None else self._snapshot
        # A large folder is listed whole by the child process (see the module's doc).
        lister = self._lister if recursive and self._files > self._child_listing_files else None
        room = max(0, MAX_FILE_WATCHES - len(self._watcher.files()) - len(self._to_watch))
        self._busy = True
        started = time.monotonic()

        def work(_task: Task) -> _Scan:
            tree: Tree | None = None
            if lister is not None:
                tree = lister.run(list_tree, folders)
            if tree is None:  # here: a small folder whole, the folders a watch named, new ones
                tree = list_tree(folders, None if recursive else known)
            changes = compare(known, tree)
            changed = [] if initial else [read_entry(Path(p), root) for p in changes.changed]
            return _Scan(tree, changes, changed, _files_to_watch(tree, room))

        def done(result: _Scan) -> None:
            self._apply(result, recursive)
            spent_ms = int((time.monotonic() - started) * 1000)
            if recursive:  # a large folder is polled less often
                self._poll.start(max(self._poll_ms, 10 * spent_ms))
            if not self._to_watch:  # else busy until its watches are in place
                self._settled()

        def failed(_error: BaseException) -> None:
            self._busy = False

        self._runner.start(work, done, failed, key=_SCAN)

    def _apply(self, result: _Scan, whole: bool) -> None:
        tree, changes = result.tree, result.changes
        snapshot = dict(self._snapshot)  # a new one: a running task may read the old
        for gone in changes.gone_folders:
            snapshot.pop(gone, None)
        snapshot.update(tree.files)
        self._snapshot = snapshot
        if whole:
            self._files = file_count(snapshot)
        watched = set(self._watcher.directories())
        watched.update(self._watcher.files())
        waiting = set(self._to_watch)
        self._to_watch += [
            path
            for path in (*tree.files, *result.to_watch)
            if path not in watched and path not in waiting
        ]
        if self._to_watch:
            self._watch_step.start()
        if changes.removed:
            self.pathsRemoved.emit([Path(path) for path in changes.removed])
        if result.changed:
            self.entriesChanged.emit(result.changed)

    def _watch_some(self) -> None:
        """Add a few of the waiting watches: 4,000 at once would hold the GUI for 40 ms."""
        step, self._to_watch = self._to_watch[:WATCHES_PER_STEP], self._to_watch[WATCHES_PER_STEP:]
        if step:
            self._watcher.addPaths(step)
        if not self._to_watch:
            self._watch_step.stop()
            self._settled()

    def _settled(self) -> None:
        """The scan is over and its watches are in place: changes seen meanwhile follow."""
        self._busy = False
        if self._dirty or self._full_pending:
            self._debounce.start()


def _files_to_watch(tree: Tree, room: int) -> list[str]:
    """Up to ``room`` article files of ``tree`` (not broken links), for file watches."""
    paths: list[str] = []
    for folder, text in tree.files.items():
        if len(paths) >= room:
            break
        paths += [path for path, (size, _mtime) in files_in(folder, text).items() if size >= 0]
    return paths[:room]
