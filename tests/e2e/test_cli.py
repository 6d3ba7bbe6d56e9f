"""The command line as a user meets it: demo, scan, quick scan, errors and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from leakcheck.demo import EstateSite, import_fixture, locate
from leakcheck.textnorm import fold

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parents[2]
CASE_A = "/cases/722faf7c-b46c-51ce-aed6-6d5b1d2a1cb3"


def leakcheck(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    base = {**os.environ, "LEAKCHECK_KEY": "cli-test-key"}
    return subprocess.run(
        [sys.executable, "-m", "leakcheck", *args],
        capture_output=True,
        text=True,
        env={**base, **(env or {})},
        cwd=cwd,
        timeout=timeout,
        check=False,
    )


def planted_values(seed: int) -> list[str]:
    truth = import_fixture(locate(), "groundtruth").ground_truth(seed)
    return [str(row["value"]) for row in truth["leaks"]]


def test_demo_finds_the_mindworking_leak_redacted_and_exits_1(tmp_path: Path) -> None:
    run = leakcheck("demo", cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    out = run.stdout
    assert "role buyer1:" in out
    for expected in (
        "$.data.case.bids[*].bidder.name (Person.name)",
        "$.data.case.bids[*].amount (Bid.amount)",
        "$.data.case.notes[*].text (Note.text)",
        "$.data.case.bids[*].bidder.cpr (Person.cpr)",
        "national_id.dk",
        "LC101",
        "LC102",
        "[not rendered]",
    ):
        assert expected in out
    leaked = [v for v in planted_values(1) if len(v) >= 6 and v in out + run.stderr]
    assert leaked == []


def test_demo_fixed_is_clean_and_exits_0(tmp_path: Path) -> None:
    run = leakcheck("demo", "--mode", "fixed", cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 findings in 5 roles" in run.stdout


def test_json_report_is_versioned_redacted_and_private(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    run = leakcheck("demo", "--format", "json", "-o", str(report), cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    assert f"report written to {report}" in run.stderr
    assert report.stat().st_mode & 0o077 == 0
    document = json.loads(report.read_text())
    assert document["schema_version"] == 1
    assert document["summary"]["exit_code"] == 1
    assert document["summary"]["findings"] == len(document["findings"]) > 50
    finding = document["findings"][0]
    assert set(finding) >= {
        "rule",
        "severity",
        "role",
        "page",
        "surface",
        "location",
        "data_classes",
        "evidence",
        "fingerprint",
    }
    assert [c["role"] for c in document["coverage"]["roles"]] == [
        "agent",
        "seller",
        "buyer1",
        "buyer2",
        "buyer3",
    ]
    text = report.read_text()
    assert [v for v in planted_values(1) if len(v) >= 6 and v in text] == []


def test_quick_scan_without_a_profile_finds_the_hidden_over_fetch(
    estate_sites: Callable[[str, int], EstateSite],
) -> None:
    site = estate_sites("vulnerable", 2)
    accounts = import_fixture(locate(), "accounts").ACCOUNTS
    env = {
        "LEAKCHECK_USERNAME": accounts["buyer1"]["username"],
        "LEAKCHECK_PASSWORD": accounts["buyer1"]["password"],
    }
    run = leakcheck(
        "scan",
        "--url",
        site.url + CASE_A,
        "--login-url",
        site.url + "/login",
        "--format",
        "json",
        "--reveal",
        env=env,
    )
    assert run.returncode == 1, run.stderr
    findings = json.loads(run.stdout)["findings"]
    hidden = {(f["location"], fold(f["evidence"])) for f in findings if f["rule"] == "LC104"}
    truth = import_fixture(locate(), "groundtruth").ground_truth(2)["leaks"]
    other_bidders = [
        row
        for row in truth
        if row["role"] == "buyer1"
        and row["surface"] == "network-graphql"
        and "bidder" in row["location"]
    ]
    cprs = {
        (row["location"], fold(str(row["value"])))
        for row in other_bidders
        if row["data_class"] == "national_id.dk"
    }
    assert cprs and cprs <= hidden
    # Names and e-mails the page shows (the top bidder's) are not hidden over-fetch.
    for field in (".name", ".email"):
        values = {
            (row["location"], fold(str(row["value"])))
            for row in other_bidders
            if row["location"].endswith(field)
        }
        assert values & hidden, field


def test_wrong_password_is_one_line_for_that_role_and_the_others_are_scanned(
    estate_sites: Callable[[str, int], EstateSite],
) -> None:
    site = estate_sites("fixed", 1)
    env = {**site.credentials_env(), "ESTATE_BUYER2_PASSWORD": "not-the-password"}
    run = leakcheck("scan", str(REPO / "profiles" / "estate.yaml"), env=env)
    assert run.returncode == 2
    assert "role buyer2: LOGIN FAILED: role buyer2: login failed" in run.stdout
    assert "role buyer1: 2/2 pages, 0 findings" in run.stdout
    assert "not-the-password" not in run.stdout + run.stderr
    assert "Traceback" not in run.stderr


def test_unreachable_target_exits_3_with_the_reason(tmp_path: Path) -> None:
    env = {"LEAKCHECK_USERNAME": "u", "LEAKCHECK_PASSWORD": "p"}
    run = leakcheck(
        "scan",
        "--url",
        "http://127.0.0.1:9/",
        "--login-url",
        "http://127.0.0.1:9/login",
        env=env,
        timeout=120,
    )
    assert run.returncode == 3, run.stdout + run.stderr
    assert "cannot open login page" in run.stdout
    assert "Traceback" not in run.stderr
