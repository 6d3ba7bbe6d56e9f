"""Source maps: canonical source names, index maps, missing content and malformed maps."""

from __future__ import annotations

import json

import pytest

from leakcheck.extract import sourcemaps
from leakcheck.extract.sourcemaps import extract_source_map, source_name
from leakcheck.models import Artifact, ArtifactKind, Surface

MAP_URL = "https://shop.test/static/app.js.map"
CONFIG = 'export const dbHost = "db.internal.example";\nexport const dbPassword = "made-up-pw-1";\n'
PAYMENTS = '// clients\nexport const STRIPE_SECRET_KEY = "sk_test_madeup_0001";\n'


def source_map(body: object) -> Artifact:
    return Artifact(
        role="buyer",
        page="https://shop.test/cases/1",
        kind=ArtifactKind.RESPONSE,
        url=MAP_URL,
        content_type="application/json",
        body=body if isinstance(body, str) else json.dumps(body),
    )


def plain(sources: list[str], contents: list[str | None] | None) -> dict[str, object]:
    document: dict[str, object] = {"version": 3, "sources": sources, "names": [], "mappings": ""}
    if contents is not None:
        document["sourcesContent"] = contents
    return document


def located(body: object) -> list[tuple[str, str | None, str]]:
    exposures, skips = extract_source_map(source_map(body))
    assert skips == []
    return [(e.location.path, e.location.detail, e.value) for e in exposures]


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("webpack:///./src/config.js", "src/config.js"),
        ("webpack:///src/config.js", "src/config.js"),
        ("webpack://my-app/./src/config.js", "src/config.js"),
        ("webpack:///./src/App.vue?4f2a", "src/App.vue?4f2a"),
        ("./src/config.js", "src/config.js"),
        ("/src/config.js", "src/config.js"),
        ("src/config.js", "src/config.js"),
        ("../../node_modules/lib/index.js", "../../node_modules/lib/index.js"),
        ("webpack-internal:///./src/main.ts", "src/main.ts"),
        ("turbopack://[project]/src/main.ts", "src/main.ts"),
        ("/", "/"),
    ],
)
def test_source_name(raw: str, name: str) -> None:
    assert source_name(raw) == name


def test_literals_of_each_source_with_canonical_locations() -> None:
    document = plain(
        ["webpack:///./src/config.js", "webpack:///./src/payments.js"], [CONFIG, PAYMENTS]
    )
    exposures, skips = extract_source_map(source_map(document))
    assert skips == []
    assert [(e.location.path, e.location.detail, e.value, e.key) for e in exposures] == [
        ("src/config.js:dbHost", "line 1", "db.internal.example", "dbHost"),
        ("src/config.js:dbPassword", "line 2", "made-up-pw-1", "dbPassword"),
        ("src/payments.js:STRIPE_SECRET_KEY", "line 2", "sk_test_madeup_0001", "STRIPE_SECRET_KEY"),
    ]
    assert {(e.surface, e.url, e.role, e.page) for e in exposures} == {
        (Surface.SOURCE_MAP, MAP_URL, "buyer", "https://shop.test/cases/1")
    }


def test_short_blank_and_unnamed_literals() -> None:
    content = 'f("abc", "   ", "long enough");\n'
    assert located(plain(["a.js"], [content])) == [("a.js:string", "line 1", "long enough")]


def test_sources_without_content_are_passed_over() -> None:
    document = plain(["./a.js", "./b.js", "./c.js"], [None, CONFIG])
    assert [path for path, _, _ in located(document)] == [
        "b.js:dbHost",
        "b.js:dbPassword",
    ]


def test_unnamed_source_gets_its_index() -> None:
    document = plain([None, ""], [CONFIG, PAYMENTS])  # type: ignore[list-item]
    paths = {path for path, _, _ in located(document)}
    assert paths == {"source-0:dbHost", "source-0:dbPassword", "source-1:STRIPE_SECRET_KEY"}


def test_index_map_sections() -> None:
    document = {
        "version": 3,
        "sections": [
            {
                "offset": {"line": 0, "column": 0},
                "map": plain(["webpack:///./src/config.js"], [CONFIG]),
            },
            {"offset": {"line": 9, "column": 0}, "map": plain(["/src/payments.js"], [PAYMENTS])},
        ],
    }
    assert [path for path, _, _ in located(document)] == [
        "src/config.js:dbHost",
        "src/config.js:dbPassword",
        "src/payments.js:STRIPE_SECRET_KEY",
    ]


def test_index_map_url_sections_are_reported_as_skipped() -> None:
    document = {
        "version": 3,
        "sections": [
            {"offset": {"line": 0, "column": 0}, "url": "https://shop.test/other.map"},
            {"offset": {"line": 9, "column": 0}, "map": plain(["src/payments.js"], [PAYMENTS])},
        ],
    }
    exposures, skips = extract_source_map(source_map(document))
    assert [e.location.path for e in exposures] == ["src/payments.js:STRIPE_SECRET_KEY"]
    assert len(skips) == 1
    assert "by URL" in skips[0].reason


def test_xssi_prefix_is_allowed() -> None:
    body = ")]}'\n" + json.dumps(plain(["src/config.js"], [CONFIG]))
    assert len(located(body)) == 2


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (plain(["src/config.js"], None), "no sourcesContent"),
        (plain(["src/config.js"], [None]), "no sourcesContent"),
        ({"version": 3, "sections": []}, "not a source map"),
        ({"hello": "world"}, "not a source map"),
        ([1, 2, 3], "not a source map"),
        (
            '{"version": 3, "sources": ["a.js"], "sourcesContent": ["var k = \\"made-up-pw-2',
            "malformed",
        ),
        ("", "malformed"),
        ("[" * 100_000 + "]" * 100_000, "source map"),  # too deep to parse, or not a map
    ],
)
def test_unreadable_maps_become_one_line_skips(body: object, reason: str) -> None:
    exposures, skips = extract_source_map(source_map(body))
    assert exposures == []
    assert len(skips) == 1
    skip = skips[0]
    assert (skip.role, skip.what) == ("buyer", MAP_URL)
    assert reason in skip.reason
    assert "\n" not in skip.reason
    assert "made-up" not in skip.reason


def test_oversized_map_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sourcemaps, "MAX_MAP_BYTES", 100)
    exposures, skips = extract_source_map(source_map(plain(["src/config.js"], [CONFIG * 5])))
    assert exposures == []
    assert "exceeds" in skips[0].reason
