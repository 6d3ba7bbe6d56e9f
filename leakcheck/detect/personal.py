"""Personal data that only its key reveals: names, addresses, free-text notes.

Without an NLP model a name is just capitalised words; "Jens Hansen" under ``bidderName`` or
under ``name`` inside a ``Person`` is a person, under ``productName`` it is not. So these
recognizers trust the key (and the enclosing type or parent key) and check only that the value
has the right shape. Street addresses in free text are also found by their Nordic street-word
shape (``Vesterbrogade 12``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from leakcheck import data_classes as classes
from leakcheck.detect.context import (
    PHONE_KEY_WORDS,
    Context,
    clamp,
    governing_tokens,
    near,
    split_key,
    words_pattern,
)
from leakcheck.detect.interface import Pattern
from leakcheck.models import Detection
from leakcheck.surfaces import surfaces_where

PERSON_WORDS: frozenset[str] = frozenset(
    """
    person people persons user bidder buyer seller customer contact owner agent member applicant
    patient client employee tenant landlord debtor creditor guardian recipient sender holder
    driver student parent spouse relative profile viewer broker realtor witness heir resident
    occupant lessee lessor borrower lender signer signatory beneficiary participant attendee
    guest visitor author assignee reporter caseworker doctor nurse physician staff manager
    me self account kunde ejer køber koeber sælger saelger byder bruger medlem lejer udlejer
    ansøger ansoeger kontakt mægler maegler patient
    """.split()
)
"""Words (in keys, parent keys and type names) for records that describe a person."""

_NAME_WORDS = frozenset({"name", "names", "navn", "namn", "nimi"})
_SINGLE_NAME_WORDS = frozenset(
    """
    first given last family sur surname middle maiden fornavn efternavn mellemnavn förnamn
    fornamn efternamn etternavn mellomnavn
    """.split()
)
_FULL_NAME_WORDS = frozenset("full legal real birth complete fuldt fulde fullt".split())
_NEUTRAL_NAME_WORDS = frozenset("display nick preferred short the".split())
NON_PERSON_WORDS: frozenset[str] = frozenset(
    """
    file product company firm org organization organisation business street road city town
    country brand model item type class event operation host domain field role group team
    project app application service category tag label property building bank shop store
    merchant site page route component module package variable param key table column queue
    topic bucket region zone plan tier feature flag cookie attribute method function icon image
    font theme color colour locale language currency unit status state step stage task job
    template document doc folder path url link venue location place area municipality kommune
    estate listing case vendor supplier partner provider office department branch asset
    """.split()
)


@lru_cache(maxsize=16384)
def name_key_kind(tokens: tuple[str, ...]) -> str | None:
    """Return how a key names a person's name: "full", "single", "plain" or None.

    "full": ``fullName``, ``bidderName``; "single": ``firstName``, ``efternavn`` (one word is
    enough); "plain": ``name``/``displayName`` (needs a person-like parent or type).
    """
    s = set(tokens)
    if not s or s & NON_PERSON_WORDS:
        return None
    if s & _SINGLE_NAME_WORDS and (
        s & _NAME_WORDS
        or s
        & {"surname", "fornavn", "efternavn", "förnamn", "efternamn", "etternavn", "mellemnavn"}
    ):
        return "single"
    if not s & _NAME_WORDS:
        return None
    other = s - _NAME_WORDS
    if other & _FULL_NAME_WORDS or other & PERSON_WORDS:
        return "full"
    if other <= _NEUTRAL_NAME_WORDS:
        return "plain"
    return None


def has_person_context(ctx: Context) -> bool:
    """Return whether the enclosing type or parent key describes a person."""
    around = set(ctx.parent_tokens) | set(ctx.type_tokens)
    return bool(around & PERSON_WORDS) and not around & NON_PERSON_WORDS


_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
_WORD = rf"(?:[{_UP}]')?[{_UP}][{_LO}]+(?:[{_UP}][{_LO}]+)?(?:[-'’][{_UP}{_LO}][{_LO}]+)*"
_CAMEL = re.compile(rf"(?<![\w'])([{_UP}][{_LO}]+)([{_UP}][{_LO}]+)")
_CAMEL_PREFIXES = frozenset(
    "Mc Mac Fitz Van Vander Von Ten Ter De Di Da Du Del Della Des Dos La Le Lo St".split()
)
"""Prefixes after which a surname goes on with a capital (McDonald, DeShawn, VanDyke)."""
_INITIAL = rf"[{_UP}]\."
_PARTICLE = r"(?:van|von|de|der|den|la|le|af|da|di|du|del|dos|ten|ter|zu|bin|al)"
_NAME = re.compile(rf"(?:{_WORD}|{_INITIAL})(?: (?:{_WORD}|{_INITIAL}|{_PARTICLE})){{0,5}}")
_CAPITALISED = re.compile(rf"(?:^| )(?:{_WORD}|{_INITIAL})")


def name_words(value: str) -> int:
    """Return how many capitalised name words a value has if it reads as a name, else 0.

    A word with a capital inside is a name after a surname prefix (``McDonald``) or when both
    halves are given names (``MaryAnn``); otherwise it is an identifier (``CreateUser``,
    ``InstanceId``, ``MetricName``).
    """
    v = " ".join(value.split())
    if len(v) > 80 or not _NAME.fullmatch(v):
        return 0
    for m in _CAMEL.finditer(v):
        if m.group(1) not in _CAMEL_PREFIXES and not _given_names(m.group(1), m.group(2)):
            return 0
    return len(_CAPITALISED.findall(v))


def _given_names(*words: str) -> bool:
    """Return whether every word is a known first name (False without the list)."""
    from leakcheck.detect import names  # names imports this module

    known = names.first_names()
    return known is not None and all(w in known for w in words)


class PersonNameRecognizer:
    """A person's name, by key (``bidderName``, ``firstName``, ``name`` in a ``Person``).

    Confidence: full-name keys with 2-4 name words 0.85 (one word 0.55); first/last-name keys
    0.75; ``name`` with a person-like parent or type 0.8 (one word 0.5), without one 0.35.
    One word under a full-name key, or in a ``key: value`` pair inside a text, must be a
    known first name or end like a surname (see ``_could_be_a_name``). A word with a
    capital inside is an identifier (``CreateUser``), not a name (see ``name_words``).
    Program text lowers each by 0.1 (bundles carry sample and team names).
    """

    name = "person_name"
    data_classes = (classes.PERSON_NAME,)

    def wants(self, ctx: Context) -> bool:
        """Return whether the key names a name."""
        return name_key_kind(ctx.key_tokens) is not None

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return the name in ``text`` if the value reads as a person's name."""
        kind = name_key_kind(ctx.key_tokens)
        words = name_words(text)
        if kind is None or words == 0 or words > 4:
            return []
        if words == 1 and (kind == "full" or ctx.in_text) and not _could_be_a_name(text):
            return []
        if kind == "single":
            score = 0.75
        elif kind == "full":
            score = 0.85 if words >= 2 else 0.55
        elif has_person_context(ctx):
            score = 0.8 if words >= 2 else 0.5
        elif words >= 2:
            score = 0.35
        else:
            return []
        if ctx.is_code:
            score -= 0.1
        return [_whole(text, classes.PERSON_NAME, score, self.name)]


def _could_be_a_name(word: str) -> bool:
    """Return whether one capitalised word can be a person's name on its own.

    A key for a full name (``ownerName``, ``memberName``) or a ``key: Value`` pair written in
    a text (``username: String`` in a code sample) holding one word is a name when the word is
    a known first name or ends like a surname; ``Google``, ``Key`` and ``Namespace`` are not.
    Without the first-name list (``gender-guesser``) every word can be.
    """
    from leakcheck.detect import names  # names imports this module

    known = names.first_names()
    if known is None:
        return True
    w = word.strip().split("-", 1)[0]
    return w in known or w.lower().endswith(names.SURNAME_ENDINGS)


def _whole(text: str, data_class: str, score: float, recognizer: str) -> Detection:
    """Return a detection covering ``text`` without its surrounding whitespace."""
    stripped = text.strip()
    start = text.find(stripped) if stripped else 0
    end = start + len(stripped)
    if start == 0 and end == len(text):
        end = -1
    return Detection(data_class, clamp(score), recognizer, start, end)


_ADDRESS_WORDS = frozenset(
    """
    address addresses adresse adresser adress street streetaddress addressline gade vej
    bopæl bopael residence gatuadress gateadresse osoite
    """.split()
)
_ADDRESS_EXCLUDE = frozenset(
    """
    email mail e ip mac wallet web url remote local server host id type count bitcoin btc eth
    contract format validation label placeholder hint error verified confirmed is has ipv4 ipv6
    node peer network proxy gateway billing_id
    """.split()
)


@lru_cache(maxsize=16384)
def _is_address_key(tokens: tuple[str, ...]) -> bool:
    s = set(tokens)
    return bool(s & _ADDRESS_WORDS) and not s & _ADDRESS_EXCLUDE


_LETTER = re.compile(r"[^\W\d_]")
_CODE = re.compile(r"::|[{}=<>`$\\]|\w\(")
"""Punctuation of program text (paths, calls, blocks), which postal addresses do not use."""
_IDENTIFIER = re.compile(rf"[{_LO}][{_UP}]|[^\W\d_]\d+[^\W\d_]|_")
"""Inside one word: a capital after a small letter, digits between letters, an underscore."""
_PROSE_WORD = re.compile(rf"(?<![\w-])[{_LO}]{{3,}}(?![\w-])")


class AddressKeyRecognizer:
    """A postal address, by key (``address``, ``street``, ``addressLine1``, ``adresse``).

    Confidence: letters with a house number 0.8; letters only 0.55 (a street or town alone).
    Not program text (``Ipv6Addr::new(…)``, one identifier, a constant spelling its own key)
    nor a sentence of four or more lower-case words without a number.
    """

    name = "address_key"
    data_classes = (classes.ADDRESS,)

    def wants(self, ctx: Context) -> bool:
        """Return whether the key names an address."""
        return _is_address_key(ctx.key_tokens)

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return the address in ``text`` if it reads as one."""
        v = text.strip()
        if not 3 <= len(v) <= 200 or "@" in v or "://" in v or not _LETTER.search(v):
            return []
        if not (v[0].isupper() or v[0].isdigit()):
            return []
        if _CODE.search(v) or split_key(v) == ctx.key_tokens:
            return []  # an expression or a constant named like its key ("ADDRESS")
        if not any(ch.isspace() for ch in v) and _IDENTIFIER.search(v):
            return []  # one identifier: "Ipv4Addr", "HomeAddress"
        has_digit = any(ch.isdigit() for ch in v)
        if not has_digit and len(_PROSE_WORD.findall(v)) >= 4:
            return []  # a sentence about addresses, with no house number or postcode
        score = 0.8 if has_digit else 0.55
        return [_whole(text, classes.ADDRESS, score, self.name)]


_PHONE_SHAPE = re.compile(r"^\(?\+?[\d\s().-]{7,22}(?:\s*(?:x|ext\.?|#)\s*\d{1,6})?$")
_EXTENSION = re.compile(r"\s*(?:x|ext\.?|#)\s*\d{1,6}$")
_DIGITS = re.compile(r"\d")


class PhoneKeyRecognizer:
    """A phone number by key (``phone``, ``tlf``, ``mobile``), even when numbering plans do not
    list its range (phonenumbers calls ``+45 37 …`` invalid; a form field still holds it).

    Confidence: 0.75 for 8 to 15 digits in a phone shape (an extension such as ``x123`` may
    follow); the pattern path scores the rest.
    """

    name = "phone_key"
    data_classes = (classes.PHONE,)

    def wants(self, ctx: Context) -> bool:
        """Return whether the key names a phone number."""
        return any(t in PHONE_KEY_WORDS for t in ctx.key_tokens)

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return the whole value as a phone number if it is shaped like one."""
        value = text.strip()
        if not _PHONE_SHAPE.match(value):
            return []
        if not 8 <= len(_DIGITS.findall(_EXTENSION.sub("", value))) <= 15:
            return []
        return [_whole(text, classes.PHONE, 0.75, self.name)]


_SUFFIXES = (
    # Danish
    "vej gade allé alle vænget stræde plads torv boulevard parken park haven bakken bakke høj "
    "højen toften engen marken lunden skoven stien løkken agre ager kæret mose hegnet vangen "
    "dalen brink holmen stranden krogen gyden svinget kajen broen porten bjerget "
    # Swedish
    "vägen väg gatan gata gränd gränden torget torg stigen stig backen backe gången leden allén "
    "platsen slingan stråket höjden liden udden ängen hagen bryggan promenaden esplanaden kroken "
    "ringen bågen branten raden "
    # Norwegian
    "veien vegen vei veg gaten gate kollen haugen marka tunet plassen plass berget stranda "
    "flata myra jordet svingen åsen grenda løkka skogen tjernet bråten eggen egga gropa faret "
    "skrenten krenten stykket lyngen moen sletta kaia kaien brygga terrasse teigen høgda toppen "
    "lia enga vika nesset åkeren vollen stubben ekra roa spranget hagen "
    # Finnish
    "katu tie kuja polku kaari rinne aukio raitti väylä puistikko ranta mäki penger tori kulma "
    "piha portti kaarre valtatie bulevardi puistotie niitty pelto ahde "
    # German
    "straße strasse weg gasse platz allee damm ufer"
).split()
"""Street-name endings of the Nordic languages and German (the house number follows)."""
_STANDALONE = "Allé Alle Plads Torv Boulevard Vej Gade Stræde Vænget".split()
_PREFIX_WORD = rf"[{_UP}][{_LO}]{{1,30}}[ -]"
_STREET = re.compile(
    rf"(?<![\w])(?:(?:{_PREFIX_WORD}){{0,3}}"
    rf"(?:[{_UP}][{_LO}]{{0,30}}(?:{'|'.join(_SUFFIXES)})|(?:{'|'.join(_STANDALONE)}))"
    rf"|(?:{_PREFIX_WORD}){{1,3}}[{_LO}]{{0,20}}(?:{'|'.join(_SUFFIXES)}))"
    rf"(?:en|et|n)? \d{{1,4}}[A-Za-z]?(?![\w])"
    r"(?:,? ?\d{1,2}\.? ?(?:th|tv|mf|sal)\.?)?"
    rf"(?:,? ?\d{{4}} [{_UP}][{_LO}]+(?: [{_UP}][{_LO}]*)?)?"
)
_STREET_SCREEN = re.compile(r"[a-zæøåäöüéß] \d")
"""Every street word ends in a lower-case letter followed by a space and the house number."""
_ADDRESS_CONTEXT = words_pattern("adresse|address|addr|bor på|bopæl|lives at|adress|osoite|street")


class StreetAddressRecognizer(Pattern):
    """Nordic and German street addresses in text (``Vesterbrogade 12, 3. th, 1620 København V``).

    Confidence 0.55; 0.8 with an address key or nearby words such as "adresse".
    """

    name = "street_address"
    data_classes = (classes.ADDRESS,)
    screen = _STREET_SCREEN
    min_digits = 1

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return the street addresses in ``text``."""
        out: list[Detection] = []
        for m in _STREET.finditer(text):
            s, e = m.span()
            tokens = governing_tokens(text, s, ctx)
            boosted = _is_address_key(tokens) or near(text, s, e, _ADDRESS_CONTEXT)
            out.append(Detection(classes.ADDRESS, 0.8 if boosted else 0.55, self.name, s, e))
        return out


_NOTE_WORDS = frozenset(
    """
    note notes comment comments remark remarks diagnosis diagnose diagnoses memo memos journal
    notat notater bemærkning bemærkninger bemaerkning kommentar kommentarer anteckning
    anteckningar merknad merknader observation observations anamnese anamnesis annotation
    annotations
    """.split()
)
_NOTE_EXCLUDE = frozenset(
    """
    id ids count enabled type url at date label placeholder key icon visible allowed length max
    min required hint title button link status by created updated form field input template
    i18n enable disable show hide has is can total number
    """.split()
)
_PLAIN_NOTE_WORDS = frozenset(
    """
    note notes comment comments remark remarks memo memos annotation annotations observation
    observations notat notater bemærkning bemærkninger bemaerkning kommentar kommentarer
    anteckning anteckningar merknad merknader nb
    """.split()
)
"""Note words that, alone before a colon in running text, introduce an aside of the text's own
author ("Note: this field is deprecated", a compiler's "= note: …"), not a stored note."""
_SENSITIVE_NOTE_WORDS = frozenset(
    """
    internal private agent staff admin diagnosis diagnose diagnoses medical health journal case
    caseworker confidential doctor clinical hr intern interne fortrolig anamnese anamnesis
    """.split()
)
_TEXT_WORD = re.compile(r"[^\W\d_]{2,}")


@lru_cache(maxsize=16384)
def _is_note_key(tokens: tuple[str, ...]) -> bool:
    s = set(tokens)
    return bool(s & _NOTE_WORDS) and not s & _NOTE_EXCLUDE


_HIDDEN_SURFACES = surfaces_where(lambda s: s.hidden_from_readers)
"""Where a page's author hides text from readers: a ``Note: …`` there is a note, not an aside."""


class NoteRecognizer:
    """Free-text notes and comments, by key (``internalNote``, ``agentNotes``, ``diagnosis``).

    Confidence: three words or more 0.75, two 0.55; keys marking them internal or medical add
    0.1. In program text at most 0.4 (UI strings such as "Add a comment"), and so is a
    ``Note: …`` found inside a text under a bare note word (an aside of the text's author:
    an admonition in documentation, a compiler's ``= note:``), except in an HTML comment or a
    hidden element, where notes are hidden from readers; qualified keys found in texts
    (``internalNote: …``, ``diagnosis: …``) keep their score.
    """

    name = "note"
    data_classes = (classes.NOTE,)

    def wants(self, ctx: Context) -> bool:
        """Return whether the key names a note."""
        return _is_note_key(ctx.key_tokens)

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return ``text`` as a note if it is free text of several words."""
        if len(text.strip()) < 8:
            return []
        words = len(_TEXT_WORD.findall(text, 0, 4096))
        if words < 2:
            return []
        score = 0.75 if words >= 3 else 0.55
        if ctx.key_set & _SENSITIVE_NOTE_WORDS:
            score += 0.1
        if ctx.is_code or (
            ctx.in_text and ctx.key_set <= _PLAIN_NOTE_WORDS and ctx.surface not in _HIDDEN_SURFACES
        ):
            score = min(score, 0.4)
        return [_whole(text, classes.NOTE, score, self.name)]
