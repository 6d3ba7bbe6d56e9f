"""A ``ScanResult`` to and from plain JSON: how a recorded scan is stored for golden tests.

The format mirrors the dataclasses field by field (not the JSON report, which leaves out
``login_unreachable`` and adds derived counts), so loading gives back exactly what was recorded.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from leakcheck.models import Finding, Location, Rendered, Severity, Skip, Surface
from leakcheck.result import RoleCoverage, RunInfo, ScanResult
from leakcheck.suppress import Suppressed

FORMAT = "leakcheck-recorded-scan/1"


def to_dict(result: ScanResult) -> dict[str, Any]:
    """Return a result as JSON-ready data (enums as their values, tuples as lists)."""
    data = json.loads(json.dumps(dataclasses.asdict(result), default=str))
    data["fail_on"] = result.fail_on.value
    return {"format": FORMAT, **data}


def _finding(data: dict[str, Any]) -> Finding:
    return Finding(
        **{
            **data,
            "severity": Severity(data["severity"]),
            "surface": Surface(data["surface"]),
            "rendered": Rendered(data["rendered"]),
            "location": Location(**data["location"]),
            "data_classes": tuple(data["data_classes"]),
            "recognizers": tuple(data["recognizers"]),
        }
    )


def from_dict(data: dict[str, Any]) -> ScanResult:
    """Return the result that :func:`to_dict` stored."""
    assert data["format"] == FORMAT, data["format"]
    return ScanResult(
        run=RunInfo(**data["run"]),
        findings=[_finding(f) for f in data["findings"]],
        coverage=[RoleCoverage(**c) for c in data["coverage"]],
        skips=[Skip(**s) for s in data["skips"]],
        checks_not_run=list(data["checks_not_run"]),
        fail_on=Severity(data["fail_on"]),
        suppressed=[
            Suppressed(_finding(s["finding"]), s["reason"]) for s in data.get("suppressed", [])
        ],
        notes=list(data.get("notes", [])),
        baseline_known=data.get("baseline_known", 0),
        baseline_fixed=list(data.get("baseline_fixed", [])),
    )


def save(result: ScanResult, path: Path) -> None:
    """Write a recorded result (stable key order, UTF-8, one trailing newline)."""
    text = json.dumps(to_dict(result), indent=1, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")


def load(path: Path) -> ScanResult:
    """Read a recorded result."""
    return from_dict(json.loads(path.read_text(encoding="utf-8")))
