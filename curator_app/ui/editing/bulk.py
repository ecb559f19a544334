"""The file work of a bulk step: publish, unpublish or set back many files off the GUI thread.

Each file goes through the edit service's save transaction (``ArticleEditor.change`` or
``revert``) on one of WRITERS threads: a save mostly waits for the disk (fsync), so a few
run side by side. What was written is handed to the GUI in parts (one model update per
part, not per file); a file that fails is recorded and the others go on. A cancel stops
after the files being written: the outcome holds exactly what was done.

The functions take a ``BulkTask``: the task helper's ``Task`` when run by the window,
``InlineTask`` when an undo command runs them itself (on the GUI thread).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from curator_app.core.editing import ArticleEditor, Change
from curator_app.core.entry import ArticleEntry
from curator_app.core.errors import CuratorError
from curator_app.ui.tasks import in_parallel

WRITERS = 3  # files saved at once: enough to overlap their fsyncs, few enough for one disk
PART_SECONDS = 0.1  # a part reaches the GUI at most this often: one repaint, not one per file
PUBLISHED = "published"


class BulkTask(Protocol):
    def cancelled(self) -> bool: ...

    def working(self) -> AbstractContextManager[None]: ...

    def hand_over(self, part: Any) -> None: ...


@dataclass(frozen=True, slots=True)
class WriteJob:
    """One file to publish or unpublish: the row the user decided on and what it showed."""

    path: Path
    expected: ArticleEntry | None
    seen: Any


@dataclass(frozen=True, slots=True)
class Part:
    """What a bulk step did since the last part: entries now on disk, files that failed."""

    number: int
    entries: list[ArticleEntry]
    failures: list[tuple[Path, CuratorError]]
    done: int  # files handled so far (written, unchanged or failed)
    total: int


@dataclass(slots=True)
class BulkOutcome:
    """Everything a bulk step did, handed to the command once the task is over."""

    total: int
    done: list[Change] = field(default_factory=list)  # written (or, undoing, set back)
    unchanged: int = 0  # files that already held the value: not written
    rebased: int = 0  # files changed on disk since read, written anyway
    failures: list[tuple[Path, CuratorError]] = field(default_factory=list)
    cancelled: bool = False
    parts: list[Part] = field(default_factory=list)  # all of them, for whoever missed some

    @property
    def handled(self) -> int:
        return len(self.done) + self.unchanged + len(self.failures)


class InlineTask:
    """Runs a bulk step inside an undo command's redo/undo: parts go straight to ``take``."""

    def __init__(self, take: Callable[[Part], None]) -> None:
        self._take = take

    def cancelled(self) -> bool:
        return False

    def working(self) -> AbstractContextManager[None]:
        return nullcontext()

    def hand_over(self, part: Any) -> None:
        self._take(part)


class _Did(NamedTuple):
    change: Change | None  # what the step did to the file (None: nothing to write)
    entry: ArticleEntry  # the file as it is now
    rebased: bool = False


def write_files(
    task: BulkTask, editor: ArticleEditor, jobs: Sequence[WriteJob], value: bool
) -> BulkOutcome:
    """Set ``published`` to ``value`` in every job's file (those already so are left)."""

    def write(job: WriteJob) -> _Did:
        change = editor.change(job.path, PUBLISHED, value, job.expected, job.seen)
        return _Did(change if change.written else None, change.entry, change.rebased)

    return _run(task, jobs, write, lambda job: job.path)


def revert_files(task: BulkTask, editor: ArticleEditor, changes: Sequence[Change]) -> BulkOutcome:
    """Set back every change exactly (``ArticleEditor.revert``)."""

    def revert(change: Change) -> _Did:
        return _Did(change, editor.revert(change, PUBLISHED))

    return _run(task, changes, revert, lambda change: change.entry.path)


def _run(
    task: BulkTask,
    items: Sequence[Any],
    work: Callable[[Any], _Did],
    path_of: Callable[[Any], Path],
) -> BulkOutcome:
    outcome = BulkOutcome(total=len(items))
    entries: list[ArticleEntry] = []
    failures: list[tuple[Path, CuratorError]] = []
    last = time.monotonic()

    def hand_over() -> None:
        part = Part(len(outcome.parts) + 1, entries[:], failures[:], outcome.handled, len(items))
        outcome.parts.append(part)
        entries.clear()
        failures.clear()
        task.hand_over(part)

    for item, result in in_parallel(task, items, work, WRITERS):
        if isinstance(result, Exception):
            error = (
                result if isinstance(result, CuratorError) else _unexpected(path_of(item), result)
            )
            outcome.failures.append((path_of(item), error))
            failures.append((path_of(item), error))
        else:
            if result.change is None:
                outcome.unchanged += 1
            else:
                outcome.done.append(result.change)
                outcome.rebased += result.rebased
            entries.append(result.entry)  # the row shows the file as it is now
        if time.monotonic() - last >= PART_SECONDS:
            hand_over()
            last = time.monotonic()
    outcome.cancelled = task.cancelled() and outcome.handled < len(items)
    if entries or failures or not outcome.parts:
        hand_over()
    return outcome


def _unexpected(path: Path, error: Exception) -> CuratorError:
    """A bug, not a refusal: still one file's failure, reported with what it was."""
    return CuratorError(path, f"could not be written ({type(error).__name__}: {error})")
