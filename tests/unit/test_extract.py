"""Extraction: canonical locations, Type.field mapping, records, DOM surfaces, skips."""

from __future__ import annotations

import json

import pytest

from leakcheck.extract import extract
from leakcheck.extract.dom import extract_dom
from leakcheck.extract.network import MAX_JSON_BYTES, extract_network
from leakcheck.extract.outgoing import extract_outgoing
from leakcheck.extract.rendered import VisibleText
from leakcheck.models import Artifact, ArtifactKind, Rendered, Surface

QUERY = """
query CasePage($id: ID!) {
  case(id: $id) {
    id
    bids { amount who: bidder { id name } }
    loans: loanStatements { ...Loan }
  }
}
fragment Loan on LoanStatement { bank iban }
"""


def response(
    body: object,
    url: str = "http://t/api",
    request: object = None,
    status: int = 200,
    content_type: str = "application/json",
) -> Artifact:
    return Artifact(
        role="buyer",
        page="http://t/cases/1",
        kind=ArtifactKind.RESPONSE,
        url=url,
        content_type=content_type,
        body=body if isinstance(body, str) else json.dumps(body),
        status=status,
        request_body=None if request is None else json.dumps(request),
    )


def by_path(exposures: list) -> dict[str, list]:
    out: dict[str, list] = {}
    for exposure in exposures:
        out.setdefault(exposure.location.path, []).append(exposure)
    return out


def test_graphql_locations_use_typename_query_fragments_and_aliases() -> None:
    body = {
        "data": {
            "case": {
                "__typename": "Case",
                "id": "c1",
                "bids": [
                    {
                        "__typename": "Bid",
                        "amount": 100,
                        "who": {"__typename": "Person", "id": "p1", "name": "Ann Berg"},
                    },
                    {
                        "__typename": "Bid",
                        "amount": 200,
                        "who": {"__typename": "Person", "id": "p2", "name": "Bo Dahl"},
                    },
                ],
                "loans": [{"bank": "Nordbank", "iban": "DK5000400440116243"}],
            }
        }
    }
    exposures, skips = extract_network(
        response(body, "http://t/graphql", {"query": QUERY, "operationName": "CasePage"})
    )
    assert skips == []
    paths = by_path(exposures)
    names = paths["$.data.case.bids[*].who.name"]
    assert [e.value for e in names] == ["Ann Berg", "Bo Dahl"]
    assert {e.location.type_field for e in names} == {"Person.name"}
    assert names[1].location.detail == "$.data.case.bids[1].who.name"
    assert all(e.surface is Surface.NETWORK_GRAPHQL for e in exposures)
    # LoanStatement has no __typename: its type comes from the fragment's type condition.
    assert paths["$.data.case.loans[*].iban"][0].location.type_field == "LoanStatement.iban"
    # The record chain lets row rules see the enclosing bid of a bidder's name.
    bid = names[0].records[-2]
    assert bid.type_name == "Bid" and bid.values["who"]["id"] == "p1"
    assert "$.data.case.__typename" not in paths


def test_batched_graphql_pairs_each_result_with_its_own_query() -> None:
    batch = [
        {"query": "query A { me { email } }"},
        {"query": "query B { me { ...F } } fragment F on Viewer { phone }"},
    ]
    body = [{"data": {"me": {"email": "a@b.dk"}}}, {"data": {"me": {"phone": "+45 12345678"}}}]
    exposures, _ = extract_network(response(body, "http://t/graphql", batch))
    fields = {e.location.path: e.location.type_field for e in exposures}
    assert fields["$.data.me.phone"] == "Viewer.phone"
    assert fields["$.data.me.email"] is None  # no __typename and no fragment: type unknown


def test_plain_json_keeps_indices_out_of_the_canonical_path() -> None:
    body = {"case": {"bidders": [{"e-mail": "x@y.dk"}, {"e-mail": "z@y.dk"}]}, "n": 3, "ok": True}
    exposures, _ = extract_network(response(body))
    assert {e.location.path for e in exposures} == {"$.case.bidders[*]['e-mail']", "$.n"}
    assert all(e.surface is Surface.NETWORK_JSON for e in exposures)


def test_error_status_json_is_an_error_page_surface() -> None:
    exposures, _ = extract_network(response({"error": "db down", "dsn": "x"}, status=500))
    assert {e.surface for e in exposures} == {Surface.ERROR_PAGE}


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ('{"data": {"case": ', "malformed JSON"),
        ("\x89PNG\r\n\x1a\n\x00\x00binary", "malformed JSON"),
        ("[" + "1," * (MAX_JSON_BYTES // 2) + "1]", "exceeds"),
    ],
)
def test_unreadable_json_becomes_a_recorded_skip(body: str, reason: str) -> None:
    exposures, skips = extract_network(response(body))
    assert exposures == []
    assert len(skips) == 1 and reason in skips[0].reason
    assert skips[0].what == "http://t/api"


def test_deep_json_is_walked_and_absurd_depth_is_a_skip_not_a_crash() -> None:
    deep = '{"a":' * 500 + '"deep value"' + "}" * 500
    exposures, _ = extract_network(response(deep))
    assert [e.value for e in exposures] == ["deep value"]
    absurd = '{"a":' * 100_000 + "1" + "}" * 100_000
    exposures, skips = extract_network(response(absurd))
    assert exposures == [] and "nested too deeply" in skips[0].reason


HTML = """<html><head><title>t</title><script>var secret = "not dom text";</script></head>
<body><!-- seller: Jens Hansen, 12345678 -->
<div id="app"><h1>Villa</h1><p data-owner-email="a@b.dk">Your bid <b>2.350.000 kr.</b></p>
<div data-leakcheck-hidden="1"><span>Hidden Person</span></div>
<input type="hidden" value="010190-1234"><!-- db password: hunter2 --></div></body></html>"""


def test_dom_surfaces_locations_and_rendered_flags() -> None:
    artifact = Artifact("buyer", "http://t/", ArtifactKind.DOM_SNAPSHOT, None, "text/html", HTML)
    found = {(e.surface, e.location.path, e.value) for e in extract_dom(artifact)}
    assert (Surface.HTML_COMMENT, "body::comment", "seller: Jens Hansen, 12345678") in found
    assert (Surface.HTML_COMMENT, "div#app::comment", "db password: hunter2") in found
    assert (Surface.DOM_VISIBLE, "div#app > p > b", "2.350.000 kr.") in found
    assert (Surface.DOM_HIDDEN, "div#app > p@data-owner-email", "a@b.dk") in found
    assert (Surface.DOM_HIDDEN, "div#app > div > span", "Hidden Person") in found
    assert (Surface.DOM_HIDDEN, "div#app > input@value", "010190-1234") in found
    assert not any("not dom text" in value for _, _, value in found)
    assert not any("leakcheck" in path for _, path, _ in found)
    rendered = {e.value: e.rendered for e in extract_dom(artifact)}
    assert rendered["Villa"] is Rendered.YES and rendered["Hidden Person"] is Rendered.NO


def test_outgoing_requests_name_query_and_body_fields_and_the_receiver() -> None:
    artifact = Artifact(
        "buyer",
        "http://t/",
        ArtifactKind.OUTGOING_REQUEST,
        "http://3p:9/c?uid=7&em=a%40b.dk",
        "application/json",
        "",
        method="POST",
        request_body='{"user": {"cpr": "0101901234"}}',
        meta={"receiver": "http://3p:9"},
    )
    found = {(e.location.path, e.value, e.receiver) for e in extract_outgoing(artifact)}
    assert ("query:em", "a@b.dk", "http://3p:9") in found
    assert ("body|json:$.user.cpr", "0101901234", "http://3p:9") in found


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2350000", Rendered.YES),
        ("010190-1234", Rendered.YES),
        ("JENS HANSEN", Rendered.YES),
        ("Bo Dahl", Rendered.NO),
    ],
)
def test_rendered_compares_folded_text(value: str, expected: Rendered) -> None:
    visible = VisibleText("Bud: 2.350.000 kr.\nCPR 0101901234 · Jens  Hansen")
    assert visible.rendered(value) is expected
    assert VisibleText(None).rendered(value) is Rendered.UNKNOWN


def test_extract_dispatches_by_kind_and_collects_visible_text() -> None:
    artifacts = [
        response({"a": "b"}),
        Artifact("buyer", "http://t/cases/1", ArtifactKind.VISIBLE_TEXT, None, "text/plain", "b"),
        response("body { color: red }", url="http://t/s.css", content_type="text/css"),
    ]
    result = extract(artifacts)
    assert [e.value for e in result.exposures] == ["b"]
    assert result.visible_text("buyer", "http://t/cases/1").rendered("B") is Rendered.YES


def test_html_and_text_error_pages_are_read_as_lines() -> None:
    html = (
        "<html><body><h1>500 Internal Server Error</h1><pre>Traceback\n"
        "DATABASE_URL: postgres://app:pw-123456@db.internal/app\n</pre></body></html>"
    )
    found = extract([response(html, url="http://t/boom", status=500, content_type="text/html")])
    by = {e.location.path: e for e in found.exposures}
    assert by["text:DATABASE_URL"].value == "postgres://app:pw-123456@db.internal/app"
    assert by["text:DATABASE_URL"].surface is Surface.ERROR_PAGE
    ok = extract([response(html, url="http://t/fine", status=200, content_type="text/html")])
    assert ok.exposures == []


def test_ids_used_as_keys_stay_out_of_canonical_paths() -> None:
    body = {
        "users": {
            "123": {"email": "a@b.dk"},
            "8f0e1d2c-1111-2222-3333-444455556666": {"email": "c@d.dk"},
        },
        "Person:7": {"name": "Ann Berg"},
    }
    exposures, _ = extract_network(response(body))
    assert {e.location.path for e in exposures} == {"$.users.*.email", "$['Person:*'].name"}
    assert "$.users['123'].email" in {e.location.detail for e in exposures}


def test_linked_document_urls_lose_their_ids_at_the_judge() -> None:
    from leakcheck.redact import Redactor, hide_identifiers

    url = "http://t/documents/8f0e1d2c-1111-2222-3333-444455556666/bidders.csv?x=1"
    assert hide_identifiers(url) == "http://t/documents/…/bidders.csv?x=1"
    assert Redactor(b"k").url(url, hide_ids=True) == "http://t/documents/…/bidders.csv?x=…"
    assert Redactor(b"k", reveal=True).url(url, hide_ids=True) == url
