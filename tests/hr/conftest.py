"""The HR portal per (mode, seed) as a real server, and one leakcheck scan of each, cached."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest

from leakcheck.pipeline import ScanOptions, scan
from leakcheck.profile import load_profile
from leakcheck.redact import Redactor
from leakcheck.result import ScanResult
from tests.hr.portal import PROFILE, PortalSite


@pytest.fixture(scope="session")
def portal_site() -> Iterator[Callable[[str, int], PortalSite]]:
    """Return ``portal_site(mode, seed)``: one running portal per (mode, seed)."""
    sites: dict[tuple[str, int], PortalSite] = {}

    def get(mode: str, seed: int) -> PortalSite:
        if (mode, seed) not in sites:
            sites[mode, seed] = PortalSite(mode=mode, seed=seed).start()
        return sites[mode, seed]

    yield get
    for site in sites.values():
        site.stop()


@pytest.fixture(scope="session")
def portal_scan(
    portal_site: Callable[[str, int], PortalSite],
) -> Callable[[str, int], ScanResult]:
    """Scan the portal with ``profiles/hr.yaml`` (once per mode and seed, with ``reveal``: the
    tests compare evidence with the planted values)."""
    results: dict[tuple[str, int], ScanResult] = {}
    redactor = Redactor(b"portal-test-key", reveal=True)

    def run(mode: str, seed: int) -> ScanResult:
        if (mode, seed) not in results:
            site = portal_site(mode, seed)
            profile = load_profile(PROFILE, env={**os.environ, **site.profile_env()})
            results[mode, seed] = scan(profile, redactor, ScanOptions(quiet=True), PROFILE)
        return results[mode, seed]

    return run
