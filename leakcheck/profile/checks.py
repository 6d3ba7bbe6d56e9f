"""Checks that span a profile's parts: what one key means depends on another.

A page is only browsed when its origin belongs to the target; a rule may only name roles and
role attributes that exist. Each problem comes with the key path it belongs to, so the loader
names the file and line; a profile built in code gets the same checks (``check_profile``).
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

from leakcheck.errors import ConfigError
from leakcheck.profile.schema import UNRESOLVED, Profile
from leakcheck.scope import Scope, origin_of

KeyPath = tuple[str | int, ...]


def problems(profile: Profile) -> Iterator[tuple[KeyPath, str]]:
    """Yield ``(key path, message)`` for every cross-reference the profile gets wrong."""
    yield from _page_problems(profile)
    yield from _reference_problems(profile)


def check_profile_in_code(profile: Profile) -> Profile:
    """Raise ``ConfigError`` with the first problem of a profile built without a file."""
    for path, message in problems(profile):
        dotted = ".".join(str(part) for part in path)
        raise ConfigError(f"{dotted}: {message}")
    return profile


def _shown(url: str) -> str:
    """A URL for a message: without its query and fragment, which may carry tokens."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}{parts.path}"


def _page_problems(profile: Profile) -> Iterator[tuple[KeyPath, str]]:
    """Pages must lie inside the target's origins; a login form may also be on a login origin.

    A page on another origin would send the role's session to it: leakcheck must reach only
    the target. Listing the origin in ``target.scope`` says it belongs to the site.
    """
    base = profile.target.url
    if UNRESOLVED in base:  # the target comes from a variable not set: nothing to compare
        return
    scope = Scope.of([base, *profile.target.scope], profile.target.login_origins)
    in_scope = ", ".join(sorted(scope.origins))
    allowed_login = scope.origins | scope.login_origins
    for name, role in profile.roles.items():
        for index, page in enumerate(role.pages):
            url = urljoin(base, page.url)
            if UNRESOLVED not in url and origin_of(url) not in scope.origins:
                yield (
                    ("roles", name, "pages", index, "url"),
                    f"{_shown(url)} is outside the target ({in_scope}); add its origin to "
                    "target.scope if it belongs to the site",
                )
        form = role.login.form if role.login else None
        url = urljoin(base, form.url) if form is not None else ""
        if url and UNRESOLVED not in url and origin_of(url) not in allowed_login:
            yield (
                ("roles", name, "login", "form", "url"),
                f"{_shown(url)} is outside the target ({in_scope}); add its origin to "
                "target.login_origins if the site signs in there",
            )


def _reference_problems(profile: Profile) -> Iterator[tuple[KeyPath, str]]:
    """Row rules name attributes of their role; canaries and suppressions name known roles."""
    known = ", ".join(profile.roles)
    for role_name, role in profile.roles.items():
        if role.entitlements is None:
            continue
        for index, row in enumerate(role.entitlements.rows):
            for key, refs in row.where.items():
                for ref in refs if isinstance(refs, list) else [refs]:
                    if ref and ref.startswith("me.") and ref[3:] not in role.attributes:
                        yield (
                            ("roles", role_name, "entitlements", "rows", index, "where", key),
                            f"{ref} is not an attribute of role {role_name}",
                        )
    for index, canary in enumerate(profile.canaries):
        unknown = [r for r in canary.allowed_roles if r not in profile.roles]
        if unknown:
            yield (
                ("canaries", index, "allowed_roles"),
                f"canary allowed_roles names unknown roles: {unknown} (the roles: {known})",
            )
    for index, suppression in enumerate(profile.suppressions):
        if suppression.role is not None and suppression.role not in profile.roles:
            yield (
                ("suppressions", index, "role"),
                f"unknown role {suppression.role!r}; the profile has: {known}",
            )
