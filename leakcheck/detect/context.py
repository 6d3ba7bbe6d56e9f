"""What surrounds a value: key names split into tokens, the enclosing type, nearby words.

A value alone is often ambiguous (an 8-digit number may be a phone number or a price); the key it
sits under (``bidderPhone`` vs ``amount``), the enclosing object's type (``Person``) and the words
just before it in a text (``CPR:``) decide. Everything here is cheap and cached by key string,
because keys repeat far more than values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from leakcheck.models import Exposure, Surface
from leakcheck.surfaces import surfaces_where

TEXT_SURFACES: frozenset[Surface] = surfaces_where(lambda s: s.free_text)
"""Surfaces whose values are long free text with several values inside (detections get spans)."""

CODE_SURFACES: frozenset[Surface] = surfaces_where(lambda s: s.program_text)
"""Surfaces holding program text, where labels, examples and library constants abound."""

TEXT_LIKE_LENGTH = 200
"""Values longer than this are treated as text: the exposure's key no longer governs every span."""

_SPLIT = re.compile(r"[^0-9A-Za-zÀ-ÖØ-öø-ÿ]+")
_CAMEL = re.compile(
    r"[A-ZÀ-ÖØ-Þ]+(?=[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ])|[A-ZÀ-ÖØ-Þ]?[a-zß-öø-ÿ]+|[A-ZÀ-ÖØ-Þ]+|\d+"
)

_VOCAB: frozenset[str] = frozenset(
    """
    name first last full given family sur middle maiden display nick user bidder buyer seller
    customer contact owner agent member applicant person patient client employee email mail
    phone mobile cell tel address street line zip postal code city api key secret token access
    private public password pass passwd word auth session refresh id cpr nr number ip note notes
    internal comment comments db database conn connection string url host server service account
    card credit iban order created updated at time stamp timestamp date admin master signing
    encryption webhook app bearer credential credentials jwt social security national home
    billing shipping remote birth legal real fornavn efternavn navn
    """.split()
)
"""Words used to split all-lowercase compound keys such as ``apikey`` or ``firstname``."""


@lru_cache(maxsize=65536)
def split_key(key: str | None) -> tuple[str, ...]:
    """Split a key name into lowercase tokens (camelCase, snake_case, kebab, compounds)."""
    if not key:
        return ()
    tokens: list[str] = []
    for part in _SPLIT.split(key):
        for raw in _CAMEL.findall(part):
            tokens.extend(_split_compound(raw.lower()))
    return tuple(tokens)


def _split_compound(token: str) -> tuple[str, ...]:
    """Split ``apikey`` into ``api``, ``key`` when both halves are known words."""
    if token in _VOCAB or len(token) < 5:
        return (token,)
    for i in range(2, len(token) - 1):
        head, tail = token[:i], token[i:]
        if head in _VOCAB and tail in _VOCAB:
            return (head, tail)
        if head in _VOCAB and len(tail) >= 4:
            rest = _split_compound(tail)
            if len(rest) > 1:
                return (head, *rest)
    return (token,)


_PATH_SEGMENT = re.compile(r"\.([^.\[\]]+)|\[['\"]([^'\"]*)['\"]\]")


@lru_cache(maxsize=65536)
def keys_from_path(path: str) -> tuple[str | None, str | None]:
    """Return the last and second-to-last key of a JSONPath (``…bidder.name`` → name, bidder)."""
    tail = path.rsplit("|", 1)[-1]
    dollar = tail.find("$")
    if dollar < 0:
        return None, None
    names = [a or b for a, b in _PATH_SEGMENT.findall(tail[dollar:])]
    names = [n for n in names if n and n != "*"]
    key = names[-1] if names else None
    parent = names[-2] if len(names) > 1 else None
    return key, parent


@dataclass(frozen=True, slots=True)
class Context:
    """The surroundings of one value, reduced to what recognizers use."""

    key_tokens: tuple[str, ...] = ()
    """Tokens of the nearest key (``bidderEmail`` → bidder, email)."""
    parent_tokens: tuple[str, ...] = ()
    """Tokens of the enclosing object's key (``bidder``)."""
    type_tokens: tuple[str, ...] = ()
    """Tokens of the enclosing GraphQL type (``BidderProfile`` → bidder, profile)."""
    surface: Surface | None = None
    in_text: bool = False
    """True when this context was found inside a text (a ``key: value`` pair), not a payload."""
    key_set: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    """``key_tokens`` as a set, for fast membership tests."""

    @property
    def is_code(self) -> bool:
        """Return whether the value comes from program text (bundles, source maps)."""
        return self.surface in CODE_SURFACES


@lru_cache(maxsize=65536)
def make_context(
    key: str | None,
    parent: str | None,
    type_name: str | None,
    surface: Surface | None,
    in_text: bool = False,
) -> Context:
    """Build (and cache) the context for a key, parent key, type name and surface."""
    tokens = split_key(key)
    return Context(
        key_tokens=tokens,
        parent_tokens=_singular(split_key(parent)),
        type_tokens=_singular(split_key(type_name)),
        surface=surface,
        in_text=in_text,
        key_set=frozenset(tokens),
    )


def _singular(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Add singular forms so that ``bidders`` counts as ``bidder``."""
    extra = tuple(t[:-1] for t in tokens if len(t) > 3 and t.endswith("s"))
    return tokens + extra


def context_key(exposure: Exposure) -> tuple[str | None, str | None, str | None, Surface]:
    """Return the hashable facts that decide an exposure's context (used for deduplication)."""
    path_key, parent = keys_from_path(exposure.location.path)
    key = exposure.key or path_key
    type_name: str | None = None
    if exposure.records:
        type_name = exposure.records[-1].type_name
    if type_name is None and exposure.location.type_field:
        type_name = exposure.location.type_field.split(".", 1)[0]
    return key, parent, type_name, exposure.surface


def is_text_like(text: str, ctx: Context) -> bool:
    """Return whether a value is free text in which the exposure's key no longer governs spans."""
    return (
        len(text) > TEXT_LIKE_LENGTH
        or "\n" in text
        or (ctx.surface in TEXT_SURFACES and len(text) > 40)
    )


_PRECEDING_KEY = re.compile(
    r"([A-Za-zÀ-ÖØ-öø-ÿ_$][\w$.-]{0,48}?)[\"'\]]?\s{0,3}(?::|=|=>|\bis\b)\s{0,3}[\"'`]?\s{0,2}$"
)
_PRECEDING_WINDOW = 64


_KEY_END = frozenset(":=>s")
"""The last character of ``key:``, ``key=``, ``key =>`` and ``key is``."""


def preceding_key_tokens(text: str, start: int) -> tuple[str, ...]:
    """Return the tokens of a ``key:`` / ``key=`` written right before ``start`` in a text."""
    i = start - 1
    lo = max(0, start - 8)
    while i >= lo and text[i] in " \t\"'`":
        i -= 1
    if i < lo or text[i] not in _KEY_END:
        return ()
    m = _PRECEDING_KEY.search(text, max(0, start - _PRECEDING_WINDOW), start)
    return split_key(m.group(1)) if m else ()


def governing_tokens(text: str, start: int, ctx: Context) -> tuple[str, ...]:
    """Return the key tokens that apply to a match at ``start``.

    A ``key:`` right before the match wins; otherwise the exposure's own key applies unless the
    value is a long text (a key such as ``description`` says nothing about a number inside it).
    """
    tokens = preceding_key_tokens(text, start)
    if tokens:
        return tokens
    if is_text_like(text, ctx):
        return ()
    return ctx.key_tokens


def near(
    text: str, start: int, end: int, words: re.Pattern[str], before: int = 48, after: int = 24
) -> bool:
    """Return whether one of ``words`` occurs within ``before`` characters before a match or
    ``after`` characters after it (case-insensitively; ``words`` from ``words_pattern``)."""
    # A window edge that cuts a word makes its tail or head look like a whole word
    # ("st|ring" → "ring", "tele|metry" → "tele"): such a match does not count.
    lo = max(0, start - before)
    window = text[lo:start].lower()
    m = words.search(window)
    if m is not None and m.start() == 0 and lo > 0 and text[lo - 1].isalpha():
        i = 0
        while i < len(window) and window[i].isalpha():
            i += 1
        m = words.search(window, i)
    if m is not None:
        return True
    if after <= 0:
        return False
    hi = end + after
    window = text[end:hi].lower()
    m = words.search(window)
    if m is None:
        return False
    # The leftmost match ends at a cut word: nothing before it matched.
    return not (m.end() == len(window) and hi < len(text) and text[hi].isalpha())


def words_pattern(words: str) -> re.Pattern[str]:
    """Compile a pattern finding any of ``words`` (``|``-separated) as whole words.

    The pattern expects lower-cased text (``near`` lowers the few characters it looks at, which
    is several times faster than a case-insensitive pattern).
    """
    alternatives = "|".join(
        sorted((re.escape(w.strip().lower()) for w in words.split("|")), key=len, reverse=True)
    )
    return re.compile(rf"(?<![^\W\d_])(?:{alternatives})(?![^\W\d_])")


NUMERIC_KEY_WORDS: frozenset[str] = frozenset(
    """
    amount price total sum subtotal cost fee fees balance qty quantity count id ids uuid guid
    order invoice receipt transaction timestamp ts time date created updated modified deleted at
    epoch ms seconds duration version size length width height zip postal postcode sku ean gtin
    isbn ref reference seq sequence index offset page limit bytes year month day hash checksum
    crc port pid lat lng lon latitude longitude score rank level build revision rev nonce serial
    case kr dkk eur sek nok usd pris beloeb beløb bud valuation area sqm m2 rooms floor
    code product article item part model batch lot barcode upc varenr artikelnr
    """.split()
)
"""Key tokens under which a number is a quantity or an identifier, not a phone or a national ID."""

PHONE_KEY_WORDS: frozenset[str] = frozenset(
    "phone telephone tel tlf telefon telefonnummer mobile mobil mobilnummer cell cellphone fax "
    "phonenumber mobilephone whatsapp sms".split()
)

NATIONAL_ID_KEY_WORDS: frozenset[str] = frozenset(
    """
    cpr cprnr cprnummer personnummer personnr pnr ssn social national identity personal
    fodselsnummer fødselsnummer fnr dnummer hetu henkilotunnus henkilötunnus personbeteckning
    samordningsnummer nin sin tin
    """.split()
)


def is_numeric_key(tokens: tuple[str, ...]) -> bool:
    """Return whether key tokens name a quantity or identifier (and not a phone or national ID)."""
    return _is_numeric_key(tokens)


@lru_cache(maxsize=16384)
def _is_numeric_key(tokens: tuple[str, ...]) -> bool:
    if not tokens:
        return False
    if any(t in PHONE_KEY_WORDS or t in NATIONAL_ID_KEY_WORDS for t in tokens):
        return False
    return any(t in NUMERIC_KEY_WORDS for t in tokens)


def clamp(score: float) -> float:
    """Clamp a recognizer's score to 0..0.99 (1.0 is reserved for canaries)."""
    return max(0.0, min(0.99, round(score, 3)))
