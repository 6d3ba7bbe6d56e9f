"""Unwrap values that carry data inside a string, keeping the decoding chain in the location.

A value is decoded layer by layer and each layer appends one step to its location, so a finding
says how the value was wrapped (``cookie:estate_ctx|base64|json:$.highestBidder.cpr``):

* string -> string: ``|base64`` (standard or URL-safe, padded or not), ``|url`` (percent-encoding)
  and ``|html`` (character references). Only the last string of such a run is reported: the
  intermediate forms are the same data, still wrapped.
* string -> document: ``|json:<jsonpath>``, ``|jwt:<jsonpath>`` (the payload) and
  ``|query:<name>`` (a query string, bare or in a URL). Every leaf of the document is reported,
  and decoded further in turn.

Cost is linear: at most ``MAX_DEPTH`` layers, values above ``MAX_DECODED_BYTES`` characters are
not decoded, and every step's output is at most its input's size (a JSON number's formatting
aside), so each layer handles about the input's size once. Nothing here raises on junk: a string
that does not decode cleanly is a leaf.

Base64 is where precision matters: random ids, hashes and tokens are written in its alphabet. A
string is decoded only when it is at least 16 characters, uses one alphabet, is not hex/UUID/
digits, has canonical (zero) trailing bits, decodes to strict UTF-8 without control characters,
and the text is either a JSON object/array or reads as Latin-script text with a separator or a
single alphanumeric word (see ``_looks_like_text``).
"""

from __future__ import annotations

import base64
import binascii
import html
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote, unquote_plus

from leakcheck.extract.jsonpaths import JsonLeaf, walk_json
from leakcheck.models import Record

MAX_DEPTH = 4
"""Decoding layers per value (``|base64|json:…`` is two)."""
MAX_DECODED_BYTES = 10 * 1024 * 1024
"""Longer strings (counted in characters) are reported as they are, not decoded."""
MIN_BASE64_CHARS = 16
"""Shorter base64-looking strings are too often plain words or ids to decode."""
MAX_QUERY_FIELDS = 1000

_JWT = re.compile(r"^[A-Za-z0-9_-]{10,}\.([A-Za-z0-9_-]{10,})\.[A-Za-z0-9_-]*$")
_B64_STANDARD = re.compile(r"[A-Za-z0-9+/]+={0,2}")
_B64_URLSAFE = re.compile(r"[A-Za-z0-9_-]+={0,2}")
_HEXISH = re.compile(r"[0-9A-Fa-f-]+")
"""Hex digests, UUIDs and plain numbers: in the base64 alphabet, never base64 in practice."""
_B64_VALUES = {
    c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
}
_B64_VALUES.update({"-": 62, "_": 63})
_URLSAFE_TO_STANDARD = str.maketrans("-_", "+/")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
_WHITESPACE = re.compile(r"\s+")
_FOREIGN = re.compile(r"[^\x20-\x7e\u00a0-\u024f\u2000-\u206f\u20ac]")
"""Characters outside ASCII, Latin-1, Latin Extended A/B, general punctuation and the euro."""
_TEXT_CHAR = re.compile(r"[0-9A-Za-z\u00c0-\u024f.,:;@/_=&+'\"()?!#%$*^~-]")
_WORD_CHAR = re.compile(r"[0-9A-Za-z\u00c0-\u024f]")
_SEPARATOR = re.compile(r"[\s@.:/,;=&|#+<>\"'()\[\]{}-]")

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_PARAM_NAME = re.compile(r"[A-Za-z_%][A-Za-z0-9_.%\[\]-]{0,127}")
_BARE_QUERY_CHARS = re.compile(r"[^\s<>\"'{}]+")


def chain_name(name: str) -> str:
    """Return a key fit for a location: ``|`` separates chain steps, so it is written ``%7C``."""
    return name.replace("|", "%7C")


def _b64url(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def decode_once(value: str) -> tuple[str, Any] | None:
    """Return ``(step, document)`` when the string holds a JWT or a JSON object/array.

    The judge uses this to read a JWT's claims: ``("jwt", payload_dict)``.
    """
    if len(value) > MAX_DECODED_BYTES:
        return None
    match = _JWT.match(value)
    if match:
        try:
            payload = json.loads(_b64url(match.group(1)))
        except (binascii.Error, ValueError, RecursionError):
            return None
        return ("jwt", payload) if isinstance(payload, dict) else None
    stripped = value.strip()
    if stripped[:1] in ("{", "[") and stripped[-1:] in ("}", "]"):
        try:
            document = json.loads(stripped)
        except (ValueError, RecursionError):
            return None
        return ("json", document) if isinstance(document, dict | list) else None
    return None


def _looks_like_text(text: str) -> bool:
    """Return whether decoded bytes read as text a person or program wrote, not as noise.

    Random bytes that happen to be valid UTF-8 are mostly stray symbols and letters of many
    scripts; real payloads are JSON or Latin-script text with separators. Measured on a million
    each of URL-safe tokens, base64 of random bytes and random alphanumerics (16-64 characters),
    at most one in a million passes; base64 of realistic values (names, e-mails, addresses,
    JSON, ``user:password``) decodes in about 98 % of cases (the rest: bare random passwords).
    """
    if _CONTROL.search(text):
        return False
    compact = _WHITESPACE.sub("", text)
    if not compact:
        return False
    if not compact.isprintable():
        sample = compact[:65536]
        if sum(not c.isprintable() for c in sample) > 0.1 * len(sample):
            return False
    stripped = text.strip()
    if stripped[:1] in "{[" and stripped[-1:] in "}]":
        return True  # JSON-shaped: the next layer parses it (or reports it as text)
    sample = compact[:65536]
    if _FOREIGN.search(sample):
        return False
    if len(_TEXT_CHAR.sub("", sample)) > 0.1 * len(sample):
        return False  # more than one character in ten is a rare symbol
    if _SEPARATOR.search(text):
        return True
    return len(compact) >= 8 and not _WORD_CHAR.sub("", compact)


def base64_text(value: str) -> str | None:
    """Return the text a base64 (standard or URL-safe, padded or not) string holds, or None.

    None unless the string passes every precision guard in the module docstring.
    """
    size = len(value)
    if size < MIN_BASE64_CHARS or size > MAX_DECODED_BYTES or value[0] in "+/-_":
        return None  # text never starts with these: they encode bytes >= 0xF8
    if _HEXISH.fullmatch(value):
        return None
    if _B64_STANDARD.fullmatch(value):
        body = value.rstrip("=")
    elif _B64_URLSAFE.fullmatch(value):
        body = value.rstrip("=").translate(_URLSAFE_TO_STANDARD)
    else:
        return None
    if len(body) != size and size % 4:
        return None  # padded, but not to a multiple of four
    remainder = len(body) % 4
    if remainder == 1:
        return None
    last = _B64_VALUES[body[-1]]
    if (remainder == 2 and last & 0x0F) or (remainder == 3 and last & 0x03):
        return None  # encoders write zero trailing bits; random strings rarely do
    try:
        raw = base64.b64decode(body + "=" * (-len(body) % 4), validate=True)
        text = raw.decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    return text if _looks_like_text(text) else None


def _url_text(value: str) -> str | None:
    """Percent-decode a string that holds at least one ``%XX`` escape.

    ``+`` means a space only in a string that is evidently form-encoded (has an escape and no
    literal space): elsewhere it is a phone prefix, an e-mail tag or base64.
    """
    if "%" not in value or not _PERCENT.search(value):
        return None
    unquoter = unquote if " " in value else unquote_plus
    try:
        text = unquoter(value, errors="strict")
    except UnicodeDecodeError:
        text = unquoter(value, encoding="latin-1")  # legacy pages escape ISO-8859-1 ...
        if not all(c.isalpha() for c in _NON_ASCII.findall(text)):
            return None  # ... letters (æ, ø, å), not the symbols stray "%AB"s give
    if text == value or _CONTROL.search(text):
        return None
    return text


def _html_text(value: str) -> str | None:
    """Resolve character references (``&amp;``, ``&#64;``) in a string that has one."""
    if "&" not in value or not _ENTITY.search(value):
        return None
    text = html.unescape(value)
    if text == value or _CONTROL.search(text):
        return None
    return text


def _parse_query(query: str) -> list[tuple[str, str]]:
    """Parse ``a=1&b=x%40y`` into decoded pairs (UTF-8, else Latin-1); [] when it cannot."""
    try:
        return parse_qsl(query, errors="strict", max_num_fields=MAX_QUERY_FIELDS)
    except UnicodeDecodeError:
        pass  # legacy pages escape ISO-8859-1
    except ValueError:
        return []  # more fields than MAX_QUERY_FIELDS
    return parse_qsl(query, encoding="latin-1", max_num_fields=MAX_QUERY_FIELDS)


def query_pairs(value: str) -> list[tuple[str, str]] | None:
    """Return the parameters of a URL with a query string or of a bare query string.

    A URL is ``http(s)://…?…`` or a root-relative ``/…?…``. A bare query string has no spaces,
    every ``&``-separated part is ``name=value`` with a parameter-like name, and some value is
    not just ``=`` (so padded base64 is not mistaken for one).
    """
    if "=" not in value or len(value) > MAX_DECODED_BYTES:
        return None
    if value.startswith(("http://", "https://", "/")):
        if "?" not in value or _WHITESPACE.search(value):
            return None
        query = value.partition("#")[0].partition("?")[2]  # urlsplit's query, 5x faster
        pairs = _parse_query(query)
        return pairs or None
    query = value[1:] if value.startswith("?") else value
    if not _BARE_QUERY_CHARS.fullmatch(query):
        return None
    meaningful = False
    for part in query.split("&"):
        if not part:
            continue
        name, sep, raw = part.partition("=")
        if not sep or not _PARAM_NAME.fullmatch(name):
            return None
        meaningful = meaningful or raw.strip("=") != ""
    if not meaningful:
        return None
    return _parse_query(query) or None


@dataclass(frozen=True, slots=True)
class _Part:
    """One thing a layer of decoding produced."""

    step: str
    """Appended to the canonical path after ``|``: ``base64``, ``json:$.a[*]``, ``query:b``."""
    detail: str
    """Appended to the concrete path: ``json:$.a[2]``."""
    key: str | None
    value: str
    records: tuple[Record, ...]
    document: bool
    """A document's leaf is always reported; a string step's output only when it is final."""


def _document_parts(step: str, document: Any) -> Iterator[_Part]:
    for leaf in walk_json(document):
        yield _Part(
            f"{step}:{leaf.path}", f"{step}:{leaf.detail}", leaf.key, leaf.value, leaf.records, True
        )


def _layer(value: str) -> Iterable[_Part] | None:
    """Decode one layer of ``value``, or return None when it is not encoded."""
    if len(value) > MAX_DECODED_BYTES:
        return None
    decoded = decode_once(value)
    if decoded is not None:
        return _document_parts(*decoded)
    text = _html_text(value)
    if text is not None:
        return (_Part("html", "html", None, text, (), False),)
    pairs = query_pairs(value)
    if pairs is not None:
        return [
            _Part(f"query:{chain_name(n)}", f"query:{chain_name(n)}", n, v, (), True)
            for n, v in pairs
            if v
        ]
    text = base64_text(value)
    if text is not None:
        return (_Part("base64", "base64", None, text, (), False),)
    text = _url_text(value)
    if text is not None:
        return (_Part("url", "url", None, text, (), False),)
    return None


def _expand(
    path: str,
    detail: str,
    key: str | None,
    value: str,
    records: tuple[Record, ...],
    depth: int,
    report: bool,
) -> Iterator[JsonLeaf]:
    parts = _layer(value) if depth < MAX_DEPTH else None
    if report or parts is None:
        yield JsonLeaf(path, detail, key, value, records)
    if parts is None:
        return
    for part in parts:
        yield from _expand(
            f"{path}|{part.step}",
            f"{detail}|{part.detail}",
            part.key if part.key is not None else key,
            part.value,
            records + part.records,
            depth + 1,
            part.document,
        )


def expand_leaf(leaf: JsonLeaf, depth: int = 0) -> Iterator[JsonLeaf]:
    """Yield ``leaf`` itself and every leaf decoded out of it, chains appended to both paths.

    Decoded leaves keep the outer key when they have none of their own (the items of a
    top-level array in ``localStorage:recent``), and the outer records before their own.
    """
    yield from _expand(leaf.path, leaf.detail, leaf.key, leaf.value, leaf.records, depth, True)


def decode_value(
    value: str, prefix: str, key: str | None = None
) -> Iterator[tuple[str, str, str | None]]:
    """Yield ``(location_path, value, key)`` for ``value`` (at ``prefix``) and what it holds.

    >>> list(decode_value("a=1&b=x%40y.dk", "cookie:c"))[1:]
    [('cookie:c|query:a', '1', 'a'), ('cookie:c|query:b', 'x@y.dk', 'b')]
    """
    for leaf in expand_leaf(JsonLeaf(prefix, prefix, key, value, ())):
        yield leaf.path, leaf.value, leaf.key


MAYBE_ENCODED = re.compile(
    r"[&=%{\[]"  # html references, query strings, percent-escapes, JSON
    r"|\A[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10}"  # a JWT's header and payload
    r"|\A(?=[0-9A-Fa-f-]*[G-Zg-z+/_])[A-Za-z0-9+/_-]{16,}={0,2}\Z"  # base64, not hex/UUID
)
"""What every decoder in ``_layer`` needs; most leaves fail it and skip the decoders."""


def walk_decoded(leaves: Iterable[JsonLeaf], depth: int = 0) -> Iterator[JsonLeaf]:
    """Yield every leaf and, for encoded ones, the leaves inside them with the chain appended."""
    maybe_encoded = MAYBE_ENCODED.search
    for leaf in leaves:
        if depth < MAX_DEPTH and maybe_encoded(leaf.value) is not None:
            yield from expand_leaf(leaf, depth)
        else:
            yield leaf
