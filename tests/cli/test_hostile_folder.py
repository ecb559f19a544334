"""One folder of good articles among every kind of hostile file: nothing stops the rest.

The folder (``hostile_folder``, tests/conftest.py) holds impossible dates, a value that
contains itself, alias bombs, a front matter over the size limit, a NUL byte, text
that is not UTF-8, binary junk, a list instead of a mapping, a looping and a dangling
symbolic link. Every command runs to its end: good files are done, each bad one is
named with its reason, and no traceback is ever printed.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from curator_app.core.library import scan_folder

if TYPE_CHECKING:
    from tests.conftest import HostileFolder

RunCli = Callable[..., subprocess.CompletedProcess[str]]


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr


def test_the_library_scan_has_one_entry_per_file_and_the_good_ones_read(
    hostile_folder: HostileFolder,
) -> None:
    entries = {entry.relpath: entry for entry in scan_folder(hostile_folder.root)}

    assert sorted(entries) == hostile_folder.names
    for name, title in hostile_folder.good.items():
        assert entries[name].ok, entries[name].error
        assert entries[name].title == title
    for name, words in hostile_folder.bad.items():
        assert not entries[name].ok, name
        assert words in (entries[name].error or ""), (name, entries[name].error)


def test_scan_lists_every_file_with_its_reason(
    run_cli: RunCli, hostile_folder: HostileFolder
) -> None:
    result = run_cli("scan", hostile_folder.root)

    assert result.returncode == 0, result.stderr
    no_traceback(result)
    lines = result.stdout.splitlines()
    assert len(lines) == 1 + len(hostile_folder.names) + 1
    for name, words in hostile_folder.bad.items():
        (line,) = [line for line in lines if f"  {name}  ! " in line]
        assert line.startswith("!") and words in line, line
    for name in hostile_folder.good:
        (line,) = [line for line in lines if line.endswith(f"  {name}")]
        assert line.startswith("·"), line
    assert any("before\\x00after" in line for line in lines)
    assert "\0" not in result.stdout
    total, bad = len(hostile_folder.names), len(hostile_folder.bad)
    assert lines[-1] == f"{total} articles, 0 published, {bad} errors"


def test_scan_json_has_one_record_per_file(run_cli: RunCli, hostile_folder: HostileFolder) -> None:
    result = run_cli("scan", hostile_folder.root, "--json")

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    records = {r["path"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert sorted(records) == hostile_folder.names
    assert {name for name, r in records.items() if r["error"] is None} == set(hostile_folder.good)
    assert records["good_nul_title.md"]["title"] == "before\0after"
    for name, words in hostile_folder.bad.items():
        assert words in records[name]["error"], name


def test_publish_every_file_publishes_the_good_and_names_each_bad(
    run_cli: RunCli, hostile_folder: HostileFolder, tmp_path: Path
) -> None:
    root = hostile_folder.root
    files = [name for name in hostile_folder.bad if name not in hostile_folder.links]
    before = {name: (root / name).read_bytes() for name in files}

    result = run_cli("publish", *[root.relative_to(tmp_path) / n for n in hostile_folder.names])

    assert result.returncode == 1
    no_traceback(result)
    assert sorted(result.stdout.splitlines()) == sorted(
        f"hostile/{name}: published" for name in hostile_folder.good
    )
    reported = dict(line.split(": ", 1) for line in result.stderr.splitlines())
    assert sorted(reported) == sorted(f"hostile/{name}" for name in hostile_folder.bad)
    for name, words in hostile_folder.bad.items():
        reason = reported[f"hostile/{name}"]
        assert words in reason, (name, reason)  # the same words as the scan's
    for name in hostile_folder.good:
        assert b"published: true\n" in (root / name).read_bytes()
    for name, data in before.items():
        assert (root / name).read_bytes() == data, name


def test_record_exports_write_the_good_and_name_each_bad_file(
    run_cli: RunCli, hostile_folder: HostileFolder, tmp_path: Path
) -> None:
    readable_bad = {n: w for n, w in hostile_folder.bad.items() if n not in hostile_folder.links}
    for fmt in ("jsonl", "json", "csv"):
        result = run_cli("export", "hostile", "--format", fmt, "--output", f"out.{fmt}")

        assert result.returncode == 1, (fmt, result.stderr)
        no_traceback(result)
        reported = dict(line.split(": ", 1) for line in result.stderr.splitlines())
        assert sorted(reported) == sorted(f"hostile/{name}" for name in readable_bad), fmt
        for name, words in readable_bad.items():
            assert words in reported[f"hostile/{name}"], (fmt, name)
        good, total = len(hostile_folder.good), len(hostile_folder.good) + len(readable_bad)
        assert result.stdout.startswith(f"exported {good} of {total} articles"), result.stdout
        assert exported_paths(tmp_path / f"out.{fmt}", fmt) == sorted(hostile_folder.good)


def exported_paths(output: Path, fmt: str) -> list[str]:
    text = output.read_text(encoding="utf-8-sig")
    if fmt == "jsonl":
        return sorted(json.loads(line)["path"] for line in text.splitlines())
    if fmt == "json":
        return sorted(record["path"] for record in json.loads(text))
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    return sorted(row["path"] for row in rows)


@pytest.mark.parametrize("fmt", ["folder", "zip"])
def test_copy_exports_copy_every_readable_file_and_warn_about_each_bad_one(
    run_cli: RunCli, hostile_folder: HostileFolder, tmp_path: Path, fmt: str
) -> None:
    """A copy holds files byte for byte, broken ones too (the export's own design):
    each bad file is named in a warning; broken links are not files and are left out."""
    root = hostile_folder.root
    readable = [name for name in hostile_folder.names if name not in hostile_folder.links]

    result = run_cli("export", "hostile", "--format", fmt, "--output", f"out.{fmt}")

    assert result.returncode == 0, result.stderr
    no_traceback(result)
    warned = sorted(line.split(": ")[1] for line in result.stderr.splitlines())
    bad = [name for name in readable if name in hostile_folder.bad]
    assert warned == sorted(f"hostile/{name}" for name in bad)
    output = tmp_path / f"out.{fmt}"
    if fmt == "folder":
        copied = {p.name: p.read_bytes() for p in output.iterdir() if not p.name.startswith(".")}
    else:
        with zipfile.ZipFile(output) as archive:
            copied = {name: archive.read(name) for name in archive.namelist()}
    assert sorted(copied) == readable
    assert all(copied[name] == (root / name).read_bytes() for name in readable)
