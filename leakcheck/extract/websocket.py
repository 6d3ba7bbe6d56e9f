"""WebSocket frames -> exposures: ``ws:received|json:$.path`` (or ``ws:sent``) per leaf; and
Server-Sent Events messages -> ``sse:<event>|json:$.path``.

A frame sent to a socket outside scope is data leaving to a third party, like a beacon.
"""

from __future__ import annotations

import json
from dataclasses import replace

from leakcheck.extract.decode import chain_name, expand_leaf, walk_decoded
from leakcheck.extract.jsonpaths import JsonLeaf, walk_json
from leakcheck.models import Artifact, ArtifactKind, Exposure, Location, Surface
from leakcheck.scope import Scope, origin_of


def extract_websocket(artifact: Artifact, scope: Scope | None = None) -> list[Exposure]:
    """Return the values one frame carried: JSON leaf by leaf, text as one value (see
    ``_message_leaves``)."""
    direction = artifact.meta.get("direction", "received")
    url = artifact.url or ""
    outside = scope is not None and scope.is_third_party(url.replace("ws", "http", 1))
    surface = Surface.THIRD_PARTY_REQUEST if outside and direction == "sent" else Surface.WEBSOCKET
    receiver = (
        origin_of(url.replace("ws", "http", 1)) if surface is Surface.THIRD_PARTY_REQUEST else None
    )
    leaves, _ = _message_leaves(f"ws:{direction}", artifact.body)
    return _exposures(artifact, leaves, surface, receiver)


def _exposures(
    artifact: Artifact, leaves: list[JsonLeaf], surface: Surface, receiver: str | None = None
) -> list[Exposure]:
    return [
        Exposure(
            role=artifact.role,
            page=artifact.page,
            surface=surface,
            url=artifact.url,
            location=Location(path=leaf.path, detail=leaf.detail),
            value=leaf.value,
            key=leaf.key,
            receiver=receiver,
            records=leaf.records,
        )
        for leaf in leaves
    ]


def _message_leaves(prefix: str, body: str) -> tuple[list[JsonLeaf], bool]:
    """Return the leaves of a pushed message, and whether it was JSON.

    A JSON message is walked leaf by leaf at ``<prefix>|json:<jsonpath>``; other text is one
    value at ``<prefix>``, with what it encodes (base64, a JWT, a query string) after it.
    """
    text = body.strip()
    try:
        document = json.loads(text) if text[:1] in ("{", "[") else None
    except (ValueError, RecursionError):
        document = None
    if document is None:
        leaves = expand_leaf(JsonLeaf(prefix, prefix, None, text, ())) if text else ()
        return [leaf for leaf in leaves if leaf.value], False
    return [
        JsonLeaf(
            f"{prefix}|json:{leaf.path}",
            f"{prefix}|json:{leaf.detail}",
            leaf.key,
            leaf.value,
            leaf.records,
        )
        for leaf in walk_decoded(walk_json(document))
    ], True


def extract_event_message(artifact: Artifact) -> list[Exposure]:
    """Return the values one Server-Sent Events message carried, at ``sse:<event>``: JSON leaf
    by leaf (surface ``network-json``), other text as one value (``network-text``)."""
    prefix = f"sse:{chain_name(artifact.meta.get('event', 'message'))}"
    leaves, is_json = _message_leaves(prefix, artifact.body)
    return _exposures(artifact, leaves, Surface.NETWORK_JSON if is_json else Surface.NETWORK_TEXT)


def extract_event_stream(artifact: Artifact) -> list[Exposure]:
    """Return the values of a ``text/event-stream`` body, message by message."""
    return [
        e for message in event_stream_messages(artifact) for e in extract_event_message(message)
    ]


def event_stream_messages(artifact: Artifact) -> list[Artifact]:
    """Split a ``text/event-stream`` body (a stream that had ended, or one read by ``fetch``)
    into its messages: ``event:`` names them, ``data:`` lines are joined by newlines."""
    out: list[Artifact] = []
    for block in artifact.body.replace("\r\n", "\n").split("\n\n"):
        event, data = "message", []
        for line in block.split("\n"):
            field, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if field == "event" and value:
                event = value
            elif field == "data":
                data.append(value)
        if data:
            out.append(
                replace(
                    artifact,
                    kind=ArtifactKind.EVENT_STREAM_MESSAGE,
                    body="\n".join(data),
                    meta={"event": event},
                )
            )
    return out
