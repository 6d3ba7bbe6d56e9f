"""``multipart/mixed`` responses: GraphQL incremental delivery (``@defer``, ``@stream``) and
subscriptions over HTTP, as Apollo, Relay, GraphQL Yoga and Hot Chocolate send them.

The first part is an ordinary result (``{"data": …, "hasNext": true}``); later parts carry
``incremental`` entries whose ``data`` (``@defer``) or ``items`` (``@stream``) belong at a
``path`` inside it, or a subscription event's ``payload``. A deferred fragment is exactly where
a field nobody renders arrives, so each entry is walked at the path it belongs to: a bidder's
e-mail that arrives deferred is at ``$.data.case.bids[*].bidder.email`` as if it had not been.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from leakcheck.extract.jsonpaths import child_path

MEDIA_TYPE = "multipart/mixed"
_BOUNDARY = re.compile(r"""boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))""", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a multipart body: its content type and body text."""

    content_type: str
    body: str


def parts(body: str, content_type: str) -> list[Part] | None:
    """Split a ``multipart/mixed`` body at its boundary; None when it names none."""
    match = _BOUNDARY.search(content_type)
    if match is None:
        return None
    delimiter = "--" + (match.group(1) or match.group(2))
    out: list[Part] = []
    for chunk in body.split(delimiter)[1:]:
        if chunk.startswith("--"):
            break  # the close delimiter
        head, sep, text = chunk.lstrip("\r\n").partition("\r\n\r\n")
        if not sep:
            head, sep, text = chunk.lstrip("\n").partition("\n\n")
        if not sep:  # no headers at all: the whole chunk is the body
            head, text = "", chunk
        kind = ""
        for line in head.splitlines():
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-type":
                kind = value.strip()
        text = text.strip("\r\n")
        if text:
            out.append(Part(kind, text))
    return out


@dataclass(frozen=True, slots=True)
class Placed:
    """A GraphQL result fragment and where it belongs: canonical and concrete JSONPath roots."""

    document: Any
    root: str
    detail_root: str


def placed_results(payload: Any, pending: dict[str, Any]) -> Iterator[Placed]:
    """Yield the fragments of one part of an incremental GraphQL response, each at its path.

    An initial result is placed at ``$`` (with ``data``, ``errors``, ``extensions``); a
    subscription event's ``payload`` likewise; each ``incremental`` entry's ``data`` at
    ``$.data.<path>`` and its ``items`` as the items of the list at ``$.data.<path>``. Paths
    are given inline (the 2022 format) or by the ``id`` of an earlier ``pending`` entry plus a
    ``subPath`` (the 2023 format); ``pending`` carries those across parts. The rest of a part
    (``hasNext``, ``label``, ``completed``) is protocol, not data.
    """
    if not isinstance(payload, dict):
        yield Placed(payload, "$", "$")
        return
    for entry in payload.get("pending") or ():
        if isinstance(entry, dict) and "id" in entry:
            pending[str(entry["id"])] = entry.get("path")
    body = {k: v for k, v in payload.items() if k in ("data", "errors", "extensions")}
    if body:
        yield Placed(body, "$", "$")
    if isinstance(payload.get("payload"), dict):
        yield from placed_results(payload["payload"], pending)
    for entry in payload.get("incremental") or ():
        if not isinstance(entry, dict):
            continue
        raw_items, raw_path = entry.get("items"), entry.get("path")
        items: list[Any] = raw_items if isinstance(raw_items, list) else []
        path: list[Any]
        if "id" in entry:
            key = str(entry["id"])
            base = pending.get(key)
            path = [*(base if isinstance(base, list) else ()), *(entry.get("subPath") or ())]
            list_path, first = path, pending.get(f"{key}#streamed", 0)  # the list itself
            pending[f"{key}#streamed"] = first + len(items)
        else:
            path = raw_path if isinstance(raw_path, list) else []
            list_path, first = path[:-1], path[-1] if path and type(path[-1]) is int else 0
        if "data" in entry:
            yield Placed(entry["data"], *_path_roots(path))
        if items:
            canonical, concrete = _path_roots(list_path)
            for i, item in enumerate(items, first):
                yield Placed(item, f"{canonical}[*]", f"{concrete}[{i}]")
        if entry.get("errors"):
            yield Placed({"errors": entry["errors"]}, "$", "$")


def _path_roots(path: list[Any]) -> tuple[str, str]:
    """Return the canonical (``[*]``) and concrete JSONPath of a GraphQL response ``path``."""
    canonical, concrete = "$.data", "$.data"
    for step in path:
        if type(step) is int:
            canonical, concrete = f"{canonical}[*]", f"{concrete}[{step}]"
        else:
            canonical, concrete = child_path(canonical, str(step)), child_path(concrete, str(step))
    return canonical, concrete
