"""`curator set FILE KEY VALUE [--yaml]`: strings, YAML values, refused values."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from curator_app.core.document import ArticleDocument

RunCli = Callable[..., subprocess.CompletedProcess[str]]


def test_a_plain_value_is_a_string_in_the_file_quoting_style(
    run_cli: RunCli, seed_copy: Path
) -> None:
    before = seed_copy.read_text(encoding="utf-8")

    result = run_cli("set", seed_copy.name, "title", "Self-Supervised: a #1 story")

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "seed_article.txt: title set\n"
    old_line = 'title: "Facebook Loves Self-Supervised Learning. Period."\n'
    new_line = 'title: "Self-Supervised: a #1 story"\n'
    assert seed_copy.read_text(encoding="utf-8") == before.replace(old_line, new_line)


def test_without_yaml_a_number_stays_a_string(run_cli: RunCli, seed_copy: Path) -> None:
    assert run_cli("set", seed_copy.name, "quality", "30").returncode == 0

    assert ArticleDocument.load(seed_copy).get("quality") == "30"


@pytest.mark.parametrize(
    ("text", "expected", "line"),
    [
        ("30", 30, "quality: 30\n"),
        ("true", True, "quality: true\n"),
        ("[AI, Research]", ["AI", "Research"], None),
        (
            "2022-01-02T03:04:05Z",
            datetime(2022, 1, 2, 3, 4, 5, tzinfo=UTC),
            "quality: 2022-01-02T03:04:05Z\n",
        ),
    ],
)
def test_with_yaml_the_value_is_parsed(
    run_cli: RunCli, seed_copy: Path, text: str, expected: object, line: str | None
) -> None:
    result = run_cli("set", seed_copy.name, "quality", text, "--yaml")

    assert (result.returncode, result.stderr) == (0, "")
    assert ArticleDocument.load(seed_copy).get("quality") == expected
    if line is not None:
        assert line in seed_copy.read_text(encoding="utf-8")


def test_setting_the_current_value_writes_nothing(run_cli: RunCli, seed_copy: Path) -> None:
    before_bytes, before_mtime = seed_copy.read_bytes(), seed_copy.stat().st_mtime_ns

    result = run_cli("set", seed_copy.name, "heat", "-1", "--yaml")

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "seed_article.txt: heat already has that value\n"
    assert seed_copy.read_bytes() == before_bytes
    assert seed_copy.stat().st_mtime_ns == before_mtime


def test_a_new_key_is_added_as_one_line(run_cli: RunCli, seed_copy: Path) -> None:
    before = seed_copy.read_text(encoding="utf-8")

    assert run_cli("set", seed_copy.name, "editor", "Ana", "--yaml").returncode == 0

    after = seed_copy.read_text(encoding="utf-8")
    assert after.replace("editor: Ana\n", "", 1) == before
    assert ArticleDocument.load(seed_copy).get("editor") == "Ana"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[unclosed", "VALUE cannot be read as YAML"),
        ("'half quoted", "VALUE cannot be read as YAML"),
        ("!!python/object:os.system ls", "VALUE cannot be read as YAML"),
        ("!!binary aGVsbG8=", "cannot write a value of type bytes"),
    ],
)
def test_a_bad_yaml_value_is_refused_and_the_file_untouched(
    run_cli: RunCli, seed_copy: Path, text: str, reason: str
) -> None:
    before = seed_copy.read_bytes()

    result = run_cli("set", seed_copy.name, "title", text, "--yaml")

    assert result.returncode == 1
    assert result.stderr.startswith(f"seed_article.txt: {reason}")
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""
    assert seed_copy.read_bytes() == before


def test_a_broken_file_is_refused_and_untouched(run_cli: RunCli, samples_copy: Path) -> None:
    broken = samples_copy / "science" / "2024-10-15-deep-sea-mining-test.txt"
    before = broken.read_bytes()

    result = run_cli("set", broken, "title", "Fixed")

    assert result.returncode == 1
    assert result.stderr.startswith(f"{broken}: invalid YAML at line 3")
    assert broken.read_bytes() == before
