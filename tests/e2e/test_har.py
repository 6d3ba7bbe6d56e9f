"""HAR in and out: a saved scan analysed without a browser gives the live scan's findings."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from leakcheck.capture.harfile import NO_SNAPSHOT_CHECKS
from leakcheck.demo import EstateSite
from leakcheck.pipeline import ScanOptions, analyze_har, scan
from leakcheck.profile import load_profile
from leakcheck.redact import Redactor

pytestmark = pytest.mark.browser
PROFILE = Path(__file__).resolve().parents[2] / "profiles" / "estate.yaml"


@pytest.fixture(scope="module")
def saved_scan(
    estate_site: Callable[..., EstateSite], tmp_path_factory: pytest.TempPathFactory
) -> tuple[object, Path, EstateSite]:
    site = estate_site(mode="vulnerable", seed=1)
    har = tmp_path_factory.mktemp("har") / "estate.har"
    profile = load_profile(PROFILE, env={**os.environ, **site.credentials_env()})
    live = scan(profile, Redactor(b"har-key"), ScanOptions(save_har=har), PROFILE)
    return live, har, site


def test_analyze_of_a_saved_har_gives_the_live_findings(
    saved_scan: tuple[object, Path, EstateSite],
) -> None:
    live, har, site = saved_scan
    profile = load_profile(PROFILE, env={**os.environ, **site.credentials_env()})
    again = analyze_har(har, Redactor(b"har-key"), profile, profile_path=PROFILE)
    assert len(live.findings) > 250  # type: ignore[attr-defined]
    assert {f.fingerprint for f in again.findings} == {
        f.fingerprint
        for f in live.findings  # type: ignore[attr-defined]
    }
    assert again.checks_not_run == []
    assert [c.role for c in again.coverage] == ["agent", "seller", "buyer1", "buyer2", "buyer3"]


def test_saved_har_is_private_and_holds_no_credentials(
    saved_scan: tuple[object, Path, EstateSite],
) -> None:
    _, har, site = saved_scan
    assert har.stat().st_mode & 0o077 == 0
    text = har.read_text(encoding="utf-8")
    document = json.loads(text)
    assert document["log"]["creator"]["name"] == "leakcheck"
    for account in site.accounts.values():
        assert account["password"] not in text
    headers = {
        h["name"].lower() for e in document["log"]["entries"] for h in e["request"]["headers"]
    }
    assert not headers & {"authorization", "cookie"}
    for page in document["log"]["pages"]:
        cookies = json.loads(page["_leakcheck"]["snapshots"].get("cookies", "[]"))
        assert all(c["value"] == "" for c in cookies if c.get("httpOnly"))


def test_a_har_without_snapshots_says_which_checks_could_not_run(
    saved_scan: tuple[object, Path, EstateSite], tmp_path: Path
) -> None:
    _, har, _ = saved_scan
    document = json.loads(har.read_text(encoding="utf-8"))
    log = document["log"]
    del log["_leakcheck"]
    buyer_pages = {p["id"] for p in log["pages"] if p["_leakcheck"]["role"] == "buyer1"}
    for page in log["pages"]:
        del page["_leakcheck"]
    log["entries"] = [
        {k: v for k, v in e.items() if k != "_leakcheck"}
        for e in log["entries"]
        if e["pageref"] in buyer_pages
    ]
    foreign = tmp_path / "devtools.har"
    foreign.write_text(json.dumps(document))
    result = analyze_har(foreign, Redactor(b"har-key"), role="buyer1")
    assert result.checks_not_run == [NO_SNAPSHOT_CHECKS]
    assert [c.role for c in result.coverage] == ["buyer1"]
    rules = {f.rule for f in result.findings}
    # Rendering unknown: hidden over-fetch only where nothing is ever shown as text.
    hidden = {
        (f.surface.value, "@" in f.location.path) for f in result.findings if f.rule == "LC104"
    }
    assert hidden <= {("html-comment", False), ("dom-hidden", True)}
    assert {"LC201", "LC301"} <= rules  # secrets and data sent out need no DOM
    # Comments (and inline state) come from the pages' HTML source instead of the DOM.
    assert "html-comment" in {f.surface.value for f in result.findings}
