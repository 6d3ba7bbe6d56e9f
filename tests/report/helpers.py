"""Report test helpers: where the recorded scan and golden files live, and how they are compared.

Golden files are regenerated with ``LEAKCHECK_UPDATE_GOLDEN=1 pytest tests/report``; the tests
then pass and ``git diff tests/report/golden docs/rules.md`` shows what changed. Fixtures stay in
``conftest.py``; plain helpers live here so that tests import them as ``tests.report.helpers``
(a bare ``conftest`` import resolves to whichever conftest was imported first).
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from leakcheck.result import ScanResult

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
GOLDEN = HERE / "golden"
RECORDED = DATA / "estate-scan.json"
UPDATE = os.environ.get("LEAKCHECK_UPDATE_GOLDEN") == "1"


def check_golden(path: Path, actual: str) -> None:
    """Compare with a golden file, or rewrite it when LEAKCHECK_UPDATE_GOLDEN=1."""
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"{path} is missing: run LEAKCHECK_UPDATE_GOLDEN=1 pytest tests/report"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"{path.name} differs from the rendered report; if the change is intended, "
        "run LEAKCHECK_UPDATE_GOLDEN=1 pytest tests/report and review the diff"
    )


def clean_result(recorded: ScanResult) -> ScanResult:
    """The recording as a complete, clean run: no findings, gaps, suppressions or notes."""
    return dataclasses.replace(
        recorded,
        findings=[],
        skips=[],
        checks_not_run=[],
        coverage=[c for c in recorded.coverage if c.logged_in],
        suppressed=[],
        notes=[],
        baseline_known=0,
        baseline_fixed=[],
    )
