"""The JSON report: a versioned, documented schema (see README, "JSON report").

Schema version 1. Values appear only as redacted evidence unless the run used ``--reveal``.
"""

from __future__ import annotations

import json
from typing import Any

from leakcheck.models import Finding
from leakcheck.report.common import report_view, shown_url
from leakcheck.result import ScanResult
from leakcheck.rules import RULES

SCHEMA_VERSION = 1


def finding_dict(finding: Finding) -> dict[str, Any]:
    """Return one finding as the schema's ``findings[]`` entry."""
    return {
        "rule": finding.rule,
        "rule_name": RULES[finding.rule].name,
        "severity": finding.severity.value,
        "role": finding.role,
        "page": finding.page,
        "surface": finding.surface.value,
        "url": finding.url,
        "location": finding.location.path,
        "type_field": finding.location.type_field,
        "location_detail": finding.location.detail,
        "data_classes": list(finding.data_classes),
        "evidence": finding.evidence,
        "fingerprint": finding.fingerprint,
        "value_digest": finding.value_digest,
        "rendered": finding.rendered.value,
        "receiver": finding.receiver,
        "recognizers": list(finding.recognizers),
        "occurrences": finding.occurrences,
        "message": finding.message,
    }


def coverage_dict(result: ScanResult) -> dict[str, Any]:
    """Return what was tested: roles, pages, artifacts, skips and checks not run."""
    revealed = result.run.revealed
    return {
        "roles": [
            {
                "role": c.role,
                "logged_in": c.logged_in,
                "login_error": c.login_error,
                "judged": c.judged,
                "pages_requested": [shown_url(u, revealed) for u in c.pages_requested],
                "pages_visited": [shown_url(u, revealed) for u in c.pages_visited],
                "artifacts": c.artifacts,
                "bytes_by_kind": c.bytes_by_kind,
                "bytes_captured": c.bytes_captured,
                "seconds": c.seconds,
            }
            for c in result.coverage
        ],
        "skipped": [{"role": s.role, "what": s.what, "reason": s.reason} for s in result.skips],
        "checks_not_run": result.checks_not_run,
    }


def report_dict(result: ScanResult) -> dict[str, Any]:
    """Return the whole report as plain data (other reporters reuse its coverage part)."""
    run = result.run
    return {
        "schema": "leakcheck-report",
        "schema_version": SCHEMA_VERSION,
        "run": {
            "tool": "leakcheck",
            "tool_version": run.tool_version,
            "target": run.target,
            "profile": run.profile_name,
            "profile_sha256": run.profile_sha256,
            "started_at": run.started_at,
            "ended_at": run.ended_at,
            "seconds": run.seconds,
            "revealed": run.revealed,
            "third_parties_blocked": run.third_parties_blocked,
            "fail_on": result.fail_on.value,
        },
        "summary": {
            "findings": len(result.findings),
            "gating_findings": len(result.gating_findings),
            "by_severity": result.severity_counts(),
            "by_rule": result.rule_counts(),
            "suppressed": len(result.suppressed),
            "exit_code": result.exit_code,
        },
        "findings": [finding_dict(f) for f in result.findings],
        "suppressed": [{**finding_dict(s.finding), "reason": s.reason} for s in result.suppressed],
        "baseline": {"known": result.baseline_known, "fixed": list(result.baseline_fixed)},
        "notes": list(result.notes),
        "coverage": coverage_dict(result),
    }


def render_json(result: ScanResult) -> str:
    """Return the JSON report, indented, UTF-8 text (not ASCII-escaped)."""
    return json.dumps(report_dict(report_view(result)), indent=2, ensure_ascii=False) + "\n"
