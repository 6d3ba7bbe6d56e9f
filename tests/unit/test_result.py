"""Exit codes: login failures, gating by severity, incomplete runs."""

from __future__ import annotations

import pytest

from leakcheck.models import Finding, Location, Rendered, Severity, Skip, Surface
from leakcheck.result import RoleCoverage, RunInfo, ScanResult

RUN = RunInfo("0", "http://t", "p", None, "s", "e", 1.0, False)


def coverage(logged_in: bool = True, unreachable: bool = False, visited: int = 1) -> RoleCoverage:
    return RoleCoverage(
        "r",
        logged_in,
        None if logged_in else "x",
        unreachable,
        ["http://t/"],
        ["http://t/"][:visited],
        {},
        0,
        0.0,
        "zero-config",
    )


def finding(severity: Severity) -> Finding:
    return Finding(
        "LC102",
        severity,
        "r",
        "http://t/",
        Surface.NETWORK_JSON,
        None,
        Location("$.a"),
        ("email",),
        "[…]",
        "f",
        "d",
        Rendered.NO,
        "m",
    )


@pytest.mark.parametrize(
    ("findings", "fail_on", "roles", "skips", "code"),
    [
        ([], Severity.LOW, [coverage()], [], 0),
        ([finding(Severity.MEDIUM)], Severity.LOW, [coverage()], [], 1),
        ([finding(Severity.MEDIUM)], Severity.HIGH, [coverage()], [], 0),
        ([finding(Severity.CRITICAL)], Severity.HIGH, [coverage()], [], 1),
        ([finding(Severity.CRITICAL)], Severity.LOW, [coverage(logged_in=False)], [], 2),
        ([], Severity.LOW, [coverage(logged_in=False, unreachable=True, visited=0)], [], 3),
        ([], Severity.LOW, [coverage()], [Skip("r", "http://t/x", "malformed JSON")], 3),
        ([finding(Severity.LOW)], Severity.LOW, [coverage(visited=0)], [], 1),
    ],
)
def test_exit_code(
    findings: list[Finding],
    fail_on: Severity,
    roles: list[RoleCoverage],
    skips: list[Skip],
    code: int,
) -> None:
    result = ScanResult(RUN, findings, roles, skips, fail_on=fail_on)
    assert result.exit_code == code


def test_deliberate_skips_do_not_make_a_run_incomplete() -> None:
    note = Skip("r", "http://t/logout", "not followed: the link looks state-changing", False)
    assert ScanResult(RUN, [], [coverage()], [note]).exit_code == 0
