"""Large inputs complete in linear time; timings are printed (``-s``), never asserted."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from leakcheck.extract.decode import decode_value
from leakcheck.extract.documents import extract_document
from leakcheck.extract.storage import extract_storage
from leakcheck.models import Artifact, ArtifactKind

MB = 1024 * 1024


def timed(label: str, size: int, work: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - start
    print(f"\n{label}: {size / MB:.1f} MB in {elapsed:.2f} s")
    return result


def bidders(count: int) -> list[dict[str, str]]:
    return [
        {
            "id": f"b-{i}",
            "name": f"Person {i} Lund",
            "email": f"p{i}@example.test",
            "ctx": f"ref={i}&mail=p{i}%40example.test",
        }
        for i in range(count)
    ]


def storage(value: str) -> Artifact:
    return Artifact(
        role="buyer",
        page="https://estate.test/",
        kind=ArtifactKind.STORAGE,
        url=None,
        content_type="application/json",
        body=json.dumps({"localStorage": {"big": value}}),
    )


def test_five_megabyte_storage_value() -> None:
    value = json.dumps(bidders(5 * MB // 120))
    assert len(value) > 5 * MB * 0.95
    exposures, skips = timed(
        "storage JSON value", len(value), lambda: extract_storage(storage(value))
    )
    assert skips == []
    assert any(e.location.path == "localStorage:big|json:$[*].ctx|query:mail" for e in exposures)


def test_five_megabyte_base64_storage_value() -> None:
    value = base64.b64encode(json.dumps(bidders(5 * MB // 160)).encode()).decode()
    assert len(value) > 5 * MB * 0.95
    exposures, _ = timed(
        "storage base64 value", len(value), lambda: extract_storage(storage(value))
    )
    assert any(e.location.path == "localStorage:big|base64|json:$[*].email" for e in exposures)


def _decode_all(value: str) -> list[tuple[str, str, str | None]]:
    return list(decode_value(value, "v"))


def test_five_megabyte_opaque_values_are_cheap() -> None:
    for label, value in [
        ("opaque token", "Ab9" * (5 * MB // 3)),
        ("percent junk", "%41%zz" * (5 * MB // 6)),
        ("ampersands", "&x;" * (5 * MB // 3)),
        ("equals", "a=b&" * (5 * MB // 4)),
    ]:
        rows = timed(label, len(value), partial(_decode_all, value))
        assert rows[0][0] == "v"


def test_five_megabyte_csv() -> None:
    header = "navn;email;telefon;cpr;bud_dkk;note\n"
    line = '"Lund, Ida {i}";ida{i}@example.test;+45 11 22 33 44;010190-1234;3450000;"ok"\n'
    body = header + "".join(line.format(i=i) for i in range(5 * MB // len(line)))
    artifact = Artifact(
        role="buyer",
        page="https://estate.test/",
        kind=ArtifactKind.RESPONSE,
        url="https://estate.test/documents/x/bidders.csv",
        content_type="text/plain",
        body=body,
        status=200,
        meta={"fetched": "linked-document"},
    )
    exposures, skips = timed("CSV document", len(body), lambda: extract_document(artifact))
    assert skips == []
    assert exposures[-1].location.path == "csv:note"
