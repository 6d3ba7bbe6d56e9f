"""Person names inside free text (notes, comments, messages), from a first-name list.

Keys find most names in payloads (``bidderName``); inside a note ("Ring til Mette Hansen i
morgen") nothing names them. spaCy's NER models cannot be installed here, and Presidio without
one finds no names, so this recognizer uses a first-name list with frequencies per country: the
data file of the optional package ``gender-guesser`` (``pip install gender-guesser``; GPLv3
data, read at run time, never bundled). Without it the recognizer finds nothing, and names are
found by key only.

A candidate is a known first name (common in the Nordic countries, Germany, the UK, Ireland or
the US) followed by one or two capitalised words; not when the last one ends like an abstract
noun ("-tion", "-ity", "-tude"), nor inside a run of capitalised words too long for a name (a
title or product name: four that began mid-sentence, "the AWS Command Line Interface User
Guide", or five in all). Confidence: 0.45 alone (under the default
threshold: "Rose Garden" is no one); a surname-like last word (``-sen``, ``-son``, ``-nen``,
``-berg``, …), a middle name or initial, a person word just before ("kunde", "Ring til",
"Mr.") and a lower-case word just before (mid-sentence, where these languages capitalise only
proper nouns) each add 0.15. A house number right after means a street named after someone.
Program text (bundles, source maps) is left to the keyed recognizers: it is full of sample and
team names.
"""

from __future__ import annotations

import re
from functools import lru_cache

from leakcheck import data_classes as classes
from leakcheck.detect.context import Context, clamp, is_text_like, near, words_pattern
from leakcheck.detect.interface import Pattern
from leakcheck.detect.personal import name_key_kind
from leakcheck.models import Detection

_COUNTRY_COLUMNS = (0, 1, 2, 12, 15, 16, 17, 18, 19)
"""gender-guesser's columns for Great Britain, Ireland, the US, Germany, Iceland, Denmark,
Norway, Sweden and Finland."""
_MIN_FREQUENCY = 3
"""Frequency classes run from 1 (rare) to 13; rarer names are mostly noise in free text."""
_COMMON_WORDS = frozenset(
    """
    Will May Mark Rose Hope Grace Joy Faith Bill Art Page Bob Pat Sunny Rich Dean Guy Major
    Per Else Bo Sten Liv Maj Jan Kim Vil Tor Alle Ny Sol Ren Mai Juni Juli Mars April
    August Augusta Eller Men Som Den Det Hans Her Han Dag Lo Lise Ole Ask Björk Björn Ulla
    """.split()
)
"""First names that are also common words or month names (sentence starts, dates)."""

_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
_CANDIDATE = re.compile(
    rf"(?<![\w.-])([{_UP}][{_LO}]+)(?:-[{_UP}][{_LO}]+)?((?: [{_UP}]\.| [{_UP}][{_LO}]+)?)"
    rf" ([{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?)(?![\w-])"
)
_STREET_AFTER = re.compile(r",? ?(?:[a-zæøåäö]+ )?\d{1,4}[A-Za-z]?\b")
"""A house number right after the "name": it was a street named after someone."""
SURNAME_ENDINGS = tuple(
    """
    sen son sson nen inen ainen berg borg ström strøm strom gaard gård lund holm dahl dal vik
    stad bakken haug rud land qvist kvist gren toft kjær kær feldt mark ton ley ford wood field
    well ham stein mann man ski la lä ranta mäki maa koski järvi lahti salo
    """.split()
)
_PERSON_CUES = words_pattern(
    "hr|hr.|fru|frk|mr|mr.|mrs|mrs.|ms|ms.|dr|dr.|ring til|ringede til|kontakt|kontaktperson|"
    "køber|koeber|sælger|saelger|kunde|kunden|kunder|byder|ejer|ejeren|mægler|bruger|patient|"
    "medarbejder|navn|name|contact|customer|buyer|seller|bidder|owner|agent|tenant|user|"
    "called|spoke with|talte med|snakkede med|mødte|met|herr|frau|köpare|säljare|kjøper|selger|"
    "asiakas|ostaja|myyjä|sökande|søker|ansøger|professor|prof.|director|direktør|manager|"
    "chef|ceo|cto|cfo|president|chairman|minister|sir|lady|lord|judge|dommer|advokat|lawyer|"
    "attorney|consultant|rådgiver"
)
_TITLE_WORD = re.compile(rf"[{_UP}][\w&'’-]*")
_NOUN_SUFFIXES = ("tion", "sion", "ity", "ism", "ology", "tude", "ware", "ness")
"""Endings of English abstract nouns, which surnames do not have ("Max Magnitude")."""
_BLOCK_TAG_END = re.compile(r"<(?:p|li|br|td|th|div|h[1-6]|dt|dd|tr|blockquote)\b[^<>]*>$", re.I)
"""A block element's tag right before a word: the word starts a paragraph or an item."""
_SENTENCE_END = (".", "!", "?", ":", ";", "\n")


def title_words_before(text: str, start: int) -> int:
    """Return how many capitalised words run right before ``start`` in mid-sentence.

    Words are counted back over single spaces until one is not capitalised; person cues
    ("Mr", "Professor") stop the count, and the first word of a sentence does not count.
    "use Amazon Kendra Web Crawler" has one before "Kendra", "AWS Command Line Interface User"
    two before "Line"; "Yesterday Jens Hansen" none.
    """
    if start < 2 or text[start - 1] != " " or text[start - 2] in _SENTENCE_END:
        return 0
    lo = max(0, start - 120)
    word = text.rfind(" ", lo, start - 1) + 1 or lo
    if not text[word : word + 1].isupper() and text.find(">", word, start) < 0:
        return 0  # the word before is not capitalised: the common case, decided cheaply
    tokens = text[lo : start - 1].split(" ")
    count = 0
    boundary = lo == 0
    for i in range(len(tokens) - 1, -1, -1):
        raw = tokens[i]
        token = raw.rsplit(">", 1)[-1]  # a link's text starts after its tag, mid-sentence
        if not _TITLE_WORD.fullmatch(token) or _PERSON_CUES.search(token.lower()):
            boundary = token == "" or token.endswith(_SENTENCE_END)
            break
        count += 1
        if token != raw:
            boundary = _BLOCK_TAG_END.search(raw, 0, len(raw) - len(token)) is not None
            break
    if count and boundary:
        count -= 1  # the run starts a sentence: its first word is capitalised anyway
    return count


_TITLE_WORDS_AFTER = re.compile(rf"(?: [{_UP}][\w&'’-]*(?![^\s.,;:!?)]))+")


def _title_words_after(text: str, end: int) -> int:
    """Return how many capitalised words follow ``end`` ("Grant Kinesis Data| Firehose Access")."""
    if not text[end + 1 : end + 2].isupper():
        return 0
    m = _TITLE_WORDS_AFTER.match(text, end, end + 120)
    return m.group(0).count(" ") if m else 0


_LOWER_WORD_BEFORE = re.compile(r"(?:^|\s)[a-zß-öø-ÿ]+[,:]? $")
"""A lower-case word right before: mid-sentence, where only proper nouns are capitalised."""


@lru_cache(maxsize=1)
def first_names() -> frozenset[str] | None:
    """Return the first names to look for, or None when ``gender-guesser`` is not installed."""
    try:
        from importlib.resources import files

        data = files("gender_guesser").joinpath("data", "nam_dict.txt")
        text = data.read_text(encoding="utf-8")
    except (ImportError, ModuleNotFoundError, FileNotFoundError, OSError):
        return None
    names: set[str] = set()
    plain = re.compile(rf"[{_UP}][{_LO}]+")
    for line in text.splitlines():
        if not line or line[0] in "#=":
            continue
        parts = line.split()
        if len(parts) < 2 or not plain.fullmatch(parts[1]):
            continue
        values = line[30:]
        best = 0
        for column in _COUNTRY_COLUMNS:
            if column < len(values) and values[column] not in " $":
                best = max(best, int(values[column], 16))
        if best >= _MIN_FREQUENCY:
            names.add(parts[1])
    return frozenset(names - _COMMON_WORDS)


def available() -> bool:
    """Return whether free-text name detection is enabled (``gender-guesser`` installed)."""
    return first_names() is not None


class TextNameRecognizer(Pattern):
    """Person names inside free text, by a known first name (see the module's docstring);
    not in program text, nor in a value whose key already names a name."""

    name = "text_name"
    data_classes = (classes.PERSON_NAME,)
    screen = re.compile(rf"[{_UP}][{_LO}]+ (?:[{_UP}]\. )?[{_UP}][{_LO}]")

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return the names written in ``text`` (only texts: a payload field has its key)."""
        known = first_names()
        if known is None or ctx.is_code or name_key_kind(ctx.key_tokens) is not None:
            return []
        if not (is_text_like(text, ctx) or text.count(" ") >= 3):
            return []
        out: list[Detection] = []
        pos = 0
        while (m := _CANDIDATE.search(text, pos)) is not None:
            first, middle, last = m.group(1), m.group(2), m.group(3)
            if first not in known or last in _COMMON_WORDS:
                pos = m.start() + len(first) + 1  # the next word may start a name
                continue
            pos = m.end()
            s, e = m.span()
            if _STREET_AFTER.match(text, e):
                continue
            if last.lower().endswith(_NOUN_SUFFIXES):
                continue
            run = title_words_before(text, s) + (3 if middle else 2)
            if run >= 4 or run + _title_words_after(text, e) >= 5:
                continue  # inside a title or product name ("Amazon Kendra Web Crawler")
            score = 0.45
            if last.lower().endswith(SURNAME_ENDINGS):
                score += 0.15
            if middle:
                score += 0.15
            if near(text, s, e, _PERSON_CUES, before=24, after=0):
                score += 0.15
            if _LOWER_WORD_BEFORE.search(text, max(0, s - 32), s):
                score += 0.15
            out.append(Detection(classes.PERSON_NAME, clamp(score), self.name, s, e))
        return out
