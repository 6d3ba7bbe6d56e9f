"""The plugin's session report: written private over a readable file, its path checked first.

No test of the inner runs opens a page, so no browser starts: what is checked is the report file
the plugin writes at the end of every session with ``--leakcheck-report``.
"""

from __future__ import annotations

import json
import stat

import pytest

pytest_plugins = ("pytester",)

PROFILE = """\
name: plugin-report
target: {url: "http://127.0.0.1:9"}
roles:
  visitor:
    pages: [/]
"""


@pytest.fixture
def inner(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    monkeypatch.setenv("LEAKCHECK_KEY", "plugin-report-key")
    pytester.makefile(".yaml", profile=PROFILE)
    pytester.makepyfile(test_nothing="def test_nothing():\n    pass\n")
    return pytester


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "-p", "no:playwright", "--leakcheck-profile=profile.yaml", *args
    )


def test_the_report_over_a_0644_file_is_left_0600(inner: pytest.Pytester) -> None:
    report = inner.path / "leakcheck.json"
    report.write_text("yesterday's report\n", encoding="utf-8")
    report.chmod(0o644)
    result = run(inner, f"--leakcheck-report={report}")
    result.assert_outcomes(passed=1)
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert json.loads(report.read_text(encoding="utf-8"))["schema"] == "leakcheck-report"


def test_a_report_path_that_cannot_be_written_stops_the_session_before_any_test(
    inner: pytest.Pytester,
) -> None:
    (inner.path / "notes.txt").write_text("", encoding="utf-8")
    result = run(inner, "--leakcheck-report=notes.txt/leakcheck.json")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--leakcheck-report notes.txt/leakcheck.json: not a directory*"])
    assert "test_nothing" not in result.stdout.str()  # no test was collected or run
