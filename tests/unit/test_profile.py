"""Profile loading: every broken profile is one line naming file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from leakcheck.errors import ProfileError
from leakcheck.profile import load_profile, parse_profile

GOOD = """\
name: shop
target:
  url: http://127.0.0.1:8000
roles:
  buyer:
    attributes: {id: "u-1"}
    login:
      form:
        username: ${SHOP_USER}
        password: ${SHOP_PASSWORD}
    pages: [/, {url: /orders, ready: "#orders"}]
    entitlements:
      allow:
        - field: "Product.*"
      rows:
        - type: Order
          where: {customer.id: me.id}
      deny:
        - field: "Order.total"
          data_class: financial.amount
canaries: [canary-0042@example.test]
"""
ENV = {"SHOP_USER": "alice", "SHOP_PASSWORD": "s3cret-pw"}


def parse(text: str, env: dict[str, str] | None = None) -> object:
    return parse_profile(text, Path("shop.yaml"), ENV if env is None else env)


def test_valid_profile_expands_environment_and_normalizes_pages() -> None:
    profile = parse_profile(GOOD, Path("shop.yaml"), ENV)
    role = profile.roles["buyer"]
    assert role.login is not None and role.login.form is not None
    assert role.login.form.password == "s3cret-pw"
    assert [p.url for p in role.pages] == ["/", "/orders"]
    assert role.pages[1].ready == "#orders"
    assert profile.canaries[0].value == "canary-0042@example.test"


@pytest.mark.parametrize(
    ("text", "env", "expected"),
    [
        (
            GOOD,
            {"SHOP_USER": "alice"},
            "shop.yaml:10: roles.buyer.login.form.password: "
            "environment variable SHOP_PASSWORD is not set",
        ),
        (
            GOOD.replace("    pages:", "    pagez: []\n    pages:"),
            ENV,
            "shop.yaml:11: roles.buyer.pagez: unknown key 'pagez'",
        ),
        (GOOD.replace("name: shop\n", ""), ENV, "shop.yaml:1: name: required key is missing"),
        ("name: [unclosed\n", ENV, "shop.yaml:2: YAML syntax error"),
        (GOOD.replace("me.id", "me.uid"), ENV, "me.uid is not an attribute of role buyer"),
        (
            GOOD.replace('- field: "Product.*"', "- reason: nothing"),
            ENV,
            "an allow rule needs location, field or classes",
        ),
        ("- just\n- a list\n", ENV, "shop.yaml: a profile must be a YAML mapping"),
    ],
)
def test_broken_profiles_give_one_line_naming_file_line_and_key(
    text: str, env: dict[str, str], expected: str
) -> None:
    with pytest.raises(ProfileError) as caught:
        parse(text, env)
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message


def test_errors_never_echo_a_credential() -> None:
    text = GOOD.replace("    pages:", "    pages: 42\n    pagez:")
    with pytest.raises(ProfileError) as caught:
        parse(text)
    assert "s3cret-pw" not in str(caught.value)


def test_file_references_read_secrets_relative_to_the_profile(tmp_path: Path) -> None:
    (tmp_path / "pw.txt").write_text("from-a-file\n")
    path = tmp_path / "shop.yaml"
    path.write_text(GOOD.replace("${SHOP_PASSWORD}", "${file:pw.txt}"))
    profile = load_profile(path, env=ENV)
    form = profile.roles["buyer"].login.form  # type: ignore[union-attr]
    assert form is not None and form.password == "from-a-file"


def test_missing_profile_file_is_a_profile_error(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="cannot read profile"):
        load_profile(tmp_path / "nope.yaml", env={})


def test_page_concurrency_defaults_to_four_and_must_be_at_least_one() -> None:
    assert parse_profile(GOOD, Path("shop.yaml"), ENV).policy.page_concurrency == 4
    two = GOOD.replace("roles:", "policy: {page_concurrency: 2}\nroles:", 1)
    assert parse_profile(two, Path("shop.yaml"), ENV).policy.page_concurrency == 2
    with pytest.raises(ProfileError) as caught:
        parse(GOOD.replace("roles:", "policy: {page_concurrency: 0}\nroles:", 1))
    assert "policy.page_concurrency" in str(caught.value)
