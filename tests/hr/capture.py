"""Log in to the portal as a role with plain Playwright and keep everything the browser receives.

Deliberately independent of leakcheck, so that the proof that each planted value reaches the
role (and that the fixed twin serves none) is not circular: response bodies are read in the
response handler, third-party requests come from ``context.on("request")``, the frame's DOM
from ``Frame.content()``, the service worker's cache and script from inside the page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Request, Response
from playwright.sync_api import Error as PlaywrightError

from fixtures.hr.groundtruth import FRAME, PAGES
from tests.hr.portal import PortalSite

READY = 'main#app[data-state="ready"]'

WORKER_JS = """async () => {
  const reg = await navigator.serviceWorker.getRegistration();
  const out = {};
  if (reg && reg.active) {
    out[new URL(reg.active.scriptURL).pathname] = await (await fetch(reg.active.scriptURL)).text();
  }
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      out[new URL(request.url).pathname] = await (await cache.match(request)).text();
    }
  }
  return out;
}"""
"""The worker's script and what it cached: requests no page of the portal makes itself."""


@dataclass
class Received:
    """What one role's browser received on the portal's four pages."""

    role: str
    bodies: dict[str, list[str]] = field(default_factory=dict)
    """Same-origin URL path -> bodies: responses, the worker's script and cache, exports."""
    dom: dict[str, str] = field(default_factory=dict)
    """Page path -> the settled main frame's HTML."""
    text: dict[str, str] = field(default_factory=dict)
    """Page path -> the main frame's visible text."""
    frames: dict[str, str] = field(default_factory=dict)
    """Frame URL path -> the frame's settled HTML."""
    sent: list[tuple[str, str, str]] = field(default_factory=list)
    """Requests to the third party: (page path, URL, body)."""
    probed: dict[str, int] = field(default_factory=dict)
    """URL path -> the status a GET with the role's session answered (``probe``)."""

    def sources(self, row: dict[str, Any]) -> list[str]:
        """Return the texts in which a ground-truth row's value must (or must not) be."""
        url, surface, page = row["url"], row["surface"], row["page"]
        if surface == "third-party-request":
            path = url.removeprefix("third-party:")
            return [f"{u}\n{b}" for p, u, b in self.sent if p == page and urlsplit(u).path == path]
        if url == FRAME:
            return [self.frames.get(FRAME, "")]
        if url is None:
            return [self.text[page] if surface == "dom-visible" else self.dom[page]]
        if row["location"].startswith("self.__next_f"):
            return [flight_payload(body) for body in self.bodies.get(url, [])]
        return self.bodies.get(url, [])

    def everything(self) -> str:
        """Return all of it as one text (flight chunks joined)."""
        parts = [*self.dom.values(), *self.text.values(), *self.frames.values()]
        parts += [body for bodies in self.bodies.values() for body in bodies]
        parts += [flight_payload(html) for html in self.dom.values()]
        parts += [f"{u}\n{b}" for _, u, b in self.sent]
        return "\n".join(parts)


_PUSH = re.compile(r'self\.__next_f\.push\(\[1,("(?:[^"\\]|\\.)*")\]\)')


def flight_payload(html: str) -> str:
    """Return the string chunks a page pushes into ``self.__next_f``, joined (a value may be
    split between two chunks)."""
    return "".join(json.loads(literal) for literal in _PUSH.findall(html))


class _Visit:
    """One role's browser context: logged in, its four pages started, then read."""

    def __init__(self, browser: Browser, site: PortalSite, role: str, password: str) -> None:
        self.site, self.got = site, Received(role=role)
        self.context = browser.new_context()
        self.context.set_default_timeout(60_000)
        self.paths: dict[Any, str] = {}  # page -> the portal page it shows
        self.context.on("response", self._on_response)
        self.context.on("request", self._on_request)
        login = self.context.new_page()
        login.goto(site.url + "/login")
        login.fill("#username", role)
        login.fill("#password", password)
        login.click("#login-button")
        login.wait_for_url(site.url + "/")
        login.close()
        for path in PAGES:  # they load side by side; each says when it is ready
            page = self.context.new_page()
            self.paths[page] = path
            page.goto(site.url + path, wait_until="commit")

    def _page_of(self, request: Request) -> str:
        try:
            return self.paths.get(request.frame.page, "")
        except PlaywrightError:  # the service worker's own requests have no frame
            return ""

    def _on_response(self, response: Response) -> None:
        if not response.url.startswith(self.site.url):
            return
        try:
            body = response.text()
        except PlaywrightError:  # redirects and bodies the browser freed
            return
        self.got.bodies.setdefault(urlsplit(response.url).path, []).append(body)

    def _on_request(self, request: Request) -> None:
        if request.url.startswith(self.site.third_party_url):
            sent = (self._page_of(request), request.url, request.post_data or "")
            self.got.sent.append(sent)

    def finish(self, probe: Iterable[str]) -> Received:
        """Wait for each page, read it, fetch the exports the payload names, GET ``probe``."""
        got, site = self.got, self.site
        try:
            for page, path in self.paths.items():
                page.wait_for_selector(READY, state="attached")
                got.dom[path] = page.content()
                got.text[path] = page.inner_text("body")
                for frame in page.frames[1:]:
                    got.frames[urlsplit(frame.url).path] = frame.content()
                if path == "/":
                    for key, text in page.evaluate(WORKER_JS).items():
                        got.bodies.setdefault(key, []).append(text)
            for body in got.bodies.get("/graphql", []):
                viewer = json.loads(body).get("data", {}).get("viewer", {})
                for export in viewer.get("exports") or []:
                    response = self.context.request.get(site.url + export["url"])
                    got.bodies.setdefault(export["url"], []).append(response.text())
            for path in probe:
                got.probed[path] = self.context.request.get(site.url + path).status
        finally:
            self.context.close()
        return got


def capture_roles(
    browser: Browser, site: PortalSite, passwords: dict[str, str], probe: Iterable[str] = ()
) -> dict[str, Received]:
    """Log each role in through the form, open its pages (every role's side by side), and
    record what arrived; then GET each ``probe`` path with the role's session (a URL the
    role may know but not open)."""
    visits = {role: _Visit(browser, site, role, password) for role, password in passwords.items()}
    return {role: visit.finish(probe) for role, visit in visits.items()}
