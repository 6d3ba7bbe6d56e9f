"""A normal (non-editable) install runs the demo from any directory: the site ships inside."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parents[2]


def _venv_on_top_of_this_one(env_dir: Path) -> Path:
    """Create a venv that sees this one's packages but not its (editable) leakcheck; its python.

    The wheel goes in with ``--no-deps`` (no index needed); its dependencies come from the running
    venv's site-packages, named in a ``.pth`` file. A path line in a ``.pth`` file is only added to
    ``sys.path``: the ``.pth`` files inside it, such as the editable install's, are not read, so
    ``leakcheck`` itself can only come from the wheel. Nothing comes from the base interpreter's
    or the system's site-packages, which a fresh machine does not have.
    """
    venv.EnvBuilder(system_site_packages=False, with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = sysconfig.get_path("purelib")
    (Path(purelib) / "_leakcheck_test_dependencies.pth").write_text(ours + "\n", encoding="utf-8")
    return python


def test_wheel_ships_the_demo_site_and_profile_and_runs_it_elsewhere(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    wheel = next(dist.glob("leakcheck-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "leakcheck/_fixtures/estate/__main__.py" in names
    assert "leakcheck/_fixtures/estate/static/app.js" in names
    assert "leakcheck/_profiles/estate.yaml" in names
    assert not any(name.startswith("fixtures/") for name in names)

    env_dir = tmp_path / "venv"
    python = _venv_on_top_of_this_one(env_dir)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "-q",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["LEAKCHECK_KEY"] = "packaging-test"
    where = subprocess.run(
        [str(python), "-c", "import leakcheck.demo as d; print(d.__file__, d.locate().module)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    module_file, fixture = where.stdout.split()
    assert Path(module_file).is_relative_to(env_dir), "leakcheck must come from the wheel"
    assert fixture == "leakcheck._fixtures.estate"
    run = subprocess.run(
        [str(env_dir / "bin" / "leakcheck"), "demo", "--mode", "fixed"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 findings in 5 roles" in run.stdout
