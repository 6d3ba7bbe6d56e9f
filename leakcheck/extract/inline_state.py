"""Inline state -> exposures: the data a server-rendered page hands its frontend in ``<script>``.

Frameworks serialise their whole store into the page (``__NEXT_DATA__``, ``__NUXT__``,
``__APOLLO_STATE__``, ``window.__STATE__ = {…}``), and it routinely carries more than the page
shows. Two shapes are read:

- JSON script elements (``type="application/json"``, ``application/ld+json``, any ``…json``
  type, and ``id="__NEXT_DATA__"``), located as ``script#<id>|json:<jsonpath>``;
- assignments of object or array literals to globals in inline scripts, located as
  ``window.<NAME>|json:<jsonpath>`` when the literal is strict JSON (or a ``JSON.parse('…')``
  argument), else ``window.<NAME>|js:<name>`` from its string literals;
- the React Server Components payload of a Next.js App Router page (``self.__next_f.push``),
  located as ``self.__next_f|json:<jsonpath>`` and ``self.__next_f|text`` (see ``flight``).

Scanning is linear: each inline script is searched once for assignments, and each assigned
expression is delimited by one string-aware pass before it is parsed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from bs4 import BeautifulSoup, Tag

try:
    from bs4.filter import SoupStrainer
except ImportError:  # beautifulsoup4 < 4.13
    from bs4 import SoupStrainer  # type: ignore[attr-defined]

from leakcheck.extract import devalue, flight
from leakcheck.extract.decode import walk_decoded
from leakcheck.extract.jsonpaths import child_path, walk_json
from leakcheck.extract.scripts import js_literals, literal_end, unescape_js
from leakcheck.models import Artifact, ArtifactKind, Exposure, Location, Skip, Surface

MAX_HTML_BYTES = 50 * 1024 * 1024
"""Snapshots above this are skipped with a reason (memory, not time, bounds it)."""

_JS_TYPES = frozenset(
    {
        "",
        "text/javascript",
        "application/javascript",
        "application/x-javascript",
        "text/ecmascript",
        "application/ecmascript",
        "module",
        "text/jsx",
        "text/babel",
    }
)
_NEXT_DATA_ID = "__NEXT_DATA__"

_ASSIGNMENT = re.compile(
    r"""(?<![\w$.])(?:
        (?:window|self|globalThis|global)\s*(?:
            \.\s*(?P<dot>[A-Za-z_$][\w$]*)
          | \[\s*(?P<quote>["'])(?P<key>[^"'\\\r\n]{1,200})(?P=quote)\s*\]
        )
      | (?:var|let|const)\s+(?P<declared>[A-Za-z_$][\w$]*)
      | (?P<bare>__[A-Za-z_$][\w$]*)
    )\s*=(?![=>])\s*""",
    re.VERBOSE,
)
"""``window.X =``, ``window["X"] =``, ``self.X =``, ``var X =`` and bare ``__X =``."""
_JSON_PARSE = re.compile(r"JSON\s*\.\s*parse\s*\(\s*")
_FUNCTION_START = re.compile(r"[(!]|function\b")
"""Function-wrapped payloads (Nuxt 2: ``window.__NUXT__=(function(a,b){return {…}}(…))``)."""

_GROUP_TOKENS = re.compile(r"[\"'`{}\[\]()/]")
_STATEMENT_TOKENS = re.compile(r"[\"'`{}\[\]()/;\n]")
_CLOSERS = {"{": "}", "[": "]", "(": ")"}


def extract_inline_state(artifact: Artifact) -> tuple[list[Exposure], list[Skip]]:
    """Return the exposures of the inline state in one DOM snapshot, and what could not be read."""
    size = len(artifact.body)
    if size > MAX_HTML_BYTES:
        what = "DOM snapshot" if artifact.kind is ArtifactKind.DOM_SNAPSHOT else "HTML source"
        limit = f"{what} of {size:,} bytes exceeds the {MAX_HTML_BYTES:,} byte limit"
        return [], [Skip(role=artifact.role, what=artifact.page, reason=limit)]
    exposures: list[Exposure] = []
    skips: list[Skip] = []
    scripts: list[str] = []
    soup = BeautifulSoup(artifact.body, "html.parser", parse_only=SoupStrainer("script"))
    for script in soup.find_all("script"):
        if not isinstance(script, Tag) or script.has_attr("src"):
            continue
        text = str(script.string or "")
        raw_type = script.get("type")
        media = (raw_type if isinstance(raw_type, str) else "").split(";", 1)[0].strip().lower()
        raw_id = script.get("id")
        element_id = raw_id if isinstance(raw_id, str) and raw_id else None
        if media.endswith("json") or element_id == _NEXT_DATA_ID:
            prefix = f"script#{element_id}" if element_id else f"script[type={media}]"
            reason = _add_json(artifact, prefix, text, exposures)
            if reason:
                skips.append(Skip(role=artifact.role, what=artifact.page, reason=reason))
        elif media in _JS_TYPES:
            first_line = script.sourceline if isinstance(script.sourceline, int) else 1
            skips.extend(_inline_script(artifact, text, first_line, exposures))
            scripts.append(text)
    skips.extend(_flight(artifact, scripts, exposures))
    skips.extend(_turbo_stream(artifact, scripts, exposures))
    return exposures, skips


_ENQUEUE = re.compile(
    r"(?<![\w$])(?:window\s*\.\s*)?(__reactRouterContext|__remixContext)\s*\.\s*"
    r"streamController\s*\.\s*enqueue\s*\(\s*"
)
"""React Router 7 / Remix single fetch: the page's loader data streamed into inline scripts."""


def _turbo_stream(artifact: Artifact, scripts: list[str], out: list[Exposure]) -> list[Skip]:
    """Add the leaves of the turbo-stream a React Router or Remix page enqueues to ``out``."""
    chunks: list[str] = []
    context = ""
    for script in scripts:
        for match in _ENQUEUE.finditer(script):
            start = match.end()
            end = literal_end(script, start)
            if end > 0:
                context = context or match.group(1)
                chunks.append(unescape_js(script[start + 1 : end - 1]))
    if not chunks:
        return []
    prefix = f"window.{context}"
    try:
        tree = devalue.turbo_stream("".join(chunks))
    except devalue.NotDevalue as exc:
        reason = f"{prefix}: malformed turbo-stream ({exc})"
        return [Skip(role=artifact.role, what=artifact.page, reason=reason)]
    out.extend(_json_exposures(artifact, prefix, tree, step=devalue.TURBO_STEP))
    return []


def _flight(artifact: Artifact, scripts: list[str], out: list[Exposure]) -> list[Skip]:
    """Add the leaves of a Next.js App Router page's flight payload to ``out`` (see ``flight``)."""
    payload = flight.payload_of(scripts)
    if not payload:
        return []
    rows, problems = flight.parse_rows(payload)
    for row in rows:
        detail = f"{flight.PREFIX}|row:{row.row_id}"
        if row.text is not None:
            location = Location(path=f"{flight.PREFIX}|text", detail=f"{detail}|text")
            out.append(
                Exposure(
                    role=artifact.role,
                    page=artifact.page,
                    surface=Surface.INLINE_STATE,
                    url=artifact.page,
                    location=location,
                    value=row.text,
                )
            )
        else:
            out.extend(_json_exposures(artifact, flight.PREFIX, row.document, detail))
    if not problems:
        return []
    reason = f"{flight.PREFIX}: {len(problems)} flight row(s) not read, e.g. {problems[0]}"
    return [Skip(role=artifact.role, what=artifact.page, reason=reason)]


def _add_json(artifact: Artifact, prefix: str, text: str, out: list[Exposure]) -> str | None:
    """Add the leaves of a JSON script element to ``out``; return a skip reason if malformed."""
    text = text.strip()
    if not text:
        return None
    try:
        document = json.loads(text)
    except ValueError as exc:
        return f"{prefix}: malformed JSON ({exc.__class__.__name__}: {exc})"
    except RecursionError:
        return f"{prefix}: JSON nested too deeply to parse"
    if prefix == f"script#{devalue.NUXT_DATA_ID}":
        try:
            tree = devalue.unflatten(document)
        except devalue.NotDevalue:
            pass  # walked as plain JSON
        else:
            out.extend(_json_exposures(artifact, prefix, tree, step=devalue.DEVALUE_STEP))
            return None
    out.extend(_json_exposures(artifact, prefix, document))
    return None


def _inline_script(artifact: Artifact, js: str, first_line: int, out: list[Exposure]) -> list[Skip]:
    """Add the state assigned to globals in one inline script to ``out``; return its skips."""
    skips: list[Skip] = []
    pos = 0
    line, line_pos = first_line, 0
    while True:
        match = _ASSIGNMENT.search(js, pos)
        if match is None:
            return skips
        name = match.group("dot") or match.group("key") or match.group("declared")
        name = name or match.group("bare")
        start = match.end()
        pos = start
        prefix = child_path("window", name)
        parsed = _JSON_PARSE.match(js, start)
        if parsed is not None and js[parsed.end() : parsed.end() + 1] in ("'", '"', "`"):
            quote = parsed.end()
            end = literal_end(js, quote)
            if end > 0:
                pos = end
                reason = _add_json(artifact, prefix, unescape_js(js[quote + 1 : end - 1]), out)
                if reason:
                    skips.append(Skip(role=artifact.role, what=artifact.page, reason=reason))
                continue
        opener = js[start : start + 1]
        if opener in ("{", "["):
            found_end = _expression_end(js, start, _GROUP_TOKENS)
        elif parsed is not None or (name.startswith("__") and _FUNCTION_START.match(js, start)):
            found_end = _expression_end(js, start, _STATEMENT_TOKENS)
        else:
            continue  # `window.x = y`: no literal data here
        end = len(js) if found_end is None else found_end
        pos = max(end, start + 1)
        expression = js[start:end]
        line += js.count("\n", line_pos, start)
        line_pos = start
        if opener in ("{", "["):
            document = _strict_json(expression)
            if document is not None:
                out.extend(_json_exposures(artifact, prefix, document))
                continue
        out.extend(_literal_exposures(artifact, prefix, expression, line))


def _strict_json(text: str) -> Any:
    """Return the parsed object or array, or None when the text is not strict JSON."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return document if isinstance(document, dict | list) else None


def _expression_end(js: str, start: int, tokens: re.Pattern[str]) -> int | None:
    """Return the end of the expression at ``start`` in one string-aware pass, or None.

    With ``_GROUP_TOKENS`` the expression is the balanced group opening at ``start``; with
    ``_STATEMENT_TOKENS`` it runs to a ``;`` or line end outside brackets, or to a closing
    bracket it did not open. None means the text is not balanced (a string or group never ends).
    """
    stack: list[str] = []
    pos = start
    group = tokens is _GROUP_TOKENS
    while True:
        found = tokens.search(js, pos)
        if found is None:
            return None if (stack or group) else len(js)
        index = found.start()
        char = js[index]
        pos = index + 1
        if char in _CLOSERS:
            stack.append(_CLOSERS[char])
        elif char in "}])":
            if not stack:
                return index
            if stack.pop() != char:
                return None
            if group and not stack:
                return index + 1
        elif char in ";\n":
            if not stack:
                return index
        elif char == "/":
            following = js[index + 1 : index + 2]
            if following in ("/", "*"):
                end = js.find("\n" if following == "/" else "*/", index + 2)
                if end < 0:
                    return None if (stack or group) else len(js)
                pos = end if following == "/" else end + 2
        else:
            end = literal_end(js, index)
            if end < 0:
                return None
            pos = end


def _json_exposures(
    artifact: Artifact,
    prefix: str,
    document: Any,
    detail_prefix: str | None = None,
    step: str = "json",
) -> Iterator[Exposure]:
    """Yield one exposure per JSON leaf; ``Type.field`` where its object has a ``__typename``.

    Locations are ``<prefix>|<step>:<jsonpath>``; ``step`` is ``devalue`` for a Nuxt payload.
    """
    detail_prefix = detail_prefix or prefix
    for leaf in walk_decoded(walk_json(document)):
        if leaf.key == "__typename":
            continue  # type names are schema, not data
        parent = leaf.records[-1] if leaf.records else None
        type_field = None
        if parent is not None and parent.type_name and leaf.key is not None:
            type_field = f"{parent.type_name}.{leaf.key}"
        yield Exposure(
            role=artifact.role,
            page=artifact.page,
            surface=Surface.INLINE_STATE,
            url=artifact.page,
            location=Location(
                path=f"{prefix}|{step}:{leaf.path}",
                type_field=type_field,
                detail=f"{detail_prefix}|{step}:{leaf.detail}",
            ),
            value=leaf.value,
            key=leaf.key,
            records=leaf.records,
        )


def _literal_exposures(
    artifact: Artifact, prefix: str, expression: str, first_line: int
) -> Iterator[Exposure]:
    """Yield the string literals of state that is not strict JSON (a JS object, a function).

    Unlike bundles, short values are kept: this is data, and names such as ``Ida`` are short.
    """
    for literal in js_literals(expression):
        if not literal.value.strip():
            continue
        yield Exposure(
            role=artifact.role,
            page=artifact.page,
            surface=Surface.INLINE_STATE,
            url=artifact.page,
            location=Location(
                path=f"{prefix}|js:{literal.name or 'string'}",
                detail=f"line {first_line + literal.line - 1}",
            ),
            value=literal.value,
            key=literal.name,
        )
