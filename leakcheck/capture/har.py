"""HAR -> artifacts: one analysis path for live scans (Playwright records a HAR per role) and,
later, for HAR files exported from a browser.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping
from typing import Any

from leakcheck.extract.media import looks_like_json
from leakcheck.models import Artifact, ArtifactKind, Skip
from leakcheck.scope import Scope, origin_of

TEXT_TYPES = (
    "json",
    "javascript",
    "ecmascript",
    "text/",
    "xml",
    "graphql",
    "html",
    "csv",
    "multipart/mixed",  # GraphQL @defer/@stream and subscriptions over HTTP
)
MAX_BODY_BYTES = 50 * 1024 * 1024
_CREDENTIAL_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization", "set-cookie"})


def is_textual(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return any(kind in media for kind in TEXT_TYPES)


def _header(headers: Iterable[Mapping[str, Any]], name: str) -> str:
    for header in headers:
        if str(header.get("name", "")).lower() == name:
            return str(header.get("value", ""))
    return ""


def safe_headers(headers: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Return request headers without credentials (kept requests never hold a session)."""
    return {
        str(h.get("name")): str(h.get("value"))
        for h in headers
        if str(h.get("name", "")).lower() not in _CREDENTIAL_HEADERS
    }


def is_pdf(content_type: str) -> bool:
    return "pdf" in content_type.lower()


def _untyped_json(content: Mapping[str, Any]) -> bool:
    """Return whether a response without a content type looks like JSON (an API that forgot)."""
    body = _body_text(content, "")
    return body is not None and looks_like_json(body)


def _body_text(content: Mapping[str, Any], content_type: str) -> str | None:
    """Return a body as text; PDFs as their bytes in Latin-1 (lossless), for the PDF reader."""
    text = content.get("text")
    if not isinstance(text, str):
        return None
    if content.get("encoding") == "base64":
        try:
            raw = base64.b64decode(text)
            return raw.decode("latin-1") if is_pdf(content_type) else raw.decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
    return text


def _websocket_frames(entry: Mapping[str, Any], role: str, page: str, url: str) -> list[Artifact]:
    """Chrome's and leakcheck's HARs keep WebSocket frames in ``_webSocketMessages``."""
    frames = []
    for message in entry.get("_webSocketMessages") or []:
        data = message.get("data")
        if not isinstance(data, str) or message.get("opcode", 1) != 1:
            continue  # binary frames
        direction = "sent" if message.get("type") == "send" else "received"
        frames.append(
            Artifact(
                role=role,
                page=page,
                kind=ArtifactKind.WEBSOCKET_FRAME,
                url=url,
                content_type="",
                body=data,
                meta={"direction": direction},
            )
        )
    return frames


def _event_stream_messages(
    entry: Mapping[str, Any], role: str, page: str, url: str
) -> list[Artifact]:
    """leakcheck's HARs keep Server-Sent Events messages in ``_eventSourceMessages``."""
    return [
        Artifact(
            role=role,
            page=page,
            kind=ArtifactKind.EVENT_STREAM_MESSAGE,
            url=url,
            content_type="text/event-stream",
            body=message["data"],
            meta={"event": str(message.get("type") or "message")},
        )
        for message in entry.get("_eventSourceMessages") or []
        if isinstance(message, Mapping) and isinstance(message.get("data"), str)
    ]


def artifacts_from_har(
    har: Mapping[str, Any],
    role: str,
    page_urls: Mapping[str, str],
    scope: Scope,
    skip_pages: frozenset[str] = frozenset(),
    live_event_sources: bool = False,
) -> tuple[list[Artifact], list[Skip]]:
    """Turn a HAR's entries into artifacts; ``page_urls`` maps HAR page ids to visited URLs.

    Entries of pages in ``skip_pages`` (the login page: its request carries the password) are
    left out. Binary and oversized bodies become skips, never artifacts. With
    ``live_event_sources`` (a live capture, which records EventSource messages as they arrive),
    EventSource streams are left out here, so no message is read twice.
    """
    artifacts: list[Artifact] = []
    skips: list[Skip] = []
    for entry in har.get("log", {}).get("entries", []):
        pageref = str(entry.get("pageref", ""))
        if pageref in skip_pages:
            continue
        page = page_urls.get(pageref, "")
        request = entry.get("request", {})
        response = entry.get("response", {})
        url = str(request.get("url", ""))
        method = str(request.get("method", "GET"))
        post = request.get("postData") or {}
        request_body = post.get("text") if isinstance(post.get("text"), str) else None
        if url.startswith(("ws://", "wss://")):
            artifacts.extend(_websocket_frames(entry, role, page, url))
            continue
        if live_event_sources and entry.get("_resourceType") == "eventsource":
            continue
        if entry.get("_eventSourceMessages"):  # a stream's body is its messages
            artifacts.extend(_event_stream_messages(entry, role, page, url))
            continue
        if scope.is_third_party(url):
            artifacts.append(
                Artifact(
                    role=role,
                    page=page,
                    kind=ArtifactKind.OUTGOING_REQUEST,
                    url=url,
                    content_type=str(post.get("mimeType", "")),
                    body="",
                    method=method,
                    request_body=request_body,
                    request_headers=safe_headers(request.get("headers", [])),
                    meta={"receiver": origin_of(url)},
                )
            )
            continue
        content = response.get("content", {})
        content_type = str(
            content.get("mimeType") or _header(response.get("headers", []), "content-type")
        )
        status = int(response.get("status", 0) or 0)
        if not content_type:
            if not _untyped_json(content):
                continue  # no type and not JSON: nothing to say what it is
        elif not (is_textual(content_type) or is_pdf(content_type)):
            continue  # images, fonts, media: nothing a text detector can read
        size = int(content.get("size", 0) or 0)
        if size > MAX_BODY_BYTES:
            skips.append(Skip(role, url, f"body of {size:,} bytes exceeds {MAX_BODY_BYTES:,}"))
            continue
        body = _body_text(content, content_type)
        if body is None:
            if status not in (204, 301, 302, 303, 304, 307, 308) and size > 0:
                skips.append(Skip(role, url, f"{content_type} body not recorded or not UTF-8"))
            continue
        artifacts.append(
            Artifact(
                role=role,
                page=page,
                kind=ArtifactKind.RESPONSE,
                url=url,
                content_type=content_type,
                body=body,
                status=status,
                method=method,
                request_body=request_body,
                request_headers=safe_headers(request.get("headers", [])),
                meta=_entry_meta(entry),
            )
        )
    return artifacts, skips


def _entry_meta(entry: Mapping[str, Any]) -> dict[str, str]:
    """leakcheck's own HARs mark follow-up fetches (source maps, linked documents)."""
    own = entry.get("_leakcheck")
    fetched = own.get("fetched") if isinstance(own, Mapping) else None
    return {"fetched": str(fetched)} if fetched else {}
