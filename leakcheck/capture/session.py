"""Visit a role's pages in its own browser context and record everything it receives.

Playwright records a HAR with embedded bodies per context (read after ``context.close()``, so
bodies freed by Chromium after navigation are not lost); beside it, each settled page is
snapshotted: DOM with hidden elements marked, visible text, web storage and cookies.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from leakcheck.auth.login import context_options, form_login, preset_cookies, verify_selector
from leakcheck.capture.blocker import context_proxy, refusing_proxy
from leakcheck.capture.crawl import DENY_WORDS, CrawlBudget, Frontier
from leakcheck.capture.har import artifacts_from_har
from leakcheck.capture.provenance import (
    LOGIN_ORDER,
    READ_WRITES_JS,
    WRITES_INIT_JS,
    Entry,
    StateLedger,
)
from leakcheck.capture.tabs import Tab, arrive, selector_timeout, settle, start
from leakcheck.errors import AuthError, CaptureError, LeakcheckError, error_line
from leakcheck.extract.dom import HIDDEN_MARK
from leakcheck.extract.scripts import decode_data_url
from leakcheck.models import Artifact, ArtifactKind, FollowUp, Skip
from leakcheck.profile.schema import PageSpec, Profile, Role
from leakcheck.progress import Progress
from leakcheck.scope import Scope

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

MARK_HIDDEN_JS = f"""() => {{
  const skip = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);
  let count = 0;
  for (const el of document.querySelectorAll('body, body *')) {{
    if (skip.has(el.tagName)) continue;
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const hidden = el.hidden || s.display === 'none' || s.visibility === 'hidden'
      || s.visibility === 'collapse' || parseFloat(s.opacity) === 0
      || el.getClientRects().length === 0 || r.right <= 0 || r.bottom <= 0
      || (r.width <= 1 && r.height <= 1 && s.overflow !== 'visible');
    if (hidden) {{ el.setAttribute('{HIDDEN_MARK}', '1'); count++; }}
  }}
  return count;
}}"""

IDB_MAX_RECORDS = 2000
"""Records read per IndexedDB object store; a larger store is read in part and says so."""
IDB_MAX_CHARS = 10_000_000
"""A store whose records serialise to more is not read (a recorded skip)."""

STORAGE_JS = """async () => {
  const dump = (s) => {
    const o = {};
    for (let i = 0; i < s.length; i++) { const k = s.key(i); o[k] = s.getItem(k); }
    return o;
  };
  let local = {}, session = {};
  try { local = dump(window.localStorage); } catch (e) {}
  try { session = dump(window.sessionStorage); } catch (e) {}
  const out = {localStorage: local, sessionStorage: session};
  const LIMIT = @LIMIT@, MAX_CHARS = @MAX_CHARS@, WAIT = 3000;
  const within = (promise) => Promise.race([promise, new Promise((_, reject) =>
    setTimeout(() => reject(new Error('no answer in 3 s')), WAIT))]);
  const done = (request) => new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const plain = () => {
    const seen = new WeakSet();
    return (key, value) => {
      if (typeof value === 'bigint') return String(value);
      if (value === null || typeof value !== 'object') return value;
      if (value instanceof ArrayBuffer || ArrayBuffer.isView(value))
        return '[binary ' + value.byteLength + ' bytes]';
      if (typeof Blob !== 'undefined' && value instanceof Blob)
        return '[blob ' + value.size + ' bytes]';
      if (seen.has(value)) return '[repeated]';
      seen.add(value);
      if (value instanceof Map)
        return Object.fromEntries(Array.from(value, ([k, v]) => [String(k), v]));
      if (value instanceof Set) return Array.from(value);
      return value;
    };
  };
  let names = null;
  try {
    if (window.indexedDB && indexedDB.databases) names = await within(indexedDB.databases());
  } catch (e) { out.indexedDBUnread = {'*': 'databases not listed: ' + (e && e.message || e)}; }
  if (names) {
    const stores = {}, unread = {};
    for (const info of names) {
      if (!info.name) continue;
      let db;
      try {
        db = await within(new Promise((resolve, reject) => {
          const request = indexedDB.open(info.name);
          request.onupgradeneeded = () => request.transaction.abort();  // never create one
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
          request.onblocked = () => reject(new Error('blocked by another connection'));
        }));
      } catch (e) { unread[info.name] = 'not opened: ' + (e && e.message || e); continue; }
      try {
        for (const name of Array.from(db.objectStoreNames)) {
          const key = info.name + '/' + name;
          try {
            const store = db.transaction(name, 'readonly').objectStore(name);
            const [rows, total] = await within(Promise.all(
              [done(store.getAll(null, LIMIT)), done(store.count())]));
            const text = JSON.stringify(rows, plain());
            if (text.length > MAX_CHARS) {
              unread[key] = 'not read: ' + text.length + ' characters of records';
              continue;
            }
            stores[key] = text;
            if (total > rows.length)
              unread[key] = 'first ' + rows.length + ' of ' + total + ' records read';
          } catch (e) { unread[key] = 'not read: ' + (e && e.message || e); }
        }
      } finally { db.close(); }
    }
    if (Object.keys(stores).length) out.indexedDB = stores;
    if (Object.keys(unread).length) out.indexedDBUnread = unread;
  }
  return JSON.stringify(out);
}""".replace("@LIMIT@", str(IDB_MAX_RECORDS)).replace("@MAX_CHARS@", str(IDB_MAX_CHARS))
"""localStorage, sessionStorage and every IndexedDB object store of the page's origin (records
as JSON text per ``database/store``; stores read in part or not at all are listed)."""


@dataclass
class RoleCapture:
    """What one role's browser received, and what could not be covered."""

    role: str
    artifacts: list[Artifact] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    pages_requested: list[str] = field(default_factory=list)
    pages_visited: list[str] = field(default_factory=list)
    login_error: str | None = None
    """Why the role has no session; None when it logged in (or needs no login)."""
    login_unreachable: bool = False
    """The login failed because the target did not answer (exit 3), not the credentials (2)."""
    seconds: float = 0.0


def page_url(base_url: str, spec: PageSpec) -> str:
    return urljoin(base_url, spec.url)


Discover = Callable[[Sequence[Artifact]], list[FollowUp]]
"""Given a role's artifacts, return what else to fetch with its session (pure, in extract)."""


@dataclass(frozen=True)
class CaptureSettings:
    headless: bool = True
    block_third_party: bool = False
    """Abort requests to origins outside scope (they are still recorded as sent-out data)."""
    discover: Discover | None = None
    max_follow_up_bytes: int = 10 * 1024 * 1024
    jobs: int = 1
    """Roles captured at the same time (one browser each)."""
    page_jobs: int | None = None
    """Pages of a role loading at the same time (one context); None: the profile's policy."""
    progress: Progress | None = None


def capture_role(
    browser: Browser,
    profile: Profile,
    role_name: str,
    role: Role,
    scope: Scope,
    profile_dir: Path,
    settings: CaptureSettings = CaptureSettings(),
) -> RoleCapture:
    """Log the role in, visit its pages, and return its artifacts (login failure recorded)."""
    started = time.monotonic()
    result = RoleCapture(role=role_name)
    result.pages_requested = [page_url(profile.target.url, p) for p in role.pages]
    timeout_ms = profile.policy.page_timeout_s * 1000
    try:
        options = context_options(role.login, profile_dir)
    except AuthError as exc:
        result.login_error = str(exc)
        return result
    with ExitStack() as stack:
        workdir = stack.enter_context(tempfile.TemporaryDirectory(prefix="leakcheck-"))
        har_path = Path(workdir) / "capture.har"  # holds the login POST: private, deleted after
        proxy = None
        if settings.block_third_party:
            backstop = stack.enter_context(refusing_proxy())
            proxy = context_proxy(backstop, scope.origins | scope.login_origins)
        context = browser.new_context(
            record_har_path=str(har_path),
            record_har_content="embed",
            storage_state=options.storage_state,
            extra_http_headers=options.extra_http_headers,
            proxy=proxy,
        )
        if proxy is not None:
            _block_third_parties(context, scope)
        page_jobs = settings.page_jobs or profile.policy.page_concurrency
        visit = _RoleVisit(context, profile, role_name, role, timeout_ms, result, scope, page_jobs)
        if page_jobs > 1:  # one page at a time, a snapshot never holds a later page's state
            context.add_init_script(WRITES_INIT_JS)
            visit.ledger = StateLedger()
        visit.progress = settings.progress
        state = None
        try:
            visit.run()
            state = context.storage_state()
        except AuthError as exc:
            result.login_error = str(exc)
        except CaptureError as exc:
            result.login_error, result.login_unreachable = str(exc), True
        finally:
            context.close()
        if result.login_error is None:
            har = json.loads(har_path.read_text(encoding="utf-8"))
            refs = [p["id"] for p in har.get("log", {}).get("pages", [])]
            order = visit.page_order()
            page_urls = {
                ref: url for ref, url in zip(refs, order, strict=False) if isinstance(url, str)
            }
            # The login page (its POST holds the password) and pop-ups are left out.
            login_refs = frozenset(
                ref for ref, url in zip(refs, order, strict=False) if not isinstance(url, str)
            )
            artifacts, skips = artifacts_from_har(
                har, role_name, page_urls, scope, login_refs, live_event_sources=True
            )
            result.artifacts[:0] = artifacts
            result.skips.extend(skips)
            if visit.ledger is not None:
                order_of = {
                    ref: visit.order[page]
                    for ref, page in zip(refs, visit.created, strict=False)
                    if page in visit.order
                }
                visit.ledger.wrote_har(har, order_of)
                result.artifacts = visit.ledger.attribute(result.artifacts)
    if state is not None and settings.discover is not None:
        follow_ups = settings.discover(result.artifacts)
        if follow_ups:
            fetched, skipped = _fetch_follow_ups(
                browser,
                state,
                options.extra_http_headers,
                follow_ups,
                role_name,
                scope,
                timeout_ms,
                settings.max_follow_up_bytes,
            )
            result.artifacts.extend(fetched)
            result.skips.extend(skipped)
    result.seconds = time.monotonic() - started
    if settings.progress is not None:
        settings.progress.role_done(role_name)
    return result


def _block_third_parties(context: BrowserContext, scope: Scope) -> None:
    """Abort requests leaving scope; the HAR still records what the page tried to send.

    The context's refusing proxy (``blocker``) stops what this interception lets through.
    """
    from playwright.sync_api import Route

    def handle(route: Route) -> None:
        if scope.is_third_party(route.request.url):
            route.abort("blockedbyclient")
        else:
            route.fallback()

    context.route("**/*", handle)


def _fetch_follow_ups(
    browser: Browser,
    state: Any,
    headers: dict[str, str] | None,
    follow_ups: Sequence[FollowUp],
    role: str,
    scope: Scope,
    timeout_ms: float,
    max_bytes: int,
) -> tuple[list[Artifact], list[Skip]]:
    """GET each follow-up with the role's session (cookies and headers), in scope only."""
    from playwright.sync_api import Error as PlaywrightError

    artifacts: list[Artifact] = []
    skips: list[Skip] = []
    fetched: dict[str, tuple[str, str, int]] = {}  # url -> (content type, text, status)
    context = browser.new_context(storage_state=state, extra_http_headers=headers)
    try:
        for item in follow_ups:
            if item.url in fetched:
                artifacts.append(_fetched(role, item, *fetched[item.url]))
                continue
            if item.url.startswith("data:"):
                body = decode_data_url(item.url)
                if body is None:
                    skips.append(Skip(role, "inline source map", "undecodable data: URL"))
                    continue
                artifacts.append(_fetched(role, item, "application/json", body, 200))
                continue
            if not scope.contains(item.url):
                skips.append(Skip(role, item.url, "not fetched: outside the target's scope"))
                continue
            try:
                response = context.request.get(item.url, timeout=timeout_ms, max_redirects=0)
                declared = int(response.headers.get("content-length") or 0)
                if declared > max_bytes:
                    skips.append(Skip(role, item.url, f"{declared:,} bytes exceed {max_bytes:,}"))
                    continue
                raw = response.body()
            except PlaywrightError as exc:
                skips.append(Skip(role, item.url, f"fetch failed: {error_line(exc)}"))
                continue
            if len(raw) > max_bytes:
                skips.append(Skip(role, item.url, f"{len(raw):,} bytes exceed {max_bytes:,}"))
                continue
            content_type = response.headers.get("content-type", "")
            if response.status >= 300:
                if 300 <= response.status < 400:
                    skips.append(Skip(role, item.url, f"not followed: HTTP {response.status}"))
                continue  # the role cannot read it: nothing was disclosed
            text = raw.decode("latin-1") if _is_pdf(content_type, raw) else _utf8(raw)
            if text is None:
                skips.append(Skip(role, item.url, f"{content_type or 'body'} is not text"))
                continue
            fetched[item.url] = (content_type, text, response.status)
            artifacts.append(_fetched(role, item, content_type, text, response.status))
    finally:
        context.close()
    return artifacts, skips


def _is_pdf(content_type: str, raw: bytes) -> bool:
    return "pdf" in content_type.lower() or raw[:5] == b"%PDF-"


def _utf8(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _fetched(role: str, item: FollowUp, content_type: str, body: str, status: int) -> Artifact:
    return Artifact(
        role=role,
        page=item.page,
        kind=ArtifactKind.RESPONSE,
        url=item.url,
        content_type=content_type,
        body=body,
        status=status,
        method="GET",
        meta={"fetched": item.kind},
    )


LINKS_JS = """() => Array.from(document.querySelectorAll('a[href]'), a =>
  [a.href, (a.textContent || '').trim().slice(0, 80)])"""


@dataclass(frozen=True)
class _Target:
    """A page to visit: its URL, the selector that says it rendered, the session proof."""

    url: str
    order: int
    """Its place in the role's requested pages: shared state is attributed by it."""
    ready: str | None = None
    verify: str | None = None


Links = list[tuple[str, str]]
_SHARED_STATE = (ArtifactKind.STORAGE, ArtifactKind.COOKIES)


class _RoleVisit:
    """One role's browsing: login, listed pages, then (if asked) the crawl.

    Pages are visited in waves of up to ``page_jobs``: each page of a wave starts loading at
    once, then each in turn is waited for, checked and snapshotted in the order asked, so what a
    role captured does not depend on how many pages loaded at a time.
    """

    def __init__(
        self,
        context: BrowserContext,
        profile: Profile,
        role_name: str,
        role: Role,
        timeout_ms: float,
        result: RoleCapture,
        scope: Scope,
        page_jobs: int = 1,
    ) -> None:
        self.context, self.profile, self.role_name, self.role = context, profile, role_name, role
        self.scope = scope
        self.timeout_ms, self.result = timeout_ms, result
        self.page_jobs = max(1, page_jobs)
        self.base_url = profile.target.url
        self.form = role.login.form if role.login else None
        self.created: list[Page] = []
        """Every page of the context in creation order: the HAR's pages are in this order."""
        self.urls: dict[Page, str | None] = {}
        """Our pages -> the URL visited (None: the login page). Others are pop-ups."""
        self.order: dict[Page, int] = {}
        """Our pages -> their place in the requested order (the login page first)."""
        self.ledger: StateLedger | None = None
        """Who stored what, when pages load side by side (see ``provenance``)."""
        self.relogged = False
        self.logins = 0
        """Form logins so far: a page started under an older login that bounced is retried."""
        self.progress: Progress | None = None
        context.on("page", lambda page: self.created.append(page))

    def run(self) -> None:
        preset_cookies(self.context, self.role.login, self.base_url)
        self.login()
        if self.ledger is not None:
            self.ledger.observe_state(self.context.storage_state())
        verify = self.role.login.verify_selector if self.role.login else None
        targets = [
            _Target(page_url(self.base_url, spec), index, spec.ready, None if index else verify)
            for index, spec in enumerate(self.role.pages)
        ]
        links: Links = []
        for first in range(0, len(targets), self.page_jobs):
            for found in self.visit_wave(targets[first : first + self.page_jobs]):
                links.extend(found or [])
        if self.role.crawl is not None:
            self.crawl(links)

    def login(self) -> None:
        if self.form is None:
            return
        page = self.context.new_page()
        self.urls[page], self.order[page] = None, LOGIN_ORDER
        form_login(page, self.role_name, self.form, self.base_url, self.timeout_ms)
        self.logins += 1
        if self.ledger is not None:
            self.ledger.wrote(LOGIN_ORDER, page.evaluate(READ_WRITES_JS))
        page.close()

    def visit_wave(self, targets: Sequence[_Target]) -> list[Links | None]:
        """Start every page, then finish each in order; a page's links, or None if skipped."""
        before: frozenset[Entry] = frozenset()
        if self.ledger is not None:
            self.ledger.observe_cookies(self.context.cookies())
            before = frozenset(self.ledger.observed)
        tabs = [self.open(target) for target in targets]
        try:
            pairs = zip(tabs, targets, strict=True)
            return [self.finish(tab, target, before) for tab, target in pairs]
        finally:
            for tab in tabs:  # an AuthError leaves the rest of the wave open
                if not tab.page.is_closed():
                    tab.page.close()

    def open(self, target: _Target) -> Tab:
        page = self.context.new_page()
        self.urls[page], self.order[page] = target.url, target.order
        page.on("dialog", lambda dialog: dialog.dismiss())
        _record_websockets(page, self.role_name, target.url, self.result.artifacts)
        _record_event_streams(page, self.role_name, target.url, self.result.artifacts)
        return start(page, target.url, self.logins)

    def finish(self, tab: Tab, target: _Target, before: frozenset[Entry]) -> Links | None:
        """Wait for one started page and snapshot it; return its links, or None when skipped."""
        page, url = tab.page, tab.url
        try:
            arrive(tab, self.timeout_ms)
            # The session is checked before waiting for the page: a page that bounced to a
            # login form would otherwise only time out.
            if target.verify:
                timeout = selector_timeout(tab, self.timeout_ms)
                verify_selector(page, self.role_name, target.verify, timeout)
            if self.form is not None and _bounced_to_login(
                page, urljoin(self.base_url, self.form.url)
            ):
                return self.after_bounce(tab, target)
            settle(tab, target.ready, self.profile.policy.settle_ms, self.timeout_ms)
            if self.ledger is not None:
                self.ledger.wrote(target.order, page.evaluate(READ_WRITES_JS))
            snapshots = _snapshot(page, self.context, self.role_name, url)
            if self.ledger is not None:
                for shared in (a for a in snapshots if a.kind in _SHARED_STATE):
                    self.ledger.snapshot(target.order, shared, before)
            self.result.artifacts.extend(snapshots)
            self.result.pages_visited.append(url)
            if self.progress is not None:
                self.progress.page(self.role_name, url, len(snapshots))
            return [(str(href), str(text)) for href, text in page.evaluate(LINKS_JS)]
        except AuthError:
            raise
        except LeakcheckError as exc:
            self.result.skips.append(Skip(self.role_name, url, str(exc)))
        except Exception as exc:  # Playwright raises its own Error/TimeoutError per page
            self.result.skips.append(Skip(self.role_name, url, f"page failed: {error_line(exc)}"))
        finally:
            page.close()
            self.close_popups()
        return None

    def after_bounce(self, tab: Tab, target: _Target) -> Links | None:
        """The session expired: log in again once and retry the page, else record the loss.

        A page that started before the last login went out with the old session: it is retried
        without a word, as it would have been visited after that login one page at a time.
        """
        retry = _Target(target.url, target.order, target.ready)
        if tab.generation < self.logins:
            tab.page.close()
            return self.visit_wave([retry])[0]
        if self.relogged:
            self.result.skips.append(
                Skip(self.role_name, tab.url, "redirected to the login page: session lost")
            )
            return None
        self.relogged = True
        tab.page.close()
        self.login()
        self.result.skips.append(
            Skip(
                self.role_name, tab.url, "session expired once; logged in again and retried", False
            )
        )
        return self.visit_wave([retry])[0]

    def close_popups(self) -> None:
        """Pages the site opened itself (window.open) are closed: they cost that page only."""
        for page in self.created:
            if page not in self.urls and not page.is_closed():
                page.close()

    def crawl(self, links: Links) -> None:
        """Follow links breadth first, up to ``page_jobs`` pages a wave, within the budgets.

        A wave takes the queue's first pages and offers their links in order after it: the
        queue then holds what it would hold one page at a time, so the same pages are visited.
        """
        spec = self.role.crawl
        assert spec is not None
        budget = CrawlBudget(spec.max_pages, spec.max_depth, spec.max_seconds, spec.per_shape)
        deny = (DENY_WORDS, *(re.compile(p) for p in spec.deny))
        frontier = Frontier(self.scope, budget, deny)
        frontier.mark_visited(self.result.pages_requested)
        for link, text in links:
            frontier.offer(link, text, 1)
        while wave := self.next_wave(frontier):
            first = len(self.result.pages_requested)
            self.result.pages_requested.extend(url for url, _ in wave)
            found = self.visit_wave([_Target(url, first + i) for i, (url, _) in enumerate(wave)])
            for (_, depth), page_links in zip(wave, found, strict=True):
                for link, text in page_links or []:
                    frontier.offer(link, text, depth + 1)
        for url, reason in frontier.refused.items():
            self.result.skips.append(Skip(self.role_name, url, reason, shortfall=False))
        if frontier.stopped and frontier.queue:
            left = len(frontier.queue)
            reason = f"crawl stopped: {frontier.stopped}; {left} queued link(s) not visited"
            self.result.skips.append(Skip(self.role_name, self.base_url, reason))

    def next_wave(self, frontier: Frontier) -> list[tuple[str, int]]:
        wave: list[tuple[str, int]] = []
        while len(wave) < self.page_jobs and (item := frontier.next()) is not None:
            wave.append(item)
        return wave

    def page_order(self) -> list[str | None | bool]:
        """Per created page, in HAR order: its URL, None for the login page, False for pop-ups."""
        return [self.urls.get(page, False) for page in self.created]


MAX_FRAME_CHARS = 5 * 1024 * 1024


def _record_websockets(page: Page, role: str, page_url: str, artifacts: list[Artifact]) -> None:
    """Keep every text frame the page's WebSockets receive or send (HARs do not hold them)."""
    from playwright.sync_api import WebSocket

    def on_socket(socket: WebSocket) -> None:
        def keep(direction: str) -> Callable[[str | bytes], None]:
            def frame(payload: str | bytes) -> None:
                if isinstance(payload, bytes):
                    try:
                        payload = payload.decode("utf-8")
                    except UnicodeDecodeError:
                        return  # binary protocols: nothing a text detector can read
                artifacts.append(
                    Artifact(
                        role=role,
                        page=page_url,
                        kind=ArtifactKind.WEBSOCKET_FRAME,
                        url=socket.url,
                        content_type="",
                        body=payload[:MAX_FRAME_CHARS],
                        meta={"direction": direction},
                    )
                )

            return frame

        socket.on("framereceived", keep("received"))
        socket.on("framesent", keep("sent"))

    page.on("websocket", on_socket)


def _record_event_streams(page: Page, role: str, page_url: str, artifacts: list[Artifact]) -> None:
    """Keep every message the page's EventSource streams receive.

    A HAR holds no body for a stream still open when the page is done (live bids, prices), so
    the messages are taken from Chromium's DevTools protocol as they arrive.
    """
    urls: dict[str, str] = {}
    try:
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
    except Exception:  # Playwright's own error: a closed page records nothing more
        return

    def on_request(params: dict[str, Any]) -> None:
        urls[str(params.get("requestId"))] = str(params.get("request", {}).get("url", ""))

    def on_message(params: dict[str, Any]) -> None:
        data = params.get("data")
        if not isinstance(data, str) or not data:
            return
        artifacts.append(
            Artifact(
                role=role,
                page=page_url,
                kind=ArtifactKind.EVENT_STREAM_MESSAGE,
                url=urls.get(str(params.get("requestId"))) or None,
                content_type="text/event-stream",
                body=data[:MAX_FRAME_CHARS],
                meta={"event": str(params.get("eventName") or "message")},
            )
        )

    cdp.on("Network.requestWillBeSent", on_request)
    cdp.on("Network.eventSourceMessageReceived", on_message)


def _hostname(url: str) -> str | None:
    return urlsplit(url).hostname


def _bounced_to_login(page: Page, login_url: str) -> bool:
    return page.url.split("?")[0].rstrip("/") == login_url.split("?")[0].rstrip("/")


def _snapshot(page: Page, context: BrowserContext, role: str, url: str) -> list[Artifact]:
    """Record what the settled page holds: DOM (hidden marked), visible text, storage, cookies."""
    page.evaluate(MARK_HIDDEN_JS)
    dom = page.content()
    visible = page.evaluate("() => document.body ? document.body.innerText : ''")
    storage = page.evaluate(STORAGE_JS)
    cookies = json.dumps(
        [
            {k: c.get(k) for k in ("name", "value", "domain", "path", "httpOnly")}
            for c in context.cookies()
        ]
    )

    def snap(kind: ArtifactKind, content_type: str, body: str) -> Artifact:
        return Artifact(
            role=role, page=url, kind=kind, url=page.url, content_type=content_type, body=body
        )

    return [
        snap(ArtifactKind.DOM_SNAPSHOT, "text/html", dom),
        snap(ArtifactKind.VISIBLE_TEXT, "text/plain", str(visible)),
        snap(ArtifactKind.STORAGE, "application/json", str(storage)),
        snap(ArtifactKind.COOKIES, "application/json", cookies),
    ]


def capture_profile(
    profile: Profile,
    role_names: list[str],
    scope: Scope,
    profile_dir: Path,
    settings: CaptureSettings = CaptureSettings(),
) -> list[RoleCapture]:
    """Capture each role in its own browser context, up to ``settings.jobs`` roles at a time.

    Playwright's sync API belongs to the thread that started it, so parallel roles run in
    worker threads with a Chromium each; results keep the order of ``role_names``.
    """
    if settings.jobs <= 1 or len(role_names) <= 1:
        return _capture_roles(profile, role_names, scope, profile_dir, settings)
    groups: list[list[str]] = [[] for _ in range(min(settings.jobs, len(role_names)))]
    for index, name in enumerate(role_names):
        groups[index % len(groups)].append(name)
    with ThreadPoolExecutor(max_workers=len(groups), thread_name_prefix="leakcheck-role") as pool:
        futures = [
            pool.submit(_capture_roles, profile, group, scope, profile_dir, settings)
            for group in groups
        ]
        by_role = {c.role: c for future in futures for c in future.result()}
    return [by_role[name] for name in role_names]


def _capture_roles(
    profile: Profile,
    role_names: list[str],
    scope: Scope,
    profile_dir: Path,
    settings: CaptureSettings,
) -> list[RoleCapture]:
    """Launch one browser and capture the given roles one after another."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    from leakcheck.capture.browser import launch_options

    named = [*scope.origins, *scope.login_origins, *(t.origin for t in profile.third_parties)]
    options = launch_options(settings.headless, filter(None, map(_hostname, named)))
    captures: list[RoleCapture] = []
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(**options)
        except PlaywrightError as exc:
            raise LeakcheckError(
                f"cannot start Chromium at {options['executable_path']}: {error_line(exc)}"
            ) from None
        try:
            captures.extend(
                capture_role(
                    browser, profile, name, profile.roles[name], scope, profile_dir, settings
                )
                for name in role_names
            )
        finally:
            browser.close()
    return captures
