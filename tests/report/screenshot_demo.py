"""Regenerate ``docs/report.png``: ``python tests/report/screenshot_demo.py``.

Runs ``leakcheck demo --format html`` (the vulnerable estate site, seed 1) as a user would, opens
the report from disk in headless Chromium and captures the top of the page: the verdict, the
counts by role and severity and the matrix of who received what. It also fails if the page
requested anything but its own file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from leakcheck.capture.browser import launch_options

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "docs" / "report.png"
VIEWPORT = {"width": 1200, "height": 900}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.html"
        env = {**os.environ, "LEAKCHECK_KEY": "docs-screenshot"}
        command = [sys.executable, "-m", "leakcheck", "demo", "--format", "html", "-o", str(report)]
        run = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if run.returncode != 1:
            sys.exit(f"demo exited {run.returncode}: {run.stderr}")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(**launch_options())
            page = browser.new_page(viewport=VIEWPORT)
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto(report.as_uri())
            matrix = page.locator("#matrix").bounding_box()
            assert matrix is not None
            bottom = matrix["y"] + matrix["height"] + 24
            page.screenshot(
                path=str(OUT),
                full_page=True,
                clip={"x": 0, "y": 0, "width": VIEWPORT["width"], "height": bottom},
            )
            browser.close()
        if requests != [report.as_uri()]:
            sys.exit(f"the report requested more than itself: {requests}")
    print(f"{OUT} written")


if __name__ == "__main__":
    main()
