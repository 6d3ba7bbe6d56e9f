"""Collect every test file alone, then all of them forwards and reversed: no order dependence.

Usage: ``.venv/bin/python scripts/check_test_collection.py [--jobs N] [PATH ...]``

A helper imported by bare name (``from conftest import ...``) resolves to whichever module of
that name was imported first, so a test file could collect in one order and fail in another.
Each ``pytest --collect-only -q`` here runs in a fresh process; the script prints one line per
failing run with the error and exits 1 if any run failed. Each run costs a pytest start (2-3 s):
about two minutes on two idle cores, seven on a busy machine, so the suite itself runs only the
cheap part (``tests/test_suite_layout.py``).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def collect(files: list[str]) -> tuple[bool, str]:
    """Run ``pytest --collect-only -q`` on ``files`` in that order; return (ok, error text)."""
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *files],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    errors = [line for line in run.stdout.splitlines() if line.startswith(("E ", "ERROR"))]
    return run.returncode == 0, "; ".join(errors[:3]) or run.stdout[-300:] + run.stderr[-300:]


def test_files(given: Path) -> list[str]:
    """Return the test files a path names, relative to the repository (as pytest takes them)."""
    paths = [given] if given.suffix == ".py" else sorted(given.resolve().rglob("test_*.py"))
    return [str(path.resolve().relative_to(REPO)) for path in paths]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("paths", nargs="*", default=["tests"], help="directories or test files")
    parser.add_argument("--jobs", type=int, default=2, help="pytest processes at once")
    args = parser.parse_args()
    files = sorted(name for given in args.paths for name in test_files(Path(given)))
    runs: dict[str, list[str]] = {f"alone: {name}": [name] for name in files}
    runs["all files, forwards"] = files
    runs["all files, reversed"] = files[::-1]
    with ThreadPoolExecutor(args.jobs) as pool:
        results = dict(zip(runs, pool.map(collect, runs.values()), strict=True))
    failed = {label: text for label, (ok, text) in results.items() if not ok}
    for label, text in failed.items():
        print(f"FAILED {label}: {text}")
    print(f"{len(runs) - len(failed)} of {len(runs)} collections passed ({len(files)} files)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
