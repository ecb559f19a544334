"""Run the real `curator` command in a child process, as a user or a script would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from curator_app.resources import sample_folder

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = sample_folder()

RunCli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_cli(tmp_path: Path) -> RunCli:
    """``run_cli("publish", "a.txt")`` runs ``curator`` with tmp_path as working folder."""

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, PYTHONIOENCODING="utf-8")
        return subprocess.run(
            [sys.executable, "-m", "curator_app.cli", *map(str, args)],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            encoding="utf-8",
            timeout=60,
            check=False,
        )

    return run


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A copy of the real seed article (given to the project) in tmp_path."""
    return Path(shutil.copy(FIXTURES / "seed_article.txt", tmp_path / "seed_article.txt"))


@pytest.fixture
def samples() -> Path:
    """The bundled sample folder itself: only for commands that do not write."""
    return SAMPLES


@pytest.fixture
def samples_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SAMPLES, tmp_path / "samples"))
