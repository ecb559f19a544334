"""`curator export` through a real process: outputs, standard output, stderr and exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def curator(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "curator_app.cli", *map(str, args)],
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=60,
        check=False,
    )


def write(path: Path, title: str, published: bool, extra: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    flag = "true" if published else "false"
    path.write_text(
        f'---\ntitle: "{title}"\npublished: {flag}\npublishedDateTime: 2024-05-06T07:08:09Z\n'
        f"{extra}---\nBody of {title}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    write(folder / "a" / "rail.md", "Rail freight, merged", True)
    write(folder / "a" / "coffee.txt", "Coffee — 咖啡", False, "topics: [Agriculture]\n")
    write(
        folder / "b" / "heat.md",
        "Heat pumps",
        True,
        "images:\n  - url: img/p.png\n  - url: ../../outside.png\n",
    )
    (folder / "b" / "img").mkdir()
    (folder / "b" / "img" / "p.png").write_bytes(b"\x89PNG-bytes")
    (folder / "broken.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    return folder


def test_jsonl_to_stdout_with_selection_and_filter(library: Path) -> None:
    done = curator("export", library, "--format", "jsonl", "--output", "-", "--select", "published")
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert [r["path"] for r in records] == ["a/rail.md", "b/heat.md"]
    assert records[0]["publishedDateTime"] == "2024-05-06T07:08:09Z"
    assert records[0]["body"] == "Body of Rail freight, merged\n"
    assert done.stderr == b""

    filtered = curator("export", library, "--format", "json", "--output", "-", "--filter", "AGRI")
    assert filtered.returncode == 0, filtered.stderr
    assert [r["title"] for r in json.loads(filtered.stdout)] == ["Coffee — 咖啡"]


def test_csv_to_stdout_with_bom_is_quoted(library: Path) -> None:
    done = curator(
        "export", library, "--format", "csv", "--output", "-", "--select", "all", "--csv-bom"
    )
    assert done.stdout.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(done.stdout.decode("utf-8-sig"), newline="")))
    assert [row[0] for row in rows] == [
        "title",
        "Coffee — 咖啡",
        "Rail freight, merged",
        "Heat pumps",
    ]
    # The broken file fails the run: exit 1, reported as PATH: reason.
    assert done.returncode == 1
    assert done.stderr.decode().startswith(f"{library / 'broken.md'}: invalid YAML at line")


def test_csv_formulas_are_neutralised_unless_raw_csv(library: Path) -> None:
    write(library / "c" / "formula.md", '=HYPERLINK(\\"http://x\\",\\"y\\")', True, "heat: -1\n")
    args = ("export", library, "--format", "csv", "--output", "-", "--filter", "hyperlink")

    def row(done: subprocess.CompletedProcess[bytes]) -> list[str]:
        assert done.returncode == 0, done.stderr
        header, cells = csv.reader(io.StringIO(done.stdout.decode("utf-8"), newline=""))
        return [cells[header.index("title")], cells[header.index("heat")]]

    assert row(curator(*args)) == ['\'=HYPERLINK("http://x","y")', "-1"]
    assert row(curator(*args, "--raw-csv")) == ['=HYPERLINK("http://x","y")', "-1"]


def test_folder_export_reports_refused_images_and_exits_1(library: Path, tmp_path: Path) -> None:
    output = tmp_path / "copy"
    done = curator(
        "export", library, "--format", "folder", "--output", output, "--select", "published"
    )
    assert done.returncode == 1
    assert done.stderr.decode().splitlines() == [
        f"{library / 'b' / 'heat.md'}: image '../../outside.png' points outside the library "
        "folder; refused"
    ]
    assert done.stdout.decode() == f"exported 2 of 2 articles to {output} (1 problem)\n"
    assert (output / "b" / "img" / "p.png").read_bytes() == b"\x89PNG-bytes"
    assert (output / "a" / "rail.md").read_bytes() == (library / "a" / "rail.md").read_bytes()
    assert not (output / "a" / "coffee.txt").exists()


def test_zip_export_all_is_ok_with_a_broken_file_copied(library: Path, tmp_path: Path) -> None:
    (library / "b" / "heat.md").write_text("---\ntitle: Heat\n---\n", encoding="utf-8")
    output = tmp_path / "out.zip"
    done = curator("export", library, "--format", "zip", "--output", output)  # --select all
    assert done.returncode == 0, done.stderr
    assert done.stderr.decode().startswith(f"warning: {library / 'broken.md'}: copied as it is")
    with zipfile.ZipFile(output) as archive:
        assert sorted(archive.namelist()) == ["a/coffee.txt", "a/rail.md", "b/heat.md", "broken.md"]


def test_existing_output_needs_force(library: Path, tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    output.write_text("keep me", encoding="utf-8")
    args = ("export", library, "--format", "jsonl", "--output", output, "--select", "published")

    refused = curator(*args)
    assert refused.returncode == 1
    assert refused.stderr.decode() == f"{output}: already exists; use --force to replace it\n"
    assert output.read_text(encoding="utf-8") == "keep me"

    forced = curator(*args, "--force")
    assert forced.returncode == 0, forced.stderr
    assert len(output.read_text(encoding="utf-8").splitlines()) == 2
    assert sorted(os.listdir(tmp_path)) == ["lib", "out.jsonl"]


@pytest.mark.parametrize(
    "args",
    [
        ("--format", "folder", "--output", "-"),
        ("--format", "zip", "--output", "-"),
        ("--format", "xml", "--output", "x.xml"),
        ("--format", "jsonl"),
        ("--format", "jsonl", "--output", "x.jsonl", "--select", "some"),
    ],
)
def test_usage_errors_exit_2(library: Path, tmp_path: Path, args: tuple[str, ...]) -> None:
    done = curator("export", library, *args, cwd=tmp_path)
    assert done.returncode == 2
    assert b"error:" in done.stderr
    assert done.stdout == b""
    assert os.listdir(tmp_path) == ["lib"]


def test_a_missing_folder_fails(tmp_path: Path) -> None:
    done = curator("export", tmp_path / "nope", "--format", "csv", "--output", tmp_path / "o.csv")
    assert done.returncode == 1
    assert done.stderr.decode() == f"{tmp_path / 'nope'}: not a folder\n"


def test_an_unsafe_output_is_refused(library: Path) -> None:
    done = curator("export", library, "--format", "folder", "--output", library / "copy")
    assert done.returncode == 1
    assert "inside the library folder" in done.stderr.decode()
    assert not (library / "copy").exists()


def test_filter_ignores_case_and_accents_both_ways(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    write(folder / "zuerich.md", "Floods in Zürich", False)
    write(folder / "zurich.md", "Zurich votes", False)
    write(folder / "bern.md", "Bern rests", False)
    for typed in ("zurich", "ZÜRICH"):
        done = curator("export", folder, "--format", "json", "--output", "-", "--filter", typed)
        assert done.returncode == 0, done.stderr
        titles = sorted(r["title"] for r in json.loads(done.stdout))
        assert titles == ["Floods in Zürich", "Zurich votes"]
