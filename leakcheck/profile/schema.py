"""The profile's shape: what to audit, how each role logs in, and what each role may receive.

Pydantic is used only here, at the YAML edge; the rest of the package sees the validated models.
Unknown keys are errors (``extra="forbid"``) so that a typo never silently disables a rule.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

from leakcheck.models import Severity, Surface
from leakcheck.scope import url_problem


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


UNRESOLVED = "\x00"
"""Marks the stand-in for a ``${...}`` reference that has no value (a variable not set). The
checks below let it pass: the loader reports the reference itself, or, for ``validate`` without
``--strict-env`` and roles a run leaves out, only warns. YAML text cannot hold it raw."""


def _resolved(value: str | None) -> bool:
    """Return whether a value is given and holds no stand-in for a missing reference."""
    return value is not None and UNRESOLVED not in value


def _selector(value: str | None) -> str | None:
    """Check a selector field in Playwright's syntax (see ``leakcheck.profile.selectors``)."""
    if value is not None and _resolved(value):
        from leakcheck.profile.selectors import check_selector

        check_selector(value)
    return value


def _location(value: str | None) -> str | None:
    if value is not None and _resolved(value):
        from leakcheck.profile.entitlements import check_location_pattern

        check_location_pattern(value)
    return value


def _field(value: str | None) -> str | None:
    if value is not None and _resolved(value):
        from leakcheck.profile.entitlements import check_field_pattern

        check_field_pattern(value)
    return value


def _page_url(value: str) -> str:
    """A page or login URL: a path resolved against the target, or an http(s) URL."""
    problem = _resolved(value) and url_problem(value, relative=True)
    if problem:
        raise ValueError(problem)
    return value


def _origin(value: str) -> str:
    problem = _resolved(value) and url_problem(value, relative=False)
    if problem:
        raise ValueError(problem)
    return value


class FormLogin(_Strict):
    """Log in by typing into a form, the way a person does (so SPA forms enable their buttons)."""

    url: str = "/login"
    username: str
    password: str = Field(repr=False)
    username_selector: str | None = None
    password_selector: str | None = None
    submit_selector: str | None = None
    success_url: str | None = None
    """A glob the browser's URL must match after submitting: a path glob (``/home*``) is
    matched against the URL's path (and query), anything else against the whole URL."""
    success_selector: str | None = None
    """A selector that must appear after submitting (e.g. ``a[href='/logout']``)."""

    _selectors = field_validator(
        "username_selector", "password_selector", "submit_selector", "success_selector"
    )(_selector)
    _url = field_validator("url")(_page_url)

    @field_validator("success_url")
    @classmethod
    def _success_url(cls, value: str | None) -> str | None:
        """A path glob (``/home*``) is matched against the path, a URL glob against the URL."""
        if _resolved(value) and not str(value).startswith(("/", "*", "http://", "https://")):
            raise ValueError(
                f"success_url {value!r} would never match: give a path glob (/home*) or a "
                "whole-URL glob (https://example.com/home*)"
            )
        return value


class CookieSpec(_Strict):
    """A cookie to set before anything loads (a consent banner, a static session cookie)."""

    name: str
    value: str = Field(repr=False)
    path: str = "/"
    domain: str | None = None


class Login(_Strict):
    """How a role gets a session; at most one of form or storage_state, plus headers/cookies."""

    form: FormLogin | None = None
    storage_state: str | None = None
    """Path to a Playwright storage-state file (relative to the profile)."""
    headers: dict[str, str] = Field(default_factory=dict, repr=False)
    """Static headers such as ``Authorization: Bearer ${TOKEN}``."""
    cookies: list[CookieSpec] = Field(default_factory=list)
    verify_selector: str | None = None
    """For storage-state and header logins: a selector on the first page that proves the session."""

    _selectors = field_validator("verify_selector")(_selector)

    @model_validator(mode="after")
    def _one_method(self) -> Login:
        if self.form is not None and self.storage_state is not None:
            raise ValueError("give either form or storage_state, not both")
        return self


class PageSpec(_Strict):
    """A page the role visits."""

    url: str
    ready: str | None = None
    """A selector that shows the page has rendered; scanning waits for it."""

    _selectors = field_validator("ready")(_selector)
    _url = field_validator("url")(_page_url)


class CrawlSpec(_Strict):
    """Opt-in crawl of a role's in-scope links after its listed pages (GET navigation only)."""

    max_pages: int = Field(default=20, ge=1)
    max_depth: int = Field(default=3, ge=1)
    max_seconds: float = Field(default=120.0, gt=0)
    per_shape: int = Field(default=2, ge=1)
    """Pages per URL shape: ``/items/1`` and ``/items/2`` differ only by an id."""
    deny: list[str] = Field(default_factory=list)
    """Extra regular expressions; a link whose URL or text matches is never followed."""

    @field_validator("deny")
    @classmethod
    def _valid_patterns(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(
                    f"deny pattern {pattern!r} is not a regular expression: {exc}"
                ) from None
        return patterns


class AllowRule(_Strict):
    """What a role may receive: by location pattern, GraphQL field pattern and/or data class."""

    location: str | None = None
    field: str | None = None
    classes: list[str] | None = None
    surfaces: list[str] | None = None
    reason: str | None = None

    _location = field_validator("location")(_location)
    _field = field_validator("field")(_field)

    @field_validator("surfaces")
    @classmethod
    def _known_surfaces(cls, value: list[str] | None) -> list[str] | None:
        known = {s.value for s in Surface}
        unknown = [s for s in value or () if s not in known and _resolved(s)]
        if unknown:
            raise ValueError(
                f"unknown surface {unknown[0]!r}; surfaces are: {', '.join(sorted(known))}"
            )
        return value

    @model_validator(mode="after")
    def _something(self) -> AllowRule:
        if not (self.location or self.field or self.classes):
            raise ValueError("an allow rule needs location, field or classes")
        return self


class RowRule(_Strict):
    """Rows of a type (or path) that the role owns: every field inside them is entitled."""

    type: str | None = None
    path: str | None = None
    where: dict[str, str | None | list[str | None]]
    """``{"bidder.id": "me.id"}``: a dotted key in the row equals a role attribute (``me.…``),
    a literal, or one of a list of literals (``{"kind": ["prospectus", "bid_confirmation"]}``);
    ``null`` matches a missing or null key, and ``me.…`` may stand in a list."""

    _path = field_validator("path")(_location)

    @field_validator("type")
    @classmethod
    def _type_name(cls, value: str | None) -> str | None:
        if value is not None and _resolved(value):
            from leakcheck.profile.entitlements import check_type_name

            check_type_name(value)
        return value

    @model_validator(mode="after")
    def _target(self) -> RowRule:
        if not (self.type or self.path):
            raise ValueError("a row rule needs type or path")
        if not self.where:
            raise ValueError("a row rule needs at least one where condition")
        return self


class DenyRule(_Strict):
    """A field the role must not receive outside its own rows, whatever its value looks like."""

    location: str | None = None
    field: str | None = None
    data_class: str = "restricted_field"
    severity: Severity = Severity.HIGH
    reason: str | None = None

    _location = field_validator("location")(_location)
    _field = field_validator("field")(_field)

    @model_validator(mode="after")
    def _something(self) -> DenyRule:
        if not (self.location or self.field):
            raise ValueError("a deny rule needs location or field")
        return self


class Entitlements(_Strict):
    allow: list[AllowRule] = Field(default_factory=list)
    rows: list[RowRule] = Field(default_factory=list)
    deny: list[DenyRule] = Field(default_factory=list)


class Role(_Strict):
    description: str | None = None
    attributes: dict[str, str] = Field(default_factory=dict)
    """Who the role is (``id``, ``email``, …), referenced as ``me.<name>`` in row rules."""
    login: Login | None = None
    pages: list[PageSpec] = Field(min_length=1)
    crawl: CrawlSpec | None = None
    """Follow in-scope links from the listed pages (off unless given)."""
    entitlements: Entitlements | None = None
    """None means zero-config judging for this role."""

    @field_validator("pages", mode="before")
    @classmethod
    def _pages_as_specs(cls, value: object) -> object:
        if isinstance(value, list):
            return [{"url": item} if isinstance(item, str) else item for item in value]
        return value


class Canary(_Strict):
    """A value planted in test data that no role (except those listed) may receive."""

    value: str = Field(min_length=4, repr=False)
    label: str | None = None
    allowed_roles: list[str] = Field(default_factory=list)

    @field_validator("value", mode="before")
    @classmethod
    def _stringify(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value


class ThirdPartyAllow(_Strict):
    """A receiver outside scope that may get named data classes (consent is the profile's call)."""

    origin: str
    classes: list[str]
    reason: str

    _origin = field_validator("origin")(_origin)


class Target(_Strict):
    url: str
    """The base URL; its origin is in scope and relative page URLs resolve against it."""
    scope: list[str] = Field(default_factory=list)
    """Further origins (``https://api.example.com``) that belong to the target."""
    login_origins: list[str] = Field(default_factory=list)
    """Identity-provider origins allowed during login only."""
    graphql_schema: str | None = None
    """The API's GraphQL schema (SDL, or an introspection result as JSON), relative to the
    profile: responses without ``__typename`` then get ``Type.field`` locations from it."""

    _origins = field_validator("url")(_origin)

    @field_validator("scope", "login_origins")
    @classmethod
    def _each_origin(cls, value: list[str]) -> list[str]:
        for origin in value:
            _origin(origin)
        return value


class Policy(_Strict):
    min_confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    fail_on: Severity = Severity.LOW
    page_timeout_s: float = Field(default=30.0, gt=0)
    settle_ms: int = Field(default=500, ge=0)
    """Extra quiet time after the network is idle, for late XHRs."""
    page_concurrency: int = Field(default=4, ge=1, le=16)
    """Pages of a role loading at the same time in its browser context (``--page-jobs``)."""


class Suppression(_Strict):
    """Accept findings on purpose: each needs a reason, and may expire."""

    reason: str = Field(min_length=3)
    rule: str | None = None
    role: str | None = None
    location: str | None = None
    """A location glob, as in allow rules."""
    data_class: str | None = None
    expires: date | None = None
    """After this date the suppression stops working and is reported as expired."""

    _location = field_validator("location")(_location)

    @field_validator("rule")
    @classmethod
    def _known_rule(cls, value: str | None) -> str | None:
        from leakcheck.rules import RULES

        if value is not None and _resolved(value) and value.upper() not in RULES:
            raise ValueError(
                f"unknown rule {value!r}; the rules are {', '.join(RULES)} (leakcheck rules)"
            )
        return value

    @model_validator(mode="after")
    def _narrow(self) -> Suppression:
        if not (self.rule or self.role or self.location or self.data_class):
            raise ValueError("a suppression needs rule, role, location or data_class")
        return self


_DETECTOR_SPEC = re.compile(r"[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*:[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


class Profile(_Strict):
    version: Literal[1] = 1
    name: str
    target: Target
    roles: dict[str, Role] = Field(min_length=1)
    canaries: list[Canary] = Field(default_factory=list)
    third_parties: list[ThirdPartyAllow] = Field(default_factory=list)
    suppressions: list[Suppression] = Field(default_factory=list)
    policy: Policy = Field(default_factory=Policy)
    detectors: list[str] = Field(default_factory=list)
    """Custom recognizers, ``module:callable`` each (see README "Custom recognizers"). The
    module is imported from the profile's directory or ``sys.path``: importing runs its code,
    so review a profile that names detectors as you would code."""
    _source_dir: Path | None = PrivateAttr(default=None)

    @property
    def source_dir(self) -> Path | None:
        """The directory of the profile file (None for a profile built in code)."""
        return self._source_dir

    @field_validator("detectors")
    @classmethod
    def _detector_specs(cls, value: list[str]) -> list[str]:
        for spec in value:
            if not _DETECTOR_SPEC.fullmatch(spec):
                raise ValueError(f"{spec!r}: expected module:callable, e.g. acme_lc:recognizers")
        return value

    @field_validator("canaries", mode="before")
    @classmethod
    def _canaries_as_specs(cls, value: object) -> object:
        if isinstance(value, list):
            return [{"value": item} if isinstance(item, str | int) else item for item in value]
        return value
