"""Record the scan the report golden tests render: ``python -m tests.report.record_scan``.

It scans the bundled estate site (vulnerable twin, seed 1) with its profile and a real Chromium,
as ``leakcheck demo`` does, with buyer2's password wrong so that a failed login is recorded too.
Then it makes the recording deterministic and small enough to review:

- the redaction key is fixed (``KEY``), so evidence, fingerprints and digests are stable;
- the site's and the third party's ephemeral ``127.0.0.1:PORT`` origins become
  ``https://estate.example`` and ``https://collector.example``;
- timestamps and durations are fixed;
- findings are trimmed to the first of each (role, rule, surface, severity): about a quarter
  of them, every kind of finding the demo produces still present;
- one skipped body and one check not run are added (a live scan of the demo has neither), so
  that every report's "not covered" section is exercised; like the suppressions and the
  baseline (see ``record``), they say "synthetic" in their text.

After recording, regenerate the golden outputs: ``LEAKCHECK_UPDATE_GOLDEN=1 pytest tests/report``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from datetime import date

from leakcheck.demo import EstateSite
from leakcheck.models import Skip
from leakcheck.pipeline import ScanOptions, scan
from leakcheck.profile import load_profile
from leakcheck.profile.schema import Suppression
from leakcheck.redact import Redactor
from leakcheck.result import ScanResult
from tests.report.helpers import RECORDED
from tests.report.scan_recording import from_dict, save, to_dict

KEY = b"leakcheck-report-golden-key"
OUT = RECORDED
SITE, COLLECTOR = "https://estate.example", "https://collector.example"
STARTED, ENDED, SECONDS = "2024-05-06T09:30:00+00:00", "2024-05-06T09:30:31+00:00", 31.0


def record() -> ScanResult:
    """Scan the estate site once, as the demo does, with one role's login broken.

    The profile gains two suppressions (one active, one expired: a real note) and the result a
    baseline holding one current finding and one that no longer occurs, so that every report's
    suppression and baseline lines are exercised by the real code paths.
    """
    with EstateSite(mode="vulnerable", seed=1) as site:
        env = {**os.environ, **site.credentials_env(), "ESTATE_BUYER2_PASSWORD": "wrong-password"}
        profile_path = site.location.profile
        profile = load_profile(profile_path, env=env)
        suppressions = [
            *profile.suppressions,
            Suppression(
                rule="LC301",
                role="agent",
                reason="synthetic: the agent consented to analytics, ticket DPA-7",
            ),
            Suppression(
                rule="LC104", reason="synthetic: expired exception", expires=date(2024, 1, 31)
            ),
        ]
        profile = profile.model_copy(update={"suppressions": suppressions})
        result = scan(profile, Redactor(KEY), ScanOptions(), profile_path)
        result.with_baseline(frozenset({result.findings[-1].fingerprint, "0" * 32}))
        text = json.dumps(to_dict(result), ensure_ascii=False)
        for origin, name in ((site.url, SITE), (site.third_party_url, COLLECTOR)):
            text = re.sub(re.escape(origin.rstrip("/")) + r"(?![0-9])", name, text)
    return from_dict(json.loads(text))


def normalize(result: ScanResult) -> ScanResult:
    """Fix times, trim findings to one per kind, and add the synthetic coverage gaps."""
    seen: set[tuple[str, str, str, str]] = set()
    findings = []
    for finding in result.findings:
        kind = (finding.role, finding.rule, finding.surface.value, finding.severity.value)
        if kind not in seen:
            seen.add(kind)
            findings.append(finding)
    coverage = [
        dataclasses.replace(c, seconds=6.0 if c.logged_in else 1.5) for c in result.coverage
    ]
    run = dataclasses.replace(result.run, started_at=STARTED, ended_at=ENDED, seconds=SECONDS)
    skips = [
        *result.skips,
        Skip("buyer1", f"{SITE}/api/statistics?case=…", "synthetic: malformed JSON (line 1)"),
    ]
    checks = [*result.checks_not_run, "synthetic: rendered: a foreign HAR has no page snapshots"]
    return dataclasses.replace(
        result, run=run, findings=findings, coverage=coverage, skips=skips, checks_not_run=checks
    )


if __name__ == "__main__":
    recorded = normalize(record())
    save(recorded, OUT)
    print(f"{OUT}: {len(recorded.findings)} findings, {len(recorded.coverage)} roles")
