"""Suppressions (with reasons and expiry), baselines that survive re-runs, the profile schema."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from leakcheck.extract.network import extract_network
from leakcheck.judge import Judge, JudgeInput
from leakcheck.models import Artifact, ArtifactKind, Detection
from leakcheck.profile import parse_profile
from leakcheck.profile.entitlements import RoleEntitlements
from leakcheck.profile.jsonschema import SCHEMA_FILE, render_schema
from leakcheck.profile.schema import Entitlements, Suppression
from leakcheck.redact import Redactor
from leakcheck.suppress import apply_baseline, apply_suppressions, read_baseline, write_baseline

REPO = Path(__file__).resolve().parents[2]
QUERY = "query CasePage { case { bids { amount bidder { id name } } } }"


def bids_payload(bids: list[tuple[str, str, int]], extra: dict[str, str] | None = None) -> str:
    case: dict[str, object] = {
        "__typename": "Case",
        "bids": [
            {
                "__typename": "Bid",
                "amount": amount,
                "bidder": {"__typename": "Person", "id": pid, "name": name},
            }
            for pid, name, amount in bids
        ],
    }
    case.update(extra or {})
    return json.dumps({"data": {"case": case}})


def findings(body: str) -> list:
    artifact = Artifact(
        "buyer",
        "http://t/cases/1",
        ArtifactKind.RESPONSE,
        "http://t/graphql",
        "application/json",
        body,
        200,
        json.dumps({"query": QUERY}),
    )
    exposures, _ = extract_network(artifact)
    detections = [
        (Detection("person_name", 0.8, "key"),) if e.key == "name" else () for e in exposures
    ]
    rules = Entitlements.model_validate(
        {
            "rows": [{"type": "Bid", "where": {"bidder.id": "me.id"}}],
            "deny": [{"field": "Bid.amount", "data_class": "financial.amount"}],
        }
    )
    judge = Judge(JudgeInput({"buyer": RoleEntitlements(rules, {"id": "me"})}), Redactor(b"k"))
    return judge.judge(exposures, detections)


def test_fingerprints_survive_reordering_a_new_bid_and_unrelated_changes(tmp_path: Path) -> None:
    before = findings(
        bids_payload([("me", "Ann Berg", 100), ("p2", "Bo Dahl", 200), ("p3", "Cy Eng", 300)])
    )
    after = findings(
        bids_payload(
            [
                ("p3", "Cy Eng", 300),
                ("p4", "Di Fog", 400),
                ("me", "Ann Berg", 100),
                ("p2", "Bo Dahl", 200),
            ],
            extra={"status": "for_sale"},
        )
    )
    path = tmp_path / "baseline.json"
    write_baseline(before, path, "estate")
    assert "Bo Dahl" not in path.read_text()
    new, known, fixed = apply_baseline(after, read_baseline(path))
    assert {f.fingerprint for f in before} <= {f.fingerprint for f in after}
    assert known == len(before) == 4 and fixed == []
    assert {f.data_classes for f in new} == {("financial.amount",), ("person_name",)}
    assert len(new) == 2  # only the new bid's amount and name
    gone, _, fixed = apply_baseline(
        findings(bids_payload([("me", "Ann Berg", 100)])), read_baseline(path)
    )
    assert gone == [] and len(fixed) == 4


def test_suppressions_need_a_reason_match_narrowly_and_expire() -> None:
    found = findings(bids_payload([("me", "Ann", 100), ("p2", "Bo Dahl", 200)]))
    keep_names = Suppression(reason="accepted until the API is versioned", rule="LC101")
    expired = Suppression(reason="old waiver", data_class="person_name", expires=date(2020, 1, 1))
    kept, suppressed, notes = apply_suppressions(found, [keep_names, expired], date(2026, 1, 1))
    assert [f.rule for f in kept] == ["LC102"]
    assert [(s.finding.rule, s.reason) for s in suppressed] == [
        ("LC101", "accepted until the API is versioned")
    ]
    assert notes == ["suppression expired on 2020-01-01 and no longer applies: old waiver"]


@pytest.mark.parametrize(
    ("suppression", "message"),
    [
        ("{rule: LC101}", "suppressions.0.reason: required key is missing"),
        ("{reason: because}", "a suppression needs rule, role, location or data_class"),
        ("{reason: because, rule: LC101, expires: soon}", "suppressions.0.expires"),
    ],
)
def test_a_suppression_without_reason_or_target_is_a_profile_error(
    suppression: str, message: str
) -> None:
    text = (
        f"name: p\ntarget: {{url: http://t}}\nroles: {{r: {{pages: [/]}}}}\n"
        f"suppressions: [{suppression}]\n"
    )
    with pytest.raises(Exception, match=message.replace(".", r"\.")):
        parse_profile(text, Path("p.yaml"), {})


def test_published_profile_schema_is_up_to_date() -> None:
    assert (REPO / "profiles" / SCHEMA_FILE).read_text() == render_schema(), (
        "regenerate: python -m leakcheck.profile.jsonschema > profiles/" + SCHEMA_FILE
    )
