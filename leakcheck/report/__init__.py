"""Reporters: each turns a ``ScanResult`` into one document; only the CLI writes files.

A reporter is a pure function ``ScanResult -> str`` registered here under its ``--format``
name, with the file extension ``--output-dir`` gives it.
"""

from __future__ import annotations

from collections.abc import Callable

from leakcheck.report.console import render_console, render_summary
from leakcheck.report.html import render_html
from leakcheck.report.json_report import render_json
from leakcheck.report.junit import render_junit
from leakcheck.report.markdown import render_markdown
from leakcheck.report.sarif import render_sarif
from leakcheck.result import ScanResult

REPORTERS: dict[str, Callable[[ScanResult], str]] = {
    "console": render_console,
    "json": render_json,
    "sarif": render_sarif,
    "junit": render_junit,
    "html": render_html,
    "markdown": render_markdown,
}

EXTENSIONS: dict[str, str] = {
    "console": "txt",
    "json": "json",
    "sarif": "sarif",
    "junit": "xml",
    "html": "html",
    "markdown": "md",
}
"""File name extension per format: ``--output-dir DIR`` writes ``DIR/leakcheck.EXT``."""

__all__ = [
    "EXTENSIONS",
    "REPORTERS",
    "render_console",
    "render_html",
    "render_json",
    "render_junit",
    "render_markdown",
    "render_sarif",
    "render_summary",
]
