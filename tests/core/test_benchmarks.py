"""The benchmark script stays runnable: a tiny run prints the three tables and passes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks import hugo

ROOT = Path(__file__).resolve().parents[2]


def test_benchmark_runs_and_curator_changes_one_line() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.run",
            "--files",
            "30",
            "--flips",
            "5",
            "--git-files",
            "40",
            "--runs",
            "1",
            "--large",
            "60",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "(a) Scan" in out and "(b) Flip" in out and "(c) Diff" in out
    command_table = out[out.index("(a2) The curator scan command") :].split("\n\n")[0]
    for row in ("--no-cache", "cold (no index yet)", "warm (nothing changed)", "touching 1%"):
        assert row in command_table
    assert "(a3) At 60 files" in out
    for size in (30, 60):  # the window loads both corpora, cold and warm
        window_table = out[out.index(f"(w) The window on {size} files") :].split("\n\n")[0]
        assert "cold (no index)" in window_table and "warm (index of the cold run)" in window_table
        assert "a cold `curator scan` of the same files" in window_table
        assert "filter, warm: 'harbour'" in window_table
    for row in ("floor: read every file's bytes", "python-frontmatter", "targets:"):
        assert row in command_table
    assert "hugo list all" in command_table or hugo.NOT_FOUND in out
    assert "cold scan / hugo list all, run in turn" in command_table or hugo.NOT_FOUND in out
    assert "Machine: " in out and " cores" in out
    assert "curator status: 39 changed files" in out
    diff_table = out[out.index("(c) Diff") :].splitlines()
    curator_row = next(line for line in diff_table if "curator set_published" in line)
    assert curator_row.split()[-2:] == ["1", "1"]
