"""The CLI's report options, without a browser: the scan is replaced by the recorded result.

Covers repeatable --format with -o per format, --output-dir, stdout, formats inferred from file
names, private file modes, usage errors before any scan starts, --fail-on gating, explain, rules.
"""

from __future__ import annotations

import dataclasses
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from leakcheck.cli import main
from leakcheck.models import Severity
from leakcheck.result import ScanResult
from leakcheck.rules import RULES, rules_markdown

PROFILE = """\
name: shop
target: {url: "https://estate.example"}
roles:
  buyer:
    login: {form: {username: "${SHOP_USER}", password: "${SHOP_PASSWORD}"}}
    pages: [/]
"""
ENV = {"SHOP_USER": "u", "SHOP_PASSWORD": "p", "LEAKCHECK_KEY": "cli-report-test"}


@pytest.fixture
def scans(recorded: ScanResult, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Replace the pipeline's scan; the fake honours the profile's fail_on like the real one."""
    calls: list[Any] = []

    def fake_scan(profile: Any, redactor: Any, options: Any, path: Any) -> ScanResult:
        calls.append(profile)
        return dataclasses.replace(recorded, fail_on=profile.policy.fail_on)

    monkeypatch.setattr("leakcheck.pipeline.scan", fake_scan)
    return calls


def run(tmp_path: Path, *args: str) -> Result:
    profile = tmp_path / "shop.yaml"
    profile.write_text(PROFILE)
    return CliRunner().invoke(main, ["scan", str(profile), *args], env=ENV)


def private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) == 0o600


def test_console_is_the_default_on_stdout(tmp_path: Path, scans: list[Any]) -> None:
    result = run(tmp_path)
    assert result.exit_code == 2  # the recording has a failed login
    assert "role buyer1:" in result.stdout and "LOGIN FAILED" in result.stdout
    assert "[not rendered]" in result.stdout
    assert result.stdout.rstrip().endswith("values are redacted: [class · length · keyed hash]")


def test_format_per_output_in_order(tmp_path: Path, scans: list[Any], recorded: ScanResult) -> None:
    sarif, html = tmp_path / "out.sarif", tmp_path / "out.html"
    result = run(
        tmp_path, "--format", "sarif", "-o", str(sarif), "--format", "html", "-o", str(html)
    )
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    assert html.read_text().startswith("<!DOCTYPE html>")
    assert private(sarif) and private(html)
    assert f"report written to {sarif}" in result.stderr
    assert f"{len(recorded.findings)} findings (" in result.stderr  # the summary, on stderr


def test_console_on_stdout_and_json_to_a_file(
    tmp_path: Path, scans: list[Any], recorded: ScanResult
) -> None:
    report = tmp_path / "r.json"
    result = run(tmp_path, "--format", "console", "--format", "json", "-o", "-", "-o", str(report))
    assert "role buyer1:" in result.stdout
    assert json.loads(report.read_text())["schema_version"] == 1
    assert f"{len(recorded.findings)} findings (" not in result.stderr  # already on stdout


def test_output_dir_writes_every_format_privately(tmp_path: Path, scans: list[Any]) -> None:
    out = tmp_path / "reports" / "run1"
    formats = [
        arg
        for fmt in ("console", "json", "sarif", "junit", "html", "markdown")
        for arg in ("--format", fmt)
    ]
    result = run(tmp_path, *formats, "--output-dir", str(out))
    assert result.exit_code == 2, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == [f"leakcheck.{ext}" for ext in ("html", "json", "md", "sarif", "txt", "xml")]
    assert all(private(p) for p in out.iterdir())
    assert stat.S_IMODE(out.stat().st_mode) == 0o700


def test_existing_file_is_made_private(tmp_path: Path, scans: list[Any]) -> None:
    report = tmp_path / "r.json"
    report.write_text("old")
    os.chmod(report, 0o644)
    run(tmp_path, "--format", "json", "-o", str(report))
    assert private(report) and report.read_text().startswith("{")


def test_format_follows_the_file_name_without_format(tmp_path: Path, scans: list[Any]) -> None:
    sarif, junit, text = tmp_path / "a.sarif", tmp_path / "b.xml", tmp_path / "c.txt"
    run(tmp_path, "-o", str(sarif), "-o", str(junit), "-o", str(text))
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    assert junit.read_text().startswith('<?xml version="1.0"')
    assert text.read_text().startswith("leakcheck ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "json", "--format", "html"], "only one format can go to stdout"),
        (["--format", "json", "--format", "html", "-o", "x.json"], "give one -o per --format"),
        (["-o", "x.json", "--output-dir", "d"], "not both"),
        (["--format", "json", "--format", "json", "--output-dir", "d"], "same file"),
        (["--format", "pdf"], "Invalid value for '--format'"),
    ],
)
def test_usage_errors_exit_2_before_scanning(
    tmp_path: Path, scans: list[Any], args: list[str], message: str
) -> None:
    result = run(tmp_path, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert scans == []


@pytest.mark.parametrize("fail_on", ["low", "medium", "high", "critical"])
def test_fail_on_sets_what_gates(
    tmp_path: Path, recorded: ScanResult, monkeypatch: pytest.MonkeyPatch, fail_on: str
) -> None:
    logged_in = [c for c in recorded.coverage if c.logged_in]
    complete = dataclasses.replace(recorded, coverage=logged_in, skips=[], checks_not_run=[])
    monkeypatch.setattr(
        "leakcheck.pipeline.scan",
        lambda profile, *_: dataclasses.replace(complete, fail_on=profile.policy.fail_on),
    )
    result = run(tmp_path, "--fail-on", fail_on, "--format", "json")
    assert result.exit_code == 1  # the recording has critical findings
    report = json.loads(result.stdout)
    threshold = Severity(fail_on).rank
    expected = sum(
        n for s, n in report["summary"]["by_severity"].items() if Severity(s).rank >= threshold
    )
    assert report["run"]["fail_on"] == fail_on
    assert report["summary"]["gating_findings"] == expected


def test_fail_on_above_every_finding_exits_0(
    tmp_path: Path, recorded: ScanResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    logged_in = [c for c in recorded.coverage if c.logged_in]
    medium = [f for f in recorded.findings if f.severity is Severity.MEDIUM]
    complete = dataclasses.replace(
        recorded, coverage=logged_in, skips=[], checks_not_run=[], findings=medium
    )
    monkeypatch.setattr(
        "leakcheck.pipeline.scan",
        lambda profile, *_: dataclasses.replace(complete, fail_on=profile.policy.fail_on),
    )
    assert run(tmp_path, "--fail-on", "high").exit_code == 0
    assert run(tmp_path, "--fail-on", "medium").exit_code == 1
    assert run(tmp_path).exit_code == 1  # the profile's default: low


def test_explain_prints_every_rule_and_rejects_unknown_codes() -> None:
    runner = CliRunner()
    for rule in RULES.values():
        out = runner.invoke(main, ["explain", rule.code.lower()]).output
        assert rule.code in out and "How to fix" in out and rule.help_uri in out
        assert " ".join(rule.why.split()[:6]) in " ".join(out.split())
    both = runner.invoke(main, ["explain", "LC101", "LC301"]).output
    assert "LC101" in both and "LC301" in both
    unknown = runner.invoke(main, ["explain", "LC101", "LC999"])
    assert unknown.exit_code == 2 and "LC999" in unknown.stderr


def test_rules_lists_codes_and_prints_the_docs() -> None:
    runner = CliRunner()
    listed = runner.invoke(main, ["rules"]).output
    assert [line.split()[0] for line in listed.splitlines()] == list(RULES)
    assert runner.invoke(main, ["rules", "--markdown"]).output == rules_markdown()
