"""The SARIF 2.1.0 report, for code-scanning dashboards (GitHub, Azure DevOps, IDE viewers).

One ``rule`` per code with the rule's documentation as help; one ``result`` per finding whose
physical location is the page URL (leakcheck finds leaks in what a site serves, not in a source
line) and whose logical locations are the canonical location and the GraphQL ``Type.field``.
``partialFingerprints`` carries the keyed fingerprint, so dashboards track a finding across runs.
Coverage, skips and checks not run become ``toolExecutionNotifications``: a clean SARIF file
still says what was tested. Validated against the official schema in the tests.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from leakcheck.data_classes import label as data_class_label
from leakcheck.models import Finding, Rendered, Severity
from leakcheck.report.common import (
    artifact_total,
    rendered_words,
    report_view,
    shown_url,
    verdict,
)
from leakcheck.report.json_report import coverage_dict
from leakcheck.result import RoleCoverage, ScanResult
from leakcheck.rules import RULES, Rule
from leakcheck.suppress import Suppressed
from leakcheck.surfaces import LocationSyntax, traits

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://github.com/leakcheck/leakcheck"
FINGERPRINT_KEY = "leakcheck/v1"
"""``partialFingerprints`` key: the fingerprint's scheme, bumped if its inputs ever change."""

_LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
}
_SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
}
"""GitHub's ``security-severity`` scale (>= 9 critical, >= 7 high, >= 4 medium)."""
_URI_SAFE = "!#$&'()*+,/:;=?@[]~%-._"


def _uri(url: str) -> str:
    """Return a URL as a valid URI reference: characters outside RFC 3986 percent-encoded.

    Redacted URLs read ``?email=…``; the ellipsis becomes ``%E2%80%A6``, still redacted.
    """
    return quote(url, safe=_URI_SAFE)


def _utc(timestamp: str) -> str:
    """Return an ISO 8601 time in SARIF's preferred UTC ``Z`` form (unchanged if unparsable)."""
    try:
        moment = datetime.fromisoformat(timestamp)
    except ValueError:
        return timestamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _rule(rule: Rule) -> dict[str, Any]:
    severity_note = f" {rule.severity_note}" if rule.severity_note else ""
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.why},
        "help": {
            "text": f"{rule.why}\n\nHow to fix: {rule.fix}",
            "markdown": (
                f"**{rule.title}.** Default severity: {rule.severity}.{severity_note}\n\n"
                f"**Why it matters.** {rule.why}\n\n**How to fix.** {rule.fix}\n\n"
                f"[{rule.code} in the leakcheck rules]({rule.help_uri})"
            ),
        },
        "helpUri": rule.help_uri,
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {
            "tags": ["security", "privacy", rule.name],
            "precision": "high",
            "security-severity": _SECURITY_SEVERITY[rule.severity],
            "default-severity": rule.severity.value,
        },
    }


def _logical_kind(finding: Finding) -> str:
    """Return the SARIF logical-location kind that fits the canonical location's syntax."""
    syntax = traits(finding.surface).location
    if syntax is LocationSyntax.COMMENT:
        return "comment"
    if syntax is LocationSyntax.CSS:
        return "attribute" if "@" in finding.location.path else "element"
    return "property"


def _message(finding: Finding) -> str:
    """Return the result's sentence: what leaked, to whom, where, and whether the page shows it."""
    classes = ", ".join(data_class_label(c) for c in finding.data_classes)
    what = f"{RULES[finding.rule].title}: {classes} ({finding.evidence})"
    if finding.receiver:
        text = f"{what} sent by role {finding.role}'s page to {finding.receiver}"
    else:
        text = f"{what} reached role {finding.role}"
    text += f" in the {finding.surface.value} surface at {finding.location}"
    if finding.url and finding.url != finding.page:
        text += f" ({finding.url})"
    if finding.rendered is not Rendered.UNKNOWN:
        text += f"; {rendered_words(finding.rendered)}"
    return text + "."


def _result(finding: Finding, rule_index: dict[str, int]) -> dict[str, Any]:
    logical: list[dict[str, Any]] = [
        {
            "fullyQualifiedName": finding.location.path,
            "name": finding.location.path,
            "kind": _logical_kind(finding),
        }
    ]
    if finding.location.type_field:
        logical.append(
            {
                "fullyQualifiedName": finding.location.type_field,
                "name": finding.location.type_field.rpartition(".")[2],
                "kind": "member",
            }
        )
    location: dict[str, Any] = {
        "physicalLocation": {"artifactLocation": {"uri": _uri(finding.page)}},
        "logicalLocations": logical,
    }
    if finding.location.detail:
        location["message"] = {"text": f"{finding.location.detail}"}
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index[finding.rule],
        "level": _LEVEL[finding.severity],
        "message": {"text": _message(finding)},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": {
            "severity": finding.severity.value,
            "role": finding.role,
            "surface": finding.surface.value,
            "dataClasses": list(finding.data_classes),
            "evidence": finding.evidence,
            "rendered": finding.rendered.value,
            "valueDigest": finding.value_digest,
            "occurrences": finding.occurrences,
            "recognizers": list(finding.recognizers),
        },
    }
    if finding.receiver:
        result["properties"]["receiver"] = finding.receiver
    if finding.occurrences > 1:
        result["occurrenceCount"] = finding.occurrences
    if finding.url and finding.url != finding.page:
        result["relatedLocations"] = [
            {
                "id": 1,
                "physicalLocation": {"artifactLocation": {"uri": _uri(finding.url)}},
                "message": {
                    "text": "where the value was sent"
                    if finding.receiver
                    else "the response that carried the value"
                },
            }
        ]
    return result


def _suppressed(suppressed: Suppressed, rule_index: dict[str, int]) -> dict[str, Any]:
    """Return a finding the profile suppressed: a result with SARIF's own ``suppressions``."""
    result = _result(suppressed.finding, rule_index)
    result["suppressions"] = [{"kind": "external", "justification": suppressed.reason}]
    return result


def _page_location(url: str, revealed: bool) -> dict[str, Any]:
    return {"physicalLocation": {"artifactLocation": {"uri": _uri(shown_url(url, revealed))}}}


def _role_notification(cov: RoleCoverage, revealed: bool) -> dict[str, Any]:
    """Return one role's coverage: an error if it could not log in, a warning if pages failed."""
    visited, requested = len(cov.pages_visited), len(cov.pages_requested)
    if not cov.logged_in:
        level, text = "error", f"role {cov.role}: login failed: {cov.login_error}"
    else:
        level = "note" if visited == requested else "warning"
        text = (
            f"role {cov.role}: logged in, {visited}/{requested} pages visited, "
            f"{artifact_total(cov)} artifacts ({cov.bytes_captured} bytes) captured, "
            f"judged by {cov.judged}"
        )
    note: dict[str, Any] = {
        "level": level,
        "message": {"text": text},
        "properties": {"kind": "coverage", "role": cov.role},
    }
    missed = [p for p in cov.pages_requested if p not in cov.pages_visited]
    if missed:
        note["locations"] = [_page_location(p, revealed) for p in missed]
    return note


def _notifications(result: ScanResult) -> list[dict[str, Any]]:
    """Return coverage as notifications: one per role, one per skip and check not run."""
    notes = [_role_notification(cov, result.run.revealed) for cov in result.coverage]
    notes += [
        {
            "level": "warning",
            "message": {"text": f"{skip.role}: not covered: {skip.what}: {skip.reason}"},
            "properties": {"kind": "skipped", "role": skip.role, "what": skip.what},
        }
        for skip in result.skips
    ]
    notes += [
        {
            "level": "warning",
            "message": {"text": f"check not run: {check}"},
            "properties": {"kind": "check-not-run"},
        }
        for check in result.checks_not_run
    ]
    notes += [
        {"level": "warning", "message": {"text": note}, "properties": {"kind": "note"}}
        for note in result.notes
    ]
    return notes


def report_sarif(result: ScanResult) -> dict[str, Any]:
    """Return the SARIF log as plain data."""
    result = report_view(result)
    run = result.run
    rule_index = {code: i for i, code in enumerate(RULES)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "leakcheck",
                        "version": run.tool_version,
                        "semanticVersion": run.tool_version,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(rule) for rule in RULES.values()],
                    }
                },
                "automationDetails": {"id": f"leakcheck/{run.profile_name}/"},
                "invocations": [
                    {
                        "executionSuccessful": not (result.login_failed or result.incomplete),
                        "exitCode": result.exit_code,
                        "exitCodeDescription": verdict(result),
                        "startTimeUtc": _utc(run.started_at),
                        "endTimeUtc": _utc(run.ended_at),
                        "toolExecutionNotifications": _notifications(result),
                        "properties": {"coverage": coverage_dict(result)},
                    }
                ],
                "results": [
                    *(_result(f, rule_index) for f in result.findings),
                    *(_suppressed(s, rule_index) for s in result.suppressed),
                ],
                "properties": {
                    "target": run.target,
                    "profile": run.profile_name,
                    "profileSha256": run.profile_sha256,
                    "startedAt": run.started_at,
                    "endedAt": run.ended_at,
                    "seconds": run.seconds,
                    "revealed": run.revealed,
                    "thirdPartiesBlocked": run.third_parties_blocked,
                    "failOn": result.fail_on.value,
                    "findings": len(result.findings),
                    "gatingFindings": len(result.gating_findings),
                    "bySeverity": result.severity_counts(),
                    "byRule": result.rule_counts(),
                    "suppressed": len(result.suppressed),
                    "baselineKnown": result.baseline_known,
                    "baselineFixed": list(result.baseline_fixed),
                },
            }
        ],
    }


def render_sarif(result: ScanResult) -> str:
    """Return the SARIF 2.1.0 log as indented JSON text."""
    return json.dumps(report_sarif(result), indent=2, ensure_ascii=False) + "\n"
