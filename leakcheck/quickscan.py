"""A profile-less quick scan: one URL, one optional login, zero-config judging."""

from __future__ import annotations

import os
from collections.abc import Sequence

from leakcheck.errors import ConfigError
from leakcheck.profile.schema import FormLogin, Login, PageSpec, Profile, Role, Target


def quick_profile(
    url: str,
    login_url: str | None,
    pages: Sequence[str],
    username_env: str,
    password_env: str,
) -> Profile:
    """Build an in-memory profile; credentials come from environment variables only."""
    login = None
    if login_url:
        missing = [name for name in (username_env, password_env) if not os.environ.get(name)]
        if missing:
            raise ConfigError(
                f"--login-url needs credentials in the environment: {', '.join(missing)} not set"
            )
        login = Login(
            form=FormLogin(
                url=login_url, username=os.environ[username_env], password=os.environ[password_env]
            )
        )
    role = Role(login=login, pages=[PageSpec(url=url), *(PageSpec(url=p) for p in pages)])
    return Profile(name="quick-scan", target=Target(url=url), roles={"user": role})
