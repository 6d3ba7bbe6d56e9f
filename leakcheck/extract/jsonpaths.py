"""Walk parsed JSON leaf by leaf, naming every leaf with its canonical, index-free JSONPath.

The walk is iterative (deep payloads cannot overflow the stack) and linear in the payload: each
node is visited once, and records (the enclosing objects) are shared, not copied.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from leakcheck.models import Record

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")  # RFC 9535 shorthand names

TypeResolver = Callable[[str, dict[str, Any]], "str | None"]
"""Given an object's canonical path and the object, return its type (no ``__typename`` there)."""


def child_path(path: str, key: str) -> str:
    """Append an object key to a JSONPath, quoting keys that are not plain names."""
    if _PLAIN_KEY.match(key):
        return f"{path}.{key}"
    escaped = key.replace("\\", "\\\\").replace("'", "\\'")
    return f"{path}['{escaped}']"


_ID_KEY = re.compile(
    r"^(?:\d+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|[0-9a-fA-F]{16,})$"
)
_CACHE_KEY = re.compile(r"^([A-Z][A-Za-z0-9_]*):\S.*$")
"""A normalized-cache key (Apollo ``Person:42``, ``Person:{"id":"42"}``)."""


def canonical_child(path: str, key: str) -> str:
    """Append a key as the canonical path does: ids used as keys become wildcards.

    Maps keyed by ids (``{"42": {...}}``) and normalized GraphQL caches (``Person:42``) would
    otherwise put record ids into locations, which must be index-free like arrays.
    """
    if _ID_KEY.match(key):
        return f"{path}.*"
    cache = _CACHE_KEY.match(key)
    if cache:
        return child_path(path, f"{cache.group(1)}:*")
    return child_path(path, key)


@dataclass(slots=True)
class JsonLeaf:
    """A scalar inside a JSON document (not frozen: built once per leaf, never changed)."""

    path: str
    """Canonical path, every array index written ``[*]``."""
    detail: str
    """The concrete path with real indices."""
    key: str | None
    """The object key the value sits under (None for array items and the root)."""
    value: str
    records: tuple[Record, ...]
    """Enclosing objects, outermost first."""


def scalar_text(value: Any) -> str | None:
    """Return a JSON scalar as the text a page would show; None for booleans and null."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str | int | float):
        return str(value)
    return None


LeafSink = Callable[[str, str, "str | None", str, "tuple[Record, ...]"], None]
"""Receives ``(path, detail, key, value, records)`` for each leaf, as ``JsonLeaf`` holds them."""


def visit_json(
    document: Any,
    sink: LeafSink,
    root: str = "$",
    type_of: TypeResolver | None = None,
    detail_root: str | None = None,
) -> None:
    """Call ``sink`` for every scalar leaf of ``document``, in document order.

    Paths are built from per-walk caches (an array of 10,000 records repeats the same few
    keys under the same few paths), so a leaf costs a few dictionary lookups, not regexes.
    A sink, not a generator of leaf objects: the network extractor builds its exposures
    straight from the parts (large payloads have millions of leaves). ``detail_root`` starts
    the concrete paths when it differs from ``root`` (``$.nodes[2].data`` for ``$.nodes[*].data``).
    """
    canonical: dict[tuple[str, str], str] = {}
    suffixes: dict[str, str] = {}
    stack: list[tuple[Any, str, str, str | None, tuple[Record, ...]]] = [
        (document, root, detail_root or root, None, ())
    ]
    pop, push = stack.pop, stack.append
    while stack:
        node, path, detail, key, records = pop()
        kind = type(node)
        if kind is str:
            if node:
                sink(path, detail, key, node, records)
        elif kind is dict:
            typename = node.get("__typename")
            type_name = typename if isinstance(typename, str) else None
            if type_name is None and type_of is not None:
                type_name = type_of(path, node)
            inner = (*records, Record(path, type_name, node))
            for child_key, child in reversed(node.items()):
                name = child_key if type(child_key) is str else str(child_key)
                child_canonical = canonical.get((path, name))
                if child_canonical is None:
                    child_canonical = canonical[(path, name)] = canonical_child(path, name)
                suffix = suffixes.get(name)
                if suffix is None:
                    suffix = suffixes[name] = child_path("", name)
                push((child, child_canonical, detail + suffix, name, inner))
        elif kind is list:
            item_path = path + "[*]"
            for i in range(len(node) - 1, -1, -1):
                push((node[i], item_path, f"{detail}[{i}]", key, records))
        elif kind is int or kind is float:
            sink(path, detail, key, str(node), records)
        elif node is None or kind is bool:
            continue
        elif isinstance(node, dict | list):  # subclasses: walked as the plain type
            push((dict(node) if isinstance(node, dict) else list(node), path, detail, key, records))
        else:
            text = scalar_text(node)
            if text is not None and text != "":
                sink(path, detail, key, text, records)


def walk_json(
    document: Any, root: str = "$", type_of: TypeResolver | None = None
) -> Iterator[JsonLeaf]:
    """Yield every scalar leaf of ``document`` with its locations and enclosing records."""
    leaves: list[JsonLeaf] = []
    append = leaves.append

    def sink(
        path: str, detail: str, key: str | None, value: str, records: tuple[Record, ...]
    ) -> None:
        append(JsonLeaf(path, detail, key, value, records))

    visit_json(document, sink, root, type_of)
    return iter(leaves)


def lookup(values: Any, dotted: str) -> Any:
    """Return ``values['a']['b']`` for ``'a.b'``, or None when any step is missing."""
    current = values
    for part in dotted.split("."):
        if not isinstance(current, dict) or part not in current:
            return None
        current = current[part]
    return current
