"""Names, addresses and notes: decided by the key, the enclosing type and the value's shape."""

from __future__ import annotations

import pytest

from leakcheck.detect import Detector
from leakcheck.models import Surface
from tests.detect.detect_gen import classes, exposure, spans

NAME = "person_name"


@pytest.mark.parametrize(
    ("value", "key", "path", "type_name", "expected"),
    [
        ("Mette Kjær Larsen", "bidderName", None, None, NAME),
        ("Søren Østergaard", "fullName", None, None, NAME),
        ("Anne-Sofie Brøndum", "sellerName", None, None, NAME),
        ("Jens", "firstName", None, None, NAME),
        ("Holm", "lastName", None, None, NAME),
        ("Åsa Lindqvist", "efternavn", None, None, NAME),
        ("Niels Peter Hansen", "name", "$.data.case.bids[*].bidder.name", None, NAME),
        ("Ida Møller", "name", "$.data.viewer.name", "Person", NAME),
        ("Ida Møller", "name", "$.data.node.name", "BuyerProfile", NAME),
        ("Lars van der Berg", "name", "$.data.customers[*].name", None, NAME),
        ("Karin O'Neil", "contactName", None, None, NAME),
        # Not people.
        ("Villa Nordlys", "name", "$.data.case.listing.name", "Listing", None),
        ("Premium Package", "productName", None, None, None),
        ("Nordic Estates ApS", "companyName", None, None, None),
        ("XR-200 PRO", "name", "$.data.case.bids[*].bidder.name", None, None),
        ("ACTIVE", "name", "$.data.bidder.name", None, None),
        ("kitchen-renovation.pdf", "fileName", None, None, None),
        ("Jens Hansen", "name", "$.data.items[*].name", None, None),  # no person context
        ("jens.hansen", "username", None, None, None),
        ("Mette Larsen", "status", None, None, None),
    ],
)
def test_person_name(
    detector: Detector,
    value: str,
    key: str,
    path: str | None,
    type_name: str | None,
    expected: str | None,
) -> None:
    (found,) = detector.detect([exposure(value, key, path=path, type_name=type_name)])
    assert (NAME in classes(found)) == (expected == NAME), found


@pytest.mark.parametrize(
    ("value", "key", "expected"),
    [
        ("Nørregade 12, 2. th., 1165 København K", "address", "address"),
        ("Strandvejen 100", "street", "address"),
        ("Kongevejen 3A", "addressLine1", "address"),
        ("Drottninggatan 45, 111 21 Stockholm", "adresse", "address"),
        ("mette@firma.dk", "emailAddress", None),
        ("81.7.12.34", "ipAddress", None),
        ("0x52908400098527886E0F7030069857D2E4169EE7", "walletAddress", None),
        ("true", "address", None),
    ],
)
def test_address(detector: Detector, value: str, key: str, expected: str | None) -> None:
    (found,) = detector.detect([exposure(value, key)])
    assert ("address" in classes(found)) == (expected == "address"), found


def test_street_address_in_text(detector: Detector) -> None:
    value = "Fremvisning hos sælger, Vesterbrogade 12, 3. th, 1620 København V, kl. 14."
    (found,) = detector.detect([exposure(value, "body", surface=Surface.HTML_COMMENT)])
    assert spans(value, found)["address"] == ["Vesterbrogade 12, 3. th, 1620 København V"]


NOTE = "free_text.note"


@pytest.mark.parametrize(
    ("value", "key", "surface", "expected"),
    [
        (
            "Køber har svært ved at få finansiering, vil byde lavt",
            "internalNote",
            Surface.NETWORK_JSON,
            NOTE,
        ),
        ("Ring tilbage om fredagen", "agentNotes", Surface.NETWORK_JSON, NOTE),
        ("Patienten har type 2 diabetes", "diagnosis", Surface.NETWORK_JSON, NOTE),
        ("Sælger flytter til udlandet i marts", "comment", Surface.NETWORK_JSON, NOTE),
        ("Ok", "notes", Surface.NETWORK_JSON, None),  # one word is not free text
        ("3", "commentCount", Surface.NETWORK_JSON, None),
        ("true", "notesEnabled", Surface.NETWORK_JSON, None),
        ("Add a comment", "commentPlaceholder", Surface.NETWORK_JSON, None),
        ("A description of the product", "description", Surface.NETWORK_JSON, None),
    ],
)
def test_note(
    detector: Detector, value: str, key: str, surface: Surface, expected: str | None
) -> None:
    (found,) = detector.detect([exposure(value, key, surface=surface)])
    assert (NOTE in classes(found)) == (expected == NOTE), found


def test_note_keeps_the_values_inside_it(detector: Detector) -> None:
    value = "Køber (CPR 010190-1234 ikke verificeret) kan kontaktes på 41 22 33 44"
    (found,) = detector.detect([exposure(value, "internalNote")])
    parts = spans(value, found)
    assert parts[NOTE] == [value]
    assert parts["phone"] == ["41 22 33 44"]
    assert parts["national_id.dk"] == ["010190-1234"]


def test_names_in_free_text_need_the_optional_name_list(monkeypatch: pytest.MonkeyPatch) -> None:
    from leakcheck.detect import names

    value = "Ring til Mette Hansen i morgen om finansieringen."
    monkeypatch.setattr(names, "first_names", lambda: None)
    (found,) = Detector().detect([exposure(value, "message", surface=Surface.HTML_COMMENT)])
    assert "person_name" not in classes(found)
    monkeypatch.setattr(names, "first_names", lambda: frozenset({"Mette"}))
    (found,) = Detector().detect([exposure(value, "message", surface=Surface.HTML_COMMENT)])
    assert spans(value, found)["person_name"] == ["Mette Hansen"]


@pytest.mark.parametrize(
    "value",
    [
        "Fremvisning hos sælger, Mette Hansens Vej 12, kl. 14.",  # a street named after her
        "Se mere om Villa Nordlys og Harbour View på siden.",
        "Mette Hansen",  # a short value: its key decides (no key here), not this recognizer
    ],
)
def test_capitalised_words_that_are_not_names(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    from leakcheck.detect import names

    monkeypatch.setattr(names, "first_names", lambda: frozenset({"Mette"}))
    (found,) = Detector().detect([exposure(value, "message", surface=Surface.HTML_COMMENT)])
    assert "person_name" not in classes(found)
