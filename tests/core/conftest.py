"""Shared helpers for the core tests: fixture copies and line-by-line comparisons.

Other test modules here use `fixture_copy` and `changed_lines`: keep both.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
# A fixed, long-past modification time: any write would move it.
OLD_MTIME_NS = 1_600_000_000_000_000_000


@pytest.fixture
def fixture_copy(tmp_path: Path) -> Callable[[str], Path]:
    """Copy a fixture article into tmp_path (with an old mtime) and return the copy."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copyfile(FIXTURES / name, target)
        os.utime(target, ns=(OLD_MTIME_NS, OLD_MTIME_NS))
        return target

    return copy


def changed_line_indexes(before: bytes, after: bytes) -> list[int]:
    """0-based indexes of the lines that differ; both files must have as many lines."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(old) == len(new), "the edit added or removed lines"
    return [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]


@pytest.fixture
def changed_lines() -> Callable[[bytes, bytes], list[int]]:
    """Compare two versions of a file line by line (line ends included)."""
    return changed_line_indexes
