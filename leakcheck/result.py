"""The outcome of a run: findings, coverage and run metadata, ready for any reporter.

A clean report is evidence of what was tested, so coverage (roles, pages, artifacts, skips) and
run metadata travel with every result.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from leakcheck.models import Finding, Severity, Skip
from leakcheck.suppress import Suppressed, apply_baseline

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_CONFIG = 2
EXIT_INCOMPLETE = 3


@dataclass
class RoleCoverage:
    role: str
    logged_in: bool
    login_error: str | None
    login_unreachable: bool
    pages_requested: list[str]
    pages_visited: list[str]
    artifacts: dict[str, int]
    """Artifact kind -> count."""
    bytes_captured: int
    seconds: float
    judged: str
    """``entitlements`` or ``zero-config``."""
    bytes_by_kind: dict[str, int] = field(default_factory=dict)
    """Artifact kind -> bytes of text captured."""


@dataclass
class RunInfo:
    tool_version: str
    target: str
    profile_name: str
    profile_sha256: str | None
    started_at: str
    ended_at: str
    seconds: float
    revealed: bool
    third_parties_blocked: bool = False
    """Requests to other origins were stopped (``--block-third-party``): LC301 is what was tried."""


@dataclass
class ScanResult:
    run: RunInfo
    findings: list[Finding]
    coverage: list[RoleCoverage]
    skips: list[Skip] = field(default_factory=list)
    checks_not_run: list[str] = field(default_factory=list)
    fail_on: Severity = Severity.LOW
    suppressed: list[Suppressed] = field(default_factory=list)
    """Findings a profile suppression accepted, with its reason (not gating)."""
    notes: list[str] = field(default_factory=list)
    """Things the user should know that are not coverage gaps (expired suppressions)."""
    baseline_known: int = 0
    """Findings hidden because the baseline already holds them."""
    baseline_fixed: list[str] = field(default_factory=list)
    """Baseline fingerprints no longer found: fixed since the baseline was made."""
    write_errors: list[str] = field(default_factory=list)
    """Outputs asked for that could not be written (``--save-har``), one line each: the
    analysis is still reported, and the run exits 2."""

    @property
    def gating_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity.rank >= self.fail_on.rank]

    @property
    def login_failed(self) -> bool:
        return any(not r.logged_in and not r.login_unreachable for r in self.coverage)

    @property
    def incomplete(self) -> bool:
        """Pages asked for but not visited, or artifacts skipped."""
        return any(
            len(role.pages_visited) < len(role.pages_requested) for role in self.coverage
        ) or any(skip.shortfall for skip in self.skips)

    @property
    def exit_code(self) -> int:
        """0 clean; 1 findings at or above fail-on; 2 a role could not log in or an output could
        not be written; 3 incomplete."""
        if self.login_failed or self.write_errors:
            return EXIT_CONFIG
        if self.gating_findings:
            return EXIT_FINDINGS
        if self.incomplete:
            return EXIT_INCOMPLETE
        return EXIT_CLEAN

    def severity_counts(self) -> dict[str, int]:
        counts = Counter(f.severity for f in self.findings)
        return {s.value: counts.get(s, 0) for s in sorted(Severity, key=lambda s: -s.rank)}

    def rule_counts(self) -> dict[str, int]:
        return dict(sorted(Counter(f.rule for f in self.findings).items()))

    def with_baseline(self, baseline: frozenset[str]) -> None:
        """Keep only findings the baseline does not hold; record how many were fixed."""
        self.findings, self.baseline_known, self.baseline_fixed = apply_baseline(
            self.findings, baseline
        )
