from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from curator_app.resources import icon_folder
from curator_app.ui.window import icons

ALL_ICONS = sorted(path.stem for path in icon_folder().glob("*.svg"))


def test_the_icons_ship_inside_the_package() -> None:
    assert "curator_app" in icon_folder().parts
    assert {"app", "publish", "unpublish", "undo", "redo"} <= set(ALL_ICONS)


@pytest.mark.parametrize("name", ALL_ICONS)
def test_every_bundled_icon_renders(qapp: Any, name: str) -> None:
    assert not icons.icon(name).pixmap(QSize(24, 24)).isNull()


def test_the_theme_icon_wins_where_the_theme_has_one(qapp: Any, monkeypatch: Any) -> None:
    asked: list[str] = []
    themed = QIcon(str(icon_folder() / "publish.svg"))

    def from_theme(name: str, fallback: QIcon) -> QIcon:
        asked.append(name)
        return themed

    monkeypatch.setattr(icons.QIcon, "fromTheme", from_theme)
    assert icons.icon("undo") is themed
    assert asked == ["edit-undo"]
    icons.icon("publish")  # no theme equivalent: the bundled icon, the theme not asked
    assert asked == ["edit-undo"]


def test_without_a_theme_icon_the_bundled_svg_is_used(qapp: Any) -> None:
    undo = icons.icon("undo")
    assert not undo.isNull()
    assert icons.icon("no-such-icon").isNull()
