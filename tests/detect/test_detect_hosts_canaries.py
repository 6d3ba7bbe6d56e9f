"""Internal hosts and canaries."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

import pytest

from leakcheck.detect import Detector
from leakcheck.models import Surface
from tests.detect.detect_gen import classes, exposure, spans

HOST = "internal_host"


@pytest.mark.parametrize(
    ("value", "key", "surface", "expected_span"),
    [
        ("https://api.internal/v1/cases", None, Surface.JS_BUNDLE, "api.internal"),
        ('fetch("http://search-01.corp:9200/_search")', None, Surface.JS_BUNDLE, "search-01.corp"),
        ("db01.corp", "host", Surface.NETWORK_JSON, "db01.corp"),
        ("http://10.20.0.15:8080/admin", None, Surface.ERROR_PAGE, "10.20.0.15"),
        ("//192.168.1.20/share", "href", Surface.DOM_HIDDEN, "192.168.1.20"),
        ("172.16.4.2", "serverIp", Surface.NETWORK_JSON, "172.16.4.2"),
        ("Printer: office-printer.local", "body", Surface.HTML_COMMENT, "office-printer.local"),
        ("wiki.intra", "apiBase", Surface.INLINE_STATE, "wiki.intra"),
        # Not internal hosts.
        ("chrome.storage.local.get(k)", None, Surface.JS_BUNDLE, None),
        ("t.local=e.local||{}", None, Surface.JS_BUNDLE, None),
        ("http://172.32.0.1/", None, Surface.NETWORK_JSON, None),  # outside 172.16/12
        ("https://estate.example/case/1", None, Surface.NETWORK_JSON, None),
        ("http://999.168.1.1/", None, Surface.NETWORK_JSON, None),
    ],
)
def test_internal_hosts(
    detector: Detector, value: str, key: str | None, surface: Surface, expected_span: str | None
) -> None:
    (found,) = detector.detect([exposure(value, key, surface=surface)])
    assert spans(value, found).get(HOST, []) == ([expected_span] if expected_span else [])


CANARIES = ["0101901234", "Kanarie Fuglsang", "canary.buyer+7@example.dk"]


@pytest.mark.parametrize(
    ("value", "expected_span"),
    [
        ("0101901234", "0101901234"),
        ("010190-1234", "010190-1234"),
        ("0101 90 1234", "0101 90 1234"),
        ("Bidder: kanarie fuglsang (verified)", "kanarie fuglsang"),
        ("KANARIE-FUGLSANG", "KANARIE-FUGLSANG"),
        ("<!-- debug: CANARY.BUYER+7@EXAMPLE.DK -->", "CANARY.BUYER+7@EXAMPLE.DK"),
        ('{"cpr":"010190-1234","name":"x"}', "010190-1234"),
    ],
)
def test_canary_inside_longer_text(value: str, expected_span: str) -> None:
    detector = Detector(canaries=CANARIES)
    (found,) = detector.detect([exposure(value, "body", surface=Surface.HTML_COMMENT)])
    canaries = [d for d in found if d.data_class == "canary"]
    assert [d.span(value) for d in canaries] == [expected_span]
    assert all(d.confidence == 1.0 and d.recognizer == "canary" for d in canaries)


def test_canary_url_encoded_is_found() -> None:
    detector = Detector(canaries=CANARIES)
    value = "https://collect.example/p?uid=canary.buyer%2B7%40example.dk&ev=view"
    (found,) = detector.detect([exposure(value, "url", surface=Surface.THIRD_PARTY_REQUEST)])
    assert "canary" in classes(found)


def test_canary_is_never_missed() -> None:
    """A canary survives any threshold and sits beside whatever else the value is."""
    detector = Detector(canaries=["010190-1234"], min_confidence=0.999)
    (found,) = detector.detect([exposure("0101901234", "cpr")])
    assert classes(found) == {"canary"}
    assert found[0].confidence == 1.0
    (found,) = Detector(canaries=["010190-1234"]).detect([exposure("010190-1234", "cpr")])
    assert classes(found) == {"canary", "national_id.dk"}


def test_no_canaries_no_canary_detections(detector: Detector) -> None:
    (found,) = detector.detect([exposure("Kanarie Fuglsang", "comment")])
    assert "canary" not in classes(found)


@pytest.mark.parametrize(
    "encode",
    [
        lambda c: base64.b64encode(f'{{"u":"{c}","n":1}}'.encode()).decode(),
        lambda c: base64.urlsafe_b64encode(c.encode()).decode().rstrip("="),
        lambda c: "x" + base64.b64encode(("ab" + c).encode()).decode(),
        lambda c: json.dumps({"u": c}).replace("@", "\\u0040").replace(".", "\\x2e"),
        lambda c: c.replace("@", "&#64;"),
        lambda c: "0x" + c.encode().hex(),
    ],
)
def test_canaries_inside_encodings(encode: Callable[[str], str]) -> None:
    detector = Detector(canaries=CANARIES)
    for canary in CANARIES:
        (found,) = detector.detect([exposure(encode(canary), "blob")])
        assert "canary" in classes(found), (canary, encode(canary))
        # The detection names the canary (its owners decide), encoded or not.
        assert {d.matched for d in found if d.data_class == "canary"} == {canary}


def test_each_canary_of_a_text_is_named() -> None:
    detector = Detector(canaries=CANARIES)
    text = f"first {CANARIES[1]} then {CANARIES[0]}"
    (found,) = detector.detect([exposure(text, "body")])
    named = [(d.span(text), d.matched) for d in found if d.data_class == "canary"]
    assert named == [(CANARIES[1], CANARIES[1]), (CANARIES[0], CANARIES[0])]
