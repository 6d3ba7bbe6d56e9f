"""The judge rule by rule: each code, the order in which rules win, severities, fingerprints.

Every test builds exposures, detections and entitlements directly and runs the pure judge:
milliseconds, no browser. ``scripts/judge_mutations.py`` switches each behaviour of the judge
off in a copy of the package and shows which of these tests fail.

The order the code applies (one exposure's span at a time, first match wins):

1. a canary the role does not own is ``LC103``;
2. anything sent to a third party is ``LC301`` unless the receiver is allowed those classes, and
   nothing else (the role's own rules do not apply to what leaves the site);
3. a secret is ``LC201`` unless an allow rule names its class;
4. a denied field outside the role's own rows is ``LC101``, even where an allow rule covers it;
5. personal data in the role's own rows, a linked document the role was given, or text made of
   values the role is entitled to is fine;
6. personal data an allow rule covers is fine, otherwise ``LC102`` for a role with entitlements;
7. a role without entitlements (zero-config) gets ``LC104`` only where none of its pages shows it.

The design's order reads canary > secret > third party > deny > own row > allow > zero-config;
the code puts third party before secret (a key sent to an analytics host is ``LC301``) and the
role's own rows before deny (a denied field in the role's own record is fine). The tests pin
what the code does; ``test_precedence`` has one case per pair.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import astuple

import pytest

from leakcheck.extract.rendered import VisibleText
from leakcheck.judge import DECODED_SURFACES, Judge, JudgeInput, ThirdPartyPolicy
from leakcheck.models import (
    Detection,
    Exposure,
    Finding,
    Location,
    Record,
    Rendered,
    Severity,
    Surface,
)
from leakcheck.profile.entitlements import RoleEntitlements
from leakcheck.profile.schema import Entitlements
from leakcheck.redact import Redactor
from leakcheck.rules import RULES
from leakcheck.textnorm import fold

KEY = b"test-key"
PAGE = "http://t/cases/1"
OTHER_PAGE = "http://t/cases/2"
API = "http://t/api/case/1"
ME = "p-me"
THEM = "p-other"
RECEIVER = "http://analytics.example:443"
OWN_BID = Record("$.data.case.bids[*]", "Bid", {"bidder": {"id": ME}})
OTHER_BID = Record("$.data.case.bids[*]", "Bid", {"bidder": {"id": THEM}})
CANARY = "canary.bidder@estate-canary.test"

Item = tuple[Exposure, Sequence[Detection]]


def expose(
    value: str,
    path: str = "$.data.case.bids[*].bidder.note",
    *,
    role: str = "buyer",
    surface: Surface = Surface.NETWORK_JSON,
    page: str = PAGE,
    url: str | None = API,
    type_field: str | None = None,
    detail: str | None = None,
    rendered: Rendered = Rendered.UNKNOWN,
    records: tuple[Record, ...] = (),
    receiver: str | None = None,
) -> Exposure:
    return Exposure(
        role,
        page,
        surface,
        url,
        Location(path, type_field, detail),
        value,
        path.rsplit(".", 1)[-1],
        rendered,
        records,
        receiver,
    )


def whole(*classes: str, confidence: float = 0.9) -> tuple[Detection, ...]:
    """Detections covering the whole value."""
    return tuple(Detection(c, confidence, f"test-{c}") for c in classes)


def part(value: str, text: str, data_class: str) -> Detection:
    """A detection of ``text`` inside ``value``."""
    start = value.index(text)
    return Detection(data_class, 0.9, f"test-{data_class}", start, start + len(text))


def rules(
    allow: Sequence[Mapping[str, object]] = (),
    rows: Sequence[Mapping[str, object]] = ({"type": "Bid", "where": {"bidder.id": "me.id"}},),
    deny: Sequence[Mapping[str, object]] = (),
    **attributes: str,
) -> RoleEntitlements:
    compiled = Entitlements.model_validate(
        {"allow": list(allow), "rows": list(rows), "deny": list(deny)}
    )
    return RoleEntitlements(compiled, {"id": ME, **attributes})


def judge(items: Sequence[Item], **context: object) -> list[Finding]:
    context.setdefault("entitlements", {})
    judge_input = JudgeInput(**context)
    return Judge(judge_input, Redactor(KEY)).judge(
        [exposure for exposure, _ in items], [found for _, found in items]
    )


def codes(findings: Sequence[Finding]) -> list[str]:
    return [f.rule for f in findings]


def configured(**role_rules: object) -> dict[str, RoleEntitlements]:
    return {"buyer": rules(**role_rules)}


# --- one test per rule ---------------------------------------------------------------------


def test_lc101_a_denied_field_outside_the_role_s_rows_whatever_it_holds() -> None:
    deny = [{"field": "Bid.note", "data_class": "free_text.note", "severity": "low"}]
    theirs = expose("Ring efter kl. 17", type_field="Bid.note", records=(OTHER_BID,))
    detected = expose("Bo har lånetilsagn", type_field="Bid.note", records=(OTHER_BID,))
    mine = expose("Min egen note", type_field="Bid.note", records=(OWN_BID,))
    found = judge(
        [(theirs, ()), (detected, whole("person_name")), (mine, ())],
        entitlements=configured(deny=deny),
    )
    assert [(f.rule, f.data_classes, f.severity, f.message) for f in found] == [
        ("LC101", ("free_text.note",), Severity.LOW, RULES["LC101"].title),
        ("LC101", ("free_text.note", "person_name"), Severity.LOW, RULES["LC101"].title),
    ]


def test_lc102_personal_data_no_rule_entitles_the_role_to() -> None:
    email = "bo@dahl.example"
    allow = [
        {"location": "$.data.case.agent.*"},
        {"classes": ["phone"]},
        {"location": "$.data.case.bids[*].bidder.email", "surfaces": ["dom-visible"]},
    ]
    items = [
        (expose(email, "$.data.case.bids[*].bidder.email", records=(OTHER_BID,)), whole("email")),
        (expose("agent@estate.example", "$.data.case.agent.email"), whole("email")),
        (expose("+45 12 34 56 78", "$.data.case.bids[*].bidder.phone"), whole("phone")),
    ]
    found = judge(items, entitlements=configured(allow=allow))
    assert [(f.rule, f.location.path, f.severity, f.data_classes) for f in found] == [
        ("LC102", "$.data.case.bids[*].bidder.email", Severity.HIGH, ("email",))
    ]


def test_lc103_a_canary_reaches_a_role_that_does_not_own_it() -> None:
    comment = f"<!-- test bidder: {CANARY} -->"
    item = (
        expose(comment, "body::comment", surface=Surface.HTML_COMMENT, url=None),
        (part(comment, CANARY, "canary"),),
    )
    owners = {fold(CANARY): frozenset({"agent"})}
    found = judge([item], canary_owners=owners)
    assert [(f.rule, f.severity, f.data_classes) for f in found] == [
        ("LC103", Severity.CRITICAL, ("canary",))
    ]
    owned = expose(comment, "body::comment", role="agent", surface=Surface.HTML_COMMENT)
    assert judge([(owned, item[1])], canary_owners=owners) == []


def test_lc104_zero_config_personal_data_that_no_page_of_the_role_shows() -> None:
    visible = {("buyer", PAGE): VisibleText("Bud 1: 2.350.000 kr. · Ann Berg")}
    items = [
        (expose("Ann Berg", "$.data.case.bids[*].bidder.name"), whole("person_name")),
        (expose("Bo Dahl", "$.data.case.bids[*].bidder.name"), whole("person_name")),
        (expose("0101901234", "$.data.case.bids[*].bidder.cpr"), whole("national_id.dk")),
    ]
    found = judge(items, visible=visible)
    assert [(f.rule, f.rendered, f.severity, f.data_classes) for f in found] == [
        ("LC104", Rendered.NO, Severity.HIGH, ("person_name",)),
        ("LC104", Rendered.NO, Severity.CRITICAL, ("national_id.dk",)),
    ]
    # Without a snapshot of the page nothing is known about rendering: no LC104.
    assert judge(items) == []


def test_lc104_takes_a_dom_exposure_s_own_rendering() -> None:
    hidden = expose("Bo Dahl", "div.bidder[hidden]", surface=Surface.DOM_HIDDEN, url=None)
    shown = expose("Ann Berg", "div.me", surface=Surface.DOM_VISIBLE, url=None)
    items = [
        (Exposure(**{**_fields(hidden), "rendered": Rendered.NO}), whole("person_name")),
        (Exposure(**{**_fields(shown), "rendered": Rendered.YES}), whole("person_name")),
    ]
    assert [(f.rule, f.location.path) for f in judge(items)] == [("LC104", "div.bidder[hidden]")]


def test_lc201_a_secret_unless_an_allow_rule_names_its_class() -> None:
    key = expose("sk_live_abcdefghijklmnop1234", "$.config.stripeKey")
    host = expose("db01.corp.internal", "$.config.dbHost")
    items = [(key, whole("secret.api_key")), (host, whole("internal_host"))]
    found = judge(items)
    assert [(f.rule, f.severity, f.data_classes) for f in found] == [
        ("LC201", Severity.HIGH, ("secret.api_key",)),
        ("LC201", Severity.HIGH, ("internal_host",)),
    ]
    class_free = [{"location": "$.config.*"}]
    assert codes(judge(items, entitlements=configured(allow=class_free))) == ["LC201", "LC201"]
    named = [{"location": "$.config.stripeKey", "classes": ["secret.api_key"]}]
    assert codes(judge(items, entitlements=configured(allow=named))) == ["LC201"]


def test_lc301_personal_data_sent_to_a_receiver_not_allowed_those_classes() -> None:
    sent = expose(
        "me@x.example",
        "query:email",
        surface=Surface.THIRD_PARTY_REQUEST,
        url=f"{RECEIVER}/collect?email=me%40x.example",
        receiver=RECEIVER,
    )
    found = judge([(sent, whole("email"))])
    assert [(f.rule, f.receiver, f.severity) for f in found] == [("LC301", RECEIVER, Severity.HIGH)]
    assert found[0].url == f"{RECEIVER}/collect?email=…"
    allowed = ThirdPartyPolicy({RECEIVER: frozenset({"email"})})
    assert judge([(sent, whole("email"))], third_parties=allowed) == []
    partly = judge([(sent, whole("email", "phone"))], third_parties=allowed)
    assert codes(partly) == ["LC301"]
    elsewhere = ThirdPartyPolicy({"http://other.example:443": frozenset({"email"})})
    assert codes(judge([(sent, whole("email"))], third_parties=elsewhere)) == ["LC301"]


def test_every_rule_code_is_emitted_by_the_judge() -> None:
    """The scenarios above between them produce every code in ``RULES``: a new code needs one."""
    comment = f"note {CANARY}"
    items: list[Item] = [
        (expose("x", type_field="Bid.note", records=(OTHER_BID,)), ()),
        (expose("bo@dahl.example", "$.data.case.bids[*].bidder.email"), whole("email")),
        (
            expose(comment, "body::comment", surface=Surface.HTML_COMMENT),
            (part(comment, CANARY, "canary"),),
        ),
        (expose("sk_live_abcdefghijklmnop1234", "$.config.key"), whole("secret.api_key")),
        (
            expose(
                "a@b.example", "query:e", surface=Surface.THIRD_PARTY_REQUEST, receiver=RECEIVER
            ),
            whole("email"),
        ),
        (expose("Bo Dahl", "$.data.bidder.name", role="guest"), whole("person_name")),
    ]
    found = judge(
        items,
        entitlements=configured(deny=[{"field": "Bid.note"}]),
        visible={("guest", PAGE): VisibleText("Velkommen")},
    )
    assert sorted(set(codes(found))) == sorted(RULES)


# --- which rule wins, pairwise ----------------------------------------------------------------

SECRET = "sk_live_abcdefghijklmnop1234"
OWN_NAME = "Ann Berg"


def _pair(
    value: str,
    classes: Sequence[str],
    *,
    path: str = "$.data.case.bids[*].bidder.note",
    type_field: str | None = None,
    surface: Surface = Surface.NETWORK_JSON,
    records: tuple[Record, ...] = (OTHER_BID,),
    allow: Sequence[Mapping[str, object]] = (),
    deny: Sequence[Mapping[str, object]] = (),
    canary_owner: str = "agent",
    role_rules: bool = True,
) -> list[tuple[str, tuple[str, ...]]]:
    """Judge one exposure that two rules could claim; return (code, classes) of its findings."""
    receiver = RECEIVER if surface is Surface.THIRD_PARTY_REQUEST else None
    exposure = expose(
        value, path, surface=surface, type_field=type_field, records=records, receiver=receiver
    )
    detections = tuple(
        Detection(c, 0.9, f"test-{c}", matched=CANARY if c == "canary" else None) for c in classes
    )
    context: dict[str, object] = {
        "canary_owners": {fold(CANARY): frozenset({canary_owner})},
        "visible": {("buyer", PAGE): VisibleText("Velkommen")},
    }
    if role_rules:
        context["entitlements"] = {"buyer": rules(allow=allow, deny=deny, name=OWN_NAME)}
    return [(f.rule, f.data_classes) for f in judge([(exposure, detections)], **context)]


SENT = Surface.THIRD_PARTY_REQUEST
DENY_NOTE = ({"field": "Bid.note", "data_class": "free_text.note"},)
ALLOW_NOTE = ({"field": "Bid.note"},)


def _case(expected: str | None, name: str, value: str, *classes: str, **kw: object) -> object:
    return pytest.param({"value": value, "classes": classes, **kw}, expected, id=name)


NOTE = {"type_field": "Bid.note"}
EMAIL = "x@y.example"


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        # canary > everything
        _case("LC103", "canary>secret", CANARY, "canary", "secret.api_key"),
        _case("LC103", "canary>third-party", CANARY, "canary", "email", surface=SENT),
        _case("LC103", "canary>deny", CANARY, "canary", **NOTE, deny=DENY_NOTE),
        _case("LC103", "canary>own-row", CANARY, "canary", "email", records=(OWN_BID,)),
        _case(
            "LC103",
            "canary>allow-naming-canary",
            CANARY,
            "canary",
            **NOTE,
            allow=[{"field": "Bid.note", "classes": ["canary"]}],
        ),
        # third party > secret, deny, own row, the role's allow rules
        _case("LC301", "third-party>secret", SECRET, "secret.api_key", surface=SENT),
        _case("LC301", "third-party>deny", EMAIL, "email", surface=SENT, **NOTE, deny=DENY_NOTE),
        _case("LC301", "third-party>own-row", EMAIL, "email", surface=SENT, records=(OWN_BID,)),
        _case("LC301", "third-party>allow", EMAIL, "email", surface=SENT, **NOTE, allow=ALLOW_NOTE),
        # secret > deny, own row, an allow rule that does not name the secret's class
        _case("LC201", "secret>deny", SECRET, "secret.api_key", **NOTE, deny=DENY_NOTE),
        _case("LC201", "secret>own-row", SECRET, "secret.api_key", records=(OWN_BID,)),
        _case(
            "LC201", "secret>class-free-allow", SECRET, "secret.api_key", **NOTE, allow=ALLOW_NOTE
        ),
        # deny > allow and entitled text; own row > deny
        _case("LC101", "deny>allow", EMAIL, "email", **NOTE, deny=DENY_NOTE, allow=ALLOW_NOTE),
        _case("LC101", "deny>entitled-text", OWN_NAME, "person_name", **NOTE, deny=DENY_NOTE),
        _case(None, "own-row>deny", EMAIL, "email", **NOTE, deny=DENY_NOTE, records=(OWN_BID,)),
        # own row, allow and entitled text > LC102
        _case(None, "own-row>LC102", EMAIL, "email", records=(OWN_BID,)),
        _case(None, "allow>LC102", EMAIL, "email", **NOTE, allow=ALLOW_NOTE),
        _case(None, "entitled-text>LC102", OWN_NAME, "person_name"),
        _case("LC102", "LC102-when-nothing-covers", EMAIL, "email"),
        # a role with entitlements is never judged zero-config; one without is
        _case("LC104", "zero-config>LC104", EMAIL, "email", role_rules=False),
        _case("LC201", "zero-config-secret", SECRET, "secret.api_key", role_rules=False),
    ],
)
def test_precedence(case: dict[str, object], expected: str | None) -> None:
    found = _pair(**case)
    assert [code for code, _ in found] == ([expected] if expected else [])


def test_an_allow_rule_naming_the_secret_s_class_beats_lc201_but_not_a_canary() -> None:
    allow = [{"field": "Bid.note", "classes": ["secret.api_key"]}]
    assert _pair(SECRET, ["secret.api_key"], type_field="Bid.note", allow=allow) == []
    assert _pair(CANARY, ["canary"], type_field="Bid.note", allow=allow, canary_owner="x") == [
        ("LC103", ("canary",))
    ]


def test_a_canary_the_role_owns_is_judged_like_any_other_value() -> None:
    assert _pair(CANARY, ["canary", "email"], canary_owner="buyer") == [
        ("LC102", ("canary", "email"))
    ]
    assert _pair(CANARY, ["canary"], canary_owner="buyer") == []
    assert _pair(CANARY, ["canary"], canary_owner="buyer", surface=SENT) == []


# --- severity ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("classes", "rendered", "expected"),
    [
        (("email",), Rendered.NO, Severity.HIGH),
        (("email",), Rendered.UNKNOWN, Severity.HIGH),
        (("email",), Rendered.YES, Severity.MEDIUM),
        (("national_id.dk",), Rendered.YES, Severity.CRITICAL),
        (("email", "national_id.se"), Rendered.NO, Severity.CRITICAL),
    ],
)
def test_lc102_is_medium_when_the_page_shows_it_unless_the_class_is_critical(
    classes: tuple[str, ...], rendered: Rendered, expected: Severity
) -> None:
    shown = {("buyer", PAGE): VisibleText("Køber: Bo Dahl")}
    value = "Bo Dahl" if rendered is Rendered.YES else "Cy Eng"
    item = (expose(value), whole(*classes))
    context = {"visible": shown} if rendered is not Rendered.UNKNOWN else {}
    found = judge([item], entitlements=configured(), **context)
    assert [(f.rule, f.rendered, f.severity) for f in found] == [("LC102", rendered, expected)]


def test_critical_classes_raise_every_rule_and_rendering_lowers_no_other() -> None:
    cpr = "0101901234"
    deny = [{"field": "Bid.cpr", "data_class": "restricted_field", "severity": "low"}]
    visible = {("buyer", PAGE): VisibleText(f"CPR {cpr} · Key sk_live_abcdefghijklmnop1234")}
    items: list[Item] = [
        (expose(cpr, "$.data.case.bids[*].cpr", type_field="Bid.cpr"), whole("national_id.dk")),
        (expose("x", "$.data.case.bids[*].flag", type_field="Bid.cpr"), ()),
        (expose("-----BEGIN PRIVATE KEY-----", "$.config.pem"), whole("secret.private_key")),
        (expose("sk_live_abcdefghijklmnop1234", "$.config.key"), whole("secret.api_key")),
        (
            expose(cpr, "body|json:$.cpr", surface=SENT, receiver=RECEIVER),
            whole("national_id.dk"),
        ),
    ]
    found = judge(items, entitlements=configured(deny=deny), visible=visible)
    assert [(f.rule, f.rendered, f.severity) for f in found] == [
        ("LC101", Rendered.YES, Severity.CRITICAL),
        ("LC101", Rendered.NO, Severity.LOW),
        ("LC201", Rendered.NO, Severity.CRITICAL),
        ("LC201", Rendered.YES, Severity.HIGH),
        ("LC301", Rendered.YES, Severity.CRITICAL),
    ]


# --- fingerprints, evidence, deduplication ------------------------------------------------------


def _one(exposure: Exposure, *classes: str, key: bytes = KEY) -> Finding:
    found = Judge(JudgeInput(entitlements=configured()), Redactor(key)).judge(
        [exposure], [whole(*classes)]
    )
    assert len(found) == 1
    return found[0]


def _fields(exposure: Exposure) -> dict[str, object]:
    names = (
        "role",
        "page",
        "surface",
        "url",
        "location",
        "value",
        "key",
        "rendered",
        "records",
        "receiver",
    )
    return dict(zip(names, (getattr(exposure, n) for n in names), strict=True))


def test_fingerprints_survive_hosts_queries_and_indices_but_not_what_identifies_a_leak() -> None:
    base = expose("Bo Dahl", detail="$.data.case.bids[3].bidder.note")
    fingerprint = _one(base, "person_name").fingerprint
    same = [
        {"page": "https://staging:8443/cases/1?tab=bids#top"},
        {"url": "https://staging:8443/api/case/1?ts=1700000000"},
        {"location": Location(base.location.path, None, "$.data.case.bids[7].bidder.note")},
        {"value": "BO  DAHL"},
        {"key": "other"},
    ]
    for change in same:
        moved = Exposure(**{**_fields(base), **change})
        assert _one(moved, "person_name").fingerprint == fingerprint, change
    different = [
        {"role": "seller"},
        {"page": OTHER_PAGE},
        {"surface": Surface.INLINE_STATE},
        {"url": "http://t/api/case/2"},
        {"location": Location("$.data.case.bids[*].bidder.name")},
        {"value": "Bo Dahlberg"},
    ]
    for change in different:
        moved = Exposure(**{**_fields(base), **change})
        entitlements = {role: rules() for role in ("buyer", "seller")}
        found = Judge(JudgeInput(entitlements=entitlements), Redactor(KEY)).judge(
            [moved], [whole("person_name")]
        )
        assert found[0].fingerprint != fingerprint, change
    assert _one(base, "person_name", key=b"another-key").fingerprint != fingerprint


def test_a_finding_holds_no_raw_value_and_its_digests_are_keyed() -> None:
    value = "0101901234"
    finding = _one(expose(value, "$.data.case.bids[*].cpr"), "national_id.dk")
    flat = repr(astuple(finding))
    assert value not in flat and fold(value) not in flat and "010190" not in flat
    assert finding.evidence == f"[national_id.dk · 10 chars · #{finding.value_digest[:8]}]"
    assert finding.value_digest == Redactor(KEY).value_digest(value)
    assert finding.value_digest != Redactor(b"another-key").value_digest(value)
    assert len(finding.fingerprint) == 32


def test_repeated_exposures_are_one_finding_counted_in_order_first_seen() -> None:
    bo = expose("Bo Dahl", detail="$.data.case.bids[1].bidder.note")
    cy = expose("Cy Eng", detail="$.data.case.bids[2].bidder.note")
    bo_again = Exposure(**{**_fields(bo), "location": Location(bo.location.path, None, "[5]")})
    found = judge(
        [(bo, whole("person_name")), (cy, whole("person_name")), (bo_again, whole("person_name"))],
        entitlements=configured(),
    )
    assert [(f.rule, f.occurrences) for f in found] == [("LC102", 2), ("LC102", 1)]
    assert found[0].value_digest == Redactor(KEY).value_digest("Bo Dahl")


def test_detections_below_the_confidence_threshold_are_ignored() -> None:
    items = [
        (expose("Bo Dahl"), whole("person_name", confidence=0.5)),
        (expose("Cy Eng", "$.data.x"), whole("person_name", confidence=0.49)),
        (expose("Di Fay", "$.data.y"), whole("person_name", confidence=0.89)),
    ]
    assert codes(judge(items, entitlements=configured())) == ["LC102", "LC102"]
    strict = judge(items, entitlements=configured(), min_confidence=0.9)
    assert strict == []


# --- JSON documents held in strings ----------------------------------------------------------

DOCUMENT = '{"bidders": [{"name": "Bo Dahl", "email": "bo@dahl.example"}]}'


@pytest.mark.parametrize("surface", sorted(DECODED_SURFACES))
def test_a_json_document_in_a_decoded_surface_is_judged_by_its_leaves_only(
    surface: Surface,
) -> None:
    email = part(DOCUMENT, "bo@dahl.example", "email")
    leaf = expose("bo@dahl.example", "k|json:$.bidders[*].email", surface=surface)
    found = judge(
        [(expose(DOCUMENT, "k", surface=surface), (email,)), (leaf, whole("email"))],
        entitlements=configured(),
    )
    assert [(f.rule, f.location.path) for f in found] == [("LC102", "k|json:$.bidders[*].email")]


@pytest.mark.parametrize(
    "surface", [Surface.DOM_HIDDEN, Surface.JS_BUNDLE, Surface.HTML_COMMENT, Surface.SOURCE_MAP]
)
def test_a_json_document_elsewhere_is_judged_as_text(surface: Surface) -> None:
    email = part(DOCUMENT, "bo@dahl.example", "email")
    found = judge([(expose(DOCUMENT, "k", surface=surface), (email,))], entitlements=configured())
    assert [(f.rule, f.location.path) for f in found] == [("LC102", "k")]


def test_text_that_only_looks_like_json_is_judged() -> None:
    broken = '{"name": "Bo Dahl", '
    found = judge(
        [
            (
                expose(broken, "k", surface=Surface.WEB_STORAGE),
                (part(broken, "Bo Dahl", "person_name"),),
            )
        ],
        entitlements=configured(),
    )
    assert codes(found) == ["LC102"]


# --- values the role is entitled to -------------------------------------------------------------


def test_values_of_own_rows_and_allowed_fields_are_entitled_wherever_they_reappear() -> None:
    allow = [{"location": "$.data.case.agent.*"}]
    items: list[Item] = [
        (expose("Ann Berg", "$.data.case.bids[*].bidder.name", records=(OWN_BID,)), ()),
        (expose("agent@estate.example", "$.data.case.agent.email"), whole("email")),
        (expose("Ann Berg", "div.me", surface=Surface.DOM_VISIBLE), whole("person_name")),
        (expose("agent@estate.example", "window.__STATE__.mail"), whole("email")),
        (expose("Bo Dahl", "div.them", surface=Surface.DOM_VISIBLE), whole("person_name")),
    ]
    found = judge(items, entitlements=configured(allow=allow))
    assert [(f.rule, f.location.path) for f in found] == [("LC102", "div.them")]


def test_an_allow_rule_by_class_covers_only_the_spans_of_its_classes() -> None:
    text = "Kontakt bo@dahl.example eller 12 34 56 78"
    spans = (part(text, "bo@dahl.example", "email"), part(text, "12 34 56 78", "phone"))
    item = (expose(text, "$.data.case.bids[*].bidder.contact"), spans)
    found = judge([item], entitlements=configured(allow=[{"classes": ["email"]}]))
    assert [(f.rule, f.data_classes) for f in found] == [("LC102", ("phone",))]


def test_a_denied_value_outside_own_rows_entitles_nothing() -> None:
    deny = [{"field": "Bid.note", "data_class": "free_text.note"}]
    allow = [{"field": "Bid.note"}]
    items: list[Item] = [
        (expose("Bo Dahl", type_field="Bid.note", records=(OTHER_BID,)), whole("person_name")),
        (expose("Bo Dahl", "div.them", surface=Surface.DOM_VISIBLE), whole("person_name")),
    ]
    found = judge(items, entitlements=configured(allow=allow, deny=deny))
    assert [(f.rule, f.location.path) for f in found] == [
        ("LC101", "$.data.case.bids[*].bidder.note"),
        ("LC102", "div.them"),
    ]


def test_what_the_page_sends_out_entitles_nothing() -> None:
    rows = [{"path": "body|json:$.bid", "where": {"bidderId": "me.id"}}]
    body = {"bidderId": ME, "note": "Fremvisning med Bo Dahl"}
    sent = expose(
        body["note"],
        "body|json:$.bid.note",
        surface=SENT,
        receiver=RECEIVER,
        records=(Record("body|json:$.bid", None, body),),
    )
    shown = expose(body["note"], "div.note", surface=Surface.DOM_VISIBLE)
    found = judge(
        [(sent, whole("person_name")), (shown, whole("person_name"))],
        entitlements=configured(rows=rows),
    )
    assert [(f.rule, f.location.path) for f in found] == [
        ("LC301", "body|json:$.bid.note"),
        ("LC102", "div.note"),
    ]


def test_text_made_of_entitled_values_is_entitled() -> None:
    """The property's street, postcode and town, each allowed, make up its address line."""
    allow = [{"location": "$.data.case.address.*"}]
    address = [
        (expose("Nørregade 12", "$.data.case.address.street"), ()),
        (expose("8000", "$.data.case.address.postcode"), ()),
        (expose("Aarhus C", "$.data.case.address.town"), ()),
    ]
    line = "Nørregade 12, 8000 Aarhus C"
    with_name = f"{line} · Bo Dahl"
    items: list[Item] = [
        *address,
        (expose(line, "h1", surface=Surface.DOM_VISIBLE), whole("address")),
        (expose(with_name, "p.seller", surface=Surface.DOM_VISIBLE), whole("address")),
        (
            expose("Nørregade 14, 8000 Aarhus C", "p.next", surface=Surface.DOM_VISIBLE),
            whole("address"),
        ),
    ]
    found = judge(items, entitlements=configured(allow=allow))
    assert [(f.rule, f.location.path) for f in found] == [
        ("LC102", "p.seller"),
        ("LC102", "p.next"),
    ]


def test_a_linked_document_is_the_role_s_own_when_an_entitled_link_named_it() -> None:
    """A party's own purchase agreement names the other party: its purpose, not a leak."""
    doc = "http://t/docs/agreement-17.pdf"
    cpr = "0101901234"

    def document(url: str) -> Item:
        exposure = expose(cpr, "pdf:text:CPR", surface=Surface.LINKED_DOCUMENT, url=url)
        return exposure, whole("national_id.dk")

    def link(value: str, record: Record) -> Item:
        return expose(value, "$.data.case.bids[*].documents[*].url", records=(record,)), ()

    own_link = judge([link(doc, OWN_BID), document(doc)], entitlements=configured())
    assert own_link == []
    relative = judge(
        [link("/docs/agreement-17.pdf", OWN_BID), document(f"{doc}?download=1")],
        entitlements=configured(),
    )
    assert relative == []
    theirs = judge([link(doc, OTHER_BID), document(doc)], entitlements=configured())
    assert [(f.rule, f.severity, f.url) for f in theirs] == [
        ("LC102", Severity.CRITICAL, "http://t/docs/agreement-17.pdf")
    ]


# --- a JWT that names another user ------------------------------------------------------------


def _jwt(claims: Mapping[str, str]) -> str:
    def part(payload: Mapping[str, str]) -> str:
        raw = json.dumps(payload).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.c2lnbmF0dXJl"


def test_a_jwt_whose_identity_claims_name_someone_else_is_that_user_s_credential() -> None:
    def token_findings(claims: Mapping[str, str], **context: object) -> list[tuple[str, ...]]:
        token = expose(_jwt(claims), "localStorage:token", surface=Surface.WEB_STORAGE)
        found = judge([(token, ())], **context)
        return [(f.rule, *f.data_classes, *f.recognizers) for f in found]

    attributes = {"entitlements": {"buyer": rules(email="me@x.example")}}
    assert token_findings({"sub": THEM}, **attributes) == [
        ("LC201", "secret.jwt", "jwt-foreign-subject")
    ]
    assert token_findings({"sub": THEM, "email": "me@x.example"}, **attributes) == []
    assert token_findings({"sub": ME}, **attributes) == []
    assert token_findings({"userId": THEM, "iat": "1"}, **attributes) != []
    assert token_findings({"iat": "1"}, **attributes) == []  # no identity claim: cannot tell
    assert token_findings({"sub": THEM}) == []  # zero-config: who the role is is unknown
    no_attributes = RoleEntitlements(Entitlements(), {})
    assert token_findings({"sub": THEM}, entitlements={"buyer": no_attributes}) == []


def test_a_string_shaped_like_a_jwt_that_does_not_decode_is_not_a_foreign_token() -> None:
    fake = expose("eyJhbGciOi.not-base64!.sig", "localStorage:token", surface=Surface.WEB_STORAGE)
    assert judge([(fake, ())], entitlements=configured()) == []


# --- the second pass: a leaked value found again elsewhere ------------------------------------


def test_a_leaked_value_is_found_again_where_no_recognizer_would_see_it() -> None:
    name = "Bo Dahlgren"
    items: list[Item] = [
        (
            expose(name, "$.data.case.bids[*].bidder.name", records=(OTHER_BID,)),
            whole("person_name"),
        ),
        (expose(f"Fremvisning med {name} kl. 14", "$.data.case.deadlines[*].title"), ()),
        (expose(f"Fremvisning med {name}berg", "$.data.case.deadlines[*].note"), ()),
        (
            expose(
                f"Bud fra {name.upper()}",
                "p.bids",
                surface=Surface.DOM_VISIBLE,
                rendered=Rendered.YES,
            ),
            (),
        ),
    ]
    found = judge(items, entitlements=configured())
    assert [(f.rule, f.location.path, f.recognizers, f.severity) for f in found] == [
        ("LC102", "$.data.case.bids[*].bidder.name", ("test-person_name",), Severity.HIGH),
        ("LC102", "$.data.case.deadlines[*].title", ("known-value",), Severity.HIGH),
        ("LC102", "p.bids", ("known-value",), Severity.MEDIUM),
    ]
    assert {f.value_digest for f in found} == {Redactor(KEY).value_digest(name)}


def test_the_second_pass_also_follows_hidden_over_fetches_and_denied_fields() -> None:
    deny = [{"field": "Bid.note", "data_class": "free_text.note"}]
    note = "Ring til Cy Engström"
    zero = judge(
        [
            (expose("Bo Dahlgren", "$.data.bidder.name"), whole("person_name")),
            (expose("Kalender: Bo Dahlgren", "$.data.calendar.title"), ()),
        ],
        visible={("buyer", PAGE): VisibleText("Velkommen")},
    )
    assert [(f.rule, f.location.path) for f in zero] == [
        ("LC104", "$.data.bidder.name"),
        ("LC104", "$.data.calendar.title"),
    ]
    denied = judge(
        [
            (expose(note, type_field="Bid.note", records=(OTHER_BID,)), ()),
            (expose(f"Kopi: {note}", "$.data.log.text"), ()),
        ],
        entitlements=configured(deny=deny),
    )
    assert [(f.rule, f.location.path, f.data_classes) for f in denied] == [
        ("LC101", "$.data.case.bids[*].bidder.note", ("free_text.note",)),
        ("LC102", "$.data.log.text", ("free_text.note",)),
    ]


def test_the_second_pass_leaves_short_values_other_roles_and_entitled_values_alone() -> None:
    short = judge(
        [
            (expose("Bo Li", "$.data.bidder.name"), whole("person_name")),
            (expose("Fremvisning med Bo Li", "$.data.calendar.title"), ()),
        ],
        entitlements=configured(),
    )
    assert [f.location.path for f in short] == ["$.data.bidder.name"]
    other_role = judge(
        [
            (expose("Bo Dahlgren", "$.data.bidder.name"), whole("person_name")),
            (expose("Fremvisning med Bo Dahlgren", "$.data.calendar.title", role="seller"), ()),
        ],
        entitlements={"buyer": rules(), "seller": rules()},
    )
    assert [(f.role, f.location.path) for f in other_role] == [("buyer", "$.data.bidder.name")]
    # The role's own name leaks through a denied field, and is still its own elsewhere.
    deny = [{"field": "Bid.note", "data_class": "free_text.note"}]
    own = judge(
        [
            (expose(OWN_NAME, type_field="Bid.note", records=(OTHER_BID,)), ()),
            (expose(f"Velkommen {OWN_NAME}", "$.data.greeting"), ()),
        ],
        entitlements={"buyer": rules(deny=deny, name=OWN_NAME)},
    )
    assert [(f.rule, f.location.path) for f in own] == [
        ("LC101", "$.data.case.bids[*].bidder.note")
    ]


def test_the_second_pass_never_turns_the_role_s_own_values_into_findings() -> None:
    """The role's own name leaked through a denied field is still its own where it is sent."""
    deny = [{"field": "Bid.note", "data_class": "free_text.note"}]
    sent = expose(f"user={OWN_NAME}", "query:user", surface=SENT, receiver=RECEIVER)
    found = judge(
        [(expose(OWN_NAME, type_field="Bid.note", records=(OTHER_BID,)), ()), (sent, ())],
        entitlements={"buyer": rules(deny=deny, name=OWN_NAME)},
    )
    assert [(f.rule, f.location.path) for f in found] == [
        ("LC101", "$.data.case.bids[*].bidder.note")
    ]


def test_the_second_pass_follows_only_personal_data_findings() -> None:
    """Canaries, secrets and data sent out are exact matches already; personal data is not."""
    email = "bo@dahl.example"
    items: list[Item] = [
        (expose(email, "query:email", surface=SENT, receiver=RECEIVER), whole("email")),
        (expose(SECRET, "$.config.key"), whole("secret.api_key")),
        (expose(f"Kontakt {email}", "$.data.footer"), ()),
        (expose(f"key={SECRET}", "$.data.debug"), ()),
    ]
    assert codes(judge(items, entitlements=configured())) == ["LC301", "LC201"]


def test_the_second_pass_skips_documents_whose_leaves_are_exposures_of_their_own() -> None:
    name = "Bo Dahlgren"
    document = json.dumps({"bidder": {"name": name}})
    token = _jwt({"name": name})
    items: list[Item] = [
        (expose(name, "$.data.bidder.name"), whole("person_name")),
        (expose(document, "pre", surface=Surface.DOM_HIDDEN), ()),
        (expose(token, "script", surface=Surface.JS_BUNDLE), ()),
        (expose(f"Hej {name}", "p", surface=Surface.DOM_HIDDEN), ()),
    ]
    found = judge(items, entitlements=configured())
    assert [f.location.path for f in found] == ["$.data.bidder.name", "p"]


# --- canaries by owner -------------------------------------------------------------------------


def test_a_canary_found_by_its_text_gets_that_canary_s_owners() -> None:
    owners = {"canaryaa": frozenset({"buyer"}), "canarybb": frozenset({"agent"})}
    text = "ref canary-aa end"
    span = (part(text, "canary-aa", "canary"),)
    for role, expected in (("buyer", []), ("agent", ["LC103"]), ("seller", ["LC103"])):
        exposure = expose(text, "body::comment", role=role, surface=Surface.HTML_COMMENT)
        assert codes(judge([(exposure, span)], canary_owners=owners)) == expected, role


# --- "rendered" is asked of all the role's pages ------------------------------------------------


def test_a_value_shown_on_another_page_of_the_role_is_rendered() -> None:
    visible = {
        ("buyer", PAGE): VisibleText("Sag 1 · Pris 2.350.000 kr."),
        ("buyer", OTHER_PAGE): VisibleText("Dine bud · Bo Dahl · 2.100.000 kr."),
        ("agent", PAGE): VisibleText("Cy Eng"),
    }
    items: list[Item] = [
        (expose("Bo Dahl", "$.data.bidder.name"), whole("person_name")),
        (expose("Cy Eng", "$.data.bidder.name", detail="[1]"), whole("person_name")),
        (expose("Di Fay", "$.data.bidder.name", page="http://t/cases/3"), whole("person_name")),
    ]
    found = judge(items, visible=visible)
    assert [(f.rule, f.rendered, f.value_digest) for f in found] == [
        ("LC104", Rendered.NO, Redactor(KEY).value_digest("Cy Eng"))
    ]  # Di Fay's page had no snapshot: whether it was shown is unknown, so no LC104
    configured_found = judge(items, visible=visible, entitlements=configured())
    assert [(f.rendered, f.severity) for f in configured_found] == [
        (Rendered.YES, Severity.MEDIUM),
        (Rendered.NO, Severity.HIGH),
        (Rendered.UNKNOWN, Severity.HIGH),
    ]


def test_a_short_value_inside_a_longer_word_on_the_page_is_not_rendered() -> None:
    visible = {("buyer", PAGE): VisibleText("Annual report · Kunde 0101901234 · Ann Bergström")}
    items: list[Item] = [
        (expose("Ann", "$.data.bidder.first"), whole("person_name")),
        (expose("1234", "$.data.bidder.amount"), whole("financial.amount")),
        (expose("Ann Berg", "$.data.bidder.name"), whole("person_name")),
    ]
    found = judge(items, visible=visible)
    assert [(f.rule, f.location.path) for f in found] == [
        ("LC104", "$.data.bidder.amount"),
        ("LC104", "$.data.bidder.name"),
    ]  # "Ann" is a word of its own in "Ann Bergström"
    configured_found = judge(items, visible=visible, entitlements=configured())
    assert [f.severity for f in configured_found] == [Severity.MEDIUM, Severity.HIGH, Severity.HIGH]


def test_each_role_s_pages_are_indexed_once_for_all_its_findings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from leakcheck.extract import rendered

    built: list[int] = []
    original = rendered._WordIndex

    class CountingIndex(original):
        def __init__(self, texts: Iterable[str]) -> None:
            built.append(1)
            super().__init__(texts)

    monkeypatch.setattr(rendered, "_WordIndex", CountingIndex)
    visible = {("buyer", f"http://t/cases/{n}"): VisibleText(f"Sag {n}") for n in range(20)}
    items: list[Item] = [
        (
            expose(f"Bo Dahl{n}", "$.data.bidder.name", page=f"http://t/cases/{n}"),
            whole("person_name"),
        )
        for n in range(20)
    ]
    assert codes(judge(items, visible=visible)) == ["LC104"] * 20
    assert built == [1]
