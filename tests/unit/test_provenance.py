"""Shared state (cookies, localStorage) of pages loading side by side: each snapshot keeps what
pages up to its own stored, as when pages are visited one at a time."""

from __future__ import annotations

import json

from leakcheck.capture.provenance import LOGIN_ORDER, StateLedger
from leakcheck.models import Artifact, ArtifactKind


def snapshot(kind: ArtifactKind, body: object) -> Artifact:
    return Artifact(
        role="r", page="/", kind=kind, url=None, content_type="application/json",
        body=json.dumps(body, separators=(",", ":")),
    )  # fmt: skip


def test_a_snapshot_drops_only_what_later_pages_stored() -> None:
    ledger = StateLedger()
    ledger.wrote(LOGIN_ORDER, [("cookie", "session")])
    ledger.wrote(1, [["localStorage", "recent"], ["cookie", "ctx"]])
    ledger.wrote(0, [["localStorage", "theme"]])
    storage = snapshot(
        ArtifactKind.STORAGE,
        {"localStorage": {"theme": "dark", "recent": "[1]", "unknown": "x"}, "sessionStorage": {}},
    )
    cookies = snapshot(
        ArtifactKind.COOKIES, [{"name": "session"}, {"name": "ctx"}, {"name": "tracker"}]
    )
    later = snapshot(ArtifactKind.COOKIES, [{"name": "session"}, {"name": "ctx"}])
    dom = snapshot(ArtifactKind.DOM_SNAPSHOT, {})
    ledger.snapshot(0, storage, frozenset())
    ledger.snapshot(0, cookies, frozenset())
    ledger.snapshot(1, later, frozenset())
    fixed = ledger.attribute([dom, storage, cookies, later])
    assert fixed[0] is dom and fixed[3] is later  # nothing to cut: the very same artifact
    assert json.loads(fixed[1].body)["localStorage"] == {"theme": "dark", "unknown": "x"}
    assert [c["name"] for c in json.loads(fixed[2].body)] == ["session", "tracker"]


def test_cookies_set_by_a_page_response_are_read_from_the_har() -> None:
    ledger = StateLedger()
    har = {
        "log": {
            "entries": [
                {
                    "pageref": "p2",
                    "response": {"headers": [{"name": "Set-Cookie", "value": "ctx=abc; Path=/"}]},
                },
                {
                    "pageref": "popup",
                    "response": {"headers": [{"name": "set-cookie", "value": "x=1"}]},
                },
            ]
        }
    }
    ledger.wrote_har(har, {"p1": 0, "p2": 3})
    assert ledger.first == {("cookie", "ctx"): 3}


def test_what_was_there_before_the_wave_stays_even_if_a_later_page_rewrites_it() -> None:
    ledger = StateLedger()
    ledger.observe_state({"cookies": [], "origins": [{"localStorage": [{"name": "token"}]}]})
    ledger.wrote(2, [("localStorage", "token"), ("localStorage", "fresh")])
    storage = snapshot(
        ArtifactKind.STORAGE, {"localStorage": {"token": "t", "fresh": "f"}, "sessionStorage": {}}
    )
    ledger.snapshot(1, storage, frozenset(ledger.observed))
    (fixed,) = ledger.attribute([storage])
    assert json.loads(fixed.body)["localStorage"] == {"token": "t"}


def test_indexeddb_stores_written_by_a_later_page_are_dropped_with_their_notes() -> None:
    ledger = StateLedger()
    ledger.wrote(1, [["indexedDB", "cache/bids"]])
    ledger.wrote(0, [["indexedDB", "cache/prefs"]])
    storage = snapshot(
        ArtifactKind.STORAGE,
        {
            "localStorage": {},
            "indexedDB": {"cache/bids": "[]", "cache/prefs": "[]", "other/x": "[]"},
            "indexedDBUnread": {"cache/bids": "first 2000 of 2500 records read"},
        },
    )
    ledger.snapshot(0, storage, frozenset())
    (fixed,) = ledger.attribute([storage])
    body = json.loads(fixed.body)
    assert set(body["indexedDB"]) == {"cache/prefs", "other/x"}
    assert body["indexedDBUnread"] == {}
    (unchanged,) = StateLedger().attribute([storage])
    assert unchanged is storage
