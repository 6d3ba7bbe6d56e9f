"""Wire the stages in order: capture -> extract -> detect -> judge. No stage logic lives here."""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from leakcheck import __version__
from leakcheck.capture.session import RoleCapture
from leakcheck.errors import ConfigError
from leakcheck.extract import extract
from leakcheck.gcpause import paused_gc
from leakcheck.judge import Judge, JudgeInput, ThirdPartyPolicy
from leakcheck.models import Artifact, Skip
from leakcheck.profile.entitlements import RoleEntitlements
from leakcheck.profile.loader import Extensions, load_extensions
from leakcheck.profile.schema import PageSpec, Profile, Role, Target
from leakcheck.progress import Progress
from leakcheck.redact import Redactor
from leakcheck.result import RoleCoverage, RunInfo, ScanResult
from leakcheck.scope import Scope, origin_of, url_problem
from leakcheck.suppress import apply_suppressions
from leakcheck.textnorm import fold


@dataclass(frozen=True)
class ScanOptions:
    roles: Sequence[str] = ()
    """Roles to scan; empty means all."""
    reveal: bool = False
    headless: bool = True
    block_third_party: bool = False
    follow_links: bool = True
    """Fetch source maps and linked documents with the role's session."""
    jobs: int = 3
    """Roles captured in parallel (each in its own browser)."""
    page_jobs: int | None = None
    """Pages of a role loading at the same time; None: the profile's ``page_concurrency``."""
    quiet: bool = False
    """No progress display (it is also off when stderr is not a terminal)."""
    save_har: Path | None = None
    """Write what was captured as a HAR (with page snapshots) for ``leakcheck analyze``."""


def profile_scope(profile: Profile) -> Scope:
    return Scope.of([profile.target.url, *profile.target.scope], profile.target.login_origins)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def scan(
    profile: Profile,
    redactor: Redactor,
    options: ScanOptions = ScanOptions(),
    profile_path: Path | None = None,
) -> ScanResult:
    """Capture every selected role with a real browser, then analyse what it received."""
    from leakcheck.capture.browser import check_browser
    from leakcheck.capture.session import CaptureSettings, capture_profile
    from leakcheck.extract.followups import discover_follow_ups

    unknown = [r for r in options.roles if r not in profile.roles]
    if unknown:
        known = ", ".join(profile.roles)
        raise ConfigError(f"unknown role {unknown[0]!r}; the profile has: {known}")
    roles = list(options.roles) or list(profile.roles)
    extensions = load_extensions(profile)  # before the browser: a broken one costs nothing
    check_browser()  # last of the checks: LEAKCHECK_BROWSER names a browser
    started, clock = _now(), time.monotonic()
    profile_dir = profile_path.parent if profile_path else Path.cwd()
    scope = profile_scope(profile)
    settings = CaptureSettings(
        headless=options.headless,
        block_third_party=options.block_third_party,
        discover=partial(discover_follow_ups, scope=scope) if options.follow_links else None,
        jobs=options.jobs,
        page_jobs=options.page_jobs,
        progress=None if options.quiet else Progress(len(roles)),
    )
    try:
        captures = capture_profile(profile, roles, scope, profile_dir, settings)
    finally:
        if settings.progress is not None:
            settings.progress.close()
    # The HAR is written before the analysis, so an analysis that fails still leaves it; a HAR
    # that cannot be written costs the HAR only: the findings are still reported.
    har_error = _save_har(captures, profile.target.url, options.save_har)
    result = analyze(
        profile,
        captures,
        redactor,
        started=started,
        seconds=time.monotonic() - clock,
        profile_sha256=_sha256(profile_path),
        extensions=extensions,
    )
    result.run.third_parties_blocked = options.block_third_party
    if har_error is not None:
        result.write_errors.append(har_error)
    return result


def _save_har(captures: Sequence[RoleCapture], target: str, path: Path | None) -> str | None:
    """Write the captures as a HAR when asked; return why it could not be written, if so."""
    from leakcheck.capture.harfile import write_har

    if path is None:
        return None
    try:
        write_har(captures, target, path)
    except ConfigError as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - losing the HAR must not lose the findings
        return f"cannot write the HAR to {path}: internal error ({exc.__class__.__name__})"
    return None


def analyze(
    profile: Profile,
    captures: Sequence[RoleCapture],
    redactor: Redactor,
    started: str | None = None,
    seconds: float = 0.0,
    profile_sha256: str | None = None,
    extensions: Extensions | None = None,
) -> ScanResult:
    """Extract, detect and judge captured artifacts: the path live scans and HARs share.

    ``extensions`` are the profile's, loaded here unless the caller already has them.
    """
    if extensions is None:
        extensions = load_extensions(profile)
    with paused_gc():  # extract, detect and judge build millions of acyclic objects
        return _analyze(profile, captures, redactor, started, seconds, profile_sha256, extensions)


def _analyze(
    profile: Profile,
    captures: Sequence[RoleCapture],
    redactor: Redactor,
    started: str | None,
    seconds: float,
    profile_sha256: str | None,
    extensions: Extensions,
) -> ScanResult:
    from leakcheck.detect import Detector

    artifacts: list[Artifact] = [a for c in captures for a in c.artifacts]
    extraction = extract(artifacts, profile_scope(profile), extensions.graphql_schema)
    canaries = [c.value for c in profile.canaries]
    detector = Detector(
        canaries=canaries,
        min_confidence=profile.policy.min_confidence,
        recognizers=extensions.recognizers,
    )
    detections = detector.detect(extraction.exposures)
    entitlements = {
        name: RoleEntitlements(role.entitlements, role.attributes)
        for name, role in profile.roles.items()
        if role.entitlements is not None
    }
    judge = Judge(
        JudgeInput(
            entitlements=entitlements,
            canary_owners={fold(c.value): frozenset(c.allowed_roles) for c in profile.canaries},
            third_parties=ThirdPartyPolicy(
                {origin_of(t.origin): frozenset(t.classes) for t in profile.third_parties}
            ),
            visible=extraction.visible,
            min_confidence=profile.policy.min_confidence,
        ),
        redactor,
    )
    findings, suppressed, expired = apply_suppressions(
        judge.judge(extraction.exposures, detections), profile.suppressions
    )
    skips = [
        Skip(s.role, redactor.url(s.what) or s.what, s.reason, s.shortfall)
        for s in [*(s for c in captures for s in c.skips), *extraction.skips]
    ]
    coverage = [_coverage(profile, capture, entitlements) for capture in captures]
    checks_not_run = []
    if any(not c.pages_visited for c in captures if c.login_error is None):
        checks_not_run.append("some roles visited no page: nothing was captured for them")
    return ScanResult(
        run=RunInfo(
            tool_version=__version__,
            target=profile.target.url,
            profile_name=profile.name,
            profile_sha256=profile_sha256,
            started_at=started or _now(),
            ended_at=_now(),
            seconds=round(seconds, 2),
            revealed=redactor.reveal,
        ),
        findings=findings,
        coverage=coverage,
        skips=skips,
        checks_not_run=checks_not_run,
        fail_on=profile.policy.fail_on,
        suppressed=suppressed,
        notes=expired,
    )


def analyze_har(
    path: Path,
    redactor: Redactor,
    profile: Profile | None = None,
    role: str | None = None,
    profile_path: Path | None = None,
) -> ScanResult:
    """Judge a HAR file without a browser: leakcheck's own (with snapshots) or a foreign one.

    Without a profile every role is judged zero-config and the scope is the HAR's first origin.
    With ``role``, a foreign HAR is that role's, and a leakcheck HAR is narrowed to it.
    """
    from leakcheck.capture.harfile import captures_from_har, har_origin, is_leakcheck_har, load_har

    started, clock = _now(), time.monotonic()
    har = load_har(path)
    own = is_leakcheck_har(har)
    if profile is None:
        target = har_origin(har)
        if not target:
            raise ConfigError(f"{path}: the HAR names no page or request to take a target from")
        problem = url_problem(target, relative=False)
        if problem:
            raise ConfigError(f"{path}: the HAR's target cannot be scanned: {problem}")
        profile = Profile(
            name=f"har:{path.name}",
            target=Target(url=target),
            roles={role or "har": Role(pages=[PageSpec(url=target)])},
        )
    elif role is not None and role not in profile.roles:
        known = ", ".join(profile.roles)
        raise ConfigError(f"unknown role {role!r}; the profile has: {known}")
    captures, checks = captures_from_har(har, profile_scope(profile), None if own else role)
    if role is not None:
        captures = [c for c in captures if c.role == role]
        if not captures:
            raise ConfigError(f"{path}: the HAR holds nothing for role {role!r}")
    result = analyze(
        profile,
        captures,
        redactor,
        started=started,
        seconds=time.monotonic() - clock,
        profile_sha256=_sha256(profile_path),
    )
    result.checks_not_run.extend(checks)
    return result


def _coverage(
    profile: Profile, capture: RoleCapture, entitlements: dict[str, RoleEntitlements]
) -> RoleCoverage:
    kinds = Counter(a.kind.value for a in capture.artifacts)
    sizes: Counter[str] = Counter()
    for artifact in capture.artifacts:
        sizes[artifact.kind.value] += len(artifact.body) + len(artifact.request_body or "")
    return RoleCoverage(
        role=capture.role,
        logged_in=capture.login_error is None,
        login_error=capture.login_error,
        login_unreachable=capture.login_unreachable,
        pages_requested=list(capture.pages_requested),
        pages_visited=list(capture.pages_visited),
        artifacts=dict(sorted(kinds.items())),
        bytes_by_kind=dict(sorted(sizes.items())),
        bytes_captured=sum(sizes.values()),
        seconds=round(capture.seconds, 2),
        judged="entitlements" if capture.role in entitlements else "zero-config",
    )


def _sha256(path: Path | None) -> str | None:
    if path is None or not path.is_file():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()
