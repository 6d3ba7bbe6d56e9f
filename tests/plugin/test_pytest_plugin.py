"""The pytest plugin, run by pytest itself (pytester) against the estate site with a real Chromium.

Each inner run is a subprocess: pytest-playwright's sync Playwright must not share a process with
another one, and the plugin is loaded through its ``pytest11`` entry point as users get it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from leakcheck.demo import EstateSite

pytest_plugins = ("pytester",)
pytestmark = pytest.mark.browser

PROFILE = Path(__file__).resolve().parents[2] / "profiles" / "estate.yaml"
CASE_A = "/cases/722faf7c-b46c-51ce-aed6-6d5b1d2a1cb3"

DEDICATED = f'''
CASE_A = "{CASE_A}"

def test_buyer_sees_only_own_bid(leakcheck_role):
    with leakcheck_role("buyer1") as page:
        page.goto(CASE_A)
        page.wait_for_selector("#app[data-state=ready]")
    leakcheck_role.assert_clean()
'''

# An ordinary pytest-playwright test: it knows nothing about leakcheck.
PLAIN_PLAYWRIGHT = f'''
import os

def log_in(page, role):
    page.goto(os.environ["ESTATE_URL"] + "/login")
    page.locator("#username").press_sequentially(os.environ[f"ESTATE_{{role}}_USERNAME"])
    page.locator("#password").press_sequentially(os.environ[f"ESTATE_{{role}}_PASSWORD"])
    page.click("#login-button")
    page.wait_for_selector("a#logout")

def test_case_page_shows_the_asking_price(page):
    log_in(page, "BUYER1")
    page.goto(os.environ["ESTATE_URL"] + "{CASE_A}")
    page.wait_for_selector("#app[data-state=ready]")
    assert page.title()
'''

# Pages made from pytest-playwright's session-wide browser fixture; the marker logs them in.
FROM_BROWSER = f'''
import os
import pytest

@pytest.mark.leakcheck(role="buyer1", login=True)
def test_case_page_from_browser(browser):
    page = browser.new_page()
    page.goto(os.environ["ESTATE_URL"] + "{CASE_A}")
    page.wait_for_selector("#app[data-state=ready]")
    page.close()
'''

# Two dedicated audits: xdist's load scheduling hands the first tests out round-robin.
SPREAD = f'''
import pytest

@pytest.mark.parametrize("role", ["buyer1", "buyer2"])
def test_role_page(leakcheck_role, role):
    with leakcheck_role(role) as page:
        page.goto("{CASE_A}")
        page.wait_for_selector("#app[data-state=ready]")
'''


@pytest.fixture
def site_env(
    estate_site: Callable[..., EstateSite], monkeypatch: pytest.MonkeyPatch
) -> Callable[[str], EstateSite]:
    """Point the estate profile's environment variables at the site in ``mode``."""

    def use(mode: str) -> EstateSite:
        site = estate_site(mode=mode)
        for name, value in site.credentials_env().items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("LEAKCHECK_KEY", "plugin-test-key")
        return site

    return use


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """Run pytest in a subprocess until it exits.

    No timeout of its own: an inner run launches Chromium and scans, which took over 120 s on a
    busy machine; a hung run is still stopped by this suite's per-test timeout (pyproject).
    """
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args)


def test_dedicated_test_fails_on_the_leaking_site_with_redacted_findings(
    pytester: pytest.Pytester, site_env: Callable[[str], EstateSite]
) -> None:
    site_env("vulnerable")
    pytester.makepyfile(test_dedicated=DEDICATED)
    result = run(pytester, f"--leakcheck-profile={PROFILE}")
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "leakcheck: " in out and "for role(s) buyer1" in out
    assert "LC101" in out and "LC103" in out  # denied fields and canaries, console layout
    assert "[national_id.dk · 11 chars · #" in out
    assert "010170-9999" not in out  # the canary CPR never appears: values are redacted
    assert "test_buyer_sees_only_own_bid [buyer1]: " in out  # the session summary


def test_dedicated_test_passes_on_the_fixed_site(
    pytester: pytest.Pytester, site_env: Callable[[str], EstateSite]
) -> None:
    site_env("fixed")
    pytester.makepyfile(test_dedicated=DEDICATED)
    # Without pytest-playwright the fixture launches its own Chromium, like the CLI.
    result = run(pytester, f"--leakcheck-profile={PROFILE}", "-p", "no:playwright")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*test_buyer_sees_only_own_bid [[]buyer1[]]: clean*"])


def test_unchanged_playwright_test_fails_only_in_passive_mode(
    pytester: pytest.Pytester, site_env: Callable[[str], EstateSite]
) -> None:
    site = site_env("vulnerable")
    pytester.makepyfile(test_plain=PLAIN_PLAYWRIGHT)
    # With the profile but not passive, the plugin only supplies the system Chromium: it passes.
    run(pytester, f"--leakcheck-profile={PROFILE}").assert_outcomes(passed=1)
    result = run(
        pytester, f"--leakcheck-profile={PROFILE}", "--leakcheck-passive", "--leakcheck-role=buyer1"
    )
    result.assert_outcomes(failed=1, errors=0)  # a failure of the test, not a teardown error
    out = result.stdout.str()
    assert "leakcheck: " in out and "LC102" in out
    assert site.credentials_env()["ESTATE_BUYER1_PASSWORD"] not in out


def test_passive_mode_passes_on_the_fixed_site(
    pytester: pytest.Pytester, site_env: Callable[[str], EstateSite]
) -> None:
    site_env("fixed")
    pytester.makepyfile(test_plain=PLAIN_PLAYWRIGHT)
    result = run(
        pytester, f"--leakcheck-profile={PROFILE}", "--leakcheck-passive", "--leakcheck-role=buyer1"
    )
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*test_case_page_shows_the_asking_price*[[]buyer1[]]: clean*"])


def test_marked_test_records_pages_of_the_browser_fixture(
    pytester: pytest.Pytester, site_env: Callable[[str], EstateSite]
) -> None:
    site_env("vulnerable")
    pytester.makepyfile(test_browser=FROM_BROWSER)
    result = run(pytester, f"--leakcheck-profile={PROFILE}")  # the marker alone turns it on
    result.assert_outcomes(failed=1, errors=0)
    out = result.stdout.str()
    assert "for role(s) buyer1" in out and "LC101" in out


def test_passive_mode_without_pytest_playwright_says_what_to_do(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(test_plain="def test_nothing():\n    pass\n")
    result = run(
        pytester, f"--leakcheck-profile={PROFILE}", "--leakcheck-passive", "-p", "no:playwright"
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*pip install pytest-playwright*"])


def _fingerprints(report: Path) -> set[str]:
    data = json.loads(report.read_text(encoding="utf-8"))
    return {f["fingerprint"] for f in data["findings"]}


def test_xdist_workers_merge_into_the_same_findings(
    pytester: pytest.Pytester, site_env: Callable[[str], EstateSite]
) -> None:
    site_env("vulnerable")
    pytester.makepyfile(test_spread=SPREAD)
    serial = run(pytester, f"--leakcheck-profile={PROFILE}", "--leakcheck-report=serial.json")
    serial.assert_outcomes(passed=2)
    parallel = run(
        pytester,
        f"--leakcheck-profile={PROFILE}",
        "--leakcheck-report=parallel.json",
        "-n",
        "2",
    )
    parallel.assert_outcomes(passed=2)
    parallel.stdout.fnmatch_lines(["*from 2 recorded test capture(s); workers: gw0, gw1;*"])
    expected = _fingerprints(pytester.path / "serial.json")
    assert expected  # the vulnerable site leaks to both buyers
    assert _fingerprints(pytester.path / "parallel.json") == expected
