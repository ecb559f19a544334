"""Git-aware review in the window: status counts, the Git column, Commit Decisions…, the
History tab, Keep mine / Take theirs for merge conflicts and the offer to set up key-wise
merging.

Nothing of it shows unless the opened folder is inside a git work tree and a ``git``
command exists; finding the repository, reading status and history and committing run
off the GUI thread (TaskRunner). Resolving a conflict writes through the edit service's
save transaction, then stages the file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QVBoxLayout

from curator_app.core import atomic, conflicts
from curator_app.core.entry import ArticleEntry
from curator_app.core.errors import CuratorError
from curator_app.core.git import GitError, GitRepo
from curator_app.core.githistory import HistoryEntry, history
from curator_app.core.gitstatus import FileStatus, State, commit, stage, status
from curator_app.ui.detail.conflict_panel import ConflictPanel
from curator_app.ui.detail.history_view import HistoryView
from curator_app.ui.window.commit_dialog import CommitDialog
from curator_app.ui.window.git_setup_offer import GitSetupOffer

if TYPE_CHECKING:
    from curator_app.ui.window.main_window import MainWindow

RepoFinder = Callable[[Path], GitRepo | None]


# Keys of the window's git reads: a newer read of the same kind replaces the older one,
# whose late result is dropped (opening another folder drops them all).
_REPO, _STATUS, _HISTORY = "git-repository", "git-status", "git-history"
_CONFLICTS = "git-conflicts"


def _ignore(_error: BaseException) -> None:
    pass  # no git, or no repository: nothing of it shows


def _conflicts_in(path: Path) -> list[conflicts.Conflict]:
    raw, _stat = atomic.read_file(path)
    return conflicts.find_conflicts(raw.decode("utf-8", errors="replace"))


class TeamReview(QObject):
    def __init__(self, window: MainWindow, find_repo: RepoFinder = GitRepo.find) -> None:
        super().__init__(window)
        self._window = window
        self._find_repo = find_repo
        self._runner = window.runner
        self.repo: GitRepo | None = None
        self.folder: Path | None = None
        self.statuses: dict[Path, FileStatus] = {}
        self.dialog: CommitDialog | None = None

        self.label = QLabel(window)
        self.label.setObjectName("gitCounts")
        self.label.hide()
        window.statusBar().addPermanentWidget(self.label)
        self.commit_action = QAction("&Commit Decisions…", window)
        self.commit_action.setObjectName("commitDecisionsAction")
        self.commit_action.setVisible(False)
        self.commit_action.triggered.connect(self.open_commit_dialog)
        export = window.window_actions.export
        for action in window.menuBar().actions():
            menu = action.menu()
            if isinstance(menu, QMenu) and export in menu.actions():
                menu.insertAction(export, self.commit_action)
        self.history_view = HistoryView(window.detail)
        self.history_view.hide()  # a tab only inside a repository; never loose in the pane
        self.conflict_panel = ConflictPanel(window.detail)
        layout = window.detail.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(1, self.conflict_panel)
        self.conflict_panel.resolveRequested.connect(self.resolve)
        self.setup_offer = GitSetupOffer(window.settings, self._runner, window)
        list_side = window.filter_bar.parentWidget()  # the filters above the list
        list_layout = list_side.layout() if list_side is not None else None
        if isinstance(list_layout, QVBoxLayout):
            list_layout.insertWidget(1, self.setup_offer)
        self._refresh_timer = QTimer(self, singleShot=True, interval=400)
        self._refresh_timer.timeout.connect(self.refresh)
        self._history_timer = QTimer(self, singleShot=True, interval=150)
        self._history_timer.timeout.connect(self._load_history)
        window.loader.finished.connect(lambda *_: self.refresh())
        window.live.watcher.entriesChanged.connect(lambda _: self._refresh_timer.start())
        window.live.watcher.pathsRemoved.connect(lambda _: self._refresh_timer.start())
        window.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_current())

    # -- the repository --------------------------------------------------------------

    def open(self, folder: Path) -> None:
        """Forget the last folder's repository and look for this one's."""
        for key in (_STATUS, _HISTORY, _CONFLICTS):  # the last folder's reads arrive too late now
            self._runner.cancel(key)
        self.folder = folder
        self._set_repo(None)
        self.setup_offer.consider(None, folder)
        if self._window.session is not None:  # the window's own writes change the status
            self._window.session.entryWritten.connect(lambda _: self._refresh_timer.start())

        def found(repo: GitRepo | None) -> None:
            self._set_repo(repo)
            self.refresh()
            self.setup_offer.consider(repo, folder)

        find = self._find_repo
        self._runner.start(lambda _task: find(folder), found, _ignore, key=_REPO)

    def _set_repo(self, repo: GitRepo | None) -> None:
        self.repo = repo
        self.statuses = {}
        self._window.model.set_git_states({})
        self.commit_action.setVisible(repo is not None)
        self.label.setVisible(repo is not None)
        tabs = self._window.detail.tabs
        index = tabs.indexOf(self.history_view)
        if repo is not None and index < 0:
            tabs.addTab(self.history_view, "History")
        elif repo is None and index >= 0:
            tabs.removeTab(index)
            self.history_view.hide()
        if repo is None:
            self.conflict_panel.clear()

    def refresh(self) -> None:
        """Read ``git status`` again, off the GUI thread."""
        repo, folder = self.repo, self.folder
        if repo is None or folder is None:
            return

        def done(files: list[FileStatus]) -> None:
            self.statuses = {file.path: file for file in files}
            self._window.model.set_git_states(self.statuses)
            self._show_counts()

        self._runner.start(lambda _task: status(repo, folder), done, self._report, key=_STATUS)

    def _show_counts(self) -> None:
        counts: dict[State, int] = {}
        keys: dict[str, int] = {}
        for file in self.statuses.values():
            counts[file.state] = counts.get(file.state, 0) + 1
            if file.state is State.MODIFIED:
                for key in file.keys:
                    keys[key] = keys.get(key, 0) + 1
        tracked_changes = sum(n for s, n in counts.items() if s is not State.UNTRACKED)
        unchanged = max(0, self._window.model.rowCount() - len(self.statuses))
        parts = [f"{unchanged:,} unchanged"]
        if counts.get(State.MODIFIED):
            what = ", ".join(f"{key} {n}" for key, n in sorted(keys.items(), key=lambda kv: -kv[1]))
            parts.append(f"{counts[State.MODIFIED]} modified ({what})")
        for state in (State.NEW, State.UNTRACKED, State.DELETED, State.CONFLICT):
            if counts.get(state):
                parts.append(f"{counts[state]} {state.value}")
        self.label.setText("git: " + " · ".join(parts))
        self.commit_action.setEnabled(tracked_changes + counts.get(State.UNTRACKED, 0) > 0)

    def _report(self, error: BaseException) -> None:
        self._window.report(f"git: {error}")

    # -- the current article ---------------------------------------------------------

    def show_current(self) -> None:
        entry = self._window.current_entry()
        self.conflict_panel.clear()
        if self.repo is None or entry is None:
            return
        if entry.error is not None and entry.error.startswith("merge conflict"):
            self._show_conflicts(entry)
        self._history_timer.start()

    def _show_conflicts(self, entry: ArticleEntry) -> None:
        """Read the conflicted file off the GUI thread; show its keys if still current."""
        path = entry.path

        def found(blocks: list[conflicts.Conflict]) -> None:
            current = self._window.current_entry()
            if current is not None and current.path == path:
                self.conflict_panel.show_conflicts(path, blocks)

        self._runner.start(lambda _task: _conflicts_in(path), found, _ignore, key=_CONFLICTS)

    def _load_history(self) -> None:
        entry, repo = self._window.current_entry(), self.repo
        if entry is None or repo is None:
            return
        self.history_view.show_message("Reading the history…")

        def done(entries: list[HistoryEntry]) -> None:
            current = self._window.current_entry()
            same = current is not None and current.path == entry.path
            if same:
                self.history_view.show_history(entries)

        def failed(error: BaseException) -> None:
            self.history_view.show_message(f"The history could not be read: {error}")

        self._runner.start(lambda _task: history(repo, entry.path), done, failed, key=_HISTORY)

    # -- conflicts -------------------------------------------------------------------

    def resolve(self, path: Path, key: str, side: conflicts.Side) -> None:
        """Keep mine / Take theirs: written through the save transaction, then staged once
        no conflict is left in the file."""
        session, repo = self._window.session, self.repo
        if session is None or repo is None:
            return
        try:
            entry = session.editor.resolve_conflict(path, key, side)
        except CuratorError as error:
            self._window.report(f"Nothing was written to {path.name}: {error.reason}")
            return
        self._window.model.update_entry(entry)
        if entry.ok:
            self._runner.run(lambda: stage(repo, path), lambda _: self.refresh(), self._report)
        self._window.live.refresh_detail()
        self.show_current()
        self._window.statusBar().showMessage(f"{path.name}: {key} resolved ({side.value})", 5000)

    # -- committing ------------------------------------------------------------------

    def open_commit_dialog(self) -> None:
        if self.repo is None:
            return
        files = [file for file in self.statuses.values() if file.state is not State.CONFLICT]
        if not files:
            self._window.statusBar().showMessage("No decisions to commit", 5000)
            return
        self.dialog = CommitDialog(sorted(files, key=lambda f: f.relpath), self._window)
        self.dialog.accepted.connect(self._commit_from_dialog)
        self.dialog.open()

    def _commit_from_dialog(self) -> None:
        dialog, repo = self.dialog, self.repo
        if dialog is None or repo is None:
            return
        chosen, message = dialog.chosen(), dialog.message()
        if not chosen or not message.strip():
            return

        def done(commit_id: str) -> None:
            self._window.statusBar().showMessage(
                f"Committed {len(chosen)} decisions as {commit_id[:7]}", 8000
            )
            self.refresh()

        def failed(error: BaseException) -> None:
            reason = str(error) if isinstance(error, GitError | ValueError) else repr(error)
            self._window.report(f"The commit failed: {reason}")

        self._runner.run(lambda: commit(repo, chosen, message), done, failed)
