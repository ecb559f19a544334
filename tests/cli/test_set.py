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


def test_a_known_key_takes_its_value_by_the_schema(run_cli: RunCli, seed_copy: Path) -> None:
    before = seed_copy.read_text(encoding="utf-8")
    assert run_cli("set", seed_copy.name, "quality", "88").returncode == 0

    assert seed_copy.read_text(encoding="utf-8") == before.replace("quality: 24", "quality: 88")
    scan = run_cli("scan", ".", "--json")
    assert '"quality": 88' in scan.stdout


@pytest.mark.parametrize(
    ("key", "text", "expected"),
    [
        ("published", "true", True),
        ("heat", "-3", -3),
        ("publishedDateTime", "2022-01-02T03:04:05Z", datetime(2022, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("topics", "AI, Research", ["AI", "Research"]),
        (
            "provider",
            "{name: Example, domain: example.com}",
            {"name": "Example", "domain": "example.com"},
        ),
    ],
)
def test_known_keys_parse_their_type(
    run_cli: RunCli, seed_copy: Path, key: str, text: str, expected: object
) -> None:
    result = run_cli("set", seed_copy.name, key, text)

    assert (result.returncode, result.stderr) == (0, "")
    assert ArticleDocument.load(seed_copy).get(key) == expected


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("secured", "XYZ"), "'secured' is read-only"),
        (("quality", "high"), "quality expects a whole number, not 'high'"),
        (("quality", "8.5"), "quality expects a whole number"),
        (("published", "maybe"), "published expects true or false"),
        (("published", "maybe", "--yaml"), "published must be true or false, not 'maybe'"),
        (("title", ""), "title cannot be empty"),
        (("publishedDateTime", "2021-02-30T00:00:00Z"), "publishedDateTime expects a date"),
        (("nosuchkey", "x"), "has no key 'nosuchkey' and it is not a known article key"),
        (("related.0.title", "x"), "nested values cannot be set by a dotted path"),
    ],
)
def test_values_the_schema_refuses_are_refused_naming_the_key(
    run_cli: RunCli, seed_copy: Path, args: tuple[str, ...], reason: str
) -> None:
    before = seed_copy.read_bytes()

    result = run_cli("set", seed_copy.name, *args)

    assert result.returncode == 1
    assert result.stderr.startswith("seed_article.txt: ")
    assert reason in result.stderr
    assert result.stdout == ""
    assert seed_copy.read_bytes() == before


@pytest.mark.parametrize(
    ("text", "expected", "line"),
    [
        ("30", 30, "note: 30\n"),
        ("true", True, "note: true\n"),
        ("[AI, Research]", ["AI", "Research"], None),
        (
            "2022-01-02T03:04:05Z",
            datetime(2022, 1, 2, 3, 4, 5, tzinfo=UTC),
            "note: 2022-01-02T03:04:05Z\n",
        ),
    ],
)
def test_with_yaml_an_added_unknown_key_is_parsed(
    run_cli: RunCli, seed_copy: Path, text: str, expected: object, line: str | None
) -> None:
    result = run_cli("set", seed_copy.name, "note", text, "--yaml", "--add")

    assert (result.returncode, result.stderr) == (0, "")
    assert ArticleDocument.load(seed_copy).get("note") == expected
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

    assert run_cli("set", seed_copy.name, "editor", "Ana").returncode == 1  # not without --add
    assert seed_copy.read_text(encoding="utf-8") == before
    assert run_cli("set", seed_copy.name, "editor", "Ana", "--add").returncode == 0

    after = seed_copy.read_text(encoding="utf-8")
    assert after.replace("editor: Ana\n", "", 1) == before
    assert ArticleDocument.load(seed_copy).get("editor") == "Ana"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[unclosed", "VALUE cannot be read as YAML"),
        ("'half quoted", "VALUE cannot be read as YAML"),
        ("!!python/object:os.system ls", "VALUE cannot be read as YAML"),
        ("!!binary aGVsbG8=", "title must be text, not b'hello'"),
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
