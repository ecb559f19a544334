"""Text as a search compares it: case and accents folded away ("Zürich" → "zurich")."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """``text`` without case or accents, for substring search.

    Case folding (``ß`` → ``ss``), compatibility decomposition (full-width letters,
    ligatures) and the removal of combining marks (``ü`` → ``u``). Both the searched
    text and the typed text go through it, so the search ignores accents both ways.
    """
    if text.isascii():
        return text.lower()  # the same as casefold() for ASCII, and much faster
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
