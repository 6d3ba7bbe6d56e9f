"""One detector for the detect tests (Presidio is imported once per session)."""

from __future__ import annotations

import pytest

from leakcheck.detect import Detector


@pytest.fixture(scope="session")
def detector() -> Detector:
    return Detector()
