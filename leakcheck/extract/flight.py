"""Next.js App Router pages: the React Server Components payload pushed into ``self.__next_f``.

An App Router page carries no ``__NEXT_DATA__``: the server streams its component tree and the
props of every client component as "flight" data, in inline scripts such as
``self.__next_f.push([1,"0:[\\"$\\",\\"div\\",null,{\\"user\\":{…}}]\\n"])``. Those props are
exactly where over-fetched records end up, and no page shows them. The chunks of type 1 are
strings; joined in page order they form rows ``<hex id>:<payload>`` separated by newlines,
where a payload is JSON, a tagged row (``I`` module imports and ``HL`` hints: code, not data)
or a text row ``T<hex byte length>,<text>`` that may hold newlines.

Every JSON leaf is located as ``self.__next_f|json:<jsonpath>`` (the row id, which changes
when a component is added, is only in the detail) and a text row as ``self.__next_f|text``.
Parsing is one pass over the joined payload; a row that does not parse is a recorded skip.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from leakcheck.extract.scripts import literal_end, unescape_js

PUSH = re.compile(r"(?<![\w$])self\s*\.\s*__next_f\s*\.\s*push\s*\(\s*\[\s*1\s*,\s*")
"""The start of a string chunk; the JavaScript string literal follows."""
PREFIX = "self.__next_f"
_ROW_ID = re.compile(r"([0-9a-fA-F]{1,8}):")
_TAG = re.compile(r"[A-Z]{0,2}")
"""A row's tag: none for JSON, ``I``/``HL``/``H`` for code, ``E`` (error) and others with JSON."""
_CODE_TAGS = ("I", "HL", "H")
"""Rows naming modules and resources to preload: paths and chunk names, not data."""


@dataclass(frozen=True)
class FlightRow:
    """One row of the payload: its id, and a parsed JSON document or a text."""

    row_id: str
    document: object = None
    text: str | None = None


def chunks(script: str) -> list[str]:
    """Return the string chunks one inline script pushes into ``self.__next_f``, in order."""
    out: list[str] = []
    for match in PUSH.finditer(script):
        start = match.end()
        end = literal_end(script, start)
        if end > 0:
            out.append(unescape_js(script[start + 1 : end - 1]))
    return out


def parse_rows(payload: str) -> tuple[list[FlightRow], list[str]]:
    """Split a joined payload into rows; return them and a reason per row that did not parse."""
    rows: list[FlightRow] = []
    problems: list[str] = []
    data = payload.encode("utf-8", "surrogatepass")  # text rows count their length in bytes
    pos, size = 0, len(data)
    while pos < size:
        if data[pos : pos + 1] in (b"\n", b"\r", b" "):
            pos += 1
            continue
        head = _ROW_ID.match(data[pos : pos + 9].decode("latin-1"))
        if head is None:  # not a row start: resynchronise at the next line
            end = data.find(b"\n", pos)
            problems.append("a line that is not a flight row")
            pos = size if end < 0 else end + 1
            continue
        row_id = head.group(1)
        pos += head.end()
        if data[pos : pos + 1] == b"T":
            comma = data.find(b",", pos)
            try:
                length = int(data[pos + 1 : comma], 16) if comma > 0 else -1
            except ValueError:
                length = -1
            if length < 0:
                problems.append(f"row {row_id}: a text row without its length")
                end = data.find(b"\n", pos)
                pos = size if end < 0 else end + 1
                continue
            text = data[comma + 1 : comma + 1 + length].decode("utf-8", "replace")
            rows.append(FlightRow(row_id, text=text))
            pos = comma + 1 + length
            continue
        end = data.find(b"\n", pos)
        end = size if end < 0 else end
        line = data[pos:end].decode("utf-8", "surrogatepass")
        pos = end + 1
        match = _TAG.match(line)
        tag_text = match.group(0) if match else ""
        if tag_text in _CODE_TAGS:
            continue
        try:
            rows.append(FlightRow(row_id, document=json.loads(line[len(tag_text) :])))
        except (ValueError, RecursionError) as exc:
            problems.append(f"row {row_id}: malformed JSON ({exc.__class__.__name__})")
    return rows, problems


def payload_of(scripts: Iterable[str]) -> str:
    """Return the joined string chunks of a page's inline scripts (empty when there are none)."""
    return "".join(chunk for script in scripts for chunk in chunks(script))
