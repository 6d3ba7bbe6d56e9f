"""The command line: the only place that maps exceptions to exit codes.

Exit codes: 0 complete and clean; 1 findings at or above ``--fail-on``; 2 usage or configuration
error (a failed login included); 3 the run was incomplete and found nothing.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from leakcheck import __version__
from leakcheck.errors import ConfigError, LeakcheckError
from leakcheck.models import Severity
from leakcheck.result import EXIT_CONFIG, EXIT_INCOMPLETE, ScanResult

if TYPE_CHECKING:
    from leakcheck.profile.schema import Profile

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("console", "json", "sarif", "junit", "html", "markdown")
"""The ``--format`` names; ``leakcheck.report.REPORTERS`` has one reporter for each."""
_SUFFIX_FORMATS = {
    ".json": "json",
    ".sarif": "sarif",
    ".xml": "junit",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
}
"""Without ``--format``, each ``-o`` file's format follows its name (anything else: console)."""
_REPORT_META = "leakcheck.report"
_STDOUT = Path("-")


def _report_plan(
    formats: tuple[str, ...], outputs: tuple[Path, ...], output_dir: Path | None
) -> list[tuple[str, Path | None]]:
    """Pair each format with where it goes (None: stdout), or raise a usage error.

    The n-th ``-o`` belongs to the n-th ``--format``; ``-o -`` is stdout; ``--output-dir DIR``
    writes every format to ``DIR/leakcheck.EXT`` instead. At most one format may go to stdout.
    """
    from leakcheck.report import EXTENSIONS

    if not formats:
        formats = tuple(_SUFFIX_FORMATS.get(o.suffix.lower(), "console") for o in outputs)
        formats = formats or ("console",)
    if outputs and output_dir is not None:
        raise click.UsageError("give -o per format or --output-dir, not both")
    if output_dir is not None:
        targets: list[Path | None] = [output_dir / f"leakcheck.{EXTENSIONS[f]}" for f in formats]
    elif outputs:
        if len(outputs) != len(formats):
            raise click.UsageError(
                f"{len(formats)} --format but {len(outputs)} -o: give one -o per --format, "
                "in the same order (-o - for stdout), or --output-dir DIR"
            )
        targets = [None if o == _STDOUT else o for o in outputs]
    else:
        targets = [None] * len(formats)
    if targets.count(None) > 1:
        raise click.UsageError(
            "only one format can go to stdout: give -o FILE per --format or --output-dir DIR"
        )
    files = [t for t in targets if t is not None]
    if len(set(files)) < len(files):
        raise click.UsageError("two formats would be written to the same file")
    return list(zip(formats, targets, strict=True))


def _collect_report_option(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Check --format, -o and --output-dir together, before the scan starts (usage errors)."""
    collected = ctx.meta.setdefault(_REPORT_META, {})
    collected[param.name] = value
    if len(collected) == 3:
        collected["plan"] = _report_plan(collected["fmt"], collected["output"], collected["dir"])
    return value


def _report_options(func: F) -> F:
    """Options every scanning command shares.

    ``--output-dir`` reaches ``_emit`` through the click context rather than as a parameter, so
    each command keeps passing just ``fmt`` and ``output`` (now tuples) to ``_emit``.
    """
    options = [
        click.option(
            "--format",
            "fmt",
            type=click.Choice(FORMATS),
            multiple=True,
            callback=_collect_report_option,
            help="Report format (repeatable): console (default), json, sarif, junit, html, "
            "markdown. Without it, each -o FILE's format follows its extension.",
        ),
        click.option(
            "-o",
            "--output",
            type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
            multiple=True,
            callback=_collect_report_option,
            help="Write the report to FILE, mode 0600 (repeatable: the n-th -o is for the n-th "
            "--format; - is stdout). A summary still goes to stderr.",
        ),
        click.option(
            "--output-dir",
            "dir",
            type=click.Path(file_okay=False, path_type=Path),
            expose_value=False,
            callback=_collect_report_option,
            help="Write every --format to DIR/leakcheck.EXT (txt, json, sarif, xml, html, md).",
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
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _baseline_option(func: F) -> F:
    """``--baseline FILE``: report only findings the baseline does not hold."""
    option = click.option(
        "--baseline",
        "baseline_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Report only findings not in this baseline (see `leakcheck baseline create`); "
        "baseline entries no longer found are counted as fixed.",
    )
    return option(func)


def _read_baseline(baseline_path: Path | None) -> frozenset[str] | None:
    """Read ``--baseline`` before anything runs: a wrong file is exit 2 and costs nothing."""
    if baseline_path is None:
        return None
    from leakcheck.suppress import read_baseline

    return read_baseline(baseline_path)


def _baselined(result: ScanResult, baseline: frozenset[str] | None) -> ScanResult:
    if baseline is not None:
        result.with_baseline(baseline)
    return result


def _check_outputs(save_har: Path | None, inputs: tuple[Path | None, ...]) -> None:
    """Check every file the command will write before anything is scanned (exit 2).

    Each must be creatable (its directory exists and is writable); none may be another output
    or one of the command's inputs (``-o profile.yaml`` would overwrite the profile).
    """
    from leakcheck.privatefile import check_output_dir, check_output_file

    context = click.get_current_context()
    collected = context.meta.get(_REPORT_META, {})
    directory: Path | None = collected.get("dir")
    outputs: list[tuple[str, Path]] = []
    if directory is not None:
        check_output_dir(directory, "--output-dir")
    for _, target in collected.get("plan", []):
        if target is None:
            continue
        if directory is None:
            check_output_file(target, "-o")
        outputs.append(("--output-dir" if directory is not None else "-o", target))
    if save_har is not None:
        check_output_file(save_har, "--save-har")
        outputs.append(("--save-har", save_har))
    _check_distinct(outputs, [p for p in inputs if p is not None])


def _check_distinct(outputs: list[tuple[str, Path]], inputs: list[Path]) -> None:
    """Refuse two outputs in one file, or an output over an input of the same command."""
    from leakcheck.privatefile import same_file

    for index, (option, path) in enumerate(outputs):
        for source in inputs:
            if same_file(path, source):
                raise ConfigError(f"{option} {path} would overwrite the input {source}")
        for other_option, other in outputs[:index]:
            if same_file(path, other):
                raise ConfigError(f"{option} {path} and {other_option} {other} are the same file")


def _capture_options(func: F) -> F:
    """Options of commands that drive a browser, gathered into one ``capture`` dict."""
    options = [
        click.option("--headed", is_flag=True, help="Show the browser window (debugging)."),
        click.option(
            "--block-third-party",
            is_flag=True,
            help="Abort requests to origins outside scope; what the page tried to "
            "send is still reported.",
        ),
        click.option(
            "--save-har",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Also write what was captured to FILE (HAR with page snapshots, mode 0600; it "
            "holds the leaked values, never the login exchange or session cookies).",
        ),
        click.option(
            "--jobs",
            type=click.IntRange(1, 16),
            default=3,
            show_default=True,
            help="Roles captured in parallel (one browser each).",
        ),
        click.option(
            "--page-jobs",
            type=click.IntRange(1, 16),
            default=None,
            help="Pages of a role loading at the same time (default: the profile's "
            "policy.page_concurrency, 4).",
        ),
        click.option("-q", "--quiet", is_flag=True, help="No progress display on stderr."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


_CAPTURE_KEYS = ("headed", "block_third_party", "save_har", "jobs", "page_jobs", "quiet")


def _split(options: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split a command's shared options into report options and capture options."""
    capture = {k: options[k] for k in _CAPTURE_KEYS if k in options}
    report = {k: v for k, v in options.items() if k not in _CAPTURE_KEYS}
    return report, capture


def _scan_and_report(
    profile: Profile,
    profile_path: Path | None,
    report: dict[str, Any],
    capture: dict[str, Any],
    baseline: frozenset[str] | None,
    roles: tuple[str, ...] = (),
) -> int:
    """Run a scan with the shared options, apply --fail-on and --baseline, write the reports."""
    from leakcheck.pipeline import ScanOptions, scan

    if report["fail_on"]:
        policy = profile.policy.model_copy(update={"fail_on": Severity(report["fail_on"])})
        profile = profile.model_copy(update={"policy": policy})
    options = ScanOptions(
        roles=roles,
        reveal=report["reveal"],
        headless=not capture["headed"],
        block_third_party=capture["block_third_party"],
        save_har=capture["save_har"],
        jobs=capture["jobs"],
        page_jobs=capture["page_jobs"],
        quiet=capture["quiet"],
    )
    result = scan(profile, _redactor(report["key_file"], report["reveal"]), options, profile_path)
    return _emit(_baselined(result, baseline), report["fmt"], report["output"])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="leakcheck")
def main() -> None:
    """Find personal data and secrets a web frontend hands to users who may not see them."""


def _emit(
    result: ScanResult,
    fmt: str | tuple[str, ...],
    output: Path | tuple[Path, ...] | None,
) -> int:
    """Render every requested format and write each to its file or stdout; return the exit code.

    When a report goes to a file and the console report is not on stdout, the summary lines go
    to stderr, so a CI log still says what was found.
    """
    from leakcheck.privatefile import write_private
    from leakcheck.report import REPORTERS, render_summary

    formats = (fmt,) if isinstance(fmt, str) else tuple(fmt)
    outputs = (output,) if isinstance(output, Path) else tuple(output or ())
    context = click.get_current_context(silent=True)
    collected = context.meta.get(_REPORT_META, {}) if context else {}
    plan = _report_plan(formats, outputs, collected.get("dir"))
    documents = [(REPORTERS[name](result), target) for name, target in plan]
    if collected.get("dir") is not None:
        try:
            collected["dir"].mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"cannot create {collected['dir']}: {exc.strerror}") from None
    written, failed = [], list(result.write_errors)
    for document, target in documents:
        if target is None:
            click.echo(document, nl=False)
            continue
        try:
            write_private(target, document, "the report")
        except ConfigError as exc:  # the other reports are still written
            failed.append(str(exc))
        else:
            written.append(target)
    if written or failed:
        if ("console", None) not in plan:
            click.echo("\n".join(render_summary(result)), err=True)
        for target in written:
            click.echo(f"report written to {target}", err=True)
    for line in failed:  # after the report, so a CI log ends with what went wrong
        click.echo(f"leakcheck: error: {line}", err=True)
    return EXIT_CONFIG if failed else result.exit_code


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
@_capture_options
@_baseline_option
@_report_options
def scan(
    profile_path: Path | None,
    roles: tuple[str, ...],
    url: str | None,
    login_url: str | None,
    pages: tuple[str, ...],
    username_env: str,
    password_env: str,
    **options: Any,
) -> None:
    """Scan a site as each role of PROFILE, or quick-scan --url with one login."""

    def action() -> int:
        from leakcheck.profile import load_profile
        from leakcheck.quickscan import quick_profile

        if (profile_path is None) == (url is None):
            raise ConfigError("give a PROFILE or --url (quick scan), not both and not neither")
        report, capture = _split(options)
        _check_outputs(capture["save_har"], (profile_path, report["baseline_path"]))
        baseline = _read_baseline(report["baseline_path"])
        if profile_path is not None:
            profile = load_profile(profile_path, roles=roles)
        else:
            assert url is not None
            profile = quick_profile(url, login_url, pages, username_env, password_env)
        roles_once = tuple(dict.fromkeys(roles))  # --role x --role x scans x once
        return _scan_and_report(profile, profile_path, report, capture, baseline, roles_once)

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
@_capture_options
@_baseline_option
@_report_options
def demo(mode: str, seed: int, **options: Any) -> None:
    """Start the bundled estate site (a Mindworking twin) and scan it with its profile."""

    def action() -> int:
        from leakcheck.demo import EstateSite
        from leakcheck.profile import load_profile

        report, capture = _split(options)
        _check_outputs(capture["save_har"], (report["baseline_path"],))
        baseline = _read_baseline(report["baseline_path"])
        with EstateSite(mode=mode, seed=seed) as site:
            if not capture["quiet"]:
                click.echo(f"demo: estate site ({mode}, seed {seed}) at {site.url}", err=True)
            env = {**os.environ, **site.credentials_env()}
            profile = load_profile(site.location.profile, env=env)
            return _scan_and_report(profile, site.location.profile, report, capture, baseline)

    _run(action)


@main.command()
@click.argument("codes", metavar="CODE...", nargs=-1, required=True)
def explain(codes: tuple[str, ...]) -> None:
    """Explain rule codes: why each matters and how to fix it."""
    from leakcheck.rules import RULES
    from leakcheck.rules import explain as explain_rule

    unknown = [code for code in codes if code.upper() not in RULES]
    if unknown:
        click.echo(
            f"leakcheck: error: unknown rule {', '.join(unknown)}; see `leakcheck rules`", err=True
        )
        sys.exit(EXIT_CONFIG)
    click.echo("\n".join(explain_rule(code) for code in codes), nl=False)


@main.command()
@click.option(
    "--markdown",
    is_flag=True,
    help="Print the rules' full documentation as Markdown (this is docs/rules.md).",
)
def rules(markdown: bool) -> None:
    """List the rule codes (leakcheck explain CODE says why each matters)."""
    from leakcheck.rules import RULES, rules_markdown

    if markdown:
        click.echo(rules_markdown(), nl=False)
        return
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
@_baseline_option
@_report_options
def analyze(har_path: Path, profile_path: Path | None, role: str | None, **options: Any) -> None:
    """Judge a HAR file without a browser: one saved by --save-har, or exported elsewhere."""

    def action() -> int:
        from leakcheck.pipeline import analyze_har
        from leakcheck.profile import load_profile

        report, _ = _split(options)
        _check_outputs(None, (har_path, profile_path, report["baseline_path"]))
        baseline = _read_baseline(report["baseline_path"])
        profile = load_profile(profile_path) if profile_path else None
        redactor = _redactor(report["key_file"], report["reveal"])
        result = analyze_har(har_path, redactor, profile, role, profile_path)
        if report["fail_on"]:
            result.fail_on = Severity(report["fail_on"])
        return _emit(_baselined(result, baseline), report["fmt"], report["output"])

    _run(action)


@main.command()
@click.argument("profile_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--strict-env", is_flag=True, help="Also fail when referenced variables are unset.")
def validate(profile_path: Path, strict_env: bool) -> None:
    """Check a profile without scanning: structure, rules and references."""

    def action() -> int:
        from leakcheck.profile.loader import check_profile

        profile, missing = check_profile(profile_path)
        for line in missing:
            click.echo(f"leakcheck: {'error' if strict_env else 'warning'}: {line}", err=True)
        if missing and strict_env:
            return EXIT_CONFIG
        roles = ", ".join(profile.roles)
        click.echo(f"{profile_path}: valid profile {profile.name!r} (roles: {roles})")
        return 0

    _run(action)


@main.group()
def baseline() -> None:
    """Accept today's findings so that only new ones fail (keyed fingerprints, no values)."""


@baseline.command("create")
@click.argument("profile_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    "baseline_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("leakcheck-baseline.json"),
    show_default=True,
    help="Where to write the baseline.",
)
@click.option(
    "--key-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Fingerprint key file (as for scan).",
)
def baseline_create(profile_path: Path, baseline_path: Path, key_file: Path | None) -> None:
    """Scan PROFILE and write its findings' fingerprints as the accepted baseline."""

    def action() -> int:
        from leakcheck.pipeline import ScanOptions
        from leakcheck.pipeline import scan as run_scan
        from leakcheck.privatefile import check_output_file
        from leakcheck.profile import load_profile
        from leakcheck.suppress import write_baseline

        check_output_file(baseline_path, "-o")
        _check_distinct([("-o", baseline_path)], [profile_path])
        profile = load_profile(profile_path)
        result = run_scan(profile, _redactor(key_file, False), ScanOptions(), profile_path)
        write_baseline(result.findings, baseline_path, profile.name)
        click.echo(f"baseline of {len(result.findings)} findings written to {baseline_path}")
        return result.exit_code if result.exit_code in (EXIT_CONFIG, EXIT_INCOMPLETE) else 0

    _run(action)


@main.command()
@click.option("--url", prompt="Site URL (staging)", help="The site's base URL.")
@click.option(
    "--login-url",
    prompt="Login page (path or URL)",
    default="/login",
    show_default=True,
    help="The login form's URL.",
)
@click.option("--role", "roles", multiple=True, help="A role to audit (repeatable).")
@click.option("--name", default="my-site", show_default=True, help="The profile's name.")
@click.option(
    "--env-prefix",
    default="LEAKCHECK",
    show_default=True,
    help="Prefix of the credentials' environment variables.",
)
@click.option(
    "-o",
    "--output",
    "path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("leakcheck.yaml"),
    show_default=True,
)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(
    url: str,
    login_url: str,
    roles: tuple[str, ...],
    name: str,
    env_prefix: str,
    path: Path,
    force: bool,
) -> None:
    """Write a commented starter profile for a site (validates as written)."""

    def action() -> int:
        from leakcheck.init import check_init_options, env_name, starter_profile
        from leakcheck.privatefile import check_output_file
        from leakcheck.profile.jsonschema import SCHEMA_FILE, render_schema

        check_init_options(url, login_url, roles or ["user"])
        check_output_file(path, "-o")
        chosen = list(roles) or [
            r.strip()
            for r in click.prompt("Roles (comma-separated)", default="user").split(",")
            if r.strip()
        ]
        check_init_options(url, login_url, chosen)
        if path.exists() and not force:
            raise ConfigError(f"{path} exists; use --force to overwrite it")
        text = starter_profile(url, login_url, chosen, name, str(path), env_name(env_prefix))
        schema = path.parent / SCHEMA_FILE
        try:  # a profile holds no secrets (only references): readable like any source file
            path.write_text(text, encoding="utf-8")
            if not schema.exists():  # editors complete and check the profile against it
                schema.write_text(render_schema(), encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot write {exc.filename}: {exc.strerror}") from None
        click.echo(f"wrote {path}; next: export the credentials, then `leakcheck validate {path}`")
        return 0

    _run(action)
