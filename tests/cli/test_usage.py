"""Usage errors exit with 2 (argparse), and `--version` answers."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

RunCli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("frobnicate",),
        ("publish",),
        ("unpublish",),
        ("scan",),
        ("set", "seed_article.txt", "title"),
        ("scan", ".", "--no-such-option"),
    ],
)
def test_usage_errors_exit_2_and_touch_nothing(
    run_cli: RunCli, seed_copy: Path, args: tuple[str, ...]
) -> None:
    before = seed_copy.read_bytes()

    result = run_cli(*args)

    assert result.returncode == 2
    assert result.stderr.startswith("usage: curator")
    assert result.stdout == ""
    assert seed_copy.read_bytes() == before


def test_version(run_cli: RunCli) -> None:
    result = run_cli("--version")

    assert result.returncode == 0
    assert re.fullmatch(r"curator \S+\n", result.stdout)


def test_help_lists_the_commands(run_cli: RunCli) -> None:
    result = run_cli("--help")

    assert result.returncode == 0
    for command in ("scan", "publish", "unpublish", "set"):
        assert command in result.stdout
