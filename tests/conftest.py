"""Shared fixtures: the estate fixture site as a subprocess, and one real Chromium per session."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # plain `pytest` (not `python -m pytest`) must import fixtures/
    sys.path.insert(0, str(ROOT))

from leakcheck.demo import EstateSite  # noqa: E402  (after the path is set)


@pytest.fixture(scope="session")
def estate_site() -> Iterator[Callable[..., EstateSite]]:
    """Return a factory ``estate_site(mode=..., seed=...)``; one server per (mode, seed).

    The same class ``leakcheck demo`` uses starts the site, so the tests exercise it too.
    """
    sites: dict[tuple[str, int], EstateSite] = {}

    def get(mode: str = "vulnerable", seed: int = 1) -> EstateSite:
        if (mode, seed) not in sites:
            sites[mode, seed] = EstateSite(mode=mode, seed=seed).start()
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
