"""Golden files: every format rendered from the recorded estate scan, byte for byte.

Reports are pure functions of a ScanResult, so a rendering change shows up here as a reviewable
diff. Regenerate with ``LEAKCHECK_UPDATE_GOLDEN=1 pytest tests/report``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from leakcheck.cli import FORMATS
from leakcheck.report import EXTENSIONS, REPORTERS
from leakcheck.result import ScanResult
from leakcheck.rules import rules_markdown
from tests.report.helpers import GOLDEN, HERE, check_golden

DOCS = HERE.parents[1] / "docs"


def test_every_format_is_registered_with_an_extension() -> None:
    assert tuple(REPORTERS) == FORMATS
    assert set(EXTENSIONS) == set(REPORTERS)


@pytest.mark.parametrize("fmt", list(REPORTERS))
def test_format_matches_golden(recorded: ScanResult, fmt: str) -> None:
    document = REPORTERS[fmt](recorded)
    check_golden(GOLDEN / f"estate.{EXTENSIONS[fmt]}", document)


@pytest.mark.parametrize("fmt", list(REPORTERS))
def test_rendering_is_deterministic(recorded: ScanResult, fmt: str) -> None:
    assert REPORTERS[fmt](recorded) == REPORTERS[fmt](recorded)


def test_docs_rules_md_is_generated_from_rules() -> None:
    check_golden(DOCS / "rules.md", rules_markdown())


def test_golden_files_are_all_used() -> None:
    expected = {f"estate.{ext}" for ext in EXTENSIONS.values()}
    assert {p.name for p in Path(GOLDEN).iterdir()} == expected
