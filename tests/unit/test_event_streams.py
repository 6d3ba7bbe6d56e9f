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
