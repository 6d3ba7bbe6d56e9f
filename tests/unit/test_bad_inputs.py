"""Every input mistake is named before any browser starts: exit 2, one short message, no values.

Each case runs the real command line in-process on files in a temporary directory. Besides the
exit code and the message, each asserts that the output has at most three lines and no
traceback, that no credential, key, canary or other planted value is echoed, and that no browser
was started or even asked for its version: ``LEAKCHECK_BROWSER`` points at a stand-in that
records every start in a file, which must stay absent. The control cases at the end show that
the stand-in does record a start once the input is right.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from leakcheck.cli import main

PLANTED_USER = "planted-user-0815"
PLANTED_PASSWORD = "planted-Pw-4711"
PLANTED_KEY = "planted-key-material-93"
PLANTED_CANARY = "planted-canary-value-31"
PLANTED_URL_PASSWORD = "planted-url-pw-77"
PLANTED = (PLANTED_USER, PLANTED_PASSWORD, PLANTED_KEY, PLANTED_CANARY, PLANTED_URL_PASSWORD)

BASE = """\
name: shop
target: {url: "http://127.0.0.1:9"}
canaries: [planted-canary-value-31]
roles:
  buyer:
    attributes: {id: "u-1"}
    login:
      form: {url: /login, username: "${SHOP_USER}", password: "${SHOP_PASSWORD}",
             success_selector: "a#logout"}
    pages:
      - {url: /, ready: "#app"}
    entitlements:
      allow:
        - {location: "$.data.me.**", field: "Viewer.*", reason: own account}
      rows:
        - {type: Order, where: {customer.id: me.id}}
      deny:
        - {location: "$.data.orders[*].note", reason: internal notes}
  seller:
    login:
      form: {username: "${SELLER_USER}", password: "${SELLER_PASSWORD}"}
    pages: [/]
suppressions:
  - {rule: LC104, location: "$.data.agent.**", reason: public agent card}
"""
STATE = """\
name: shop
target: {url: "http://127.0.0.1:9"}
roles:
  buyer:
    login: {storage_state: state.json, verify_selector: "a#logout"}
    pages: [/]
"""
ENV = {
    "SHOP_USER": PLANTED_USER,
    "SHOP_PASSWORD": PLANTED_PASSWORD,
    "SELLER_USER": PLANTED_USER,
    "SELLER_PASSWORD": PLANTED_PASSWORD,
    "LEAKCHECK_KEY": PLANTED_KEY,
}
BASELINE = '{"format": 1, "profile": "shop", "fingerprints": ["0123456789abcdef"]}'


def variant(old: str, new: str) -> str:
    """The base profile with one piece replaced (the piece must be there: no silent no-op)."""
    assert old in BASE, old
    return BASE.replace(old, new, 1)


def page(url: str, ready: str = "#app") -> str:
    return variant('- {url: /, ready: "#app"}', f"- {{url: {url!r}, ready: {ready!r}}}")


def allow(rule: str) -> str:
    return variant('- {location: "$.data.me.**", field: "Viewer.*", reason: own account}', rule)


@dataclass(frozen=True)
class Case:
    """A command with its files and environment, and the words its error must contain."""

    id: str
    args: tuple[str, ...]
    expected: str
    profile: str | bytes | None = BASE
    files: dict[str, str | bytes] = field(default_factory=dict)
    env: dict[str, str | None] = field(default_factory=dict)
    code: int = 2


def scan(profile_edit: str | bytes, expected: str, id: str, **env: str | None) -> Case:
    return Case(id, ("scan", "p.yaml"), expected, profile=profile_edit, env=dict(env))


CASES = [
    # --- YAML that PyYAML accepts but no profile may be -------------------------------------
    scan(
        BASE.replace("name: shop\n", "name: shop\nname: other\n"), "duplicate key 'name'", "dup-top"
    ),
    scan(
        variant("    attributes:", "    pages: [/x]\n    attributes:"),
        "duplicate key 'pages'",
        "dup-in-role",
    ),
    scan(
        page("/a").replace("{url: '/a',", "{url: '/a', url: /b,"), "duplicate key 'url'", "dup-flow"
    ),
    scan(
        BASE.replace("suppressions:", "  buyer:\n    pages: [/]\nsuppressions:"),
        "duplicate key 'buyer'",
        "dup-role",
    ),
    scan(
        variant("  seller:\n", "  seller:\n    description: a\n    description: b\n"),
        "p.yaml:21: duplicate key 'description' (first at line 20)",
        "dup-names-first-line",
    ),
    scan(
        "a: &a ['x','x','x','x','x','x','x','x','x','x']\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 10)}]\n"
            for i in range(8)
        )
        + BASE,
        "aliases expand to more than",
        "alias-bomb",
    ),
    scan("loop: &l [*l]\n" + BASE, "alias refers to a value containing it", "alias-loop"),
    scan("x: " + "[" * 600 + "]" * 600 + "\n" + BASE, "nested too deeply", "deep-nesting"),
    scan(BASE.replace("name: shop", "name: sh\xf8p").encode("latin-1"), "not UTF-8", "latin-1"),
    scan(BASE.encode("utf-16"), "not UTF-8", "utf-16"),
    scan("name: !!python/object/apply:os.system [id]\n", "YAML syntax error", "python-tag"),
    scan("- a\n- list\n", "must be a YAML mapping", "not-a-mapping"),
    scan("", "must be a YAML mapping", "empty-file"),
    scan("name: [unclosed\n", "YAML syntax error", "yaml-syntax"),
    # --- references --------------------------------------------------------------------------
    scan(BASE.replace('"${SHOP_PASSWORD}"', '"${SHOP_PASSWORD"'), "not closed", "unclosed-ref"),
    scan(BASE.replace('"${SHOP_USER}"', '"pre-${file:pw.txt"'), "not closed", "unclosed-file"),
    scan(BASE.replace("${SHOP_USER}", "${1USER}"), "not a valid reference", "bad-ref-name"),
    scan(BASE.replace("${SHOP_USER}", "${SHOP_U:-${SHOP_USER}}"), "cannot be nested", "nested-ref"),
    scan(BASE, "SHOP_PASSWORD is set but empty", "empty-password-var", SHOP_PASSWORD=""),
    scan(BASE, "SHOP_USER is set but empty", "empty-username-var", SHOP_USER=""),
    scan(BASE, "SHOP_PASSWORD is not set", "unset-password-var", SHOP_PASSWORD=None),
    Case(
        "empty-file-ref",
        ("scan", "p.yaml"),
        "pw.txt is empty",
        profile=BASE.replace("${SHOP_PASSWORD}", "${file:pw.txt}"),
        files={"pw.txt": "\n"},
    ),
    scan(BASE.replace("${SHOP_PASSWORD}", "${file:nope.txt}"), "cannot read", "missing-file-ref"),
    Case(
        "binary-file-ref",
        ("scan", "p.yaml"),
        "is not UTF-8 text",
        profile=BASE.replace("${SHOP_PASSWORD}", "${file:pw.bin}"),
        files={"pw.bin": b"\xff\xfe\x00planted"},
    ),
    scan(BASE.replace("name: shop", 'name: "sh\\0p"'), "NUL character", "nul-in-value"),
    Case("storage-state-missing", ("scan", "p.yaml"), "storage_state: cannot read", STATE),
    Case(
        "storage-state-shape",
        ("scan", "p.yaml"),
        "not a Playwright storage state",
        STATE,
        files={"state.json": "[]"},
    ),
    # --- location patterns, field globs, rule vocabulary -------------------------------------
    scan(allow('- {location: "$.data.orders[0].total"}'), "index-free", "location-index"),
    scan(allow('- {location: "$.data.orders[*"}'), "never closed", "location-unclosed"),
    scan(allow('- {location: "$..email"}'), "recursive descent", "location-descent"),
    scan(allow('- {location: "$.orders[?(@.mine)]"}'), "no canonical step", "location-filter"),
    scan(allow('- {location: ""}'), "empty location pattern", "location-empty"),
    scan(allow('- {location: " $.data.me"}'), "space", "location-space"),
    scan(allow("- {location: '$[\"me\"]'}"), "single quotes", "location-double-quotes"),
    scan(allow('- {location: "$.data]"}'), "closes nothing", "location-stray-bracket"),
    scan(
        BASE.replace('location: "$.data.orders[*].note"', 'location: "$.data.orders[1].note"'),
        "index-free",
        "deny-location-index",
    ),
    scan(
        BASE.replace("{type: Order, where", '{path: "$.orders[", where'),
        "never closed",
        "row-path-unclosed",
    ),
    scan(BASE.replace("{type: Order,", "{type: Order*,"), "not a GraphQL type name", "row-type"),
    scan(
        BASE.replace('location: "$.data.agent.**"', 'location: "$.data.agent[0]"'),
        "index-free",
        "suppression-location",
    ),
    scan(allow('- {field: "email"}'), "did you mean *.email", "field-no-dot"),
    scan(allow('- {field: "Person."}'), "not a Type.field pattern", "field-empty-part"),
    scan(allow('- {field: "Person.address.city"}'), "not a Type.field pattern", "field-two-dots"),
    scan(allow('- {field: "*"}'), "did you mean *.*", "field-star"),
    scan(
        allow("- {classes: [email], surfaces: [network-jsn]}"),
        "unknown surface 'network-jsn'",
        "unknown-surface",
    ),
    scan(BASE.replace("rule: LC104", "rule: LC999"), "unknown rule 'LC999'", "unknown-rule"),
    scan(BASE.replace("rule: LC104", "rule: LC10"), "unknown rule 'LC10'", "truncated-rule"),
    scan(
        BASE.replace("{rule: LC104,", "{role: buyr, rule: LC104,"),
        "unknown role 'buyr'",
        "suppression-role",
    ),
    scan(
        BASE.replace("customer.id: me.id", "customer.id: me.uid"),
        "me.uid is not an attribute of role buyer",
        "row-attribute",
    ),
    scan(
        variant("    pages: [/]\n", "    pages: [/]\n    crawl: {deny: ['(unclosed']}\n"),
        "not a regular expression",
        "crawl-deny-regex",
    ),
    # --- selectors -----------------------------------------------------------------------------
    scan(page("/", "#app[data-state=ready"), "'#app[data-state=ready' is not a valid", "ready"),
    scan(BASE.replace('"a#logout"', '"a#"'), "'a#' is not a valid selector", "success-sel"),
    scan(
        BASE.replace(
            "success_selector:", "username_selector: 'input[name=user', success_selector:"
        ),
        "'input[name=user' is not a valid selector",
        "username-sel",
    ),
    scan(
        BASE.replace("success_selector:", "password_selector: 'input::before', success_selector:"),
        "pseudo-element",
        "password-sel-pseudo-element",
    ),
    scan(
        BASE.replace(
            "success_selector:", "submit_selector: \"button:has-text('Log in'\", success_selector:"
        ),
        "( is never closed",
        "submit-sel-unclosed",
    ),
    scan(
        variant(
            "    pages: [/]\n",
            "    pages: [/]\n  x:\n    login: {verify_selector: 'a >>'}\n    pages: [/]\n",
        ),
        "empty part around >>",
        "verify-sel-empty-part",
    ),
    scan(BASE.replace('"a#logout"', '"foo=bar"'), "unknown selector engine 'foo'", "engine"),
    scan(page("/", "a:-soup-contains('x')"), "not browser CSS", "soupsieve-only"),
    scan(page("/", ""), "empty selector", "empty-selector"),
    scan(page("/", "svg|rect"), "namespace", "namespace-selector"),
    scan(page("/", "nth=first"), "nth= needs an integer", "nth-engine"),
    # --- URLs -----------------------------------------------------------------------------------
    scan(BASE.replace("http://127.0.0.1:9", "ftp://127.0.0.1:9"), "only http and https", "ftp"),
    scan(BASE.replace('"http://127.0.0.1:9"', '"file:///etc/passwd"'), "not file:", "file"),
    scan(BASE.replace('"http://127.0.0.1:9"', '"example.com"'), "has no scheme", "scheme-less"),
    scan(BASE.replace('"http://127.0.0.1:9"', '"http://"'), "names no host", "no-host"),
    scan(BASE.replace("127.0.0.1:9", "127.0.0.1:port"), "invalid port", "bad-port"),
    scan(
        BASE.replace("http://127.0.0.1:9", f"http://admin:{PLANTED_URL_PASSWORD}@127.0.0.1:9"),
        "holds credentials",
        "url-credentials",
    ),
    scan(page("file:///etc/passwd"), "only http and https", "page-file"),
    scan(page("javascript:alert(1)"), "only http and https", "page-javascript"),
    scan(
        page("https://evil.example/steal?token=planted-canary-value-31"),
        "outside the target",
        "page-other-origin",
    ),
    scan(page("//evil.example/x"), "has no scheme", "page-scheme-relative"),
    scan(page("http://127.0.0.1:10/"), "outside the target", "page-other-port"),
    scan(
        BASE.replace("{url: /login,", "{url: 'https://idp.example/login',"),
        "target.login_origins",
        "login-other-origin",
    ),
    scan(
        BASE.replace(
            'target: {url: "http://127.0.0.1:9"}',
            'target: {url: "http://127.0.0.1:9", scope: ["ftp://files.example"]}',
        ),
        "only http and https",
        "scope-ftp",
    ),
    scan(
        BASE.replace(
            'target: {url: "http://127.0.0.1:9"}',
            'target: {url: "http://127.0.0.1:9", login_origins: ["idp.example"]}',
        ),
        "has no scheme",
        "login-origin-scheme-less",
    ),
    scan(
        BASE + "third_parties:\n  - {origin: analytics.example, classes: [email], reason: ok}\n",
        "has no scheme",
        "third-party-scheme-less",
    ),
    scan(
        BASE.replace('success_selector: "a#logout"', "success_url: home"),
        "success_url 'home' would never match",
        "success-url-relative",
    ),
    # --- quick scan and init --------------------------------------------------------------------
    Case("quick-ftp", ("scan", "--url", "ftp://127.0.0.1/"), "only http and https", profile=None),
    Case("quick-scheme-less", ("scan", "--url", "example.com"), "has no scheme", profile=None),
    Case(
        "quick-page-file",
        ("scan", "--url", "http://127.0.0.1:9/", "--page", "file:///etc/passwd"),
        "--page",
        profile=None,
    ),
    Case(
        "quick-page-other-origin",
        ("scan", "--url", "http://127.0.0.1:9/", "--page", "http://evil.example/"),
        "not on the origin of --url",
        profile=None,
    ),
    Case(
        "quick-login-javascript",
        ("scan", "--url", "http://127.0.0.1:9/", "--login-url", "javascript:void(0)"),
        "--login-url",
        profile=None,
    ),
    Case(
        "quick-url-credentials",
        ("scan", "--url", f"http://u:{PLANTED_URL_PASSWORD}@127.0.0.1:9/"),
        "holds credentials",
        profile=None,
    ),
    Case(
        "init-ftp",
        ("init", "--url", "ftp://x", "--login-url", "/l", "--role", "r"),
        "only http",
        profile=None,
    ),
    Case(
        "init-scheme-less",
        ("init", "--url", "x.example", "--login-url", "/l", "--role", "r"),
        "has no scheme",
        profile=None,
    ),
    Case(
        "init-login-file",
        ("init", "--url", "https://x.example", "--login-url", "file:///l", "--role", "r"),
        "--login-url",
        profile=None,
    ),
    Case(
        "init-role-name",
        ("init", "--url", "https://x.example", "--login-url", "/l", "--role", "a: b"),
        "role name 'a: b'",
        profile=None,
    ),
    Case(
        "init-missing-dir",
        (
            "init",
            "--url",
            "https://x.example",
            "--login-url",
            "/l",
            "--role",
            "r",
            "-o",
            "no/p.yaml",
        ),
        "no such directory",
        profile=None,
    ),
    # --- output paths, baselines, inputs ---------------------------------------------------------
    Case("output-missing-dir", ("scan", "p.yaml", "-o", "nodir/r.json"), "no such directory"),
    Case("output-is-dir", ("scan", "p.yaml", "-o", "sub"), "is a directory", files={"sub/x": ""}),
    Case(
        "output-dir-is-file",
        ("scan", "p.yaml", "--format", "json", "--output-dir", "f.txt/reports"),
        "not a directory",
        files={"f.txt": ""},
    ),
    Case(
        "save-har-missing-dir", ("scan", "p.yaml", "--save-har", "nodir/x.har"), "no such directory"
    ),
    Case(
        "save-har-is-dir",
        ("scan", "p.yaml", "--save-har", "sub"),
        "is a directory",
        files={"sub/x": ""},
    ),
    Case("output-over-profile", ("scan", "p.yaml", "-o", "p.yaml"), "would overwrite the input"),
    Case(
        "output-equals-har",
        ("scan", "p.yaml", "-o", "x.json", "--save-har", "x.json"),
        "are the same file",
    ),
    Case("baseline-missing", ("scan", "p.yaml", "--baseline", "b.json"), "cannot read baseline"),
    Case(
        "baseline-list",
        ("scan", "p.yaml", "--baseline", "b.json"),
        "not a leakcheck baseline",
        files={"b.json": "[]"},
    ),
    Case(
        "baseline-wrong-entries",
        ("scan", "p.yaml", "--baseline", "b.json"),
        "list of hexadecimal strings",
        files={"b.json": '{"format": 1, "fingerprints": [1, 2]}'},
    ),
    Case(
        "baseline-format-2",
        ("scan", "p.yaml", "--baseline", "b.json"),
        "format 2 is not 1",
        files={"b.json": '{"format": 2, "fingerprints": []}'},
    ),
    Case(
        "baseline-not-json",
        ("scan", "p.yaml", "--baseline", "b.json"),
        "invalid JSON",
        files={"b.json": "{"},
    ),
    Case(
        "baseline-latin-1",
        ("scan", "p.yaml", "--baseline", "b.json"),
        "not UTF-8",
        files={"b.json": b"\xff"},
    ),
    Case(
        "baseline-create-missing-dir",
        ("baseline", "create", "p.yaml", "-o", "nodir/b.json"),
        "no such directory",
    ),
    Case(
        "baseline-create-over-profile",
        ("baseline", "create", "p.yaml", "-o", "p.yaml"),
        "would overwrite",
    ),
    Case(
        "analyze-output-over-har",
        ("analyze", "x.har", "-o", "x.har"),
        "would overwrite the input",
        files={"x.har": '{"log": {"entries": []}}'},
    ),
    Case(
        "analyze-bad-baseline",
        ("analyze", "x.har", "--baseline", "b.json"),
        "not a leakcheck baseline",
        files={"x.har": '{"log": {"entries": []}}', "b.json": "{}"},
    ),
    Case(
        "har-target-ftp",
        ("analyze", "x.har"),
        "the HAR's target cannot be scanned",
        files={"x.har": '{"log": {"_leakcheck": {"target": "ftp://x"}, "entries": []}}'},
    ),
    Case(
        "har-target-credentials",
        ("analyze", "x.har"),
        "holds credentials",
        files={
            "x.har": '{"log": {"pages": [{"title": "http://u:planted-url-pw-77@h/"}], '
            '"entries": []}}'
        },
    ),
    Case(
        "quick-empty-password",
        ("scan", "--url", "http://127.0.0.1:9/", "--login-url", "/login"),
        "LEAKCHECK_PASSWORD not set or empty",
        profile=None,
        env={"LEAKCHECK_USERNAME": PLANTED_USER, "LEAKCHECK_PASSWORD": ""},
    ),
    Case("profile-missing", ("scan", "nope.yaml"), "cannot read profile"),
    Case("profile-is-dir", ("scan", "sub"), "cannot read profile", files={"sub/x": ""}),
    # --- keys, roles, the browser ----------------------------------------------------------------
    Case(
        "empty-key-file",
        ("scan", "p.yaml", "--key-file", "key"),
        "key file key is empty",
        files={"key": "  \n"},
        env={"LEAKCHECK_KEY": None},
    ),
    Case(
        "empty-key-file-env",
        ("scan", "p.yaml"),
        "is empty",
        files={"key": ""},
        env={"LEAKCHECK_KEY": "", "LEAKCHECK_KEY_FILE": "key"},
    ),
    Case("unknown-role", ("scan", "p.yaml", "--role", "buyr"), "unknown role 'buyr'"),
    Case(
        "browser-not-a-browser",
        ("scan", "p.yaml", "--role", "buyer"),
        "is not a Chromium-based browser",
        env={"LEAKCHECK_BROWSER": "/bin/true"},
    ),
    Case(
        "browser-missing",
        ("scan", "p.yaml", "--role", "buyer"),
        "is not an executable file",
        env={"LEAKCHECK_BROWSER": "/nonexistent/chromium"},
    ),
    Case(
        "browser-is-dir",
        ("scan", "p.yaml", "--role", "buyer"),
        "is not an executable file",
        env={"LEAKCHECK_BROWSER": "/usr"},
    ),
]


@pytest.fixture(scope="module")
def stand_in_browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """A program that records each start in a file and is no browser."""
    directory = tmp_path_factory.mktemp("browser")
    marker = directory / "started"
    program = directory / "chromium"
    program.write_text(f'#!/bin/sh\necho "$@" >> "{marker}"\nexit 1\n')
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    yield program, marker


def run(
    case: Case, directory: Path, browser: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, BaseException | None]:
    for name, content in case.files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    if case.profile is not None:
        profile = directory / "p.yaml"
        if isinstance(case.profile, bytes):
            profile.write_bytes(case.profile)
        else:
            profile.write_text(case.profile, encoding="utf-8")
    monkeypatch.chdir(directory)
    env: dict[str, str | None] = {**ENV, "LEAKCHECK_BROWSER": str(browser), **case.env}
    if "LEAKCHECK_KEY_FILE" not in case.env:
        env["LEAKCHECK_KEY_FILE"] = str(directory / "unused-key")
    result = CliRunner().invoke(main, list(case.args), env=env)
    return result.exit_code, result.output, result.exception  # stdout and stderr


def test_there_are_at_least_sixty_cases_with_unique_ids() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) >= 60
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_is_one_short_line_and_exit_2_before_any_browser(
    case: Case,
    tmp_path: Path,
    stand_in_browser: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    browser, marker = stand_in_browser
    marker.unlink(missing_ok=True)
    code, output, exception = run(case, tmp_path, browser, monkeypatch)
    assert isinstance(exception, SystemExit), output
    assert code == case.code, output
    lines = [line for line in output.splitlines() if line.strip()]  # click: a blank separator
    assert 1 <= len(lines) <= 3, output
    assert case.expected in output, output
    assert "Traceback" not in output and "internal error" not in output, output
    for value in PLANTED:
        assert value not in output, output
    assert not marker.exists(), "a browser was started or asked for its version"
    assert not any(p.name.endswith(".tmp") for p in tmp_path.rglob("*")), "temporary file left"


def test_control_a_right_profile_gets_as_far_as_the_browser(
    tmp_path: Path, stand_in_browser: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the mistake the same command reaches the stand-in: the cases above are real."""
    browser, marker = stand_in_browser
    marker.unlink(missing_ok=True)
    control = Case("control", ("scan", "p.yaml", "-o", "r.json", "--save-har", "x.har"), "")
    code, output, exception = run(control, tmp_path, browser, monkeypatch)
    assert isinstance(exception, SystemExit) and code == 2, output
    assert "is not a Chromium-based browser" in output
    assert marker.read_text().split() == ["--version"]
    assert not (tmp_path / "r.json").exists() and not (tmp_path / "x.har").exists()


def test_scan_of_one_role_needs_only_that_roles_variables(
    tmp_path: Path, stand_in_browser: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The seller's variables are unset; scanning the buyer alone gets as far as the browser."""
    browser, marker = stand_in_browser
    marker.unlink(missing_ok=True)
    unset = {"SELLER_USER": None, "SELLER_PASSWORD": None}
    everyone = Case("all", ("scan", "p.yaml"), "", env=unset)
    code, output, _ = run(everyone, tmp_path, browser, monkeypatch)
    assert code == 2 and "SELLER_USER is not set" in output and not marker.exists()
    buyer = Case("buyer", ("scan", "p.yaml", "--role", "buyer"), "", env=unset)
    code, output, _ = run(buyer, tmp_path, browser, monkeypatch)
    assert code == 2 and "is not a Chromium-based browser" in output, output
    assert marker.exists()


def test_validate_warns_about_unset_variables_but_checks_everything_else(tmp_path: Path) -> None:
    """A target URL from an unset variable is a warning; a broken selector is still an error."""
    profile = tmp_path / "p.yaml"
    profile.write_text(BASE.replace('"http://127.0.0.1:9"', '"${SHOP_URL}"'), encoding="utf-8")
    env = {**ENV, "SHOP_URL": None}
    checked = CliRunner().invoke(main, ["validate", str(profile)], env=env)
    assert checked.exit_code == 0, checked.stderr
    assert "SHOP_URL is not set" in checked.stderr
    profile.write_text(
        BASE.replace('"http://127.0.0.1:9"', '"${SHOP_URL}"').replace('"a#logout"', '"a#"'),
        encoding="utf-8",
    )
    broken = CliRunner().invoke(main, ["validate", str(profile)], env=env)
    assert broken.exit_code == 2 and "'a#' is not a valid selector" in broken.stderr


def test_merge_keys_may_override_what_they_merge(tmp_path: Path) -> None:
    """``<<: *form`` then ``username:`` is YAML's way to reuse a block, not a duplicate key."""
    profile = tmp_path / "p.yaml"
    merged = variant(
        "      form: {url: /login,",
        "      form: &form {url: /login,",
    ).replace(
        '      form: {username: "${SELLER_USER}", password: "${SELLER_PASSWORD}"}',
        '      form: {<<: *form, username: "${SELLER_USER}", password: "${SELLER_PASSWORD}"}',
    )
    profile.write_text(merged, encoding="utf-8")
    checked = CliRunner().invoke(main, ["validate", "--strict-env", str(profile)], env=ENV)
    assert checked.exit_code == 0, checked.stderr
    assert "valid profile 'shop'" in checked.output


def test_error_lines_quote_the_file_and_line(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(page("/", "a["), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(profile)], env=ENV)
    assert result.stderr.strip() == (
        f"leakcheck: error: {profile}:11: roles.buyer.pages.0.ready: "
        "'a[' is not a valid selector: [ is never closed"
    )
    assert os.path.basename(profile) in result.stderr
