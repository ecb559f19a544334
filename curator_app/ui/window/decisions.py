"""The window's decisions: every write becomes one undoable command on the window's stack.

Publishing many rows asks first (above BULK_CONFIRM_THRESHOLD) and runs off the GUI
thread (``bulk_steps``), as do the undo and redo of such a step; the status bar says what
was really written ("Published 103 articles (34 were already published)"), whether a
file had changed on disk and the edit was applied to its new version, and what an undo
or redo did, whose rows are then selected.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from curator_app.core.editing import UNSEEN
from curator_app.core.entry import ArticleEntry
from curator_app.ui.editing.undo import BulkPublishCommand, SetFieldCommand
from curator_app.ui.window.bulk_steps import BulkSteps
from curator_app.ui.window.confirm import BULK_CONFIRM_THRESHOLD, ask_bulk_decision

if TYPE_CHECKING:
    from curator_app.ui.window.main_window import MainWindow


class Decisions:
    def __init__(self, window: MainWindow) -> None:
        self._window = window  # its session, undo stack, settings, review and status bar
        self.bulk = BulkSteps(window)

    @property
    def busy(self) -> bool:
        """A bulk step is being written."""
        return self.bulk.busy

    def reset(self) -> None:
        """Another folder: a running bulk step stops, and the undo history goes."""
        self.bulk.stop()
        self._window.undo_stack.clear()

    def stop(self) -> None:
        """The window closes: a running bulk step stops after the files being written
        (what they wrote stays on disk), and the window waits for all background work."""
        self.bulk.stop()
        self._window.runner.wait(10_000)

    def _refuse_busy(self, entries: Sequence[ArticleEntry]) -> bool:
        """Say why nothing is written while a bulk step runs on these rows (or on any, for
        another bulk step); True when refused."""
        if not self.bulk.busy:
            return False
        if len(entries) > 1:
            self._say("Wait for the running bulk step to finish, or cancel it.", 5000)
            return True
        if self.bulk.blocks(entries[0].path):
            name = entries[0].path.name
            self._say(f"Nothing was written to {name}: wait for the bulk step, or cancel it.", 5000)
            return True
        return False

    def _say(self, message: str, timeout_ms: int) -> None:
        self._window.statusBar().showMessage(message, timeout_ms)

    def flip(self, entries: Sequence[ArticleEntry], flag: bool) -> bool:
        """Publish or unpublish ``entries`` as one undoable step; True when all were written."""
        if self._window.session is None or not entries or self._refuse_busy(entries):
            return False
        if len(entries) == 1:
            return self.edit_field(entries[0], "published", flag)
        if len(entries) > BULK_CONFIRM_THRESHOLD and self._window.settings.confirm_bulk:
            unchanged = sum(entry.published == flag for entry in entries)
            answer = ask_bulk_decision(self._window, flag, len(entries), unchanged)
            if answer.dont_ask_again:
                self._window.window_actions.confirm_bulk.setChecked(False)
            if not answer.go_ahead:
                self._say("Nothing was written.", 5000)
                return False
        self.bulk.publish(BulkPublishCommand(self._window.session, entries, flag))
        return True

    def edit_field(self, entry: ArticleEntry, key: str, value: Any, seen: Any = UNSEEN) -> bool:
        """Write ``key`` of ``entry``'s file; ``seen`` is the value the editor saw."""
        if self._window.session is None or not entry.ok or self._refuse_busy([entry]):
            return False
        if seen is UNSEEN:  # decided on the list's row: what it shows was seen
            seen = {"published": entry.published, "title": entry.title}.get(key, UNSEEN)
        return self._push(SetFieldCommand(self._window.session, entry, key, value, seen))

    def _push(self, command: SetFieldCommand) -> bool:
        assert self._window.session is not None
        failures, steps = self._window.session.failures, self._window.undo_stack.index()
        # push() runs redo(); the stack deletes a command that wrote nothing or failed
        self._window.undo_stack.push(command)
        written = self._window.session.failures == failures
        if written and self._window.undo_stack.index() == steps + 1:
            note = ""
            if command.rebased:  # another program had changed the file: say so
                files = "the file" if command.rebased == 1 else f"{command.rebased} files"
                note = f" ({files} had changed on disk; the edit was applied to the new version)"
            message = f"{command.summary()} — saved{note}. Ctrl+Z undoes it."
            self._say(message, 8000)
        return written

    def step(self, undo: bool) -> None:
        """Undo (or redo) one step, say what it was and select the rows it changed."""
        stack = self._window.undo_stack
        if self._window.session is None or not (stack.canUndo() if undo else stack.canRedo()):
            return
        if self.bulk.busy:
            self._say("Undo and redo wait for the running bulk step (or cancel it).", 5000)
            return
        index = stack.index() - 1 if undo else stack.index()
        command = stack.command(index)
        if isinstance(command, BulkPublishCommand):  # written off the GUI thread
            self.bulk.undo(command) if undo else self.bulk.redo(command)
            return
        text = stack.text(index)
        failures = self._window.session.failures
        stack.undo() if undo else stack.redo()
        if self._window.session.failures != failures:
            return  # reported; the rows show what is on disk
        self._say(f"{'Undid' if undo else 'Redid'}: {text}", 8000)
        if isinstance(command, SetFieldCommand):
            self._window.review.select_paths(command.paths())
