"""A page's HTML source: inline state and comments, less what its DOM snapshot already holds."""

from __future__ import annotations

import pytest

import leakcheck.extract as extract_module
from leakcheck.extract import extract, inline_state
from leakcheck.models import Artifact, ArtifactKind, Surface

PAGE = "https://estate.test/cases/1"
STATE = '<script>window.__STATE__ = {"bidder": {"email": "bo@example.test"}};</script>'
COMMENT = "<!-- agent note: call 41 22 33 44 -->"
SOURCE = (
    f"<html><head>{STATE}</head><body>{COMMENT}<main id='app'>"
    "<input type='hidden' name='cpr' value='010190-1234'><p style='display:none'>Bo</p>"
    "</main></body></html>"
)


def artifact(kind: ArtifactKind, body: str, **extra: object) -> Artifact:
    return Artifact("buyer", PAGE, kind, PAGE, "text/html; charset=utf-8", body, **extra)


def located(artifacts: list[Artifact]) -> list[tuple[Surface, str, str]]:
    found = extract(artifacts)
    return sorted((e.surface, e.location.path, e.value) for e in found.exposures)


EXPECTED = [
    (Surface.DOM_HIDDEN, "main#app > input@value", "010190-1234"),
    (Surface.HTML_COMMENT, "body::comment", "agent note: call 41 22 33 44"),
    (Surface.INLINE_STATE, "window.__STATE__|json:$.bidder.email", "bo@example.test"),
]
"""Element text is not among them: whether it is hidden needs computed style."""


def test_without_a_snapshot_the_source_is_read() -> None:
    assert located([artifact(ArtifactKind.RESPONSE, SOURCE, status=200)]) == EXPECTED


def test_a_snapshot_holding_the_same_values_reports_them_once() -> None:
    both = [
        artifact(ArtifactKind.RESPONSE, SOURCE, status=200),
        artifact(ArtifactKind.DOM_SNAPSHOT, SOURCE),
    ]
    found = located(both)
    assert all(found.count(expected) == 1 for expected in EXPECTED)


def test_state_the_page_dropped_from_its_dom_is_still_reported() -> None:
    hydrated = f"<html><head></head><body>{COMMENT}<main>Bud</main></body></html>"
    found = located(
        [
            artifact(ArtifactKind.RESPONSE, SOURCE, status=200),
            artifact(ArtifactKind.DOM_SNAPSHOT, hydrated),
        ]
    )
    assert (Surface.INLINE_STATE, "window.__STATE__|json:$.bidder.email", "bo@example.test") in (
        found
    )
    assert [f for f in found if f[0] is Surface.HTML_COMMENT] == [EXPECTED[1]]


def test_error_pages_and_fetched_documents_are_not_page_sources() -> None:
    error = artifact(ArtifactKind.RESPONSE, SOURCE, status=500)
    fetched = artifact(
        ArtifactKind.RESPONSE, SOURCE, status=200, meta={"fetched": "linked-document"}
    )
    surfaces = {e[0] for e in located([error, fetched])}
    assert Surface.INLINE_STATE not in surfaces


def test_an_oversized_source_is_a_recorded_skip(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract_module, "MAX_HTML_BYTES", 100)
    monkeypatch.setattr(inline_state, "MAX_HTML_BYTES", 100)
    found = extract([artifact(ArtifactKind.RESPONSE, SOURCE, status=200)])
    assert found.exposures == []
    assert [s.reason.split(" exceeds")[0] for s in found.skips] == [
        f"HTML source of {len(SOURCE):,} bytes"
    ]
