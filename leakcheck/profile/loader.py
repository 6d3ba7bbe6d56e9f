"""Read a profile from YAML: expand ``${ENV}`` and ``${file:…}`` references and validate it.

Every error becomes one ``ProfileError`` line naming the file, the line and the key, e.g.
``profiles/estate.yaml:12: roles.buyer.login.form.password: environment variable
ESTATE_BUYER_PASSWORD is not set``. Secrets are referenced, never inlined, and never echoed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

from leakcheck.errors import ProfileError
from leakcheck.profile.schema import Profile

if TYPE_CHECKING:
    from graphql import GraphQLSchema

    from leakcheck.detect.registry import Recognizer

_REFERENCE = re.compile(r"\$\{([^}]*)\}")
KeyPath = tuple[str | int, ...]


def _line_index(node: yaml.Node, path: KeyPath, index: dict[KeyPath, int]) -> None:
    """Record the 1-based line of every key path in a composed YAML tree."""
    index[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value)
            index[(*path, key)] = key_node.start_mark.line + 1
            _line_index(value_node, (*path, key), index)
            index[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for position, item in enumerate(node.value):
            _line_index(item, (*path, position), index)


def _line_of(index: Mapping[KeyPath, int], path: KeyPath) -> int | None:
    """Return the line of the longest prefix of ``path`` that the YAML has."""
    for end in range(len(path), -1, -1):
        line = index.get(path[:end])
        if line is not None:
            return line
    return None


def _dotted(path: KeyPath) -> str:
    return ".".join(str(part) for part in path) or "(top level)"


class _Expander:
    """Replace ``${VAR}``, ``${VAR:-default}`` and ``${file:path}`` in every string value."""

    def __init__(self, source: Path, index: Mapping[KeyPath, int], env: Mapping[str, str]):
        self.source = source
        self.index = index
        self.env = env
        self.missing: dict[KeyPath, ProfileError] = {}
        """Unresolvable references, reported after the structure is known to be valid."""

    def error(self, path: KeyPath, message: str) -> ProfileError:
        line = _line_of(self.index, path)
        where = f"{self.source}:{line}" if line else str(self.source)
        return ProfileError(f"{where}: {_dotted(path)}: {message}")

    def expand(self, value: Any, path: KeyPath) -> Any:
        if isinstance(value, dict):
            return {k: self.expand(v, (*path, str(k))) for k, v in value.items()}
        if isinstance(value, list):
            return [self.expand(v, (*path, i)) for i, v in enumerate(value)]
        if isinstance(value, str):
            return _REFERENCE.sub(lambda m: self._resolve(m.group(1), path), value)
        return value

    def _resolve(self, reference: str, path: KeyPath) -> str:
        if reference.startswith("file:"):
            file_path = Path(os.path.expanduser(reference[5:].strip()))
            if not file_path.is_absolute():
                file_path = self.source.parent / file_path
            try:
                return file_path.read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise self.error(path, f"cannot read {file_path}: {exc.strerror}") from None
        name, _, default = reference.partition(":-")
        name = name.strip()
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise self.error(path, f"${{{reference}}} is not a valid reference")
        if name in self.env:
            return self.env[name]
        if ":-" in reference:
            return default
        self.missing.setdefault(path, self.error(path, f"environment variable {name} is not set"))
        return f"<{name} not set>"


def load_profile(path: str | Path, env: Mapping[str, str] | None = None) -> Profile:
    """Load and validate a profile file, raising ``ProfileError`` with file, line and key."""
    source = Path(path)
    return parse_profile(_read(source), source, os.environ if env is None else env)


def check_profile(
    path: str | Path, env: Mapping[str, str] | None = None
) -> tuple[Profile, list[str]]:
    """Validate a profile without needing its secrets: return it and the unset variables."""
    source = Path(path)
    missing: list[str] = []
    profile = parse_profile(
        _read(source), source, os.environ if env is None else env, missing_env=missing
    )
    load_extensions(profile)  # a recognizer or schema that cannot be used fails validation
    return profile, missing


@dataclass(frozen=True)
class Extensions:
    """What a profile names beyond YAML: code and files, loaded once per run."""

    recognizers: list[Recognizer]
    """Custom recognizers of ``detectors`` (imported from beside the profile)."""
    graphql_schema: GraphQLSchema | None
    """The API's schema from ``target.graphql_schema``."""


def load_extensions(profile: Profile) -> Extensions:
    """Import the profile's detectors and read its GraphQL schema; failures are exit 2.

    Scans call this before any browser starts, so a typo costs nothing.
    """
    from leakcheck.detect.registry import profile_recognizers

    return Extensions(
        recognizers=profile_recognizers(profile.detectors, profile.source_dir),
        graphql_schema=_graphql_schema(profile),
    )


def _graphql_schema(profile: Profile) -> GraphQLSchema | None:
    """Load the profile's ``target.graphql_schema``; a file that cannot be used is exit 2."""
    from leakcheck.extract.graphql import SchemaError, load_schema

    name = profile.target.graphql_schema
    if not name:
        return None
    path = Path(name).expanduser()
    if not path.is_absolute():
        path = (profile.source_dir or Path.cwd()) / path
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise ProfileError(f"target.graphql_schema: cannot read {path}: {reason}") from None
    try:
        return load_schema(text, path.name)
    except SchemaError as exc:
        raise ProfileError(f"target.graphql_schema: {exc}") from None


def _read(source: Path) -> str:
    try:
        return source.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProfileError(f"{source}: cannot read profile: {exc.strerror}") from None


def parse_profile(
    text: str, source: Path, env: Mapping[str, str], missing_env: list[str] | None = None
) -> Profile:
    """Validate profile text; ``source`` names it in errors and anchors relative paths.

    With ``missing_env`` given, unset variables are collected there instead of raising.
    """
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ProfileError(f"{source}{line}: YAML syntax error: {problem}") from None
    if not isinstance(data, dict) or node is None:
        raise ProfileError(f"{source}: a profile must be a YAML mapping")
    index: dict[KeyPath, int] = {}
    _line_index(node, (), index)
    expander = _Expander(source, index, env)
    expanded = expander.expand(data, ())
    try:
        profile = Profile.model_validate(expanded)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc: KeyPath = tuple(p for p in first["loc"] if not str(p).startswith("function-"))
        if loc in expander.missing:  # the placeholder of an unset variable failed validation
            raise expander.missing[loc] from None
        message = str(first["msg"]).removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            message = f"unknown key {loc[-1]!r}" if loc else "unknown key"
        elif first["type"] == "missing":
            message = "required key is missing"
        more = len(exc.errors()) - 1
        suffix = f" (and {more} more error{'s' if more > 1 else ''})" if more else ""
        raise expander.error(loc, message + suffix) from None
    # Structure first: a typo in a key is reported before a variable that is not set.
    if expander.missing and missing_env is None:
        raise next(iter(expander.missing.values()))
    if missing_env is not None:
        missing_env.extend(str(error) for error in expander.missing.values())
    profile._source_dir = source.parent.resolve()
    return profile
