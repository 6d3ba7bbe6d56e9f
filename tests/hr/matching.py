"""Match leakcheck's findings to the portal's ground-truth rows (pure; shared by its tests).

A finding matches a row when role, page path, surface and canonical location agree and the
finding's evidence (the scans run with ``reveal``) names the planted value: equal, or one
inside the other (a street inside an address, a name inside a note).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import pytest

from leakcheck.models import Finding
from leakcheck.textnorm import fold


def place(item: Finding | dict[str, Any]) -> tuple[str, ...]:
    """Role, page path, surface and canonical location of a finding or a ground-truth row."""
    if isinstance(item, Finding):
        return (item.role, urlsplit(item.page).path, item.surface.value, item.location.path)
    return (item["role"], item["page"], item["surface"], item["location"])


def same_value(finding: Finding, planted: object) -> bool:
    """Return whether the finding's evidence names the planted value."""
    span, value = fold(finding.evidence), fold(str(planted))
    return span == value or (min(len(span), len(value)) >= 5 and (span in value or value in span))


def found_at(findings: Iterable[Finding], row: dict[str, Any]) -> bool:
    """Return whether some finding names the row's value at the row's place."""
    return any(place(f) == place(row) and same_value(f, row["value"]) for f in findings)


def rows_as_params(rows: Iterable[dict[str, Any]], prefix: str = "") -> list[Any]:
    """Parametrize by row; a row leakcheck cannot get right yet is a strict expected failure."""
    return [
        pytest.param(
            row,
            id=prefix + row["id"],
            marks=[pytest.mark.xfail(strict=True, reason=row["xfail"])] if "xfail" in row else [],
        )
        for row in rows
    ]
