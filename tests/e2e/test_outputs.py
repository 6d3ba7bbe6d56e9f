"""What a real scan writes: private files over readable ones, and outputs independent of each other.

Each test runs the command a user types against the estate site with a real Chromium, one role
each to keep them short. ``tests/unit/test_private_files.py`` covers the writer itself.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from leakcheck.demo import EstateSite
from leakcheck.suppress import read_baseline

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parents[2]
PROFILE = REPO / "profiles" / "estate.yaml"
CASE_A = "/cases/722faf7c-b46c-51ce-aed6-6d5b1d2a1cb3"

ONE_ROLE = f"""\
name: estate-buyer1
target: {{url: "${{ESTATE_URL}}"}}
roles:
  buyer1:
    login:
      form: {{url: /login, username: "${{ESTATE_BUYER1_USERNAME}}",
             password: "${{ESTATE_BUYER1_PASSWORD}}", success_selector: "a#logout"}}
    pages: [{{url: "{CASE_A}", ready: "#app[data-state=ready]"}}]
"""

FAILING_RECOGNIZER = """\
class Failing:
    name = "failing"
    screen = None

    def find(self, text, ctx):
        raise RuntimeError("a recognizer that fails on every value")


def recognizers():
    return [Failing()]
"""


@pytest.fixture(scope="module")
def site(estate_site: Callable[..., EstateSite]) -> EstateSite:
    return estate_site(mode="vulnerable", seed=1)


def leakcheck(
    site: EstateSite, *args: str, cwd: Path, unset: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **site.credentials_env(), "LEAKCHECK_KEY": "outputs-test-key"}
    for name in unset:
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "leakcheck", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
        check=False,
    )


def readable(path: Path) -> Path:
    path.write_text("yesterday's evidence\n", encoding="utf-8")
    path.chmod(0o644)
    return path


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_save_har_and_report_over_0644_files_leave_them_0600(
    site: EstateSite, tmp_path: Path
) -> None:
    """Also: scanning one role needs only that role's variables (the seller's are unset)."""
    har, report = readable(tmp_path / "scan.har"), readable(tmp_path / "report.json")
    run = leakcheck(
        site,
        "scan",
        str(PROFILE),
        "--role",
        "buyer1",
        "--save-har",
        str(har),
        "-o",
        str(report),
        cwd=tmp_path,
        unset=("ESTATE_SELLER_USERNAME", "ESTATE_SELLER_PASSWORD"),
    )
    assert run.returncode == 1, run.stderr
    assert mode(har) == 0o600 and mode(report) == 0o600
    document = json.loads(report.read_text(encoding="utf-8"))
    assert [role["role"] for role in document["coverage"]["roles"]] == ["buyer1"]
    assert document["summary"]["findings"] > 0
    saved = json.loads(har.read_text(encoding="utf-8"))
    assert saved["log"]["creator"]["name"] == "leakcheck" and saved["log"]["entries"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json", "scan.har"]


def test_baseline_create_over_a_0644_file_leaves_it_0600(site: EstateSite, tmp_path: Path) -> None:
    profile = tmp_path / "buyer1.yaml"
    profile.write_text(ONE_ROLE, encoding="utf-8")
    baseline = readable(tmp_path / "leakcheck-baseline.json")
    run = leakcheck(site, "baseline", "create", str(profile), "-o", str(baseline), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert mode(baseline) == 0o600
    assert len(read_baseline(baseline)) > 0


def test_a_har_that_cannot_be_written_costs_the_har_only(site: EstateSite, tmp_path: Path) -> None:
    """/dev/full passes every check before the scan and fails the write itself (ENOSPC)."""
    profile = tmp_path / "buyer1.yaml"
    profile.write_text(ONE_ROLE, encoding="utf-8")
    report = tmp_path / "report.json"
    run = leakcheck(
        site, "scan", str(profile), "--save-har", "/dev/full", "-o", str(report), cwd=tmp_path
    )
    assert run.returncode == 2, run.stderr
    document = json.loads(report.read_text(encoding="utf-8"))
    assert document["summary"]["findings"] > 0  # the analysis was reported in full
    lines = run.stderr.strip().splitlines()
    assert lines[-1] == (
        "leakcheck: error: cannot write the HAR to /dev/full: No space left on device"
    )
    assert "Traceback" not in run.stderr


def test_an_analysis_that_fails_still_leaves_the_har(site: EstateSite, tmp_path: Path) -> None:
    """A profile detector that raises on every value: whatever becomes of the analysis (an
    internal error, or skips), the capture is on disk, private and readable again."""
    profile = tmp_path / "buyer1.yaml"
    profile.write_text(ONE_ROLE + "detectors: [failing_detector:recognizers]\n", encoding="utf-8")
    (tmp_path / "failing_detector.py").write_text(FAILING_RECOGNIZER, encoding="utf-8")
    har = tmp_path / "scan.har"
    run = leakcheck(site, "scan", str(profile), "--save-har", str(har), cwd=tmp_path)
    assert run.returncode != 0
    assert "Traceback" not in run.stdout + run.stderr
    assert mode(har) == 0o600
    saved = json.loads(har.read_text(encoding="utf-8"))
    assert any(CASE_A in entry["request"]["url"] for entry in saved["log"]["entries"])
