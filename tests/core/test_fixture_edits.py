"""Minimal-diff edits on every tricky layout: exactly the asked-for line changes.

Each case names a fixture file, the 1-based line number the edit must change, and
the exact bytes that line must hold afterwards; every other line must stay
byte-identical, the file must read back as intended, and setting the value back
must restore the original bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from curator_app.core.document import ArticleDocument
from curator_app.core.yamlio import same_value

# (fixture, 1-based line, new line bytes): flipping `published` changes only that line.
FLIPS = [
    ("seed.txt", 11, b"published: true\n"),
    ("comments.md", 5, b"published: true # not yet reviewed\n"),
    ("crlf.md", 4, b"published: true\r\n"),
    ("bom.md", 3, b"published: true\n"),
    ("block_scalars.md", 12, b"published: true\n"),
    ("quoted_keys.md", 4, b'"published": true\n'),
    ("nested_published.md", 11, b"published: true\n"),
    ("multiline_quoted.md", 6, b"published: false\n"),
    ("yaml11_booleans.md", 3, b"published: true\n"),
    (
        "flow_style.md",
        2,
        b'{title: "Flow front matter", quality: 3, published: true, topics: [One, Two]}\n',
    ),
    ("no_trailing_newline.md", 3, b"published: true\n"),
    ("body_fence.md", 3, b"published: true\n"),
    ("anchors.md", 8, b"published: true\n"),
]

SEED_PUBLISHED = datetime(2021, 10, 11, 5, 30, tzinfo=UTC)
NEW_TIME = datetime(2023, 4, 5, 6, 7, 8, tzinfo=UTC)

# (fixture, key, new value, 1-based line, new line bytes) for single-line value edits.
SCALAR_EDITS: list[tuple[str, str, Any, int, bytes]] = [
    ("seed.txt", "title", "Meta: a new name", 3, b'title: "Meta: a new name"\n'),
    ("seed.txt", "quality", 25, 9, b"quality: 25\n"),
    ("seed.txt", "heat", 3, 10, b"heat: 3\n"),
    ("seed.txt", "type", "video", 8, b"type: video\n"),
    ("seed.txt", "publishedDateTime", NEW_TIME, 5, b"publishedDateTime: 2023-04-05T06:07:08Z\n"),
    (
        "comments.md",
        "title",
        "Dry rivers",
        3,
        b'title: "Dry rivers"  # checked against the source\n',
    ),
    ("comments.md", "quality", 32, 4, b"quality: 32   # scored by the ranker\n"),
    (
        "crlf.md",
        "publishedDateTime",
        NEW_TIME,
        3,
        b"publishedDateTime: 2023-04-05T06:07:08Z\r\n",
    ),
    ("crlf.md", "title", "Trams", 2, b'title: "Trams"\r\n'),
    ("bom.md", "quality", 13, 4, b"quality: 13\n"),
    ("block_scalars.md", "quality", 8, 13, b"quality: 8\n"),
    ("quoted_keys.md", "quality", 20, 3, b"'quality': 20\n"),
    ("quoted_keys.md", "title", "Still quoted", 2, b'"title": "Still quoted"\n'),
    ("no_trailing_newline.md", "title", "Abrupt", 2, b'title: "Abrupt"\n'),
    ("multiline_quoted.md", "title", "Over lines", 2, b'title: "Over lines"\n'),
]


def _edit_and_check(path: Path, key: str, value: Any, line: int, new_line: bytes) -> bytes:
    """Set ``key`` and assert that only ``line`` changed, to ``new_line``; return old bytes."""
    before = path.read_bytes()
    old_data = ArticleDocument.load(path).data
    assert ArticleDocument.load(path).set(key, value) is True
    after = path.read_bytes()
    expected = before.splitlines(keepends=True)
    assert expected[line - 1] != new_line
    expected[line - 1] = new_line
    assert after.splitlines(keepends=True) == expected
    reread = ArticleDocument.load(path)
    assert same_value(reread.get(key), value)
    assert {k: v for k, v in reread.data.items() if k != key} == {
        k: v for k, v in old_data.items() if k != key
    }
    return before


@pytest.mark.parametrize(("name", "line", "new_line"), FLIPS)
def test_flip_changes_exactly_one_line_and_flips_back(
    fixture_copy: Callable[[str], Path], name: str, line: int, new_line: bytes
) -> None:
    path = fixture_copy(name)
    was = ArticleDocument.load(path).published
    before = _edit_and_check(path, "published", not was, line, new_line)
    assert ArticleDocument.load(path).published is (not was)
    # Undo: setting the old value back restores every byte.
    assert ArticleDocument.load(path).set_published(was) is True
    if name != "yaml11_booleans.md":  # `no` comes back as `false`: booleans are written so
        assert path.read_bytes() == before


@pytest.mark.parametrize(("name", "key", "value", "line", "new_line"), SCALAR_EDITS)
def test_scalar_edit_changes_exactly_one_line_and_round_trips(
    fixture_copy: Callable[[str], Path], name: str, key: str, value: Any, line: int, new_line: bytes
) -> None:
    path = fixture_copy(name)
    old_value = ArticleDocument.load(path).data[key]
    before = _edit_and_check(path, key, value, line, new_line)
    assert ArticleDocument.load(path).set(key, old_value) is True
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", [name for name, _, _ in FLIPS] + ["missing_key.md"])
def test_setting_the_same_value_writes_nothing(
    fixture_copy: Callable[[str], Path], name: str
) -> None:
    path = fixture_copy(name)
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    document = ArticleDocument.load(path)
    for key, value in document.data.items():
        assert document.set(key, value) is False, key
    assert document.set_published(document.published) is (name == "missing_key.md")
    if name != "missing_key.md":
        assert path.read_bytes() == before
        assert path.stat().st_mtime_ns == mtime


def test_missing_key_is_added_as_one_line_and_deleted_again(
    fixture_copy: Callable[[str], Path],
) -> None:
    path = fixture_copy("missing_key.md")
    before = path.read_bytes()
    document = ArticleDocument.load(path)
    assert document.set_published(True) is True
    expected = before.splitlines(keepends=True)
    expected.insert(4, b"published: true\n")  # the last front-matter line, before `---`
    assert path.read_bytes().splitlines(keepends=True) == expected
    assert ArticleDocument.load(path).published is True
    assert document.delete("published") is True
    assert path.read_bytes() == before
    assert document.delete("published") is False


def test_added_key_in_crlf_file_uses_crlf(fixture_copy: Callable[[str], Path]) -> None:
    path = fixture_copy("crlf.md")
    before = path.read_bytes()
    document = ArticleDocument.load(path)
    document.set("quality", 40)
    expected = before.splitlines(keepends=True)
    expected.insert(6, b"quality: 40\r\n")
    assert path.read_bytes().splitlines(keepends=True) == expected
    document.delete("quality")
    assert path.read_bytes() == before


def test_added_key_in_flow_front_matter_stays_inside_the_braces(
    fixture_copy: Callable[[str], Path],
) -> None:
    path = fixture_copy("flow_style.md")
    before = path.read_bytes()
    document = ArticleDocument.load(path)
    document.set("publishedDateTime", NEW_TIME)
    assert path.read_bytes() == before.replace(
        b"[One, Two]}", b"[One, Two], publishedDateTime: 2023-04-05T06:07:08Z}"
    )
    assert ArticleDocument.load(path).get("publishedDateTime") == NEW_TIME
    document.delete("publishedDateTime")
    assert path.read_bytes() == before


def test_list_edit_replaces_only_the_list_lines(fixture_copy: Callable[[str], Path]) -> None:
    path = fixture_copy("seed.txt")
    before = path.read_bytes()
    document = ArticleDocument.load(path)
    document.set("topics", ["Meta AI", "Research: vision"])
    old = before.splitlines(keepends=True)
    assert old[17:19] == [b"  - Facebook AI\n", b"  - AI\n"]
    expected = [*old[:17], b"  - Meta AI\n", b"  - 'Research: vision'\n", *old[19:]]
    new = path.read_bytes().splitlines(keepends=True)
    if new != expected:  # the quoting of the item that needs quotes is the core's choice
        assert new[:17] == old[:17] and new[19:] == old[19:]
        assert new[17] == b"  - Meta AI\n"
    assert ArticleDocument.load(path).get("topics") == ["Meta AI", "Research: vision"]
    document.set("topics", ["Facebook AI", "AI"])
    assert path.read_bytes() == before


def test_crlf_list_edit_keeps_crlf(fixture_copy: Callable[[str], Path]) -> None:
    path = fixture_copy("crlf.md")
    before = path.read_bytes()
    ArticleDocument.load(path).set("topics", ["Transport", "Cities"])
    old = before.splitlines(keepends=True)
    expected = [*old[:5], b"  - Transport\r\n", b"  - Cities\r\n", *old[6:]]
    assert path.read_bytes().splitlines(keepends=True) == expected


def test_block_scalar_edit_replaces_the_block_and_keeps_its_neighbours(
    fixture_copy: Callable[[str], Path],
) -> None:
    path = fixture_copy("block_scalars.md")
    before = path.read_bytes()
    document = ArticleDocument.load(path)
    assert document.get("excerpt") == "First line of the excerpt.\npublished: false\nLast line.\n"
    assert document.get("summary") == "Folded text that published: true keeps going.\n"
    document.set("excerpt", "One line now")
    old = before.splitlines(keepends=True)
    new = path.read_bytes().splitlines(keepends=True)
    assert new[:2] == old[:2] and new[3:] == old[6:]
    assert new[2].startswith(b"excerpt: ") and new[2].endswith(b"\n")
    reread = ArticleDocument.load(path)
    assert reread.get("excerpt") == "One line now"
    assert reread.get("published") is False and reread.get("summary") == document.get("summary")


def test_datetime_keeps_the_file_form_and_offsets(fixture_copy: Callable[[str], Path]) -> None:
    path = fixture_copy("seed.txt")
    before = path.read_bytes()
    document = ArticleDocument.load(path)
    assert document.get("publishedDateTime") == SEED_PUBLISHED
    assert document.value_text("publishedDateTime") == "2021-10-11T05:30:00Z"
    plus_two = timezone(timedelta(hours=2))
    document.set("publishedDateTime", datetime(2021, 10, 11, 9, 0, tzinfo=plus_two))
    new = path.read_bytes().splitlines(keepends=True)
    assert new[4] == b"publishedDateTime: 2021-10-11T09:00:00+02:00\n"
    document.set("publishedDateTime", SEED_PUBLISHED)
    assert path.read_bytes() == before
    utc_as_digits = datetime(2021, 10, 11, 5, 30, tzinfo=timezone(timedelta(0)))
    path.write_bytes(before.replace(b"05:30:00Z", b"05:30:00+00:00"))
    ArticleDocument.load(path).set("publishedDateTime", utc_as_digits + timedelta(hours=1))
    assert b"publishedDateTime: 2021-10-11T06:30:00+00:00\n" in path.read_bytes()


def test_nested_published_keys_are_left_alone(fixture_copy: Callable[[str], Path]) -> None:
    path = fixture_copy("nested_published.md")
    document = ArticleDocument.load(path)
    related, provider = document.get("related"), document.get("provider")
    document.set_published(True)
    reread = ArticleDocument.load(path)
    assert reread.published is True
    assert (
        reread.get("related")
        == related
        == [
            {"title": "Older story", "published": True},
            {"title": "Another story", "published": False},
        ]
    )
    assert reread.get("provider") == provider


def test_multiline_quoted_string_is_not_mistaken_for_the_key(
    fixture_copy: Callable[[str], Path],
) -> None:
    document = ArticleDocument.load(fixture_copy("multiline_quoted.md"))
    assert document.published is True
    assert document.get("excerpt") == "It starts here and published: false and ends here."


def test_yaml11_booleans_are_read_as_booleans(fixture_copy: Callable[[str], Path]) -> None:
    document = ArticleDocument.load(fixture_copy("yaml11_booleans.md"))
    assert document.data == {
        "title": "Old-style booleans",
        "published": False,
        "featured": False,
        "archived": True,
    }


def test_yaml11_booleans_are_rewritten_as_true_and_false(
    fixture_copy: Callable[[str], Path],
) -> None:
    path = fixture_copy("yaml11_booleans.md")
    before = path.read_bytes().splitlines(keepends=True)
    document = ArticleDocument.load(path)
    document.set("featured", True)
    assert path.read_bytes().splitlines(keepends=True) == [
        *before[:3],
        b"featured: true\n",
        *before[4:],
    ]
    document.set("featured", False)  # the old spelling `False` is not brought back
    assert path.read_bytes().splitlines(keepends=True)[3] == b"featured: false\n"
    assert ArticleDocument.load(path).data["archived"] is True


def test_body_with_fences_and_bom_survive_edits(fixture_copy: Callable[[str], Path]) -> None:
    fence = ArticleDocument.load(fixture_copy("body_fence.md"))
    assert fence.body == "Intro paragraph.\n\n---\n\npublished: false\n---\nClosing paragraph.\n"
    fence.set_published(True)
    assert ArticleDocument.load(fence.path).body == fence.body
    bom = ArticleDocument.load(fixture_copy("bom.md"))
    assert bom.has_bom and bom.newline == "\n"
    bom.set("title", "Sleepers")
    assert bom.path.read_bytes().startswith(b"\xef\xbb\xbf---\n")


def test_no_trailing_newline_stays_absent(fixture_copy: Callable[[str], Path]) -> None:
    path = fixture_copy("no_trailing_newline.md")
    ArticleDocument.load(path).set_published(True)
    assert path.read_bytes().endswith(b"\n---\nThe body has no final newline")
