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
from urllib.parse import urljoin, urlsplit

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
    """Fill and submit a login form, then verify the session or raise ``AuthError``.

    Every failure says what was observed: the login page's HTTP status, the URL the browser
    reached, whether the login form came back, which element or URL was missing.
    """
    from playwright.sync_api import Error as PlaywrightError

    login_url = urljoin(base_url, form.url)
    for name, value in (("username", form.username), ("password", form.password)):
        if not value:
            raise AuthError(f"role {role}: login.form.{name} is empty")
    try:
        response = page.goto(login_url, wait_until="load", timeout=timeout_ms)
    except PlaywrightError as exc:
        raise CaptureError(
            f"role {role}: cannot open login page {login_url}: {error_line(exc)}"
        ) from None
    status = response.status if response is not None else None
    if status in (404, 410):
        raise AuthError(
            f"role {role}: the login page {_shown(login_url)} answered HTTP {status}; "
            "check login.form.url"
        )
    if status is not None and status >= 500:
        raise CaptureError(
            f"role {role}: the login page {_shown(login_url)} answered HTTP {status}"
        )
    user_sel = form.username_selector or _first_visible(page, USERNAME_SELECTORS, timeout_ms)
    pass_sel = form.password_selector or _first_visible(page, PASSWORD_SELECTORS, timeout_ms)
    if not user_sel or not pass_sel:
        missing = "username" if not user_sel else "password"
        raise AuthError(
            f"role {role}: no {missing} field found on {_shown(page.url)} (HTTP {status}); "
            f"set login.form.{missing}_selector if the form has one"
        )
    step = "username_selector", user_sel
    try:
        # Typed key by key, so frameworks that listen to input events enable their buttons.
        page.locator(user_sel).first.press_sequentially(form.username, delay=5)
        step = "password_selector", pass_sel
        page.locator(pass_sel).first.press_sequentially(form.password, delay=5)
        page.evaluate(MARK_FORM_PAGE_JS)
        submit = form.submit_selector or _first_visible(page, SUBMIT_SELECTORS, 2000)
        if submit:
            step = "submit_selector", submit
            button = page.locator(submit).first
            button.wait_for(state="visible", timeout=timeout_ms)
            _wait_enabled(page, submit, timeout_ms)
            button.click(timeout=timeout_ms)
        else:
            page.locator(pass_sel).first.press("Enter")
    except PlaywrightError as exc:
        raise AuthError(
            f"role {role}: could not submit the login form: {_selector_error(exc, *step)}"
        ) from None
    left_ms = _refused_fast(page, role, form, timeout_ms)
    verify_form_login(page, role, form, login_url, left_ms)


def _shown(url: str) -> str:
    """A URL for a message: query and fragment cut (they may carry tokens)."""
    return url.split("?", 1)[0].split("#", 1)[0]


def _selector_error(exc: Exception, field: str, selector: str) -> str:
    """Describe a Playwright error; one about a selector's syntax quotes the selector and field.

    Playwright's own words ("Unexpected token "" while parsing css selector") show an empty
    token, which reads as if the selector were empty.
    """
    line = error_line(exc)
    if "while parsing" in line or "is not a valid selector" in line:
        return f"login.form.{field} {selector!r} is not a valid selector"
    if "Timeout" in line:
        return f"login.form.{field} {selector!r} matched no usable element ({line})"
    return line


def matches_success_url(url: str, pattern: str) -> bool:
    """Match ``success_url``: a path glob (``/home*``) against the path (and query), else the URL.

    A path compared with the whole URL (``http://host/home``) would never match.
    """
    if pattern.startswith("/"):
        parts = urlsplit(url)
        path = parts.path or "/"
        return fnmatch.fnmatchcase(path, pattern) or fnmatch.fnmatchcase(
            f"{path}?{parts.query}", pattern
        )
    return fnmatch.fnmatchcase(url, pattern)


MARK_FORM_PAGE_JS = "() => { window.__leakcheckFormPage = true; }"
OUTCOME_JS = """() => {
  if (window.__leakcheckFormPage || document.readyState !== 'complete') return 'waiting';
  const field = document.querySelector("input[type='password']");
  return field && field.getClientRects().length > 0 ? 'form again' : 'left';
}"""
OBSERVED_JS = """() => {
  const navigation = performance.getEntriesByType('navigation')[0];
  const field = document.querySelector("input[type='password']");
  return {
    status: navigation && navigation.responseStatus ? navigation.responseStatus : null,
    form: !!(field && field.getClientRects().length > 0),
  };
}"""
"""What a failed login message reports: the status of the page reached and whether it shows a
login form."""
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
        if form.success_url and matches_success_url(page.url, form.success_url):
            break
        try:
            # The proof in Playwright's selector syntax, which document.querySelector lacks.
            if form.success_selector and page.locator(form.success_selector).count():
                break
            state = page.evaluate(OUTCOME_JS)
        except PlaywrightError:
            state = "waiting"  # the page is between documents
        if state == "left":
            break
        seen_again = seen_again + 1 if state == "form again" else 0
        if seen_again >= _FORM_AGAIN_POLLS:
            status = _observed(page).get("status")
            answered = f" (HTTP {status})" if status else ""
            raise AuthError(
                f"role {role}: login failed: the site answered with its login form again at "
                f"{_shown(page.url)}{answered}; check the username and password"
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


def _observed(page: Page) -> dict[str, object]:
    """Return the reached page's HTTP status and whether it shows a login form (best effort)."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        observed = page.evaluate(OBSERVED_JS)
    except PlaywrightError:
        return {}
    return observed if isinstance(observed, dict) else {}


def verify_form_login(
    page: Page, role: str, form: FormLogin, login_url: str, timeout_ms: float
) -> None:
    """Prove the login worked: the configured URL/selector, or the login form gone.

    On failure the message says what the browser reached, so a wrong success check is not
    mistaken for wrong credentials.
    """
    from playwright.sync_api import Error as PlaywrightError

    expected = "leaving the login page"
    try:
        if form.success_url:
            pattern = form.success_url
            expected = f"a URL matching login.form.success_url {pattern!r}"
            page.wait_for_url(lambda url: matches_success_url(url, pattern), timeout=timeout_ms)
        if form.success_selector:
            expected = f"login.form.success_selector {form.success_selector!r}"
            page.locator(form.success_selector).first.wait_for(state="attached", timeout=timeout_ms)
        if not form.success_url and not form.success_selector:
            page.wait_for_url(lambda url: url.split("?")[0] != login_url, timeout=timeout_ms)
            page.wait_for_load_state("load", timeout=timeout_ms)
            if page.locator("input[type='password']").first.is_visible():
                raise AuthError(
                    f"role {role}: login failed: after submitting, {_shown(page.url)} still "
                    "shows a password field; check the username and password, or set "
                    "login.form.success_selector"
                )
    except PlaywrightError as exc:
        raise AuthError(_not_proven(page, role, expected, exc)) from None


def _not_proven(page: Page, role: str, expected: str, exc: Exception) -> str:
    """Say what the browser reached when the success check did not hold."""
    line = error_line(exc)
    if "while parsing" in line or "is not a valid selector" in line:
        return f"role {role}: {expected} is not a valid selector"
    observed = _observed(page)
    status = observed.get("status")
    reached = f"{_shown(page.url)}" + (f" (HTTP {status})" if status else "")
    if observed.get("form"):
        return (
            f"role {role}: login failed: no {expected} after submitting; the browser is at "
            f"{reached}, which shows a login form: check the username and password"
        )
    return (
        f"role {role}: login not proven: no {expected} after submitting; the browser reached "
        f"{reached} and no login form is shown, so the credentials were probably accepted: "
        "check the success check"
    )


def verify_selector(page: Page, role: str, selector: str, timeout_ms: float) -> None:
    """Prove a storage-state or header session is live by a selector on the first page."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        # Either proof or a login form: a dead session then fails fast instead of timing out.
        # Locator.or_ keeps any Playwright selector whole (text=…, a >> b), unlike a CSS list.
        proof = page.locator(selector)
        proof.or_(page.locator("input[type='password']")).first.wait_for(
            state="attached", timeout=timeout_ms
        )
        if proof.count() == 0:
            raise AuthError(
                f"role {role}: session not valid: {_shown(page.url)} shows a login form instead "
                f"of login.verify_selector {selector!r}"
            )
    except PlaywrightError:
        status = _observed(page).get("status")
        answered = f" (HTTP {status})" if status else ""
        raise AuthError(
            f"role {role}: session not valid: login.verify_selector {selector!r} did not appear "
            f"on {_shown(page.url)}{answered}"
        ) from None
