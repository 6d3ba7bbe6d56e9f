"""Judging: rows, allow and deny rules, canaries, secrets, third parties, zero-config."""

from __future__ import annotations

from collections.abc import Sequence

from leakcheck.extract.rendered import VisibleText
from leakcheck.judge import Judge, JudgeInput, ThirdPartyPolicy
from leakcheck.models import Detection, Exposure, Location, Record, Rendered, Severity, Surface
from leakcheck.profile.entitlements import RoleEntitlements
from leakcheck.profile.schema import Entitlements
from leakcheck.redact import Redactor

PAGE = "http://t/cases/1"
ME = "p-me"
BIDS = [
    {"__typename": "Bid", "amount": 100, "bidder": {"id": ME, "name": "Ann Berg"}},
    {"__typename": "Bid", "amount": 200, "bidder": {"id": "p-other", "name": "Bo Dahl"}},
]
RULES = Entitlements.model_validate(
    {
        "allow": [{"field": "Agent.*"}],
        "rows": [{"type": "Bid", "where": {"bidder.id": "me.id"}}],
        "deny": [{"field": "Bid.amount", "data_class": "financial.amount"}],
    }
)


def bid_exposures(role: str = "buyer") -> list[Exposure]:
    out = []
    for bid in BIDS:
        records = (Record("$.data.case.bids[*]", "Bid", bid),)
        person = (*records, Record("$.data.case.bids[*].bidder", "Person", bid["bidder"]))
        out.append(
            Exposure(
                role,
                PAGE,
                Surface.NETWORK_GRAPHQL,
                "http://t/graphql",
                Location("$.data.case.bids[*].amount", "Bid.amount"),
                str(bid["amount"]),
                "amount",
                records=records,
            )
        )
        out.append(
            Exposure(
                role,
                PAGE,
                Surface.NETWORK_GRAPHQL,
                "http://t/graphql",
                Location("$.data.case.bids[*].bidder.name", "Person.name"),
                str(bid["bidder"]["name"]),
                "name",
                records=person,
            )
        )
    return out


def name(value: str) -> tuple[Detection, ...]:
    return (Detection("person_name", 0.8, "key-context"),)


def detections_for(exposures: Sequence[Exposure]) -> list[tuple[Detection, ...]]:
    return [name(e.value) if e.key == "name" else () for e in exposures]


def judge(
    context: JudgeInput,
    exposures: Sequence[Exposure],
    detections: Sequence[Sequence[Detection]] | None = None,
) -> list:
    redactor = Redactor(b"test-key")
    return Judge(context, redactor).judge(exposures, detections or detections_for(exposures))


def with_rules(**extra: object) -> JudgeInput:
    return JudgeInput(entitlements={"buyer": RoleEntitlements(RULES, {"id": ME})}, **extra)


def test_own_row_is_entitled_and_other_rows_are_findings() -> None:
    findings = judge(with_rules(), bid_exposures())
    found = {(f.rule, f.location.path, f.data_classes) for f in findings}
    assert found == {
        ("LC101", "$.data.case.bids[*].amount", ("financial.amount",)),
        ("LC102", "$.data.case.bids[*].bidder.name", ("person_name",)),
    }
    redactor = Redactor(b"test-key")
    digests = {f.value_digest for f in findings}
    assert digests == {redactor.value_digest("200"), redactor.value_digest("Bo Dahl")}


def test_evidence_is_redacted_and_fingerprints_are_stable_across_hosts() -> None:
    first = judge(with_rules(), bid_exposures())
    assert all("Bo Dahl" not in f.evidence and "200" not in f.evidence for f in first)
    moved = [
        Exposure(
            e.role,
            "http://staging:8080/cases/1",
            e.surface,
            "http://staging:8080/graphql",
            e.location,
            e.value,
            e.key,
            records=e.records,
        )
        for e in bid_exposures()
    ]
    assert {f.fingerprint for f in judge(with_rules(), moved)} == {f.fingerprint for f in first}


def test_entitled_values_are_allowed_where_they_reappear_in_the_dom() -> None:
    dom = [
        Exposure(
            "buyer",
            PAGE,
            Surface.DOM_VISIBLE,
            None,
            Location("div#me"),
            "Ann Berg",
            rendered=Rendered.YES,
        ),
        Exposure(
            "buyer",
            PAGE,
            Surface.DOM_VISIBLE,
            None,
            Location("div#last"),
            "Bo Dahl",
            rendered=Rendered.YES,
        ),
    ]
    exposures = bid_exposures() + dom
    dets = detections_for(exposures)[:-2] + [name("Ann Berg"), name("Bo Dahl")]
    findings = judge(with_rules(), exposures, dets)
    dom_findings = [f for f in findings if f.surface is Surface.DOM_VISIBLE]
    assert [(f.rule, f.location.path, f.severity) for f in dom_findings] == [
        ("LC102", "div#last", Severity.MEDIUM)
    ]


def test_zero_config_reports_only_personal_data_the_pages_never_show() -> None:
    visible = {("buyer", PAGE): VisibleText("Your bid: 100 kr. Ann Berg")}
    findings = judge(JudgeInput(entitlements={}, visible=visible), bid_exposures())
    assert [(f.rule, f.rendered) for f in findings] == [("LC104", Rendered.NO)]
    assert findings[0].value_digest == Redactor(b"test-key").value_digest("Bo Dahl")
    # Without a snapshot of the page nothing can be said about rendering: no LC104.
    assert judge(JudgeInput(entitlements={}), bid_exposures()) == []


def test_canaries_secrets_and_third_parties() -> None:
    canary = Exposure(
        "buyer",
        PAGE,
        Surface.HTML_COMMENT,
        None,
        Location("body::comment"),
        "note: canary.bidder@estate-canary.test here",
    )
    secret = Exposure(
        "buyer",
        PAGE,
        Surface.NETWORK_JSON,
        "http://t/api",
        Location("$.config.stripeKey"),
        "sk_live_abcdefghijklmnop1234",
    )
    sent = Exposure(
        "buyer",
        PAGE,
        Surface.THIRD_PARTY_REQUEST,
        "http://3p/c",
        Location("query:email"),
        "me@x.dk",
        receiver="http://3p:80",
    )
    start = canary.value.index("canary.")
    dets = [
        (
            Detection(
                "canary", 1.0, "canary", start, start + len("canary.bidder@estate-canary.test")
            ),
        ),
        (Detection("secret.api_key", 0.9, "stripe"),),
        (Detection("email", 0.9, "email"),),
    ]
    context = JudgeInput(
        entitlements={}, canary_owners={"canarybidder@estatecanarytest": frozenset()}
    )
    found = {(f.rule, f.severity, f.receiver) for f in judge(context, [canary, secret, sent], dets)}
    assert found == {
        ("LC103", Severity.CRITICAL, None),
        ("LC201", Severity.HIGH, None),
        ("LC301", Severity.HIGH, "http://3p:80"),
    }
    allowed = JudgeInput(
        entitlements={},
        canary_owners={"canarybidder@estatecanarytest": frozenset({"buyer"})},
        third_parties=ThirdPartyPolicy({"http://3p:80": frozenset({"email"})}),
    )
    assert [f.rule for f in judge(allowed, [canary, secret, sent], dets)] == ["LC201"]


def test_low_confidence_detections_are_ignored_and_duplicates_counted() -> None:
    exposures = bid_exposures() + bid_exposures()
    weak = [(Detection("person_name", 0.2, "guess"),) if e.key == "name" else () for e in exposures]
    assert [f.rule for f in judge(with_rules(), exposures, weak)] == ["LC101"]
    strong = judge(with_rules(), exposures)
    assert {f.occurrences for f in strong} == {2}


def test_json_held_in_a_string_is_judged_by_its_leaves_but_dom_text_is_not_skipped() -> None:
    raw = '[{"name": "Bo Dahl", "email": "bo@dahl.dk"}]'
    stored = Exposure("buyer", PAGE, Surface.WEB_STORAGE, None, Location("localStorage:k"), raw)
    leaf = Exposure(
        "buyer",
        PAGE,
        Surface.WEB_STORAGE,
        None,
        Location("localStorage:k|json:$[*].email"),
        "bo@dahl.dk",
        "email",
    )
    shown = Exposure("buyer", PAGE, Surface.DOM_HIDDEN, None, Location("pre"), raw)
    email = Detection("email", 0.9, "email", raw.index("bo@"), raw.index("bo@") + 10)
    found = judge(
        with_rules(),
        [stored, leaf, shown],
        [(email,), (Detection("email", 0.9, "email"),), (email,)],
    )
    assert sorted(f.location.path for f in found) == ["localStorage:k|json:$[*].email", "pre"]


def test_an_encoded_canary_is_exempt_only_for_roles_allowed_every_canary() -> None:
    encoded = Exposure("buyer", PAGE, Surface.COOKIE, None, Location("cookie:c"), "Y2FuYXJ5LWFh")
    hit = (Detection("canary", 1.0, "canary"),)
    owners = {"canaryaa": frozenset({"buyer"}), "canarybb": frozenset({"buyer", "agent"})}
    allowed = JudgeInput(entitlements={}, canary_owners=owners)
    assert judge(allowed, [encoded], [hit]) == []
    other = Exposure("agent", PAGE, Surface.COOKIE, None, Location("cookie:c"), "Y2FuYXJ5LWFh")
    assert [f.rule for f in judge(allowed, [other], [hit])] == ["LC103"]


def test_an_encoded_canary_named_by_the_detector_gets_its_own_owners() -> None:
    owners = {"canaryaa": frozenset({"buyer"}), "canarybb": frozenset({"buyer", "agent"})}
    allowed = JudgeInput(entitlements={}, canary_owners=owners)
    value = "Y2FuYXJ5LWJi"  # base64 of canary-bb: the span is the whole value
    named = (Detection("canary", 1.0, "canary:encoded", matched="canary-bb"),)
    for role in ("buyer", "agent"):
        blob = Exposure(role, PAGE, Surface.COOKIE, None, Location("cookie:c"), value)
        assert judge(allowed, [blob], [named]) == []  # canary-bb is the agent's too
    seller = Exposure("seller", PAGE, Surface.COOKIE, None, Location("cookie:c"), value)
    assert [f.rule for f in judge(allowed, [seller], [named])] == ["LC103"]
    aa = (Detection("canary", 1.0, "canary:encoded", matched="canary-aa"),)
    agent = Exposure("agent", PAGE, Surface.COOKIE, None, Location("cookie:c"), "Y2FuYXJ5LWFh")
    assert [f.rule for f in judge(allowed, [agent], [aa])] == ["LC103"]
