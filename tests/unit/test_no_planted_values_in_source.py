"""Detectors generalise only if they were not written against the fixture's values."""

from __future__ import annotations

from pathlib import Path

import pytest

from leakcheck.demo import import_fixture, locate

PACKAGE = Path(__file__).resolve().parents[2] / "leakcheck"
MIN_LENGTH = 6
"""Shorter values (``1. th.``, ``Bach``) are common words, not planted data."""


@pytest.mark.parametrize("seed", [1, 2])
def test_no_planted_value_appears_in_the_package_source(seed: int) -> None:
    truth = import_fixture(locate(), "groundtruth").ground_truth(seed)
    values = {str(row["value"]) for row in truth["leaks"] + truth["decoys"]}
    values = {v for v in values if len(v) >= MIN_LENGTH}
    assert len(values) > 50
    sources = [
        p
        for p in PACKAGE.rglob("*")
        if p.is_file() and p.suffix in (".py", ".yaml", ".json", ".txt")
    ]
    sources = [p for p in sources if "_fixtures" not in p.parts]
    assert len(sources) > 20
    hits = [
        (path.relative_to(PACKAGE).as_posix(), value)
        for path in sources
        for value in values
        if value in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert hits == []
