"""HAR files in and out: one analysis path for live scans and saved or foreign captures.

A HAR written by leakcheck (``--save-har``) holds every artifact of a scan: responses and
requests as entries, WebSocket frames as ``_webSocketMessages`` (Chrome's extension), and each
page's snapshots (DOM, visible text, storage, cookies) in a ``_leakcheck`` field of its page, so
``leakcheck analyze`` judges it exactly like the live scan. It never holds the login exchange
(the login page is not captured), credential headers (removed at capture) or the values of
HttpOnly cookies (session cookies), and it is created readable by its owner only.

A foreign HAR (browser developer tools, proxies) has no snapshots: what a page rendered is
unknown, so the report names the checks that could not run.
"""

from __future__ import annotations

import base64
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from leakcheck import __version__
from leakcheck.capture.har import artifacts_from_har, is_pdf
from leakcheck.capture.session import RoleCapture
from leakcheck.errors import ConfigError
from leakcheck.models import Artifact, ArtifactKind
from leakcheck.privatefile import open_private
from leakcheck.scope import Scope, origin_of

FORMAT = 1
_SNAPSHOTS = {
    ArtifactKind.DOM_SNAPSHOT: "dom",
    ArtifactKind.VISIBLE_TEXT: "visible_text",
    ArtifactKind.STORAGE: "storage",
    ArtifactKind.COOKIES: "cookies",
}
NO_SNAPSHOT_CHECKS = (
    "the HAR holds no page snapshots: what pages rendered is unknown, so hidden over-fetch "
    "(LC104) was judged only in HTML comments and attributes (never shown as text), and hidden "
    "text of the settled DOM, web storage and cookies were not examined; inline state, "
    "comments and attributes were read from the pages' HTML source"
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _headers(headers: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"name": k, "value": v} for k, v in headers.items()]


def _scrub_cookies(body: str) -> str:
    """Blank HttpOnly cookie values: they are sessions, and scripts cannot read them anyway."""
    try:
        cookies = json.loads(body)
    except ValueError:
        return body
    if isinstance(cookies, list):
        for cookie in cookies:
            if isinstance(cookie, dict) and cookie.get("httpOnly"):
                cookie["value"] = ""
    return json.dumps(cookies, ensure_ascii=False)


def _entry(artifact: Artifact, pageref: str) -> dict[str, Any]:
    request: dict[str, Any] = {
        "method": artifact.method or "GET",
        "url": artifact.url or "",
        "httpVersion": "HTTP/1.1",
        "headers": _headers(artifact.request_headers),
        "queryString": [],
        "cookies": [],
        "headersSize": -1,
        "bodySize": len(artifact.request_body or ""),
    }
    if artifact.request_body is not None:
        mime = artifact.content_type if artifact.kind is ArtifactKind.OUTGOING_REQUEST else ""
        request["postData"] = {"mimeType": mime, "text": artifact.request_body}
    content: dict[str, Any] = {"size": len(artifact.body), "mimeType": artifact.content_type}
    if artifact.kind is ArtifactKind.RESPONSE:
        if is_pdf(artifact.content_type):
            content["text"] = base64.b64encode(artifact.body.encode("latin-1")).decode()
            content["encoding"] = "base64"
        else:
            content["text"] = artifact.body
    entry: dict[str, Any] = {
        "pageref": pageref,
        "startedDateTime": _now(),
        "time": 0,
        "request": request,
        "response": {
            "status": artifact.status or 0,
            "statusText": "",
            "httpVersion": "HTTP/1.1",
            "headers": [],
            "cookies": [],
            "content": content,
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": len(artifact.body),
        },
        "cache": {},
        "timings": {"send": 0, "wait": 0, "receive": 0},
        "_leakcheck": {"role": artifact.role},
    }
    if artifact.meta.get("fetched"):
        entry["_leakcheck"]["fetched"] = artifact.meta["fetched"]
    return entry


def build_har(captures: Sequence[RoleCapture], target: str) -> dict[str, Any]:
    """Return a HAR 1.2 document holding every artifact of the captures."""
    pages: dict[tuple[str, str], dict[str, Any]] = {}
    entries: list[dict[str, Any]] = []
    messages_of: dict[tuple[str, str, str, str], list[dict[str, Any]]] = {}

    def messages(artifact: Artifact, pageref: str, field: str) -> list[dict[str, Any]]:
        """The message list of the one entry per (role, page, URL) that holds a stream."""
        key = (field, artifact.role, artifact.page, artifact.url or "")
        if key not in messages_of:
            entry = _entry(artifact, pageref)
            entry[field] = messages_of[key] = []
            entries.append(entry)
        return messages_of[key]

    def page_of(role: str, url: str) -> dict[str, Any]:
        key = (role, url)
        if key not in pages:
            pages[key] = {
                "startedDateTime": _now(),
                "id": f"page_{len(pages) + 1}",
                "title": url,
                "pageTimings": {},
                "_leakcheck": {"role": role, "url": url, "snapshots": {}},
            }
        return pages[key]

    for capture in captures:
        for artifact in capture.artifacts:
            page = page_of(artifact.role, artifact.page)
            snapshot = _SNAPSHOTS.get(artifact.kind)
            if snapshot is not None:
                body = artifact.body
                if artifact.kind is ArtifactKind.COOKIES:
                    body = _scrub_cookies(body)
                page["_leakcheck"]["snapshots"][snapshot] = body
            elif artifact.kind is ArtifactKind.WEBSOCKET_FRAME:
                sent = artifact.meta.get("direction", "received") == "sent"
                messages(artifact, page["id"], "_webSocketMessages").append(
                    {
                        "type": "send" if sent else "receive",
                        "time": 0,
                        "opcode": 1,
                        "data": artifact.body,
                    }
                )
            elif artifact.kind is ArtifactKind.EVENT_STREAM_MESSAGE:
                event = artifact.meta.get("event", "message")
                messages(artifact, page["id"], "_eventSourceMessages").append(
                    {"type": event, "time": 0, "data": artifact.body}
                )
            else:
                entries.append(_entry(artifact, page["id"]))
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": "leakcheck", "version": __version__},
            "pages": list(pages.values()),
            "entries": entries,
            "_leakcheck": {"format": FORMAT, "target": target},
        }
    }


def write_har(captures: Sequence[RoleCapture], target: str, path: Path) -> None:
    """Write the captures as a HAR file readable by its owner only (it holds leaked values).

    A lone surrogate (a WebSocket frame is a JavaScript string and may hold one) cannot be
    UTF-8: it is written as its JSON escape (``\\udc80``), which reads back as the same string.
    Raises ``ConfigError`` when the file cannot be written.
    """
    document = build_har(captures, target)
    with open_private(path, "the HAR", errors="backslashreplace") as handle:
        json.dump(document, handle, ensure_ascii=False)


def load_har(path: Path) -> dict[str, Any]:
    """Read a HAR file, or raise ``ConfigError`` with a one-line reason."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read HAR: {exc.strerror}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not a HAR file (invalid JSON: {exc})") from None
    log = document.get("log") if isinstance(document, dict) else None
    if not isinstance(log, dict) or not isinstance(log.get("entries"), list):
        raise ConfigError(f"{path}: not a HAR file (no log.entries)")
    return {"log": log}


def is_leakcheck_har(har: Mapping[str, Any]) -> bool:
    return isinstance(har.get("log", {}).get("_leakcheck"), Mapping)


def har_origin(har: Mapping[str, Any]) -> str:
    """The target of a HAR: leakcheck's own note, else the first page's or request's origin."""
    log = har.get("log", {})
    own = log.get("_leakcheck")
    if isinstance(own, Mapping) and own.get("target"):
        return str(own["target"])
    for page in log.get("pages", []):
        if origin_of(str(page.get("title", ""))):
            return str(page["title"])
    for entry in log.get("entries", []):
        url = str(entry.get("request", {}).get("url", ""))
        if origin_of(url):
            return url
    return ""


def captures_from_har(
    har: Mapping[str, Any], scope: Scope, role: str | None = None
) -> tuple[list[RoleCapture], list[str]]:
    """Rebuild per-role captures from a HAR; return them and the checks that could not run.

    In leakcheck's HARs roles and pages come from ``_leakcheck`` fields. A foreign HAR is one
    role's (``role``, default ``har``); its pages are its HAR pages.
    """
    log = har.get("log", {})
    own = is_leakcheck_har(har)
    page_role: dict[str, str] = {}
    page_url: dict[str, str] = {}
    snapshots: dict[str, Mapping[str, str]] = {}
    for page in log.get("pages", []):
        ref = str(page.get("id", ""))
        meta = page.get("_leakcheck") if own else None
        if isinstance(meta, Mapping):
            page_role[ref] = str(meta.get("role") or role or "har")
            page_url[ref] = str(meta.get("url") or page.get("title") or "")
            snapshots[ref] = meta.get("snapshots") or {}
        else:
            page_role[ref] = role or "har"
            page_url[ref] = str(page.get("title") or "")
    for entry in log.get("entries", []):  # pages named by a title, not a URL: use the document
        ref = str(entry.get("pageref", ""))
        url = str(entry.get("request", {}).get("url", ""))
        if ref and not origin_of(page_url.get(ref, "")) and origin_of(url):
            page_url[ref] = url
    by_role: dict[str, list[str]] = defaultdict(list)
    for ref, name in page_role.items():
        by_role[name].append(ref)
    if not by_role:
        by_role[role or "har"] = []
    captures = []
    for name, refs in by_role.items():
        capture = RoleCapture(role=name)
        role_har = _entries_of(log, set(refs), name, own, bool(page_role))
        capture.artifacts, capture.skips = artifacts_from_har(
            role_har, name, {r: page_url[r] for r in refs}, scope
        )
        for ref in refs:
            url = page_url[ref]
            capture.pages_requested.append(url)
            capture.pages_visited.append(url)
            for kind, field in _SNAPSHOTS.items():
                body = snapshots.get(ref, {}).get(field)
                if isinstance(body, str):
                    capture.artifacts.append(_snapshot(name, url, kind, body))
        captures.append(capture)
    checks = [] if snapshots else [NO_SNAPSHOT_CHECKS]
    return captures, checks


def _entries_of(
    log: Mapping[str, Any], refs: set[str], role: str, own: bool, has_pages: bool
) -> dict[str, Any]:
    def belongs(entry: Mapping[str, Any]) -> bool:
        meta = entry.get("_leakcheck")
        if own and isinstance(meta, Mapping) and meta.get("role"):
            return bool(meta["role"] == role)
        return not has_pages or str(entry.get("pageref", "")) in refs or not entry.get("pageref")

    entries: Iterable[Mapping[str, Any]] = log.get("entries", [])
    return {"log": {"entries": [e for e in entries if belongs(e)]}}


def _snapshot(role: str, url: str, kind: ArtifactKind, body: str) -> Artifact:
    content_type = {"dom-snapshot": "text/html", "visible-text": "text/plain"}.get(
        kind.value, "application/json"
    )
    return Artifact(role=role, page=url, kind=kind, url=url, content_type=content_type, body=body)
