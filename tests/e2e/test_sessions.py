"""Ways to get a session besides the login form: a storage-state file and static cookies."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from leakcheck.demo import EstateSite
from leakcheck.pipeline import ScanOptions, scan
from leakcheck.profile import parse_profile
from leakcheck.redact import Redactor

pytestmark = pytest.mark.browser
CASE_A = "/cases/722faf7c-b46c-51ce-aed6-6d5b1d2a1cb3"


def profile_text(login_yaml: str) -> str:
    return f"""\
name: sessions
target: {{url: "${{ESTATE_URL}}"}}
roles:
  buyer1:
    login:
{login_yaml}
      verify_selector: "a#logout"
    pages:
      - {{url: "{CASE_A}", ready: "#app[data-state=ready]"}}
"""


def session_cookie(site: EstateSite, role: str = "buyer1") -> tuple[str, str]:
    account = site.accounts[role]
    response = httpx.post(
        f"{site.url}/login", data={"username": account["username"], "password": account["password"]}
    )
    assert response.status_code in (200, 303)
    ((name, value),) = ((c.name, c.value) for c in response.cookies.jar if c.value)
    return name, value


def run(site: EstateSite, text: str, directory: Path) -> tuple[bool, list[str], str | None]:
    path = directory / "profile.yaml"
    profile = parse_profile(text, path, {"ESTATE_URL": site.url})
    result = scan(profile, Redactor(b"k"), ScanOptions(), path)
    role = result.coverage[0]
    return role.logged_in, role.pages_visited, role.login_error


def test_static_cookie_session(
    estate_sites: Callable[[str, int], EstateSite], tmp_path: Path
) -> None:
    site = estate_sites("fixed", 1)
    name, value = session_cookie(site)
    text = profile_text(f"      cookies: [{{name: {name}, value: {value}}}]")
    logged_in, visited, error = run(site, text, tmp_path)
    assert (logged_in, error) == (True, None)
    assert visited == [site.url + CASE_A]


def test_storage_state_file_relative_to_the_profile(
    estate_sites: Callable[[str, int], EstateSite], tmp_path: Path
) -> None:
    site = estate_sites("fixed", 1)
    name, value = session_cookie(site)
    host = site.url.split("//", 1)[1].split(":", 1)[0]
    state = {
        "cookies": [
            {
                "name": name,
                "value": value,
                "domain": host,
                "path": "/",
                "expires": -1,
                "httpOnly": True,
                "secure": False,
                "sameSite": "Lax",
            }
        ],
        "origins": [],
    }
    (tmp_path / "state.json").write_text(json.dumps(state))
    logged_in, visited, error = run(site, profile_text("      storage_state: state.json"), tmp_path)
    assert (logged_in, error, len(visited)) == (True, None, 1)


def test_a_dead_session_is_a_login_error_not_an_empty_scan(
    estate_sites: Callable[[str, int], EstateSite], tmp_path: Path
) -> None:
    site = estate_sites("fixed", 1)
    text = profile_text("      cookies: [{name: estate_session, value: not-a-session}]")
    logged_in, visited, error = run(site, text, tmp_path)
    assert not logged_in and visited == []
    assert error is not None and "session not valid: " in error
    assert "shows a login form instead of login.verify_selector 'a#logout'" in error
