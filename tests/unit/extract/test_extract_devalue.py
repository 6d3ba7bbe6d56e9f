"""devalue payloads (Nuxt 3, SvelteKit): unflattened so values keep their keys and locations."""

from __future__ import annotations

import json
from typing import Any

import pytest

from leakcheck.detect import Detector
from leakcheck.extract.devalue import NotDevalue, payload_kind, sveltekit_nodes, unflatten
from leakcheck.extract.inline_state import extract_inline_state
from leakcheck.extract.network import extract_network
from leakcheck.models import Artifact, ArtifactKind, Exposure

# What Nuxt 3 writes for {data: {bid: {bidder: {name, cpr}, amount, placed: Date}}}, with its
# reactivity wrappers, a Set, an empty object and a cyclic reference (bidder.self -> bid).
NUXT = [
    ["ShallowReactive", 1],
    {"data": 2, "state": 4, "once": 6, "_errors": 7, "serverRendered": 9},
    ["ShallowReactive", 3],
    {"bid": 10},
    ["Reactive", 5],
    {},
    ["Set"],
    ["ShallowReactive", 8],
    {},
    True,
    {"bidder": 11, "amount": 14, "placed": 15, "note": -1},
    {"name": 12, "cpr": 13, "self": 10},
    "Mette Sørensen",
    "010190-1234",
    2500000,
    ["Date", "2024-05-01T10:00:00.000Z"],
]


def response(url: str, body: Any, content_type: str = "application/json") -> Artifact:
    """A response the page received; ``body`` is sent as JSON unless it is text already."""
    return Artifact(
        role="buyer",
        page="https://estate.test/case/7",
        kind=ArtifactKind.RESPONSE,
        url=url,
        content_type=content_type,
        body=body if isinstance(body, str) else json.dumps(body),
        status=200,
        method="GET",
    )


def snapshot(html: str) -> Artifact:
    return Artifact(
        role="buyer",
        page="https://estate.test/case/7",
        kind=ArtifactKind.DOM_SNAPSHOT,
        url=None,
        content_type="text/html",
        body=html,
    )


def located(exposures: list[Exposure]) -> dict[str, str]:
    return {e.location.path: e.value for e in exposures}


def test_unflatten_resolves_references_wrappers_and_tags() -> None:
    tree = unflatten(NUXT)
    bid = tree["data"]["bid"]
    assert bid["bidder"]["name"] == "Mette Sørensen"
    assert bid["bidder"]["cpr"] == "010190-1234"
    assert bid["amount"] == 2500000
    assert bid["placed"] == "2024-05-01T10:00:00.000Z"
    assert bid["note"] is None  # -1: undefined
    assert bid["bidder"]["self"] is None  # a cycle is expanded once, where first reached
    assert tree["once"] == [] and tree["serverRendered"] is True


def test_unflatten_repeated_reference_is_expanded_once() -> None:
    # both "a" and "b" reference entry 2; the tree reports its leaves once (linear, acyclic)
    tree = unflatten([{"a": 2, "b": 2}, "unused", {"email": 3}, "x@firma.dk"])
    assert tree == {"a": {"email": "x@firma.dk"}, "b": None}


def test_unflatten_map_null_prototype_and_unknown_tags() -> None:
    values = [
        {"m": 1, "n": 4, "c": 7},
        ["Map", 2, 3],
        "k",
        "v",
        ["null", "owner", 5, "id", 6],
        "Bo",
        42,
        ["CustomThing", "literal"],
    ]
    assert unflatten(values) == {
        "m": ["k", "v"],
        "n": {"owner": "Bo", "id": 42},
        "c": ["literal"],
    }


@pytest.mark.parametrize(
    "values",
    [[], {"a": 1}, [{"a": 5}], [{"a": "x"}], [{"a": -9}], [[0, 3]]],
)
def test_not_devalue_is_rejected(values: Any) -> None:
    with pytest.raises(NotDevalue):
        unflatten(values)


def test_deep_payload_does_not_overflow() -> None:
    depth = 50_000
    values: list[Any] = [{"child": i + 1} for i in range(depth)] + ["bottom"]
    node = unflatten(values)
    for _ in range(depth):
        node = node["child"]
    assert node == "bottom"


def test_payload_urls() -> None:
    assert payload_kind("https://x.test/case/7/_payload.json?1a2b") == "nuxt"
    assert payload_kind("https://x.test/case/7/__data.json?x-sveltekit-invalidated=01") == (
        "sveltekit"
    )
    assert payload_kind("https://x.test/api/data.json") is None
    assert sveltekit_nodes({"type": "redirect", "location": "/"}) is None


def test_nuxt_payload_response_is_walked_unflattened() -> None:
    exposures, skips = extract_network(response("https://estate.test/case/7/_payload.json", NUXT))
    assert skips == []
    paths = located(exposures)
    assert paths["$|devalue:$.data.bid.bidder.cpr"] == "010190-1234"
    assert paths["$|devalue:$.data.bid.bidder.name"] == "Mette Sørensen"
    name = next(e for e in exposures if e.value == "Mette Sørensen")
    assert name.key == "name"
    assert name.records[-1].values == {"name": "Mette Sørensen", "cpr": "010190-1234", "self": None}


def test_the_name_is_found_by_its_key_only_when_unflattened() -> None:
    """The point of unflattening: a bare name is a person's name because of its key."""
    detector = Detector(plugins=False)
    url = "https://estate.test/case/7/_payload.json"
    flat_as_json, _ = extract_network(response("https://estate.test/api/state.json", NUXT))
    unflattened, _ = extract_network(response(url, NUXT))

    def classes_of(exposures: list[Exposure]) -> set[str]:
        found = detector.detect(exposures)
        return {d.data_class for e, ds in zip(exposures, found, strict=True) for d in ds}

    assert "person_name" not in classes_of(flat_as_json)
    assert {"person_name", "national_id.dk"} <= classes_of(unflattened)


def test_sveltekit_data_nodes() -> None:
    body = {
        "type": "data",
        "nodes": [
            None,
            {"type": "skip"},
            {
                "type": "data",
                "data": [{"viewer": 1, "bids": 3}, {"email": 2}, "me@firma.dk", [4], {"phone": 5},
                         "+45 41 22 33 44"],
                "uses": {"params": ["id"]},
            },
        ],
    }  # fmt: skip
    exposures, _ = extract_network(response("https://estate.test/case/7/__data.json", body))
    paths = {e.location.path: (e.value, e.location.detail) for e in exposures}
    assert paths["$.nodes[*].data|devalue:$.viewer.email"] == (
        "me@firma.dk",
        "$.nodes[2].data|devalue:$.viewer.email",
    )
    assert paths["$.nodes[*].data|devalue:$.bids[*].phone"][0] == "+45 41 22 33 44"
    assert paths["$.nodes[*].uses.params[*]"][0] == "id"  # the rest is walked as it is
    assert not any(p.startswith("$.nodes[*].data[*]") for p in paths)


def test_invalid_devalue_falls_back_to_plain_json() -> None:
    body = [{"a": 7}, "x@firma.dk"]  # 7 is out of range: not devalue
    exposures, _ = extract_network(response("https://estate.test/_payload.json", body))
    assert located(exposures) == {"$[*].a": "7", "$[*]": "x@firma.dk"}


def test_nuxt_data_script_element() -> None:
    html = (
        "<html><body><div id='__nuxt'></div>"
        f'<script type="application/json" id="__NUXT_DATA__" data-ssr="true">{json.dumps(NUXT)}'
        "</script></body></html>"
    )
    exposures, skips = extract_inline_state(snapshot(html))
    assert skips == []
    paths = located(exposures)
    assert paths["script#__NUXT_DATA__|devalue:$.data.bid.bidder.cpr"] == "010190-1234"
    assert not any("|json:" in p for p in paths)


# What React Router 7 sends for a route's loader data: keys flattened too, a Date, and a
# promise resolved in a later line (its values continue the same array).
TURBO_VALUES: list[Any] = [
    {"_1": 2},
    "routes/case",
    {"_3": 4},
    "data",
    {"_5": 6, "_7": 8, "_13": 14, "_21": -7},
    "case",
    {"_9": 10},
    "topBid",
    {"_11": 12, "_15": 16},
    "title",
    "Villa med udsigt",
    "bidder",
    {"_17": 18, "_19": 20},
    "history",
    ["P", 14],
    "placedAt",
    ["D", 1772446500000],
    "fullName",
    "Karin Lindqvist",
    "cpr",
    "0207794437",
]
TURBO = (
    json.dumps(TURBO_VALUES + ["missing"])
    + '\nP14:[[23],{"_24":25,"_7":8},"email","karin.lindqvist@firma.dk"]\n'
)


def test_turbo_stream_resolves_keys_promises_and_tags() -> None:
    from leakcheck.extract.devalue import turbo_stream

    tree = turbo_stream(TURBO)
    data = tree["routes/case"]["data"]
    assert data["topBid"]["bidder"] == {"fullName": "Karin Lindqvist", "cpr": "0207794437"}
    assert data["topBid"]["placedAt"] == 1772446500000
    assert data["case"] == {"title": "Villa med udsigt"}
    # the resolution references topBid again: already expanded, so not repeated
    assert data["history"] == [{"email": "karin.lindqvist@firma.dk", "topBid": None}]
    assert data["missing"] is None  # -7: undefined


@pytest.mark.parametrize(
    "text", ["", "not json", '{"a": 1}', "[]", '[{"_1": 9}]', '[{"a":1}, 2]\nX1:[3]']
)
def test_turbo_stream_rejects_what_it_is_not(text: str) -> None:
    from leakcheck.extract.devalue import turbo_stream

    with pytest.raises(NotDevalue):
        turbo_stream(text)


def turbo_response(body: str) -> Artifact:
    return response("https://estate.test/case/7.data", body, "text/x-script")


def test_react_router_data_response() -> None:
    from leakcheck.extract import extract

    extraction = extract([turbo_response(TURBO)])
    assert extraction.skips == []
    paths = located(extraction.exposures)
    base = "$|turbo-stream:$['routes/case'].data"
    assert paths[f"{base}.topBid.bidder.cpr"] == "0207794437"
    assert paths[f"{base}.topBid.bidder.fullName"] == "Karin Lindqvist"
    assert paths[f"{base}.history[*].email"] == "karin.lindqvist@firma.dk"
    name = next(e for e in extraction.exposures if e.value == "Karin Lindqvist")
    assert name.key == "fullName" and name.location.detail == (
        "$|turbo-stream:$['routes/case'].data.topBid.bidder.fullName"
    )


def test_malformed_turbo_stream_is_a_recorded_skip() -> None:
    from leakcheck.extract import extract

    extraction = extract([turbo_response('[{"_1": 99}]')])
    assert extraction.exposures == []
    assert [s.reason for s in extraction.skips] == [
        "malformed turbo-stream (a reference that is not an entry's index (int))"
    ]
    # A body that is not turbo-stream holds data: the reason never quotes it.
    leaky = extract([turbo_response('[{"cpr": "0101901234", "phone": 41223344}]')])
    assert leaky.exposures == [] and len(leaky.skips) == 1
    assert "0101901234" not in leaky.skips[0].reason and "41223344" not in leaky.skips[0].reason


def test_react_router_page_enqueues_its_stream() -> None:
    first, second = TURBO[:40], TURBO[40:]
    html = (
        '<html><body><script>window.__reactRouterContext = {"basename":"/"};</script>'
        f"<script>window.__reactRouterContext.streamController.enqueue({json.dumps(first)});"
        "</script>"
        f"<script>window.__reactRouterContext.streamController.enqueue({json.dumps(second)});"
        "</script><script>window.__reactRouterContext.streamController.close();</script>"
        "</body></html>"
    )
    exposures, skips = extract_inline_state(snapshot(html))
    assert skips == []
    paths = located(exposures)
    base = "window.__reactRouterContext|turbo-stream:$['routes/case'].data"
    assert paths[f"{base}.topBid.bidder.cpr"] == "0207794437"
    assert paths[f"{base}.history[*].email"] == "karin.lindqvist@firma.dk"


def test_json_sent_as_plain_text_is_read_as_json() -> None:
    from leakcheck.extract import extract

    def plain(body: str, content_type: str = "text/plain; charset=utf-8") -> Artifact:
        return Artifact(
            role="buyer",
            page="https://estate.test/case/7",
            kind=ArtifactKind.RESPONSE,
            url="https://estate.test/api/bidder",
            content_type=content_type,
            body=body,
            status=200,
            method="GET",
        )

    extraction = extract([plain('{"bidder": {"email": "bo@firma.dk"}}')])
    assert located(extraction.exposures) == {"$.bidder.email": "bo@firma.dk"}
    broken = extract([plain("{ this is not json")])
    assert broken.exposures == [] and broken.skips[0].reason.startswith("malformed JSON")
    css = extract([plain("{ color: red }", "text/css")])
    assert css.exposures == [] and css.skips == []
