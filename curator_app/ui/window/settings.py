"""Every setting the app keeps, over one QSettings: typed preferences and window state.

Preferences are the user's choices (auto-advance, asking before bulk decisions, the
last and recent folders, the list's density and thumbnails, where the detail pane goes,
the repositories whose key-wise merging offer was declined);
window state is how the window was left (geometry, splitter, header). They live in
separate groups so a "reset layout" can drop one without touching the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from PySide6.QtCore import QByteArray, QSettings

from curator_app.appinfo import APP_ID, APP_NAME

# QSettings and QStandardPaths put files under <config>/ORGANIZATION/APPLICATION.
ORGANIZATION = APP_ID
APPLICATION = APP_NAME
MAX_RECENT_FOLDERS = 8

T = TypeVar("T", bool, int, str)


@dataclass(frozen=True, slots=True)
class Preference(Generic[T]):
    """One typed preference with its default."""

    key: str
    default: T

    def read(self, store: QSettings) -> T:
        raw = store.value(f"preferences/{self.key}", self.default)
        return _coerce(raw, self.default)

    def write(self, store: QSettings, value: T) -> None:
        store.setValue(f"preferences/{self.key}", value)


AUTO_ADVANCE = Preference("autoAdvance", True)
CONFIRM_BULK = Preference("confirmBulkDecisions", True)  # ask before flipping many rows
LAST_FOLDER = Preference("lastFolder", "")
LIST_DENSITY = Preference("listDensity", "comfortable")  # or "compact"
SHOW_THUMBNAILS = Preference("showThumbnails", False)
DETAIL_SHOWN = Preference("detailShown", True)
DETAIL_BELOW = Preference("detailBelow", False)  # below the list even in a wide window


def _coerce(raw: Any, default: T) -> T:
    """QSettings hands back strings from ini files: turn them into the default's type."""
    value: Any
    if isinstance(default, bool):
        value = raw.strip().lower() in ("true", "1", "yes") if isinstance(raw, str) else bool(raw)
    elif isinstance(default, int):
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = default
    else:
        value = "" if raw is None else str(raw)
    return cast(T, value)


class Settings:
    """The app's settings; pass a QSettings on a temporary ini file in tests."""

    def __init__(self, store: QSettings) -> None:
        self.store = store

    # -- preferences -----------------------------------------------------------

    @property
    def auto_advance(self) -> bool:
        return AUTO_ADVANCE.read(self.store)

    @auto_advance.setter
    def auto_advance(self, value: bool) -> None:
        AUTO_ADVANCE.write(self.store, value)

    @property
    def confirm_bulk(self) -> bool:
        return CONFIRM_BULK.read(self.store)

    @confirm_bulk.setter
    def confirm_bulk(self, value: bool) -> None:
        CONFIRM_BULK.write(self.store, value)

    @property
    def list_density(self) -> str:
        return LIST_DENSITY.read(self.store)

    @list_density.setter
    def list_density(self, value: str) -> None:
        LIST_DENSITY.write(self.store, value)

    @property
    def show_thumbnails(self) -> bool:
        return SHOW_THUMBNAILS.read(self.store)

    @show_thumbnails.setter
    def show_thumbnails(self, value: bool) -> None:
        SHOW_THUMBNAILS.write(self.store, value)

    @property
    def detail_shown(self) -> bool:
        return DETAIL_SHOWN.read(self.store)

    @detail_shown.setter
    def detail_shown(self, value: bool) -> None:
        DETAIL_SHOWN.write(self.store, value)

    @property
    def detail_below(self) -> bool:
        return DETAIL_BELOW.read(self.store)

    @detail_below.setter
    def detail_below(self, value: bool) -> None:
        DETAIL_BELOW.write(self.store, value)

    @property
    def last_folder(self) -> Path | None:
        text = LAST_FOLDER.read(self.store)
        return Path(text) if text else None

    @last_folder.setter
    def last_folder(self, folder: Path | None) -> None:
        LAST_FOLDER.write(self.store, str(folder) if folder is not None else "")

    @property
    def recent_folders(self) -> list[Path]:
        return self._paths("preferences/recentFolders")

    def add_recent_folder(self, folder: Path) -> None:
        """Put ``folder`` first in the recent list and remember it as the last folder."""
        folders = [folder, *(f for f in self.recent_folders if f != folder)]
        self.store.setValue(
            "preferences/recentFolders", [str(f) for f in folders[:MAX_RECENT_FOLDERS]]
        )
        self.last_folder = folder

    def clear_recent_folders(self) -> None:
        self.store.remove("preferences/recentFolders")

    def git_setup_declined(self, repository: Path) -> bool:
        """Whether the editor said no to key-wise merging for the repository at this top."""
        return repository in self._paths("preferences/gitSetupDeclined")

    def decline_git_setup(self, repository: Path) -> None:
        """Do not offer ``curator git-setup`` for this repository again."""
        declined = [*self._paths("preferences/gitSetupDeclined"), repository]
        self.store.setValue("preferences/gitSetupDeclined", sorted({str(p) for p in declined}))

    def _paths(self, key: str) -> list[Path]:
        raw = self.store.value(key, [])
        items = [raw] if isinstance(raw, str) else raw  # an ini file holding a single item
        if not isinstance(items, list):
            return []
        return [Path(str(item)) for item in items if item]

    # -- window state ----------------------------------------------------------

    def window_state(self, name: str) -> QByteArray | None:
        """A saved ``saveGeometry``/``saveState`` blob: geometry, splitter, header, toolbars."""
        raw = self.store.value(f"window/{name}")
        return raw if isinstance(raw, QByteArray) and not raw.isEmpty() else None

    def set_window_state(self, name: str, state: QByteArray) -> None:
        self.store.setValue(f"window/{name}", state)

    def reset_window_state(self) -> None:
        self.store.remove("window")

    def sync(self) -> None:
        self.store.sync()
