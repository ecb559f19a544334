"""Text from files, made safe to print on a terminal."""

from __future__ import annotations

import argparse
import os
import re
import sys

# Characters a terminal acts on instead of showing: C0 and C1 controls, DEL, the bidi
# embeddings, overrides and isolates (U+202E turns the rest of a line around), the line
# and paragraph separators, and lone surrogates (bytes of a file name that are not UTF-8).
_INVISIBLE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)


def visible(text: str) -> str:
    """``text`` with every character a terminal would act on written as an escape
    (``\\x1b``, ``\\u202e``): what a file says is shown, never obeyed."""
    return _INVISIBLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, wrapping descriptions but keeping an examples block as is."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        # argparse makes a formatter for every argument added, and asks shutil for the
        # width: importing shutil (and its archive modules) is 1% of a warm scan.
        if width is None:
            width = terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if text.startswith(EXAMPLES):
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)


def terminal_columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size`` tells it: $COLUMNS, else the
    width of the terminal on standard output, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


EXAMPLES = "examples:\n"


def examples(*lines: str) -> str:
    """An examples block for a command's --help epilog."""
    return EXAMPLES + "\n".join(f"  {line}" for line in lines)
