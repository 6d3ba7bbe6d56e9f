"""Each format's structure and escaping, on the recorded scan and on hostile values."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from leakcheck.models import Finding, Location, Rendered
from leakcheck.report import (
    render_console,
    render_html,
    render_json,
    render_junit,
    render_markdown,
)
from leakcheck.report.markdown import TOP
from leakcheck.result import ScanResult
from tests.report.helpers import clean_result

HOSTILE = "<script>alert(1)</script>\"'&|`*_[x](javascript:alert(2))<img src=x onerror=alert(3)>"


def hostile(recorded: ScanResult) -> ScanResult:
    """A revealed scan whose values, URLs, locations and names try to break out of each format."""
    finding = dataclasses.replace(
        recorded.findings[0],
        role="buyer|<b>",
        page="javascript:alert(4)//<img src=x>",
        url="https://x.example/<script>?q=|`",
        location=Location(f"$.a['{HOSTILE}']", "Type.<field>", "line 1\x00\x1b"),
        evidence=HOSTILE + "\x00\x08\ud800",
        receiver="https://collector.example/<x>",
        rendered=Rendered.NO,
    )
    run = dataclasses.replace(recorded.run, revealed=True, target="https://t.example/<i>")
    return dataclasses.replace(recorded, run=run, findings=[finding])


# Console ---------------------------------------------------------------------------------------


def test_console_groups_by_role_and_page_with_rule_text(recorded: ScanResult) -> None:
    out = render_console(recorded)
    buyer1 = sum(f.role == "buyer1" for f in recorded.findings)
    assert f"role buyer1: 2/2 pages, {buyer1} findings (entitlements)" in out
    assert "role buyer2: LOGIN FAILED: role buyer2: login failed" in out
    assert "  page /cases/722faf7c-b46c-51ce-aed6-6d5b1d2a1cb3" in out
    assert "[not rendered]" in out
    assert "$.data.case.bids[*].amount (Bid.amount)" in out
    assert "why it matters and how to fix it:" in out and "      Fix: " in out
    assert "not covered:" in out and "check not run:" in out
    counts = ", ".join(f"{n} {s}" for s, n in recorded.severity_counts().items() if n)
    summary = f"{len(recorded.findings)} findings ({counts}) in 5 roles; 31.0s; exit 2"
    assert out.rstrip().splitlines()[-3] == summary
    assert "suppressed by the profile (4):" in out and "ticket DPA-7" in out
    assert "notes:\n  suppression expired on 2024-01-31" in out
    assert "baseline: 1 known finding not shown; 1 baseline entry no longer found (fixed)" in out


def test_console_clean_run(recorded: ScanResult) -> None:
    clean = clean_result(recorded)
    out = render_console(clean)
    assert out.rstrip().endswith("0 findings in 4 roles; 31.0s; exit 0")
    assert "why it matters" not in out and "not covered" not in out and "baseline" not in out


# JUnit -----------------------------------------------------------------------------------------


def test_junit_has_a_suite_per_role_and_a_case_per_page(recorded: ScanResult) -> None:
    root = ET.fromstring(render_junit(recorded))
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert list(suites) == [c.role for c in recorded.coverage] + ["leakcheck"]
    buyer1 = suites["buyer1"]
    cases = buyer1.findall("testcase")
    assert [c.get("name") for c in cases[:2]] == [
        "/",
        "/cases/722faf7c-b46c-51ce-aed6-6d5b1d2a1cb3",
    ]
    failure = cases[1].find("failure")
    assert failure is not None and failure.text is not None
    page_findings = [f for f in recorded.findings if f.role == "buyer1" and f.page.endswith("1cb3")]
    assert failure.get("message", "").startswith(f"{len(page_findings)} findings")
    assert failure.text.count("\n         at ") == len(page_findings)
    assert buyer1.get("skipped") == "1"  # the skipped body
    buyer2 = suites["buyer2"]
    assert buyer2.get("errors") == "2" and buyer2.get("failures") == "0"
    totals = {k: sum(int(s.get(k, "0")) for s in suites.values()) for k in ("tests", "failures")}
    assert totals == {
        "tests": int(root.get("tests", "")),
        "failures": int(root.get("failures", "")),
    }


def test_junit_findings_below_fail_on_pass(recorded: ScanResult) -> None:
    from leakcheck.models import Severity

    root = ET.fromstring(render_junit(dataclasses.replace(recorded, fail_on=Severity.CRITICAL)))
    agent_cases = next(s for s in root.iter("testsuite") if s.get("name") == "agent")
    outcomes = [[child.tag for child in case] for case in agent_cases.findall("testcase")]
    assert ["failure"] in outcomes  # critical secrets on the agent's pages
    assert all(o in (["failure"], ["system-out"], []) for o in outcomes)


def test_junit_survives_hostile_values(recorded: ScanResult) -> None:
    document = render_junit(hostile(recorded))
    root = ET.fromstring(document)  # well-formed despite NUL, controls and a lone surrogate
    assert "\x00" not in document and "<script>" not in document
    assert any("alert(1)" in (e.text or "") for e in root.iter("failure"))


# Markdown --------------------------------------------------------------------------------------


def test_markdown_is_short_and_links_the_rules(recorded: ScanResult) -> None:
    out = render_markdown(recorded)
    assert len(out) < 10_000 and out.count("\n") < 60
    assert out.startswith(
        f"### ❌ leakcheck: {len(recorded.findings)} findings in 5 roles (exit 2)"
    )
    assert "4 findings suppressed by the profile · 1 known from the baseline, 1 fixed since" in out
    assert "](https://github.com/leakcheck/leakcheck/blob/main/docs/rules.md#lc101)" in out
    rows = [line for line in out.splitlines() if line.startswith("| critical")]
    assert 0 < len(rows) <= TOP


def _cells(row: str) -> int:
    """Count table cells the way GFM does: split on pipes not escaped with a backslash."""
    return len(re.split(r"(?<!\\)\|", row)) - 2


def test_markdown_escapes_values_so_tables_hold(recorded: ScanResult) -> None:
    out = render_markdown(hostile(recorded))
    prose = re.sub(r"(`+)(.+?)\1", "", out)  # code spans show text literally: leave them out
    assert "<script>" not in prose and "<img" not in prose and "<b>" not in prose
    assert "](javascript:" not in prose
    assert "alert(1)" in out  # the value is there, inside a code span
    for table in re.findall(r"((?:^\|.*\|$\n?)+)", out, flags=re.M):
        widths = {_cells(row) for row in table.strip().splitlines()}
        assert len(widths) == 1, table


# HTML ------------------------------------------------------------------------------------------


def test_html_counts_match_the_json_report(recorded: ScanResult) -> None:
    import json

    page = render_html(recorded)
    summary = json.loads(render_json(recorded))["summary"]
    rows = re.findall(r'<tr class="finding" data-severity="(\w+)"', page)
    assert len(rows) == summary["findings"]
    assert dict(Counter(rows)) == {s: n for s, n in summary["by_severity"].items() if n}


def test_html_has_every_section_and_the_rules(recorded: ScanResult) -> None:
    page = render_html(recorded)
    for anchor in ("summary", "matrix", "findings", "coverage", "rules", "run"):
        assert f'id="{anchor}"' in page
    for code in ("lc101", "lc102", "lc103", "lc104", "lc201", "lc301"):
        assert f'id="{code}"' in page
    assert "Danish CPR numbers" in page and "not tested" in page  # the matrix, buyer2
    assert recorded.run.profile_sha256 and recorded.run.profile_sha256 in page


def test_html_loads_nothing_and_escapes_everything(recorded: ScanResult) -> None:
    page = render_html(hostile(recorded))
    assert "default-src 'none'" in page
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    tags = re.findall(r"<[a-zA-Z][^>]*>", page)  # values are escaped, so these are ours
    assert not [t for t in tags if re.search(r"\s(src|srcset|action|data|poster)=", t)]
    for pattern in (r"<link\b", r"@import", r"url\(", r"<iframe", r"<object", r"<embed"):
        assert not re.search(pattern, page), pattern
    assert set(re.findall(r'href="([^"]*)"', page)) <= {
        f"#{a}" for a in re.findall(r'id="([^"]*)"', page)
    }
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "raw values" in page  # the --reveal warning


@pytest.mark.parametrize("revealed", [False, True])
def test_html_states_the_redaction(recorded: ScanResult, revealed: bool) -> None:
    run = dataclasses.replace(recorded.run, revealed=revealed)
    page = render_html(dataclasses.replace(recorded, run=run))
    assert ("do not share or store it" in page) is revealed
    assert ("keyed hash (HMAC-SHA256)" in page) is not revealed


def test_findings_never_change_when_rendered(recorded: ScanResult) -> None:
    before = [dataclasses.astuple(f) for f in recorded.findings]
    for render in (render_console, render_html, render_json, render_junit, render_markdown):
        render(recorded)
    assert [dataclasses.astuple(f) for f in recorded.findings] == before
    assert all(isinstance(f, Finding) for f in recorded.findings)
