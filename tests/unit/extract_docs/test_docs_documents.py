"""Linked documents: link discovery (scope, safety, limits) and reading CSV, JSON, text, PDF."""

from __future__ import annotations

import base64
import json

import pytest

from leakcheck.extract.documents import (
    MAX_DOCUMENT_BYTES,
    document_links,
    extract_document,
    sniff_delimiter,
)
from leakcheck.models import Artifact, ArtifactKind, Exposure, Location, Surface
from leakcheck.scope import Scope

BASE = "https://estate.test/cases/1"
SCOPE = Scope.of(["https://estate.test", "https://files.estate.test"])
SECRET = "010190-1234"


def exposure(value: str) -> Exposure:
    return Exposure(
        role="buyer",
        page=BASE,
        surface=Surface.NETWORK_JSON,
        url="https://estate.test/api",
        location=Location("$.x"),
        value=value,
    )


def links(*values: str, limit: int = 50) -> list[str]:
    return document_links([exposure(v) for v in values], BASE, SCOPE, limit)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/documents/0b7e/bidders.csv", "https://estate.test/documents/0b7e/bidders.csv"),
        ("/documents/0b7e.txt", "https://estate.test/documents/0b7e.txt"),
        ("https://files.estate.test/a/contract.pdf", "https://files.estate.test/a/contract.pdf"),
        (
            "https://estate.test/api/cases/1/export?format=csv",
            "https://estate.test/api/cases/1/export?format=csv",
        ),
        ("/files/42", "https://estate.test/files/42"),
        ("/attachments/9/view", "https://estate.test/attachments/9/view"),
        ("/download?id=7", "https://estate.test/download?id=7"),
        ("/report.json", "https://estate.test/report.json"),
        ("/data/feed.XML", "https://estate.test/data/feed.XML"),
        ("/notes/readme.md", "https://estate.test/notes/readme.md"),
        ("/tab/rows.tsv", "https://estate.test/tab/rows.tsv"),
        ("/documents/a.pdf#page=2", "https://estate.test/documents/a.pdf"),
        ("  /documents/padded.txt  ", "https://estate.test/documents/padded.txt"),
        ("//estate.test/files/p.csv", "https://estate.test/files/p.csv"),
        # out of scope
        ("https://cdn.other.test/documents/a.pdf", None),
        ("http://estate.test/documents/a.pdf", None),  # another scheme is another origin
        # logout/delete-like: never
        ("/documents/1/delete", None),
        ("/files/remove?id=1", None),
        ("/download?action=destroy", None),
        ("/logout?next=/documents/a.pdf", None),
        ("/account/sign-out/export", None),
        ("/auth/signout.json", None),
        # not documents
        ("/cases/1", None),
        ("/documents/sheet.xlsx", None),
        ("/files/report.docx", None),
        ("/files/logo.png", None),
        ("/static/app.js", None),
        ("documents/relative.pdf", None),
        ("see /documents/a.pdf", None),
        ("javascript:alert(1)//.pdf", None),
        ("data:text/plain,hello.txt", None),
        ("mailto:ida@example.test?subject=a.txt", None),
        ("", None),
    ],
)
def test_document_links_table(value: str, expected: str | None) -> None:
    assert links(value) == ([expected] if expected else [])


def test_document_links_dedupe_keep_order_and_limit() -> None:
    values = [
        "/documents/b.txt",
        "/documents/a.txt",
        "https://estate.test/documents/b.txt",
        "/documents/b.txt#x",
        "/documents/c.txt",
    ]
    assert links(*values) == [
        "https://estate.test/documents/b.txt",
        "https://estate.test/documents/a.txt",
        "https://estate.test/documents/c.txt",
    ]
    assert links(*values, limit=2) == [
        "https://estate.test/documents/b.txt",
        "https://estate.test/documents/a.txt",
    ]
    assert links(*values, limit=0) == []


# ---- reading documents ---------------------------------------------------------------------


def document(
    body: str,
    content_type: str = "text/plain; charset=utf-8",
    url: str = "https://estate.test/documents/d1",
    status: int | None = 200,
    meta: dict[str, str] | None = None,
) -> Artifact:
    return Artifact(
        role="buyer",
        page=BASE,
        kind=ArtifactKind.RESPONSE,
        url=url,
        content_type=content_type,
        body=body,
        status=status,
        meta=meta if meta is not None else {"fetched": "linked-document"},
    )


def rows(exposures: list[Exposure]) -> list[tuple[str, str | None, str]]:
    return [(e.location.path, e.location.detail, e.value) for e in exposures]


def read(artifact: Artifact) -> list[Exposure]:
    exposures, skips = extract_document(artifact)
    assert skips == []
    assert all(e.surface is Surface.LINKED_DOCUMENT for e in exposures)
    assert all(e.url == artifact.url and e.page == BASE for e in exposures)
    return exposures


def test_csv_with_quoted_cells() -> None:
    body = (
        "navn,email,cpr,bud_dkk,note\n"
        '"Lund, Ida",ida@example.test,010190-1234,3450000,"sagde ""ja""\npå telefon"\n'
        "Bo Holm,bo@example.test,020290-2345,3400000,\n"
    )
    exposures = read(document(body, "text/csv", url="https://estate.test/d/bidders.csv"))
    assert rows(exposures) == [
        ("csv:navn", "row 1", "Lund, Ida"),
        ("csv:email", "row 1", "ida@example.test"),
        ("csv:cpr", "row 1", "010190-1234"),
        ("csv:bud_dkk", "row 1", "3450000"),
        ("csv:note", "row 1", 'sagde "ja"\npå telefon'),
        ("csv:navn", "row 2", "Bo Holm"),
        ("csv:email", "row 2", "bo@example.test"),
        ("csv:cpr", "row 2", "020290-2345"),
        ("csv:bud_dkk", "row 2", "3400000"),
    ]
    bo = exposures[-1]
    assert bo.key == "bud_dkk"
    (record,) = bo.records
    assert (record.path, record.type_name) == ("csv", None)
    assert record.values == {
        "navn": "Bo Holm",
        "email": "bo@example.test",
        "cpr": "020290-2345",
        "bud_dkk": "3400000",
        "note": "",
    }


@pytest.mark.parametrize(
    ("body", "content_type", "url"),
    [
        ("navn;telefon\nÅse Ærø;+45 11 22 33 44\nBo Holm;+45 55 66 77 88\n", "text/csv", "x"),
        ("navn\ttelefon\nÅse Ærø\t+45 11 22 33 44\nBo Holm\t+45 55 66 77 88\n", "text/plain", "x"),
        (
            "\ufeffnavn;telefon\r\nÅse Ærø;+45 11 22 33 44\r\nBo Holm;+45 55 66 77 88\r\n",
            "application/octet-stream",
            "x",
        ),
        ("navn|telefon\nÅse Ærø|+45 11 22 33 44\nBo Holm|+45 55 66 77 88\n", "", "x"),
        ("navn\ttelefon\nÅse Ærø\t+45 11 22 33 44\nBo Holm\t+45 55 66 77 88\n", "text/x", "a.tsv"),
    ],
    ids=["semicolon-declared", "tab-in-text-plain", "semicolon-bom-octet-stream", "pipe", "tsv"],
)
def test_csv_delimiters_are_sniffed(body: str, content_type: str, url: str) -> None:
    exposures = read(document(body, content_type, url=f"https://estate.test/d/{url}"))
    assert rows(exposures) == [
        ("csv:navn", "row 1", "Åse Ærø"),
        ("csv:telefon", "row 1", "+45 11 22 33 44"),
        ("csv:navn", "row 2", "Bo Holm"),
        ("csv:telefon", "row 2", "+45 55 66 77 88"),
    ]


def test_csv_ragged_rows_empty_headers_and_encoded_cells() -> None:
    ctx = base64.b64encode(json.dumps({"mail": "ida@example.test"}).encode()).decode()
    body = f"navn,,ctx\nIda Lund,x,{ctx},extra\n"
    exposures = read(document(body, "text/csv"))
    assert rows(exposures) == [
        ("csv:navn", "row 1", "Ida Lund"),
        ("csv:#2", "row 1", "x"),
        ("csv:ctx", "row 1", ctx),
        ("csv:ctx|base64|json:$.mail", "row 1 |base64|json:$.mail", "ida@example.test"),
        ("csv:#4", "row 1", "extra"),
    ]


def test_text_key_value_lines_with_danish_keys() -> None:
    body = (
        "KØBSAFTALE (UDKAST)\n"
        "Sælger: Åse Ærø\n"
        "Sælger CPR: 010190-1234\n"
        "\n"
        "  - Køber adresse:   Søndergade 1, 8000 Aarhus  \n"
        "Mødet er kl. 12:30 på kontoret\n"
        "Se: https://estate.test/x\n"
        "https://estate.test/y\n"
        "Overtagelse: efter aftale. Handlen er betinget: af godkendelse.\n"
    )
    exposures = read(document(body))
    assert rows(exposures) == [
        ("text", "line 1", "KØBSAFTALE (UDKAST)"),
        ("text:Sælger", "line 2", "Åse Ærø"),
        ("text:Sælger CPR", "line 3", "010190-1234"),
        ("text:Køber adresse", "line 5", "Søndergade 1, 8000 Aarhus"),
        ("text", "line 6", "Mødet er kl. 12:30 på kontoret"),
        ("text:Se", "line 7", "https://estate.test/x"),
        ("text", "line 8", "https://estate.test/y"),
        ("text:Overtagelse", "line 9", "efter aftale. Handlen er betinget: af godkendelse."),
    ]
    assert exposures[2].key == "Sælger CPR"
    assert exposures[0].key is None


def test_prose_with_commas_in_text_plain_is_text_not_csv() -> None:
    body = "Mægler: Ida Lund, 11223344, ida@example.test\nType: Villa\nVærelser: 5\n"
    assert sniff_delimiter(body, declared=False) is None
    assert [e.location.path for e in read(document(body))] == [
        "text:Mægler",
        "text:Type",
        "text:Værelser",
    ]


@pytest.mark.parametrize(
    "content_type", ["application/json", "application/octet-stream", "text/plain", ""]
)
def test_json_documents(content_type: str) -> None:
    body = json.dumps({"bidders": [{"cpr": "010190-1234", "ctx": "a=1&mail=ida%40example.test"}]})
    exposures = read(document(body, content_type))
    assert rows(exposures) == [
        ("$.bidders[*].cpr", "$.bidders[0].cpr", "010190-1234"),
        ("$.bidders[*].ctx", "$.bidders[0].ctx", "a=1&mail=ida%40example.test"),
        ("$.bidders[*].ctx|query:a", "$.bidders[0].ctx|query:a", "1"),
        ("$.bidders[*].ctx|query:mail", "$.bidders[0].ctx|query:mail", "ida@example.test"),
    ]
    assert exposures[0].records[-1].path == "$.bidders[*]"


def test_generic_type_that_is_not_json_is_read_as_text() -> None:
    body = "[INFO] sendt til ida@example.test\nSælger CPR: 010190-1234\n"
    for content_type in ("text/plain", "application/octet-stream"):
        assert rows(read(document(body, content_type))) == [
            ("text", "line 1", "[INFO] sendt til ida@example.test"),
            ("text:Sælger CPR", "line 2", "010190-1234"),
        ]


def test_a_few_replacement_characters_are_not_binary() -> None:
    body = "navn,by\nS\ufffdren,\ufffdrhus\nBo Holm,Vejle\n"
    assert rows(read(document(body, "text/csv"))) == [
        ("csv:navn", "row 1", "S\ufffdren"),
        ("csv:by", "row 1", "\ufffdrhus"),
        ("csv:navn", "row 2", "Bo Holm"),
        ("csv:by", "row 2", "Vejle"),
    ]


# ---- PDF -----------------------------------------------------------------------------------


def make_pdf(pages: list[list[str]]) -> bytes:
    """Write a minimal valid PDF: one Helvetica (WinAnsi) text line per entry, pages in order."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    font_id = 3 + 2 * len(pages)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    for i, lines in enumerate(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * i} 0 R "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> >>".encode()
        )
        ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("cp1252")
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


PDF = make_pdf(
    [
        ["KØBSAFTALE", "Sælger: Åse Ærø", "Sælger CPR: 010190-1234"],
        ["Bud: 3.450.000 kr.", "Underskrevet (digitalt)"],
    ]
)
PDF_ROWS = [
    ("text", "page 1 line 1", "KØBSAFTALE"),
    ("text:Sælger", "page 1 line 2", "Åse Ærø"),
    ("text:Sælger CPR", "page 1 line 3", "010190-1234"),
    ("text:Bud", "page 2 line 1", "3.450.000 kr."),
    ("text", "page 2 line 2", "Underskrevet (digitalt)"),
]


@pytest.mark.parametrize(
    ("body", "content_type", "meta"),
    [
        (PDF.decode("latin-1"), "application/pdf", None),
        (PDF.decode("latin-1"), "application/octet-stream", None),
        (base64.b64encode(PDF).decode(), "application/pdf", None),
        (base64.encodebytes(PDF).decode(), "application/pdf", {"body_encoding": "base64"}),
    ],
    ids=["latin-1", "latin-1-sniffed", "base64", "base64-lines-meta"],
)
def test_pdf_text_per_page(body: str, content_type: str, meta: dict[str, str] | None) -> None:
    exposures = read(document(body, content_type, url="https://estate.test/d/a.pdf", meta=meta))
    assert rows(exposures) == PDF_ROWS


def test_pdf_lossy_or_broken_bodies_are_skipped() -> None:
    lossy = PDF.decode("utf-8", errors="replace")
    broken = PDF[: len(PDF) // 3].decode("latin-1")
    garbage = "%PDF-1.7\n" + "x" * 200
    not_pdf = "hello"
    for body, reason in [
        (lossy, "decoded lossily"),
        (broken, "unreadable PDF"),
        (garbage, "unreadable PDF"),
        (not_pdf, "without a PDF header"),
    ]:
        exposures, skips = extract_document(document(body, "application/pdf"))
        assert exposures == [], reason
        assert len(skips) == 1 and reason in skips[0].reason, (reason, skips)


# ---- what is not read ----------------------------------------------------------------------


def _skip_of(artifact: Artifact) -> str:
    exposures, skips = extract_document(artifact)
    assert exposures == []
    assert len(skips) == 1
    reason = skips[0].reason
    assert SECRET not in reason and "\n" not in reason
    assert skips[0].what == artifact.url
    return reason


@pytest.mark.parametrize(
    ("artifact", "reason"),
    [
        (document('{"cpr": "' + SECRET + '", "n', "application/json"), "malformed JSON"),
        (document("\x89PNG\r\n\x1a\n\x00\x00" + SECRET, "application/json"), "binary body"),
        (document("PK\x03\x04\x00\x00" + SECRET * 3, "application/octet-stream"), "binary"),
        (document(bytes(range(256)).decode("latin-1") * 4, "text/plain"), "binary"),
        (document("x" * (50 * 1024 * 1024), "text/csv"), "exceeds the 10,485,760 byte limit"),
        (document("x" * (MAX_DOCUMENT_BYTES + 1), "text/plain"), "exceeds"),
        (document("%PDF-" + "x" * (50 * 1024 * 1024), "application/pdf"), "exceeds"),
        (document("<!DOCTYPE html><p>" + SECRET, "text/plain"), "HTML page"),
        (document("<html><p>" + SECRET, "text/html"), "HTML page"),
        (document("Sælger CPR: " + SECRET, status=403), "HTTP 403"),
        (document("a,b\n1,2\n", "image/png"), "unsupported document type"),
    ],
    ids=[
        "truncated-json",
        "binary-json",
        "zip",
        "latin-1-bytes",
        "50MB",
        "10MB+1",
        "50MB-pdf",
        "html-sniffed",
        "html",
        "403",
        "image",
    ],
)
def test_unreadable_documents_are_skipped(artifact: Artifact, reason: str) -> None:
    assert reason in _skip_of(artifact)


def test_csv_error_keeps_rows_before_it() -> None:
    body = "a,b\n1,2\n" + '3,"' + "x" * 200_000 + '"\n'
    exposures, skips = extract_document(document(body, "text/csv"))
    assert rows(exposures) == [("csv:a", "row 1", "1"), ("csv:b", "row 1", "2")]
    assert len(skips) == 1 and "malformed CSV after row 1" in skips[0].reason
