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


def test_every_command_has_a_description_and_examples() -> None:
    import argparse

    from curator_app.cli import build_parser

    parser = build_parser()
    assert parser.epilog is not None and "examples:" in parser.format_help()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert {"scan", "publish", "unpublish", "set", "export"} <= set(commands)
    for name, command in commands.items():
        text = command.format_help()
        assert command.description, name
        examples = text.split("examples:\n", 1)[1].splitlines() if "examples:" in text else []
        assert examples and all(line.startswith(f"  curator {name}") for line in examples), name


@pytest.mark.parametrize("columns", [None, "120", "abc", "-5", "0"])
def test_help_is_as_wide_as_shutil_says_the_terminal_is(
    columns: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from curator_app.terminal import terminal_columns

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert terminal_columns() == shutil.get_terminal_size().columns
