"""Web storage and cookies: locations with the decoding chain, details, records, skips."""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import quote

import pytest

from leakcheck.extract.storage import extract_cookies, extract_storage
from leakcheck.models import Artifact, ArtifactKind, Exposure, Surface

PAGE = "http://estate.test:8000/cases/1"


def artifact(kind: ArtifactKind, body: Any) -> Artifact:
    return Artifact(
        role="buyer",
        page=PAGE,
        kind=kind,
        url=None,
        content_type="application/json",
        body=body if isinstance(body, str) else json.dumps(body, ensure_ascii=False),
    )


def compact(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def found(exposures: list[Exposure]) -> set[tuple[str, str]]:
    return {(e.location.path, e.value) for e in exposures}


SNAPSHOT = {
    "localStorage": {
        "recentBidders": compact(
            [
                {"name": "Ida Lund", "email": "ida@example.test"},
                {"name": "Bo Holm", "email": "bo@example.test"},
            ]
        ),
        "theme": "dark",
        "visits": 3,
        "flag": True,
        "empty": "",
        "token": base64.b64encode(b"svc:Hunter2Hunter2").decode(),
    },
    "sessionStorage": {
        "lastViewedCase": compact(
            {"caseId": "c-1", "seller": {"name": "Åse Ærø", "phone": "+45 11 22 33 44"}}
        ),
        "parsed": {"seller": {"email": "aase@example.test"}},
    },
}


def test_storage_locations_keys_and_provenance() -> None:
    exposures, skips = extract_storage(artifact(ArtifactKind.STORAGE, SNAPSHOT))
    assert skips == []
    assert found(exposures) >= {
        ("localStorage:recentBidders|json:$[*].email", "ida@example.test"),
        ("localStorage:recentBidders|json:$[*].email", "bo@example.test"),
        ("localStorage:recentBidders|json:$[*].name", "Ida Lund"),
        ("localStorage:theme", "dark"),
        ("localStorage:visits", "3"),
        ("localStorage:token|base64", "svc:Hunter2Hunter2"),
        ("sessionStorage:lastViewedCase|json:$.seller.name", "Åse Ærø"),
        ("sessionStorage:lastViewedCase|json:$.seller.phone", "+45 11 22 33 44"),
        ("sessionStorage:lastViewedCase|json:$.caseId", "c-1"),
        ("sessionStorage:parsed|json:$.seller.email", "aase@example.test"),
    }
    paths = {e.location.path for e in exposures}
    assert "localStorage:flag" not in paths and "localStorage:empty" not in paths
    assert all(e.surface is Surface.WEB_STORAGE for e in exposures)
    assert all(e.url is None and e.page == PAGE and e.role == "buyer" for e in exposures)
    bo = next(e for e in exposures if e.value == "bo@example.test")
    assert bo.key == "email"
    assert bo.location.detail == "localStorage:recentBidders|json:$[1].email"
    assert bo.records[-1].values == {"name": "Bo Holm", "email": "bo@example.test"}
    raw = next(e for e in exposures if e.location.path == "localStorage:recentBidders")
    assert raw.key == "recentBidders"


def test_cookies_locations_and_details() -> None:
    ctx = {"v": 1, "case": "c-1", "highestBidder": {"name": "A B", "cpr": "010190-1234"}}
    cookies: list[dict[str, Any]] = [
        {
            "name": "estate_ctx",
            "value": base64.b64encode(compact(ctx).encode()).decode(),
            "domain": "estate.test",
            "path": "/",
            "httpOnly": False,
        },
        {
            "name": "prefs",
            "value": quote(compact({"doctor": {"phone": "+4511223344"}})),
            "domain": ".estate.test",
            "path": "/app",
            "httpOnly": True,
        },
        {"name": "blank", "value": "", "domain": "estate.test"},
    ]
    exposures, skips = extract_cookies(artifact(ArtifactKind.COOKIES, cookies))
    assert skips == []
    assert found(exposures) == {
        ("cookie:estate_ctx", cookies[0]["value"]),
        ("cookie:estate_ctx|base64|json:$.v", "1"),
        ("cookie:estate_ctx|base64|json:$.case", "c-1"),
        ("cookie:estate_ctx|base64|json:$.highestBidder.name", "A B"),
        ("cookie:estate_ctx|base64|json:$.highestBidder.cpr", "010190-1234"),
        ("cookie:prefs", cookies[1]["value"]),
        ("cookie:prefs|url|json:$.doctor.phone", "+4511223344"),
    }
    assert all(e.surface is Surface.COOKIE and e.url is None for e in exposures)
    cpr = next(e for e in exposures if e.value == "010190-1234")
    assert cpr.key == "cpr"
    detail = cpr.location.detail or ""
    assert detail.startswith("cookie:estate_ctx|base64|json:$.highestBidder.cpr")
    assert "domain=estate.test" in detail and "not httpOnly" in detail
    phone = next(e for e in exposures if e.value == "+4511223344")
    assert "domain=.estate.test" in (phone.location.detail or "")
    assert "path=/app" in (phone.location.detail or "")
    assert (phone.location.detail or "").endswith("httpOnly)")
    assert "not httpOnly" not in (phone.location.detail or "")


SECRET = "010190-1234"


@pytest.mark.parametrize(
    ("kind", "body", "reason"),
    [
        (ArtifactKind.STORAGE, '{"localStorage": {"k": "' + SECRET, "malformed JSON"),
        (ArtifactKind.STORAGE, "[]", "not a JSON object"),
        (ArtifactKind.STORAGE, '{"localStorage": ["' + SECRET + '"]}', "localStorage"),
        (ArtifactKind.STORAGE, "\x00\x01\x02" + SECRET, "malformed JSON"),
        (ArtifactKind.COOKIES, '[{"name": "a", "value": "' + SECRET, "malformed JSON"),
        (ArtifactKind.COOKIES, '{"name": "a"}', "not a JSON array"),
        (ArtifactKind.COOKIES, "x" * (50 * 1024 * 1024 + 1), "exceeds"),
        (ArtifactKind.STORAGE, "x" * (50 * 1024 * 1024 + 1), "exceeds"),
    ],
    ids=[
        "truncated",
        "storage-array",
        "area-not-object",
        "binary",
        "cookies-truncated",
        "cookies-object",
        "cookies-50MB",
        "storage-50MB",
    ],
)
def test_malformed_bodies_become_one_line_skips(kind: ArtifactKind, body: str, reason: str) -> None:
    extract = extract_storage if kind is ArtifactKind.STORAGE else extract_cookies
    exposures, skips = extract(artifact(kind, body))
    assert exposures == []
    assert len(skips) == 1
    assert reason in skips[0].reason
    assert SECRET not in skips[0].reason and "\n" not in skips[0].reason
    assert skips[0].what == PAGE and skips[0].role == "buyer"


def test_bad_cookie_entries_are_counted_not_shown() -> None:
    cookies = [
        {"name": "ok", "value": "Ida Lund"},
        {"name": "", "value": SECRET},
        {"value": SECRET},
        {"name": "n", "value": 42},
        "not-a-cookie",
    ]
    exposures, skips = extract_cookies(artifact(ArtifactKind.COOKIES, cookies))
    assert found(exposures) == {("cookie:ok", "Ida Lund")}
    assert [s.reason for s in skips] == ["4 cookie entries without a string name and value"]


def test_indexeddb_stores_and_what_was_not_read() -> None:
    from leakcheck.extract.storage import extract_storage

    body = {
        "localStorage": {},
        "indexedDB": {"cache/bids": '[{"id": "b2", "bidder": {"email": "bo@ek.dk"}}]'},
        "indexedDBUnread": {"cache/log": "first 2000 of 2500 records read"},
    }
    artifact = Artifact(
        role="buyer",
        page="https://estate.test/",
        kind=ArtifactKind.STORAGE,
        url=None,
        content_type="application/json",
        body=json.dumps(body),
    )
    exposures, skips = extract_storage(artifact)
    assert ("indexedDB:cache/bids|json:$[*].bidder.email", "bo@ek.dk") in {
        (e.location.path, e.value) for e in exposures
    }
    assert [s.reason for s in skips] == ["IndexedDB cache/log: first 2000 of 2500 records read"]
