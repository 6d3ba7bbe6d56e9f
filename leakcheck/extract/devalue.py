"""devalue payloads -> the object graphs they flatten, so that values keep their keys.

Nuxt 3 (``<script id="__NUXT_DATA__">``, ``…/_payload.json``) and SvelteKit (``…/__data.json``)
serialise their page state with devalue: one JSON array whose entry 0 is the root, where an
object maps its keys to the *indices* of its values, an array lists indices, and a type-tagged
array wraps a value (``["Date", "2024-…"]``, ``["Reactive", 3]``, ``["Map", k, v, …]``). Walked
as plain JSON, a bidder's name is an anonymous string at ``$[*]``: no key says it is a name, and
no rule can name its location. Unflattened, it is ``…|devalue:$.data.bid.bidder.name``.

The shape is only assumed where these frameworks put it (a plain array of objects holding small
integers looks the same), and an array that is not valid devalue is walked as it is. Each entry
is expanded at its first reference only, so repeated and cyclic references cost nothing and the
result is a tree (a shared object is reported where it is first reached).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

NUXT_DATA_ID = "__NUXT_DATA__"
"""The id of the JSON script element holding a Nuxt 3 page's payload."""

_SPECIAL = frozenset({-1, -2, -3, -4, -5, -6})
"""undefined, an array hole, NaN, Infinity, -Infinity, -0: no value to expose."""

_WRAPPERS = frozenset(
    {"Reactive", "ShallowReactive", "Ref", "ShallowRef", "EmptyRef", "EmptyShallowRef", "Object"}
)
"""Tags whose one argument is the wrapped value (Vue reactivity in Nuxt, boxed primitives)."""

_LITERAL_TAGS = frozenset({"Date", "RegExp", "BigInt", "URL", "URLSearchParams"})
"""Tags whose arguments are literal strings, not indices."""


class NotDevalue(ValueError):
    """An array that does not follow devalue's format (walked as plain JSON instead)."""


def unflatten(values: Any) -> Any:
    """Return the object graph a devalue array encodes, as a tree of dicts and lists.

    Raises ``NotDevalue`` when ``values`` is not a valid devalue array (an index out of range,
    an object value that is not an index). Iterative: deep graphs cannot overflow the stack.
    """
    if not isinstance(values, list) or not values:
        raise NotDevalue("not a non-empty array")
    n = len(values)
    claimed = bytearray(n)
    holder: list[Any] = [None]
    stack: list[tuple[int, Any, Any]] = [(0, holder, 0)]
    pop, push = stack.pop, stack.append
    while stack:
        index, parent, slot = pop()
        if type(index) is not int or not -6 <= index < n:
            raise NotDevalue(f"reference {index!r} is not an index")
        if index < 0 or claimed[index]:
            continue  # a special value, or already expanded where first referenced
        claimed[index] = 1
        entry = values[index]
        kind = type(entry)
        if kind is dict:
            obj: dict[str, Any] = dict.fromkeys(entry)
            parent[slot] = obj
            for key, ref in reversed(entry.items()):
                push((ref, obj, key))
        elif kind is list:
            _expand_list(entry, parent, slot, push)
        else:
            parent[slot] = entry
    return holder[0]


def _expand_list(entry: list[Any], parent: Any, slot: Any, push: Any) -> None:
    """Place an array or a type-tagged value into ``parent[slot]``, queueing its references."""
    if not entry or type(entry[0]) is not str:
        items: list[Any] = [None] * len(entry)
        parent[slot] = items
        for i in range(len(entry) - 1, -1, -1):
            push((entry[i], items, i))
        return
    tag, args = entry[0], entry[1:]
    if tag in _LITERAL_TAGS:
        parent[slot] = args[0] if len(args) == 1 else list(args)
    elif tag in _WRAPPERS and len(args) == 1:
        push((args[0], parent, slot))
    elif tag == "null":  # an object without prototype: ["null", key, ref, key, ref, …]
        obj = dict.fromkeys(str(k) for k in args[0::2])
        parent[slot] = obj
        for key, ref in reversed(list(zip(args[0::2], args[1::2], strict=False))):
            push((ref, obj, str(key)))
    elif all(type(a) is int for a in args):  # Set, Map, custom reducers: their parts in order
        items = [None] * len(args)
        parent[slot] = items
        for i in range(len(args) - 1, -1, -1):
            push((args[i], items, i))
    else:  # an unknown tag with literal arguments: keep them as they are
        parent[slot] = list(args)


def payload_kind(url: str | None) -> str | None:
    """Return ``"nuxt"`` or ``"sveltekit"`` for the URLs those frameworks serve devalue at."""
    if not url:
        return None
    path = urlsplit(url).path
    if path.endswith("/_payload.json"):
        return "nuxt"
    if path.endswith("/__data.json"):
        return "sveltekit"
    return None


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
