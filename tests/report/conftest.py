"""Report test fixtures: the recorded estate scan (helpers live in ``tests.report.helpers``)."""

from __future__ import annotations

import pytest

from leakcheck.result import ScanResult
from tests.report.helpers import RECORDED
from tests.report.scan_recording import load


@pytest.fixture(scope="session")
def recorded() -> ScanResult:
    """The recorded estate scan (see record_scan.py): 5 roles, one failed login, redacted."""
    return load(RECORDED)
