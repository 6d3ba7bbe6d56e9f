"""Log a role in: a form typed like a person types, a storage-state file, or static headers.

Login is verified positively (a URL or a selector after submitting, or the password field gone
and the login URL left); a failure raises ``AuthError`` naming the role, never the credential.
"""

from __future__ import annotations

import fnmatch
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from leakcheck.errors import AuthError, CaptureError, error_line
from leakcheck.profile.schema import FormLogin, Login

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

USERNAME_SELECTORS = (
    "input[autocomplete='username']",
    "input[type='email']",
    "input[name*='user' i]",
    "input[name*='email' i]",
    "input[name*='login' i]",
    "input[id*='user' i]",
    "input[type='text']",
)
PASSWORD_SELECTORS = ("input[autocomplete='current-password']", "input[type='password']")
SUBMIT_SELECTORS = (
    "button[type='submit']",
    "input[type='submit']",
    "form button:not([type])",
    "button:has-text('Log in')",
    "button:has-text('Sign in')",
)


@dataclass(frozen=True)
class ContextOptions:
    """What ``browser.new_context`` needs from a login before any page loads."""

    storage_state: str | None = None
    extra_http_headers: dict[str, str] | None = None


def context_options(login: Login | None, profile_dir: Path) -> ContextOptions:
    """Return the context options of a storage-state or header login."""
    if login is None:
        return ContextOptions()
    state_path = None
    if login.storage_state:
        state = Path(login.storage_state)
        state = state if state.is_absolute() else profile_dir / state
        if not state.is_file():
            raise AuthError(f"storage state file {state} does not exist")
        state_path = str(state)
    return ContextOptions(state_path, dict(login.headers) if login.headers else None)


def preset_cookies(context: BrowserContext, login: Login | None, base_url: str) -> None:
    """Set the profile's cookies (consent banners, static sessions) before the first request."""
    if login is None or not login.cookies:
        return
    context.add_cookies(
        [
            {"name": c.name, "value": c.value, "domain": c.domain, "path": c.path}
            if c.domain
            else {"name": c.name, "value": c.value, "url": base_url}
            for c in login.cookies
        ]
    )


def _first_visible(page: Page, selectors: tuple[str, ...], timeout_ms: float) -> str | None:
    """Return the first selector that has a visible element, waiting for the page to render."""
    combined = ", ".join(selectors)
    try:
        page.locator(combined).first.wait_for(state="visible", timeout=timeout_ms)
    except Exception:  # noqa: BLE001 - Playwright's timeout: nothing matched
        return None
    for selector in selectors:
        if page.locator(selector).first.is_visible():
            return selector
    return None


def form_login(page: Page, role: str, form: FormLogin, base_url: str, timeout_ms: float) -> None:
    """Fill and submit a login form, then verify the session or raise ``AuthError``."""
    from playwright.sync_api import Error as PlaywrightError

    login_url = urljoin(base_url, form.url)
    try:
        page.goto(login_url, wait_until="load", timeout=timeout_ms)
    except PlaywrightError as exc:
        raise CaptureError(
            f"role {role}: cannot open login page {login_url}: {error_line(exc)}"
        ) from None
    user_sel = form.username_selector or _first_visible(page, USERNAME_SELECTORS, timeout_ms)
    pass_sel = form.password_selector or _first_visible(page, PASSWORD_SELECTORS, timeout_ms)
    if not user_sel or not pass_sel:
        missing = "username" if not user_sel else "password"
        raise AuthError(
            f"role {role}: no {missing} field found on {login_url}; "
            f"set login.form.{missing}_selector in the profile"
        )
    try:
        # Typed key by key, so frameworks that listen to input events enable their buttons.
        page.locator(user_sel).first.press_sequentially(form.username, delay=5)
        page.locator(pass_sel).first.press_sequentially(form.password, delay=5)
        page.evaluate(MARK_FORM_PAGE_JS)
        submit = form.submit_selector or _first_visible(page, SUBMIT_SELECTORS, 2000)
        if submit:
            button = page.locator(submit).first
            button.wait_for(state="visible", timeout=timeout_ms)
            _wait_enabled(page, submit, timeout_ms)
            button.click(timeout=timeout_ms)
        else:
            page.locator(pass_sel).first.press("Enter")
    except PlaywrightError as exc:
        raise AuthError(
            f"role {role}: could not submit the login form: {error_line(exc)}"
        ) from None
    left_ms = _refused_fast(page, role, form, timeout_ms)
    verify_form_login(page, role, form, login_url, left_ms)


MARK_FORM_PAGE_JS = "() => { window.__leakcheckFormPage = true; }"
OUTCOME_JS = """(selector) => {
  if (selector && document.querySelector(selector)) return 'proven';
  if (window.__leakcheckFormPage || document.readyState !== 'complete') return 'waiting';
  const field = document.querySelector("input[type='password']");
  return field && field.getClientRects().length > 0 ? 'form again' : 'left';
}"""
_FORM_AGAIN_POLLS = 3
"""Polls, 0.3 s apart, that must all see the form again: a page that redirects on load is no
refusal."""


def _refused_fast(page: Page, role: str, form: FormLogin, timeout_ms: float) -> float:
    """Fail at once when the site answers the login with its form again (a wrong password).

    Waiting for the success proof alone cost the whole page timeout per failed role. The form
    counts as back only in a new document (the one typed into is marked) that is fully loaded and
    shows a password field, so a form still submitting or a single-page login is left to
    ``verify_form_login``. Returns the milliseconds of the timeout left for it.
    """
    from playwright.sync_api import Error as PlaywrightError

    deadline = time.monotonic() + timeout_ms / 1000
    seen_again = 0
    while time.monotonic() < deadline:
        if form.success_url and fnmatch.fnmatch(page.url, form.success_url):
            break
        try:
            state = page.evaluate(OUTCOME_JS, form.success_selector or "")
        except PlaywrightError:
            state = "waiting"  # the page is between documents
        if state in ("proven", "left"):
            break
        seen_again = seen_again + 1 if state == "form again" else 0
        if seen_again >= _FORM_AGAIN_POLLS:
            raise AuthError(
                f"role {role}: login failed (the site answered with its login form again at "
                f"{page.url.split('?', 1)[0]}); check the credentials"
            )
        page.wait_for_timeout(300)
    return max((deadline - time.monotonic()) * 1000, 1.0)  # Playwright reads 0 as no timeout


def _wait_enabled(page: Page, selector: str, timeout_ms: float) -> None:
    from playwright.sync_api import Error as PlaywrightError

    try:
        page.wait_for_function(
            "s => { const e = document.querySelector(s); return e && !e.disabled; }",
            arg=selector,
            timeout=timeout_ms,
        )
    except PlaywrightError:
        pass  # the click below reports a still-disabled button in its own words


def verify_form_login(
    page: Page, role: str, form: FormLogin, login_url: str, timeout_ms: float
) -> None:
    """Prove the login worked: the configured URL/selector, or the login form gone."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        if form.success_url:
            pattern = form.success_url
            page.wait_for_url(lambda url: fnmatch.fnmatch(url, pattern), timeout=timeout_ms)
        if form.success_selector:
            page.locator(form.success_selector).first.wait_for(state="attached", timeout=timeout_ms)
        if not form.success_url and not form.success_selector:
            page.wait_for_url(lambda url: url.split("?")[0] != login_url, timeout=timeout_ms)
            page.wait_for_load_state("load", timeout=timeout_ms)
            if page.locator("input[type='password']").first.is_visible():
                raise AuthError(f"role {role}: still on a page with a password field after login")
    except PlaywrightError:
        expected = form.success_selector or form.success_url or "leaving the login page"
        raise AuthError(
            f"role {role}: login failed (no {expected} after submitting the form at {login_url}); "
            "check the credentials"
        ) from None


def verify_selector(page: Page, role: str, selector: str, timeout_ms: float) -> None:
    """Prove a storage-state or header session is live by a selector on the first page."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        # Either proof or a login form: a dead session then fails fast instead of timing out.
        either = f"{selector}, input[type='password']"
        page.locator(either).first.wait_for(state="attached", timeout=timeout_ms)
        if page.locator(selector).count() == 0:
            raise PlaywrightError("a login form appeared instead")
    except PlaywrightError:
        raise AuthError(
            f"role {role}: session not valid: {selector} did not appear on "
            f"{page.url.split('?', 1)[0]}"
        ) from None
