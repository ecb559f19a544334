"""Minimal-diff edits on less common layouts: anchors, indentation, empty values, mappings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from curator_app.core.document import ArticleDocument
from curator_app.core.errors import EditError


def test_anchors_are_kept_and_shared_values_are_refused(
    fixture_copy: Callable[[str], Path],
) -> None:
    path = fixture_copy("anchors.md")
    before = path.read_bytes()
    document = ArticleDocument.load(path)
    assert document.get("provider") == {"name": "Shared Wire", "domain": "shared.example"}
    assert document.get("headline") == "Anchored title"
    # Changing an anchored value would change its aliases too: refused, nothing written.
    with pytest.raises(EditError):
        document.set("title", "Another title")
    with pytest.raises(EditError):
        document.set("base", {"name": "Other"})
    assert path.read_bytes() == before
    # Replacing an alias writes the value there; the anchor stays for the others.
    ArticleDocument.load(path).set("headline", "Own headline")
    expected = before.splitlines(keepends=True)
    expected[6] = b'headline: "Own headline"\n'
    assert path.read_bytes().splitlines(keepends=True) == expected
    document = ArticleDocument.load(path)
    document.set("provider", {"name": "Own Wire"})
    new = path.read_bytes().splitlines(keepends=True)
    assert new[4] == b"provider: {name: Own Wire}\n"
    assert new[:4] == before.splitlines(keepends=True)[:4]


def test_anchor_without_aliases_survives_a_value_edit(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b'---\ntitle: &t "Old"\nbase: &b # shared\n  name: A\nx: 1\n---\n')
    document = ArticleDocument.load(path)
    assert document.value_text("title") == '"Old"'
    document.set("title", "New")
    document.set("base", {"name": "B"})
    assert path.read_bytes() == b'---\ntitle: &t "New"\nbase: &b # shared\n  name: B\nx: 1\n---\n'


@pytest.mark.parametrize(
    ("before", "key", "value", "after"),
    [
        # An indented front matter: a new key lines up with the others.
        (
            "  published: false\n  title: x\n",
            "quality",
            3,
            "  published: false\n  title: x\n  quality: 3\n",
        ),
        ("  title: x\n", "topics", ["a"], "  title: x\n  topics:\n    - a\n"),
        # An empty value, with and without a comment after it.
        ("title:\npublished: false\n", "title", "T", "title: T\npublished: false\n"),
        ("title:   # empty\n", "title", "T", "title: T   # empty\n"),
        # A value on the line after its key; a plain scalar folded over two lines.
        ('title:\n  "Hello"\n', "title", "Bye", 'title:\n  "Bye"\n'),
        ("title: This is\n  continued\nx: 1\n", "title", "Short", "title: Short\nx: 1\n"),
        # Tabs and trailing spaces around the value stay.
        ("published:\tfalse   \n", "published", True, "published:\ttrue   \n"),
    ],
)
def test_odd_layouts(tmp_path: Path, before: str, key: str, value: Any, after: str) -> None:
    path = tmp_path / "odd.md"
    path.write_text(f"---\n{before}---\nBody.\n")
    ArticleDocument.load(path).set(key, value)
    assert path.read_text() == f"---\n{after}---\nBody.\n"


def test_front_matter_closed_by_dots(tmp_path: Path) -> None:
    path = tmp_path / "dots.md"
    path.write_text("---\npublished: false\n...\n---\nBody.\n")
    document = ArticleDocument.load(path)
    assert document.body == "---\nBody.\n"
    document.set_published(True)
    assert path.read_text() == "---\npublished: true\n...\n---\nBody.\n"


def test_mapping_edit_and_shape_change_touch_only_their_lines(
    fixture_copy: Callable[[str], Path],
) -> None:
    path = fixture_copy("seed.txt")
    before = path.read_bytes()
    old = before.splitlines(keepends=True)
    document = ArticleDocument.load(path)
    document.set("provider", {"name": "Other Wire", "domain": "other.example"})
    assert old[13:15] == [
        b"  name: Analytics India Magazine\n",
        b"  domain: analyticsindiamag.com\n",
    ]
    assert path.read_bytes().splitlines(keepends=True) == [
        *old[:13],
        b"  name: Other Wire\n",
        b"  domain: other.example\n",
        *old[15:],
    ]
    document.set(
        "provider", {"name": "Analytics India Magazine", "domain": "analyticsindiamag.com"}
    )
    assert path.read_bytes() == before
    # A block list replaced by an empty list becomes one flow-style line.
    related = old.index(b"related:\n")
    end = old.index(b"        isCached: true\n", related) + 1
    document.set("related", [])
    assert path.read_bytes().splitlines(keepends=True) == [
        *old[:related],
        b"related: []\n",
        *old[end:],
    ]
    assert ArticleDocument.load(path).get("secured") == document.get("secured")
