"""Detect: say what each exposed value is (personal data, national IDs, secrets, canaries).

``Detector(canaries, min_confidence).detect(exposures)`` returns, per exposure, a tuple of
``Detection``s. Presidio is imported only when a value first needs it.
"""

from __future__ import annotations

from leakcheck.detect.engine import Detector

__all__ = ["Detector"]
