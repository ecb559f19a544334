"""Values the detail form shows, read from an article's front matter."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from curator_app.core import schema
from curator_app.ui.detail.views import plain_text
from curator_app.ui.images.strip import ImageSpec


def image_specs(data: Mapping[str, Any]) -> list[ImageSpec]:
    """The article's images, then its related articles' images as small tiles."""
    specs = [
        _image_spec(image, small=False, label="") for image in schema.items(data.get("images"))
    ]
    for item in schema.items(data.get("related")):
        if isinstance(item, Mapping):
            title = plain_text(item.get("title"))
            specs += [
                _image_spec(image, small=True, label=f"Related: {title}")
                for image in schema.items(item.get("images"))
            ]
    return [spec for spec in specs if spec.source]


def utc_seconds(value: datetime | None) -> datetime | None:
    """A timestamp as the date editor can show it: aware, UTC, whole seconds."""
    if value is None:
        return None
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).replace(microsecond=0)


def _image_spec(image: Any, small: bool, label: str) -> ImageSpec:
    if isinstance(image, str):
        return ImageSpec(image, small=small, label=label)
    if not isinstance(image, Mapping):
        return ImageSpec("", small=small)
    return ImageSpec(
        plain_text(image.get("url")),
        schema.integer(image.get("width")),
        schema.integer(image.get("height")),
        small=small,
        label=label,
    )
