"""pytest plugin: judge what a test's browser received against a leakcheck profile.

Two modes share one capture path (a HAR-recording context, page snapshots at the end of the
test, ``pipeline.analyze``):

* dedicated: the ``leakcheck_role`` fixture logs in as a profile role and yields a page;
  ``leakcheck_role.assert_clean()`` fails with the findings, redacted, as the console shows them;
* passive: with ``--leakcheck-passive`` or ``@pytest.mark.leakcheck(role=...)`` every context that
  pytest-playwright's fixtures (or the ``browser`` fixture) create is recorded, judged after the
  test body and a leak fails the test in its call phase.

The module is loaded for every pytest run (entry point ``pytest11``), so it imports nothing
heavy at module level and registers its session object only when ``--leakcheck-profile`` is given.
"""

from __future__ import annotations

import base64
import json
import os
import pickle
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

    from leakcheck.capture.session import RoleCapture
    from leakcheck.models import Artifact, Finding, Severity
    from leakcheck.profile.schema import Profile
    from leakcheck.redact import Redactor
    from leakcheck.result import ScanResult

SEVERITIES = ("low", "medium", "high", "critical")
FORMATS = ("console", "json", "sarif", "junit", "html", "markdown")
PLAYWRIGHT_FIXTURES = frozenset({"page", "context", "new_context", "browser"})
SESSION_PLUGIN = "leakcheck-session"
NO_PLAYWRIGHT = (
    "leakcheck passive mode records the pages of pytest-playwright's fixtures, but "
    "pytest-playwright is not installed (or disabled with -p no:playwright): "
    "run `pip install pytest-playwright`, or use the leakcheck_role fixture instead"
)
_AUDITS = pytest.StashKey[list["LeakcheckAudit"]]()
_PASSIVE = pytest.StashKey[bool]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("leakcheck", "leakcheck: judge what the browser receives")
    group.addoption(
        "--leakcheck-profile",
        metavar="PATH",
        help="profile YAML: turns the plugin on (roles, logins, entitlements)",
    )
    group.addoption(
        "--leakcheck-passive",
        action="store_true",
        help="record and judge every Playwright test (role from the leakcheck marker or "
        "--leakcheck-role); without it only tests marked leakcheck are recorded",
    )
    group.addoption(
        "--leakcheck-role", metavar="ROLE", help="role for passive tests that declare none"
    )
    group.addoption(
        "--leakcheck-fail-on",
        choices=SEVERITIES,
        help="lowest severity that fails a test (default: the profile's policy.fail_on)",
    )
    group.addoption(
        "--leakcheck-reveal",
        action="store_true",
        help="show raw leaked values in failures and reports (local debugging only)",
    )
    group.addoption(
        "--leakcheck-report", metavar="PATH", help="write one combined report of the session"
    )
    group.addoption(
        "--leakcheck-format",
        choices=FORMATS,
        help="format of --leakcheck-report (default: from its extension, else json)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "leakcheck(role=None, login=False): record this test's Playwright pages and fail it "
        "when they receive data the profile role may not see (needs --leakcheck-profile); "
        "login=True logs the context in as the role first",
    )
    path = config.getoption("--leakcheck-profile")
    if not path:
        for option in ("--leakcheck-passive", "--leakcheck-report", "--leakcheck-role"):
            if config.getoption(option):
                raise pytest.UsageError(f"{option} needs --leakcheck-profile PATH")
        return
    if config.getoption("--leakcheck-passive") and not config.pluginmanager.hasplugin("playwright"):
        raise pytest.UsageError(NO_PLAYWRIGHT)
    report = config.getoption("--leakcheck-report")
    if report:  # before any browser starts: a typo in the path costs nothing
        from leakcheck.errors import ConfigError
        from leakcheck.privatefile import check_output_file

        try:
            check_output_file(Path(report), "--leakcheck-report", create_parents=True)
        except ConfigError as exc:
            raise pytest.UsageError(f"leakcheck: {exc}") from None
    config.pluginmanager.register(LeakcheckSession.from_config(config, Path(path)), SESSION_PLUGIN)


def _session(config: pytest.Config) -> LeakcheckSession:
    plugin = config.pluginmanager.get_plugin(SESSION_PLUGIN)
    if not isinstance(plugin, LeakcheckSession):
        pytest.fail("leakcheck: pass --leakcheck-profile PATH to use leakcheck_role", False)
    return plugin


@pytest.fixture
def leakcheck_role(request: pytest.FixtureRequest) -> LeakcheckAudit:
    """Log in as a profile role and audit what its pages receive during this test.

    ``with leakcheck_role("buyer1") as page: ...`` then ``leakcheck_role.assert_clean()``.
    """
    session = _session(request.config)
    audit = LeakcheckAudit(session, lambda: session.browser(request), request.node.nodeid)
    request.node.stash.setdefault(_AUDITS, []).append(audit)
    return audit


@dataclass
class _Recording:
    """One HAR-recording context of a role: its pages in creation order, and its HAR file."""

    role: str
    context: BrowserContext
    workdir: tempfile.TemporaryDirectory[str]
    pages: list[Page] = field(default_factory=list)
    frames: dict[Page, list[Artifact]] = field(default_factory=dict)
    closed: bool = False
    own_login: bool = False
    """The context was logged in on a page of its own: that whole page is left out."""
    started: float = field(default_factory=time.monotonic)

    @property
    def har_path(self) -> Path:
        return Path(self.workdir.name) / "capture.har"


class LeakcheckAudit:
    """The captures of one test, per role, judged together once the test body is done."""

    def __init__(
        self, session: LeakcheckSession, browser: Callable[[], Browser], nodeid: str
    ) -> None:
        self.session, self._browser, self.nodeid = session, browser, nodeid
        self.recordings: list[_Recording] = []
        self.captures: list[RoleCapture] = []
        self._result: ScanResult | None = None

    # -- recording -------------------------------------------------------------------------

    def record_context(
        self, role: str, create: Callable[..., BrowserContext], **kwargs: Any
    ) -> BrowserContext:
        """Create a context through ``create`` with HAR recording on, and track its pages."""
        from leakcheck.capture.session import _record_event_streams, _record_websockets

        workdir = tempfile.TemporaryDirectory(prefix="leakcheck-pytest-")
        kwargs.setdefault("base_url", self.session.profile.target.url)
        kwargs["record_har_path"] = str(Path(workdir.name) / "capture.har")
        kwargs["record_har_content"] = "embed"
        context = create(**kwargs)
        recording = _Recording(role, context, workdir)

        def on_page(page: Page) -> None:
            recording.pages.append(page)
            frames: list[Artifact] = []
            recording.frames[page] = frames
            _record_websockets(page, role, "", frames)
            _record_event_streams(page, role, "", frames)

        def on_close(_: BrowserContext) -> None:
            recording.closed = True

        context.on("page", on_page)
        context.on("close", on_close)
        self.recordings.append(recording)
        self._result = None
        return context

    @contextmanager
    def context(self, role: str, login: bool = True) -> Iterator[BrowserContext]:
        """Yield a context logged in as ``role``; what it received is judged on exit."""
        context = self.login_context(role, self._browser().new_context, login)
        try:
            yield context
        finally:
            self.finish()

    def login_context(
        self, role: str, create: Callable[..., BrowserContext], login: bool = True, **kwargs: Any
    ) -> BrowserContext:
        """Create a recording context for ``role`` and log it in with the profile's login."""
        from leakcheck.auth.login import context_options, form_login, preset_cookies

        spec = self.session.role(role)
        options = context_options(spec.login, self.session.profile_dir)
        if options.storage_state:
            kwargs.setdefault("storage_state", options.storage_state)
        if options.extra_http_headers:
            kwargs.setdefault("extra_http_headers", options.extra_http_headers)
        context = self.record_context(role, create, **kwargs)
        base = self.session.profile.target.url
        preset_cookies(context, spec.login, base)
        if login and spec.login is not None and spec.login.form is not None:
            page = context.new_page()
            form_login(page, role, spec.login.form, base, self.session.timeout_ms)
            page.close()
            self.recordings[-1].own_login = True
        return context

    @contextmanager
    def page(self, role: str, login: bool = True) -> Iterator[Page]:
        """Yield a fresh page of a context logged in as ``role``; judged on exit."""
        with self.context(role, login) as context:
            yield context.new_page()

    __call__ = page

    # -- judging ---------------------------------------------------------------------------

    def finish(self) -> ScanResult | None:
        """Snapshot open pages, close every recording context and judge all captures so far."""
        from leakcheck.pipeline import analyze

        pending, self.recordings = self.recordings, []
        self.captures.extend(self.session.capture(rec) for rec in pending)
        if pending or (self._result is None and self.captures):
            if not self.captures:
                return None
            self._result = analyze(self.session.profile, self.captures, self.session.redactor)
            self._result.fail_on = self.session.fail_on
        return self._result

    @property
    def result(self) -> ScanResult | None:
        """The judged result (None when nothing was recorded)."""
        return self.finish()

    @property
    def findings(self) -> list[Finding]:
        result = self.finish()
        return list(result.findings) if result else []

    @property
    def gating_findings(self) -> list[Finding]:
        result = self.finish()
        return result.gating_findings if result else []

    def failure_message(self) -> str | None:
        """The console report of the test's findings, or None when nothing gates."""
        from leakcheck.report.console import render_console

        result = self.finish()
        if result is None or not (result.gating_findings or result.login_failed):
            return None
        roles = ", ".join(sorted({c.role for c in self.captures}))
        gating = len(result.gating_findings)
        head = (
            f"leakcheck: {gating} finding(s) at or above {result.fail_on.value} for role(s) {roles}"
        )
        if result.login_failed:
            head = f"leakcheck: a role could not log in ({roles})"
        return head + "\n\n" + render_console(result)

    def assert_clean(self) -> None:
        """Fail the test when what the roles received breaks their entitlements."""
        __tracebackhide__ = True
        message = self.failure_message()
        if message is not None:
            raise AssertionError(message)


@dataclass
class TestRecord:
    """What one test contributed to the session (sent from xdist workers to the controller)."""

    nodeid: str
    worker: str
    result: ScanResult
    passive: bool


class LeakcheckSession:
    """Profile, key and per-test results of a pytest session with ``--leakcheck-profile``."""

    def __init__(
        self,
        config: pytest.Config,
        profile: Profile,
        profile_path: Path,
        redactor: Redactor,
        fail_on: Severity,
    ) -> None:
        self.config, self.profile, self.profile_path = config, profile, profile_path
        self.redactor, self.fail_on = redactor, fail_on
        self.records: list[TestRecord] = []
        self.worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self.started = time.monotonic()
        self.report_written: Path | None = None
        self._combined: ScanResult | None = None

    @classmethod
    def from_config(cls, config: pytest.Config, path: Path) -> LeakcheckSession:
        from leakcheck.errors import LeakcheckError
        from leakcheck.models import Severity
        from leakcheck.profile import load_profile
        from leakcheck.redact import Redactor, load_key

        try:
            profile = load_profile(path)
            redactor = Redactor(load_key(), reveal=bool(config.getoption("--leakcheck-reveal")))
        except LeakcheckError as exc:
            raise pytest.UsageError(f"leakcheck: {exc}") from None
        role = config.getoption("--leakcheck-role")
        if role and role not in profile.roles:
            known = ", ".join(profile.roles)
            raise pytest.UsageError(f"--leakcheck-role {role!r}: the profile has {known}")
        fail_on = config.getoption("--leakcheck-fail-on")
        severity = Severity(fail_on) if fail_on else profile.policy.fail_on
        return cls(config, profile, path.resolve(), redactor, severity)

    @property
    def profile_dir(self) -> Path:
        return self.profile_path.parent

    @property
    def timeout_ms(self) -> float:
        return self.profile.policy.page_timeout_s * 1000

    def role(self, name: str) -> Any:
        if name not in self.profile.roles:
            known = ", ".join(self.profile.roles)
            pytest.fail(f"leakcheck: unknown role {name!r}; the profile has: {known}", False)
        return self.profile.roles[name]

    # -- browsers --------------------------------------------------------------------------

    def browser(self, request: pytest.FixtureRequest) -> Browser:
        """pytest-playwright's browser when installed (one Playwright per process), else ours."""
        name = "browser" if self.config.pluginmanager.hasplugin("playwright") else "_lc_browser"
        browser: Browser = request.getfixturevalue(name)
        return browser

    @pytest.fixture(scope="session")
    def _lc_browser(self) -> Iterator[Browser]:
        """A Chromium launched like the CLI's, for runs without pytest-playwright."""
        from playwright.sync_api import sync_playwright

        from leakcheck.capture.browser import launch_options

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(**launch_options())
            yield browser
            browser.close()

    @pytest.fixture(scope="session")
    def browser_type_launch_args(self, browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
        """pytest-playwright launches the Chromium the CLI finds, with the CLI's flags."""
        from leakcheck.capture.browser import launch_options

        headless = bool(browser_type_launch_args.get("headless", True))
        return {**browser_type_launch_args, **launch_options(headless=headless)}

    # -- passive mode ----------------------------------------------------------------------

    def passive_role(self, item: pytest.Item) -> tuple[str, bool] | None:
        """The role a test is recorded as, and whether to log in; None when not recorded."""
        marker = item.get_closest_marker("leakcheck")
        if marker is None and not self.config.getoption("--leakcheck-passive"):
            return None
        if marker is not None and marker.kwargs.get("passive") is False:
            return None
        role = marker.kwargs.get("role") if marker else None
        if marker is not None and role is None and marker.args:
            role = marker.args[0]
        role = role or self.config.getoption("--leakcheck-role")
        if role is None and len(self.profile.roles) == 1:
            role = next(iter(self.profile.roles))
        if role is None:
            pytest.fail(
                "leakcheck: declare the role this test runs as: "
                '@pytest.mark.leakcheck(role="...") or --leakcheck-role ROLE',
                False,
            )
        self.role(str(role))
        return str(role), bool(marker.kwargs.get("login", False)) if marker else False

    @pytest.fixture(autouse=True)
    def _leakcheck_passive(self, request: pytest.FixtureRequest) -> Iterator[None]:
        """Record every context the test's Playwright browser creates while the test runs."""
        item = request.node
        names = set(getattr(item, "fixturenames", ()))
        # A test that audits with leakcheck_role records its own contexts: not twice.
        if (
            not isinstance(item, pytest.Item)
            or not PLAYWRIGHT_FIXTURES & names
            or ("leakcheck_role" in names)
        ):
            yield
            return
        declared = self.passive_role(item)
        if declared is None:
            yield
            return
        if not self.config.pluginmanager.hasplugin("playwright"):
            pytest.fail(NO_PLAYWRIGHT, False)
        role, login = declared
        browser: Browser = request.getfixturevalue("browser")
        audit = LeakcheckAudit(self, lambda: browser, item.nodeid)
        item.stash.setdefault(_AUDITS, []).append(audit)
        item.stash[_PASSIVE] = True
        original_context, original_page = browser.new_context, browser.new_page

        def new_context(**kwargs: Any) -> BrowserContext:
            if login:
                return audit.login_context(role, original_context, True, **kwargs)
            return audit.record_context(role, original_context, **kwargs)

        def new_page(**kwargs: Any) -> Page:
            return new_context(**kwargs).new_page()

        browser.new_context = new_context  # type: ignore[method-assign]
        browser.new_page = new_page  # type: ignore[method-assign]
        try:
            yield
        finally:
            browser.new_context = original_context  # type: ignore[method-assign]
            browser.new_page = original_page  # type: ignore[method-assign]
            for recording in audit.recordings:  # the call phase never ran (setup failed)
                if not recording.closed:
                    recording.context.close()
                recording.workdir.cleanup()

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Iterator[None]:
        """Judge after the test body, inside the call phase: a leak is the test's failure."""
        try:
            outcome = yield
        except BaseException:
            self.judge(item)
            raise
        message = self.judge(item)
        if message is not None:
            __tracebackhide__ = True
            raise AssertionError(message)
        return outcome

    def judge(self, item: pytest.Item) -> str | None:
        """Finish the test's audits and record them; return a failure message for passive ones."""
        passive = item.stash.get(_PASSIVE, False)
        messages = []
        for audit in item.stash.get(_AUDITS, []):
            result = audit.finish()
            if result is None:
                continue
            self.records.append(TestRecord(item.nodeid, self.worker, result, passive))
            message = audit.failure_message()
            if message is not None:
                item.add_report_section("call", "leakcheck", message)
                if passive:
                    messages.append(message)
        return "\n".join(messages) if messages else None

    def capture(self, recording: _Recording) -> RoleCapture:
        """Snapshot the recording's open pages, close its context and read its HAR."""
        from leakcheck.capture.har import artifacts_from_har
        from leakcheck.capture.session import RoleCapture, _snapshot
        from leakcheck.pipeline import profile_scope

        capture = RoleCapture(role=recording.role)
        try:
            if not recording.closed:
                for page in recording.pages:
                    if page.is_closed() or page.url in ("", "about:blank"):
                        continue
                    url = page.url
                    self._settle(page)
                    capture.artifacts.extend(_snapshot(page, recording.context, capture.role, url))
                    capture.pages_visited.append(url)
                recording.context.close()
            for page, frames in recording.frames.items():
                capture.artifacts.extend(replace(frame, page=page.url) for frame in frames)
            har = json.loads(recording.har_path.read_text(encoding="utf-8"))
        finally:
            recording.workdir.cleanup()
        har = self._without_login(har, recording.role, recording.own_login)
        artifacts, skips = artifacts_from_har(
            har,
            recording.role,
            _page_urls(har),
            profile_scope(self.profile),
            live_event_sources=True,
        )
        capture.artifacts[:0] = artifacts
        capture.skips.extend(skips)
        capture.pages_requested = list(capture.pages_visited)
        capture.seconds = time.monotonic() - recording.started
        return capture

    def _settle(self, page: Page) -> None:
        """Let late requests land before the snapshot (the test may end mid-render)."""
        try:
            page.wait_for_load_state("networkidle", timeout=min(self.timeout_ms, 5000))
        except Exception:  # noqa: BLE001 - a page that never idles is snapshotted as it is
            pass
        if self.profile.policy.settle_ms:
            page.wait_for_timeout(self.profile.policy.settle_ms)

    def _without_login(self, har: dict[str, Any], role: str, whole_page: bool) -> dict[str, Any]:
        """Drop the login form's POST (its body holds the password), or the whole login page.

        A login page of our own is dropped like the CLI drops it: what it received after the
        POST (trackers on the landing page) depends on timing, and would make findings flaky.
        """
        spec = self.profile.roles[role]
        form = spec.login.form if spec.login else None
        if form is None:
            return har
        login_path = urlsplit(urljoin(self.profile.target.url, form.url)).path
        log = har.get("log", {})

        def is_login(entry: dict[str, Any]) -> bool:
            request = entry.get("request", {})
            return bool(
                request.get("method") == "POST"
                and urlsplit(str(request.get("url", ""))).path == login_path
            )

        everything = log.get("entries", [])
        refs = {e.get("pageref") for e in everything if whole_page and is_login(e)}
        entries = [e for e in everything if not is_login(e) and e.get("pageref") not in refs]
        return {**har, "log": {**log, "entries": entries}}

    # -- session results -------------------------------------------------------------------

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """xdist controller: collect the records each worker sent."""
        output = getattr(node, "workeroutput", {}) or {}
        data = output.get("leakcheck")
        if data:
            self.records.extend(pickle.loads(base64.b64decode(data)))

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        config = session.config
        if hasattr(config, "workeroutput"):  # xdist worker: hand the records over
            config.workeroutput["leakcheck"] = base64.b64encode(pickle.dumps(self.records)).decode()
            return
        path = config.getoption("--leakcheck-report")
        if not path:
            return
        from leakcheck.report import EXTENSIONS, REPORTERS

        fmt = config.getoption("--leakcheck-format")
        if fmt is None:
            by_ext = {ext: name for name, ext in EXTENSIONS.items()}
            fmt = by_ext.get(Path(path).suffix.lstrip("."), "json")
        from leakcheck.privatefile import write_private

        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_private(target, REPORTERS[fmt](self.combined()), "the leakcheck report")
        self.report_written = target

    def combined(self) -> ScanResult:
        """One result for the whole session: findings deduplicated by fingerprint."""
        if self._combined is None:
            self._combined = combine(
                self.profile,
                self.redactor,
                [r.result for r in self.records],
                time.monotonic() - self.started,
            )
        return self._combined

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if hasattr(self.config, "workeroutput"):
            return
        write = terminalreporter.write_line
        terminalreporter.section("leakcheck")
        result = self.combined()
        workers = sorted({r.worker for r in self.records})
        for record in sorted(self.records, key=lambda r: r.nodeid):
            gating = len(record.result.gating_findings)
            roles = ",".join(sorted({c.role for c in record.result.coverage}))
            codes = " ".join(sorted({f.rule for f in record.result.findings}))
            state = f"{gating} gating finding(s) {codes}".rstrip() if gating else "clean"
            write(f"{record.nodeid} [{roles}]: {state}")
        counts = ", ".join(f"{n} {s}" for s, n in result.severity_counts().items() if n)
        write(
            f"leakcheck: {len(result.findings)} unique finding(s)"
            + (f" ({counts})" if counts else "")
            + f" from {len(self.records)} recorded test capture(s); "
            + f"workers: {', '.join(workers) or 'none'}; profile {self.profile.name}"
            + ("; VALUES REVEALED" if self.redactor.reveal else "; values redacted")
        )
        if self.report_written is not None:
            write(f"leakcheck report: {self.report_written}")


def _page_urls(har: dict[str, Any]) -> dict[str, str]:
    """HAR page id -> the page's last HTML document URL (its first request if none)."""
    urls: dict[str, str] = {}
    for entry in har.get("log", {}).get("entries", []):
        ref = str(entry.get("pageref", ""))
        url = str(entry.get("request", {}).get("url", ""))
        mime = str(entry.get("response", {}).get("content", {}).get("mimeType", ""))
        method = entry.get("request", {}).get("method")
        if ref and (ref not in urls or (mime.startswith("text/html") and method == "GET")):
            urls[ref] = url
    return urls


def combine(
    profile: Profile, redactor: Redactor, results: list[ScanResult], seconds: float
) -> ScanResult:
    """Merge per-test results: same fingerprint once (occurrences summed), coverage per role."""
    from leakcheck import __version__
    from leakcheck.pipeline import _now
    from leakcheck.result import RoleCoverage, RunInfo, ScanResult

    findings: dict[str, Finding] = {}
    coverage: dict[str, RoleCoverage] = {}
    for result in results:
        for finding in result.findings:
            seen = findings.get(finding.fingerprint)
            findings[finding.fingerprint] = (
                replace(seen, occurrences=seen.occurrences + finding.occurrences)
                if seen
                else finding
            )
        for cov in result.coverage:
            if cov.role not in coverage:
                coverage[cov.role] = replace(
                    cov,
                    pages_requested=list(cov.pages_requested),
                    pages_visited=list(cov.pages_visited),
                )
                continue
            merged = coverage[cov.role]
            merged.pages_requested.extend(cov.pages_requested)
            merged.pages_visited.extend(cov.pages_visited)
            merged.artifacts = dict(Counter(merged.artifacts) + Counter(cov.artifacts))
            merged.bytes_by_kind = dict(Counter(merged.bytes_by_kind) + Counter(cov.bytes_by_kind))
            merged.bytes_captured += cov.bytes_captured
            merged.seconds += cov.seconds
            merged.logged_in = merged.logged_in and cov.logged_in
    checks = sorted({c for r in results for c in r.checks_not_run})
    fail_on = results[0].fail_on if results else profile.policy.fail_on
    return ScanResult(
        run=RunInfo(
            tool_version=__version__,
            target=profile.target.url,
            profile_name=profile.name,
            profile_sha256=None,
            started_at=min((r.run.started_at for r in results), default=_now()),
            ended_at=_now(),
            seconds=round(seconds, 2),
            revealed=redactor.reveal,
        ),
        findings=sorted(findings.values(), key=lambda f: (f.role, f.page, f.rule, f.fingerprint)),
        coverage=list(coverage.values()),
        skips=[s for r in results for s in r.skips],
        checks_not_run=checks,
        fail_on=fail_on,
    )
