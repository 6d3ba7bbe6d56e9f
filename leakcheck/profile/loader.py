"""Read a profile from YAML: expand ``${ENV}`` and ``${file:…}`` references and validate it.

Every error becomes one ``ProfileError`` line naming the file, the line and the key, e.g.
``profiles/estate.yaml:12: roles.buyer.login.form.password: environment variable
ESTATE_BUYER_PASSWORD is not set``. Secrets are referenced, never inlined, and never echoed.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

from leakcheck.errors import ProfileError
from leakcheck.profile.checks import problems
from leakcheck.profile.schema import UNRESOLVED, Profile

if TYPE_CHECKING:
    from graphql import GraphQLSchema

    from leakcheck.detect.registry import Recognizer

_REFERENCE = re.compile(r"\$\{([^}]*)\}")
KeyPath = tuple[str | int, ...]
MAX_YAML_NODES = 100_000
"""Values a profile may expand to, aliases counted each time they are used: a real profile has
hundreds, an alias bomb ("billion laughs") billions, which would take all memory to build."""
_MERGE_TAG = "tag:yaml.org,2002:merge"


class _YamlRefusal(Exception):
    """A well-formed YAML document that no profile may be: the message and its line."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line


class _ProfileYamlLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing a key that a mapping already has.

    PyYAML keeps the last of two equal keys, so a second ``password:`` or a repeated role would
    silently replace the first. Keys merged in with ``<<: *anchor`` may be overridden: that is
    what merging is for.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            first_line: dict[Any, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == _MERGE_TAG:
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    earlier = first_line.get(key)
                except TypeError:  # an unhashable key: PyYAML's own error names it
                    continue
                line = key_node.start_mark.line + 1
                if earlier is not None:
                    raise _YamlRefusal(
                        line, f"duplicate key {key!r} (first at line {earlier}); keep one"
                    )
                first_line[key] = line
        return super().construct_mapping(node, deep)


def _expanded_size(root: yaml.Node) -> int:
    """Count the values ``root`` expands to, each alias as often as it is used.

    Shared nodes are counted once and multiplied, so this is linear in the document however
    large the expansion; a node that contains itself (``&a [*a]``) is refused.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        if isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        else:
            sizes[key] = 1
            continue
        if children_done:
            open_nodes.discard(key)
            sizes[key] = min(1 + sum(sizes[id(c)] for c in children), MAX_YAML_NODES + 1)
            continue
        if key in open_nodes:
            raise _YamlRefusal(node.start_mark.line + 1, "an alias refers to a value containing it")
        open_nodes.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in open_nodes:
                raise _YamlRefusal(
                    child.start_mark.line + 1, "an alias refers to a value containing it"
                )
            if id(child) not in sizes:
                stack.append((child, False))
    return sizes[id(root)]


def _load_yaml(text: str) -> tuple[yaml.Node | None, Any]:
    """Compose and construct a profile's YAML once, refusing duplicate keys and alias bombs."""
    loader = _ProfileYamlLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        if _expanded_size(node) > MAX_YAML_NODES:
            raise _YamlRefusal(
                None,
                f"its aliases expand to more than {MAX_YAML_NODES:,} values (an alias bomb?); "
                "a profile needs far fewer",
            )
        return node, loader.construct_document(node)
    finally:
        loader.dispose()


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
    """Replace ``${VAR}``, ``${VAR:-default}`` and ``${file:path}`` in every string value.

    A reference that cannot give a value (an unset or empty variable, a missing or empty file)
    is held back until the structure is known to be valid, and is not needed at all inside a
    role that the run does not select.
    """

    def __init__(
        self,
        source: Path,
        index: Mapping[KeyPath, int],
        env: Mapping[str, str],
        skipped: frozenset[str] = frozenset(),
    ):
        self.source = source
        self.index = index
        self.env = env
        self.skipped = skipped
        """Roles the run does not select: their references need not resolve."""
        self.missing: dict[KeyPath, ProfileError] = {}
        """Unresolvable references, reported after the structure is known to be valid."""
        self.not_needed: dict[KeyPath, ProfileError] = {}
        """Unresolvable references inside roles the run leaves out."""

    def error(self, path: KeyPath, message: str) -> ProfileError:
        line = _line_of(self.index, path)
        where = f"{self.source}:{line}" if line else str(self.source)
        return ProfileError(f"{where}: {_dotted(path)}: {message}")

    def expand(self, value: Any, path: KeyPath) -> Any:
        if isinstance(value, dict):
            return {k: self.expand(v, (*path, str(k))) for k, v in value.items()}
        if isinstance(value, list):
            return [self.expand(v, (*path, i)) for i, v in enumerate(value)]
        if isinstance(value, str) and UNRESOLVED in value:
            raise self.error(path, "a NUL character has no place in a profile")
        if isinstance(value, str) and "${" in value:
            if "${" in _REFERENCE.sub("", value):
                raise self.error(path, "a ${ reference is not closed with }")
            return _REFERENCE.sub(lambda m: self._resolve(m.group(1), path), value)
        return value

    def _unusable(self, path: KeyPath, message: str) -> None:
        """Hold back a reference without a value, unless its role is not selected."""
        skipped = len(path) > 1 and path[0] == "roles" and path[1] in self.skipped
        (self.not_needed if skipped else self.missing).setdefault(path, self.error(path, message))

    def unresolved(self, path: KeyPath) -> ProfileError | None:
        """The reference that left ``path`` without a value, if one did."""
        return self.missing.get(path) or self.not_needed.get(path)

    def _resolve(self, reference: str, path: KeyPath) -> str:
        if "${" in reference:
            raise self.error(path, "references cannot be nested (${A:-${B}})")
        if reference.startswith("file:"):
            return self._file(reference[5:].strip(), path)
        name, _, default = reference.partition(":-")
        name = name.strip()
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise self.error(path, f"${{{name}}} is not a valid reference")
        if name in self.env:
            if self.env[name] or ":-" in reference:
                return self.env[name]
            self._unusable(
                path,
                f"environment variable {name} is set but empty (write ${{{name}:-}} "
                "if empty is meant)",
            )
            return ""
        if ":-" in reference:
            return default
        self._unusable(path, f"environment variable {name} is not set")
        return f"{UNRESOLVED}{name} not set{UNRESOLVED}"

    def _file(self, name: str, path: KeyPath) -> str:
        if not name:
            raise self.error(path, "${file:} names no file")
        file_path = Path(os.path.expanduser(name))
        if not file_path.is_absolute():
            file_path = self.source.parent / file_path
        try:
            text = file_path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise self.error(path, f"cannot read {file_path}: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise self.error(path, f"{file_path} is not UTF-8 text") from None
        if not text:
            self._unusable(path, f"{file_path} is empty")
        return text


def _unselected(data: Mapping[str, Any], roles: Sequence[str]) -> frozenset[str]:
    """Return the profile's roles that a run limited to ``roles`` leaves out (none if empty)."""
    defined = data.get("roles")
    if not roles or not isinstance(defined, dict):
        return frozenset()
    return frozenset(str(name) for name in defined if str(name) not in roles)


def load_profile(
    path: str | Path, env: Mapping[str, str] | None = None, roles: Sequence[str] = ()
) -> Profile:
    """Load and validate a profile file, raising ``ProfileError`` with file, line and key.

    With ``roles``, only those roles' ``${...}`` references must resolve (``scan --role``).
    """
    source = Path(path)
    return parse_profile(_read(source), source, os.environ if env is None else env, roles=roles)


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


def _storage_state_problems(
    profile: Profile, directory: Path, skipped: frozenset[str]
) -> list[tuple[KeyPath, str]]:
    """Check each selected role's storage-state file now rather than when its browser starts."""
    found: list[tuple[KeyPath, str]] = []
    for name, role in profile.roles.items():
        state = role.login.storage_state if role.login else None
        if name in skipped or not state or UNRESOLVED in state:
            continue
        path = Path(os.path.expanduser(state))
        path = path if path.is_absolute() else directory / path
        key: KeyPath = ("roles", name, "login", "storage_state")
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            found.append((key, f"cannot read {path}: {exc.strerror}"))
            continue
        except ValueError:  # UnicodeDecodeError included
            found.append((key, f"{path} is not a storage-state JSON file"))
            continue
        if not isinstance(document, dict) or not any(
            isinstance(document.get(k), list) for k in ("cookies", "origins")
        ):
            found.append(
                (key, f"{path} is not a Playwright storage state (no cookies or origins list)")
            )
    return found


def _read(source: Path) -> str:
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise ProfileError(f"{source}: cannot read profile: {exc.strerror}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ProfileError(
            f"{source}:{line}: the profile is not UTF-8 text (byte 0x{raw[exc.start]:02x}); "
            "save it as UTF-8"
        ) from None


def parse_profile(
    text: str,
    source: Path,
    env: Mapping[str, str],
    missing_env: list[str] | None = None,
    roles: Sequence[str] = (),
) -> Profile:
    """Validate profile text; ``source`` names it in errors and anchors relative paths.

    With ``missing_env`` given, unset variables are collected there instead of raising. With
    ``roles``, references inside other roles need not resolve.
    """
    try:
        node, data = _load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ProfileError(f"{source}{line}: YAML syntax error: {problem}") from None
    except _YamlRefusal as exc:
        line = f":{exc.line}" if exc.line is not None else ""
        raise ProfileError(f"{source}{line}: {exc}") from None
    except RecursionError:
        raise ProfileError(f"{source}: YAML nested too deeply for a profile") from None
    if not isinstance(data, dict) or node is None:
        raise ProfileError(f"{source}: a profile must be a YAML mapping")
    index: dict[KeyPath, int] = {}
    _line_index(node, (), index)
    expander = _Expander(source, index, env, _unselected(data, roles))
    expanded = expander.expand(data, ())
    try:
        profile = Profile.model_validate(expanded)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc: KeyPath = tuple(p for p in first["loc"] if not str(p).startswith("function-"))
        unresolved = expander.unresolved(loc)
        if unresolved is not None:  # the placeholder of an unset variable failed validation
            raise unresolved from None
        message = str(first["msg"]).removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            message = f"unknown key {loc[-1]!r}" if loc else "unknown key"
        elif first["type"] == "missing":
            message = "required key is missing"
        more = len(exc.errors()) - 1
        suffix = f" (and {more} more error{'s' if more > 1 else ''})" if more else ""
        raise expander.error(loc, message + suffix) from None
    for path, message in problems(profile):
        raise expander.unresolved(path) or expander.error(path, message)
    for path, message in _storage_state_problems(profile, source.parent, expander.skipped):
        raise expander.unresolved(path) or expander.error(path, message)
    # Structure first: a typo in a key is reported before a variable that is not set.
    if expander.missing and missing_env is None:
        raise next(iter(expander.missing.values()))
    if missing_env is not None:
        missing_env.extend(str(error) for error in expander.missing.values())
    profile._source_dir = source.parent.resolve()
    return profile
