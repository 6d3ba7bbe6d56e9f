"""Data leaving to another origin: reported with its receiver, and blockable for audits."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from leakcheck.demo import EstateSite
from leakcheck.pipeline import ScanOptions, scan
from leakcheck.profile import load_profile
from leakcheck.redact import Redactor
from leakcheck.scope import origin_of

PROFILE = Path(__file__).resolve().parents[2] / "profiles" / "estate.yaml"

pytestmark = pytest.mark.browser


def test_block_third_party_sends_nothing_out_and_still_reports_what_was_attempted(
    estate_site: Callable[..., EstateSite],
) -> None:
    # A site of its own: the third-party collector's memory must start empty.
    site = estate_site(mode="vulnerable", seed=3)
    profile = load_profile(PROFILE, env={**os.environ, **site.credentials_env()})
    options = ScanOptions(roles=("buyer1",), block_third_party=True)
    result = scan(profile, Redactor(b"k"), options, PROFILE)
    received = httpx.get(f"{site.third_party_url}/received").json()
    assert received == []
    sent = [f for f in result.findings if f.rule == "LC301"]
    assert {f.receiver for f in sent} == {origin_of(site.third_party_url)}
    assert {c for f in sent for c in f.data_classes} >= {"email", "national_id.dk"}
    assert {f.location.path for f in sent} >= {"body|json:$.user.email", "query:cpr"}
