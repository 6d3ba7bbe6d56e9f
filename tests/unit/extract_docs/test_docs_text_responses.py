"""Responses the page fetched that are text but not JSON (CSV, XML, plain text, PDF): read, at
surface network-text, instead of by no extractor; stylesheets and images are not data."""

from __future__ import annotations

from leakcheck.detect import Detector
from leakcheck.extract import extract
from leakcheck.models import Artifact, ArtifactKind, Exposure, Surface


def fetched(body: str, content_type: str, url: str = "https://estate.test/api/export") -> Artifact:
    return Artifact(
        role="buyer",
        page="https://estate.test/case/7",
        kind=ArtifactKind.RESPONSE,
        url=url,
        content_type=content_type,
        body=body,
        status=200,
        method="GET",
    )


def read(artifact: Artifact) -> tuple[list[Exposure], list[str]]:
    extraction = extract([artifact])
    return extraction.exposures, [s.reason for s in extraction.skips]


def test_csv_fetched_by_the_page() -> None:
    body = "name;email;cpr\nBo Ek;bo@ek.dk;010190-1234\nIda Lund;ida@lund.dk;020288-4321\n"
    exposures, skips = read(fetched(body, "text/csv; charset=utf-8"))
    assert skips == []
    assert {(e.location.path, e.value) for e in exposures} >= {
        ("csv:email", "ida@lund.dk"),
        ("csv:cpr", "010190-1234"),
    }
    assert {e.surface for e in exposures} == {Surface.NETWORK_TEXT}
    ida = next(e for e in exposures if e.value == "ida@lund.dk")
    assert ida.key == "email" and ida.records[-1].values["name"] == "Ida Lund"


SOAP = """<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <soap:Body>
    <GetBidsResponse xmlns="urn:estate">
      <Bid id="b1"><Amount>3150000</Amount>
        <Bidder><Name>Karin Lindqvist</Name><Email>karin@firma.dk</Email></Bidder></Bid>
      <Bid id="b2"><Amount>2950000</Amount>
        <Bidder><Name>Henrik Virtanen</Name><Email>henrik@mail.fi</Email></Bidder></Bid>
    </GetBidsResponse>
  </soap:Body>
</soap:Envelope>"""


def test_xml_element_by_element_with_keys_and_records() -> None:
    exposures, skips = read(fetched(SOAP, "text/xml; charset=utf-8", "https://estate.test/ws"))
    assert skips == []
    where = {e.value: (e.location.path, e.location.detail, e.key) for e in exposures}
    bid = "xml:$.Envelope.Body.GetBidsResponse.Bid"
    detail = "/Envelope/Body[1]/GetBidsResponse[1]/Bid[2]"
    assert where["henrik@mail.fi"] == (
        f"{bid}.Bidder.Email",
        f"{detail}/Bidder[1]/Email[1]",
        "Email",
    )
    assert where["b2"] == (f"{bid}['@id']", detail, "id")
    henrik = next(e for e in exposures if e.value == "Henrik Virtanen")
    assert henrik.records[-1].values == {"Name": "Henrik Virtanen", "Email": "henrik@mail.fi"}
    found = Detector(plugins=False).detect(exposures)
    classes = {d.data_class for ds in found for d in ds}
    assert {"email", "person_name"} <= classes


def test_plain_text_broken_xml_and_vcards_are_text_lines() -> None:
    card = "BEGIN:VCARD\nVERSION:4.0\nFN:Bo Ek\nEMAIL:bo@ek.dk\nEND:VCARD\n"
    exposures, skips = read(fetched(card, "text/vcard"))
    assert skips == []
    assert ("text", "EMAIL:bo@ek.dk") in {(e.location.path, e.value) for e in exposures}
    found = Detector(plugins=False).detect(exposures)
    assert "email" in {d.data_class for ds in found for d in ds}
    broken, _ = read(fetched("<?xml version='1.0'?><a><b>bo@ek.dk</a>", "application/xml"))
    assert [e.location.path for e in broken] == ["text"]


def test_pdf_fetched_by_the_page_is_a_document() -> None:
    from tests.unit.extract_docs.test_docs_documents import PDF

    exposures, skips = read(fetched(PDF.decode("latin-1"), "application/pdf"))
    assert skips == []
    assert "010190-1234" in {e.value for e in exposures}
    assert {e.surface for e in exposures} == {Surface.LINKED_DOCUMENT}


def test_not_data_and_binary() -> None:
    assert read(fetched("body { color: red } /* bo@ek.dk */", "text/css")) == ([], [])
    assert read(fetched("<svg><text>bo@ek.dk</text></svg>", "image/svg+xml")) == ([], [])
    exposures, skips = read(fetched("\x00\x01\x02binary", "text/plain"))
    assert exposures == [] and skips == ["binary text/plain response not read"]


def test_a_broken_pdf_the_page_loads_is_a_recorded_skip() -> None:
    exposures, skips = read(fetched("%PDF-1.4\nnot really a pdf", "application/pdf"))
    assert exposures == [] and len(skips) == 1 and "PDF" in skips[0]
