"""`curator publish` / `unpublish`: one-line flips, untouched files, per-file failures."""

from __future__ import annotations

import difflib
import subprocess
from collections.abc import Callable
from pathlib import Path

RunCli = Callable[..., subprocess.CompletedProcess[str]]


def changed_lines(before: bytes, after: bytes) -> list[str]:
    """The unified diff's -/+ lines (file headers left out), line endings kept."""
    diff = difflib.unified_diff(
        before.decode("utf-8").splitlines(keepends=True),
        after.decode("utf-8").splitlines(keepends=True),
        n=0,
    )
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_publish_on_the_seed_changes_exactly_one_line(run_cli: RunCli, seed_copy: Path) -> None:
    before = seed_copy.read_bytes()

    result = run_cli("publish", seed_copy.name)

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "seed_article.txt: published\n"
    assert changed_lines(before, seed_copy.read_bytes()) == [
        "-published: false\n",
        "+published: true\n",
    ]


def test_a_file_already_in_that_state_is_left_untouched(run_cli: RunCli, seed_copy: Path) -> None:
    before_bytes, before_mtime = seed_copy.read_bytes(), seed_copy.stat().st_mtime_ns

    result = run_cli("unpublish", seed_copy.name)

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "seed_article.txt: already unpublished\n"
    assert seed_copy.read_bytes() == before_bytes
    assert seed_copy.stat().st_mtime_ns == before_mtime


def test_publish_then_unpublish_restores_the_original_bytes(
    run_cli: RunCli, seed_copy: Path
) -> None:
    before = seed_copy.read_bytes()
    assert run_cli("publish", seed_copy.name).returncode == 0
    assert run_cli("publish", seed_copy.name).stdout == "seed_article.txt: already published\n"

    assert run_cli("unpublish", seed_copy.name).returncode == 0

    assert seed_copy.read_bytes() == before


def test_failures_are_reported_per_file_and_the_rest_still_processed(
    run_cli: RunCli, samples_copy: Path, seed_copy: Path
) -> None:
    broken = samples_copy / "science" / "2024-10-15-deep-sea-mining-test.txt"
    not_article = samples_copy / "technology" / "images" / "maintainers.png"
    broken_before, png_before = broken.read_bytes(), not_article.read_bytes()
    broken_arg = "samples/science/2024-10-15-deep-sea-mining-test.txt"
    png_arg = "samples/technology/images/maintainers.png"

    result = run_cli("publish", broken_arg, "missing.txt", png_arg, seed_copy.name)

    assert result.returncode == 1
    errors = result.stderr.splitlines()
    assert len(errors) == 3
    assert errors[0].startswith(f"{broken_arg}: invalid YAML at line 3, column")
    assert errors[1].startswith("missing.txt: cannot be read")
    assert errors[2].startswith(f"{png_arg}: not UTF-8 text")
    assert result.stdout == "seed_article.txt: published\n"
    assert b"published: true\n" in seed_copy.read_bytes()
    assert broken.read_bytes() == broken_before
    assert not_article.read_bytes() == png_before


def test_crlf_and_bom_survive_a_flip(run_cli: RunCli, samples_copy: Path) -> None:
    crlf = samples_copy / "business" / "2024-01-22-grocery-electric-trucks.txt"
    bom = samples_copy / "science" / "2024-04-08-eclipse-citizen-science.md"
    crlf_before, bom_before = crlf.read_bytes(), bom.read_bytes()

    assert run_cli("unpublish", crlf).returncode == 0
    assert run_cli("publish", bom).returncode == 0

    assert crlf.read_bytes() == crlf_before.replace(b"published: true\r\n", b"published: false\r\n")
    assert bom.read_bytes() == bom_before.replace(b"published: false\n", b"published: true\n")
    assert bom.read_bytes().startswith(b"\xef\xbb\xbf---\n")


def test_publishing_a_file_without_the_key_adds_one_line(
    run_cli: RunCli, samples_copy: Path
) -> None:
    article = samples_copy / "science" / "2024-07-22-heat-pump-field-trial.txt"
    before = article.read_bytes()

    assert run_cli("publish", article).returncode == 0

    assert changed_lines(before, article.read_bytes()) == ["+published: true\n"]
