"""A profile-less quick scan: one URL, one optional login, zero-config judging."""

from __future__ import annotations

import os
from collections.abc import Sequence
from urllib.parse import urljoin

from pydantic import ValidationError

from leakcheck.errors import ConfigError
from leakcheck.profile.checks import check_profile_in_code
from leakcheck.profile.schema import FormLogin, Login, PageSpec, Profile, Role, Target
from leakcheck.scope import origin_of, url_problem


def quick_profile(
    url: str,
    login_url: str | None,
    pages: Sequence[str],
    username_env: str,
    password_env: str,
) -> Profile:
    """Build an in-memory profile; credentials come from environment variables only.

    Every URL is checked as a profile's would be, and named by its option: ``--url`` must be
    an http(s) URL, ``--page`` a path or a URL on its origin. A ``--login-url`` on another
    origin (an identity provider) is allowed during login only.
    """
    _check_url("--url", url, relative=False)
    for page in pages:
        _check_url("--page", page, relative=True)
        if origin_of(urljoin(url, page)) != origin_of(url):
            raise ConfigError(f"--page {page.split('?', 1)[0]}: not on the origin of --url")
    login = None
    login_origins = []
    if login_url:
        _check_url("--login-url", login_url, relative=True)
        login_origin = origin_of(urljoin(url, login_url))
        if login_origin != origin_of(url):
            login_origins.append(login_origin)
        missing = [name for name in (username_env, password_env) if not os.environ.get(name)]
        if missing:
            raise ConfigError(
                "--login-url needs credentials in the environment: "
                f"{', '.join(missing)} not set or empty"
            )
        login = Login(
            form=FormLogin(
                url=login_url, username=os.environ[username_env], password=os.environ[password_env]
            )
        )
    try:
        role = Role(login=login, pages=[PageSpec(url=url), *(PageSpec(url=p) for p in pages)])
        profile = Profile(
            name="quick-scan",
            target=Target(url=url, login_origins=login_origins),
            roles={"user": role},
        )
    except ValidationError as exc:  # the checks above should have caught it; never echo values
        raise ConfigError(f"quick scan: {exc.errors()[0]['msg']}") from None
    return check_profile_in_code(profile)


def _check_url(option: str, url: str, relative: bool) -> None:
    problem = url_problem(url, relative=relative)
    if problem:
        raise ConfigError(f"{option}: {problem}")
