"""Detect: say what each exposed value is (personal data, national IDs, secrets, canaries).

``Detector(canaries, min_confidence).detect(exposures)`` returns, per exposure, a tuple of
``Detection``s. Presidio, ``phonenumbers`` and the public-suffix list are loaded only when a
value first needs them; custom recognizers plug in through the ``leakcheck.detectors`` entry
points (see ``registry``).
"""

from __future__ import annotations

from leakcheck.detect.engine import Detector

__all__ = ["Detector"]
