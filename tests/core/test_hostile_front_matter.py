"""Hostile front matter: every one is a typed error of its own file, never a crash.

Impossible dates and over-long numbers (the YAML constructor raises ValueError,
not a YAML error), values that contain themselves, nesting past any article's,
aliases that expand to gigabytes of text, and front matter too big to parse.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from curator_app.core import yamlguard, yamlio
from curator_app.core.document import ArticleDocument
from curator_app.core.errors import (
    ArticleFormatError,
    ExpansionTooLargeError,
    FrontMatterTooLargeError,
    InvalidYamlError,
    RecursiveAliasError,
    TooComplexError,
    TooDeepError,
)
from curator_app.core.library import read_entry
from curator_app.core.yamlguard import MAX_DEPTH, MAX_FRONT_MATTER_BYTES


def write(tmp_path: Path, text: str, name: str = "article.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> ArticleFormatError:
    with pytest.raises(ArticleFormatError) as caught:
        ArticleDocument.load(path)
    assert caught.value.path == path
    return caught.value


# -- values the constructor cannot build -------------------------------------------


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2021-02-30", "2021-02-30 is not a valid date (day is out of range for month)"),
        ("2021-13-45T10:00:00Z", "2021-13-45T10:00:00Z is not a valid date (month must be in"),
        ("2021-10-11T25:00:00Z", "2021-10-11T25:00:00Z is not a valid date (hour must be in"),
        ("2021-10-11T05:30:00+99:00", "2021-10-11T05:30:00+99:00 is not a valid date (offset"),
        ("0000-01-01", "0000-01-01 is not a valid date (year 0 is out of range)"),
        ("!!int 12x", "12x is not a valid integer (invalid literal for int()"),
        ("!!bool maybe", "maybe is not a valid boolean"),
    ],
)
def test_a_value_that_cannot_be_built_names_its_line_and_column(
    tmp_path: Path, value: str, reason: str
) -> None:
    path = write(tmp_path, f"---\ntitle: ok\npublishedDateTime: {value}\npublished: false\n---\n")

    error = error_of(path)

    assert isinstance(error, InvalidYamlError)
    assert (error.line, error.column) == (3, len("publishedDateTime: ") + 1)
    assert f"line 3, column {error.column}: {reason}" in error.reason


def test_the_failing_value_is_found_deep_inside_and_after_good_dates(tmp_path: Path) -> None:
    text = (
        "---\n"
        "publishedDateTime: 2021-10-11T05:30:00Z\n"
        "related:\n"
        "  - title: fine\n"
        "    publishedDateTime: 2021-10-07\n"
        "  - title: broken\n"
        "    publishedDateTime: 2021-02-29\n"
        "---\n"
    )
    error = error_of(write(tmp_path, text))

    assert isinstance(error, InvalidYamlError)
    assert (error.line, error.column) == (7, 24)
    assert error.reason.endswith("2021-02-29 is not a valid date (day is out of range for month)")


def test_a_number_too_long_to_convert_is_an_error_with_a_short_reason(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, f"---\ntitle: ok\nquality: {'7' * 5000}\n---\n"))

    assert isinstance(error, InvalidYamlError)
    assert (error.line, error.column) == (3, 10)
    assert "is not a valid integer (Exceeds the limit (4300 digits)" in error.reason
    assert "sys.set_int_max_str_digits" not in error.reason
    assert len(error.reason) < 200


def test_an_impossible_date_is_an_error_entry_in_a_scan(tmp_path: Path) -> None:
    path = write(tmp_path, "---\ntitle: Leap\npublishedDateTime: 2021-02-30\n---\nbody\n")

    entry = read_entry(path, tmp_path)

    assert not entry.ok
    assert entry.error_line == 3
    assert entry.error is not None and "2021-02-30 is not a valid date" in entry.error


# -- aliases -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front_matter", "line"),
    [
        ("title: ok\na: &a [*a]\n", 3),
        ("title: ok\nb: &b {self: *b}\n", 3),
        ("title: ok\nc: &c\n  - one\n  - [deeper, *c]\n", 5),
        ("title: ok\nd: &d\n  <<: *d\n  x: 1\n", 4),
        ("&top\ntitle: ok\nloop: *top\n", 4),
    ],
)
def test_a_value_that_contains_itself_is_refused_at_the_alias_line(
    tmp_path: Path, front_matter: str, line: int
) -> None:
    path = write(tmp_path, f"---\n{front_matter}---\n")

    error = error_of(path)

    assert isinstance(error, RecursiveAliasError)
    assert error.line == line
    assert error.reason.startswith(f"an alias refers to itself at line {line}")
    assert read_entry(path, tmp_path).error_line == line


def test_aliases_that_are_not_recursive_still_read(tmp_path: Path) -> None:
    text = "---\nbase: &base {name: x}\nsame: *base\nnested: [&n [1], *n]\n---\n"
    document = ArticleDocument.load(write(tmp_path, text))
    assert document.data["same"] == {"name": "x"}
    assert document.data["nested"] == [[1], [1]]


def test_aliases_of_long_text_cannot_expand_to_gigabytes(tmp_path: Path) -> None:
    """About 100 KB of file: few values (under the count limit), 2.5 GB once expanded."""
    rows = ["---", f"a: &a {'x' * 50_000}", f"b: &b [{', '.join(['*a'] * 1000)}]"]
    rows.append(f"c: [{', '.join(['*b'] * 50)}]")
    path = write(tmp_path, "\n".join([*rows, "---", ""]))
    assert path.stat().st_size < 200_000

    error = error_of(path)

    assert isinstance(error, ExpansionTooLargeError) and isinstance(error, TooComplexError)
    assert error.reason == "front matter expands to more than 4 MB of text through aliases"


def test_the_billion_laughs_is_still_refused_by_its_count(tmp_path: Path) -> None:
    rows = ["---", "a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        prev, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        rows.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 10)}]")
    error = error_of(write(tmp_path, "\n".join([*rows, "---", ""])))
    assert type(error) is TooComplexError


# -- nesting -----------------------------------------------------------------------


@pytest.mark.parametrize("depth", [MAX_DEPTH, 300, 900])
def test_nesting_past_the_limit_is_refused(tmp_path: Path, depth: int) -> None:
    path = write(tmp_path, f"---\ntitle: ok\na: {'[' * depth}{']' * depth}\n---\n")

    error = error_of(path)

    assert isinstance(error, TooDeepError)
    assert error.line == 3
    assert f"nest more than {MAX_DEPTH} levels deep" in error.reason


def nested_mappings(depth: int, start: int) -> list[str]:
    """``depth`` block mappings, one inside the other, one line each, indented from
    ``start`` spaces."""
    return [" " * (start + 2 * level) + f"k{level}:" for level in range(depth - 1)] + [
        " " * (start + 2 * (depth - 1)) + "k: v"
    ]


def test_nesting_without_an_alias_is_refused_at_the_line_the_check_names(
    tmp_path: Path,
) -> None:
    """The fast construction gives up past the limit; the check then names the line of
    a mapping past it (the last branch's, as the tree check walks it), both branches
    deeper than the limit."""
    rows = ["---", "title: ok", "a:", *nested_mappings(MAX_DEPTH, 2), "b:"]
    rows += [*nested_mappings(MAX_DEPTH + 3, 2), "---", ""]
    path = write(tmp_path, "\n".join(rows))
    text = "\n".join(rows[1:-2]) + "\n"
    loader = yamlio.Loader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    with pytest.raises(TooDeepError) as checked:
        yamlguard.check_tree(root, text, path, 1)

    error = error_of(path)

    assert isinstance(error, TooDeepError)
    # "b:" is on line 4 + MAX_DEPTH; its mapping past the limit, MAX_DEPTH lines below.
    assert error.line == checked.value.line == 4 + 2 * MAX_DEPTH
    assert read_entry(path, tmp_path).error_line == error.line


@pytest.mark.parametrize("extra", [0, 1])
def test_mappings_nested_to_the_limit_read_and_one_more_is_refused(
    tmp_path: Path, extra: int
) -> None:
    # The first row is a key of the top mapping (level 1), each next row one level down.
    rows = ["---", "title: ok", *nested_mappings(MAX_DEPTH + extra, 0), "---", ""]
    path = write(tmp_path, "\n".join(rows))
    if extra:
        error = error_of(path)
        assert isinstance(error, TooDeepError) and error.line == 3 + MAX_DEPTH
    else:
        assert ArticleDocument.load(path).data["title"] == "ok"


def test_nesting_through_an_alias_counts_the_depth_it_lands_at(tmp_path: Path) -> None:
    half = MAX_DEPTH // 2 + 1
    text = f"---\ndeep: &d {'[' * half}{']' * half}\nalso: {'[' * half}*d{']' * half}\n---\n"
    assert isinstance(error_of(write(tmp_path, text)), TooDeepError)


def test_nesting_within_the_limit_reads_and_publishes(tmp_path: Path) -> None:
    depth = MAX_DEPTH - 2  # the top mapping and the value's list are levels too
    path = write(tmp_path, f"---\npublished: false\na: {'[' * depth}{']' * depth}\n---\n")
    document = ArticleDocument.load(path)
    assert document.set_published(True)
    assert ArticleDocument.load(path).published


# -- size --------------------------------------------------------------------------


def test_a_front_matter_over_the_limit_is_refused_without_being_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = 'excerpt: "' + "y" * 88 + '"\n'  # 100 bytes
    path = write(tmp_path, "---\ntitle: big\n" + line * 96_000 + "---\nbody\n")
    parsed: list[str] = []
    monkeypatch.setattr(yamlio, "parse_mapping", lambda *args: parsed.append("parsed"))

    error = error_of(path)
    entry = read_entry(path, tmp_path)

    assert isinstance(error, FrontMatterTooLargeError)
    assert error.reason == "front matter is 9.6 MB, more than the 1 MB limit"
    assert entry.error == error.reason
    assert parsed == []


def test_the_limit_counts_utf8_bytes_and_is_inclusive(tmp_path: Path) -> None:
    head = "title: x\nexcerpt: "
    fill = MAX_FRONT_MATTER_BYTES - len(head) - 1  # the final line break counts too
    at_limit = write(tmp_path, f"---\n{head}{'y' * fill}\n---\n", "at_limit.md")
    assert ArticleDocument.load(at_limit).data["title"] == "x"

    over = write(tmp_path, f"---\n{head}{'é' * (fill // 2 + 1)}\n---\n", "over.md")
    error = error_of(over)
    assert isinstance(error, FrontMatterTooLargeError)
    assert error.reason == "front matter is 1,000,001 bytes, more than the 1 MB limit"


def test_deep_nesting_is_refused_by_the_pure_python_parser_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without libyaml the parser itself recurses once per level; that is an error too."""
    monkeypatch.setattr(yamlio, "Loader", yaml.SafeLoader)
    path = write(tmp_path, f"---\ntitle: ok\na: {'[' * 5000}{']' * 5000}\n---\n")

    error = error_of(path)

    assert isinstance(error, TooDeepError)
    assert error.line == 2
