"""The detect stage: exposures in, data classes with confidence and spans out.

Cost grows linearly with the bytes captured: each distinct (value, context) pair is analysed
once; whole values that no pattern can report (UUIDs, ISO dates, small numbers, hex ids) skip
the screens; otherwise each recognizer's substring hints and digit count are checked first, then
its compiled screen, and only then its ``find``; Presidio sees bounded windows only; overlapping
detections are merged keeping the strongest per span (two countries' IDs on one span that
neither checksum nor context settles are both kept). Custom recognizers come from
``registry.plugin_recognizers`` (entry points ``leakcheck.detectors``, ``LEAKCHECK_DETECTORS``)
or the ``recognizers`` argument.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from functools import lru_cache

from leakcheck import data_classes as classes
from leakcheck.detect import registry
from leakcheck.detect.canaries import CanaryMatcher
from leakcheck.detect.context import (
    NATIONAL_ID_KEY_WORDS,
    Context,
    context_key,
    governing_tokens,
    make_context,
    near,
    words_pattern,
)
from leakcheck.detect.interface import KeyedRecognizer, PatternRecognizer
from leakcheck.detect.keyvalue import KV_SCREEN, pairs
from leakcheck.gcpause import paused_gc
from leakcheck.models import Detection, Exposure, Surface

_SHORT = 256
"""Values up to this length are checked against ``_PLAIN_VALUE`` first."""


def _digits(value: str) -> int:
    """Return how many ASCII digits ``value`` has (bytes.translate: C speed, unlike str's)."""
    raw = value.encode("utf-8", "surrogatepass")
    return len(raw) - len(raw.translate(None, b"0123456789"))


_HEX_TOKEN = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|(?<![0-9A-Za-z])(?=[0-9]*[a-f])[0-9a-f]{16,}(?![0-9A-Za-z])"
)


def _loose_digits(value: str) -> int:
    """Return how many digits ``value`` has outside UUIDs and lower-case hex ids.

    Recognizers declare how many digits their values need (``min_digits``); a URL whose
    only digits sit in a UUID needs none of the number recognizers.
    """
    n = _digits(value)
    if n < 8 or len(value) < 16:
        return n
    for m in _HEX_TOKEN.finditer(value):
        n -= _digits(m.group(0))
    return n


_PLAIN_VALUE = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|-?\d{1,7}(?:[.,]\d{1,4})?|-?\d+\.\d+(?:[eE][-+]?\d+)?"
    r"|(?=\d*[a-f])[0-9a-f]{16,64}"
)
"""Whole values no built-in pattern recognizer can report: UUIDs, ISO dates and times, short
integers and decimals, lower-case hex ids and hashes (every digit-based recognizer needs a
boundary inside such a run, and vendor tokens have prefixes). They skip the screens and the
``key: value`` scan; canaries, keyed and custom recognizers still run."""


def _substring_test(hints: tuple[str, ...]) -> Callable[[str], bool]:
    """Return a test for whether a text holds one of ``hints`` (one regex for many)."""
    if len(hints) == 1:
        (a,) = hints
        return lambda text: a in text
    if len(hints) == 2:
        a, b = hints
        return lambda text: a in text or b in text
    if len(hints) == 3:
        a, b, c = hints
        return lambda text: a in text or b in text or c in text
    search = re.compile("|".join(re.escape(h) for h in sorted(hints, key=len, reverse=True)))
    return lambda text: search.search(text) is not None


_Group = tuple[int, int, "Callable[[str], object]", "tuple[PatternRecognizer, ...]"]
"""(hint-set index or -1, minimum length, the screen's search, the recognizers sharing it)."""
_CustomGate = tuple[
    "Callable[[str], bool] | None", int, int, "Callable[[str], object] | None", PatternRecognizer
]
"""(hint test, minimum digits, minimum length, the screen's search, the custom recognizer)."""
_Naming = tuple[frozenset[str], re.Pattern[str], frozenset[str]]
"""(context words, the same as a pattern for nearby text, the classes they name)."""

_FOREIGN_CAP = 0.45
"""What a national ID scores when its context names another class's number (under 0.5)."""


def _always(text: str) -> bool:
    """Stand in for the screen of a recognizer that has none."""
    return True


@lru_cache(maxsize=4096)
def _priority(data_class: str) -> int:
    return classes.entry(data_class).priority


@lru_cache(maxsize=4096)
def _is_national_id(data_class: str) -> bool:
    return classes.entry(data_class).national_id


@lru_cache(maxsize=4096)
def _is_container(data_class: str) -> bool:
    return classes.entry(data_class).container


class Detector:
    """Say what each exposed value is: personal data, national IDs, secrets, canaries.

    Example:
        >>> detector = Detector(canaries=["0101901234"])
        >>> [[d.data_class for d in ds] for ds in detector.detect(exposures)]  # doctest: +SKIP
    """

    def __init__(
        self,
        canaries: Sequence[str] = (),
        min_confidence: float = 0.5,
        *,
        recognizers: Sequence[object] = (),
        plugins: bool = True,
    ) -> None:
        """Set up the recognizers; detections under ``min_confidence`` are not reported.

        ``recognizers`` are added to the built-in ones, and so are the custom recognizers of
        the ``leakcheck.detectors`` entry points and ``LEAKCHECK_DETECTORS`` unless ``plugins``
        is false (see ``registry``); each needs a ``name`` and a ``find`` (``registry.admit``).
        """
        self._canaries = CanaryMatcher(canaries)
        self._min_confidence = min_confidence
        builtin: list[PatternRecognizer] = registry.pattern_recognizers(min_confidence)
        custom, custom_keyed = registry.split(
            [*recognizers, *(registry.plugin_recognizers() if plugins else [])]
        )
        self._keyed: list[KeyedRecognizer] = [*registry.keyed_recognizers(), *custom_keyed]
        # Recognizers sharing a screen (and hints) share one search, whatever digits each
        # needs (the national IDs share one); hints are checked first (substring tests, far
        # cheaper than any regex) and each distinct set once per value.
        hint_sets: dict[tuple[str, ...], int] = {}
        groups: dict[
            tuple[int, int, re.Pattern[str] | None], list[tuple[int, PatternRecognizer]]
        ] = {}
        for r in builtin:
            gate = hint_sets.setdefault(r.hints, len(hint_sets)) if r.hints else -1
            groups.setdefault((gate, r.min_length, r.screen), []).append((r.min_digits, r))
        self._hint_tests: tuple[Callable[[str], bool], ...] = tuple(
            _substring_test(hints) for hints in hint_sets
        )
        # Per digit count, the groups (and members) a value with that many loose digits can
        # need: the digit gate is decided once per value by indexing, not once per recognizer.
        self._max_digits = max((d for ms in groups.values() for d, _ in ms), default=0)
        self._groups_by_digits: tuple[tuple[_Group, ...], ...] = tuple(
            tuple(
                (
                    gate,
                    length,
                    _always if screen is None else screen.search,
                    tuple(r for need, r in members if need <= n),
                )
                for (gate, length, screen), members in groups.items()
                if any(need <= n for need, _ in members)
            )
            for n in range(self._max_digits + 1)
        )
        # Most values hold none of the hints: one search over all of them says so, and such a
        # value meets only the groups without hints (in the same order).
        every_hint = sorted({h for hints in hint_sets for h in hints}, key=len, reverse=True)
        self._any_hint = re.compile("|".join(map(re.escape, every_hint))).search
        self._unhinted_by_digits: tuple[tuple[_Group, ...], ...] = tuple(
            tuple(g for g in groups_n if g[0] < 0) for groups_n in self._groups_by_digits
        )
        # Custom recognizers meet every value, plain ones included (a custom class may be a
        # short number), gated by their own hints and minimums.
        self._custom: tuple[_CustomGate, ...] = tuple(
            (
                _substring_test(r.hints) if r.hints else None,
                r.min_digits,
                r.min_length,
                None if r.screen is None else r.screen.search,
                r,
            )
            for r in custom
        )
        self._naming: tuple[_Naming, ...] = tuple(
            (
                r.context_words,
                words_pattern("|".join(sorted(r.context_words))),
                frozenset(c if isinstance(c, str) else c.name for c in r.data_classes),
            )
            for r in (*builtin, *custom)
            if r.context_words
        )
        self._naming_words = frozenset(w for words, _, _ in self._naming for w in words)
        # Whether a value holds any of those words at all (then ``_settle`` looks closer).
        self._any_naming_word = re.compile(
            "|".join(re.escape(w) for w in sorted(self._naming_words, key=len, reverse=True)),
            re.IGNORECASE,
        ).search
        self._pair_plans: dict[tuple[str, Surface | None], _Plan] = {}
        self._plans: dict[tuple[object, ...], _Plan] = {}

    def detect(self, exposures: Sequence[Exposure]) -> list[tuple[Detection, ...]]:
        """Return, for each exposure in order, its detections (possibly empty).

        The cyclic garbage collector is paused meanwhile: detection creates no reference
        cycles, but its many small, surviving objects (cache keys, detections) would otherwise
        trigger full collections that walk every exposure and record of the scan, again and
        again, which made the stage superlinear on large captures.
        """
        with paused_gc():
            return self._detect_all(exposures)

    def _detect_all(self, exposures: Sequence[Exposure]) -> list[tuple[Detection, ...]]:
        cache: dict[tuple[str, tuple[object, ...]], tuple[Detection, ...]] = {}
        plans = self._plans
        out: list[tuple[Detection, ...]] = []
        for exposure in exposures:
            facts = context_key(exposure)
            cache_key = (exposure.value, facts)
            found = cache.get(cache_key)
            if found is None:
                plan = plans.get(facts)
                if plan is None:
                    plan = plans[facts] = self._plan_for(make_context(*facts))
                found = self._detect(exposure.value, plan)
                cache[cache_key] = found
            out.append(found)
        return out

    def detect_value(self, value: str, ctx: Context) -> tuple[Detection, ...]:
        """Return the merged detections for one value in one context."""
        return self._detect(value, self._plan_for(ctx))

    def _plan_for(self, ctx: Context) -> _Plan:
        """Return a context with the keyed recognizers that want its key."""
        return _Plan(ctx, tuple(k for k in self._keyed if k.wants(ctx)))

    def _detect(self, value: str, plan: _Plan) -> tuple[Detection, ...]:
        found: list[Detection] = self._canaries.find(value) if self._canaries else []
        if len(value) < 2 or value.isspace():
            return tuple(found)
        ctx = plan.context
        plain = len(value) <= _SHORT and _PLAIN_VALUE.fullmatch(value) is not None
        if not plain:
            hint_tests = self._hint_tests
            passed: list[bool | None] = [None] * len(hint_tests)
            size = len(value)
            digits = min(_loose_digits(value), self._max_digits)
            if self._any_hint(value) is None:
                groups = self._unhinted_by_digits[digits]
            else:
                groups = self._groups_by_digits[digits]
            for gate, length, search, members in groups:
                if length > size:
                    continue
                if gate >= 0:
                    ok = passed[gate]
                    if ok is None:
                        ok = passed[gate] = hint_tests[gate](value)
                    if not ok:
                        continue
                if search(value) is not None:
                    for recognizer in members:
                        found.extend(recognizer.find(value, ctx))
        if self._custom:
            found.extend(self._find_custom(value, ctx))
        for keyed in plan.recognizers:
            found.extend(keyed.find(value, ctx))
        if not plain and KV_SCREEN.search(value):
            found.extend(self._pairs(value, ctx))
        if not found:
            return ()
        if self._naming and (
            not self._naming_words.isdisjoint(ctx.key_set) or self._any_naming_word(value)
        ):
            found = self._settle(value, ctx, found)  # a word names some class: nearly never
        return self._merge(value, found)

    def _find_custom(self, value: str, ctx: Context) -> list[Detection]:
        """Run the custom recognizers whose hints, minimums and screen the value passes."""
        out: list[Detection] = []
        digits = -1
        for hint_test, min_digits, min_length, search, recognizer in self._custom:
            if len(value) < min_length or (hint_test is not None and not hint_test(value)):
                continue
            if min_digits:
                if digits < 0:
                    digits = _loose_digits(value)
                if digits < min_digits:
                    continue
            if search is None or search(value) is not None:
                out.extend(recognizer.find(value, ctx))
        return out

    def _settle(self, value: str, ctx: Context, found: list[Detection]) -> list[Detection]:
        """Cap national IDs whose context names another class's number (see ``interface``).

        ``010130-2989`` under ``kennitala`` is no CPR number, whatever its checksum says. The
        context is the key governing the match (the value's, or a ``key:`` just before it);
        only when no key names a national ID, the words near the match.
        """
        out = found
        for i, d in enumerate(found):
            if d.confidence <= _FOREIGN_CAP or not _is_national_id(d.data_class):
                continue
            named = self._named_classes(value, d.start, len(value) if d.end < 0 else d.end, ctx)
            if named and d.data_class not in named:
                if out is found:
                    out = list(found)
                out[i] = Detection(
                    d.data_class, _FOREIGN_CAP, d.recognizer, d.start, d.end, d.matched
                )
        return out

    def _named_classes(self, value: str, start: int, end: int, ctx: Context) -> frozenset[str]:
        """Return the classes whose recognizers' context words name the match at ``start``."""
        tokens = governing_tokens(value, start, ctx)
        named = frozenset(
            c for words, _, owned in self._naming if not words.isdisjoint(tokens) for c in owned
        )
        if named or any(t in NATIONAL_ID_KEY_WORDS for t in tokens):
            return named  # a key naming a national ID governs; words nearby do not
        return frozenset(
            c
            for _, pattern, owned in self._naming
            if near(value, start, end, pattern)
            for c in owned
        )

    def _pairs(self, value: str, ctx: Context) -> list[Detection]:
        """Run keyed recognizers on the ``key: value`` pairs written inside a value."""
        out: list[Detection] = []
        # In program text an unquoted value is an expression, not data.
        for pair in pairs(value, quoted_only=ctx.is_code):
            plan = self._pair_plan(pair.key, ctx.surface)
            if not plan.recognizers:
                continue
            sub = value[pair.start : pair.end]
            for keyed in plan.recognizers:
                for d in keyed.find(sub, plan.context):
                    end = pair.start + (len(sub) if d.end < 0 else d.end)
                    start = pair.start + d.start
                    out.append(Detection(d.data_class, d.confidence, d.recognizer, start, end))
        return out

    def _pair_plan(self, key: str, surface: Surface | None) -> _Plan:
        """Return (cached) the plan for a key found inside a text."""
        plan = self._pair_plans.get((key, surface))
        if plan is None:
            plan = self._plan_for(make_context(key, None, None, surface, in_text=True))
            self._pair_plans[(key, surface)] = plan
        return plan

    def _merge(self, value: str, found: list[Detection]) -> tuple[Detection, ...]:
        """Keep canaries and, among overlapping detections, the strongest per span.

        Detections under the threshold are dropped first (they suppress nothing). A note
        (a container class) never competes with the values found inside it. Overlaps are
        resolved within each run of mutually overlapping detections, so long texts with many
        detections merge in near-linear time.
        """
        n = len(value)
        if len(found) == 2:  # often two recognizers agree on one span (a phone by key and shape)
            a, b = found
            if (
                a.data_class == b.data_class
                and a.start == b.start
                and (n if a.end < 0 else a.end) == (n if b.end < 0 else b.end)
                and a.data_class != classes.CANARY
            ):
                found = [a if a.confidence >= b.confidence else b]
        if len(found) == 1:  # the common case: one detection, nothing to resolve
            d = found[0]
            if d.data_class != classes.CANARY and d.confidence < self._min_confidence:
                return ()
            if d.start == 0 and d.end == n:
                d = d.whole()
            return (d,)
        seen_canaries: set[tuple[int, int]] = set()
        kept: list[tuple[int, int, Detection]] = []
        spans: list[tuple[int, int, Detection]] = []
        notes: list[tuple[int, int, Detection]] = []
        for d in found:
            s, e = d.start, n if d.end < 0 else d.end
            if d.data_class == classes.CANARY:
                if (s, e) not in seen_canaries:
                    seen_canaries.add((s, e))
                    kept.append((s, e, d))
            elif d.confidence < self._min_confidence:
                continue
            elif _is_container(d.data_class):
                notes.append((s, e, d))
            else:
                spans.append((s, e, d))
        if notes:
            kept.extend(_strongest(notes))
        spans.sort(key=lambda t: t[0])
        run: list[tuple[int, int, Detection]] = []
        run_end = -1
        for item in spans:
            if run and item[0] >= run_end:
                kept.extend(_strongest(run))
                run = []
            run.append(item)
            run_end = max(run_end, item[1]) if len(run) > 1 else item[1]
        if run:
            kept.extend(_strongest(run))
        kept.sort(key=lambda t: (t[0], t[1]))
        return tuple(d.whole() if s == 0 and e == n and d.end != -1 else d for s, e, d in kept)


def _strongest(run: list[tuple[int, int, Detection]]) -> list[tuple[int, int, Detection]]:
    """Return the non-overlapping detections of a run, strongest first (ties by class)."""
    if len(run) == 1:
        return run
    run.sort(key=lambda t: (-t[2].confidence, _priority(t[2].data_class), t[0], t[0] - t[1]))
    starts: list[int] = []
    ends: list[int] = []
    out: list[tuple[int, int, Detection]] = []
    for s, e, d in run:
        i = bisect_left(starts, e)
        if i > 0 and ends[i - 1] > s:
            continue  # overlaps a stronger detection (kept spans are disjoint)
        starts.insert(i, s)
        ends.insert(i, e)
        out.append((s, e, d))
    if len(out) < len(run):
        out.extend(_ambiguous_ids(run, out))
    return out


_AMBIGUITY = 0.3 + 1e-9
"""Two countries' national IDs on the same span within this score are both reported."""


def _ambiguous_ids(
    run: list[tuple[int, int, Detection]], kept: list[tuple[int, int, Detection]]
) -> list[tuple[int, int, Detection]]:
    """Return national IDs of another country on exactly a kept ID's span, nearly as strong.

    ``121212-1212`` can be a valid CPR and a valid personnummer at once; when neither check
    nor context settles it, the judge hears both.
    """
    best = {(s, e): d for s, e, d in kept if _is_national_id(d.data_class)}
    extra = []
    for s, e, d in run:
        top = best.get((s, e))
        if (
            top is not None
            and d is not top
            and _is_national_id(d.data_class)
            and d.data_class != top.data_class
            and d.confidence >= top.confidence - _AMBIGUITY
        ):
            extra.append((s, e, d))
    return extra


class _Plan:
    """A value's context and the keyed recognizers that want its key (computed once per key)."""

    __slots__ = ("context", "recognizers")

    def __init__(self, context: Context, recognizers: tuple[KeyedRecognizer, ...]) -> None:
        self.context = context
        self.recognizers = recognizers
