"""The console report: readable in ten seconds — what leaked, to whom, where, and why.

Findings are grouped by role and page, one block each: severity, rule code, data classes and
redacted evidence, where it was seen, and the rule's title. Why each rule matters and how to fix
it follows once per rule present, and the last lines are the summary the CLI repeats on stderr.
"""

from __future__ import annotations

import textwrap

from leakcheck.models import Finding, Rendered, Severity
from leakcheck.report.common import (
    baseline_summary,
    group_by_role_and_page,
    plural,
    report_view,
    role_state,
    rule_codes,
    short_url,
    where,
)
from leakcheck.result import ScanResult
from leakcheck.rules import RULES

_LABEL = {
    Severity.CRITICAL: "CRITICAL",
    Severity.HIGH: "HIGH    ",
    Severity.MEDIUM: "MEDIUM  ",
    Severity.LOW: "LOW     ",
}
_WIDTH = 100


def finding_lines(finding: Finding) -> list[str]:
    """Return one finding as three lines: what leaked, where, and the rule's title."""
    hidden = "  [not rendered]" if finding.rendered is Rendered.NO else ""
    times = f"  ×{finding.occurrences}" if finding.occurrences > 1 else ""
    return [
        f"{_LABEL[finding.severity]} {finding.rule} {', '.join(finding.data_classes)}  "
        f"{finding.evidence}{hidden}{times}",
        f"         at {where(finding)}",
        f"         {RULES[finding.rule].title}",
    ]


def render_summary(result: ScanResult) -> list[str]:
    """Return the closing lines: counts, exit code, where to read more, redaction state."""
    run = result.run
    total = len(result.findings)
    counts = ", ".join(f"{n} {s}" for s, n in result.severity_counts().items() if n)
    lines = [
        plural(total, "finding")
        + (f" ({counts})" if counts else "")
        + f" in {plural(len(result.coverage), 'role')}"
        + f"; {run.seconds:.1f}s; exit {result.exit_code}"
    ]
    if total:
        codes = " ".join(rule_codes(result.findings))
        lines.append(f"why it matters and how to fix: leakcheck explain CODE ({codes})")
        if run.revealed:
            lines.append("VALUES REVEALED (--reveal): this output holds raw personal data")
        else:
            lines.append("values are redacted: [class · length · keyed hash]")
    if run.third_parties_blocked:
        lines.append("third parties were blocked: LC301 shows what pages tried to send, not sent")
    return lines


def _rule_text(code: str) -> list[str]:
    rule = RULES[code]
    indent = " " * 6
    lines = [f"  {rule.code} {rule.name}: {rule.title}"]
    lines += textwrap.wrap(rule.why, _WIDTH, initial_indent=indent, subsequent_indent=indent)
    lines += textwrap.wrap(
        f"Fix: {rule.fix}", _WIDTH, initial_indent=indent, subsequent_indent=indent
    )
    return lines


def _accepted(result: ScanResult) -> list[str]:
    """Return what the profile's suppressions and the baseline kept out of the findings."""
    lines: list[str] = []
    if result.suppressed:
        lines += ["", f"suppressed by the profile ({len(result.suppressed)}):"]
        lines += [
            f"  {s.finding.rule} {s.finding.role} {short_url(s.finding.page)}  "
            f"{s.finding.location}: {s.reason}"
            for s in result.suppressed
        ]
    if result.notes:
        lines += ["", "notes:", *(f"  {note}" for note in result.notes)]
    if result.baseline_known or result.baseline_fixed:
        lines += ["", baseline_summary(result)]
    return lines


def render_console(result: ScanResult) -> str:
    """Return the console report (plain text, redacted unless the run used ``--reveal``)."""
    result = report_view(result)
    run = result.run
    lines = [f"leakcheck {run.tool_version} · profile {run.profile_name} · {run.target}"]
    for group in group_by_role_and_page(result):
        count = len(group.findings)
        if group.coverage is None:
            state = plural(count, "finding")
        elif not group.coverage.logged_in:
            state = role_state(group.coverage)
        else:
            state = (
                f"{role_state(group.coverage)}, {plural(count, 'finding')} "
                f"({group.coverage.judged})"
            )
        lines += ["", f"role {group.role}: {state}"]
        for page in group.pages:
            if not page.findings:
                continue
            lines.append(f"  page {short_url(page.page)}")
            for finding in page.findings:
                lines.extend(f"    {line}" for line in finding_lines(finding))
    if result.skips or result.checks_not_run:
        lines += ["", "not covered:"]
        lines.extend(f"  {s.role}: {s.what}: {s.reason}" for s in result.skips)
        lines.extend(f"  check not run: {c}" for c in result.checks_not_run)
    lines += _accepted(result)
    codes = rule_codes(result.findings)
    if codes:
        lines += ["", "why it matters and how to fix it:"]
        for code in codes:
            lines += _rule_text(code)
    lines += ["", *render_summary(result)]
    return "\n".join(lines) + "\n"
