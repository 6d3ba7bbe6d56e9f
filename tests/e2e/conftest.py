"""End-to-end fixtures: the estate site as a real server and scans of it with a real Chromium."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from leakcheck.demo import EstateSite, read_url_lines
from leakcheck.pipeline import ScanOptions, scan
from leakcheck.profile import load_profile
from leakcheck.redact import Redactor
from leakcheck.result import ScanResult

REPO = Path(__file__).resolve().parents[2]
PROFILE = REPO / "profiles" / "estate.yaml"
TEST_KEY = b"e2e-test-key"


@pytest.fixture(scope="module")
def crawl_urls() -> Iterator[dict[str, str]]:
    """Run ``fixtures.crawl`` for one test module (its request log starts empty); its URLs."""
    process = subprocess.Popen(
        [sys.executable, "-m", "fixtures.crawl"],
        cwd=REPO,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        yield read_url_lines(process, 2, 30)
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="session")
def estate_sites(estate_site: Callable[..., EstateSite]) -> Callable[[str, int], EstateSite]:
    """The estate site per (mode, seed), shared with the fixture's own tests."""
    return lambda mode, seed: estate_site(mode=mode, seed=seed)


@pytest.fixture(scope="session")
def redactor() -> Redactor:
    """Reveal mode: the recall tests compare evidence with the planted values."""
    return Redactor(TEST_KEY, reveal=True)


@pytest.fixture(scope="session")
def estate_scan(
    estate_sites: Callable[[str, int], EstateSite], redactor: Redactor
) -> Callable[[str, int], ScanResult]:
    """Scan the estate site with its profile (cached per mode and seed)."""
    results: dict[tuple[str, int], ScanResult] = {}

    def run(mode: str, seed: int) -> ScanResult:
        if (mode, seed) not in results:
            site = estate_sites(mode, seed)
            profile = load_profile(PROFILE, env={**os.environ, **site.credentials_env()})
            results[(mode, seed)] = scan(profile, redactor, ScanOptions(), PROFILE)
        return results[(mode, seed)]

    return run
