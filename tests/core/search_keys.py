"""Search texts the words index tests share: a few rows' folded keys and the plain test."""

from __future__ import annotations

from curator_app.core.textfold import fold
from curator_app.core.word_index import WordIndex

SEP = "\x1f"  # between an entry's fields, as in ``ArticleEntry.search_text``


def key(*fields: str) -> str:
    return fold(SEP.join(fields))


def plain(query: str, keys: list[str]) -> list[bool]:
    """What a search must find: the rows whose text holds ``query``."""
    return [query in text for text in keys]


def assert_agrees(index: WordIndex, queries: list[str], keys: list[str]) -> None:
    """Each of ``queries`` the index answers is answered as the plain test does."""
    for query in queries:
        query = query.strip()
        found = index.mask(query, keys)
        if found is not None:
            assert found == plain(query, keys), query


KEYS = [
    key("River grid opens", "The city's grid, by the river.", "Harbour Tribune", "2023/01/a.md"),
    key("Zürich trams", "Trams in Zürich run late; e-mail the office.", "Ledger", "b.md"),
    key("C++ at scale", "Engineers write C++ and Rust.", "Open Lab", "2023/02/c_d.md"),
    key("東京 night", "夜の東京 — a city at night", "Synced", "tokyo.md"),
    key("Harbour walls", "", "Harbour Tribune", "harbour/walls.md", "Cities"),
]
