from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from curator_app.ui.window.settings import MAX_RECENT_FOLDERS, Settings


def reopened(store: QSettings) -> Settings:
    store.sync()
    return Settings(QSettings(store.fileName(), QSettings.Format.IniFormat))


def test_defaults(settings_store: QSettings) -> None:
    settings = Settings(settings_store)
    assert settings.auto_advance is True
    assert settings.confirm_bulk is True
    assert settings.last_folder is None
    assert settings.recent_folders == []
    assert settings.window_state("geometry") is None


def test_preferences_round_trip_through_the_file(settings_store: QSettings, tmp_path: Path) -> None:
    settings = Settings(settings_store)
    settings.auto_advance = False
    settings.confirm_bulk = False
    settings.add_recent_folder(tmp_path / "one")
    settings.add_recent_folder(tmp_path / "two")
    settings.add_recent_folder(tmp_path / "one")  # moves to the front, no duplicate
    again = reopened(settings_store)
    assert again.auto_advance is False
    assert again.confirm_bulk is False
    assert again.last_folder == tmp_path / "one"
    assert again.recent_folders == [tmp_path / "one", tmp_path / "two"]
    again.clear_recent_folders()
    assert again.recent_folders == []
    assert again.last_folder == tmp_path / "one"


def test_a_single_recent_folder_survives_the_ini_format(
    settings_store: QSettings, tmp_path: Path
) -> None:
    Settings(settings_store).add_recent_folder(tmp_path / "only")
    assert reopened(settings_store).recent_folders == [tmp_path / "only"]


def test_recent_folders_are_capped(settings_store: QSettings, tmp_path: Path) -> None:
    settings = Settings(settings_store)
    for number in range(MAX_RECENT_FOLDERS + 3):
        settings.add_recent_folder(tmp_path / str(number))
    recent = reopened(settings_store).recent_folders
    assert len(recent) == MAX_RECENT_FOLDERS
    assert recent[0] == tmp_path / str(MAX_RECENT_FOLDERS + 2)


def test_window_state_is_kept_apart_from_preferences(settings_store: QSettings) -> None:
    settings = Settings(settings_store)
    settings.auto_advance = False
    blob = QByteArray(b"\x00\x01header-state\xff")
    settings.set_window_state("header", blob)
    again = reopened(settings_store)
    assert again.window_state("header") == blob
    again.reset_window_state()
    assert again.window_state("header") is None
    assert again.auto_advance is False


def test_strings_from_a_hand_edited_file_are_coerced(settings_store: QSettings) -> None:
    settings_store.setValue("preferences/autoAdvance", "false")
    assert Settings(settings_store).auto_advance is False
    settings_store.setValue("preferences/autoAdvance", "true")
    assert Settings(settings_store).auto_advance is True
