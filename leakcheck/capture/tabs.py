"""Pages of one role loading side by side in one thread (Playwright's sync API).

Sync calls block, the browser does not: a navigation started by a ``goto`` that is given a few
milliseconds keeps loading after the call times out (Playwright does not cancel it), so a wave
of pages loads in parallel while we wait for each in turn. Every wait has a deadline measured
from that page's own start or load, so pages that were ready while we attended to another cost
no further time, and a page that hangs costs its own timeout once, not once per page after it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from leakcheck.errors import CaptureError

if TYPE_CHECKING:
    from playwright.sync_api import Page, Request

START_MS = 20
"""How long a ``goto`` waits for the response to start: a fast server commits (its errors are
raised at once), a slow one keeps loading while the next page of the wave starts."""
IDLE_CAP_MS = 10_000
"""Longest wait for the network to go quiet after load (long-polling pages never do)."""
IDLE_QUIET_S = 0.5
"""Playwright's ``networkidle``: no request for 500 ms."""
CRASH_CHECK_MS = 250.0
"""The load wait is taken in slices this long, so a crashed tab or a download fails at once, not
at the page's timeout."""
SELECTOR_FLOOR_MS = 1000.0
"""A selector wait asks the browser; a deadline already passed still gets this long to answer."""


@dataclass
class Tab:
    """A page of a wave: when it started and loaded, its last network activity, its failure."""

    page: Page
    url: str
    started: float
    generation: int = 0
    """The login it started under (a bounce after a later login means: retry, not lost)."""
    loaded: float | None = None
    active: float = 0.0
    quiet: float = 0.0
    """When the network went quiet (or we stopped waiting for it): the settle time counts from
    here, as it did when pages were visited one at a time."""
    failure: str | None = None
    error: Exception | None = None
    crashed: bool = False
    """The tab's renderer died (Playwright's ``crash`` event): its waits would only time out."""
    download: bool = False
    """The URL answered with an attachment: the tab stays blank, its waits would time out."""


def _left(deadline: float, floor_ms: float = 1.0) -> float:
    """Milliseconds until ``deadline`` (Playwright reads a timeout of 0 as no timeout)."""
    return max((deadline - time.monotonic()) * 1000, floor_ms)


def start(page: Page, url: str, generation: int = 0) -> Tab:
    """Start loading ``url`` in ``page`` and return at once; failures are kept for ``arrive``."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    tab = Tab(page=page, url=url, started=time.monotonic(), generation=generation)
    tab.active = tab.started

    def touch(_: Request) -> None:
        tab.active = time.monotonic()

    def failed(request: Request) -> None:
        tab.active = time.monotonic()
        if request.is_navigation_request() and request.frame == page.main_frame:
            tab.failure = request.failure

    def load(loaded: Page) -> None:
        if loaded.url != "about:blank":
            tab.loaded = time.monotonic()

    page.on("request", touch)
    page.on("requestfinished", touch)
    page.on("requestfailed", failed)
    page.on("load", load)
    page.on("crash", lambda _: setattr(tab, "crashed", True))
    page.on("download", lambda _: setattr(tab, "download", True))
    try:
        page.goto(url, wait_until="commit", timeout=START_MS)  # error statuses are data too
    except PlaywrightTimeout:
        pass  # still on its way: the browser goes on loading it
    except PlaywrightError as exc:
        tab.error = exc
    return tab


def arrive(tab: Tab, timeout_ms: float) -> None:
    """Wait for the page's load event (by its start plus the timeout), then for quiet."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    if tab.error is not None:
        raise tab.error
    page = tab.page
    deadline = tab.started + timeout_ms / 1000
    while True:
        wait_ms = min(_left(deadline), CRASH_CHECK_MS)
        try:
            if page.url == "about:blank":  # not committed yet: a failed navigation raises here
                page.wait_for_url(_navigated, wait_until="load", timeout=wait_ms)
            else:
                page.wait_for_load_state("load", timeout=wait_ms)
            break
        except PlaywrightTimeout:
            if tab.crashed:
                raise CaptureError("page failed: the tab crashed while loading") from None
            if tab.download:
                raise CaptureError("page failed: the URL is a download, not a page") from None
            if time.monotonic() >= deadline:  # the same words whatever time was left
                raise CaptureError(
                    f"page failed: not loaded within {timeout_ms / 1000:g} s"
                ) from None
    if page.url.startswith("chrome-error:"):
        raise CaptureError(f"page failed: {tab.failure or 'navigation failed'}")  # skip names it
    loaded = tab.loaded or time.monotonic()
    try:
        page.wait_for_load_state("networkidle", timeout=_left(loaded + IDLE_CAP_MS / 1000))
        tab.quiet = min(tab.active + IDLE_QUIET_S, time.monotonic())
    except PlaywrightTimeout:
        tab.quiet = time.monotonic()  # never idle: the ready selector and settle time still apply


def settle(tab: Tab, ready: str | None, settle_ms: int, timeout_ms: float) -> None:
    """Wait until the page has rendered: the ready selector, then the settle time after quiet."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = tab.page
    if ready:
        try:
            page.locator(ready).first.wait_for(
                state="attached", timeout=selector_timeout(tab, timeout_ms)
            )
        except PlaywrightTimeout:
            raise CaptureError(
                f"page failed: {ready} did not appear within {timeout_ms / 1000:g} s of load"
            ) from None
    if settle_ms:
        wait = (tab.quiet + settle_ms / 1000 - time.monotonic()) * 1000
        if wait > 0:
            page.wait_for_timeout(wait)


def selector_timeout(tab: Tab, timeout_ms: float) -> float:
    """The time left for a selector on this page: its timeout counts from its load."""
    return _left((tab.loaded or tab.started) + timeout_ms / 1000, SELECTOR_FLOOR_MS)


def _navigated(url: str) -> bool:
    return url != "about:blank"
