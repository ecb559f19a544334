"""The wheel, installed into a fresh virtual environment, works on its own.

Builds the wheel from this tree, installs it (dependencies come from pip's cache or
index, as for a user), then runs `curator scan` on the sample folder that ships inside
the package and `curator-app --self-test` — from a folder outside the source tree, so
nothing can be imported from here by accident.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from curator_app.appinfo import version

ROOT = Path(__file__).resolve().parents[2]


def run(command: list[str | Path], cwd: Path, timeout: int = 600) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    output = f"{result.stdout}\n{result.stderr}"
    assert result.returncode == 0, f"{command} exited with {result.returncode}:\n{output}"
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    outdir = tmp_path_factory.mktemp("wheel")
    build = "import sys; from hatchling.build import build_wheel; print(build_wheel(sys.argv[1]))"
    name = run([sys.executable, "-c", build, outdir], cwd=ROOT).strip().splitlines()[-1]
    return outdir / name


def test_the_wheel_holds_the_resources_and_no_tests(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "curator_app/resources/icons/app.svg" in names
    assert any(n.startswith("curator_app/resources/sample-articles/science/") for n in names)
    assert not any(n.startswith(("tests/", "resources/", "packaging/")) for n in names)


def test_the_installed_wheel_scans_the_sample_and_passes_its_self_test(
    wheel: Path, tmp_path: Path
) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    run([python, "-m", "pip", "install", "--quiet", "--no-compile", wheel], cwd=tmp_path)

    sample = run(
        [python, "-c", "from curator_app.resources import sample_folder; print(sample_folder())"],
        cwd=tmp_path,
    ).strip()
    assert Path(sample).is_relative_to(env_dir), sample  # the installed copy, not this tree

    assert run([bin_dir / "curator", "--version"], cwd=tmp_path).strip() == f"curator {version()}"
    listing = run([bin_dir / "curator", "scan", "--json", sample], cwd=tmp_path)
    assert len(listing.splitlines()) >= 12

    report = run([bin_dir / "curator-app", "--self-test"], cwd=tmp_path)
    assert "one line changed" in report and "self-test passed" in report
