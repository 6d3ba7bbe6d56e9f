"""Check a profile's selectors before any browser starts, in the syntax Playwright accepts.

Every selector field (``ready``, ``verify_selector`` and the login form's ``*_selector``) reaches
Playwright's locator, so the accepted syntax is Playwright's:

- CSS, compiled with ``soupsieve`` (the CSS engine beautifulsoup4 uses), plus Playwright's own
  pseudo-classes (``:has-text()``, ``:text()``, ``:text-is()``, ``:text-matches()``,
  ``:visible``, ``:nth-match()`` and the layout ones such as ``:right-of()``), whose arguments
  are only checked to be closed;
- an engine prefix: ``css=``, ``text=``, ``xpath=``, ``id=``, ``data-testid=``,
  ``data-test-id=``, ``data-test=``, ``role=``, ``nth=``, ``visible=`` (and their ``:light``
  forms, and ``internal:…`` as Playwright's code generator writes them); a quoted string is
  ``text=``, a part starting with ``//`` or ``..`` is ``xpath=``;
- parts chained with ``>>``.

Refused: anything soupsieve cannot compile (an unclosed ``[``, ``#1a``, a pseudo-element such as
``::before``, which matches no element), soupsieve's own extensions that a browser rejects
(``:-soup-contains()``, ``:contains()``), an unknown engine (``foo=bar``), an empty part
(``a >>``). Browser CSS that soupsieve does not know (``:modal``, ``:popover-open``) is refused
too: write it another way (an attribute, ``:has-text()``).
"""

from __future__ import annotations

import re

ENGINES = frozenset(
    {
        "css",
        "text",
        "xpath",
        "id",
        "data-testid",
        "data-test-id",
        "data-test",
        "role",
        "nth",
        "visible",
    }
)
"""Playwright's selector engines a profile may name (each also with ``:light`` where it has
one); ``internal:*`` engines are accepted as Playwright's code generator writes them."""
_LIGHT = frozenset({"css", "text", "xpath", "id", "data-testid", "data-test-id", "data-test"})
_ENGINE_NAME = re.compile(r"[a-zA-Z_0-9\-+:*]+")
_PLAYWRIGHT_PSEUDO = frozenset(
    {
        "has-text",
        "text",
        "text-is",
        "text-matches",
        "visible",
        "nth-match",
        "left-of",
        "right-of",
        "above",
        "below",
        "near",
    }
)
"""Pseudo-classes Playwright adds to CSS; all but ``:visible`` take an argument."""
_SOUP_ONLY = re.compile(r":(?:-soup-[\w-]+|contains|contains-own)\(", re.IGNORECASE)
_IDENT = re.compile(r"-?[A-Za-z_][\w-]*")


class SelectorSyntaxError(ValueError):
    """A selector Playwright would refuse or that can never match; the message quotes it."""


def check_selector(selector: str) -> None:
    """Raise ``SelectorSyntaxError`` unless Playwright accepts ``selector`` (see module)."""
    if not selector.strip():
        raise SelectorSyntaxError("an empty selector matches nothing")
    for name, body in _parts(selector):
        _check_part(selector, name, body)


def _fail(selector: str, reason: str) -> SelectorSyntaxError:
    return SelectorSyntaxError(f"{selector!r} is not a valid selector: {reason}")


def _parts(selector: str) -> list[tuple[str, str]]:
    """Split a selector at ``>>`` outside quotes and name each part's engine (Playwright's rule)."""
    bodies: list[str] = []
    start, index, quote = 0, 0, ""
    while index < len(selector):
        char = selector[index]
        if char == "\\" and index + 1 < len(selector):
            index += 2
            continue
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'`" and not re.match(r"\s*text\s*=.", selector[start:index]):
            quote = char
        elif selector.startswith(">>", index):
            bodies.append(selector[start:index])
            index += 2
            start = index
            continue
        index += 1
    bodies.append(selector[start:])
    parts = []
    for raw in bodies:
        part = raw.strip()
        name, eq, rest = part.partition("=")
        if eq and _ENGINE_NAME.fullmatch(name.strip()):
            parts.append((name.strip().lstrip("*"), rest))
        elif len(part) > 1 and part[0] == part[-1] and part[0] in "\"'":
            parts.append(("text", part))
        elif re.match(r"\(*//", part) or part.startswith(".."):
            parts.append(("xpath", part))
        else:
            parts.append(("css", part))
    return parts


def _check_part(selector: str, name: str, body: str) -> None:
    engine = name.removesuffix(":light")
    if name.startswith("internal:"):
        engine = "internal"
    elif engine not in ENGINES or (name.endswith(":light") and engine not in _LIGHT):
        known = ", ".join(f"{e}=" for e in sorted(ENGINES))
        raise _fail(selector, f"unknown selector engine {name!r} (known: {known})")
    text = body.strip()
    if not text:
        where = "an empty part around >>" if engine == "css" else f"{name}= has nothing after it"
        raise _fail(selector, where)
    if engine == "css":
        _check_css(selector, text)
    elif engine == "nth" and not re.fullmatch(r"-?\d+", text):
        raise _fail(selector, f"nth= needs an integer, not {text!r}")
    elif engine == "visible" and text not in ("true", "false"):
        raise _fail(selector, "visible= needs true or false")
    elif engine in ("text", "xpath", "role", "internal"):
        problem = _unclosed(text)
        if problem:
            raise _fail(selector, problem)


def _unclosed(text: str) -> str | None:
    """Return what is left open in ``text`` (a quote, a bracket), or None."""
    closing = {"(": ")", "[": "]"}
    stack: list[str] = []
    quote = ""
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'`":
            quote = char
        elif char in closing:
            stack.append(closing[char])
        elif char in ")]":
            if not stack or stack.pop() != char:
                return f"{char!r} at position {index} closes nothing"
        index += 1
    if quote:
        return f"the quote {quote} is never closed"
    if stack:
        return f"{'(' if stack[-1] == ')' else '['} is never closed"
    return None


def _check_css(selector: str, css: str) -> None:
    """Compile CSS with soupsieve after putting aside Playwright's own pseudo-classes."""
    import soupsieve

    if _SOUP_ONLY.search(css):
        raise _fail(selector, "soupsieve's :-soup-contains()/:contains() are not browser CSS")
    problem = _unclosed(css)
    if problem:
        raise _fail(selector, problem)
    plain = _without_playwright_pseudos(selector, css)
    if "|" in _outside_brackets(plain):
        raise _fail(selector, "namespace prefixes (svg|rect) are not supported; use the tag name")
    try:
        soupsieve.compile(plain)
    except (soupsieve.SelectorSyntaxError, NotImplementedError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        if isinstance(exc, NotImplementedError) and "Pseudo-element" in reason:
            reason = "a pseudo-element (::before) is no element and matches nothing"
        reason = reason[:1].lower() + reason[1:]
        raise _fail(selector, reason) from None


def _without_playwright_pseudos(selector: str, css: str) -> str:
    """Return ``css`` with each Playwright pseudo-class replaced by ``:is(*)`` (matches all)."""
    out: list[str] = []
    index, quote = 0, ""
    while index < len(css):
        char = css[index]
        if char == "\\":
            out.append(css[index : index + 2])
            index += 2
            continue
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == ":" and not css.startswith("::", index) and css[index - 1 : index] != ":":
            ident = _IDENT.match(css, index + 1)
            name = ident.group(0).lower() if ident else ""
            if ident and name in _PLAYWRIGHT_PSEUDO:
                end = ident.end()
                if css.startswith("(", end):
                    end = _closing_paren(css, end)
                elif name != "visible":
                    raise _fail(selector, f":{name} needs an argument, e.g. :{name}('Log in')")
                out.append(":is(*)")
                index = end
                continue
        out.append(char)
        index += 1
    return "".join(out)


def _outside_brackets(css: str) -> str:
    """Return the characters of ``css`` outside quotes, ``[...]`` and ``(...)``."""
    out: list[str] = []
    depth, quote, index = 0, "", 0
    while index < len(css):
        char = css[index]
        if char == "\\":
            index += 2
            continue
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        elif depth == 0:
            out.append(char)
        index += 1
    return "".join(out)


def _closing_paren(css: str, start: int) -> int:
    """Return the index after the ``)`` matching the ``(`` at ``start`` (checked to exist)."""
    depth, quote, index = 0, "", start
    while index < len(css):
        char = css[index]
        if char == "\\":
            index += 2
            continue
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return len(css)
