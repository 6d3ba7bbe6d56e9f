"""Reports name surfaces and data classes from their tables, including classes added later.

A class a recognizer module declares (the kennitala) and one only a profile names reach every
format with their labels; no report keeps a list of its own.
"""

from __future__ import annotations

import dataclasses
import json

import pytest

from leakcheck.models import Severity, Surface
from leakcheck.report import REPORTERS
from leakcheck.result import ScanResult
from leakcheck.surfaces import traits

CASES = [
    ("national_id.is", "Icelandic kennitala numbers"),
    ("acme.employee_id", "Acme: employee id"),
    ("national_id.gb", "UK National Insurance and NHS numbers"),
]


def _with_class(recorded: ScanResult, data_class: str) -> ScanResult:
    finding = dataclasses.replace(
        recorded.findings[0],
        data_classes=(data_class,),
        surface=Surface.SOURCE_MAP,
        severity=Severity.CRITICAL,
    )
    return dataclasses.replace(recorded, findings=[finding], suppressed=[])


@pytest.mark.parametrize(("data_class", "label"), CASES)
def test_labels_come_from_the_data_class_table(
    recorded: ScanResult, data_class: str, label: str
) -> None:
    result = _with_class(recorded, data_class)
    for fmt in ("html", "markdown"):
        assert label in REPORTERS[fmt](result), fmt
    sarif = json.loads(REPORTERS["sarif"](result))
    (finding,) = sarif["runs"][0]["results"]
    assert label in finding["message"]["text"]
    assert finding["properties"]["dataClasses"] == [data_class]
    assert json.loads(REPORTERS["json"](result))["findings"][0]["data_classes"] == [data_class]


def test_surface_labels_come_from_the_surface_table(recorded: ScanResult) -> None:
    html = REPORTERS["html"](_with_class(recorded, "email"))
    assert f"<strong>{traits(Surface.SOURCE_MAP).label}</strong>" in html
