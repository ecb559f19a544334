"""The front matter ends at the first line after the opening one that is only ``---`` or
``...`` (trailing blanks allowed), whatever the lines around it hold."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator_app.core.document import split_front_matter
from curator_app.core.errors import UnterminatedFrontMatterError

_FENCE_LINE = re.compile(r"(?:---|\.\.\.)[ \t\r]*")


def reference(text: str) -> tuple[int, int, int] | None:
    """(front matter start, end, body start) found line by line; None: unterminated."""
    fm_start = text.index("\n") + 1
    start = fm_start
    while start <= len(text):
        end = text.find("\n", start)
        line = text[start:] if end < 0 else text[start:end]
        if _FENCE_LINE.fullmatch(line):
            return fm_start, start, len(text) if end < 0 else end + 1
        if end < 0:
            return None
        start = end + 1
    return None


def layout(text: str) -> tuple[int, int, int] | None:
    try:
        found = split_front_matter(text, None)
    except UnterminatedFrontMatterError:
        return None
    return found.fm_start, found.fm_end, found.body_start


@pytest.mark.parametrize(
    "rest",
    [
        "---\n",
        "---",
        "...\n",
        "a: 1\n---\nbody\n",
        "a: 1\n--- \t\r\nbody",
        "a: 1\n----\nb: 2\n---\n",
        "a: ---\n ---\n...x\n...\n",
        "a: 1\r\n---\r\nbody\r\n",
        "a: 1\n",
        "\n\n---\n",
    ],
)
def test_the_closing_line_is_found(rest: str) -> None:
    text = "---\n" + rest
    assert layout(text) == reference(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="-. \t\r\na:", max_size=40))
def test_any_text_is_split_as_line_by_line(rest: str) -> None:
    text = "---\n" + rest
    assert layout(text) == reference(text)
