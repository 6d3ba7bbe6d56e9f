"""False positives once found on real web content stay fixed; real examples stay found.

``realworld_negatives.jsonl`` holds short snippets (at most 300 characters) of real,
permissively licensed content that was available offline: rustdoc pages and sources, the
Google Cloud SDK's API documents (botocore, discovery), npm's package files. Each snippet
went through the real extract stage, which gave it its key, JSONPath and surface, and the
detector reported a class it is not (``not``: a Rust path ``f32::`` as an IP address, a port
range as a phone, ``CreateUser`` as a person's name, a ``Note:`` in documentation as a
stored note). A ``span`` narrows the check to that part of the snippet (the rest may hold a
real example). Lines with ``expect`` are real examples of the class in the same documents,
which the fixes must not lose.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from leakcheck.detect import Detector, names
from leakcheck.models import Detection, Exposure, Location, Surface

DATA = Path(__file__).with_name("realworld_negatives.jsonl")


def _load() -> list[dict[str, Any]]:
    with DATA.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


CASES = _load()


def _case_id(case: dict[str, Any]) -> str:
    tail = "/".join(case["source"].rsplit("/", 2)[-2:])
    label = ",".join(case.get("not") or case["expect"])
    return f"{'not' if 'not' in case else 'expect'}:{label}:{tail}"


def _found(detector: Detector, case: dict[str, Any]) -> set[str]:
    """Return the classes detected in the case (only over its ``span``, when it has one)."""
    value = case["value"]
    exposure = Exposure(
        role="visitor",
        page="https://site.example/",
        surface=Surface(case["surface"]),
        url="https://site.example/" + case["source"],
        location=Location(case["path"]),
        value=value,
        key=case["key"],
    )
    (detections,) = detector.detect([exposure])
    span = case.get("span")
    if span is None:
        return {d.data_class for d in detections}
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(span), value)]

    def overlaps(d: Detection) -> bool:
        end = len(value) if d.end < 0 else d.end
        return any(d.start < e and end > s for s, e in spans)

    return {d.data_class for d in detections if overlaps(d)}


def test_the_data_file_is_well_formed() -> None:
    assert len(CASES) >= 40
    for case in CASES:
        assert case["source"] and 0 < len(case["value"]) <= 300, case
        assert ("not" in case) != ("expect" in case), case
        Surface(case["surface"])
        if "span" in case:
            assert case["span"] in case["value"], case


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_realworld_snippet(detector: Detector, case: dict[str, Any]) -> None:
    if case.get("needs_first_names") and not names.available():
        pytest.skip("decided with the first-name list of gender-guesser, not installed")
    found = _found(detector, case)
    if "not" in case:
        assert not found & set(case["not"]), (found, case["value"])
    else:
        assert set(case["expect"]) <= found, (found, case["value"])
