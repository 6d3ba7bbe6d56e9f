"""The HTML report: one self-contained file a data-protection officer can read and print.

It fetches nothing: inline CSS, no scripts, no fonts, no images, and a Content-Security-Policy
that forbids loading anything should a value ever slip through unescaped (none can: Jinja2
autoescapes every value, URL and location). It shows the verdict, counts by role and severity,
a matrix of roles × kinds of data, every finding with its redacted evidence grouped by role and
page, what was covered, the rules' explanations and the run's metadata.

Jinja2 is imported when a report is rendered, so other commands do not pay for it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from leakcheck.data_classes import is_secret, report_order
from leakcheck.data_classes import label as data_class_label
from leakcheck.models import Finding, Rendered, Severity
from leakcheck.report._html_template import TEMPLATE
from leakcheck.report.common import (
    SEVERITIES,
    RoleGroup,
    artifact_total,
    count_by_severity,
    group_by_role_and_page,
    human_time,
    plural,
    rendered_words,
    report_view,
    short_url,
    shown_url,
    verdict,
)
from leakcheck.result import EXIT_CLEAN, EXIT_CONFIG, EXIT_FINDINGS, EXIT_INCOMPLETE, ScanResult
from leakcheck.rules import RULES
from leakcheck.surfaces import traits

_MEANING = {
    EXIT_CLEAN: "No role received personal data or secrets it is not entitled to, on the pages "
    "listed under What was tested.",
    EXIT_FINDINGS: "Personal data or secrets reached roles that are not entitled to them. Each "
    "finding below says what, where, why it matters and how to fix it.",
    EXIT_CONFIG: "A role could not log in, so its pages were not tested; the other roles were.",
    EXIT_INCOMPLETE: "Some pages or responses could not be tested; see What was tested.",
}
"""What the verdict means for the reader, by exit code."""

_JUDGED = {
    "entitlements": "its entitlements",
    "zero-config": "zero-config (no entitlements)",
}
"""How a role was judged, in words."""


@dataclass
class _Cell:
    """One role's exposure to one kind of data."""

    values: set[str] = field(default_factory=set)
    findings: int = 0
    worst: Severity | None = None

    def add(self, finding: Finding) -> None:
        self.values.add(finding.value_digest)
        self.findings += 1
        if self.worst is None or finding.severity.rank > self.worst.rank:
            self.worst = finding.severity


def _matrix(result: ScanResult, groups: list[RoleGroup]) -> dict[str, Any]:
    """Return the roles × data classes matrix: distinct values per cell, coloured by severity.

    Each finding counts under its main data class (the one its evidence is labelled with).
    """
    cells: dict[str, dict[str, _Cell]] = defaultdict(lambda: defaultdict(_Cell))
    for finding in result.findings:
        # The main class only: a planted canary that looks like a name counts as a canary, and
        # its critical severity does not colour the names row.
        main = finding.data_classes[0] if finding.data_classes else "value"
        cells[main][finding.role].add(finding)
    rows = []
    for data_class in sorted(cells, key=report_order):
        row: list[dict[str, Any]] = []
        for group in groups:
            cell = cells[data_class].get(group.role)
            tested = group.coverage is None or group.coverage.logged_in
            if cell is None:
                row.append({"tested": tested, "count": 0})
                continue
            assert cell.worst is not None
            noun = data_class_label(data_class).lower()
            row.append(
                {
                    "tested": tested,
                    "count": len(cell.values),
                    "severity": cell.worst.value,
                    "title": f"{group.role}: {plural(len(cell.values), 'distinct value')} "
                    f"({noun}) in {plural(cell.findings, 'finding')}, worst {cell.worst.value}",
                }
            )
        rows.append(
            {
                "label": data_class_label(data_class),
                "data_class": data_class,
                "secret": is_secret(data_class),
                "cells": row,
            }
        )
    return {"roles": [g.role for g in groups], "rows": rows}


def _finding(finding: Finding) -> dict[str, Any]:
    rule = RULES[finding.rule]
    return {
        "severity": finding.severity.value,
        "rule": rule.code,
        "anchor": rule.anchor,
        "title": rule.title,
        "classes": [data_class_label(c) for c in finding.data_classes],
        "class_codes": ", ".join(finding.data_classes),
        "evidence": finding.evidence,
        "surface": traits(finding.surface).label,
        "surface_code": finding.surface.value,
        "url": finding.url if finding.url and finding.url != finding.page else None,
        "location": finding.location.path,
        "type_field": finding.location.type_field,
        "detail": finding.location.detail,
        "receiver": finding.receiver,
        "rendered": rendered_words(finding.rendered),
        "hidden": finding.rendered is Rendered.NO,
        "occurrences": finding.occurrences,
        "fingerprint": finding.fingerprint,
    }


def _role(group: RoleGroup, result: ScanResult) -> dict[str, Any]:
    cov = group.coverage
    counts = count_by_severity(group.findings)
    revealed = result.run.revealed
    visited = {shown_url(p, revealed) for p in cov.pages_visited} if cov else set()
    if cov is None:
        state, status = "findings only (not in the coverage)", "findings"
    elif not cov.logged_in:
        state, status = f"login failed: {cov.login_error}", "error"
    else:
        state = f"{len(cov.pages_visited)} of {len(cov.pages_requested)} pages visited"
        status = "findings" if group.findings else "clean"
    return {
        "name": group.role,
        "id": f"role-{group.role}",
        "state": state,
        "status": status,
        "judged": _JUDGED.get(cov.judged, cov.judged) if cov else "",
        "counts": [counts[s] for s in SEVERITIES],
        "total": len(group.findings),
        "pages": [
            {
                "url": page.page,
                "path": short_url(page.page),
                "visited": cov is None or page.page in visited,
                "findings": [_finding(f) for f in page.findings],
            }
            for page in group.pages
        ],
        "coverage": None
        if cov is None
        else {
            "logged_in": cov.logged_in,
            "login_error": cov.login_error,
            "pages_requested": len(cov.pages_requested),
            "pages_visited": len(cov.pages_visited),
            "artifacts": artifact_total(cov),
            "artifact_kinds": ", ".join(f"{n} {kind}" for kind, n in cov.artifacts.items()),
            "kilobytes": f"{cov.bytes_captured / 1024:.0f}",
            "seconds": f"{cov.seconds:.1f}",
        },
    }


def report_context(result: ScanResult) -> dict[str, Any]:
    """Return everything the template shows, as plain data (the template only lays it out)."""
    result = report_view(result)
    run = result.run
    groups = group_by_role_and_page(result)
    counts = count_by_severity(result.findings)
    by_rule = result.rule_counts()
    code = result.exit_code
    status = "clean" if code == EXIT_CLEAN else "findings" if code == EXIT_FINDINGS else "error"
    logged_in = [c for c in result.coverage if c.logged_in]
    return {
        "run": {
            "profile": run.profile_name,
            "target": run.target,
            "tool_version": run.tool_version,
            "profile_sha256": run.profile_sha256,
            "started_at": human_time(run.started_at),
            "ended_at": human_time(run.ended_at),
            "seconds": f"{run.seconds:.1f}",
            "revealed": run.revealed,
            "third_parties_blocked": run.third_parties_blocked,
            "fail_on": result.fail_on.value,
        },
        "exit_code": code,
        "status": status,
        "verdict": verdict(result),
        "meaning": _MEANING.get(code, ""),
        "total": len(result.findings),
        "gating": len(result.gating_findings),
        "severities": [{"name": s.value, "count": counts[s]} for s in SEVERITIES],
        "roles": [_role(g, result) for g in groups],
        "roles_tested": f"{len(logged_in)} of {len(result.coverage)}",
        "pages_tested": (
            f"{sum(len(c.pages_visited) for c in result.coverage)} of "
            f"{sum(len(c.pages_requested) for c in result.coverage)}"
        ),
        "matrix": _matrix(result, groups),
        "rules": [
            {
                "code": rule.code,
                "anchor": rule.anchor,
                "name": rule.name,
                "title": rule.title,
                "severity": rule.severity.value,
                "severity_note": rule.severity_note,
                "why": rule.why,
                "fix": rule.fix,
                "help_uri": rule.help_uri,
                "count": by_rule.get(rule.code, 0),
            }
            for rule in RULES.values()
        ],
        "skips": [{"role": s.role, "what": s.what, "reason": s.reason} for s in result.skips],
        "checks_not_run": result.checks_not_run,
        "notes": result.notes,
        "suppressed": [
            {**_finding(s.finding), "role": s.finding.role, "page": s.finding.page}
            | {"reason": s.reason}
            for s in result.suppressed
        ],
        "baseline": {"known": result.baseline_known, "fixed": len(result.baseline_fixed)},
    }


def render_html(result: ScanResult) -> str:
    """Return the HTML report: one self-contained, printable page."""
    import jinja2

    environment = jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return environment.from_string(TEMPLATE).render(report_context(result))
