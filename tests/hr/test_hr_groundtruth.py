"""The portal's ground truth is generated, committed, covers every shape it promises, varies
with the seed, and its profile holds no leaked value. Pure: no server, no browser."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from fixtures.hr import groundtruth, personnummer
from fixtures.hr.accounts import ACCOUNTS
from fixtures.hr.data import CANARY_EMAIL, CANARY_PERSONNUMMER, generate
from fixtures.hr.groundtruth import dump, ground_truth
from leakcheck.profile import load_profile
from tests.hr.portal import PROFILE, REPO, PortalSite

HR = Path(groundtruth.__file__).parent
REASONS = {
    value
    for name, value in vars(groundtruth).items()
    if name.startswith(("NEEDS_", "CAPTURE_", "DETECTOR_", "JUDGE_"))
}


def _rows(truth: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = truth["leaks"] + truth["decoys"]
    return rows


def test_committed_leaks_yaml_is_what_the_generator_writes() -> None:
    assert (HR / "leaks.yaml").read_text(encoding="utf-8") == dump(ground_truth(1))


def test_ids_are_unique_and_the_same_for_every_seed() -> None:
    one, two = ground_truth(1), ground_truth(2)
    ids = [row["id"] for row in _rows(one)]
    assert len(ids) == len(set(ids))
    assert sorted(ids) == sorted(row["id"] for row in _rows(two))
    assert {row["role"] for row in one["leaks"]} == set(ACCOUNTS)


def test_every_expected_failure_names_a_known_reason() -> None:
    for row in _rows(ground_truth(1)):
        if "xfail" in row:
            assert set(row["xfail"].split("; ")) <= REASONS, row["id"]


def _where(rows: list[dict[str, Any]], **match: str) -> list[dict[str, Any]]:
    return [row for row in rows if all(str(row[k]).startswith(v) for k, v in match.items())]


def test_the_shapes_the_issue_asks_for_are_planted() -> None:
    truth = ground_truth(1)
    leaks, decoys = truth["leaks"], truth["decoys"]
    assert {row["surface"] for row in leaks} == {
        "network-graphql",
        "network-json",
        "inline-state",
        "dom-hidden",
        "dom-visible",
        "js-bundle",
        "linked-document",
        "third-party-request",
    }
    # A /me endpoint without an owner field, and the same JSON path with another owner.
    assert _where(decoys, url="/api/me", location="$.personnummer")
    assert _where(leaks, url="/api/people/", location="$.personnummer")
    assert _where(leaks, url="/api/me", location="$.manager.")  # another person nested
    # A team nesting colleagues next to the role's own record, at the same location.
    member = "$.data.viewer.team.members[*].personnummer"
    assert _where(leaks, location=member) and _where(decoys, location=member)
    # A field the role may not get even in its own record.
    assert _where(leaks, id="employee1-graphql-own-review-managerNote")
    # Exports with one row per person, linked from the team page.
    assert {r["location"] for r in _where(leaks, location="csv:")} >= {
        "csv:personnummer",
        "csv:bankkonto",
        "csv:manadslon",
        "csv:fackforbund",
    }
    assert _where(leaks, location="xml:$.franvarorapport.anstalld.franvaro.diagnos")
    # Next.js App Router flight data, inline and prefetched; a service worker; an iframe.
    assert _where(leaks, location="self.__next_f|json:") and _where(leaks, location="flight|")
    assert _where(leaks, url="/sw.js") and _where(leaks, url="/api/directory/offline")
    assert {r["surface"] for r in _where(leaks, url="/embed/orgchart")} == {
        "dom-hidden",
        "inline-state",
    }
    # A POST beacon and an image pixel, with a hashed e-mail.
    assert _where(leaks, url="third-party:/collect") and _where(leaks, location="query:em")
    # Art. 9 data, role mailboxes and the switchboard.
    assert {"health", "trade_union"} <= {row["data_class"] for row in leaks}
    company = generate(1).company
    decoy_values = {row["value"] for row in decoys}
    assert {company.hr_email, company.payroll_email, company.switchboard} <= decoy_values
    assert Counter(row["data_class"] for row in leaks)["canary"] >= 6


def test_no_row_is_both_a_leak_and_a_decoy() -> None:
    truth = ground_truth(1)

    def key(row: dict[str, Any]) -> tuple[Any, ...]:
        return (row["role"], row["page"], row["surface"], row["location"], row["value"])

    assert not {key(r) for r in truth["leaks"]} & {key(r) for r in truth["decoys"]}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_planted_values_are_well_formed(seed: int) -> None:
    ds = generate(seed)
    people = [p for p in ds.persons.values() if p.key != "canary"]
    assert all(personnummer.is_valid(p.personnummer) for p in people)
    assert any(int(p.personnummer[6:8]) > 60 for p in people), "one samordningsnummer"
    assert not personnummer.is_valid(CANARY_PERSONNUMMER), "only the canary recognizer finds it"
    org = ds.company.org_number.replace("-", "")
    assert personnummer.luhn_valid(org) and int(org[2:4]) >= 20, "Luhn-valid, never a date"
    for p in ds.persons.values():
        digits = p.iban[4:] + "2814" + p.iban[2:4]
        assert len(p.iban) == 24 and int(digits) % 97 == 1, p.iban
        assert p.work_email != p.work_email.lower(), "the pixel's lower-casing matters"
    (pixel,) = _where(ground_truth(seed)["leaks"], id="employee1-pixel-own-email-sha256")
    email = ds.person("employee1").work_email.lower().encode()
    assert pixel["value"] == hashlib.sha256(email).hexdigest()


def test_personal_values_differ_between_seeds() -> None:
    personal = {"email", "phone", "national_id.se", "address", "iban", "secret.api_key"}

    def values(seed: int) -> set[Any]:
        leaks = ground_truth(seed)["leaks"]
        return {row["value"] for row in leaks if row["data_class"] in personal}

    assert values(1) and not values(1) & values(2)
    canaries = {row["value"] for row in ground_truth(2)["leaks"] if row["data_class"] == "canary"}
    assert canaries == {CANARY_EMAIL, CANARY_PERSONNUMMER}


def test_the_profile_loads_and_holds_no_leaked_value() -> None:
    site = PortalSite(url="http://127.0.0.1:1")
    profile = load_profile(PROFILE, env=site.profile_env())
    assert list(profile.roles) == list(ACCOUNTS)
    text = PROFILE.read_text(encoding="utf-8")
    for seed in (1, 2, 3):
        for row in ground_truth(seed)["leaks"]:
            value = str(row["value"])
            if len(value) >= 6 and row["data_class"] != "canary":
                assert value not in text, row["id"]


def test_the_portal_is_relocatable_and_faker_free() -> None:
    for source in HR.glob("*.py"):
        if source.name == "make_names.py":  # the one-off generator of names_sv.json
            continue
        text = source.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) (fixtures|faker)\b", text, re.M), source.name


@pytest.mark.parametrize("seed", [1, 2])
def test_no_planted_value_appears_in_the_package_source(seed: int) -> None:
    """No rule may be keyed to this portal's values (shorter ones are common words)."""
    values = {str(row["value"]) for row in _rows(ground_truth(seed))}
    values = {value for value in values if len(value) >= 6}
    package = REPO / "leakcheck"
    sources = [p for p in package.rglob("*") if p.suffix in (".py", ".yaml", ".json", ".txt")]
    hits = [
        (path.relative_to(package).as_posix(), value)
        for path in sources
        if "_fixtures" not in path.parts
        for text in [path.read_text(encoding="utf-8", errors="replace")]
        for value in values
        if value in text
    ]
    assert len(values) > 80 and hits == []
