"""Pages of one role load side by side (``--page-jobs``), and that changes only the time taken.

Overlap is judged by the server, never from the test's wall time: pages that must be in flight
together are held by the server until all of them have arrived (``?together=GROUP:N``), so a
slow machine delays them but cannot separate them. Page timeouts are generous
(``PAGE_TIMEOUT_S``) except where a page that never answers is the point (``HANG_TIMEOUT_S``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from leakcheck.demo import EstateSite
from leakcheck.pipeline import ScanOptions, scan
from leakcheck.profile import load_profile, parse_profile
from leakcheck.redact import Redactor
from leakcheck.result import ScanResult

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
ESTATE_PROFILE = ROOT / "profiles" / "estate.yaml"
PAGE_TIMEOUT_S = 60
"""For scans whose pages all answer: only a broken scan ever waits this long."""
HANG_TIMEOUT_S = 10
"""For scans that meet ``/hang`` (listed or crawled): each meeting costs this long, and every
other page of the scan must load within it on a busy machine (3 s did not, pinned to one core)."""


@pytest.fixture(scope="module")
def slow_site(crawl_urls: dict[str, str]) -> str:
    return crawl_urls["site"]


def run(
    site: str,
    pages: list[str],
    page_jobs: int,
    login: str = "",
    extra: str = "",
    timeout_s: float = PAGE_TIMEOUT_S,
) -> ScanResult:
    # The profile check refuses non-web URLs such as chrome://crash: those go in after it.
    unchecked = {i: page for i, page in enumerate(pages) if page.startswith("chrome:")}
    listed = ", ".join(f'"{"/" if i in unchecked else page}"' for i, page in enumerate(pages))
    text = f"""\
name: slow
target: {{url: "{site}"}}
policy: {{page_timeout_s: {timeout_s}, settle_ms: 200}}
roles:
  visitor:
{login}    pages: [{listed}]
{extra}"""
    profile = parse_profile(text, ROOT / "slow.yaml", {})
    if unchecked:
        role = profile.roles["visitor"]
        specs = [
            spec.model_copy(update={"url": unchecked[i]}) if i in unchecked else spec
            for i, spec in enumerate(role.pages)
        ]
        roles = {"visitor": role.model_copy(update={"pages": specs})}
        profile = profile.model_copy(update={"roles": roles})
    options = ScanOptions(follow_links=False, page_jobs=page_jobs, jobs=1, quiet=True)
    return scan(profile, Redactor(b"k"), options, None)


def timeline(site: str, names: set[str]) -> list[dict[str, Any]]:
    rows = [row for row in httpx.get(f"{site}/timeline").json() if row["name"] in names]
    assert len(rows) == len(names)
    return sorted(rows, key=lambda row: row["arrived"])


def test_pages_of_a_wave_are_in_flight_together(slow_site: str) -> None:
    names = {"together-a", "together-b", "together-c"}
    pages = [f"/slow/{n}?together=wave3:3" for n in sorted(names)]
    result = run(slow_site, pages, page_jobs=3)
    assert [url.removeprefix(slow_site) for url in result.coverage[0].pages_visited] == pages
    rows = timeline(slow_site, names)
    # The server answered none until all three had arrived: they were in flight at once.
    assert [r["released"] for r in rows] == ["together"] * 3
    assert max(r["arrived"] for r in rows) < min(r["answered"] for r in rows)


def test_one_page_at_a_time_never_overlaps(slow_site: str) -> None:
    names = {"alone-a", "alone-b"}
    result = run(slow_site, [f"/slow/{n}?ms=500" for n in sorted(names)], page_jobs=1)
    assert len(result.coverage[0].pages_visited) == 2
    first, second = timeline(slow_site, names)
    assert second["arrived"] >= first["answered"]


def test_a_hanging_page_costs_that_page_only(slow_site: str) -> None:
    pages = ["/slow/wave-a?together=hang:2", "/hang", "/slow/wave-b?together=hang:2"]
    result = run(slow_site, [*pages, "/dialog", "/popup"], page_jobs=3, timeout_s=HANG_TIMEOUT_S)
    visited = [url.removeprefix(slow_site) for url in result.coverage[0].pages_visited]
    assert visited == [pages[0], pages[2], "/dialog", "/popup"]
    reasons = {s.what.removeprefix(slow_site): s.reason for s in result.skips}
    assert reasons["/hang"] == f"page failed: not loaded within {HANG_TIMEOUT_S} s"
    assert len(result.skips) == 1
    # The page after the hanging one set out while the first was still waiting for it.
    first, after = timeline(slow_site, {"wave-a", "wave-b"})
    assert first["released"] == after["released"] == "together"
    assert after["arrived"] < first["answered"]


def test_a_crashed_tab_costs_that_page_only(slow_site: str) -> None:
    """Chromium's ``chrome://crash`` kills the renderer of that tab, in the middle of a wave."""
    pages = ["/slow/crash-a?ms=800", "chrome://crash", "/slow/crash-b?ms=300", "/dialog"]
    result = run(slow_site, pages, page_jobs=3)
    visited = [url.removeprefix(slow_site) for url in result.coverage[0].pages_visited]
    assert visited == ["/slow/crash-a?ms=800", "/slow/crash-b?ms=300", "/dialog"]
    (skip,) = result.skips
    assert skip.what == "chrome://crash"
    # Chromium either aborts the navigation or kills the renderer first; either way the page
    # fails at once, not at its timeout.
    assert skip.reason in (
        "page failed: the tab crashed while loading",
        "page failed: Page.goto: net::ERR_ABORTED at chrome://crash",
    )


def test_a_listed_download_fails_at_once_with_its_reason(slow_site: str) -> None:
    result = run(slow_site, ["/export.csv", "/slow/after-download?ms=100"], page_jobs=2)
    visited = [url.removeprefix(slow_site) for url in result.coverage[0].pages_visited]
    assert visited == ["/slow/after-download?ms=100"]
    (skip,) = result.skips
    assert skip.what == f"{slow_site}/export.csv"
    assert skip.reason in (  # Playwright's own words when its goto sees the download first
        "page failed: the URL is a download, not a page",
        "page failed: Page.goto: Download is starting",
    )


LOGIN = """\
    login:
      form: {{url: /login, username: views-{views}, password: any}}
"""


@pytest.mark.parametrize("page_jobs", [1, 4])
def test_an_expired_session_is_renewed_once_then_lost(slow_site: str, page_jobs: int) -> None:
    """Each session serves two private pages: one re-login covers two more, then pages are lost.

    Several pages of a wave may bounce together; those that set out before the re-login are
    retried, as they would have been visited after it one at a time.
    """
    pages = [f"/private/s{page_jobs}-{n}?ms=200" for n in range(1, 7)]
    result = run(slow_site, pages, page_jobs, login=LOGIN.format(views=2))
    coverage = result.coverage[0]
    assert coverage.logged_in
    assert len(coverage.pages_visited) == 4
    assert coverage.pages_visited == sorted(coverage.pages_visited)  # the order asked
    reasons = sorted(s.reason for s in result.skips)
    assert reasons == [
        "redirected to the login page: session lost",
        "redirected to the login page: session lost",
        "session expired once; logged in again and retried",
    ]


@pytest.mark.parametrize("page_jobs", [1, 4])
def test_crawl_budget_holds_with_waves(slow_site: str, page_jobs: int) -> None:
    crawl = "    crawl: {max_pages: 5, max_depth: 4, per_shape: 2}\n"
    result = run(slow_site, ["/"], page_jobs, extra=crawl, timeout_s=HANG_TIMEOUT_S)
    assert len(result.coverage[0].pages_requested) == 6  # the listed page and five crawled
    assert any("page budget of 5 reached" in s.reason for s in result.skips)


def test_the_crawl_visits_the_same_pages_whatever_the_page_jobs(slow_site: str) -> None:
    crawl = "    crawl: {max_pages: 12, max_depth: 4, per_shape: 2}\n"
    one, four = (run(slow_site, ["/"], n, extra=crawl, timeout_s=HANG_TIMEOUT_S) for n in (1, 4))
    assert one.coverage[0].pages_requested == four.coverage[0].pages_requested
    assert one.coverage[0].pages_visited == four.coverage[0].pages_visited
    assert sorted(map(repr, one.skips)) == sorted(map(repr, four.skips))


def _estate(site: EstateSite, page_jobs: int) -> ScanResult:
    profile = load_profile(ESTATE_PROFILE, env={**os.environ, **site.credentials_env()})
    options = ScanOptions(roles=("agent", "buyer1"), page_jobs=page_jobs, quiet=True)
    return scan(profile, Redactor(b"e2e", reveal=True), options, ESTATE_PROFILE)


def test_the_estate_findings_do_not_depend_on_page_jobs(
    estate_sites: Callable[[str, int], EstateSite],
) -> None:
    site = estate_sites("vulnerable", 1)
    one, four = _estate(site, 1), _estate(site, 4)

    def findings(result: ScanResult) -> list[tuple[str, ...]]:
        return sorted(
            (f.role, f.rule, f.page, f.surface.value, f.location.path, f.fingerprint)
            for f in result.findings
        )

    assert findings(one) == findings(four)
    assert len(findings(one)) > 0
    assert [c.pages_visited for c in one.coverage] == [c.pages_visited for c in four.coverage]
    assert sorted(map(repr, one.skips)) == sorted(map(repr, four.skips))
