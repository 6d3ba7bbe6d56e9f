"""Configuration errors: one line on stderr, exit 2, no traceback, no secret echoed."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from leakcheck import __version__
from leakcheck.cli import main

PROFILE = """\
name: shop
target: {url: "http://127.0.0.1:9"}
roles:
  buyer:
    login: {form: {username: "${SHOP_USER}", password: "${SHOP_PASSWORD}"}}
    pages: [/]
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: [broken\n", "YAML syntax error"),
        (PROFILE.replace("pages: [/]", "pages: [/]\n    colour: red"), "unknown key 'colour'"),
        (PROFILE, "environment variable SHOP_USER is not set"),
    ],
)
def test_broken_profiles_exit_2_with_one_line(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "shop.yaml"
    path.write_text(text)
    result = CliRunner().invoke(main, ["scan", str(path)], env={"SHOP_PASSWORD": "hunter2-pw"})
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"leakcheck: error: {path}:")
    assert expected in lines[0]
    assert "hunter2-pw" not in result.output + result.stderr


def test_quick_scan_needs_credentials_from_the_environment() -> None:
    result = CliRunner().invoke(
        main,
        ["scan", "--url", "http://127.0.0.1:9/", "--login-url", "/login"],
        env={"LEAKCHECK_USERNAME": "", "LEAKCHECK_PASSWORD": ""},
    )
    assert result.exit_code == 2
    assert "LEAKCHECK_USERNAME, LEAKCHECK_PASSWORD not set" in result.stderr


def test_profile_and_url_together_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["scan", str(tmp_path / "p.yaml"), "--url", "http://x/"])
    assert result.exit_code == 2 and "not both" in result.stderr


def test_version_explain_and_rules() -> None:
    runner = CliRunner()
    assert __version__ in runner.invoke(main, ["--version"]).output
    explained = runner.invoke(main, ["explain", "lc104"])
    assert explained.exit_code == 0 and "How to fix" in explained.output
    assert runner.invoke(main, ["explain", "LC999"]).exit_code == 2
    listed = runner.invoke(main, ["rules"]).output
    assert all(code in listed for code in ("LC101", "LC102", "LC103", "LC104", "LC201", "LC301"))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "cannot read HAR"),
        ("{not json", "not a HAR file (invalid JSON"),
        ('{"log": {"pages": []}}', "not a HAR file (no log.entries)"),
        ('{"log": {"entries": []}}', "names no page or request"),
    ],
)
def test_analyze_rejects_what_is_not_a_usable_har(
    tmp_path: Path, content: str | None, expected: str
) -> None:
    path = tmp_path / "x.har"
    if content is not None:
        path.write_text(content)
    result = CliRunner().invoke(main, ["analyze", str(path)])
    assert result.exit_code == 2
    assert expected in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_init_writes_a_profile_that_validates(tmp_path: Path) -> None:
    runner = CliRunner()
    path = tmp_path / "site.yaml"
    made = runner.invoke(
        main,
        ["init", "--url", "https://staging.example.com", "-o", str(path)],
        input="/auth/login\nbuyer, seller\n",
    )
    assert made.exit_code == 0, made.output
    assert (tmp_path / "leakcheck-profile.schema.json").is_file()
    checked = runner.invoke(main, ["validate", str(path)])
    assert checked.exit_code == 0, checked.stderr
    assert "valid profile 'my-site' (roles: buyer, seller)" in checked.output
    assert "LEAKCHECK_SELLER_PASSWORD is not set" in checked.stderr
    strict = runner.invoke(main, ["validate", "--strict-env", str(path)])
    assert strict.exit_code == 2
    again = runner.invoke(
        main, ["init", "--url", "https://x", "--login-url", "/l", "--role", "r", "-o", str(path)]
    )
    assert again.exit_code == 2 and "exists; use --force" in again.stderr


def test_error_lines_keep_one_line_and_cut_urls_at_the_query() -> None:
    from leakcheck.errors import error_line

    error = RuntimeError(
        "Page.goto: net::ERR_CONNECTION_REFUSED at https://x.dk/cases/1?token=s3cr3t&cpr=0101901234"
        "#me\nCall log:\n  - navigating to https://x.dk/cases/1?token=s3cr3t"
    )
    assert error_line(error) == "Page.goto: net::ERR_CONNECTION_REFUSED at https://x.dk/cases/1"
    assert error_line(ValueError()) == "ValueError"
