"""A week later: bids reordered, one more bid, an unrelated new element. Rescanned, every old
finding keeps its fingerprint, so a baseline hides them all and only the newcomer's are new."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from leakcheck.demo import EstateSite, import_fixture, locate
from leakcheck.pipeline import ScanOptions, scan
from leakcheck.profile import load_profile
from leakcheck.redact import Redactor
from leakcheck.result import ScanResult
from leakcheck.suppress import read_baseline, write_baseline
from leakcheck.textnorm import fold

pytestmark = pytest.mark.browser
PROFILE = Path(__file__).resolve().parents[2] / "profiles" / "estate.yaml"
REDACTOR = Redactor(b"fingerprint-test", reveal=True)


def scan_revision(revision: int) -> ScanResult:
    with EstateSite(mode="vulnerable", seed=1, revision=revision) as site:
        profile = load_profile(PROFILE, env={**os.environ, **site.credentials_env()})
        return scan(profile, REDACTOR, ScanOptions(roles=("buyer1", "seller")), PROFILE)


def test_a_rescan_a_week_later_keeps_fingerprints_and_the_baseline_hides_them(
    tmp_path: Path,
) -> None:
    before = scan_revision(1)
    baseline = tmp_path / "baseline.json"
    write_baseline(before.findings, baseline, "estate")
    after = scan_revision(2)
    assert {f.fingerprint for f in before.findings} <= {f.fingerprint for f in after.findings}
    after.with_baseline(read_baseline(baseline))
    assert after.baseline_known == len(before.findings) > 100
    assert after.baseline_fixed == []
    data = import_fixture(locate(), "data")
    revised = data.revise(data.generate(1))
    newcomer = revised.persons[data.stable_id("person:late-bidder")]
    late = {
        fold(v)
        for v in (newcomer.name, newcomer.email, newcomer.phone, newcomer.cpr, newcomer.address)
    }
    late_bid = min(b.amount for b in revised.case("A").bids)
    assert after.findings, "the newcomer's data is new"
    for finding in after.findings:
        value = fold(finding.evidence)
        assert value in late or str(late_bid) in value or any(v in value for v in late), (
            finding.rule,
            finding.location.path,
        )
