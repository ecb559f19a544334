"""An entry's values round-trip: what the index stores and a worker sends back."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from curator_app.core.entry import FIELD_NAMES, VALUE_NAMES, ArticleEntry


def sample(title: str = "Zürich\u2019s \ufb01rst heat pump") -> ArticleEntry:
    return ArticleEntry(
        path=Path("/articles/2024/a.md"),
        relpath="2024/a.md",
        title=title,
        excerpt="An excerpt",
        provider="Harbour Tribune",
        published_at=datetime(2024, 7, 22, 5, 55, tzinfo=UTC),
        quality=88,
        published=True,
        topics=("Energy", "Städte"),
        size=120,
        mtime_ns=7,
    )


def test_values_name_every_field_after_the_path_and_end_with_the_search_key() -> None:
    entry = sample()
    values = entry.values()
    assert len(values) == len(VALUE_NAMES) and VALUE_NAMES[-1] == "search_key"
    assert values[VALUE_NAMES.index("title")] == entry.title
    assert values[-1] == entry.search_key


def test_from_values_rebuilds_an_equal_entry_with_its_search_key() -> None:
    entry = sample()

    again = ArticleEntry.from_values(entry.path, entry.relpath, entry.values())

    assert again == entry and again.search_key == entry.search_key
    assert "zurich" in again.search_key and "stadte" in again.search_key


def test_a_missing_search_key_is_folded_when_rebuilding() -> None:
    for title in ("Plain ASCII Title", "Zürich"):
        entry = sample(title)
        values = (*entry.values()[:-1], None)
        assert ArticleEntry.from_values(entry.path, entry.relpath, values).search_key == (
            entry.search_key
        )


def test_a_missing_search_key_is_folded_only_when_asked_for_and_then_kept() -> None:
    entry = sample()
    rebuilt = ArticleEntry.from_values(entry.path, entry.relpath, (*entry.values()[:-1], None))

    assert rebuilt._search_key is None  # a command that prints rows never folds them
    assert rebuilt.values()[-1] is None  # nor does storing them
    assert rebuilt.search_key == entry.search_key
    assert rebuilt.values()[-1] == entry.search_key  # kept once asked for
    assert rebuilt.search_key is rebuilt.search_key  # folded once


def test_plain_ascii_text_is_lower_cased_when_first_asked_for_not_when_made() -> None:
    ascii_entry, accented = sample("Plain ASCII Title").replace(topics=("Energy",)), sample()
    assert ascii_entry.values()[-1] is None  # nothing to send between processes or store
    assert accented.values()[-1] == accented.search_key != accented.search_text.lower()
    assert ascii_entry.search_key == ascii_entry.search_text.lower()
    assert ascii_entry.values()[-1] == ascii_entry.search_key


def test_a_wrong_number_of_values_is_refused() -> None:
    entry = sample()
    try:
        ArticleEntry.from_values(entry.path, entry.relpath, entry.values()[:-1])
    except ValueError:
        return
    raise AssertionError("a short row was accepted")


def test_an_entry_is_immutable_and_compared_and_hashed_by_its_fields() -> None:
    entry, same = sample(), sample()
    assert entry == same and hash(entry) == hash(same) and len({entry, same}) == 1
    assert entry != sample(title="Other") and entry != entry.replace(mtime_ns=8)
    assert entry != "not an entry"
    for name in FIELD_NAMES:
        with pytest.raises(AttributeError):
            setattr(entry, name, None)
        with pytest.raises(AttributeError):
            delattr(entry, name)
    with pytest.raises(AttributeError):
        entry.anything_else = 1  # type: ignore[attr-defined]


def test_replace_changes_the_given_fields_and_folds_the_search_text_again() -> None:
    entry = sample()
    changed = entry.replace(title="Über den Fluss", published=False)
    assert changed.title == "Über den Fluss" and not changed.published
    kept = [name for name in FIELD_NAMES if name not in ("title", "published")]
    assert [getattr(changed, n) for n in kept] == [getattr(entry, n) for n in kept]
    assert "uber den fluss" in changed.search_key
    with pytest.raises(TypeError):
        entry.replace(no_such_field=1)


def test_an_entry_is_shown_with_every_field() -> None:
    shown = repr(sample())
    assert shown.startswith("ArticleEntry(path=PosixPath(") or shown.startswith(
        "ArticleEntry(path=WindowsPath("
    )
    for name in FIELD_NAMES:
        assert f"{name}=" in shown
    assert "title='Zürich\u2019s \ufb01rst heat pump'" in shown
