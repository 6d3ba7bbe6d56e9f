"""The detect stage: exposures in, data classes with confidence and spans out.

Cost grows linearly with the bytes captured: each distinct (value, context) pair is analysed
once; a value is screened with cheap compiled patterns and only handed to the recognizers whose
screen matches; Presidio sees bounded windows only; overlapping detections are merged keeping the
strongest per span.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from leakcheck.detect import classes, registry
from leakcheck.detect.canaries import CanaryMatcher
from leakcheck.detect.context import Context, context_key, make_context
from leakcheck.detect.interface import KeyedRecognizer
from leakcheck.detect.keyvalue import KV_SCREEN, pairs
from leakcheck.models import Detection, Exposure, Surface

_PRIORITY: dict[str, int] = {
    data_class: rank
    for rank, data_class in enumerate(
        (
            classes.CANARY,
            classes.PRIVATE_KEY,
            classes.CONNECTION_STRING,
            classes.CLOUD_KEY,
            classes.API_KEY,
            classes.JWT,
            classes.PASSWORD,
            classes.NATIONAL_ID_DK,
            classes.NATIONAL_ID_SE,
            classes.NATIONAL_ID_NO,
            classes.NATIONAL_ID_FI,
            classes.NATIONAL_ID_US,
            classes.CARD_NUMBER,
            classes.IBAN,
            classes.EMAIL,
            classes.PHONE,
            classes.IP_ADDRESS,
            classes.INTERNAL_HOST,
            classes.ADDRESS,
            classes.PERSON_NAME,
            classes.NOTE,
        )
    )
}
"""Tie-break between equally confident overlapping detections: earlier classes win."""

_SHORT = 256
"""Values up to this length are first checked against all screens at once (one regex call)."""


class Detector:
    """Say what each exposed value is: personal data, national IDs, secrets, canaries.

    Example:
        >>> detector = Detector(canaries=["0101901234"])
        >>> [[d.data_class for d in ds] for ds in detector.detect(exposures)]  # doctest: +SKIP
    """

    def __init__(self, canaries: Sequence[str] = (), min_confidence: float = 0.5) -> None:
        """Set up the recognizers; detections under ``min_confidence`` are not reported."""
        self._canaries = CanaryMatcher(canaries)
        self._min_confidence = min_confidence
        self._patterns = registry.pattern_recognizers(min_confidence)
        self._keyed = registry.keyed_recognizers()
        screens = {r.screen.pattern: r.screen for r in self._patterns if r.screen is not None}
        plain = re.compile("").flags
        # The union of all screens rejects most short values with one regex call; it is exact
        # only if every recognizer has a screen and all screens share the default flags.
        self._always = any(r.screen is None for r in self._patterns) or any(
            s.flags != plain for s in screens.values()
        )
        self._any_screen = re.compile("|".join(f"(?:{p})" for p in screens))
        self._pair_plans: dict[tuple[str, Surface | None], _Plan] = {}
        self._plans: dict[tuple[object, ...], _Plan] = {}

    def detect(self, exposures: Sequence[Exposure]) -> list[tuple[Detection, ...]]:
        """Return, for each exposure in order, its detections (possibly empty)."""
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
        if self._always or len(value) > _SHORT or self._any_screen.search(value):
            self._run_patterns(value, ctx, found)
        for keyed in plan.recognizers:
            found.extend(keyed.find(value, ctx))
        if KV_SCREEN.search(value):
            found.extend(self._pairs(value, ctx))
        if not found:
            return ()
        return self._merge(value, found)

    def _run_patterns(self, value: str, ctx: Context, found: list[Detection]) -> None:
        """Run each pattern recognizer whose screen matches (each distinct screen runs once)."""
        screened: dict[object, bool] = {}
        for recognizer in self._patterns:
            screen = recognizer.screen
            if screen is not None:
                hit = screened.get(screen)
                if hit is None:
                    hit = screened[screen] = screen.search(value) is not None
                if not hit:
                    continue
            found.extend(recognizer.find(value, ctx))

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
            elif d.data_class in classes.CONTAINERS:
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
        return tuple(
            Detection(d.data_class, d.confidence, d.recognizer, 0, -1)
            if s == 0 and e == n and d.end != -1
            else d
            for s, e, d in kept
        )


def _strongest(run: list[tuple[int, int, Detection]]) -> list[tuple[int, int, Detection]]:
    """Return the non-overlapping detections of a run, strongest first (ties by class)."""
    if len(run) == 1:
        return run
    run.sort(
        key=lambda t: (-t[2].confidence, _PRIORITY.get(t[2].data_class, 99), t[0], t[0] - t[1])
    )
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
    return out


class _Plan:
    """A value's context and the keyed recognizers that want its key (computed once per key)."""

    __slots__ = ("context", "recognizers")

    def __init__(self, context: Context, recognizers: tuple[KeyedRecognizer, ...]) -> None:
        self.context = context
        self.recognizers = recognizers
