"""The window's offer to run ``curator git-setup``, once per repository.

When the opened folder is in a git work tree whose front-matter merge driver is not
registered for it, a bar above the list offers **Set up key-wise merging**. Accepting runs
the setup off the GUI thread and the bar says what it changed; **Not for this
repository** is remembered in the settings, so the offer does not come back. Closing the
bar only hides it until the next start. Nothing of it shows outside git.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from curator_app.core.git import GitRepo
from curator_app.core.gitsetup import git_setup, is_set_up
from curator_app.ui.tasks import TaskRunner
from curator_app.ui.window.settings import Settings

_STYLE = """
#gitSetupOffer { background: #e8f0fe; border: 1px solid #a8c1ef; border-radius: 4px; }
#gitSetupOffer QLabel { color: #1a3866; }
"""
OFFER_TEXT = (
    "This folder is in a git repository. Curator can merge articles key by key, so one "
    "editor's publish and another's retitle of the same file merge without a conflict."
)


# Keys of the offer's two tasks; opening another folder drops their late answers.
_CHECK, _SETUP = "git-setup-check", "git-setup-run"


def _ignore(_error: BaseException) -> None:
    pass  # no answer: no offer


class GitSetupOffer(QFrame):
    def __init__(self, settings: Settings, runner: TaskRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("gitSetupOffer")
        self.setStyleSheet(_STYLE)
        self._settings = settings
        self._runner = runner
        self._offered: set[Path] = set()  # repositories offered since the app started
        self.repo: GitRepo | None = None
        self.folder: Path | None = None
        self.label = QLabel(OFFER_TEXT, self)
        self.label.setObjectName("gitSetupText")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.accept_button = QPushButton("Set up key-wise merging", self)
        self.accept_button.setObjectName("gitSetupAccept")
        self.accept_button.setToolTip(
            "Runs curator git-setup: registers the merge driver in .git/config and adds "
            "this folder's .gitattributes lines"
        )
        self.accept_button.clicked.connect(self.accept)
        self.decline_button = QPushButton("Not for this repository", self)
        self.decline_button.setObjectName("gitSetupDecline")
        self.decline_button.clicked.connect(self.decline)
        close = QToolButton(self)
        close.setAutoRaise(True)
        close.setText("✕")
        close.setToolTip("Close")
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.accept_button)
        layout.addWidget(self.decline_button)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def consider(self, repo: GitRepo | None, folder: Path) -> None:
        """Offer the setup for ``folder`` when its repository lacks the driver, was not
        declined and was not offered yet; ``repo`` None (outside git) withdraws it."""
        for key in (_CHECK, _SETUP):  # the last repository's answers come too late now
            self._runner.cancel(key)
        self.hide()
        self.repo, self.folder = repo, folder
        if repo is None or repo.root in self._offered:
            return
        if self._settings.git_setup_declined(repo.root):
            return

        def checked(ready: bool) -> None:
            if not ready:
                self._offered.add(repo.root)
                self._show_offer()

        self._runner.start(lambda _task: is_set_up(repo, folder), checked, _ignore, key=_CHECK)

    def _show_offer(self) -> None:
        self.label.setText(OFFER_TEXT)
        self.label.setToolTip("")
        self.accept_button.setVisible(True)
        self.accept_button.setEnabled(True)
        self.decline_button.setVisible(True)
        self.show()

    def accept(self) -> None:
        repo, folder = self.repo, self.folder
        if repo is None or folder is None:
            return
        self.accept_button.setEnabled(False)
        self.label.setText("Setting up key-wise merging…")

        def done(changes: list[str]) -> None:
            self._say(_setup_summary(changes))
            self.label.setToolTip("\n".join(changes))

        def failed(error: BaseException) -> None:
            self._say(f"Key-wise merging could not be set up: {error}")

        self._runner.start(lambda _task: git_setup(repo, folder), done, failed, key=_SETUP)

    def decline(self) -> None:
        if self.repo is not None:
            self._settings.decline_git_setup(self.repo.root)
        self.hide()

    def _say(self, text: str) -> None:
        self.label.setText(text)
        self.accept_button.setVisible(False)
        self.decline_button.setVisible(False)
        self.show()

    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()


def _setup_summary(changes: list[str]) -> str:
    """In short: "registered the merge driver in .git/config; added 3 lines to
    news/.gitattributes" (``git_setup`` writes one "FILE: what" line per change)."""
    if not changes:
        return "Key-wise merging was already set up; nothing changed."
    files: dict[str, int] = {}
    for change in changes:
        name = change.split(": ", 1)[0]
        files[name] = files.get(name, 0) + 1
    done = [
        "registered the merge driver in .git/config"
        if name == ".git/config"
        else f"added {count} line{'s' if count > 1 else ''} to {name}"
        for name, count in files.items()
    ]
    advice = ""
    if any(name != ".git/config" for name in files):
        advice = " Commit .gitattributes so every clone merges this way."
    return f"Key-wise merging is set up: {'; '.join(done)}.{advice}"
