"""What every reporter shares: ordering, grouping and the verdict, said once.

Surfaces and data classes are named in words by their tables (``leakcheck.surfaces``,
``leakcheck.data_classes``).

Reports are pure functions of a ``ScanResult``. Findings arrive redacted by the judge; the only
raw text a result may still hold is a page URL in the coverage (what was asked for), so those
pass through :func:`shown_url`, the same query-hiding the judge applies to findings.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from urllib.parse import urlsplit

from leakcheck.models import Finding, Rendered, Severity, Surface
from leakcheck.redact import Redactor, hide_identifiers
from leakcheck.result import (
    EXIT_CLEAN,
    EXIT_CONFIG,
    EXIT_FINDINGS,
    EXIT_INCOMPLETE,
    RoleCoverage,
    ScanResult,
)
from leakcheck.rules import RULES
from leakcheck.surfaces import traits

SEVERITIES: tuple[Severity, ...] = tuple(sorted(Severity, key=lambda s: -s.rank))
"""Most severe first: the order of every table and count."""

_URL_ONLY = Redactor(b"", reveal=False)
"""Used for :meth:`Redactor.url` only, which needs no key."""


def shown_url(url: str | None, revealed: bool) -> str:
    """Return a URL as a report may show it: query values and fragment hidden unless revealed."""
    if url is None:
        return ""
    return url if revealed else _URL_ONLY.url(url) or ""


def document_url(url: str) -> str:
    """Return a linked document's URL with its identifier segments hidden (see redact.py)."""
    return hide_identifiers(url)


def report_view(result: ScanResult) -> ScanResult:
    """Return the result as every report shows it (the input is never changed).

    Unless the run used ``--reveal``: coverage URLs lose their query values and fragment (the
    judge already did this for findings and skips), and linked documents' URLs lose their
    identifiers (:func:`document_url`).
    """
    if result.run.revealed:
        return result

    def view(finding: Finding) -> Finding:
        if finding.surface is Surface.LINKED_DOCUMENT and finding.url:
            return replace(finding, url=document_url(finding.url))
        return finding

    return replace(
        result,
        findings=[view(f) for f in result.findings],
        suppressed=[replace(s, finding=view(s.finding)) for s in result.suppressed],
        coverage=[
            replace(
                c,
                pages_requested=[shown_url(u, False) for u in c.pages_requested],
                pages_visited=[shown_url(u, False) for u in c.pages_visited],
            )
            for c in result.coverage
        ],
    )


def short_url(url: str | None) -> str:
    """Return a URL's path and query: the host is the run's target, said once."""
    if not url:
        return ""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def finding_order(finding: Finding) -> tuple[int, str, str, str, str]:
    """Sort key within a page: most severe first, then rule, surface and location."""
    return (
        -finding.severity.rank,
        finding.rule,
        finding.surface.value,
        finding.location.path,
        finding.fingerprint,
    )


def where(finding: Finding) -> str:
    """Return where a finding was seen: surface, response URL, location, receiver."""
    text = finding.surface.value
    if finding.url and traits(finding.surface).shows_response_url:
        text += f" {short_url(finding.url)}"
    text += f"  {finding.location}"
    if finding.receiver:
        text += f"  → sent to {finding.receiver}"
    return text


def rendered_words(rendered: Rendered) -> str:
    """Return whether the page shows the value, in words."""
    return {
        Rendered.YES: "shown on the page",
        Rendered.NO: "not shown on the page",
        Rendered.UNKNOWN: "unknown",
    }[rendered]


@dataclass(frozen=True, slots=True)
class PageGroup:
    """The findings of one role on one page, most severe first."""

    page: str
    """The page URL as the report shows it (redacted form)."""
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class RoleGroup:
    """One role: its coverage (None if only findings name it) and its pages."""

    role: str
    coverage: RoleCoverage | None
    pages: tuple[PageGroup, ...]

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Return every finding of the role, in page order."""
        return tuple(f for page in self.pages for f in page.findings)


def group_by_role_and_page(result: ScanResult) -> list[RoleGroup]:
    """Group findings by role (coverage order) and page (the order the role asked for them).

    Every page a role requested appears, with or without findings, so that a clean page is
    visible as tested; pages only findings name follow in the order they first appear.
    """
    revealed = result.run.revealed
    found: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for finding in result.findings:
        found[finding.role][finding.page].append(finding)
    coverage = {c.role: c for c in result.coverage}
    roles = [c.role for c in result.coverage]
    roles += [r for r in found if r not in coverage]
    groups: list[RoleGroup] = []
    for role in roles:
        cov = coverage.get(role)
        pages = [shown_url(p, revealed) for p in (cov.pages_requested if cov else [])]
        pages += [p for p in found[role] if p not in pages]
        groups.append(
            RoleGroup(
                role,
                cov,
                tuple(
                    PageGroup(page, tuple(sorted(found[role].get(page, []), key=finding_order)))
                    for page in dict.fromkeys(pages)
                ),
            )
        )
    return groups


def count_by_severity(findings: tuple[Finding, ...] | list[Finding]) -> dict[Severity, int]:
    """Return counts per severity, most severe first, zeros included."""
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts


def severity_summary(findings: tuple[Finding, ...] | list[Finding]) -> str:
    """Return ``2 critical, 1 high`` (non-zero counts only), or an empty string."""
    return ", ".join(f"{n} {s}" for s, n in count_by_severity(findings).items() if n)


def plural(count: int, word: str) -> str:
    """Return ``1 finding`` / ``2 findings``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def verdict(result: ScanResult) -> str:
    """Return what the exit code means for this run, in one sentence."""
    code = result.exit_code
    if code == EXIT_CLEAN:
        return "Passed: complete, and nothing at or above the threshold was found."
    if code == EXIT_FINDINGS:
        return (
            f"Failed: {plural(len(result.gating_findings), 'finding')} at or above "
            f"{result.fail_on.value} severity."
        )
    if code == EXIT_CONFIG:
        failed = [c.role for c in result.coverage if not c.logged_in and not c.login_unreachable]
        which = "that role was" if len(failed) == 1 else "those roles were"
        return f"Login failed for {', '.join(failed)}: {which} not tested."
    if code == EXIT_INCOMPLETE:
        return (
            "The run was incomplete (pages not visited or bodies skipped) and found nothing "
            "at or above the threshold."
        )
    return f"Exit code {code}."


def human_time(timestamp: str) -> str:
    """Return an ISO 8601 time as ``6 May 2024, 09:30 UTC`` (unchanged if unparsable)."""
    try:
        moment = datetime.fromisoformat(timestamp)
    except ValueError:
        return timestamp
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    zone = " UTC" if moment.tzinfo is not None else ""
    return f"{moment.day} {moment:%B %Y, %H:%M:%S}{zone}"


def role_state(coverage: RoleCoverage) -> str:
    """Return whether the role logged in and how many of its pages were visited."""
    if not coverage.logged_in:
        return f"LOGIN FAILED: {coverage.login_error}"
    return f"{len(coverage.pages_visited)}/{len(coverage.pages_requested)} pages"


def rule_codes(findings: list[Finding]) -> list[str]:
    """Return the rule codes present, in registry order (unknown codes last, sorted)."""
    present = {f.rule for f in findings}
    return [c for c in RULES if c in present] + sorted(present - set(RULES))


def artifact_total(coverage: RoleCoverage) -> int:
    """Return how many artifacts a role's browser captured."""
    return sum(coverage.artifacts.values())


def baseline_summary(result: ScanResult) -> str:
    """Return what ``--baseline`` hid and what it found fixed, in one line."""
    fixed = len(result.baseline_fixed)
    entries = "entry" if fixed == 1 else "entries"
    return (
        f"baseline: {plural(result.baseline_known, 'known finding')} not shown; "
        f"{fixed} baseline {entries} no longer found (fixed)"
    )
