"""A real crawl of a site full of traps: it stays in scope, never logs out or deletes, keeps to
its budgets, and a page that hangs costs that page only."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from leakcheck.pipeline import ScanOptions, scan
from leakcheck.profile import parse_profile
from leakcheck.redact import Redactor
from leakcheck.result import ScanResult

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def trap_site(crawl_urls: dict[str, str]) -> dict[str, str]:
    return crawl_urls


def crawl(site: dict[str, str], crawl_yaml: str, pages: str = "[/]") -> ScanResult:
    text = f"""\
name: traps
target: {{url: "{site["site"]}"}}
policy: {{page_timeout_s: 3, settle_ms: 0}}
roles:
  visitor:
    pages: {pages}
    crawl: {crawl_yaml}
"""
    profile = parse_profile(text, ROOT / "traps.yaml", {})
    return scan(profile, Redactor(b"k"), ScanOptions(follow_links=False), None)


def hits(site: dict[str, str]) -> list[str]:
    return list(httpx.get(f"{site['site']}/hits").json())


def test_crawl_stays_in_scope_and_never_follows_state_changing_links(
    trap_site: dict[str, str],
) -> None:
    result = crawl(trap_site, "{max_pages: 30, max_depth: 4, per_shape: 2}")
    visited = result.coverage[0].pages_visited
    assert all(url.startswith(trap_site["site"]) for url in visited)
    requested = hits(trap_site)
    assert "/logout" not in requested and "/account/delete" not in requested
    assert {"/section/a", "/section/a/deeper", "/section/a/deeper/deepest", "/items"} <= {
        url.removeprefix(trap_site["site"]) for url in visited
    }
    items = [url for url in visited if "/items/" in url]
    assert len(items) == 2  # fifty pages of one shape: two are enough
    reasons = {s.what.removeprefix(trap_site["site"]): s.reason for s in result.skips}
    assert (
        reasons["/logout"]
        == reasons["/account/delete"]
        == ("not followed: the link looks state-changing")
    )
    # The hanging page is skipped with a reason; the dialog and popup pages still count.
    assert reasons["/hang"].startswith("page failed: ")
    assert {trap_site["site"] + "/dialog", trap_site["site"] + "/popup"} <= set(visited)
    assert result.coverage[0].logged_in


@pytest.mark.parametrize(
    ("crawl_yaml", "stop"),
    [
        ("{max_pages: 2}", "page budget of 2 reached"),
        ("{max_depth: 1, max_pages: 50}", None),
    ],
)
def test_crawl_budgets(trap_site: dict[str, str], crawl_yaml: str, stop: str | None) -> None:
    result = crawl(trap_site, crawl_yaml)
    visited = result.coverage[0].pages_visited
    if stop:
        assert len(visited) == 3  # the listed page and two crawled
        assert any(stop in s.reason for s in result.skips)
    else:
        assert not any("/deeper" in url for url in visited)
