"""`curator scan`: the table, the JSON lines, and broken files listed as entries."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

RunCli = Callable[..., subprocess.CompletedProcess[str]]

BROKEN_SAMPLE = "science/2024-10-15-deep-sea-mining-test.txt"


def article_paths(root: Path) -> set[str]:
    """Every .txt/.md file below root, found independently of the code under test."""
    found = set()
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in files:
            if Path(name).suffix in (".txt", ".md") and not name.startswith("."):
                found.add((Path(folder) / name).relative_to(root).as_posix())
    return found


def test_json_line_has_exactly_the_documented_keys_and_the_file_values(
    run_cli: RunCli, seed_copy: Path
) -> None:
    result = run_cli("scan", "--json", seed_copy.parent)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "path": "seed_article.txt",
        "title": "Facebook Loves Self-Supervised Learning. Period.",
        "provider": "Analytics India Magazine",
        "publishedDateTime": "2021-10-11T05:30:00Z",
        "type": "article",
        "category": "news",
        "quality": 24,
        "heat": -1,
        "published": False,
        "topics": ["Facebook AI", "AI"],
        "images": 1,
        "error": None,
    }
    assert result.stderr == ""


def test_json_lists_every_sample_including_the_broken_one_with_its_reason(
    run_cli: RunCli, samples: Path
) -> None:
    result = run_cli("scan", samples, "--json")

    assert result.returncode == 0, result.stderr
    entries = {line["path"]: line for line in map(json.loads, result.stdout.splitlines())}
    assert set(entries) == article_paths(samples)
    assert len(entries) >= 12
    broken = entries[BROKEN_SAMPLE]
    assert broken["error"].startswith("invalid YAML at line 3, column")
    assert [path for path, entry in entries.items() if entry["error"]] == [BROKEN_SAMPLE]
    assert entries["business/2024-01-22-grocery-electric-trucks.txt"]["published"] is True


def test_table_shows_every_sample_the_broken_reason_and_a_summary(
    run_cli: RunCli, samples: Path
) -> None:
    result = run_cli("scan", samples)

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["TITLE", "PROVIDER", "DATE", "QUAL", "HEAT", "PATH"]
    for path in article_paths(samples):
        assert sum(path in line for line in lines) == 1, path
    broken_line = next(line for line in lines if BROKEN_SAMPLE in line)
    assert broken_line.startswith("!")
    assert "! invalid YAML at line 3" in broken_line
    assert sum(line.startswith("✓") for line in lines) == 4
    total = len(article_paths(samples))
    assert lines[-1] == f"{total} articles, 4 published, 1 error"


def test_table_columns_line_up(run_cli: RunCli, samples_copy: Path) -> None:
    lines = run_cli("scan", samples_copy).stdout.splitlines()[:-1]
    path_column = {line.index("business/") for line in lines if "business/" in line}
    assert len(path_column) == 1
    assert lines[0].index("PATH") == path_column.pop()


def test_a_missing_folder_fails_with_its_path(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("scan", "no-such-folder")

    assert result.returncode == 1
    assert result.stderr == "no-such-folder: not a folder\n"
    assert result.stdout == ""


def test_a_file_is_not_a_folder(run_cli: RunCli, seed_copy: Path) -> None:
    result = run_cli("scan", seed_copy.name)

    assert result.returncode == 1
    assert result.stderr == "seed_article.txt: not a folder\n"


def test_an_empty_folder_is_fine(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run_cli("scan", "empty")

    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == "0 articles, 0 published, 0 errors"
    assert run_cli("scan", "empty", "--json").stdout == ""


def test_a_reader_that_leaves_early_gets_no_traceback(samples: Path) -> None:
    """`curator scan FOLDER | head -1`: a closed pipe ends the listing quietly."""
    process = subprocess.Popen(
        [sys.executable, "-m", "curator_app.cli", "scan", str(samples)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    stderr = process.stderr.read()
    process.stderr.close()

    assert process.wait(timeout=60) == 1
    assert stderr == b""


@pytest.mark.parametrize(
    "text",
    ["Plain title", "  padded  ", "two  spaces", "tab\there", "line\nbreak", "Zürich", "\x1b[", ""],
)
def test_a_clipped_cell_is_the_visible_text_on_one_line(text: str) -> None:
    from curator_app import cli
    from curator_app.terminal import visible

    for width in (3, 8, 44):
        expected = visible(" ".join(text.split()))
        expected = expected if len(expected) <= width else expected[: width - 1] + "…"
        assert cli._clip(text, width) == expected


def test_dates_are_shown_to_the_minute_whatever_the_year() -> None:
    from datetime import UTC, datetime, timedelta, timezone

    from curator_app import cli
    from curator_app.core.entry import ArticleEntry

    plus_two = timezone(timedelta(hours=2))
    for when in (
        datetime(2021, 10, 11, 5, 30, 59, tzinfo=UTC),
        datetime(2021, 1, 2, 23, 59, tzinfo=plus_two),
        datetime(1000, 12, 31, 0, 0),
        datetime(999, 1, 2, 3, 4),
    ):
        entry = ArticleEntry(Path("/a.md"), "a.md", published_at=when)
        assert cli._row(entry)[3] == when.strftime("%Y-%m-%d %H:%M")


def test_a_scan_in_this_process_leaves_the_garbage_collector_on(
    samples_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from curator_app import cli

    assert cli.main(["scan", str(samples_copy)]) == 0  # it pauses the collector meanwhile
    assert "articles," in capsys.readouterr().out
    assert gc.isenabled()


@pytest.mark.parametrize("json_lines", [False, True])
def test_the_command_ends_once_its_listing_is_flushed(samples: Path, json_lines: bool) -> None:
    """`curator scan` skips the interpreter's teardown (an exit handler never runs), and
    every line still reaches the reader, through a pipe too."""
    script = (
        "import atexit, sys\n"
        "from curator_app import cli\n"
        "atexit.register(print, 'teardown ran')\n"
        "sys.argv = ['curator', *sys.argv[1:]]\n"
        "cli.run()\n"
    )
    extra = ["--json"] if json_lines else []
    result = subprocess.run(
        [sys.executable, "-c", script, "scan", str(samples), *extra],
        capture_output=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "teardown ran" not in result.stdout
    listed = result.stdout.splitlines()
    article_count = sum(1 for path in samples.rglob("*") if path.suffix in (".md", ".txt"))
    if json_lines:
        assert len(listed) == article_count
    else:
        assert listed[-1].startswith(f"{article_count} articles, ")
