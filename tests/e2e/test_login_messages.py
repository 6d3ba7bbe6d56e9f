"""A failed login says what was observed, so a wrong success check is not read as a wrong password.

One scan of the estate site with a real Chromium holds a role per way a login goes wrong (and
two that must now succeed); each role's ``login_error`` in the JSON report is checked.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

from leakcheck.demo import EstateSite

pytestmark = pytest.mark.browser
WRONG_PASSWORD = "not-the-password-5521"

FORM = (
    'url: /login, username: "${{ESTATE_BUYER1_USERNAME}}", '
    'password: "${{ESTATE_BUYER1_PASSWORD}}", {check}'
)
# Roles are handed to --jobs 3 browsers round-robin: the two that wait out the timeout come
# first, so they run in different browsers.
PROFILE = """\
name: login-messages
target: {{url: "${{ESTATE_URL}}"}}
policy: {{page_timeout_s: 10}}
roles:
  wrong_selector:
    login: {{form: {{{wrong_selector}}}}}
    pages: [/]
  wrong_success_url:
    login: {{form: {{{wrong_success_url}}}}}
    pages: [/]
  wrong_password:
    login: {{form: {{url: /login, username: "${{ESTATE_BUYER1_USERNAME}}",
                    password: "${{WRONG_PASSWORD}}", success_selector: "a#logout"}}}}
    pages: [/]
  missing_login_page:
    login: {{form: {{{missing_login_page}}}}}
    pages: [/]
  path_success_url:
    login: {{form: {{{path_success_url}}}}}
    pages: [{{url: /, ready: "#app[data-state=ready]"}}]
  playwright_selector:
    login: {{form: {{{playwright_selector}}}}}
    pages: [{{url: /, ready: "#app >> visible=true"}}]
""".format(
    wrong_selector=FORM.format(check='success_selector: "a#no-such-link"'),
    wrong_success_url=FORM.format(check='success_url: "/dashboard*"'),
    missing_login_page=FORM.format(check='success_selector: "a#logout"').replace(
        "url: /login", "url: /no-login-here"
    ),
    path_success_url=FORM.format(check='success_url: "/"'),
    playwright_selector=FORM.format(check='success_selector: "text=Log ud"'),
)


@pytest.fixture(scope="module")
def scanned(
    estate_site: Callable[..., EstateSite], tmp_path_factory: pytest.TempPathFactory
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any], EstateSite]:
    site = estate_site(mode="vulnerable", seed=1)
    directory = tmp_path_factory.mktemp("login")
    (directory / "p.yaml").write_text(PROFILE, encoding="utf-8")
    env = {
        **os.environ,
        **site.credentials_env(),
        "WRONG_PASSWORD": WRONG_PASSWORD,
        "LEAKCHECK_KEY": "login-messages-key",
    }
    run = subprocess.run(
        [sys.executable, "-m", "leakcheck", "scan", "p.yaml", "--format", "json", "-o", "r.json"]
        + ["--jobs", "3", "-q"],
        capture_output=True,
        text=True,
        env=env,
        cwd=directory,
        timeout=300,
        check=False,
    )
    report = json.loads((directory / "r.json").read_text(encoding="utf-8"))
    roles = {role["role"]: role for role in report["coverage"]["roles"]}
    return run, roles, site


def error_of(roles: dict[str, Any], role: str) -> str:
    return str(roles[role]["login_error"])


def test_failed_logins_exit_2_and_never_show_a_password(
    scanned: tuple[subprocess.CompletedProcess[str], dict[str, Any], EstateSite],
) -> None:
    run, roles, site = scanned
    assert run.returncode == 2, run.stderr
    report = json.dumps(roles)
    for secret in (WRONG_PASSWORD, site.credentials_env()["ESTATE_BUYER1_PASSWORD"]):
        assert secret not in run.stdout + run.stderr + report


def test_a_wrong_success_selector_is_not_blamed_on_the_credentials(
    scanned: tuple[subprocess.CompletedProcess[str], dict[str, Any], EstateSite],
) -> None:
    _, roles, site = scanned
    error = error_of(roles, "wrong_selector")
    assert "login not proven" in error
    assert "login.form.success_selector 'a#no-such-link'" in error
    assert f"the browser reached {site.url}/ (HTTP 200)" in error
    assert "no login form is shown" in error and "check the success check" in error
    assert "password" not in error


def test_a_success_url_that_is_not_reached_says_where_the_browser_is(
    scanned: tuple[subprocess.CompletedProcess[str], dict[str, Any], EstateSite],
) -> None:
    _, roles, site = scanned
    error = error_of(roles, "wrong_success_url")
    assert "login.form.success_url '/dashboard*'" in error
    assert f"reached {site.url}/ (HTTP 200)" in error and "no login form is shown" in error


def test_a_refused_password_says_the_form_came_back_with_its_status(
    scanned: tuple[subprocess.CompletedProcess[str], dict[str, Any], EstateSite],
) -> None:
    _, roles, site = scanned
    error = error_of(roles, "wrong_password")
    assert "login failed" in error
    assert f"answered with its login form again at {site.url}/login (HTTP 401)" in error
    assert "check the username and password" in error


def test_a_login_page_that_answers_404_names_the_url_setting(
    scanned: tuple[subprocess.CompletedProcess[str], dict[str, Any], EstateSite],
) -> None:
    _, roles, site = scanned
    error = error_of(roles, "missing_login_page")
    assert f"the login page {site.url}/no-login-here answered HTTP 404" in error
    assert "check login.form.url" in error and "selector" not in error


def test_a_path_success_url_and_a_playwright_selector_log_in(
    scanned: tuple[subprocess.CompletedProcess[str], dict[str, Any], EstateSite],
) -> None:
    """``success_url: /`` is matched against the path (it never matched the whole URL), and a
    ``text=`` success selector is checked by Playwright, not ``document.querySelector``."""
    _, roles, site = scanned
    for role in ("path_success_url", "playwright_selector"):
        assert roles[role]["logged_in"], roles[role]["login_error"]
        assert roles[role]["pages_visited"] == [f"{site.url}/"]
