"""Shared fixtures: the estate fixture site as a subprocess, and one real Chromium per session."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

# `tests` is a package: pytest puts the repository root (its parent) on sys.path, so `fixtures`
# and `tests.*` helpers import the same way under plain `pytest` and `python -m pytest`.
from leakcheck.demo import EstateSite


@pytest.fixture(scope="session", autouse=True)
def _redaction_key_outside_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Point the redaction key file into the session's temporary directory.

    Without ``LEAKCHECK_KEY``, the CLI creates ``~/.config/leakcheck/key`` on first use: the tests
    wrote a key into the developer's own config. Subprocesses (CLI runs, inner pytest runs)
    inherit the variable; a test that sets ``LEAKCHECK_KEY`` still takes precedence.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LEAKCHECK_KEY_FILE", str(tmp_path_factory.mktemp("key") / "key"))
        yield


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
