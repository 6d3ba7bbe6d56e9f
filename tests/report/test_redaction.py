"""Redaction in every format: planted canaries never appear unless the run used --reveal.

The scan is built through the real judge (which redacts) from exposures holding the canaries in
values, page URLs, response URLs and a third-party request, plus coverage and a skip that carry
them in URLs, as a live scan would. Each format is searched for the canaries as written, HTML-
escaped and percent-encoded.
"""

from __future__ import annotations

import html
from urllib.parse import quote, quote_plus

import pytest

from leakcheck.judge import Judge, JudgeInput
from leakcheck.models import Detection, Exposure, Location, Rendered, Skip, Surface
from leakcheck.redact import Redactor
from leakcheck.report import REPORTERS
from leakcheck.result import RoleCoverage, RunInfo, ScanResult
from leakcheck.textnorm import fold

EMAIL = "canary.report@leak-canary.test"
CPR = "0707614285"
NAME = "Sigrid Canaryson"
TOKEN = "sk_live_CANARY9f8e7d6c5b4a39281706"
IN_PAGE_URL = "kanarie-in-page-url"
IN_RESPONSE_URL = "kanarie-in-response-url"
IN_SKIP_URL = "kanarie-in-skipped-url"
DOCUMENT_ID = "5f0c6d2e-8a41-4b7e-9d3c-0e1f2a3b4c5d"  # a linked document's URL is a capability
VALUES = (EMAIL, CPR, NAME, TOKEN)
IN_URLS = (IN_PAGE_URL, IN_RESPONSE_URL, IN_SKIP_URL, DOCUMENT_ID)
SITE = "https://shop.example"
PAGE = f"{SITE}/cases/7?email={IN_PAGE_URL}#token={IN_PAGE_URL}"
API = f"{SITE}/api/case?who={IN_RESPONSE_URL}"


def exposure(
    value: str, path: str, surface: Surface = Surface.NETWORK_JSON, **extra: object
) -> Exposure:
    fields: dict[str, object] = {"url": API, "rendered": Rendered.NO, **extra}
    return Exposure("buyer", PAGE, surface, value=value, location=Location(path), **fields)  # type: ignore[arg-type]


def canary_scan(reveal: bool) -> ScanResult:
    redactor = Redactor(b"canary-test-key", reveal=reveal)
    exposures = [
        exposure(EMAIL, "$.case.bidders[*].email"),
        exposure(CPR, "$.case.bidders[*].cpr", Surface.INLINE_STATE),
        exposure(NAME, "$.case.bidders[*].name", Surface.NETWORK_GRAPHQL),
        exposure(TOKEN, "js:STRIPE_KEY", Surface.JS_BUNDLE),
        exposure(
            EMAIL,
            "query:em",
            Surface.THIRD_PARTY_REQUEST,
            url=f"https://collector.example/p?em={quote(EMAIL)}&ref={IN_RESPONSE_URL}",
            receiver="https://collector.example",
        ),
        exposure(
            CPR,
            "csv:cpr",
            Surface.LINKED_DOCUMENT,
            url=f"{SITE}/documents/{DOCUMENT_ID}/bidders.csv",
        ),
    ]
    detections = [
        (Detection("canary", 1.0, "canaries"), Detection("email", 0.99, "email")),
        (Detection("national_id.dk", 0.99, "cpr"),),
        (Detection("person_name", 0.9, "key-context"),),
        (Detection("secret.api_key", 0.99, "token_shapes:stripe_live"),),
        (Detection("email", 0.99, "email"),),
        (Detection("national_id.dk", 0.99, "cpr"),),
    ]
    judge = Judge(
        JudgeInput(entitlements={}, canary_owners={fold(EMAIL): frozenset({"agent"})}),
        redactor,
    )
    findings = judge.judge(exposures, detections)
    assert {f.rule for f in findings} >= {"LC103", "LC104", "LC201", "LC301"}
    coverage = RoleCoverage(
        "buyer",
        True,
        None,
        False,
        [PAGE, f"{SITE}/missing?id={IN_PAGE_URL}"],
        [PAGE],
        {"response": 3},
        1234,
        1.0,
        "zero-config",
    )
    skip_url = f"{SITE}/api/broken?token={IN_SKIP_URL}"
    run = RunInfo(
        "0.1.0",
        SITE,
        "shop",
        None,
        "2024-05-06T09:30:00+00:00",
        "2024-05-06T09:30:05+00:00",
        5.0,
        reveal,
    )
    return ScanResult(
        run,
        findings,
        [coverage],
        skips=[Skip("buyer", redactor.url(skip_url) or "", "malformed JSON")],
    )


def forms(value: str) -> set[str]:
    """The ways a value could be written in a document: raw, escaped, encoded."""
    return {value, html.escape(value), quote(value), quote_plus(value), quote(value, safe="")}


def found(document: str, value: str) -> bool:
    return any(form in document for form in forms(value))


@pytest.mark.parametrize("fmt", list(REPORTERS))
def test_no_canary_in_any_format_without_reveal(fmt: str) -> None:
    document = REPORTERS[fmt](canary_scan(reveal=False))
    leaked = [v for v in (*VALUES, *IN_URLS) if found(document, v)]
    assert leaked == [], f"{fmt} shows {leaked}"
    assert "#" in document  # the keyed hash of redacted evidence is there instead


@pytest.mark.parametrize("fmt", list(REPORTERS))
def test_every_canary_value_shows_with_reveal(fmt: str) -> None:
    document = REPORTERS[fmt](canary_scan(reveal=True))
    assert [v for v in VALUES if not found(document, v)] == []
    if fmt != "markdown":  # the pull-request summary names no URLs
        assert found(document, IN_PAGE_URL) and found(document, IN_RESPONSE_URL)
        assert found(document, DOCUMENT_ID)
