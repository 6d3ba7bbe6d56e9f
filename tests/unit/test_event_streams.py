"""Server-Sent Events messages: extracted leaf by leaf, and kept through leakcheck's own HAR."""

from __future__ import annotations

from leakcheck.capture.har import artifacts_from_har
from leakcheck.capture.harfile import build_har
from leakcheck.capture.session import RoleCapture
from leakcheck.extract import extract
from leakcheck.models import Artifact, ArtifactKind, Surface
from leakcheck.scope import Scope

SITE = "https://estate.test"


def message(data: str, event: str = "bid") -> Artifact:
    return Artifact(
        role="buyer",
        page=f"{SITE}/case/7",
        kind=ArtifactKind.EVENT_STREAM_MESSAGE,
        url=f"{SITE}/case/7/live",
        content_type="text/event-stream",
        body=data,
        meta={"event": event},
    )


def test_json_messages_by_leaf_and_text_messages_whole() -> None:
    extraction = extract(
        [
            message('{"bidder": {"email": "bo@ek.dk"}, "amount": 3300000}'),
            message("Budrunden lukker kl. 16, ring 41 22 33 44", "message"),
        ]
    )
    where = {e.value: (e.surface, e.location.path, e.key) for e in extraction.exposures}
    assert where["bo@ek.dk"] == (Surface.NETWORK_JSON, "sse:bid|json:$.bidder.email", "email")
    assert where["Budrunden lukker kl. 16, ring 41 22 33 44"] == (
        Surface.NETWORK_TEXT,
        "sse:message",
        None,
    )


def test_messages_survive_a_har_written_and_read_back() -> None:
    capture = RoleCapture("buyer", artifacts=[message('{"email": "bo@ek.dk"}')])
    har = build_har([capture], SITE)
    page_ids = {p["id"]: p["title"] for p in har["log"]["pages"]}
    artifacts, skips = artifacts_from_har(har, "buyer", page_ids, Scope.of([SITE]))
    assert skips == []
    (read,) = [a for a in artifacts if a.kind is ArtifactKind.EVENT_STREAM_MESSAGE]
    assert (read.url, read.body, read.meta) == (
        f"{SITE}/case/7/live",
        '{"email": "bo@ek.dk"}',
        {"event": "bid"},
    )


def test_an_ended_or_fetched_stream_body_is_read_message_by_message() -> None:
    body = (
        'event: bid\r\nid: 1\r\ndata: {"bidder":\r\ndata:  {"email": "bo@ek.dk"}}\r\n\r\n'
        ": a comment\n\ndata: Budrunden lukker\n\n"
    )
    response = Artifact(
        role="buyer",
        page=f"{SITE}/case/7",
        kind=ArtifactKind.RESPONSE,
        url=f"{SITE}/api/chat",
        content_type="text/event-stream; charset=utf-8",
        body=body,
        status=200,
    )
    extraction = extract([response])
    assert extraction.skips == []
    assert {(e.location.path, e.value) for e in extraction.exposures} == {
        ("sse:bid|json:$.bidder.email", "bo@ek.dk"),
        ("sse:message", "Budrunden lukker"),
    }


def test_a_live_capture_leaves_eventsource_bodies_to_the_recorded_messages() -> None:
    stream = {
        "pageref": "page_1",
        "_resourceType": "eventsource",
        "request": {"method": "GET", "url": f"{SITE}/live", "headers": []},
        "response": {
            "status": 200,
            "headers": [],
            "content": {"mimeType": "text/event-stream", "size": 9, "text": "data: x\n\n"},
        },
    }
    har = {"log": {"entries": [stream]}}
    pages = {"page_1": f"{SITE}/"}
    live, _ = artifacts_from_har(har, "buyer", pages, Scope.of([SITE]), live_event_sources=True)
    read, _ = artifacts_from_har(har, "buyer", pages, Scope.of([SITE]))
    assert live == [] and [a.url for a in read] == [f"{SITE}/live"]
