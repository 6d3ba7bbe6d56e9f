"""multipart/mixed GraphQL responses (@defer, @stream, subscriptions over HTTP): every fragment
is walked at the path it belongs to, so a deferred field is located as if it had not been."""

from __future__ import annotations

import json
from typing import Any

from leakcheck.capture.har import is_textual
from leakcheck.extract import extract
from leakcheck.extract.multipart import parts
from leakcheck.models import Artifact, ArtifactKind, Exposure, Surface

QUERY = """query Case { case(id: 7) { title bids { amount ... @defer { bidder { name email } } }
  events @stream(initialCount: 1) { kind by } } }"""


def multipart_body(*payloads: Any, boundary: str = "-", crlf: bool = True) -> str:
    nl = "\r\n" if crlf else "\n"
    chunks = [
        f"{nl}--{boundary}{nl}content-type: application/json; charset=utf-8{nl}{nl}" + json.dumps(p)
        for p in payloads
    ]
    return "".join(chunks) + f"{nl}--{boundary}--{nl}"


def response(body: str, boundary: str = "-") -> Artifact:
    return Artifact(
        role="buyer",
        page="https://estate.test/case/7",
        kind=ArtifactKind.RESPONSE,
        url="https://estate.test/graphql",
        content_type=f'multipart/mixed; boundary="{boundary}"; deferSpec=20220824',
        body=body,
        status=200,
        method="POST",
        request_body=json.dumps({"query": QUERY, "operationName": "Case"}),
    )


def located(exposures: list[Exposure]) -> dict[str, tuple[str, str | None, str | None]]:
    return {e.value: (e.location.path, e.location.detail, e.location.type_field) for e in exposures}


INITIAL = {
    "data": {
        "case": {
            "__typename": "Case",
            "title": "Villa med udsigt",
            "bids": [{"__typename": "Bid", "amount": 3150000}, {"__typename": "Bid", "amount": 1}],
            "events": [{"__typename": "Event", "kind": "viewing", "by": "a@firma.dk"}],
        }
    },
    "hasNext": True,
}


def test_deferred_and_streamed_fragments_2022_format() -> None:
    deferred = {
        "incremental": [
            {
                "data": {"bidder": {"__typename": "Person", "name": "Bo Ek", "email": "bo@ek.dk"}},
                "path": ["case", "bids", 1],
            },
            {
                "items": [{"__typename": "Event", "kind": "bid", "by": "c@firma.dk"}],
                "path": ["case", "events", 1],
            },
        ],
        "hasNext": False,
    }
    extraction = extract([response(multipart_body(INITIAL, deferred))])
    assert extraction.skips == []
    paths = located(extraction.exposures)
    assert paths["Villa med udsigt"] == ("$.data.case.title", "$.data.case.title", "Case.title")
    assert paths["bo@ek.dk"] == (
        "$.data.case.bids[*].bidder.email",
        "$.data.case.bids[1].bidder.email",
        "Person.email",
    )
    assert paths["c@firma.dk"] == (
        "$.data.case.events[*].by",
        "$.data.case.events[1].by",
        "Event.by",
    )
    assert {e.surface for e in extraction.exposures} == {Surface.NETWORK_GRAPHQL}
    assert "hasNext" not in {e.key for e in extraction.exposures}


def test_deferred_fragments_2023_format_with_pending_ids() -> None:
    initial = {**INITIAL, "pending": [{"id": "0", "path": ["case", "bids", 0]}]}
    later = {
        "pending": [{"id": "1", "path": ["case", "events"]}],
        "incremental": [
            {"id": "0", "subPath": ["bidder"], "data": {"email": "d@firma.dk"}},
            {"id": "1", "items": [{"by": "e@firma.dk"}, {"by": "f@firma.dk"}]},
        ],
        "completed": [{"id": "0"}, {"id": "1"}],
        "hasNext": False,
    }
    paths = located(extract([response(multipart_body(initial, later, crlf=False))]).exposures)
    assert paths["d@firma.dk"][:2] == (
        "$.data.case.bids[*].bidder.email",
        "$.data.case.bids[0].bidder.email",
    )
    assert paths["f@firma.dk"][:2] == ("$.data.case.events[*].by", "$.data.case.events[1].by")


def test_subscription_payloads() -> None:
    events = [
        {"payload": {"data": {"bidPlaced": {"bidder": {"email": f"u{i}@firma.dk"}}}}}
        for i in range(2)
    ]
    paths = located(
        extract([response(multipart_body(*events, boundary="graphql"), "graphql")]).exposures
    )
    assert paths["u1@firma.dk"][0] == "$.data.bidPlaced.bidder.email"


def test_unreadable_parts_are_recorded() -> None:
    body = (
        multipart_body(INITIAL).removesuffix("\r\n-----\r\n")
        + "\r\n---\r\ncontent-type: application/json\r\n\r\n{oops"
        + "\r\n---\r\ncontent-type: text/html\r\n\r\n<p>hi</p>\r\n-----\r\n"
    )
    extraction = extract([response(body)])
    assert "Villa med udsigt" in located(extraction.exposures)
    assert [s.reason for s in extraction.skips] == [
        "2 multipart part(s) not read, e.g. part 2: malformed JSON (JSONDecodeError)"
    ]
    unbounded = Artifact(
        role="buyer",
        page="https://estate.test/",
        kind=ArtifactKind.RESPONSE,
        url="https://estate.test/graphql",
        content_type="multipart/mixed",
        body="whatever",
        status=200,
    )
    assert [s.reason for s in extract([unbounded]).skips] == ["multipart body without a boundary"]


def test_parts_and_capture() -> None:
    split = parts(multipart_body({"a": 1}, {"b": 2}), 'multipart/mixed; boundary="-"')
    assert split is not None and [p.body for p in split] == ['{"a": 1}', '{"b": 2}']
    assert is_textual("multipart/mixed; boundary=-")
