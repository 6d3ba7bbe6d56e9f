"""``leakcheck init``: a commented starter profile that validates as written."""

from __future__ import annotations

import re
from collections.abc import Sequence

_ENV_SAFE = re.compile(r"[^A-Z0-9]+")

TEMPLATE = """\
# yaml-language-server: $schema=./leakcheck-profile.schema.json
# leakcheck profile for {url}
# Written by `leakcheck init`; check it with `leakcheck validate {file}`.
# Credentials are never written here: export the variables named below (or use ${{file:path}}).
version: 1
name: {name}
target:
  url: {url}
  # scope: [https://api.example.com]     # further origins that belong to the site
  # login_origins: [https://idp.example.com]  # identity provider, allowed during login only

policy:
  min_confidence: 0.5
  fail_on: low          # low | medium | high | critical

# canaries:             # values planted in test data that no role may receive
#   - value: canary.person@example.test
#     allowed_roles: []

roles:
{roles}"""

ROLE = """\
  {role}:
    description: "{role} (edit me: who this role is)"
    # attributes: {{id: "the role's user id"}}   # for row rules: where: {{owner.id: me.id}}
    login:
      form:
        url: {login_url}
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


def env_name(text: str) -> str:
    """Return ``text`` as an environment-variable fragment (``buyer-1`` -> ``BUYER_1``)."""
    return _ENV_SAFE.sub("_", text.upper()).strip("_") or "ROLE"


def starter_profile(
    url: str, login_url: str, roles: Sequence[str], name: str, file: str, prefix: str
) -> str:
    """Return the profile text; every role logs in by form with credentials from the env."""
    body = "".join(
        ROLE.format(role=role, login_url=login_url, prefix=prefix, env_role=env_name(role))
        for role in roles
    )
    return TEMPLATE.format(url=url, name=name, file=file, roles=body)
