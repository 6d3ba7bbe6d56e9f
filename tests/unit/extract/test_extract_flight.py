"""Next.js App Router flight data (``self.__next_f.push``): rows, text rows, code rows, skips."""

from __future__ import annotations

import json

from leakcheck.detect import Detector
from leakcheck.extract.flight import parse_rows
from leakcheck.extract.inline_state import extract_inline_state
from leakcheck.models import Artifact, ArtifactKind, Surface

PAGE = "https://estate.test/cases/c1"
NOTE = "Ring til Mette Hansen på 41 22 33 44 om finansiering.\nHun har fået afslag i banken."
PROPS = {
    "case": {
        "id": "c1",
        "bids": [
            {
                "amount": 2350000,
                "bidder": {
                    "name": "Mette Hansen",
                    "email": "mette.hansen@example.dk",
                    "cpr": "010190-1234",
                },
            }
        ],
    }
}


def push(chunk: str) -> str:
    """An inline script as Next.js writes it: the chunk as a JSON-escaped JS string."""
    return f"<script>self.__next_f.push([1,{json.dumps(chunk)}])</script>"


def page() -> Artifact:
    rows = (
        '1:HL["/_next/static/css/app/layout.css?v=1700000000000","style"]\n'
        '2:I["(app-pages-browser)/./app/bids.tsx",["app/page","static/chunks/app/page.js"],'
        '"Bids"]\n'
        '0:["$","$L3",null,{"buildId":"b1"}]\n'
        f'5:["$","$L2",null,{json.dumps(PROPS)}]\n'
    )
    split = rows.index("mette.hansen@")  # a row split across two pushes
    text_row = f"7:T{len(NOTE.encode()):x},{NOTE}"
    scripts = [
        "<script>(self.__next_f=self.__next_f||[]).push([0]);self.__next_f.push([2,null])</script>",
        push(rows[:split]),
        push(rows[split:]),
        push(text_row[:20]),
        push(text_row[20:] + '8:{"viewer":{"id":"u1"}}\n'),
    ]
    body = f"<!doctype html><html><body><main>Bud</main>{''.join(scripts)}</body></html>"
    return Artifact("buyer", PAGE, ArtifactKind.DOM_SNAPSHOT, None, "text/html", body)


def test_flight_rows_become_exposures_located_without_row_ids() -> None:
    exposures, skips = extract_inline_state(page())
    assert skips == []
    by_path = {e.location.path: e for e in exposures}
    cpr = by_path["self.__next_f|json:$[*].case.bids[*].bidder.cpr"]
    assert cpr.value == "010190-1234"
    assert cpr.key == "cpr"
    assert cpr.location.detail == "self.__next_f|row:5|json:$[3].case.bids[0].bidder.cpr"
    assert by_path["self.__next_f|json:$[*].case.bids[*].bidder.email"].value == (
        "mette.hansen@example.dk"
    )
    assert by_path["self.__next_f|text"].value == NOTE  # its byte length spans a newline
    assert by_path["self.__next_f|json:$.viewer.id"].value == "u1"  # the row after the text
    values = {e.value for e in exposures}
    assert not any("/_next/static" in v or "app-pages-browser" in v for v in values)


def test_flight_leaks_are_detected() -> None:
    exposures, _ = extract_inline_state(page())
    found = Detector(plugins=False).detect(exposures)
    classes = {
        (e.location.path, d.data_class) for e, ds in zip(exposures, found, strict=True) for d in ds
    }
    assert ("self.__next_f|json:$[*].case.bids[*].bidder.cpr", "national_id.dk") in classes
    assert ("self.__next_f|json:$[*].case.bids[*].bidder.email", "email") in classes
    assert ("self.__next_f|text", "phone") in classes


def test_a_row_that_does_not_parse_is_a_recorded_skip() -> None:
    artifact = page()
    broken = artifact.body.replace("</body>", push('9:{"half": \n') + "</body>")
    exposures, skips = extract_inline_state(
        Artifact("buyer", PAGE, ArtifactKind.DOM_SNAPSHOT, None, "text/html", broken)
    )
    assert [s.reason for s in skips] == [
        "self.__next_f: 1 flight row(s) not read, e.g. row 9: malformed JSON (JSONDecodeError)"
    ]
    assert any(e.value == "010190-1234" for e in exposures)  # the rest is still read


def test_rows_parse_in_one_pass() -> None:
    rows, problems = parse_rows('a:["x"]\nnot a row\nb:T3,abc1f:null\n')
    assert [(r.row_id, r.document, r.text) for r in rows] == [
        ("a", ["x"], None),
        ("b", None, "abc"),
        ("1f", None, None),
    ]
    assert problems == ["a line that is not a flight row"]


def test_server_components_response_of_a_prefetch() -> None:
    """``?_rsc=`` answers (client navigations, link prefetches) are flight rows too."""
    from leakcheck.extract import extract

    body = (
        '0:["$","div",null,{"bidder":{"name":"Jens Hansen","cpr":"0101901234"}}]\n'
        '1:I["chunks/app.js"]\n'
        "2:T17,hello jens@firma.dk ok\n"
        "3:not a row\n"
    )
    response = Artifact(
        role="buyer",
        page="https://x.test/",
        kind=ArtifactKind.RESPONSE,
        url="https://x.test/case/2?_rsc=1x2y",
        content_type="text/x-component",
        body=body,
        status=200,
        method="GET",
    )
    extraction = extract([response])
    located = {(e.location.path, e.location.detail): e.value for e in extraction.exposures}
    assert located[("flight|json:$[*].bidder.cpr", "flight|row:0|json:$[3].bidder.cpr")] == (
        "0101901234"
    )
    assert located[("flight|text", "flight|row:2|text")] == "hello jens@firma.dk ok\n"
    assert not any("chunks/app.js" in v for v in located.values())  # module rows are code
    assert all(e.surface is Surface.NETWORK_JSON for e in extraction.exposures)
    assert [s.reason for s in extraction.skips] == [
        "1 flight row(s) not read, e.g. row 3: malformed JSON (JSONDecodeError)"
    ]
