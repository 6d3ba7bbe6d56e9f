"""``leakcheck init``: a commented starter profile that validates as written."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from urllib.parse import urljoin, urlsplit

from leakcheck.errors import ConfigError
from leakcheck.scope import origin_of, url_problem

_ENV_SAFE = re.compile(r"[^A-Z0-9]+")

TEMPLATE = """\
# yaml-language-server: $schema=./leakcheck-profile.schema.json
# leakcheck profile for {url}
# Written by `leakcheck init`; check it with `leakcheck validate {file}`.
# Credentials are never written here: export the variables named below (or use ${{file:path}}).
version: 1
name: {name_yaml}
target:
  url: {url_yaml}
  # scope: [https://api.example.com]     # further origins that belong to the site
{login_origins}
policy:
  min_confidence: 0.5
  fail_on: low          # low | medium | high | critical

# canaries:             # values planted in test data that no role may receive
#   - value: canary.person@example.test
#     allowed_roles: []

roles:
{roles}"""

ROLE = """\
  {role_yaml}:
    description: "{role} (edit me: who this role is)"
    # attributes: {{id: "the role's user id"}}   # for row rules: where: {{owner.id: me.id}}
    login:
      form:
        url: {login_url_yaml}
        username: ${{{prefix}_{env_role}_USERNAME}}
        password: ${{{prefix}_{env_role}_PASSWORD}}
        # username_selector: "#email"         # found automatically when omitted
        # success_selector: "a[href='/logout']"  # proves the login worked
    pages:
      - /
      # - {{url: /orders, ready: "#orders"}}   # wait for a selector before capturing
    # crawl: {{max_pages: 20, max_depth: 3}}  # follow in-scope links (never logout/delete)
    # entitlements:                          # omit: zero-config judging
    #   allow:
    #     - {{field: "Product.*", reason: public catalogue}}
    #   rows:
    #     - {{type: Order, where: {{customer.id: me.id}}}}
    #   deny:
    #     - {{field: Order.total, data_class: financial.amount, reason: other customers' orders}}
"""


_ROLE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
_NO_LOGIN_ORIGIN = "  # login_origins: [https://idp.example.com]  # identity provider, login only\n"


def check_init_options(url: str, login_url: str, roles: Sequence[str]) -> None:
    """Raise ``ConfigError`` for options that would make a profile that does not validate."""
    problem = url_problem(url, relative=False)
    if problem:
        raise ConfigError(f"--url: {problem}")
    problem = url_problem(login_url, relative=True)
    if problem:
        raise ConfigError(f"--login-url: {problem}")
    if not roles:
        raise ConfigError("give at least one role (--role NAME)")
    for role in roles:
        if not _ROLE_NAME.fullmatch(role):
            raise ConfigError(
                f"role name {role!r}: use letters, digits, '_', '-' and '.' (e.g. buyer-1)"
            )


def env_name(text: str) -> str:
    """Return ``text`` as an environment-variable fragment (``buyer-1`` -> ``BUYER_1``)."""
    return _ENV_SAFE.sub("_", text.upper()).strip("_") or "ROLE"


def starter_profile(
    url: str, login_url: str, roles: Sequence[str], name: str, file: str, prefix: str
) -> str:
    """Return the profile text; every role logs in by form with credentials from the env."""
    login_url_yaml = json.dumps(login_url)  # a JSON string is a YAML double-quoted scalar
    body = "".join(
        ROLE.format(
            role=role,
            role_yaml=json.dumps(role),
            login_url_yaml=login_url_yaml,
            prefix=prefix,
            env_role=env_name(role),
        )
        for role in roles
    )
    login_page = urlsplit(urljoin(url, login_url))
    login_origin = f"{login_page.scheme}://{login_page.netloc}"
    login_origins = (
        f"  login_origins: [{json.dumps(login_origin)}]  # the sign-in form's origin\n"
        if origin_of(login_origin) != origin_of(url)
        else _NO_LOGIN_ORIGIN
    )
    return TEMPLATE.format(
        url=url,
        url_yaml=json.dumps(url),
        name_yaml=json.dumps(name),
        file=file,
        login_origins=login_origins,
        roles=body,
    )
