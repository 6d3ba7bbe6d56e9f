"""devalue and turbo-stream payloads -> the object graphs they flatten, so values keep their keys.

Nuxt 3 (``<script id="__NUXT_DATA__">``, ``…/_payload.json``) and SvelteKit (``…/__data.json``)
serialise their page state with devalue: one JSON array whose entry 0 is the root, where an
object maps its keys to the *indices* of its values, an array lists indices, and a type-tagged
array wraps a value (``["Date", "2024-…"]``, ``["Reactive", 3]``, ``["Map", k, v, …]``). React
Router 7 and Remix (single fetch: ``…/route.data`` responses and the page's
``streamController.enqueue("…")`` scripts) use turbo-stream, the same idea with object keys
flattened too (``{"_1": 2}``: the key is entry 1, the value entry 2) and promises resolved in
later lines (``P3:[…]``). Walked as plain JSON, a bidder's name is an anonymous string at
``$[*]``: no key says it is a name, and no rule can name its location. Unflattened, it is
``…|devalue:$.data.bid.bidder.name``.

The shapes are only assumed where these frameworks put them (a plain array of objects holding
small integers looks the same), and an array that is not valid is walked as it is. Each entry
is expanded at its first reference only, so repeated and cyclic references cost nothing and the
result is a tree (a shared object is reported where it is first reached).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

DEVALUE_STEP = "devalue"
TURBO_STEP = "turbo-stream"
"""The decoding steps in locations: ``$|devalue:$.data.user.cpr``, ``$|turbo-stream:$.…``."""

NUXT_DATA_ID = "__NUXT_DATA__"
"""The id of the JSON script element holding a Nuxt 3 page's payload."""

_WRAPPERS = frozenset(
    {"Reactive", "ShallowReactive", "Ref", "ShallowRef", "EmptyRef", "EmptyShallowRef", "Object"}
)
"""Tags whose one argument is the wrapped value (Vue reactivity in Nuxt, boxed primitives)."""

_LITERAL_TAGS = frozenset({"Date", "RegExp", "BigInt", "URL", "URLSearchParams"})
"""Tags whose arguments are literal strings, not indices."""


_TURBO_PROMISES = frozenset({"P", "Z"})
"""turbo-stream: ``["P", id]`` is a promise resolved by the ``P<id>:`` line."""
_TURBO_LITERAL_TAGS = frozenset({"D", "B", "R", "Y", "U", "E"})
"""turbo-stream: Date, BigInt, RegExp, Symbol, URL and Error (message, type) hold literals."""

_Push = Callable[[tuple[Any, Any, Any]], None]


class NotDevalue(ValueError):
    """An array that does not follow devalue's (or turbo-stream's) format."""


def unflatten(values: Any, *, turbo: bool = False, promises: dict[int, int] | None = None) -> Any:
    """Return the object graph a devalue array encodes, as a tree of dicts and lists.

    With ``turbo``, the array is turbo-stream's: object keys are indices too, and a promise
    takes the value at ``promises[id]`` (the entry where its resolution starts). Raises
    ``NotDevalue`` when ``values`` is not valid (an index out of range, an object value that is
    not an index). Iterative: deep graphs cannot overflow the stack.
    """
    if not isinstance(values, list) or not values:
        raise NotDevalue("not a non-empty array")
    n = len(values)
    claimed = bytearray(n)
    holder: list[Any] = [None]
    stack: list[tuple[Any, Any, Any]] = [(0, holder, 0)]
    pop, push = stack.pop, stack.append
    while stack:
        index, parent, slot = pop()
        if type(index) is not int or not -7 <= index < n:
            # the offending value is not quoted: in data that is not devalue it is data
            raise NotDevalue(f"a reference that is not an entry's index ({type(index).__name__})")
        if index < 0 or claimed[index]:
            continue  # undefined, NaN, ±Infinity, -0, a hole; or expanded where first referenced
        claimed[index] = 1
        entry = values[index]
        kind = type(entry)
        if kind is dict:
            keys = [_turbo_key(values, k) for k in entry] if turbo else list(entry)
            _expand_object(list(zip(keys, entry.values(), strict=True)), parent, slot, push)
        elif kind is list:
            if turbo:
                _expand_turbo_list(entry, parent, slot, push, promises or {})
            else:
                _expand_list(entry, parent, slot, push)
        else:
            parent[slot] = entry
    return holder[0]


def _turbo_key(values: list[Any], key: str) -> str:
    """Return the key an ``"_<index>"`` names (older turbo-stream wrote keys as they are)."""
    if key[:1] == "_" and key[1:].isdigit():
        index = int(key[1:])
        named = values[index] if index < len(values) else None
        if isinstance(named, str):
            return named
    return key


def _expand_object(pairs: list[tuple[Any, Any]], parent: Any, slot: Any, push: _Push) -> None:
    """Place an object built from ``(key, reference)`` pairs into ``parent[slot]``."""
    obj: dict[str, Any] = dict.fromkeys(str(key) for key, _ in pairs)
    parent[slot] = obj
    for key, ref in reversed(pairs):
        push((ref, obj, str(key)))


def _expand_indices(entry: list[Any], parent: Any, slot: Any, push: _Push) -> None:
    items: list[Any] = [None] * len(entry)
    parent[slot] = items
    for i in range(len(entry) - 1, -1, -1):
        push((entry[i], items, i))


def _expand_turbo_list(
    entry: list[Any], parent: Any, slot: Any, push: _Push, promises: dict[int, int]
) -> None:
    """Place a turbo-stream array or tagged value into ``parent[slot]``."""
    if not entry or type(entry[0]) is not str:
        _expand_indices(entry, parent, slot, push)
        return
    tag, args = entry[0], entry[1:]
    if tag in _TURBO_PROMISES:
        resolved = promises.get(args[0]) if args and type(args[0]) is int else None
        parent[slot] = None
        if resolved is not None:
            push((resolved, parent, slot))
    elif tag == "N" and args and isinstance(args[0], dict):  # an object without prototype
        _expand_object(list(args[0].items()), parent, slot, push)
    elif tag not in _TURBO_LITERAL_TAGS and all(type(a) is int for a in args):  # Set, Map
        _expand_indices(args, parent, slot, push)
    else:
        parent[slot] = args[0] if len(args) == 1 else list(args)


def _expand_list(entry: list[Any], parent: Any, slot: Any, push: _Push) -> None:
    """Place an array or a type-tagged value into ``parent[slot]``, queueing its references."""
    if not entry or type(entry[0]) is not str:
        _expand_indices(entry, parent, slot, push)
        return
    tag, args = entry[0], entry[1:]
    if tag in _LITERAL_TAGS:
        parent[slot] = args[0] if len(args) == 1 else list(args)
    elif tag in _WRAPPERS and len(args) == 1:
        push((args[0], parent, slot))
    elif tag == "null":  # an object without prototype: ["null", key, ref, key, ref, …]
        _expand_object(list(zip(args[0::2], args[1::2], strict=False)), parent, slot, push)
    elif all(type(a) is int for a in args):  # Set, Map, custom reducers: their parts in order
        _expand_indices(args, parent, slot, push)
    else:  # an unknown tag with literal arguments: keep them as they are
        parent[slot] = list(args)


def is_turbo_response(url: str | None, body: str) -> bool:
    """Return whether a response is a React Router / Remix ``.data`` turbo-stream."""
    return payload_kind(url) == "turbo" and body.lstrip("\ufeff \t\r\n")[:1] == "["


def payload_kind(url: str | None) -> str | None:
    """Return ``"nuxt"``, ``"sveltekit"`` or ``"turbo"`` for the URLs these frameworks use."""
    if not url:
        return None
    path = urlsplit(url).path
    if path.endswith("/_payload.json"):
        return "nuxt"
    if path.endswith("/__data.json"):
        return "sveltekit"
    if path.endswith(".data"):
        return "turbo"
    return None


_PROMISE_LINE = re.compile(r"([PE])(\d+):")


def turbo_stream(text: str) -> Any:
    """Decode a turbo-stream body (its first line, then the ``P<id>:`` resolutions).

    Raises ``NotDevalue`` with a one-line reason when the text is not turbo-stream.
    """
    lines = text.strip().split("\n")
    try:
        values = json.loads(lines[0])
    except (ValueError, RecursionError) as exc:
        raise NotDevalue(f"first line is not JSON ({exc.__class__.__name__})") from None
    if not isinstance(values, list) or not values:
        raise NotDevalue("first line is not a non-empty array")
    promises: dict[int, int] = {}
    for line in lines[1:]:
        head = _PROMISE_LINE.match(line)
        if head is None:
            if line.strip():
                raise NotDevalue("a line that is neither a promise nor an error")
            continue
        try:
            part = json.loads(line[head.end() :])
        except (ValueError, RecursionError) as exc:
            raise NotDevalue(f"promise line is not JSON ({exc.__class__.__name__})") from None
        if type(part) is int:  # resolved to a value already sent
            promises[int(head.group(2))] = part
        elif isinstance(part, list) and part:
            promises[int(head.group(2))] = len(values)
            values.extend(part)
    return unflatten(values, turbo=True, promises=promises)


def sveltekit_nodes(document: Any) -> list[tuple[int, Any]] | None:
    """Return ``(position, data)`` of each data node of a SvelteKit ``__data.json`` result.

    The shape is ``{"type": "data", "nodes": [{"type": "data", "data": [devalue…]}, …]}``;
    None when the document is not that.
    """
    if not isinstance(document, dict) or document.get("type") != "data":
        return None
    nodes = document.get("nodes")
    if not isinstance(nodes, list):
        return None
    return [
        (i, node["data"])
        for i, node in enumerate(nodes)
        if isinstance(node, dict)
        and node.get("type") == "data"
        and isinstance(node.get("data"), list)
    ]
