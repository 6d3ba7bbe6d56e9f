"""The JUnit XML report, for CI systems that show test results (GitLab, Jenkins, Azure, …).

One ``testsuite`` per role and one ``testcase`` per page the role asked for: a page fails when
it has findings at or above ``--fail-on`` (the failure lists them as the console does), errs when
the role could not log in or the page was not visited, and passes otherwise (findings below the
threshold go to its ``system-out``). A role's coverage and skips go to the suite's
``system-out``, so the CI page says what was tested.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from leakcheck.models import Finding
from leakcheck.report.common import (
    PageGroup,
    RoleGroup,
    artifact_total,
    baseline_summary,
    group_by_role_and_page,
    plural,
    report_view,
    severity_summary,
    short_url,
    shown_url,
)
from leakcheck.report.console import finding_lines
from leakcheck.result import ScanResult

_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot hold at all, not even escaped (a revealed value may carry them)."""


def _text(value: object) -> str:
    return _NOT_XML.sub("\ufffd", str(value))


def _element(parent: ET.Element, tag: str, text: str | None = None, **attrs: object) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _text(text)
    return element


def _findings_text(findings: tuple[Finding, ...] | list[Finding]) -> str:
    return "\n".join(line for f in findings for line in finding_lines(f)) + "\n"


def _testcase(suite: ET.Element, group: RoleGroup, page: PageGroup, result: ScanResult) -> str:
    """Add one page's testcase; return its outcome (passed, failure or error)."""
    case = _element(suite, "testcase", classname=group.role, name=short_url(page.page))
    cov = group.coverage
    gating = [f for f in page.findings if f.severity.rank >= result.fail_on.rank]
    visited = {shown_url(p, result.run.revealed) for p in cov.pages_visited} if cov else set()
    outcome = "passed"
    if cov is not None and not cov.logged_in:
        _element(case, "error", message=f"login failed: {cov.login_error}", type="login")
        outcome = "error"
    elif gating:
        codes = " ".join(dict.fromkeys(f.rule for f in gating))
        message = f"{plural(len(gating), 'finding')} ({severity_summary(gating)}): {codes}"
        _element(case, "failure", _findings_text(page.findings), message=message, type=codes)
        outcome = "failure"
    elif cov is not None and page.page not in visited:
        _element(case, "error", message="page not visited", type="coverage")
        outcome = "error"
    if page.findings and not gating:
        below = f"below --fail-on {result.fail_on.value}:\n"
        _element(case, "system-out", below + _findings_text(page.findings))
    return outcome


def _coverage_text(group: RoleGroup, result: ScanResult) -> str:
    cov = group.coverage
    lines = []
    if cov is None:
        lines.append("not in the coverage (findings only)")
    elif not cov.logged_in:
        lines.append(f"LOGIN FAILED: {cov.login_error}")
    else:
        artifacts = ", ".join(f"{n} {kind}" for kind, n in cov.artifacts.items()) or "none"
        lines += [
            f"logged in; judged by {cov.judged}",
            f"pages visited: {len(cov.pages_visited)}/{len(cov.pages_requested)}",
            f"artifacts: {artifact_total(cov)} ({artifacts}); {cov.bytes_captured} bytes",
        ]
    lines += [
        f"suppressed: {s.finding.rule} {short_url(s.finding.page)} {s.finding.location}: {s.reason}"
        for s in result.suppressed
        if s.finding.role == group.role
    ]
    return "\n".join(lines) + "\n"


def _skipped(suite: ET.Element, classname: str, name: str, reason: str) -> None:
    case = _element(suite, "testcase", classname=classname, name=name)
    _element(case, "skipped", message=reason)


def render_junit(result: ScanResult) -> str:
    """Return the JUnit XML report (UTF-8, indented, deterministic).

    Bodies that could not be read are skipped testcases of their role, and checks that did not
    run are skipped testcases of a final ``leakcheck`` suite: CI shows them as skipped tests.
    """
    result = report_view(result)
    run = result.run
    root = ET.Element("testsuites", {"name": f"leakcheck {run.profile_name}"})
    suites: list[tuple[ET.Element, list[str]]] = []
    for group in group_by_role_and_page(result):
        suite = _element(root, "testsuite", name=group.role)
        properties = _element(suite, "properties")
        for name, value in (
            ("target", run.target),
            ("profile", run.profile_name),
            ("judged", group.coverage.judged if group.coverage else ""),
            ("fail_on", result.fail_on.value),
            ("tool_version", run.tool_version),
        ):
            _element(properties, "property", name=name, value=value)
        outcomes = [_testcase(suite, group, page, result) for page in group.pages]
        for skip in result.skips:
            if skip.role == group.role:
                _skipped(suite, group.role, f"not covered: {short_url(skip.what)}", skip.reason)
                outcomes.append("skipped")
        _element(suite, "system-out", _coverage_text(group, result))
        suite.set("time", str(group.coverage.seconds if group.coverage else 0))
        suites.append((suite, outcomes))
    run_notes = list(result.notes)
    if result.baseline_known or result.baseline_fixed:
        run_notes.append(baseline_summary(result))
    if result.checks_not_run or run_notes:
        suite = _element(root, "testsuite", name="leakcheck")
        for check in result.checks_not_run:
            _skipped(suite, "leakcheck", f"check: {check}", "check not run")
        if run_notes:
            _element(suite, "system-out", "\n".join(run_notes) + "\n")
        suite.set("time", "0")
        suites.append((suite, ["skipped"] * len(result.checks_not_run)))
    totals: dict[str, int] = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for suite, outcomes in suites:
        counts = {
            "tests": len(outcomes),
            "failures": outcomes.count("failure"),
            "errors": outcomes.count("error"),
            "skipped": outcomes.count("skipped"),
        }
        for key, count in counts.items():
            suite.set(key, str(count))
            totals[key] += count
        suite.set("timestamp", run.started_at)
    for key, count in totals.items():
        root.set(key, str(count))
    root.set("time", str(run.seconds))
    root.set("timestamp", run.started_at)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
