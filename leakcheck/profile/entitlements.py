"""Compile a role's allow, row and deny rules into fast matchers over canonical locations.

Location patterns are globs over the canonical path: ``*`` matches within one step, ``**``
across steps, and ``[*]`` is the literal array step (``$.data.case.bids[*].bidder.*``).
Field patterns match GraphQL ``Type.field`` (``Person.*``, ``*.email``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from leakcheck.extract.jsonpaths import lookup
from leakcheck.models import Exposure, Record, Severity
from leakcheck.profile.schema import AllowRule, DenyRule, Entitlements, RowRule
from leakcheck.rules import is_secret_class

_STEP_CHARS = r"[^.\[\]|]*"


class PatternError(ValueError):
    """A location or field pattern that can never match; the message quotes it and says why."""


_INDEX_STEP = re.compile(r"\[\s*-?\d*\s*(?::\s*-?\d*\s*)*\]")
_TYPE_GLOB = re.compile(r"[A-Za-z_*][\w*]*")


def check_location_pattern(pattern: str) -> None:
    """Raise ``PatternError`` when a location glob can never match a canonical location.

    Canonical locations are index-free (``[*]`` for every array item), name keys as ``.name`` or
    ``['a key']`` (single quotes), and hold no JSONPath filters or recursive descent: ``**``
    crosses steps. A pattern that breaks these rules would silently match nothing.
    """
    if not pattern.strip():
        raise PatternError("an empty location pattern matches nothing")
    if pattern != pattern.strip():
        raise PatternError(f"{pattern!r} starts or ends with a space and would never match")
    index = 0
    while index < len(pattern):
        if pattern.startswith("[*]", index):
            index += 3
        elif pattern.startswith("['", index):
            index = _quoted_key_end(pattern, index)
        elif pattern[index] == "[":
            close = pattern.find("]", index)
            if close == -1:
                raise PatternError(f"{pattern!r}: the [ at position {index} is never closed")
            step = pattern[index : close + 1]
            if _INDEX_STEP.fullmatch(step):
                hint = f"locations are index-free: write [*] for array items, not {step}"
            elif step.startswith('["'):
                hint = f"quote keys with single quotes: {step.replace(chr(34), chr(39))}"
            else:
                hint = f"{step} is no canonical step: write [*] for array items, ['a key'] for keys"
            raise PatternError(f"{pattern!r}: {hint}")
        elif pattern[index] == "]":
            raise PatternError(f"{pattern!r}: the ] at position {index} closes nothing")
        elif pattern.startswith("..", index):
            raise PatternError(
                f"{pattern!r}: recursive descent (..) is not a canonical step; write ** to "
                "match across steps, e.g. $.data.**.email"
            )
        elif pattern.startswith("***", index):
            raise PatternError(f"{pattern!r}: write ** (across steps) or * (within one step)")
        else:
            index += 1


def _quoted_key_end(pattern: str, start: int) -> int:
    """Return the index after the ``']`` closing the quoted key at ``start``."""
    index = start + 2
    while index < len(pattern):
        if pattern[index] == "\\":
            index += 2
        elif pattern.startswith("']", index):
            return index + 2
        else:
            index += 1
    raise PatternError(f"{pattern!r}: the quoted key at position {start} is never closed")


def check_field_pattern(pattern: str) -> None:
    """Raise ``PatternError`` unless a pattern has the ``Type.field`` shape it is matched to."""
    if pattern == "**":
        return
    type_part, dot, field_part = pattern.partition(".")
    if (
        dot
        and _TYPE_GLOB.fullmatch(type_part)
        and field_part
        and "." not in field_part.replace("**", "")
        and not any(c.isspace() for c in field_part)
    ):
        return
    hint = f"; did you mean *.{pattern}?" if not dot and _TYPE_GLOB.fullmatch(pattern) else ""
    raise PatternError(
        f"{pattern!r} is not a Type.field pattern (Person.email, *.email, Agent.*){hint}"
    )


def check_type_name(name: str) -> None:
    """Raise ``PatternError`` unless ``name`` is a GraphQL type name (row rules compare it)."""
    if not re.fullmatch(r"[A-Za-z_]\w*", name):
        raise PatternError(
            f"{name!r} is not a GraphQL type name (row rules compare it exactly: Bid, Person)"
        )


def compile_location_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a location glob to a regex that must match the whole canonical path."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("[*]", i):
            out.append(r"\[\*\]")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append(_STEP_CHARS)
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


def compile_field_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a ``Type.field`` glob (``*`` never crosses the dot)."""
    return re.compile(
        ".*".join(re.escape(part) for part in pattern.split("**")).replace(r"\*", "[^.]*")
    )


@dataclass(frozen=True)
class _Matcher:
    location: re.Pattern[str] | None
    field: re.Pattern[str] | None

    def matches(self, exposure: Exposure) -> bool:
        if self.location is not None and not self.location.fullmatch(exposure.location.path):
            return False
        if self.field is not None:
            type_field = exposure.location.type_field
            if type_field is None or not self.field.fullmatch(type_field):
                return False
        return True

    @classmethod
    def of(cls, location: str | None, field: str | None) -> _Matcher:
        return cls(
            compile_location_pattern(location) if location else None,
            compile_field_pattern(field) if field else None,
        )


@dataclass(frozen=True)
class CompiledAllow:
    matcher: _Matcher
    classes: frozenset[str] | None
    surfaces: frozenset[str] | None
    rule: AllowRule

    def covers(self, exposure: Exposure, data_classes: Sequence[str]) -> bool:
        """Return whether this rule allows the exposure carrying these data classes."""
        if self.surfaces is not None and exposure.surface.value not in self.surfaces:
            return False
        if self.classes is None:
            if any(is_secret_class(c) or c == "canary" for c in data_classes):
                return False  # secrets are allowed only by naming their class
        elif not all(c in self.classes for c in data_classes):
            return False
        if self.matcher.location is None and self.matcher.field is None:
            return True  # a pure class rule
        return self.matcher.matches(exposure)


@dataclass(frozen=True)
class CompiledDeny:
    matcher: _Matcher
    rule: DenyRule

    @property
    def data_class(self) -> str:
        return self.rule.data_class

    @property
    def severity(self) -> Severity:
        return self.rule.severity


class RoleEntitlements:
    """A role's compiled rules; ``None`` entitlements means zero-config judging."""

    def __init__(self, entitlements: Entitlements | None, attributes: Mapping[str, str]) -> None:
        self.configured = entitlements is not None
        rules = entitlements or Entitlements()
        self.allow = [
            CompiledAllow(
                _Matcher.of(r.location, r.field),
                frozenset(r.classes) if r.classes is not None else None,
                frozenset(r.surfaces) if r.surfaces is not None else None,
                r,
            )
            for r in rules.allow
        ]
        self.deny = [CompiledDeny(_Matcher.of(r.location, r.field), r) for r in rules.deny]
        self.rows = list(rules.rows)
        self._row_paths = [compile_location_pattern(r.path) if r.path else None for r in self.rows]
        self.attributes = dict(attributes)
        self._row_cache: dict[int, bool | None] = {}
        # Allow and deny rules look at where a value is, never at the value: one verdict per
        # location serves the thousands of records of an array.
        self._allow_cache: dict[tuple[object, ...], AllowRule | None] = {}
        self._deny_cache: dict[tuple[str, str | None], CompiledDeny | None] = {}

    def _expected(self, reference: str | None | list[str | None]) -> frozenset[str | None]:
        """Return the values a row's key may have: role attributes, literals, None for null."""
        references = reference if isinstance(reference, list) else [reference]
        return frozenset(
            self.attributes[r[3:]] if r is not None and r.startswith("me.") else r
            for r in references
        )

    def _row_verdict(self, record: Record) -> bool | None:
        """True: an own row; False: a row of a ruled type that is not the role's; None: no rule."""
        verdict: bool | None = None
        for rule, path in zip(self.rows, self._row_paths, strict=True):
            applies = (rule.type is not None and record.type_name == rule.type) or (
                path is not None and path.fullmatch(record.path) is not None
            )
            if not applies:
                continue
            if _row_matches(record.values, rule, self._expected):
                return True
            verdict = False
        return verdict

    def in_own_row(self, exposure: Exposure) -> bool:
        """Return whether the exposure sits inside a record the role owns (innermost rule wins)."""
        for record in reversed(exposure.records):
            key = id(record.values)
            if key not in self._row_cache:
                self._row_cache[key] = self._row_verdict(record)
            verdict = self._row_cache[key]
            if verdict is not None:
                return verdict
        return False

    def allowed(self, exposure: Exposure, data_classes: Sequence[str]) -> AllowRule | None:
        """Return the first allow rule covering the exposure, if any."""
        location = exposure.location
        key = (exposure.surface, location.path, location.type_field, *data_classes)
        try:
            return self._allow_cache[key]
        except KeyError:
            pass
        found = next((r.rule for r in self.allow if r.covers(exposure, data_classes)), None)
        self._allow_cache[key] = found
        return found

    def denied(self, exposure: Exposure) -> CompiledDeny | None:
        """Return the first deny rule naming the exposure's location, if any."""
        if not self.deny:
            return None
        key = (exposure.location.path, exposure.location.type_field)
        try:
            return self._deny_cache[key]
        except KeyError:
            pass
        found = next((r for r in self.deny if r.matcher.matches(exposure)), None)
        self._deny_cache[key] = found
        return found


def _row_matches(
    values: Mapping[str, Any],
    rule: RowRule,
    expected: Callable[[str | None | list[str | None]], frozenset[str | None]],
) -> bool:
    for dotted, reference in rule.where.items():
        actual = lookup(values, dotted)
        if (None if actual is None else str(actual)) not in expected(reference):
            return False
    return True
