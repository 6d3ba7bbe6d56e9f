"""The HTML report in a real Chromium: it loads nothing but itself, and counts what JSON counts."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from leakcheck.report import render_html, render_json
from leakcheck.result import ScanResult
from tests.report.helpers import DATA

pytestmark = pytest.mark.browser


def open_report(browser: Any, path: Path) -> tuple[Any, list[str]]:
    """Open a report from disk, recording every request the page makes."""
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    # "load": the whole document is parsed (every finding row is there). Then "networkidle": a
    # late fetch (fonts, favicon, prefetch) starts after load, and this waits until no request
    # has been in flight for 500 ms, however long the page took to get there. Going to
    # "networkidle" alone returned before a large report was parsed on a busy machine.
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_load_state("networkidle")
    return page, requests


def severity_counts(page: Any) -> dict[str, int]:
    rows = page.eval_on_selector_all("tr.finding", "rows => rows.map(row => row.dataset.severity)")
    return dict(Counter(rows))


def test_html_report_fetches_nothing_and_matches_json(
    recorded: ScanResult, chromium_browser: Any, tmp_path: Path
) -> None:
    report = tmp_path / "report.html"
    report.write_text(render_html(recorded), encoding="utf-8")
    page, requests = open_report(chromium_browser, report)
    try:
        assert requests == [report.as_uri()]
        summary = json.loads(render_json(recorded))["summary"]
        assert page.locator("tr.finding").count() == summary["findings"]
        assert severity_counts(page) == {s: n for s, n in summary["by_severity"].items() if n}
        matrix_roles = page.eval_on_selector_all(
            "table.matrix th.role", "cells => cells.map(c => c.textContent)"
        )
        assert matrix_roles == [c.role for c in recorded.coverage]
        page.emulate_media(media="print")
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))  # printable: laid out on A4 pages
        assert len(pdf.pages) > 3
        assert "Who received what" in pdf.pages[0].extract_text() + pdf.pages[1].extract_text()
    finally:
        page.close()


def test_demo_writes_valid_sarif_and_a_self_contained_html(
    chromium_browser: Any, tmp_path: Path
) -> None:
    import jsonschema

    sarif, html = tmp_path / "out.sarif", tmp_path / "out.html"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "leakcheck",
            "demo",
            "--format",
            "sarif",
            "-o",
            str(sarif),
            "--format",
            "html",
            "-o",
            str(html),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
        check=False,
        env={**os.environ, "LEAKCHECK_KEY": "report-demo-test"},
    )
    assert run.returncode == 1, run.stderr
    assert f"report written to {sarif}" in run.stderr and f"report written to {html}" in run.stderr
    document = json.loads(sarif.read_text(encoding="utf-8"))
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(document)
    results = document["runs"][0]["results"]
    assert len(results) > 50
    page, requests = open_report(chromium_browser, html)
    try:
        assert requests == [html.as_uri()]
        assert page.locator("tr.finding").count() == len(results)
    finally:
        page.close()
