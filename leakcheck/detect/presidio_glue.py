"""Presidio's national-ID recognizers for the countries we do not implement ourselves.

Presidio ships checksum-validated recognizers for many countries' identity numbers (UK NHS,
Spanish NIF/NIE, Italian codice fiscale, Polish PESEL, Singapore NRIC/FIN, Australian TFN and
Medicare, Indian Aadhaar and PAN, Korean RRN, Turkish, German tax and pension numbers, Canadian
SIN, South African ID, US ITIN). We control how text reaches them (see /work/shared/traps.md):

* no ``AnalyzerEngine`` (its default configuration downloads a spaCy model): each recognizer's
  ``analyze`` is called directly, without NLP artifacts;
* a cheap compiled screen per recognizer decides whether it runs at all, and Presidio only sees
  bounded windows of at most ``WINDOW_SIZE`` characters around the screen's matches
  (``analyze_piece`` is the one place that hands Presidio text);
* Presidio's scores are not used as they are (a passed checksum scores 1.0 there, and one random
  number in ten passes a mod-10 check): an all-digit number scores 0.4 without context and a
  structured code (letters and digits in a fixed layout) 0.65; the recognizer's own context
  words, as a key or near the match, add 0.45.

E-mail, phone, IBAN, card, IP and US SSN have compiled implementations in ``contact`` (the same
validation rules, a fraction of the cost). This is the only module that imports Presidio, and it
does so on first use, so that importing leakcheck stays fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from leakcheck.detect.context import Context, clamp, governing_tokens, near
from leakcheck.detect.interface import Pattern
from leakcheck.detect.windows import WINDOW_SIZE, grouped_windows
from leakcheck.models import Detection

if TYPE_CHECKING:
    from presidio_analyzer import EntityRecognizer, RecognizerResult


def analyze_piece(recognizer: EntityRecognizer, text: str, entity: str) -> list[RecognizerResult]:
    """Hand one bounded piece of text to one Presidio recognizer.

    Every call into Presidio goes through here, so that tests can check the size of what it is
    handed and that it never touches the network.
    """
    assert len(text) <= WINDOW_SIZE, "Presidio must only see bounded pieces"
    results: list[RecognizerResult] = recognizer.analyze(text, [entity], None)  # type: ignore[arg-type]
    return results


@dataclass(frozen=True, slots=True)
class PresidioId:
    """One Presidio recognizer: its class name, entity, our data class and a cheap screen."""

    recognizer: str
    """The class name in ``presidio_analyzer.predefined_recognizers``."""
    entity: str
    data_class: str
    screen: re.Pattern[str]
    structured: bool
    """True for codes with letters in a fixed layout (specific on their own); False for plain
    digit runs, which need their context words."""
    digits: frozenset[int]
    """For digit runs: how many digits the number has (candidates are dispatched by it)."""


def _id(
    recognizer: str, entity: str, country: str, screen: str, structured: bool, *digits: int
) -> PresidioId:
    return PresidioId(
        recognizer,
        entity,
        f"national_id.{country}",
        re.compile(screen),
        structured,
        frozenset(digits),
    )


_D = r"(?<![\w.,-])"
_E = r"(?![\w]|[.,-]\d)"

PRESIDIO_IDS: tuple[PresidioId, ...] = (
    _id("NhsRecognizer", "UK_NHS", "gb", _D + r"\d{3}([- ]?)\d{3}\1\d{4}" + _E, False, 10),
    _id("EsNifRecognizer", "ES_NIF", "es", _D + r"\d{8}-?[A-Z]" + _E, True),
    _id("EsNieRecognizer", "ES_NIE", "es", _D + r"[XYZ]-?\d{7}-?[A-Z]" + _E, True),
    _id(
        "ItFiscalCodeRecognizer",
        "IT_FISCAL_CODE",
        "it",
        r"(?<![A-Za-z0-9])[A-Z]{6}[\dLMNP-V]{2}[A-EHLMPR-T][\dLMNP-V]{2}[A-Z][\dLMNP-V]{3}[A-Z]"
        r"(?![A-Za-z0-9])",
        True,
    ),
    _id("PlPeselRecognizer", "PL_PESEL", "pl", _D + r"\d{11}" + _E, False, 11),
    _id("SgFinRecognizer", "SG_NRIC_FIN", "sg", r"(?<![\w])[STFGM]\d{7}[A-Z](?![\w])", True),
    _id("AuTfnRecognizer", "AU_TFN", "au", _D + r"\d{3}( ?)\d{3}\1\d{3}" + _E, False, 9),
    _id("AuMedicareRecognizer", "AU_MEDICARE", "au", _D + r"[2-6]\d{3} ?\d{5} ?\d" + _E, False, 10),
    _id(
        "InAadhaarRecognizer", "IN_AADHAAR", "in", _D + r"\d{4}([- :]?)\d{4}\1\d{4}" + _E, False, 12
    ),
    _id(
        "InPanRecognizer",
        "IN_PAN",
        "in",
        r"(?<![\w])[A-Z]{3}[ABCFGHJLPT][A-Z]\d{4}[A-Z](?![\w])",
        True,
    ),
    _id("KrRrnRecognizer", "KR_RRN", "kr", _D + r"\d{6}-?[1-4]\d{6}" + _E, False, 13),
    _id("TrNationalIdRecognizer", "TR_NATIONAL_ID", "tr", _D + r"[1-9]\d{10}" + _E, False, 11),
    _id("DeTaxIdRecognizer", "DE_TAX_ID", "de", _D + r"[1-9]\d{10}" + _E, False, 11),
    _id(
        "DeSocialSecurityRecognizer",
        "DE_SOCIAL_SECURITY",
        "de",
        r"(?<![\w])\d{8}[A-Z]\d{3}(?![\w])",
        True,
    ),
    _id("CaSinRecognizer", "CA_SIN", "ca", _D + r"[1-79]\d{2}([- ]?)\d{3}\1\d{3}" + _E, False, 9),
    _id("ZaIdNumberRecognizer", "ZA_ID_NUMBER", "za", _D + r"\d{10}[0-2][89]\d" + _E, False, 13),
    _id("UsItinRecognizer", "US_ITIN", "us", _D + r"9\d{2}[- ]?[5-9]\d[- ]?\d{4}" + _E, False, 9),
)
"""The Presidio recognizers used, each with a screen at least as wide as its own patterns."""

_STRUCTURED = re.compile(
    r"[A-Z]\d{7}|\d{7}-?[A-Z]|[A-Z]{6}[\dLMNP-V]{2}[A-Z]|[A-Z]{5}\d{4}[A-Z]|\d{8}[A-Z]"
)
"""What every structured code above contains (the digit-only ones need no such check)."""

_DIGIT_GROUP = re.compile(r"\d+")


def _run_lengths(runs: Iterable[re.Match[str]]) -> set[int]:
    """Return the digit counts of every stretch of consecutive digit groups in the runs."""
    out: set[int] = set()
    for run in runs:
        sizes = [len(g) for g in _DIGIT_GROUP.findall(run.group(0))]
        for i in range(len(sizes)):
            total = 0
            for size in sizes[i:]:
                total += size
                out.add(total)
    return out


_BASE_DIGITS = 0.4
_BASE_STRUCTURED = 0.65
_CONTEXT_BOOST = 0.45
_UNVALIDATED_CAP = 0.3
_MARGIN = 48


@dataclass(frozen=True, slots=True)
class _Loaded:
    spec: PresidioId
    recognizer: Any
    keys: frozenset[str]
    words: re.Pattern[str]


_GENERIC = frozenset(
    "id identity tax individual payer canada cf fin fin# pan rente nas number".split()
)
"""Context words of Presidio's that say too little on their own (``id`` is everywhere)."""


def _context_words(phrases: list[str]) -> tuple[frozenset[str], re.Pattern[str]]:
    """Return key tokens and a nearby-words pattern for a recognizer's context phrases.

    Single-word phrases (``nhs``, ``pesel``) also count as key tokens; generic words are
    dropped from both.
    """
    kept = [p.lower() for p in phrases if p.lower() not in _GENERIC and len(p) >= 3]
    keys = frozenset(p.rstrip("#") for p in kept if " " not in p and "-" not in p)
    alternatives = "|".join(sorted((re.escape(p) for p in kept), key=len, reverse=True))
    return keys, re.compile(rf"(?<![^\W\d_])(?:{alternatives})(?![^\W\d_])")


@lru_cache(maxsize=1)
def _load_all() -> tuple[_Loaded, ...]:
    """Import Presidio and build the recognizers (once per process)."""
    from presidio_analyzer import predefined_recognizers

    out = []
    for spec in PRESIDIO_IDS:
        recognizer = getattr(predefined_recognizers, spec.recognizer)()
        keys, words = _context_words(list(recognizer.context or []))
        out.append(_Loaded(spec, recognizer, keys, words))
    return tuple(out)


class PresidioNationalIds(Pattern):
    """National identity numbers of other countries through Presidio, offline and windowed.

    Recognizer names in detections are ``presidio:<ENTITY>`` (``presidio:UK_NHS``).
    """

    name = "presidio"
    data_classes = tuple(dict.fromkeys(spec.data_class for spec in PRESIDIO_IDS))
    screen = re.compile(
        r"(?<![\w.,+-])\d(?:[ :-]?\d){8,17}(?![\w])|[A-Z]\d{7}|\d{7}-?[A-Z]"
        r"|[A-Z]{6}[\dLMNP-V]{2}[A-Z]|[A-Z]{5}\d{4}[A-Z]"
    )
    """A bounded run of 9-18 digits (single separators between them, not after a ``+``: that
    is a phone), or a code mixing capitals and digits."""
    min_digits = 4

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return the other countries' national IDs in ``text``."""
        out: list[Detection] = []
        loaded: tuple[_Loaded, ...] | None = None
        structured = _STRUCTURED.search(text) is not None
        lengths = _run_lengths(self.screen.finditer(text))
        for index, spec in enumerate(PRESIDIO_IDS):
            if spec.structured:
                if not structured:
                    continue
            elif not spec.digits & lengths:
                continue
            candidates = [m.span() for m in spec.screen.finditer(text)]
            if not candidates:
                continue
            if loaded is None:
                loaded = _load_all()
            item = loaded[index]
            seen: set[tuple[int, int]] = set()
            for lo, hi, _group in grouped_windows(text, candidates, margin=_MARGIN):
                for result in analyze_piece(item.recognizer, text[lo:hi], spec.entity):
                    s, e = lo + result.start, lo + result.end
                    if (s, e) in seen:
                        continue
                    seen.add((s, e))
                    out.append(self._detection(text, s, e, ctx, item, result.score))
        return out

    @staticmethod
    def _detection(
        text: str, s: int, e: int, ctx: Context, item: _Loaded, presidio_score: float
    ) -> Detection:
        spec = item.spec
        if presidio_score >= 1.0:  # Presidio's checksum passed
            score = _BASE_STRUCTURED if spec.structured else _BASE_DIGITS
        else:
            score = min(presidio_score, _UNVALIDATED_CAP)
        tokens = governing_tokens(text, s, ctx)
        if any(t in item.keys for t in tokens) or near(text, s, e, item.words, 40, 16):
            score += _CONTEXT_BOOST
        return Detection(spec.data_class, clamp(score), f"presidio:{spec.entity}", s, e)
