"""JavaScript string literals, with the names they are assigned to, from bundles and scripts.

Keys, passwords and internal host names reach the browser as string literals in bundles
(``var STRIPE_SECRET_KEY = "…"``). Bundles are too large and too varied to parse as JavaScript
(minified, JSX, TypeScript, broken on purpose), so this module tokenises only what decides where a
string is: comments, quotes, template literals and regex literals, in one forward pass. Every
position is scanned a bounded number of times, so a 5 MB minified bundle or a hostile file of
unterminated quotes costs linear time; the scanner never raises on odd input, it guesses.

The name of a literal is read backwards from its opening quote over a bounded window, so naming
is constant work per literal too.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote, unquote_to_bytes, urljoin

from leakcheck.models import Artifact, Exposure, Location, Surface

MIN_VALUE_LENGTH = 4
"""Shorter literals (``"id"``, ``"px"``) are never a secret or personal data worth a finding."""

_NEXT = re.compile(r"[\"'`/]")
_NEXT_IN_TEMPLATE = re.compile(r"[\"'`/{}]")
"""Inside a template's ``${…}`` braces matter: the closing one resumes the template."""

# Bodies without their opening delimiter; each always matches, and the character after the match
# says how it ended (the closing delimiter, a line end, ``${`` or the end of the input). The
# patterns are unrolled loops whose branches start with distinct characters, so a failed literal
# costs time linear in what it scanned, with no backtracking blow-up.
_DOUBLE_BODY = re.compile(r'[^"\\\n\r]*(?:\\(?:\r\n|[\s\S])[^"\\\n\r]*)*')
_SINGLE_BODY = re.compile(r"[^'\\\n\r]*(?:\\(?:\r\n|[\s\S])[^'\\\n\r]*)*")
_TEMPLATE_BODY = re.compile(r"[^`\\$]*(?:(?:\\[\s\S]|\$(?!\{))[^`\\$]*)*")
_REGEX_BODY = re.compile(
    r"[^/\\\[\n\r]*(?:(?:\\[^\n\r]|\[[^\]\\\n\r]*(?:\\[^\n\r][^\]\\\n\r]*)*\])[^/\\\[\n\r]*)*"
)

_ESCAPE = re.compile(r"\\(u\{[0-9A-Fa-f]{1,6}\}|u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|\r\n|[\s\S])")
_SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "0": "\0",
    "\n": "",  # line continuations vanish
    "\r": "",
    "\r\n": "",
    "\u2028": "",
    "\u2029": "",
}
_SURROGATE = re.compile("[\ud800-\udfff]")

_KEYWORDS_BEFORE_EXPRESSION = frozenset(
    "return typeof instanceof in of new delete void throw case do else yield await extends".split()
)
"""After these words a ``/`` starts a regex literal, after other words it divides."""
_SETTERS = frozenset({"setItem", "setRequestHeader", "setAttribute", "set", "append"})
"""``storage.setItem("k", "…")`` and friends name their second argument by the first."""
_KEY_NAME = re.compile(r"[A-Za-z_$][\w$.\-]{0,99}")
"""Quoted keys used as names must look like keys: a name ends up in reports and fingerprints."""
_MAX_LOOKBACK = 256
"""How far naming looks back over whitespace or an identifier before giving up."""
_MAX_QUOTED_KEY = 128

_MAP_PREFIX = re.compile(r"(?://|/\*)[#@][ \t]*$")
_MAP_VALUE = re.compile(r"[ \t]*=[ \t]*([^\s'\"`]+)")
_MAP_MARK = "sourceMappingURL"


@dataclass(frozen=True, slots=True)
class JsLiteral:
    """The unescaped contents of one string literal, its name and the line it starts on."""

    value: str
    name: str | None
    """The variable, property or storage key the literal is assigned to, as context."""
    line: int
    """1-based line of the opening quote (a minified bundle puts everything on line 1)."""


def unescape_js(raw: str) -> str:
    """Resolve JavaScript escapes; malformed ones stay as the character after the backslash."""
    if "\\" not in raw:
        return raw
    text = _ESCAPE.sub(_unescape_one, raw)
    if _SURROGATE.search(text):  # "\uD83D\uDE00" arrives as two halves: pair them up
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


def _unescape_one(match: re.Match[str]) -> str:
    escape = match.group(1)
    if escape[0] == "u" and len(escape) > 1:
        code = int(escape[2:-1] if escape[1] == "{" else escape[1:], 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)
    if escape[0] == "x" and len(escape) == 3:
        return chr(int(escape[1:], 16))
    return _SIMPLE_ESCAPES.get(escape, escape)


def js_literals(source: str) -> Iterator[JsLiteral]:
    """Yield the string literals of a JavaScript text in order, best effort and in linear time.

    Yields single- and double-quoted strings and template literals without interpolation;
    property names (``{"key": …}``, ``obj["key"]``) are names, not values, and are not yielded.
    Comments are skipped and regex literals recognised by the token before them. An unterminated
    literal does not swallow the file: its quote is treated as code and, so that a line of stray
    quotes stays linear, no literal of the same kind may start inside the stretch it scanned.
    """
    size = len(source)
    pos = 0
    depths: list[int] = []  # per open `${`, the depth of `{` nested inside it
    outer_template = -1  # start of the outermost template whose `${` is open
    dead: dict[str, int] = {}  # delimiter -> no literal of that kind starts before this index
    last_yielded = -1  # after a restart, literals up to here were already yielded
    line, line_pos = 1, 0
    while pos < size:
        found = (_NEXT_IN_TEMPLATE if depths else _NEXT).search(source, pos)
        if found is None and not depths:
            break
        start = found.start() if found else size
        char = source[start] if found else ""
        literal_end = -1
        if char == "{":
            depths[-1] += 1
            pos = start + 1
        elif char == "}" and depths[-1]:
            depths[-1] -= 1
            pos = start + 1
        elif char in ("}", "`", ""):
            if char == "`" and start < dead.get(char, -1):
                pos = start + 1
                continue
            if char == "}":
                depths.pop()  # the `${` closes: the template resumes
            end = _end_of(_TEMPLATE_BODY, source, start + 1) if char else size
            if end < size and source[end] == "`":
                pos = end + 1
                if char == "`":
                    literal_end = end
                elif not depths:
                    outer_template = -1
            elif end < size:  # `${`: scan the interpolation as code
                if outer_template < 0:
                    outer_template = start
                depths.append(0)
                pos = end + 2
            else:  # unterminated: rescan from the outermost template with templates off, once
                dead["`"] = size
                pos = (outer_template if outer_template >= 0 else start) + 1
                outer_template = -1
                depths.clear()
        elif char == "/":
            pos = _skip_slash(source, start, dead)
        elif start < dead.get(char, -1):
            pos = start + 1
        else:
            end = _end_of(_DOUBLE_BODY if char == '"' else _SINGLE_BODY, source, start + 1)
            if end >= size or source[end] != char:
                dead[char] = end
                pos = start + 1
                continue
            pos = end + 1
            if not _is_property_name(source, start, pos):
                literal_end = end
        if literal_end < 0 or start <= last_yielded:
            continue
        last_yielded = start
        if start >= line_pos:
            line += source.count("\n", line_pos, start)
        else:
            line -= source.count("\n", start, line_pos)
        line_pos = start
        value = unescape_js(source[start + 1 : literal_end])
        yield JsLiteral(value, _name_before(source, start), line)


def literal_end(source: str, start: int) -> int:
    """Return the index after the string or template literal opening at ``start``, or -1.

    -1 also for a template with ``${`` interpolation: callers that only skip over plain data
    (inline state) treat it as something they cannot scan.
    """
    delimiter = source[start : start + 1]
    if delimiter == "`":
        body = _TEMPLATE_BODY
    elif delimiter in ('"', "'"):
        body = _DOUBLE_BODY if delimiter == '"' else _SINGLE_BODY
    else:
        return -1
    end = _end_of(body, source, start + 1)
    return end + 1 if end < len(source) and source[end] == delimiter else -1


def _end_of(body: re.Pattern[str], source: str, pos: int) -> int:
    """Return where a literal body starting at ``pos`` stops (the patterns match empty too)."""
    match = body.match(source, pos)
    return match.end() if match else pos


def _skip_slash(source: str, start: int, dead: dict[str, int]) -> int:
    """Skip a comment or a regex literal at ``start``; return where scanning resumes."""
    following = source[start + 1 : start + 2]
    if following == "/":
        end = source.find("\n", start)
        return len(source) if end < 0 else end
    if following == "*":
        end = source.find("*/", start + 2)
        return len(source) if end < 0 else end + 2
    if start < dead.get("/", -1) or not _regex_allowed(source, start):
        return start + 1
    end = _end_of(_REGEX_BODY, source, start + 1)
    if end < len(source) and source[end] == "/":
        return end + 1
    dead["/"] = end  # not a regex after all: a division, or junk
    return start + 1


def _regex_allowed(source: str, slash: int) -> bool:
    """Guess whether a ``/`` opens a regex from the token before it (the classic heuristic)."""
    before = _back_space(source, slash - 1)
    if before < 0:
        return True
    char = source[before]
    if char in ")]}":
        return False
    if char.isalnum() or char in "_$":
        word, _ = _identifier_before(source, before)
        return word in _KEYWORDS_BEFORE_EXPRESSION
    return True


def _is_property_name(source: str, start: int, after: int) -> bool:
    """Return whether the literal at ``start`` (ending before ``after``) names a property.

    ``{"key": …}`` and ``obj["key"]`` use a string as a name; it is context, not a value.
    """
    limit = min(len(source), after + _MAX_LOOKBACK)
    while after < limit and source[after].isspace():
        after += 1
    following = source[after : after + 1]
    if following not in (":", "]"):
        return False
    before = _back_space(source, start - 1)
    if before < 0:
        return False
    if following == ":":
        return source[before] in "{,"
    # `obj["key"]` is a member access, `["value"]` or `return ["value"]` an array literal
    return source[before] == "[" and not _regex_allowed(source, before)


def _back_space(source: str, index: int) -> int:
    """Return the last non-space index at or before ``index``; -1 when none is near."""
    limit = index - _MAX_LOOKBACK
    while index >= 0 and source[index].isspace():
        if index <= limit:
            return -1
        index -= 1
    return index


def _identifier_before(source: str, end: int) -> tuple[str | None, int]:
    """Return the identifier ending at ``end`` and its start, or ``(None, end)``."""
    start = end
    limit = end - _MAX_LOOKBACK
    while start >= 0 and (source[start].isalnum() or source[start] in "_$"):
        if start <= limit:
            return None, end
        start -= 1
    name = source[start + 1 : end + 1]
    if not name or name[0].isdigit():
        return None, end
    return name, start + 1


def _quoted_before(source: str, end: int) -> tuple[str | None, int]:
    """Return the key-like quoted string whose closing quote is at ``end``, and its start."""
    if end < 0 or source[end] not in "\"'":
        return None, end
    start = source.rfind(source[end], max(0, end - _MAX_QUOTED_KEY), end)
    if start < 0 or (start > 0 and source[start - 1] == "\\"):
        return None, end
    key = source[start + 1 : end]
    return (key, start) if _KEY_NAME.fullmatch(key) else (None, end)


def _name_before(source: str, start: int) -> str | None:
    """Name the literal at ``start`` from what precedes it: ``X =``, ``X:``, ``setItem("X",``."""
    before = _back_space(source, start - 1)
    if before < 0:
        return None
    char = source[before]
    if char == "=":
        if before > 0 and source[before - 1] in "=!<>+-*/%&|^?~":
            return None  # a comparison or compound assignment, not a name
        return _assigned_name(source, before - 1)
    if char == ":":
        key_end = _back_space(source, before - 1)
        if key_end < 0:
            return None
        if source[key_end] in "\"'":
            key, key_start = _quoted_before(source, key_end)
        else:
            key, key_start = _identifier_before(source, key_end)
        if key is None:
            return None
        opener = _back_space(source, key_start - 1)
        return key if opener >= 0 and source[opener] in "{," else None  # not `a ? b : "…"`
    if char == ",":
        key, key_start = _quoted_before(source, _back_space(source, before - 1))
        if key is None:
            return None
        paren = _back_space(source, key_start - 1)
        if paren < 0 or source[paren] != "(":
            return None
        function, _ = _identifier_before(source, _back_space(source, paren - 1))
        return key if function in _SETTERS else None
    return None


def _assigned_name(source: str, end: int) -> str | None:
    """Return the target of an assignment ending at ``end``: ``X``, ``obj.X``, ``obj["X"]``."""
    last = _back_space(source, end)
    if last < 0:
        return None
    if source[last] == "]":
        key, key_start = _quoted_before(source, _back_space(source, last - 1))
        if key is None:
            return None
        bracket = _back_space(source, key_start - 1)
        return key if bracket >= 0 and source[bracket] == "[" else None
    name, name_start = _identifier_before(source, last)
    if name is None:
        return None
    colon = _back_space(source, name_start - 1)
    if colon >= 0 and source[colon] == ":":  # TypeScript `const token: string = "…"`
        declared, declared_start = _identifier_before(source, _back_space(source, colon - 1))
        if declared is not None:
            previous = _back_space(source, declared_start - 1)
            if previous < 0 or source[previous] != "?":
                return declared
    return name


def is_reportable(value: str) -> bool:
    """Return whether a literal is long enough and not blank, so worth an exposure."""
    return len(value) >= MIN_VALUE_LENGTH and not value.isspace()


def extract_js_bundle(artifact: Artifact) -> list[Exposure]:
    """Turn a JavaScript response into one exposure per string literal, named ``js:<name>``."""
    return [
        Exposure(
            role=artifact.role,
            page=artifact.page,
            surface=Surface.JS_BUNDLE,
            url=artifact.url,
            location=Location(path=f"js:{literal.name or 'string'}", detail=f"line {literal.line}"),
            value=literal.value,
            key=literal.name,
        )
        for literal in js_literals(artifact.body)
        if is_reportable(literal.value)
    ]


def source_map_url(artifact: Artifact) -> str | None:
    """Return the URL of the script's source map from its last ``sourceMappingURL`` comment.

    Relative URLs are resolved against the script's URL (the page's for inline scripts); a
    ``data:`` URL (an inline map) is returned as is, for ``decode_data_url``. Mentions of the
    marker inside code (bundler runtimes build such comments as strings) are passed over.
    """
    body = artifact.body
    end = len(body)
    while True:
        mark = body.rfind(_MAP_MARK, 0, end)
        if mark < 0:
            return None
        end = mark
        if not _MAP_PREFIX.search(body, max(0, mark - 16), mark):
            continue
        value = _MAP_VALUE.match(body, mark + len(_MAP_MARK))
        if value is None:
            continue
        url = value.group(1).removesuffix("*/")
        if not url:
            continue
        if url[:5].lower() == "data:":
            return url
        base = artifact.url or artifact.page
        return urljoin(base, url) if base else url


def decode_data_url(url: str) -> str | None:
    """Return the text of a ``data:`` URL (base64 or percent-encoded), or None if it is not one."""
    if url[:5].lower() != "data:":
        return None
    header, comma, data = url[5:].partition(",")
    if not comma:
        return None
    params = [part.strip().lower() for part in header.split(";")]
    charset = next((p[8:] for p in params if p.startswith("charset=")), "utf-8") or "utf-8"
    if "base64" in params[1:]:
        compact = "".join(unquote(data).split())
        try:
            raw = base64.b64decode(compact + "=" * (-len(compact) % 4))
        except (binascii.Error, ValueError):
            return None
    else:
        raw = unquote_to_bytes(data)
    try:
        text = raw.decode(charset, errors="replace")
    except LookupError:
        text = raw.decode("utf-8", errors="replace")
    return text.lstrip("\ufeff")
