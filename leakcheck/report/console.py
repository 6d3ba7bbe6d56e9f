"""The console report: readable in ten seconds — what leaked, to whom, where, and why."""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlsplit

from leakcheck.models import Finding, Rendered, Severity
from leakcheck.result import ScanResult
from leakcheck.rules import RULES

_LABEL = {
    Severity.CRITICAL: "CRITICAL",
    Severity.HIGH: "HIGH    ",
    Severity.MEDIUM: "MEDIUM  ",
    Severity.LOW: "LOW     ",
}


def _short(url: str | None) -> str:
    if not url:
        return ""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "") or url


def _where(finding: Finding) -> str:
    where = f"{finding.surface}"
    if finding.url and finding.surface.value.startswith(("network", "error", "third")):
        where += f" {_short(finding.url)}"
    where += f"  {finding.location}"
    if finding.receiver:
        where += f"  → sent to {finding.receiver}"
    return where


def render_console(result: ScanResult) -> str:
    lines: list[str] = []
    run = result.run
    lines.append(f"leakcheck {run.tool_version} · profile {run.profile_name} · {run.target}")
    by_role: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for finding in sorted(result.findings, key=lambda f: (-f.severity.rank, f.rule)):
        by_role[finding.role][_short(finding.page)].append(finding)
    for coverage in result.coverage:
        role_findings = by_role.get(coverage.role, {})
        count = sum(len(v) for v in role_findings.values())
        state = (
            f"LOGIN FAILED: {coverage.login_error}"
            if not coverage.logged_in
            else f"{len(coverage.pages_visited)}/{len(coverage.pages_requested)} pages, "
            f"{count} finding{'s' if count != 1 else ''} ({coverage.judged})"
        )
        lines.append("")
        lines.append(f"role {coverage.role}: {state}")
        for page, findings in role_findings.items():
            lines.append(f"  page {page}")
            for f in findings:
                hidden = "  [not rendered]" if f.rendered is Rendered.NO else ""
                lines.append(
                    f"    {_LABEL[f.severity]} {f.rule} {', '.join(f.data_classes)}  "
                    f"{f.evidence}{hidden}"
                )
                lines.append(f"             at {_where(f)}")
                lines.append(f"             {RULES[f.rule].title}")
    if result.skips:
        lines.append("")
        lines.append("not covered:")
        lines.extend(f"  {s.role}: {s.what}: {s.reason}" for s in result.skips)
    lines.extend(f"  check not run: {c}" for c in result.checks_not_run)
    lines.append("")
    counts = ", ".join(f"{n} {s}" for s, n in result.severity_counts().items() if n)
    total = len(result.findings)
    lines.append(
        f"{total} finding{'s' if total != 1 else ''}"
        + (f" ({counts})" if counts else "")
        + f" in {len(result.coverage)} role{'s' if len(result.coverage) != 1 else ''}"
        + f"; {run.seconds:.1f}s; exit {result.exit_code}"
    )
    if total:
        codes = " ".join(sorted({f.rule for f in result.findings}))
        lines.append(f"why it matters and how to fix: leakcheck explain CODE ({codes})")
        if not run.revealed:
            lines.append("values are redacted: [class · length · keyed hash]")
    return "\n".join(lines) + "\n"
