"""Which links a crawl follows: in scope, GET navigation only, never logout- or delete-like,
at most a few pages per URL shape (``/items/17`` and ``/items/18`` are one shape), within page,
depth and time budgets. Pure: the browser side lives in ``session``.
"""

from __future__ import annotations

import re
import time
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from leakcheck.scope import Scope

DENY_WORDS = re.compile(
    r"(?i)(?:log[-_ ]?out|log[-_ ]?off|sign[-_ ]?out|sign[-_ ]?off|delete|remove|destroy|"
    r"unsubscribe|deactivate|revoke|terminate|/cancel|afmeld|log[-_ ]?ud|slet)"
)
"""Words in a link's URL or text that mean the link changes state: never followed."""
_ID_SEGMENT = re.compile(
    r"^(?:\d+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|[0-9a-fA-F]{16,}|[A-Za-z0-9_-]{20,})$"
)


def normalize_link(url: str) -> str | None:
    """Return the URL to visit: http(s) only, fragment dropped unless it is a SPA route."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    fragment = parts.fragment if parts.fragment.startswith(("/", "!/")) else ""
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, fragment))


def url_shape(url: str) -> str:
    """Return the URL with ids replaced: pages of one shape differ only by the record shown."""
    parts = urlsplit(url)
    path = "/".join("{id}" if _ID_SEGMENT.match(s) else s for s in parts.path.split("/"))
    query = urlencode(
        sorted((k, "{id}" if _ID_SEGMENT.match(v) else v) for k, v in parse_qsl(parts.query))
    )
    fragment = "/".join("{id}" if _ID_SEGMENT.match(s) else s for s in parts.fragment.split("/"))
    return urlunsplit((parts.scheme, parts.netloc, path, query, fragment))


@dataclass(frozen=True)
class CrawlBudget:
    max_pages: int = 20
    max_depth: int = 3
    max_seconds: float = 120.0
    per_shape: int = 2
    """Pages visited per URL shape."""


@dataclass
class Frontier:
    """Breadth-first queue of links to visit, with the reasons links were refused."""

    scope: Scope
    budget: CrawlBudget
    deny: tuple[re.Pattern[str], ...] = (DENY_WORDS,)
    started: float = field(default_factory=time.monotonic)
    queue: deque[tuple[str, int]] = field(default_factory=deque)
    seen: set[str] = field(default_factory=set)
    shapes: Counter[str] = field(default_factory=Counter)
    visited: int = 0
    refused: dict[str, str] = field(default_factory=dict)
    """URL -> why it was not followed (state-changing links, budget)."""
    stopped: str | None = None

    def mark_visited(self, urls: Iterable[str]) -> None:
        """Count pages visited outside the crawl (the role's listed pages)."""
        for url in urls:
            normalized = normalize_link(url) or url
            self.seen.add(normalized)
            self.shapes[url_shape(normalized)] += 1

    def offer(self, url: str, text: str, depth: int) -> None:
        """Queue a link found at ``depth - 1`` if it may be followed."""
        normalized = normalize_link(url)
        if normalized is None or normalized in self.seen:
            return
        self.seen.add(normalized)
        if not self.scope.contains(normalized) or self.scope.is_third_party(normalized):
            return  # another origin: never navigated to
        if any(p.search(normalized) or p.search(text) for p in self.deny):
            self.refused[normalized] = "not followed: the link looks state-changing"
            return
        if depth > self.budget.max_depth:
            return
        shape = url_shape(normalized)
        if self.shapes[shape] >= self.budget.per_shape:
            return
        self.shapes[shape] += 1
        self.queue.append((normalized, depth))

    def next(self) -> tuple[str, int] | None:
        """Return the next link to visit, or None when done or out of budget."""
        if not self.queue:
            return None
        if self.visited >= self.budget.max_pages:
            self.stopped = f"page budget of {self.budget.max_pages} reached"
        elif time.monotonic() - self.started > self.budget.max_seconds:
            self.stopped = f"time budget of {self.budget.max_seconds:g} s reached"
        if self.stopped:
            return None
        self.visited += 1
        return self.queue.popleft()
