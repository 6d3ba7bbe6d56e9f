"""Data leaving to another origin: reported with its receiver, and blockable for audits."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from leakcheck.capture.blocker import context_proxy, refusing_proxy
from leakcheck.capture.browser import launch_options
from leakcheck.demo import EstateSite
from leakcheck.pipeline import ScanOptions, scan
from leakcheck.profile import load_profile
from leakcheck.redact import Redactor
from leakcheck.scope import origin_of

PROFILE = Path(__file__).resolve().parents[2] / "profiles" / "estate.yaml"

pytestmark = pytest.mark.browser


def test_block_third_party_sends_nothing_out_and_still_reports_what_was_attempted(
    estate_site: Callable[..., EstateSite],
) -> None:
    # A site of its own: the third-party collector's memory must start empty.
    site = estate_site(mode="vulnerable", seed=3)
    profile = load_profile(PROFILE, env={**os.environ, **site.credentials_env()})
    options = ScanOptions(roles=("buyer1",), block_third_party=True)
    result = scan(profile, Redactor(b"k"), options, PROFILE)
    received = httpx.get(f"{site.third_party_url}/received").json()
    assert received == []
    sent = [f for f in result.findings if f.rule == "LC301"]
    assert {f.receiver for f in sent} == {origin_of(site.third_party_url)}
    assert {c for f in sent for c in f.data_classes} >= {"email", "national_id.dk"}
    assert {f.location.path for f in sent} >= {"body|json:$.user.email", "query:cpr"}


def test_the_blocking_proxy_alone_stops_what_interception_lets_through(
    estate_site: Callable[..., EstateSite],
) -> None:
    from playwright.sync_api import sync_playwright

    # No route here: the proxy is the backstop for requests Playwright does not route (a page
    # closing as its beacons leave), so it must block on its own and leave the target reachable.
    site = estate_site(mode="vulnerable", seed=5)
    # Its own Playwright: the session's shared browser must not run beside the scans here.
    with sync_playwright() as playwright, refusing_proxy() as backstop:
        browser = playwright.chromium.launch(**launch_options())
        context = browser.new_context(proxy=context_proxy(backstop, [site.url]))
        try:
            page = context.new_page()
            response = page.goto(f"{site.url}/login")
            assert response is not None and response.ok
            outcome = page.evaluate(
                """async (url) => {
                  try {
                    await fetch(url + "/collect", {method: "POST", body: '{"cpr": "x"}',
                      headers: {"content-type": "application/json"}});
                    return "sent";
                  } catch (error) { return "failed"; }
                }""",
                site.third_party_url,
            )
        finally:
            browser.close()
    assert outcome == "failed"
    assert backstop.refused >= 1
    assert httpx.get(f"{site.third_party_url}/received").json() == []
