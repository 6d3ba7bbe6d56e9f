"""SARIF: valid against the official 2.1.0 schema (vendored), and shaped for code-scanning tools."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest

from leakcheck.models import Severity
from leakcheck.report.sarif import FINGERPRINT_KEY, render_sarif
from leakcheck.result import ScanResult
from leakcheck.rules import RULES
from tests.report.helpers import DATA, clean_result

SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
SHARED_SCHEMA = (
    Path(__file__).resolve().parents[3] / "shared" / "schemas" / "sarif-schema-2.1.0.json"
)


def validate(document: dict[str, Any]) -> None:
    validator_class = jsonschema.validators.validator_for(SCHEMA)
    validator_class.check_schema(SCHEMA)
    validator = validator_class(SCHEMA, format_checker=validator_class.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def sarif(result: ScanResult) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(render_sarif(result))
    return document


def assert_uri(uri: str, absolute: bool = True) -> None:
    """jsonschema checks ``format: uri`` only with an optional package: check it here."""
    assert uri.isascii() and not any(c.isspace() for c in uri), uri
    if absolute:
        assert urlsplit(uri).scheme and urlsplit(uri).netloc, uri


def test_vendored_schema_is_the_official_one() -> None:
    assert SCHEMA["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    if SHARED_SCHEMA.exists():
        assert json.loads(SHARED_SCHEMA.read_text(encoding="utf-8")) == SCHEMA


@pytest.mark.parametrize("variant", ["recorded", "clean", "revealed", "high-only"])
def test_sarif_is_valid_against_the_official_schema(recorded: ScanResult, variant: str) -> None:
    result = {
        "recorded": recorded,
        "clean": clean_result(recorded),
        "revealed": dataclasses.replace(
            recorded, run=dataclasses.replace(recorded.run, revealed=True)
        ),
        "high-only": dataclasses.replace(recorded, fail_on=Severity.HIGH),
    }[variant]
    validate(sarif(result))


def test_one_rule_per_code_with_help_and_help_uri(recorded: ScanResult) -> None:
    driver = sarif(recorded)["runs"][0]["tool"]["driver"]
    assert [r["id"] for r in driver["rules"]] == list(RULES)
    for rule, sarif_rule in zip(RULES.values(), driver["rules"], strict=True):
        assert sarif_rule["helpUri"].endswith(f"docs/rules.md#{rule.code.lower()}")
        assert_uri(sarif_rule["helpUri"])
        assert rule.why in sarif_rule["help"]["text"] and rule.fix in sarif_rule["help"]["text"]
        assert sarif_rule["shortDescription"]["text"] == rule.title
        assert float(sarif_rule["properties"]["security-severity"]) >= 7.0


def test_results_carry_location_fingerprint_level_and_properties(recorded: ScanResult) -> None:
    run = sarif(recorded)["runs"][0]
    results = run["results"]
    assert len(results) == len(recorded.findings) + len(recorded.suppressed)
    suppressed = results[len(recorded.findings) :]
    for entry, result in zip(recorded.suppressed, suppressed, strict=True):
        assert result["suppressions"] == [{"kind": "external", "justification": entry.reason}]
        assert result["partialFingerprints"][FINGERPRINT_KEY] == entry.finding.fingerprint
    assert not any("suppressions" in r for r in results[: len(recorded.findings)])
    levels = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
    for finding, result in zip(recorded.findings, results[: len(recorded.findings)], strict=True):
        assert result["ruleId"] == finding.rule
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == finding.rule
        assert result["level"] == levels[finding.severity.value]
        location = result["locations"][0]
        assert location["physicalLocation"]["artifactLocation"]["uri"] == finding.page
        assert_uri(finding.page)
        logical = [loc["fullyQualifiedName"] for loc in location["logicalLocations"]]
        assert logical[0] == finding.location.path
        if finding.location.type_field:
            assert logical[1] == finding.location.type_field
        assert result["partialFingerprints"] == {FINGERPRINT_KEY: finding.fingerprint}
        properties = result["properties"]
        assert properties["role"] == finding.role
        assert properties["surface"] == finding.surface.value
        assert properties["dataClasses"] == list(finding.data_classes)
        assert properties["rendered"] == finding.rendered.value
        assert finding.evidence in result["message"]["text"]
    assert any(r["locations"][0]["logicalLocations"][1:] for r in results)  # Type.field seen


def test_redacted_urls_become_valid_uris(recorded: ScanResult) -> None:
    finding = dataclasses.replace(recorded.findings[0], page="https://shop.example/c?q=…&x")
    document = sarif(dataclasses.replace(recorded, findings=[finding]))
    uri = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert uri["artifactLocation"]["uri"] == "https://shop.example/c?q=%E2%80%A6&x"


def test_invocation_has_times_success_and_coverage_notifications(recorded: ScanResult) -> None:
    run = sarif(recorded)["runs"][0]
    invocation = run["invocations"][0]
    assert invocation["startTimeUtc"] == "2024-05-06T09:30:00Z"
    assert invocation["endTimeUtc"] == "2024-05-06T09:30:31Z"
    assert invocation["executionSuccessful"] is False  # buyer2 could not log in
    assert invocation["exitCode"] == recorded.exit_code == 2
    notes = invocation["toolExecutionNotifications"]
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for note in notes:
        by_kind.setdefault(note["properties"]["kind"], []).append(note)
    assert [n["properties"]["role"] for n in by_kind["coverage"]] == [
        c.role for c in recorded.coverage
    ]
    failed = [n for n in by_kind["coverage"] if n["level"] == "error"]
    assert [n["properties"]["role"] for n in failed] == ["buyer2"]
    assert len(failed[0]["locations"]) == 2  # both pages unvisited
    assert len(by_kind["skipped"]) == len(recorded.skips)
    assert len(by_kind["check-not-run"]) == len(recorded.checks_not_run)
    assert invocation["properties"]["coverage"]["roles"][0]["role"] == "agent"
    properties = run["properties"]
    assert properties["profileSha256"] == recorded.run.profile_sha256
    assert properties["failOn"] == "low" and properties["findings"] == len(recorded.findings)


def test_clean_complete_run_is_successful(recorded: ScanResult) -> None:
    clean = clean_result(recorded)
    invocation = sarif(clean)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is True and invocation["exitCode"] == 0
    assert {n["level"] for n in invocation["toolExecutionNotifications"]} == {"note"}
