"""Shared fixtures: the estate fixture site as a subprocess, and one real Chromium per session."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 30.0
if str(ROOT) not in sys.path:  # plain `pytest` (not `python -m pytest`) must import fixtures/
    sys.path.insert(0, str(ROOT))


@dataclass
class EstateSite:
    """A running estate fixture: its two origins, its accounts and its process."""

    url: str
    third_party_url: str
    mode: str
    seed: int
    accounts: dict[str, Any]
    process: subprocess.Popen[str] = field(repr=False)

    def stop(self, timeout: float = 10.0) -> int:
        """Send SIGTERM and wait; kill only if it will not stop. Return the exit code."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def start_estate(mode: str = "vulnerable", seed: int = 1) -> EstateSite:
    """Start ``python -m fixtures.estate`` on free ports and wait for its two URL lines."""
    from fixtures.estate.accounts import ACCOUNTS

    stderr = tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "fixtures.estate",
            "--port",
            "0",
            "--third-party-port",
            "0",
            "--mode",
            mode,
            "--seed",
            str(seed),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
    )
    lines: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        lines.extend(process.stdout.readline().strip() for _ in range(2))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(START_TIMEOUT)
    urls = dict(line.split(": ", 1) for line in lines if ": " in line)
    if set(urls) != {"site", "third-party"}:
        process.kill()
        process.wait()
        stderr.seek(0)
        raise RuntimeError(
            f"estate fixture ({mode=}, {seed=}) did not print its URLs within "
            f"{START_TIMEOUT:.0f} s; stdout={lines!r}; exit={process.returncode}; "
            f"stderr:\n{stderr.read()}"
        )
    return EstateSite(urls["site"], urls["third-party"], mode, seed, dict(ACCOUNTS), process)


@pytest.fixture(scope="session")
def estate_site() -> Iterator[Callable[..., EstateSite]]:
    """Return a factory ``estate_site(mode=..., seed=...)``; one server per (mode, seed)."""
    sites: dict[tuple[str, int], EstateSite] = {}

    def get(mode: str = "vulnerable", seed: int = 1) -> EstateSite:
        if (mode, seed) not in sites:
            sites[mode, seed] = start_estate(mode, seed)
        return sites[mode, seed]

    yield get
    for site in sites.values():
        site.stop()


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Any]:
    """Launch one headless Chromium for the session with leakcheck's launch options."""
    from playwright.sync_api import sync_playwright

    from leakcheck.capture.browser import launch_options

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options())
        yield browser
        browser.close()
