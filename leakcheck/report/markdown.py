"""The Markdown report: a short summary for a pull-request comment.

It fits on one screen: the verdict, counts per role and severity, the rules with links to their
documentation, the most severe findings (at most ``TOP``), and what was not covered. Everything
that comes from the scan is escaped: a table cell cannot break the table, and no value can turn
into a link, an image, HTML or a mention.
"""

from __future__ import annotations

import re

from leakcheck.data_classes import label as data_class_label
from leakcheck.models import Finding
from leakcheck.report.common import (
    SEVERITIES,
    count_by_severity,
    finding_order,
    group_by_role_and_page,
    plural,
    report_view,
    role_state,
    rule_codes,
    verdict,
)
from leakcheck.result import EXIT_CLEAN, ScanResult
from leakcheck.rules import RULES

TOP = 10
"""How many distinct leaks the comment lists; the full list belongs in the HTML or SARIF report."""

_SPECIAL = re.compile(r"([\\`*_\[\]#!|~])")
"""Characters that start emphasis, code, links, images, headings, tables or strike-through."""


def text(value: object) -> str:
    """Return plain text for a table cell: Markdown and HTML specials escaped, one line."""
    one_line = " ".join(str(value).split())
    escaped = one_line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", escaped).replace("@", "&#64;")


def code(value: object) -> str:
    """Return a code span that holds any text: fenced with more backticks than it contains."""
    one_line = " ".join(str(value).split()).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", one_line)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if one_line.startswith("`") or one_line.endswith("`") else ""
    return f"{fence}{pad}{one_line}{pad}{fence}"


def _leaks(findings: list[Finding]) -> list[list[Finding]]:
    """Group findings that are the same leak (rule, surface, location, classes) across roles.

    The groups are ordered most severe first, so a comment's few rows show distinct problems
    rather than one leak repeated for every role and page.
    """
    groups: dict[tuple[str, str, str, tuple[str, ...]], list[Finding]] = {}
    for finding in sorted(findings, key=finding_order):
        key = (finding.rule, finding.surface.value, str(finding.location), finding.data_classes)
        groups.setdefault(key, []).append(finding)
    return list(groups.values())


def _leak_row(leak: list[Finding]) -> str:
    first = leak[0]
    rule = RULES[first.rule]
    classes = ", ".join(data_class_label(c) for c in first.data_classes)
    values = {f.value_digest for f in leak}
    what = code(first.evidence) if len(values) == 1 else f"{len(values)} values"
    where = f"{text(first.surface.value)} {code(first.location)}"
    if first.receiver:
        where += f" → {code(first.receiver)}"
    roles = ", ".join(text(r) for r in dict.fromkeys(f.role for f in leak))
    return (
        f"| {first.severity.value} | [{rule.code}]({rule.help_uri}) | {text(classes)} {what} "
        f"| {where} | {roles} |"
    )


def render_markdown(result: ScanResult) -> str:
    """Return the pull-request summary (GitHub-flavoured Markdown)."""
    result = report_view(result)
    run = result.run
    status = "✅" if result.exit_code == EXIT_CLEAN else "❌"
    lines = [
        f"### {status} leakcheck: {plural(len(result.findings), 'finding')} in "
        f"{plural(len(result.coverage), 'role')} (exit {result.exit_code})",
        "",
        text(verdict(result)),
        "",
        f"Target {code(run.target)} · profile {code(run.profile_name)}"
        + (f" ({code((run.profile_sha256 or '')[:12])})" if run.profile_sha256 else "")
        + f" · leakcheck {text(run.tool_version)} · {text(run.started_at)} · {run.seconds:.1f} s"
        + f" · fails on {text(result.fail_on.value)} and above",
    ]
    accepted = []
    if result.suppressed:
        accepted.append(f"{plural(len(result.suppressed), 'finding')} suppressed by the profile")
    if result.baseline_known or result.baseline_fixed:
        accepted.append(
            f"{result.baseline_known} known from the baseline, "
            f"{len(result.baseline_fixed)} fixed since"
        )
    if accepted:
        lines += ["", text(" · ".join(accepted)) + "."]
    if run.third_parties_blocked:
        lines += ["", "Third parties were blocked: LC301 shows what pages tried to send."]
    if run.revealed:
        lines += ["", "**Values are revealed (`--reveal`): this comment holds raw personal data.**"]
    header = " | ".join(s.value for s in SEVERITIES)
    lines += [
        "",
        f"| role | tested | {header} |",
        "|---|---|" + "---:|" * len(SEVERITIES),
    ]
    for group in group_by_role_and_page(result):
        counts = count_by_severity(group.findings)
        if group.coverage is None:
            state = "findings only"
        elif not group.coverage.logged_in:
            state = "**login failed**"
        else:
            state = role_state(group.coverage)
        cells = " | ".join(str(counts[s]) if counts[s] else "·" for s in SEVERITIES)
        lines.append(f"| {text(group.role)} | {state} | {cells} |")
    codes = rule_codes(result.findings)
    if codes:
        by_rule = result.rule_counts()
        lines += ["", "| rule | findings | what it means |", "|---|---:|---|"]
        for rule_code in codes:
            rule = RULES[rule_code]
            lines.append(
                f"| [{rule.code}]({rule.help_uri}) `{rule.name}` | {by_rule[rule_code]} "
                f"| {text(rule.title)} |"
            )
        leaks = _leaks(result.findings)
        lines += [
            "",
            f"<details><summary>Most severe leaks ({min(TOP, len(leaks))} of {len(leaks)} "
            f"distinct, {plural(len(result.findings), 'finding')})</summary>",
            "",
            "| severity | rule | what leaked | where | roles |",
            "|---|---|---|---|---|",
            *(_leak_row(leak) for leak in leaks[:TOP]),
            "",
            "</details>",
        ]
    gaps = [f"{text(s.role)}: {code(s.what)}: {text(s.reason)}" for s in result.skips]
    gaps += [f"check not run: {text(c)}" for c in result.checks_not_run]
    if gaps:
        lines += ["", "**Not covered:**", "", *(f"- {gap}" for gap in gaps)]
    if result.notes:
        lines += ["", "**Notes:**", "", *(f"- {text(note)}" for note in result.notes)]
    if result.findings and not run.revealed:
        lines += ["", "Values are redacted as `[class · length · keyed hash]`."]
    return "\n".join(lines) + "\n"
