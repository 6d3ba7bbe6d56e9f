"""Inline state: JSON script elements, globals assigned in inline scripts, fallbacks and skips."""

from __future__ import annotations

import json

import pytest

from leakcheck.extract import inline_state
from leakcheck.extract.inline_state import extract_inline_state
from leakcheck.models import Artifact, ArtifactKind, Exposure, Skip, Surface

PAGE = "https://shop.test/cases/1"
STATE = {"lastBidder": {"name": "Bo Example", "email": "bo@example.test"}}


def snapshot(head: str) -> Artifact:
    return Artifact(
        role="buyer",
        page=PAGE,
        kind=ArtifactKind.DOM_SNAPSHOT,
        url=None,
        content_type="text/html",
        body=f"<!doctype html>\n<html><head>\n{head}\n</head><body><p>Hi</p></body></html>",
    )


def run(head: str) -> tuple[list[Exposure], list[Skip]]:
    return extract_inline_state(snapshot(head))


def paths(head: str) -> dict[str, str]:
    exposures, skips = run(head)
    assert skips == []
    return {e.location.path: e.value for e in exposures}


def test_json_script_with_id() -> None:
    head = (
        '<script type="application/json" id="initial-state">'
        '{"case": {"seller": {"name": "Sam Example", "phone": "+45 00 00 00 00"}}}</script>'
    )
    exposures, skips = run(head)
    assert skips == []
    assert [(e.location.path, e.value, e.key) for e in exposures] == [
        ("script#initial-state|json:$.case.seller.name", "Sam Example", "name"),
        ("script#initial-state|json:$.case.seller.phone", "+45 00 00 00 00", "phone"),
    ]
    first = exposures[0]
    assert (first.surface, first.url, first.page, first.role) == (
        Surface.INLINE_STATE,
        PAGE,
        PAGE,
        "buyer",
    )
    assert [r.path for r in first.records] == ["$", "$.case", "$.case.seller"]


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            '<script type="application/json">{"user": {"email": "a@example.test"}}</script>',
            {"script[type=application/json]|json:$.user.email": "a@example.test"},
        ),
        (
            '<script type="application/ld+json">'
            '{"@type": "Person", "name": "Ida Example"}</script>',
            {
                "script[type=application/ld+json]|json:$['@type']": "Person",
                "script[type=application/ld+json]|json:$.name": "Ida Example",
            },
        ),
        (
            '<script id="__NEXT_DATA__">{"props": {"pageProps": {"ssn": "000-00-0000"}}}</script>',
            {"script#__NEXT_DATA__|json:$.props.pageProps.ssn": "000-00-0000"},
        ),
        (
            '<script type="application/json; charset=utf-8" id="s">'
            '{"list": [{"k": "v1"}]}</script>',
            {"script#s|json:$.list[*].k": "v1"},
        ),
        ('<script type="application/json" id="empty">  </script>', {}),
        ('<script type="text/template">{"not": "state"}</script>', {}),
        ('<script src="/app.js">window.__STATE__ = {"a": "ignored"}</script>', {}),
    ],
)
def test_json_scripts(head: str, expected: dict[str, str]) -> None:
    assert paths(head) == expected


@pytest.mark.parametrize(
    ("statement", "name"),
    [
        ("window.__STATE__ = {json};", "__STATE__"),
        ("window.__STATE__={json}", "__STATE__"),
        ('window["__STATE__"] = {json};', "__STATE__"),
        ("window['__STATE__'] = {json};", "__STATE__"),
        ("self.__STATE__ = {json};", "__STATE__"),
        ("globalThis.__STATE__ = {json};", "__STATE__"),
        ("var __INITIAL_STATE__ = {json};", "__INITIAL_STATE__"),
        ("let __PRELOADED_STATE__ = {json};", "__PRELOADED_STATE__"),
        ("const initialData = {json};", "initialData"),
        ("__APOLLO_STATE__ = {json};", "__APOLLO_STATE__"),
        ("window.__NUXT__ = {json};", "__NUXT__"),
        ("window.__remixContext = {json};", "__remixContext"),
        ("window.__RELAY_STORE__ = {json};", "__RELAY_STORE__"),
        ("window.APP_DATA = {json};", "APP_DATA"),
        ('(function () { "use strict"; window.__STATE__ = {json}; })();', "__STATE__"),
    ],
)
def test_each_global_form(statement: str, name: str) -> None:
    script = statement.replace("{json}", json.dumps(STATE))
    assert paths(f"<script>{script}</script>") == {
        f"window.{name}|json:$.lastBidder.name": "Bo Example",
        f"window.{name}|json:$.lastBidder.email": "bo@example.test",
    }


def test_non_identifier_global_name_is_quoted() -> None:
    head = '<script>window["app-state"] = {"a": "value-1"};</script>'
    assert paths(head) == {"window['app-state']|json:$.a": "value-1"}


def test_array_state_and_several_assignments_in_one_script() -> None:
    head = (
        "<script>\n"
        'window.__A__ = [{"email": "one@example.test"}];\n'
        'window.__B__ = {"nested": {"x": ["two@example.test"]}};\n'
        "</script>"
    )
    assert paths(head) == {
        "window.__A__|json:$[*].email": "one@example.test",
        "window.__B__|json:$.nested.x[*]": "two@example.test",
    }


@pytest.mark.parametrize(
    "call",
    [
        """JSON.parse('{"user":{"name":"Ann O\\u0027Example","mail":"ann@example.test"}}')""",
        "JSON.parse("
        + json.dumps(json.dumps({"user": {"name": "Ann O'Example", "mail": "ann@example.test"}}))
        + ")",
        """JSON.parse(`{"user":{"name":"Ann O'Example","mail":"ann@example.test"}}`)""",
    ],
)
def test_json_parse_arguments_are_unescaped_and_parsed(call: str) -> None:
    assert paths(f"<script>window.__PRELOADED_STATE__ = {call};</script>") == {
        "window.__PRELOADED_STATE__|json:$.user.name": "Ann O'Example",
        "window.__PRELOADED_STATE__|json:$.user.mail": "ann@example.test",
    }


def test_json_in_strings_is_unwrapped() -> None:
    state = {"session": {"blob": json.dumps({"email": "inner@example.test"})}}
    head = f"<script>window.__STATE__ = {json.dumps(state)};</script>"
    assert paths(head)["window.__STATE__|json:$.session.blob|json:$.email"] == "inner@example.test"


def test_js_object_literal_falls_back_to_literals() -> None:
    head = (
        "<script>\nwindow.__remixContext = {\n"
        "  state: {loaderData: {root: {email: 'r@example.test', tag: 'Ida'}}},\n"
        "  future: undefined,\n"
        "};\n</script>"
    )
    exposures, skips = run(head)
    assert skips == []
    assert [(e.location.path, e.location.detail, e.value, e.key) for e in exposures] == [
        ("window.__remixContext|js:email", "line 5", "r@example.test", "email"),
        ("window.__remixContext|js:tag", "line 5", "Ida", "tag"),  # short values are data here
    ]
    assert exposures[0].surface is Surface.INLINE_STATE


def test_function_wrapped_nuxt_payload_falls_back_to_literals() -> None:
    head = (
        "<script>window.__NUXT__=(function(a,b){return {data:[{name:a,email:b}],"
        'state:{token:"made-up-token"}}}("Jens Example","jens@example.test"));</script>'
    )
    exposures, skips = run(head)
    assert skips == []
    assert [(e.location.path, e.value) for e in exposures] == [
        ("window.__NUXT__|js:token", "made-up-token"),
        ("window.__NUXT__|js:string", "Jens Example"),
        ("window.__NUXT__|js:string", "jens@example.test"),
    ]


def test_apollo_cache_types_fields_and_drops_typenames() -> None:
    cache = {
        "Person:1": {"__typename": "Person", "email": "p@example.test", "tags": ["vip"]},
        "ROOT_QUERY": {"__typename": "Query", "me": {"__ref": "Person:1"}},
    }
    exposures, _ = run(f"<script>window.__APOLLO_STATE__ = {json.dumps(cache)};</script>")
    typed = {(e.location.path, e.location.type_field) for e in exposures}
    assert typed == {
        ("window.__APOLLO_STATE__|json:$['Person:*'].email", "Person.email"),
        ("window.__APOLLO_STATE__|json:$['Person:*'].tags[*]", "Person.tags"),
        ("window.__APOLLO_STATE__|json:$.ROOT_QUERY.me.__ref", None),
    }
    assert all(e.value not in ("Person", "Query") for e in exposures)
    email = next(e for e in exposures if e.key == "email")
    assert email.records[-1].type_name == "Person"


@pytest.mark.parametrize(
    "script",
    [
        "window.__STATE__ = window.__STATE__ || {};",
        "var x = 5; window.y = x; if (a == {}) {}",
        "window.__STATE__ = getState();",
        "",
    ],
)
def test_assignments_without_literal_state_yield_nothing(script: str) -> None:
    assert paths(f"<script>{script}</script>") == {}


def test_malformed_json_script_is_a_skip_and_the_rest_is_read() -> None:
    head = (
        '<script type="application/json" id="broken">{"password": "made-up-pw",</script>\n'
        '<script type="application/json" id="ok">{"a": "fine-value"}</script>\n'
        "<script>window.__BAD__ = JSON.parse('{\"k\": made-up-bare}');</script>"
    )
    exposures, skips = run(head)
    assert [e.location.path for e in exposures] == ["script#ok|json:$.a"]
    assert [s.what for s in skips] == [PAGE, PAGE]
    assert skips[0].reason.startswith("script#broken: malformed JSON")
    assert skips[1].reason.startswith("window.__BAD__: malformed JSON")
    assert all("made-up" not in s.reason and "\n" not in s.reason for s in skips)


def test_unbalanced_state_falls_back_to_the_rest_of_the_script() -> None:
    head = "<script>window.__STATE__ = {user: {email: 'cut@example.test'</script>"
    assert paths(head) == {"window.__STATE__|js:email": "cut@example.test"}


def test_hostile_script_finishes() -> None:
    junk = "{" * 300_000 + "'" * 1000 + "window.__X__ = [" * 20_000
    head = (
        f"<script>window.__STATE__ = {junk}</script>"
        '<script>window.__OK__ = {"a": "b-value"}</script>'
    )
    exposures, _ = run(head)
    assert ("window.__OK__|json:$.a", "b-value") in {(e.location.path, e.value) for e in exposures}


def test_oversized_snapshot_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inline_state, "MAX_HTML_BYTES", 10)
    exposures, skips = run("<script>window.__STATE__ = {}</script>")
    assert exposures == []
    assert "exceeds" in skips[0].reason
