"""Which page stored what in the role's shared state, so pages loading together stay apart.

Cookies and localStorage belong to the whole browser context. One page at a time, a stored
value shows in the snapshots of the page that stored it and of the pages after it; when pages
load side by side, a page's snapshot can also hold what a page after it in the wave stored.
Each snapshot therefore drops the entries that were not there when its wave started and whose
first writer comes later in the requested order: the snapshots of one page at a time. Writers
are known from the HAR
(``Set-Cookie`` per page) and from a script logging ``localStorage.setItem``, IndexedDB
``put``/``add`` (per object store) and ``document.cookie`` writes in each page; entries of
unknown origin stay, as they always did.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from leakcheck.models import Artifact, ArtifactKind

WRITES_INIT_JS = r"""(() => {
  if (window.__leakcheckWrites) return;
  const log = [];
  Object.defineProperty(window, '__leakcheckWrites', {value: log});
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    let local = false;
    try { local = this === window.localStorage; } catch (e) {}
    if (local) log.push(['localStorage', String(key)]);
    return setItem.call(this, key, value);
  };
  if (window.IDBObjectStore) {
    for (const method of ['put', 'add']) {
      const original = IDBObjectStore.prototype[method];
      IDBObjectStore.prototype[method] = function (...args) {
        try { log.push(['indexedDB', this.transaction.db.name + '/' + this.name]); } catch (e) {}
        return original.apply(this, args);
      };
    }
  }
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  if (cookie && cookie.get && cookie.set) {
    Object.defineProperty(Document.prototype, 'cookie', {
      configurable: true,
      enumerable: cookie.enumerable,
      get() { return cookie.get.call(this); },
      set(value) {
        log.push(['cookie', String(value).split(';')[0].split('=')[0].trim()]);
        cookie.set.call(this, value);
      },
    });
  }
})()"""
READ_WRITES_JS = "() => window.__leakcheckWrites || []"

LOGIN_ORDER = -1
"""The login page comes before every page."""

Entry = tuple[str, str]
"""("cookie", name), ("localStorage", key) or ("indexedDB", "database/store")."""


@dataclass
class StateLedger:
    """First writer (requested order) of each shared-state entry, and the snapshots to fix."""

    first: dict[Entry, int] = field(default_factory=dict)
    observed: set[Entry] = field(default_factory=set)
    """Entries seen so far (after login, in snapshots, in the cookie jar before a wave)."""
    snapshots: list[tuple[int, Artifact, frozenset[Entry]]] = field(default_factory=list)
    """(page order, snapshot, entries there before its wave)."""

    def wrote(self, order: int, entries: Iterable[Sequence[Any]]) -> None:
        for kind, key in (tuple(e) for e in entries if len(e) == 2):
            entry = (str(kind), str(key))
            self.first[entry] = min(self.first.get(entry, order), order)

    def wrote_har(self, har: Mapping[str, Any], order_of: Mapping[str, int]) -> None:
        """Record the cookies each page's responses set (the HAR keeps Set-Cookie headers)."""
        for har_entry in har.get("log", {}).get("entries", []):
            order = order_of.get(str(har_entry.get("pageref", "")))
            if order is None:
                continue
            headers = har_entry.get("response", {}).get("headers", [])
            for header in headers:
                if str(header.get("name", "")).lower() != "set-cookie":
                    continue
                for line in str(header.get("value", "")).split("\n"):
                    name = line.split(";", 1)[0].split("=", 1)[0].strip()
                    if name:
                        self.wrote(order, [("cookie", name)])

    def observe_state(self, state: Mapping[str, Any]) -> None:
        """Note a ``storage_state()``: what the session held before any page."""
        self.observe_cookies(state.get("cookies", []))
        for origin in state.get("origins", []):
            items = origin.get("localStorage", [])
            self.observed.update(("localStorage", str(i.get("name"))) for i in items)

    def observe_cookies(self, cookies: Iterable[Mapping[str, Any]]) -> None:
        self.observed.update(("cookie", str(c.get("name"))) for c in cookies)

    def snapshot(self, order: int, snapshot: Artifact, before: frozenset[Entry]) -> None:
        """Keep a page's storage or cookie snapshot for ``attribute``; note its entries."""
        self.snapshots.append((order, snapshot, before))
        self.observed.update(_entries(snapshot))

    def attribute(self, artifacts: list[Artifact]) -> list[Artifact]:
        """Return the artifacts with each snapshot cut to what pages up to its own stored."""
        fixed: dict[int, Artifact] = {}
        for order, snapshot, before in self.snapshots:
            body = self._cut(order, snapshot, before)
            if body is not None:
                fixed[id(snapshot)] = replace(snapshot, body=body)
        return [fixed.get(id(a), a) for a in artifacts] if fixed else artifacts

    def _cut(self, order: int, snapshot: Artifact, before: frozenset[Entry]) -> str | None:
        """The snapshot's body without later pages' entries; None when nothing changes."""

        def later(entry: Entry) -> bool:
            return entry not in before and self.first.get(entry, order) > order

        data = _json(snapshot.body)
        if snapshot.kind is ArtifactKind.COOKIES and isinstance(data, list):
            kept = [c for c in data if not later(("cookie", str(c.get("name"))))]
            return json.dumps(kept) if len(kept) < len(data) else None
        if snapshot.kind is ArtifactKind.STORAGE and isinstance(data, dict):
            cut = dict(data)
            for area in _ATTRIBUTED_AREAS:
                entries = data.get(area)
                if isinstance(entries, dict):
                    cut[area] = {k: v for k, v in entries.items() if not later((area, k))}
            unread = data.get("indexedDBUnread")  # what a store not read says goes with it
            if isinstance(unread, dict):
                cut["indexedDBUnread"] = {
                    k: v for k, v in unread.items() if not later(("indexedDB", k))
                }
            if cut == data:
                return None
            return json.dumps(cut, separators=(",", ":"), ensure_ascii=False)
        return None


def _json(body: str) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None


def _entries(snapshot: Artifact) -> set[Entry]:
    data = _json(snapshot.body)
    if snapshot.kind is ArtifactKind.COOKIES and isinstance(data, list):
        return {("cookie", str(c.get("name"))) for c in data if isinstance(c, dict)}
    if snapshot.kind is ArtifactKind.STORAGE and isinstance(data, dict):
        return {
            (area, str(k))
            for area in _ATTRIBUTED_AREAS
            if isinstance(data.get(area), dict)
            for k in data[area]
        }
    return set()


_ATTRIBUTED_AREAS = ("localStorage", "indexedDB")
"""Storage shared by the context whose writers are logged (``indexedDB`` keys: ``db/store``)."""
