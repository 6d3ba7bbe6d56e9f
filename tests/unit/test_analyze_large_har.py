"""`analyze` on a HAR holding one large GraphQL response: every leak in it is judged.

Speed is measured by ``benchmarks/analyze_har.py``; this checks that the path the benchmark
times is complete on a large single response: every other bidder's CPR number and e-mail is a
finding, the role's own are not, and nothing is skipped.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from leakcheck.pipeline import analyze_har
from leakcheck.profile import load_profile
from leakcheck.redact import Redactor

RECORDS = 3_000
ME = "00000000-0000-4000-8000-000000000001"
QUERY = "query CaseBids { case { id bids { id amount bidder { id name email cpr } note } } }"
PROFILE = f"""version: 1
name: large-har
target: {{url: "https://estate.example"}}
roles:
  buyer:
    attributes: {{id: {ME}}}
    pages: [{{url: /case/1}}]
    entitlements:
      allow:
        - {{field: "Case.*", reason: public case facts}}
      rows:
        - {{type: Person, where: {{id: me.id}}}}
"""


def _cpr(rng: random.Random) -> str:
    born = date(1940, 1, 1) + timedelta(days=rng.randrange(20_000))
    return f"{born:%d%m%y}-{rng.choice('0123')}{rng.randrange(1000):03d}"


def _bids(rng: random.Random) -> list[dict[str, Any]]:
    bids = []
    for i in range(RECORDS):
        person = ME if i == 7 else str(uuid.UUID(int=rng.getrandbits(128)))
        bids.append(
            {
                "__typename": "Bid",
                "id": str(uuid.UUID(int=rng.getrandbits(128))),
                "amount": rng.randrange(1_000_000, 9_000_000, 5_000),
                "bidder": {
                    "__typename": "Person",
                    "id": person,
                    "name": f"Bidder {i}",
                    "email": f"bidder.{i}@firma{i % 50}.dk",
                    "cpr": _cpr(rng),
                },
                "note": None,
            }
        )
    return bids


def _har(body: str) -> dict[str, object]:
    request = json.dumps({"query": QUERY, "operationName": "CaseBids"})
    entry = {
        "pageref": "page_1",
        "startedDateTime": "2026-11-22T09:00:01.000Z",
        "time": 100,
        "request": {
            "method": "POST",
            "url": "https://estate.example/graphql",
            "httpVersion": "HTTP/2",
            "headers": [],
            "queryString": [],
            "cookies": [],
            "headersSize": -1,
            "bodySize": len(request),
            "postData": {"mimeType": "application/json", "text": request},
        },
        "response": {
            "status": 200,
            "statusText": "OK",
            "httpVersion": "HTTP/2",
            "headers": [{"name": "content-type", "value": "application/json"}],
            "cookies": [],
            "content": {"size": len(body), "mimeType": "application/json", "text": body},
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": len(body),
        },
        "cache": {},
        "timings": {"send": 0, "wait": 90, "receive": 10},
    }
    page = {"id": "page_1", "title": "https://estate.example/case/1", "pageTimings": {}}
    page["startedDateTime"] = "2026-11-22T09:00:00.000Z"
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": "WebInspector"},
            "pages": [page],
            "entries": [entry],
        }
    }


def test_every_foreign_value_of_one_large_response_is_a_finding(tmp_path: Path) -> None:
    bids = _bids(random.Random(3))
    body = json.dumps({"data": {"case": {"__typename": "Case", "id": "1", "bids": bids}}})
    assert len(body) > 500_000
    har = tmp_path / "large.har"
    har.write_text(json.dumps(_har(body)), encoding="utf-8")
    profile_path = tmp_path / "profile.yaml"
    profile_path.write_text(PROFILE, encoding="utf-8")
    redactor = Redactor(b"large-har-key")

    result = analyze_har(har, redactor, load_profile(profile_path), "buyer", profile_path)

    assert result.skips == []
    digests_by_class: dict[str, set[str]] = {}
    for finding in result.findings:
        for data_class in finding.data_classes:
            digests_by_class.setdefault(data_class, set()).add(finding.value_digest)
    people = [b["bidder"] for b in bids]
    own = next(p for p in people if p["id"] == ME)
    others = [p for p in people if p is not own]
    for data_class, key in (("national_id.dk", "cpr"), ("email", "email")):
        expected = {redactor.value_digest(str(p[key])) for p in others}
        assert digests_by_class[data_class] == expected, data_class
        assert redactor.value_digest(str(own[key])) not in digests_by_class[data_class]
