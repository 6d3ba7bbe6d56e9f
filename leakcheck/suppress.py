"""Suppressions and baselines: accept today's findings, fail only on new ones.

A suppression (in the profile) names findings by rule, role, location glob and/or data class,
with a required reason and an optional expiry; an expired one suppresses nothing and is
reported. A baseline is a file of keyed fingerprints (no plaintext): findings in it are
"known", and baseline entries no longer found are "fixed".
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from leakcheck.errors import ConfigError
from leakcheck.models import Finding
from leakcheck.privatefile import write_private
from leakcheck.profile.entitlements import compile_location_pattern
from leakcheck.profile.schema import Suppression

BASELINE_FORMAT = 1
_FINGERPRINT = re.compile(r"[0-9a-f]{8,64}")
"""A finding's fingerprint: a prefix of a keyed hash, in hexadecimal."""


@dataclass(frozen=True)
class Suppressed:
    finding: Finding
    reason: str


def _matches(suppression: Suppression, finding: Finding) -> bool:
    if suppression.rule and suppression.rule.upper() != finding.rule:
        return False
    if suppression.role and suppression.role != finding.role:
        return False
    if suppression.data_class and suppression.data_class not in finding.data_classes:
        return False
    if suppression.location:
        pattern = compile_location_pattern(suppression.location)
        if not pattern.fullmatch(finding.location.path):
            return False
    return True


def apply_suppressions(
    findings: Sequence[Finding], suppressions: Sequence[Suppression], today: date | None = None
) -> tuple[list[Finding], list[Suppressed], list[str]]:
    """Split findings into kept and suppressed; also return notes on expired suppressions."""
    today = today or datetime.now(UTC).date()
    active = [s for s in suppressions if s.expires is None or s.expires >= today]
    expired = [
        f"suppression expired on {s.expires.isoformat()} and no longer applies: {s.reason}"
        for s in suppressions
        if s.expires is not None and s.expires < today
    ]
    kept: list[Finding] = []
    suppressed: list[Suppressed] = []
    for finding in findings:
        match = next((s for s in active if _matches(s, finding)), None)
        if match is None:
            kept.append(finding)
        else:
            suppressed.append(Suppressed(finding, match.reason))
    return kept, suppressed, expired


def write_baseline(findings: Sequence[Finding], path: Path, profile: str) -> None:
    """Write the findings' fingerprints (keyed hashes only) as the accepted baseline."""
    document = {
        "format": BASELINE_FORMAT,
        "profile": profile,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "fingerprints": sorted({f.fingerprint for f in findings}),
    }
    write_private(path, json.dumps(document, indent=2) + "\n", "the baseline")


def read_baseline(path: Path) -> frozenset[str]:
    """Read a baseline's fingerprints, or raise ``ConfigError`` with a one-line reason.

    Scans read it before any browser starts, so a wrong file costs nothing.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read baseline: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not a leakcheck baseline (not UTF-8 text)") from None
    try:
        document = json.loads(text)
    except ValueError:
        raise ConfigError(f"{path}: not a leakcheck baseline (invalid JSON)") from None
    if not isinstance(document, dict) or "fingerprints" not in document:
        raise ConfigError(
            f"{path}: not a leakcheck baseline (expected an object with format and fingerprints;"
            " write one with `leakcheck baseline create`)"
        )
    if document.get("format") != BASELINE_FORMAT:
        raise ConfigError(
            f"{path}: baseline format {document.get('format')!r} is not {BASELINE_FORMAT}, the "
            "one this leakcheck reads"
        )
    fingerprints = document["fingerprints"]
    if not isinstance(fingerprints, list) or not all(
        isinstance(f, str) and _FINGERPRINT.fullmatch(f) for f in fingerprints
    ):
        raise ConfigError(
            f"{path}: not a leakcheck baseline (fingerprints must be a list of hexadecimal strings)"
        )
    return frozenset(fingerprints)


def apply_baseline(
    findings: Sequence[Finding], baseline: frozenset[str]
) -> tuple[list[Finding], int, list[str]]:
    """Return the new findings, how many were known, and the fingerprints no longer found."""
    current = {f.fingerprint for f in findings}
    new = [f for f in findings if f.fingerprint not in baseline]
    return new, len(findings) - len(new), sorted(baseline - current)
