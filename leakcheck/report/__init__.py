"""Reporters: each turns a ``ScanResult`` into one document; only the CLI writes files."""

from __future__ import annotations

from collections.abc import Callable

from leakcheck.report.console import render_console
from leakcheck.report.json_report import render_json
from leakcheck.result import ScanResult

REPORTERS: dict[str, Callable[[ScanResult], str]] = {
    "console": render_console,
    "json": render_json,
}

__all__ = ["REPORTERS", "render_console", "render_json"]
