"""The browser leakcheck drives reaches the target and what its pages ask for, nothing else.

Chromium's own services (sign-in, component updates, form-field predictions sent with each form
page) would otherwise reach Google's hosts during every scan. The estate site is addressed by IP,
so any host name the browser resolves is one of those calls; Chromium's net log shows them all.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from leakcheck.auth.login import form_login
from leakcheck.capture.browser import BROWSER_SERVICE_HOSTS, launch_options
from leakcheck.demo import EstateSite
from leakcheck.profile import load_profile

PROFILE = Path(__file__).resolve().parents[2] / "profiles" / "estate.yaml"

pytestmark = pytest.mark.browser


def _net_log_events(path: Path) -> tuple[list[str], list[str]]:
    """Return the host names looked up and the URLs requested, from a Chromium net log."""
    log = json.loads(path.read_text(encoding="utf-8"))
    names = {code: name for name, code in log["constants"]["logEventTypes"].items()}
    looked_up: list[str] = []
    requested: list[str] = []
    for event in log["events"]:
        params = event.get("params", {})
        kind = names.get(event["type"])
        if kind == "DNS_TRANSACTION_QUERY":
            looked_up.append(str(params.get("qname")))
        elif kind == "REQUEST_ALIVE" and "url" in params:
            requested.append(str(params["url"]))
    return looked_up, requested


def test_a_login_and_a_page_resolve_no_host_name(
    estate_site: Callable[..., EstateSite], tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    site = estate_site(mode="vulnerable", seed=1)
    profile = load_profile(PROFILE, env={**os.environ, **site.credentials_env()})
    login = profile.roles["buyer1"].login
    assert login is not None and login.form is not None
    net_log = tmp_path / "net.json"
    options = launch_options()
    options["args"] = [*options["args"], f"--log-net-log={net_log}"]
    # Its own Playwright, as every e2e test's scan has: the session's shared browser
    # (chromium_browser) must not be running while one starts.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**options)
        try:
            page = browser.new_context().new_page()
            form_login(page, "buyer1", login.form, site.url, 15_000)  # autofill's trigger
            page.goto(f"{site.url}/", wait_until="networkidle")
        finally:
            browser.close()  # the net log is complete once the browser has exited
    looked_up, requested = _net_log_events(net_log)
    assert requested, "the net log recorded no request: it proves nothing"
    assert looked_up == []
    # Chromium still tries its services; the host-resolver rules leave them nowhere to go.
    tried = {url.split("/")[2] for url in requested if not url.startswith(site.url)}
    assert tried <= set(BROWSER_SERVICE_HOSTS) | {site.third_party_url.split("/")[2]}


def test_a_host_the_profile_names_stays_reachable() -> None:
    quiet = launch_options()["args"]
    named = launch_options(reachable=["accounts.google.com"])["args"]
    rules = [a for a in quiet if a.startswith("--host-resolver-rules=")]
    assert len(rules) == 1 and "MAP accounts.google.com ~NOTFOUND" in rules[0]
    kept = [a for a in named if a.startswith("--host-resolver-rules=")]
    assert len(kept) == 1 and "accounts.google.com" not in kept[0]
    assert "MAP update.googleapis.com ~NOTFOUND" in kept[0]
