"""Which HAR responses become artifacts: by content type, and JSON sent without one."""

from __future__ import annotations

import base64
from typing import Any

from leakcheck.capture.har import artifacts_from_har
from leakcheck.scope import Scope

SITE = "https://estate.test"


def entry(url: str, mime: str | None, text: str, *, encoded: bool = False) -> dict[str, Any]:
    content: dict[str, Any] = {"size": len(text)}
    if mime is not None:
        content["mimeType"] = mime
    content["text"] = base64.b64encode(text.encode()).decode() if encoded else text
    if encoded:
        content["encoding"] = "base64"
    return {
        "pageref": "page_1",
        "request": {"method": "GET", "url": url, "headers": []},
        "response": {"status": 200, "headers": [], "content": content},
    }


def urls(*entries: dict[str, Any]) -> list[str]:
    har = {"log": {"entries": list(entries)}}
    artifacts, skips = artifacts_from_har(har, "buyer", {"page_1": SITE + "/"}, Scope.of([SITE]))
    assert skips == []
    return [a.url or "" for a in artifacts]


def test_untyped_json_is_kept_and_other_untyped_bodies_are_not() -> None:
    kept = urls(
        entry(f"{SITE}/api/bidder", "", '{"email": "bo@firma.dk"}'),
        entry(f"{SITE}/api/list", None, "[1, 2]", encoded=True),
        entry(f"{SITE}/blob", "", "\x89PNG not json"),
        entry(f"{SITE}/font.woff2", "font/woff2", "wOF2"),
    )
    assert kept == [f"{SITE}/api/bidder", f"{SITE}/api/list"]


def test_multipart_graphql_answers_are_kept() -> None:
    kept = urls(entry(f"{SITE}/graphql", 'multipart/mixed; boundary="-"', "\r\n---\r\n{}"))
    assert kept == [f"{SITE}/graphql"]
