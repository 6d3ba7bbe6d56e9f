"""The command line: the only place that maps exceptions to exit codes.

Exit codes: 0 complete and clean; 1 findings at or above ``--fail-on``; 2 usage or configuration
error (a failed login included); 3 the run was incomplete and found nothing.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from leakcheck import __version__
from leakcheck.errors import ConfigError, LeakcheckError
from leakcheck.models import Severity
from leakcheck.result import EXIT_CONFIG, EXIT_INCOMPLETE, ScanResult

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("console", "json")


def _report_options(func: F) -> F:
    """Options every scanning command shares."""
    options = [
        click.option(
            "--format",
            "fmt",
            type=click.Choice(FORMATS),
            default="console",
            show_default=True,
            help="Report format.",
        ),
        click.option(
            "-o",
            "--output",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Write the report to FILE (a summary still goes to stderr).",
        ),
        click.option(
            "--fail-on",
            type=click.Choice([s.value for s in Severity]),
            help="Lowest severity that makes the exit code 1 (profile default: low).",
        ),
        click.option(
            "--reveal",
            is_flag=True,
            help="Show leaked values unredacted. For local debugging only.",
        ),
        click.option(
            "--key-file",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Redaction/fingerprint key file (default: $LEAKCHECK_KEY or "
            "~/.config/leakcheck/key, created on first use).",
        ),
        click.option("--headed", is_flag=True, help="Show the browser window (debugging)."),
        click.option(
            "--block-third-party",
            is_flag=True,
            help="Abort requests to origins outside scope; what the page tried to "
            "send is still reported.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _save_har_option(func: F) -> F:
    """``--save-har FILE``: keep the capture for ``leakcheck analyze`` (holds leaked values)."""
    option = click.option(
        "--save-har",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Also write what was captured to FILE (HAR with page snapshots, mode 0600; it "
        "holds the leaked values, never the login exchange or session cookies).",
    )
    return option(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="leakcheck")
def main() -> None:
    """Find personal data and secrets a web frontend hands to users who may not see them."""


def _emit(result: ScanResult, fmt: str, output: Path | None) -> int:
    from leakcheck.report import REPORTERS, render_console

    document = REPORTERS[fmt](result)
    if output is None:
        click.echo(document, nl=False)
    else:
        fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(document)
        summary = render_console(result).rstrip("\n").splitlines()
        click.echo("\n".join(summary[-3:]), err=True)
        click.echo(f"report written to {output}", err=True)
    return result.exit_code


def _run(action: Callable[[], int]) -> None:
    """Run a command, turning our errors into one line and an exit code, never a traceback."""
    try:
        code = action()
    except ConfigError as exc:
        click.echo(f"leakcheck: error: {exc}", err=True)
        code = EXIT_CONFIG
    except LeakcheckError as exc:
        click.echo(f"leakcheck: error: {exc}", err=True)
        code = EXIT_INCOMPLETE
    except KeyboardInterrupt:
        click.echo("leakcheck: interrupted", err=True)
        code = 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, no values
        if os.environ.get("LEAKCHECK_DEBUG"):
            raise
        click.echo(
            f"leakcheck: internal error ({exc.__class__.__name__}); "
            "rerun with LEAKCHECK_DEBUG=1 for a traceback and report it",
            err=True,
        )
        code = EXIT_INCOMPLETE
    sys.exit(code)


def _redactor(key_file: Path | None, reveal: bool) -> Any:
    from leakcheck.redact import Redactor, load_key

    return Redactor(load_key(key_file), reveal=reveal)


@main.command()
@click.argument("profile_path", required=False, type=click.Path(path_type=Path))
@click.option("--role", "roles", multiple=True, help="Scan only this role (repeatable).")
@click.option("--url", help="Quick scan without a profile: the page to open (zero-config).")
@click.option("--login-url", help="Quick scan: the login form's URL.")
@click.option("--page", "pages", multiple=True, help="Quick scan: further pages (repeatable).")
@click.option(
    "--username-env",
    default="LEAKCHECK_USERNAME",
    show_default=True,
    help="Quick scan: environment variable holding the username.",
)
@click.option(
    "--password-env",
    default="LEAKCHECK_PASSWORD",
    show_default=True,
    help="Quick scan: environment variable holding the password.",
)
@_save_har_option
@_report_options
def scan(
    profile_path: Path | None,
    roles: tuple[str, ...],
    url: str | None,
    login_url: str | None,
    pages: tuple[str, ...],
    username_env: str,
    password_env: str,
    fmt: str,
    output: Path | None,
    fail_on: str | None,
    reveal: bool,
    key_file: Path | None,
    headed: bool,
    block_third_party: bool,
    save_har: Path | None,
) -> None:
    """Scan a site as each role of PROFILE, or quick-scan --url with one login."""

    def action() -> int:
        from leakcheck.pipeline import ScanOptions
        from leakcheck.pipeline import scan as run_scan
        from leakcheck.profile import load_profile
        from leakcheck.quickscan import quick_profile

        if (profile_path is None) == (url is None):
            raise ConfigError("give a PROFILE or --url (quick scan), not both and not neither")
        if profile_path is not None:
            profile = load_profile(profile_path)
        else:
            assert url is not None
            profile = quick_profile(url, login_url, pages, username_env, password_env)
        if fail_on:
            profile = profile.model_copy(
                update={"policy": profile.policy.model_copy(update={"fail_on": Severity(fail_on)})}
            )
        result = run_scan(
            profile,
            _redactor(key_file, reveal),
            ScanOptions(
                roles=roles,
                reveal=reveal,
                headless=not headed,
                block_third_party=block_third_party,
                save_har=save_har,
            ),
            profile_path,
        )
        return _emit(result, fmt, output)

    _run(action)


@main.command()
@click.option(
    "--mode",
    type=click.Choice(["vulnerable", "fixed"]),
    default="vulnerable",
    show_default=True,
    help="Which twin of the estate site to scan.",
)
@click.option("--seed", type=int, default=1, show_default=True, help="The site's data seed.")
@_save_har_option
@_report_options
def demo(
    mode: str,
    seed: int,
    fmt: str,
    output: Path | None,
    fail_on: str | None,
    reveal: bool,
    key_file: Path | None,
    headed: bool,
    block_third_party: bool,
    save_har: Path | None,
) -> None:
    """Start the bundled estate site (a Mindworking twin) and scan it with its profile."""

    def action() -> int:
        from leakcheck.demo import EstateSite
        from leakcheck.pipeline import ScanOptions
        from leakcheck.pipeline import scan as run_scan
        from leakcheck.profile import load_profile

        with EstateSite(mode=mode, seed=seed) as site:
            click.echo(f"demo: estate site ({mode}, seed {seed}) at {site.url}", err=True)
            env = {**os.environ, **site.credentials_env()}
            profile = load_profile(site.location.profile, env=env)
            if fail_on:
                policy = profile.policy.model_copy(update={"fail_on": Severity(fail_on)})
                profile = profile.model_copy(update={"policy": policy})
            result = run_scan(
                profile,
                _redactor(key_file, reveal),
                ScanOptions(
                    reveal=reveal,
                    headless=not headed,
                    block_third_party=block_third_party,
                    save_har=save_har,
                ),
                site.location.profile,
            )
        return _emit(result, fmt, output)

    _run(action)


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Explain a rule code: why it matters and how to fix it."""
    from leakcheck.rules import RULES
    from leakcheck.rules import explain as explain_rule

    if code.upper() not in RULES:
        click.echo(f"leakcheck: error: unknown rule {code}; see `leakcheck rules`", err=True)
        sys.exit(EXIT_CONFIG)
    click.echo(explain_rule(code))


@main.command()
def rules() -> None:
    """List the rule codes."""
    from leakcheck.rules import RULES

    for rule in RULES.values():
        click.echo(f"{rule.code}  {rule.severity.value:<8}  {rule.name:<26} {rule.title}")


@main.command()
@click.argument("har_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--profile",
    "profile_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Judge with this profile's entitlements (default: zero-config).",
)
@click.option("--role", help="The role a foreign HAR belongs to, or the one role of ours to keep.")
@_report_options
def analyze(
    har_path: Path,
    profile_path: Path | None,
    role: str | None,
    fmt: str,
    output: Path | None,
    fail_on: str | None,
    reveal: bool,
    key_file: Path | None,
    headed: bool,
    block_third_party: bool,
) -> None:
    """Judge a HAR file without a browser: one saved by --save-har, or exported elsewhere."""

    def action() -> int:
        from leakcheck.pipeline import analyze_har
        from leakcheck.profile import load_profile

        profile = load_profile(profile_path) if profile_path else None
        result = analyze_har(har_path, _redactor(key_file, reveal), profile, role, profile_path)
        if fail_on:
            result.fail_on = Severity(fail_on)
        return _emit(result, fmt, output)

    _run(action)
