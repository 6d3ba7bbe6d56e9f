"""JS string literals: names, escapes, comments, regex and template literals, hostile input."""

from __future__ import annotations

import base64
import random
import time

import pytest

from leakcheck.extract.scripts import (
    JsLiteral,
    decode_data_url,
    extract_js_bundle,
    js_literals,
    source_map_url,
    unescape_js,
)
from leakcheck.models import Artifact, ArtifactKind, Surface


def script(body: str, url: str | None = "https://shop.test/static/app.js") -> Artifact:
    return Artifact(
        role="buyer",
        page="https://shop.test/cases/1",
        kind=ArtifactKind.RESPONSE,
        url=url,
        content_type="text/javascript",
        body=body,
    )


def pairs(source: str) -> list[tuple[str, str | None]]:
    return [(literal.value, literal.name) for literal in js_literals(source)]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('var SECRET_A = "made-up-1";', [("made-up-1", "SECRET_A")]),
        ("let secretB = 'made-up-2';", [("made-up-2", "secretB")]),
        ('const SECRET_C="made-up-3"', [("made-up-3", "SECRET_C")]),
        ('export const dbPassword = "made-up-4";', [("made-up-4", "dbPassword")]),
        ('export let host = "db.example.test";', [("db.example.test", "host")]),
        ('TOKEN = "made-up-5";', [("made-up-5", "TOKEN")]),
        ('obj.apiKey = "made-up-6";', [("made-up-6", "apiKey")]),
        ('this.config.secret = "made-up-7";', [("made-up-7", "secret")]),
        ('cfg["X-Api-Key"] = "made-up-8";', [("made-up-8", "X-Api-Key")]),
        ('{apiKey:"made-up-9",x:1}', [("made-up-9", "apiKey")]),
        ('({ "clientSecret": "made-up-10" })', [("made-up-10", "clientSecret")]),
        ("x={'k_1':'made-up-11',k2:'made-up-12'}", [("made-up-11", "k_1"), ("made-up-12", "k2")]),
        ('{a:{deep:"made-up-13"}}', [("made-up-13", "deep")]),
        (
            'localStorage.setItem("authToken", "made-up-14")',
            [("authToken", None), ("made-up-14", "authToken")],
        ),
        ("sessionStorage.setItem('sid','made-up-15')", [("sid", None), ("made-up-15", "sid")]),
        (
            'xhr.setRequestHeader("Authorization", "Bearer made-up-16")',
            [("Authorization", None), ("Bearer made-up-16", "Authorization")],
        ),
        (
            'headers["Authorization"] = "Bearer made-up-34";',
            [("Bearer made-up-34", "Authorization")],
        ),
        ('x = ["only-value"];', [("only-value", None)]),  # an array, not a member access
        ('const token: string = "made-up-17";', [("made-up-17", "token")]),
        ('var a = "made-up-18", b = "made-up-19";', [("made-up-18", "a"), ("made-up-19", "b")]),
        ('fetch("/api/cases")', [("/api/cases", None)]),
        ('if (a == "made-up-20") {}', [("made-up-20", None)]),
        ('if (a === "made-up-21") {}', [("made-up-21", None)]),
        ('if (a != "made-up-22") {}', [("made-up-22", None)]),
        ('a += "made-up-23";', [("made-up-23", None)]),
        ('x = c ? "made-up-24" : "made-up-25";', [("made-up-24", None), ("made-up-25", None)]),
        ('f("made-up-26", "made-up-27")', [("made-up-26", None), ("made-up-27", None)]),
        ('["made-up-28", "made-up-29"]', [("made-up-28", None), ("made-up-29", None)]),
        ('return "made-up-30";', [("made-up-30", None)]),
        ('switch (k) { case "made-up-31": break }', [("made-up-31", None)]),
        ('x = y => "made-up-32";', [("made-up-32", None)]),
        ('{"a b": "made-up-33"}', [("made-up-33", None)]),  # not key-like: no name
    ],
)
def test_names(source: str, expected: list[tuple[str, str | None]]) -> None:
    assert pairs(source) == expected


@pytest.mark.parametrize(
    ("literal", "value"),
    [
        (r'"a\nb"', "a\nb"),
        (r'"a\tb"', "a\tb"),
        (r"'it\'s'", "it's"),
        (r'"say \"hi\""', 'say "hi"'),
        (r'"back\\slash"', "back\\slash"),
        (r'"\u0041BC"', "ABC"),
        (r'"\x41BC"', "ABC"),
        (r'"\u{1F600}!"', "\U0001f600!"),
        (r'"\uD83D\uDE00!"', "\U0001f600!"),
        ('"line \\\ncontinued"', "line continued"),
        (r'"\q\u12"', "qu12"),  # unknown and malformed escapes keep their letters
        (r'"\/path"', "/path"),
        ("`tab\\t`", "tab\t"),
    ],
)
def test_escapes(literal: str, value: str) -> None:
    assert [lit.value for lit in js_literals(f"x = {literal};")] == [value]


def test_unescape_without_backslash_is_identity() -> None:
    text = "plain text with ünïcode"
    assert unescape_js(text) is text


@pytest.mark.parametrize(
    ("source", "values"),
    [
        ('// "not-a-literal"\nvar a = "real-one";', ["real-one"]),
        ('/* "not" \n "either" */ var a = "real-two";', ["real-two"]),
        ('var a = "real-3"; /* unterminated "never"', ["real-3"]),
        ('var a = "real-4"; // trailing "comment" without newline', ["real-4"]),
        ('var u = "https://example.test/a//b"; // "x"', ["https://example.test/a//b"]),
        ('var c = "/* not a comment */";', ["/* not a comment */"]),
    ],
)
def test_comments(source: str, values: list[str]) -> None:
    assert [lit.value for lit in js_literals(source)] == values


@pytest.mark.parametrize(
    ("source", "values"),
    [
        ('var r = /"/g; var s = "real-5";', ["real-5"]),
        ('s.replace(/\'/g, "&#39;")', ["&#39;"]),
        ('var r = /[/"]+/; var s = "real-6";', ["real-6"]),
        ('var r = /\\/"/; var s = "real-7";', ["real-7"]),
        ('return /"[a-z]\'/.test(x) ? "yes-8" : "no-9";', ["yes-8", "no-9"]),
        ('x = typeof /"/; y = "real-10";', ["real-10"]),
        ('half = a / 2 / "real-11";', ["real-11"]),  # division, not a regex
        ('n = (a) / "real-12" / 2;', ["real-12"]),
        ('r = /unterminated "regex\nvar t = "real-13";', ["real-13"]),
    ],
)
def test_regex_literals(source: str, values: list[str]) -> None:
    assert [lit.value for lit in js_literals(source)] == values


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("var t = `plain template`;", [("plain template", "t")]),
        ("var t = `a ${b} c`;", []),  # interpolated: not a value
        ('var t = `a ${ {k: "inner-1"}.k } c`;', [("inner-1", "k")]),
        ("var t = `o ${ `inner tmpl` } o`;", [("inner tmpl", None)]),
        ("var t = `multi\nline`;", [("multi\nline", "t")]),
        ("var t = `cost $5 ${x} $`; var u = 'after-1';", [("after-1", "u")]),
        (
            'var t = `${a ? "yes-1" : `no-${b}`}`; var u = "after-2";',
            [("yes-1", None), ("after-2", "u")],
        ),
        # An unterminated template must not hide what follows: rescanned without templates.
        ('x = `abc "real-14" ${y}', [("real-14", None)]),
        ('x = `abc ${ "real-15"', [("real-15", None)]),
    ],
)
def test_templates(source: str, expected: list[tuple[str, str | None]]) -> None:
    assert pairs(source) == expected


def test_object_keys_are_names_not_values() -> None:
    assert pairs('{"apiKey": "made-up-1", \'other\': "made-up-2"}') == [
        ("made-up-1", "apiKey"),
        ("made-up-2", "other"),
    ]


def test_lines_are_counted_from_one() -> None:
    source = 'var a = "first";\n\n/* c\n c */ var b = "second";\nvar c = `x\ny`; var d = "third";'
    assert [(lit.value, lit.line) for lit in js_literals(source)] == [
        ("first", 1),
        ("second", 4),
        ("x\ny", 5),
        ("third", 6),
    ]


def test_unterminated_string_does_not_swallow_the_next_line() -> None:
    source = (
        'var a = "unterminated\nvar b = "okay-1";\nvar c = \'also unterminated\nvar d = "okay-2";'
    )
    assert [(lit.value, lit.name, lit.line) for lit in js_literals(source)] == [
        ("okay-1", "b", 2),
        ("okay-2", "d", 4),
    ]


def test_binary_junk_does_not_raise() -> None:
    junk = random.Random(7).randbytes(1_000_000).decode("latin-1")
    literals = list(js_literals(junk + '\nvar k = "after-junk";'))
    assert all(isinstance(lit, JsLiteral) for lit in literals)


SIZE = 1_000_000
HOSTILE = {
    "quotes on one line": lambda: '"ab' * (SIZE // 3),
    "one unterminated quote per line": lambda: 'x = "abc\n' * (SIZE // 9),
    "escaped quotes": lambda: '\\"' * (SIZE // 2),
    "mixed quotes": lambda: "\"'a" * (SIZE // 3),
    "slashes": lambda: "(/ " * (SIZE // 3),
    "deep braces": lambda: "{" * (SIZE // 2) + "}" * (SIZE // 2),
    "open interpolations": lambda: "`${" * (SIZE // 3),
    "unterminated template": lambda: "`" + 'a${"x"}' * (SIZE // 8),
    "whitespace runs": lambda: (" " * 999 + "=") * (SIZE // 1000),
    "random tokens": lambda: "".join(random.Random(3).choices("\"'`/{}\\$ \n*ab=:,([])", k=SIZE)),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_megabyte_finishes_and_recovers(name: str) -> None:
    source = HOSTILE[name]() + '\nvar tail = "tail-value";\n'
    literals = list(js_literals(source))
    assert all(lit.line >= 1 for lit in literals)
    if name not in ("random tokens", "unterminated template", "open interpolations"):
        # After line-bound junk the scanner is back in step for the next line.
        assert literals[-1] == JsLiteral("tail-value", "tail", source.count("\n"))


def test_twenty_megabytes_is_linear() -> None:
    chunk = (
        'function f(a){var apiKey="k-0123456789",b={name:"Ann Example",mail:"a@example.test",'
        "n:1};return a/2+b.n}/* note */\n"
    )
    small = chunk * (1_000_000 // len(chunk))
    large = chunk * (20_000_000 // len(chunk))
    started = time.perf_counter()
    small_count = len(extract_js_bundle(script(small)))
    small_time = time.perf_counter() - started
    started = time.perf_counter()
    exposures = extract_js_bundle(script(large))
    large_time = time.perf_counter() - started
    assert len(exposures) == 3 * large.count("function f")
    assert small_count == 3 * small.count("function f")
    print(f"1 MB: {small_time:.2f}s, 20 MB: {large_time:.2f}s")


def test_extract_js_bundle_exposures() -> None:
    body = (
        '/*! app */\n(function () {\n  "use strict";\n'
        '  var STRIPE_SECRET_KEY = "sk_test_madeup0000";\n'
        '  var x = "   ", y = "abc", z = "";\n'
        '  window.CFG = { apiBase: "/api" };\n})();\n'
    )
    exposures = extract_js_bundle(script(body))
    assert [(e.location.path, e.location.detail, e.value, e.key) for e in exposures] == [
        ("js:string", "line 3", "use strict", None),
        ("js:STRIPE_SECRET_KEY", "line 4", "sk_test_madeup0000", "STRIPE_SECRET_KEY"),
        ("js:apiBase", "line 6", "/api", "apiBase"),
    ]
    first = exposures[1]
    assert first.surface is Surface.JS_BUNDLE
    assert first.url == "https://shop.test/static/app.js"
    assert (first.role, first.page) == ("buyer", "https://shop.test/cases/1")


@pytest.mark.parametrize(
    ("body", "inline", "expected"),
    [
        ("x;\n//# sourceMappingURL=app.js.map\n", False, "https://shop.test/static/app.js.map"),
        ("x;\n//@ sourceMappingURL=app.js.map", False, "https://shop.test/static/app.js.map"),
        ("x;\n//# sourceMappingURL=/maps/app.map", False, "https://shop.test/maps/app.map"),
        (
            "x;\n//# sourceMappingURL=https://cdn.test/app.map",
            False,
            "https://cdn.test/app.map",
        ),
        (
            "a{}\n/*# sourceMappingURL=site.css.map */",
            False,
            "https://shop.test/static/site.css.map",
        ),
        (
            "x;\n//# sourceMappingURL=old.map\ny;\n//# sourceMappingURL=new.map\n",
            False,
            "https://shop.test/static/new.map",
        ),
        (
            'x;\n//# sourceMappingURL=real.map\nvar s = "\\n//# sourceMappingURL=" + u;',
            False,
            "https://shop.test/static/real.map",
        ),
        ("x = 1;", False, None),
        ("x;\n//# sourceMappingURL=\n", False, None),
        ("x;\n//# sourceMappingURL=inline.map", True, "https://shop.test/cases/inline.map"),
    ],
)
def test_source_map_url(body: str, inline: bool, expected: str | None) -> None:
    artifact = script(body, url=None) if inline else script(body)  # inline: the page is the base
    assert source_map_url(artifact) == expected


def test_source_map_url_keeps_data_urls_and_decodes_them() -> None:
    inline = '{"version":3,"sources":["a.js"],"sourcesContent":["var k = \\"made-up\\";"]}'
    data_url = "data:application/json;base64," + base64.b64encode(inline.encode()).decode()
    found = source_map_url(script(f"x;\n//# sourceMappingURL={data_url}\n"))
    assert found == data_url
    assert decode_data_url(data_url) == inline


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("data:application/json;charset=utf-8;base64,eyJhIjoxfQ", '{"a":1}'),
        ("data:application/json,%7B%22a%22%3A1%7D", '{"a":1}'),
        ("data:,plain", "plain"),
        ("data:text/plain;charset=latin-1;base64,5g==", "æ"),
        ("data:text/plain;charset=nonsense,ok", "ok"),
        ("https://shop.test/app.js.map", None),
        ("data:application/json;base64", None),
        ("data:application/json;base64,a", None),
    ],
)
def test_decode_data_url(url: str, text: str | None) -> None:
    assert decode_data_url(url) == text
