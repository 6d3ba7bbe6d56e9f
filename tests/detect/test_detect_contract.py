"""The recognizer contract (``detect/interface.py``): what the engine reads, for every recognizer.

Built-in recognizers declare their classes, screens, hints and minimums as members of the
interface; custom ones need only ``name`` and ``find`` and get the defaults from
``registry.admit``, which also refuses members of the wrong type in one line. The engine honours
the same members for both.
"""

from __future__ import annotations

import json
import random
import re
from datetime import date
from pathlib import Path

import pytest

from leakcheck.detect import Detector, registry
from leakcheck.detect.context import Context
from leakcheck.models import Detection, Surface
from tests.detect.detect_gen import classes, cpr, exposure

CORPUS = Path(__file__).with_name("corpus.jsonl")


def test_detections_carry_only_the_classes_their_recognizer_declares(detector: Detector) -> None:
    """Run the corpus and check each detection against its recognizer's ``data_classes``."""
    recognizers = [*registry.pattern_recognizers(), *registry.keyed_recognizers()]
    declared = {
        r.name: {c if isinstance(c, str) else c.name for c in r.data_classes} for r in recognizers
    }
    with CORPUS.open(encoding="utf-8") as fh:
        items = [json.loads(line) for line in fh]
    found = detector.detect(
        [
            exposure(
                it["value"],
                it["key"],
                path=it["path"],
                surface=Surface(it["surface"]),
                type_name=it["type"],
            )
            for it in items
        ]
    )
    seen: dict[str, set[str]] = {}
    for detections in found:
        for d in detections:
            seen.setdefault(d.recognizer.split(":", 1)[0], set()).add(d.data_class)
    assert set(seen) <= set(declared)
    for name, emitted in seen.items():
        assert emitted <= declared[name], name
    assert len(seen) >= 25  # nearly every recognizer fired on the corpus


class _Counting:
    """A custom pattern recognizer with only some optional members; it counts its calls."""

    name = "acme_counting"

    def __init__(self, **members: object) -> None:
        self.__dict__.update(members)
        self.texts: list[str] = []

    def find(self, text: str, ctx: Context) -> list[Detection]:
        self.texts.append(text)
        return [Detection("acme.thing", 0.9, self.name)]


def _run(recognizer: object, *values: str) -> list[str]:
    Detector(recognizers=[recognizer], plugins=False).detect([exposure(v, "x") for v in values])
    return recognizer.texts  # type: ignore[attr-defined, no-any-return]


def test_a_custom_recognizer_without_optional_members_sees_every_value() -> None:
    values = ("1234567", "0f8e2b5c-6f0a-4f8b-9d5e-1a2b3c4d5e6f", "plain words")
    assert _run(_Counting(), *values) == list(values)


def test_a_custom_recognizers_hints_and_minimums_gate_it() -> None:
    assert _run(_Counting(hints=("ACME-",)), "ACME-1", "acme-2") == ["ACME-1"]
    assert _run(_Counting(min_length=6), "short", "longer") == ["longer"]
    # min_digits counts digits outside UUIDs and hex ids, as for the built-ins
    uuid = "0f8e2b5c-6f0a-4f8b-9d5e-1a2b3c4d5e6f"
    assert _run(_Counting(min_digits=4), "EMP-12", "EMP-1234", f"id {uuid}") == ["EMP-1234"]
    assert _run(_Counting(screen=re.compile(r"\d{3}")), "ab12", "ab123") == ["ab123"]


def test_a_custom_recognizers_classes_are_found() -> None:
    (found,) = Detector(recognizers=[_Counting(data_classes=("acme.thing",))]).detect(
        [exposure("anything", "x")]
    )
    assert classes(found) == {"acme.thing"}


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"hints": "ACME-"}, "acme_counting.hints must be a tuple of strings"),
        ({"hints": ("",)}, "acme_counting.hints must be a tuple of non-empty strings"),
        ({"min_digits": -1}, "acme_counting.min_digits must be a non-negative int"),
        ({"min_length": "4"}, "acme_counting.min_length must be a non-negative int"),
        ({"screen": r"\d+"}, "acme_counting.screen must be a compiled str pattern or None"),
        ({"data_classes": "acme.thing"}, "acme_counting.data_classes must be a tuple"),
        ({"context_words": ("",)}, "acme_counting.context_words must be a tuple of non-empty"),
    ],
)
def test_a_custom_member_of_the_wrong_type_is_one_clear_error(
    members: dict[str, object], message: str
) -> None:
    with pytest.raises(registry.PluginError, match=re.escape(message)) as caught:
        Detector(recognizers=[_Counting(**members)], plugins=False)
    assert "\n" not in str(caught.value)


class _Zedland:
    """A custom national ID in the CPR's shape, named by ``zid`` (its context words)."""

    name = "zedland"
    data_classes = ("national_id.zz",)
    context_words = ("zid", "zedland id")

    def find(self, text: str, ctx: Context) -> list[Detection]:
        m = re.search(r"\d{6}-\d{4}", text)
        return [Detection("national_id.zz", 0.9, self.name, *m.span())] if m else []


@pytest.mark.parametrize(
    ("text", "key", "expected"),
    [
        ("{n}", "zid", {"national_id.zz"}),
        ("zid: {n}", "note", {"national_id.zz"}),
        ("Zedland ID {n}", None, {"national_id.zz"}),
        # a key naming another national ID governs, whatever words are near
        ("{n}", "cpr", {"national_id.dk", "national_id.zz"}),
        ("CPR: {n} (not the zid)", None, {"national_id.dk", "national_id.zz"}),
    ],
)
def test_context_words_settle_a_shape_several_countries_share(
    text: str, key: str | None, expected: set[str]
) -> None:
    """A new country's ID declares its words; the CPR recognizer needs no change for it."""
    number = cpr(date(1985, 6, 1), random.Random(3))  # valid CPR, mod 11 included
    value = text.format(n=number)
    detector = Detector(recognizers=[_Zedland()], plugins=False)
    (found,) = detector.detect([exposure(value, key, surface=Surface.HTML_COMMENT)])
    assert classes(found) == expected
