"""Recursive decoding: every chain form, the depth bound, base64 precision, junk never raises."""

from __future__ import annotations

import base64
import hashlib
import json
import random
import string
import uuid
from typing import Any

import pytest

from leakcheck.extract.decode import (
    MAX_DEPTH,
    base64_text,
    decode_once,
    decode_value,
    query_pairs,
    walk_decoded,
)
from leakcheck.extract.jsonpaths import walk_json


def b64(data: str | bytes, urlsafe: bool = False, pad: bool = True) -> str:
    raw = data.encode() if isinstance(data, str) else data
    text = (base64.urlsafe_b64encode if urlsafe else base64.b64encode)(raw).decode()
    return text if pad else text.rstrip("=")


def compact(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def jwt(claims: dict[str, Any]) -> str:
    header = b64(compact({"alg": "HS256", "typ": "JWT"}), urlsafe=True, pad=False)
    payload = b64(compact(claims), urlsafe=True, pad=False)
    return f"{header}.{payload}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk"


def decoded(value: str, prefix: str = "v") -> list[tuple[str, str]]:
    """Return (path, value) of everything decoded out of ``value`` (the value itself left out)."""
    rows = list(decode_value(value, prefix))
    assert rows[0][:2] == (prefix, value)
    return [(path, text) for path, text, _key in rows[1:]]


BIDDER = {"highestBidder": {"name": "A B", "cpr": "010190-1234"}}

CHAINS: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    (
        "base64 JSON in a cookie (the brief's example)",
        b64(compact(BIDDER)),
        "cookie:estate_ctx",
        [
            ("cookie:estate_ctx|base64|json:$.highestBidder.name", "A B"),
            ("cookie:estate_ctx|base64|json:$.highestBidder.cpr", "010190-1234"),
        ],
    ),
    (
        "base64url without padding",
        b64("Is it ok? ida@example.test >> Lund", urlsafe=True, pad=False),  # has "_"
        "v",
        [("v|base64", "Is it ok? ida@example.test >> Lund")],
    ),
    (
        "base64url JSON without padding",
        b64(compact({"ids": ["x1", "y2"], "tip": "ok?"}), urlsafe=True, pad=False),
        "v",
        [
            ("v|base64|json:$.ids[*]", "x1"),
            ("v|base64|json:$.ids[*]", "y2"),
            ("v|base64|json:$.tip", "ok?"),
        ],
    ),
    (
        "base64 text",
        b64("ida.jensen@example.test"),
        "v",
        [("v|base64", "ida.jensen@example.test")],
    ),
    (
        "base64 of Danish text",
        b64("Søren Ærøskøbing"),
        "v",
        [("v|base64", "Søren Ærøskøbing")],
    ),
    (
        "base64 of a Basic credential",
        b64("svc-user:Hunter2Hunter2"),
        "header:authorization",
        [("header:authorization|base64", "svc-user:Hunter2Hunter2")],
    ),
    (
        "JWT payload",
        jwt({"sub": "u-17", "email": "ida@example.test"}),
        "$.session.token",
        [
            ("$.session.token|jwt:$.sub", "u-17"),
            ("$.session.token|jwt:$.email", "ida@example.test"),
        ],
    ),
    (
        "JSON in a string",
        compact({"bids": [{"who": {"phone": "+45 11 22 33 44"}}]}),
        "$.blob",
        [("$.blob|json:$.bids[*].who.phone", "+45 11 22 33 44")],
    ),
    (
        "URL-encoded",
        "J%C3%B8rgen%20Lund",
        "v",
        [("v|url", "Jørgen Lund")],
    ),
    (
        "URL-encoded, form style (+ is a space)",
        "J%C3%B8rgen+Lund",
        "v",
        [("v|url", "Jørgen Lund")],
    ),
    (
        "URL-encoded Latin-1 (legacy)",
        "J%F8rgen%20Lund",
        "v",
        [("v|url", "Jørgen Lund")],
    ),
    (
        "URL-encoded JSON",
        "%7B%22mail%22%3A%22ida%40example.test%22%7D",
        "cookie:prefs",
        [("cookie:prefs|url|json:$.mail", "ida@example.test")],
    ),
    (
        "bare query string",
        "a=1&b=x%40y.dk",
        "v",
        [("v|query:a", "1"), ("v|query:b", "x@y.dk")],
    ),
    (
        "query string with a leading ?",
        "?next=%2Fhome&who=ida",
        "v",
        [("v|query:next", "/home"), ("v|query:who", "ida")],
    ),
    (
        "full URL: parameters are leaves, fragment ignored",
        "https://shop.example.test/p?u=ida%40example.test&n=J%C3%B8rgen+Lund#top",
        "$.link",
        [("$.link|query:u", "ida@example.test"), ("$.link|query:n", "Jørgen Lund")],
    ),
    (
        "root-relative URL with a query",
        "/search?q=010190-1234",
        "v",
        [("v|query:q", "010190-1234")],
    ),
    (
        "query parameter holding a JWT",
        "https://x.example.test/cb?id_token=" + jwt({"email": "ida@example.test"}),
        "v",
        [
            ("v|query:id_token", jwt({"email": "ida@example.test"})),
            ("v|query:id_token|jwt:$.email", "ida@example.test"),
        ],
    ),
    (
        "HTML entities",
        "ida&#64;example.test",
        "v",
        [("v|html", "ida@example.test")],
    ),
    (
        "HTML-escaped JSON",
        "{&quot;cpr&quot;:&quot;010190-1234&quot;}",
        "v",
        [("v|html|json:$.cpr", "010190-1234")],
    ),
    (
        "HTML-escaped query string",
        "a=1&amp;b=Lund",
        "v",
        [("v|html|query:a", "1"), ("v|html|query:b", "Lund")],
    ),
    (
        "base64 of a query string",
        b64("name=Ida+Lund&mail=ida%40example.test"),
        "v",
        [("v|base64|query:name", "Ida Lund"), ("v|base64|query:mail", "ida@example.test")],
    ),
    (
        "base64 of base64 of JSON",
        b64(b64(compact({"phone": "+4511223344"}))),
        "v",
        [("v|base64|base64|json:$.phone", "+4511223344")],
    ),
    (
        "query value that is URL-encoded base64 JSON",
        "ctx=" + b64(compact({"cpr": "010190-1234"})).replace("=", "%3D"),
        "v",
        [
            ("v|query:ctx", b64(compact({"cpr": "010190-1234"}))),
            ("v|query:ctx|base64|json:$.cpr", "010190-1234"),
        ],
    ),
    (
        "pipe in a parameter name is escaped",
        "a%7Cb=Lund",
        "v",
        [("v|query:a%7Cb", "Lund")],
    ),
]


@pytest.mark.parametrize(
    ("value", "prefix", "expected"),
    [case[1:] for case in CHAINS],
    ids=[case[0] for case in CHAINS],
)
def test_every_chain_form(value: str, prefix: str, expected: list[tuple[str, str]]) -> None:
    assert decoded(value, prefix) == expected


def test_keys_come_from_the_innermost_document_or_the_outer_key() -> None:
    rows = list(decode_value(b64(compact(BIDDER)), "cookie:estate_ctx", key="estate_ctx"))
    assert [key for _path, _value, key in rows] == ["estate_ctx", "name", "cpr"]
    rows = list(decode_value(b64("ida@example.test, Lund"), "localStorage:who", key="who"))
    assert rows[1] == ("localStorage:who|base64", "ida@example.test, Lund", "who")
    rows = list(decode_value(compact(["ida@example.test"]), "localStorage:recent", key="recent"))
    assert rows[1] == ("localStorage:recent|json:$[*]", "ida@example.test", "recent")


def test_depth_is_bounded_and_the_last_layer_is_reported_as_is() -> None:
    value = compact({"cpr": "010190-1234"})
    for _ in range(MAX_DEPTH + 2):
        value = b64(value)
    rows = decoded(value)
    assert len(rows) == 1
    path, text = rows[0]
    assert path == "v" + "|base64" * MAX_DEPTH
    assert base64_text(text) is not None  # still encoded: the bound stopped it, not the guards


def test_walk_decoded_keeps_details_records_and_the_outer_leaf() -> None:
    document = {
        "case": {
            "__typename": "Case",
            "bids": [{"id": "b1", "ctx": b64(compact({"bidder": {"mail": "ida@example.test"}}))}],
        }
    }
    leaves = list(walk_decoded(walk_json(document)))
    by_path = {leaf.path: leaf for leaf in leaves}
    assert "$.case.bids[*].ctx" in by_path  # the encoded value itself stays a leaf
    inner = by_path["$.case.bids[*].ctx|base64|json:$.bidder.mail"]
    assert inner.detail == "$.case.bids[0].ctx|base64|json:$.bidder.mail"
    assert inner.key == "mail"
    assert [r.path for r in inner.records] == ["$", "$.case", "$.case.bids[*]", "$", "$.bidder"]
    assert inner.records[1].type_name == "Case"


def test_decode_once_keeps_its_shape_for_the_judge() -> None:
    token = jwt({"sub": "u-17"})
    assert decode_once(token) == ("jwt", {"sub": "u-17"})
    assert decode_once('{"a": 1}') == ("json", {"a": 1})
    assert decode_once(b64('{"a": 1, "b": "Lund"}')) is None  # base64 is decode_value's job
    assert decode_once("plain") is None


def test_query_pairs_accepts_queries_and_refuses_lookalikes() -> None:
    assert query_pairs("a=1&b=2") == [("a", "1"), ("b", "2")]
    assert query_pairs("user%5Bmail%5D=ida%40x.test") == [("user[mail]", "ida@x.test")]
    for value in ("YWJjZGVm==", "width=device-width, initial-scale=1", "a==", "1=2", "x = 1"):
        assert query_pairs(value) is None, value


# ---- precision: what must not decode -------------------------------------------------------

_rng = random.Random(20240611)
_ALNUM = string.ascii_letters + string.digits


def _random_tokens() -> list[str]:
    tokens = []
    for _ in range(300):
        size = _rng.randint(12, 48)
        raw = bytes(_rng.getrandbits(8) for _ in range(size))
        tokens.append(base64.b64encode(raw).decode())
        tokens.append(base64.urlsafe_b64encode(raw).decode().rstrip("="))
        tokens.append("".join(_rng.choices(_ALNUM, k=_rng.randint(16, 40))))
    return tokens


NOT_ENCODED = [
    *(str(uuid.UUID(int=_rng.getrandbits(128))) for _ in range(50)),
    *(uuid.UUID(int=_rng.getrandbits(128)).hex for _ in range(50)),
    *(hashlib.sha256(str(i).encode()).hexdigest() for i in range(50)),
    *(hashlib.sha1(str(i).encode()).hexdigest().upper() for i in range(50)),
    *(str(_rng.randint(10**15, 10**30)) for _ in range(50)),
    "internationalization",
    "Authorization",
    "ThisIsAPlainCamelCaseIdentifier",
    "abcdefghijklmnopqrstuvwxyz",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "responsibilities",
    "characterization",
    "counterproductive",
    "Telefonnummerliste",
    "backgroundColorPrimary",
    "application/json",
    "/api/v1/users/profile",
    "+4511223344",
    "ida+tag@example.test",
    "50% off",
    "100%AB",
    "AT&T",
    "R&D department",
    "width=device-width, initial-scale=1",
    "2024-06-11T12:00:00Z",
    "Hello world",
    "YWJj",  # too short
    "SGVsbG8gd29ybGQ",  # 'Hello world': under 16 characters
]


@pytest.mark.parametrize("value", NOT_ENCODED)
def test_plain_values_do_not_decode_into_junk(value: str) -> None:
    assert decoded(value) == []


def test_random_tokens_and_binary_base64_do_not_decode() -> None:
    leaked = [(token, rows) for token in _random_tokens() if (rows := decoded(token))]
    assert leaked == []


@pytest.mark.parametrize(
    "value",
    [
        "",
        "%",
        "%zz%",
        "%00%00%00",
        "&#99999999;",
        "&#0;&#0;",
        "eyJ.eyJ.",
        "eyJhbGciOiJub25lIn0.eyJub3QganNvbg.",
        "{",
        "[1,",
        '{"a": ' * 100_000,
        "[" * 100_000 + "]" * 100_000,
        "a=&=&",
        "?",
        "=",
        "&",
        "\x00" * 40,
        "\ud800\udfff\ud800" * 10,
        "a=" + "&a=1" * 5_000,
        "https://[::1/?a=1",
        "https://x.test:99999/?a=1",
        b64(b"\xff\xfe\x00\x01" * 20),
        "QUFB" * 4 + "=",
        "=" * 20,
        "A" * 17,
    ],
)
def test_junk_never_raises(value: str) -> None:
    rows = list(decode_value(value, "v"))
    assert rows[0] == ("v", value, None)
