"""Web storage and cookies -> exposures at ``localStorage:<key>`` / ``cookie:<name>`` + chain.

IndexedDB object stores are read too, each store's records as one JSON text:
``indexedDB:<database>/<store>|json:$[*].bidder.cpr``.

Storage and readable cookies are where single-page apps park what they fetched ("recent
bidders", "last viewed case"), often as JSON or base64 of JSON: every entry is decoded with the
chain kept (``cookie:estate_ctx|base64|json:$.highestBidder.cpr``), so a rule or a ground-truth
row can name the exact field. The origin is the exposure's page; it is not repeated in the path.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from leakcheck.extract.decode import chain_name, expand_leaf
from leakcheck.extract.jsonpaths import JsonLeaf
from leakcheck.extract.network import Unparseable, parse_json_body
from leakcheck.models import Artifact, Exposure, Location, Skip, Surface

STORAGE_AREAS = ("localStorage", "sessionStorage", "indexedDB")
"""``indexedDB`` entries are ``database/store`` -> the store's records as JSON text."""
UNREAD_AREA = "indexedDBUnread"
"""``database/store`` (or a database) -> why it was read in part or not at all."""


def _skip(artifact: Artifact, reason: str) -> Skip:
    return Skip(role=artifact.role, what=artifact.url or artifact.page, reason=reason)


def _as_text(value: Any) -> str | None:
    """Return a stored value as the string the page stored; None for nothing worth reporting.

    Browsers store strings only; a capture that already parsed a value (an object) gets it
    re-serialised, so its leaves get the same ``|json:`` locations as the string would.
    """
    if isinstance(value, str):
        return value or None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return None


def _leaves(prefix: str, key: str, value: str) -> Iterator[JsonLeaf]:
    return expand_leaf(JsonLeaf(prefix, prefix, key, value, ()))


def extract_storage(artifact: Artifact) -> tuple[list[Exposure], list[Skip]]:
    """Turn a storage snapshot ``{"localStorage": {...}, "sessionStorage": {...}}`` into exposures.

    An absent area is simply empty; an area that is not an object, or a body that is not a JSON
    object, becomes a skip (reasons name the area, never a value).
    """
    try:
        document = parse_json_body(artifact)
    except Unparseable as exc:
        return [], [_skip(artifact, f"storage snapshot: {exc}")]
    if not isinstance(document, dict):
        return [], [_skip(artifact, "storage snapshot is not a JSON object")]
    exposures: list[Exposure] = []
    skips: list[Skip] = []
    unread = document.get(UNREAD_AREA)
    if isinstance(unread, Mapping):
        skips.extend(_skip(artifact, f"IndexedDB {name}: {why}") for name, why in unread.items())
    for area in STORAGE_AREAS:
        entries = document.get(area)
        if entries is None:
            continue
        if not isinstance(entries, Mapping):
            skips.append(_skip(artifact, f"storage snapshot: {area} is not a JSON object"))
            continue
        for key, raw in entries.items():
            value = _as_text(raw)
            if value is None:
                continue
            name = str(key)
            exposures.extend(
                Exposure(
                    role=artifact.role,
                    page=artifact.page,
                    surface=Surface.WEB_STORAGE,
                    url=None,
                    location=Location(path=leaf.path, detail=leaf.detail),
                    value=leaf.value,
                    key=leaf.key,
                    records=leaf.records,
                )
                for leaf in _leaves(f"{area}:{chain_name(name)}", name, value)
            )
    return exposures, skips


def _cookie_note(entry: Mapping[str, Any]) -> str:
    """Say where a cookie applies and whether scripts can read it (httpOnly ones they cannot)."""
    domain = entry.get("domain")
    path = entry.get("path")
    parts = [f"domain={domain}" if isinstance(domain, str) and domain else "domain=?"]
    if isinstance(path, str) and path:
        parts.append(f"path={path}")
    http_only = entry.get("httpOnly")
    parts.append("httpOnly" if http_only is True else "readable by scripts (not httpOnly)")
    return ", ".join(parts)


def extract_cookies(artifact: Artifact) -> tuple[list[Exposure], list[Skip]]:
    """Turn the context's cookies (a JSON list of ``{name, value, domain, path, httpOnly}``)
    into exposures at ``cookie:<name>`` plus the decoding chain.

    ``Location.detail`` carries the concrete chain, the domain, the path and whether the cookie
    is httpOnly: a readable cookie is in reach of every script on the page.
    """
    try:
        document = parse_json_body(artifact)
    except Unparseable as exc:
        return [], [_skip(artifact, f"cookie list: {exc}")]
    if not isinstance(document, list):
        return [], [_skip(artifact, "cookie list is not a JSON array")]
    exposures: list[Exposure] = []
    malformed = 0
    for entry in document:
        name = entry.get("name") if isinstance(entry, dict) else None
        value = entry.get("value") if isinstance(entry, dict) else None
        if not isinstance(entry, dict) or not isinstance(name, str) or not name:
            malformed += 1
            continue
        if not isinstance(value, str):
            malformed += 1
            continue
        if not value:
            continue
        note = _cookie_note(entry)
        exposures.extend(
            Exposure(
                role=artifact.role,
                page=artifact.page,
                surface=Surface.COOKIE,
                url=None,
                location=Location(path=leaf.path, detail=f"{leaf.detail} ({note})"),
                value=leaf.value,
                key=leaf.key,
                records=leaf.records,
            )
            for leaf in _leaves(f"cookie:{chain_name(name)}", name, value)
        )
    skips = []
    if malformed:
        noun = "entry" if malformed == 1 else "entries"
        skips.append(_skip(artifact, f"{malformed} cookie {noun} without a string name and value"))
    return exposures, skips
