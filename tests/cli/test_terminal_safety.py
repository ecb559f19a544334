"""What `curator` sends to a terminal: file contents are shown, never obeyed; Ctrl+C is quiet.

A title, provider, file name or error text may hold ESC sequences, other control
characters or bidi overrides; the table writes them as visible escapes (``\\x1b``,
``\\u202e``). JSON output escapes them by itself.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from curator_app import cli

RunCli = Callable[..., subprocess.CompletedProcess[str]]

ESCAPES = "\x1b[2J\x1b]0;pwned\x07\x9b31m\x7f\u202e\u2066\x00"


def is_raw_control(char: str) -> bool:
    """A character no terminal output of ours may hold raw (line breaks end rows)."""
    code = ord(char)
    return (
        (code < 0x20 and char != "\n")
        or 0x7F <= code <= 0x9F
        or char in "\u061c\u200e\u200f\u2028\u2029"
        or 0x202A <= code <= 0x202E
        or 0x2066 <= code <= 0x2069
    )


def write_hostile_articles(folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "styled.md").write_text(
        '---\ntitle: "\\e[31mRed\\e[0m and \\u202Eevil"\n'
        'provider: {name: "Wire\\x9b2J\\x7f"}\npublishedDateTime: "2021\\e[8m"\n'
        "published: false\n---\nbody\n",
        encoding="utf-8",
    )
    (folder / "named\x1b[2J\u202e.md").write_text(
        "---\ntitle: plain\npublished: false\n---\n", encoding="utf-8"
    )
    (folder / "tab\there.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    # An error whose text quotes the raw value, in a file whose name is hostile too.
    (folder / "bad\x1b.md").write_text(
        '---\ntitle: x\nquality: !!int "\\e[2J12"\n---\n', encoding="utf-8"
    )


def test_the_scan_table_shows_control_characters_as_escapes(
    run_cli: RunCli, tmp_path: Path
) -> None:
    write_hostile_articles(tmp_path / "lib")

    result = run_cli("scan", "lib")

    assert result.returncode == 0, result.stderr
    assert [char for char in result.stdout if is_raw_control(char)] == []
    lines = result.stdout.splitlines()
    assert len(lines) == 6  # header, four files, summary: no file broke a row
    styled = next(line for line in lines if "styled.md" in line)
    assert "\\x1b[31mRed\\x1b[0m and \\u202eevil" in styled
    assert "Wire\\x9b2J\\x7f" in styled and "2021\\x1b[8m" in styled
    assert any("named\\x1b[2J\\u202e.md" in line for line in lines)
    assert any("tab\\x09here.md" in line for line in lines)
    bad = next(line for line in lines if "bad\\x1b.md" in line)
    assert "! invalid YAML at line 3, column 10: \\x1b[2J12 is not a valid integer" in bad


def test_the_json_lines_escape_them_and_keep_the_values(run_cli: RunCli, tmp_path: Path) -> None:
    write_hostile_articles(tmp_path / "lib")

    result = run_cli("scan", "lib", "--json")

    assert result.returncode == 0, result.stderr
    assert [char for char in result.stdout if is_raw_control(char)] == []
    records = {record["path"]: record for record in map(json.loads, result.stdout.splitlines())}
    assert records["styled.md"]["title"] == "\x1b[31mRed\x1b[0m and \u202eevil"
    assert "named\x1b[2J\u202e.md" in records


def test_publish_messages_show_hostile_file_names_as_escapes(
    run_cli: RunCli, tmp_path: Path
) -> None:
    write_hostile_articles(tmp_path)

    result = run_cli("publish", "named\x1b[2J\u202e.md", "bad\x1b.md", "gone\x1b.md")

    assert result.returncode == 1
    assert result.stdout == "named\\x1b[2J\\u202e.md: published\n"
    assert [char for char in result.stderr if is_raw_control(char)] == []
    assert result.stderr.startswith("bad\\x1b.md: invalid YAML at line 3, column 10: \\x1b[2J12")
    assert "gone\\x1b.md: cannot be read" in result.stderr


def test_visible_escapes_every_terminal_control_and_keeps_other_text() -> None:
    assert cli.visible(ESCAPES) == "\\x1b[2J\\x1b]0;pwned\\x07\\x9b31m\\x7f\\u202e\\u2066\\x00"
    kept = "Café \u2013 東京 \u201cquoted\u201d 🙂"
    assert cli.visible(kept) == kept
    assert cli.visible("latin-1 name \udce9.md") == "latin-1 name \\udce9.md"
    assert all(not is_raw_control(char) for char in cli.visible("".join(map(chr, range(0x3000)))))


# -- Ctrl+C --------------------------------------------------------------------------


def test_an_interrupt_inside_a_command_ends_it_with_130_and_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "scan_entries", interrupted)

    assert cli.main(["scan", str(tmp_path)]) == 130
    captured = capsys.readouterr()
    assert captured.err == "curator: interrupted\n"
    assert captured.out == ""


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs flock and /proc")
def test_ctrl_c_stops_a_real_curator_process_without_a_traceback(tmp_path: Path) -> None:
    """`curator publish` waits for the lock another writer holds until Ctrl+C comes."""
    article = tmp_path / "waiting.md"
    article.write_bytes(b"---\ntitle: Waiting\npublished: false\n---\n")
    before = article.read_bytes()
    holder = os.open(article, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)
    process = subprocess.Popen(
        [sys.executable, "-m", "curator_app.cli", "publish", str(article)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ, PYTHONIOENCODING="utf-8"),
    )
    try:
        deadline = time.monotonic() + 60
        while not _has_open(process.pid, article):  # opened: now waiting for the lock
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "curator never opened the file"
            time.sleep(0.02)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        os.close(holder)
        if process.poll() is None:
            process.kill()
            process.wait()

    # One comparison, so that a failure shows what the process printed.
    assert (process.returncode, stderr, stdout) == (130, b"curator: interrupted\n", b"")
    assert article.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["waiting.md"]  # no stray file


def _has_open(pid: int, path: Path) -> bool:
    try:
        links = [os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()]
    except OSError:
        return False
    return str(path) in links


def test_export_messages_show_control_characters_as_escapes(tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    (library / "bad\x1b[2J.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "curator_app.cli", "export", str(library), "--format", "jsonl",
         "--output", str(tmp_path / "out.jsonl")],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "\x1b" not in result.stderr and "bad\\x1b[2J.md" in result.stderr
