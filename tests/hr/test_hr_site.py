"""The portal itself: it starts quietly and stops cleanly, checks logins and exports, and every
planted value really reaches the named role (vulnerable twin) or no longer does (fixed twin).

Plain Playwright against the real portal and Chromium; no leakcheck code, so the ground truth
the recall tests judge leakcheck by is proven independently.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

from fixtures.hr.accounts import ACCOUNTS
from fixtures.hr.groundtruth import ground_truth
from tests.hr.capture import Received, capture_roles
from tests.hr.portal import REPO, PortalSite

pytestmark = pytest.mark.browser

SEED = 1
TRUTH = ground_truth(SEED)
EXPORTS = sorted({row["url"] for row in TRUTH["leaks"] if row["surface"] == "linked-document"})
Capture = Callable[[str, str], Received]


@pytest.fixture(scope="module")
def received(portal_site: Callable[[str, int], PortalSite], chromium_browser: Any) -> Capture:
    """Return ``received(mode, role)``: every role browsed once per twin, side by side."""
    cache: dict[str, dict[str, Received]] = {}
    passwords = {role: account["password"] for role, account in ACCOUNTS.items()}

    def get(mode: str, role: str) -> Received:
        if mode not in cache:
            site = portal_site(mode, SEED)
            cache[mode] = capture_roles(chromium_browser, site, passwords, EXPORTS)
        return cache[mode][role]

    return get


def _rows(kind: str, role: str) -> list[dict[str, Any]]:
    return [row for row in TRUTH[kind] if row["role"] == role]


def _reaches(got: Received, row: dict[str, Any]) -> bool:
    return any(str(row["value"]) in text for text in got.sources(row))


def _distinctive(value: object) -> bool:
    """A value that cannot turn up by chance (a rating of 3, a salary inside a UUID)."""
    text = str(value)
    return len(text) >= 8 and not text.isdigit()


@pytest.mark.parametrize("role", list(ACCOUNTS))
def test_every_leak_reaches_its_role_on_the_vulnerable_twin(role: str, received: Capture) -> None:
    got = received("vulnerable", role)
    rows = _rows("leaks", role)
    assert rows and [row["id"] for row in rows if not _reaches(got, row)] == []


@pytest.mark.parametrize("mode", ["vulnerable", "fixed"])
@pytest.mark.parametrize("role", list(ACCOUNTS))
def test_every_decoy_reaches_its_role_on_both_twins(
    role: str, mode: str, received: Capture
) -> None:
    got = received(mode, role)
    rows = _rows("decoys", role)
    assert rows and [row["id"] for row in rows if not _reaches(got, row)] == []


@pytest.mark.parametrize("role", list(ACCOUNTS))
def test_no_leak_value_reaches_its_role_on_the_fixed_twin(role: str, received: Capture) -> None:
    """Ratings (too short to search for) are checked in test_hr_views.py."""
    got = received("fixed", role)
    everything = got.everything()
    still = []
    for row in _rows("leaks", role):
        value = str(row["value"])
        if len(value) < 3:
            continue
        if row["surface"] == "third-party-request" or not _distinctive(value):
            # The role's own data (beacon rows) and short values: not at the leak's place.
            present = any(value in text for text in got.sources(row))
        else:
            present = value in everything
        if present:
            still.append(row["id"])
    assert still == []


@pytest.mark.parametrize("role", list(ACCOUNTS))
def test_exports_are_hrs_alone_on_the_fixed_twin(role: str, received: Capture) -> None:
    """Knowing an export's URL does not help: the server checks who asks."""
    assert len(EXPORTS) == 2
    expected = 200 if role == "hr" else 403
    assert received("fixed", role).probed == dict.fromkeys(EXPORTS, expected)


def test_a_wrong_password_is_refused(
    portal_site: Callable[[str, int], PortalSite], chromium_browser: Any
) -> None:
    site = portal_site("fixed", SEED)
    context = chromium_browser.new_context()
    try:
        page = context.new_page()
        page.goto(site.url + "/login")
        page.fill("#username", "employee1")
        page.fill("#password", "not-the-password")
        page.click("#login-button")
        assert "Fel användarnamn eller lösenord" in page.inner_text("#login-error")
        assert context.request.get(site.url + "/api/me").status == 401
    finally:
        context.close()


def test_prints_two_url_lines_and_exits_zero_on_sigterm() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "fixtures.hr", "--port", "0", "--mode", "fixed"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first, second = process.stdout.readline(), process.stdout.readline()
    finally:
        process.terminate()
        out, err = process.communicate(timeout=15)
    assert re.fullmatch(r"site: http://127\.0\.0\.1:\d+\n", first)
    assert re.fullmatch(r"third-party: http://127\.0\.0\.1:\d+\n", second)
    assert process.returncode == 0, err
    assert out == "" and err == "", "the server must stay quiet"
