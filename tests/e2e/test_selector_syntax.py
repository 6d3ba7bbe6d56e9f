"""The profile's selector check agrees with Playwright's own parser, run in a real Chromium.

Every selector the check accepts must be one Playwright can evaluate; every one it refuses here
is one Playwright refuses too. (The check refuses a few selectors Playwright would take, such as
``text=`` with nothing after it or CSS soupsieve does not know, like ``:modal``: see
``leakcheck.profile.selectors``.)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from leakcheck.profile.selectors import SelectorSyntaxError, check_selector

pytestmark = pytest.mark.browser

ACCEPTED = [
    "a#logout",
    "#app[data-state=ready]",
    "a[href='/logout']",
    "form button:not([type])",
    "button:has-text('Log in')",
    "a:text-is('Log ud'):visible",
    ":visible",
    "li:nth-match(li, 1)",
    "div:right-of(#x)",
    "div >> a",
    "a#logout >> visible=true",
    "text=Log ud",
    "'Log ud'",
    "//a[@id='logout']",
    "xpath=//a",
    "id=logout",
    "data-testid=submit",
    "role=link[name='Log ud']",
    "css=main > a",
    "nth=0",
    "div:has(> a)",
    "a:is(#logout, .x)",
    "tr:nth-child(2n+1)",
    "input[lang|=en]",
]
REFUSED = [
    "a[",
    "#",
    "a#",
    "foo=bar",
    "a >>",
    "",
    "button:has-text('Log in'",
    "a::before",
    "svg|rect",
    ":contains('x')",
    "input[name=user",
]


@pytest.fixture(scope="module")
def selector_page() -> Iterator[Any]:
    """A page of this module's own Playwright, stopped at its end (as the scans beside it do:
    a sync Playwright left running would stop theirs from starting)."""
    from playwright.sync_api import sync_playwright

    from leakcheck.capture.browser import launch_options

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options())
        page = browser.new_page()
        page.set_content(
            "<main id=app data-state=ready><ul><li>a</li></ul><div id=x></div><div></div>"
            "<a id=logout href=/logout>Log ud</a><input lang=en-GB></main>"
        )
        yield page
        browser.close()


@pytest.mark.parametrize("selector", ACCEPTED)
def test_what_the_check_accepts_playwright_evaluates(selector_page: Any, selector: str) -> None:
    check_selector(selector)
    assert selector_page.locator(selector).count() >= 0


@pytest.mark.parametrize("selector", REFUSED)
def test_what_the_check_refuses_playwright_refuses_too(selector_page: Any, selector: str) -> None:
    from playwright.sync_api import Error

    with pytest.raises(SelectorSyntaxError):
        check_selector(selector)
    with pytest.raises(Error):
        selector_page.locator(selector).count()
