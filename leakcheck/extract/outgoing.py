"""Requests the page sent to origins outside scope -> exposures naming the receiver."""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlsplit

from leakcheck.extract.jsonpaths import walk_json
from leakcheck.models import Artifact, Exposure, Location, Surface


def extract_outgoing(artifact: Artifact) -> list[Exposure]:
    """Return what an outgoing request carried: query parameters and body fields."""
    receiver = artifact.meta.get("receiver")

    def make(path: str, value: str, key: str | None, detail: str | None = None) -> Exposure:
        return Exposure(
            role=artifact.role,
            page=artifact.page,
            surface=Surface.THIRD_PARTY_REQUEST,
            url=artifact.url,
            location=Location(path=path, detail=detail),
            value=value,
            key=key,
            receiver=receiver,
        )

    def walk() -> Iterator[Exposure]:
        for key, value in parse_qsl(urlsplit(artifact.url or "").query, keep_blank_values=False):
            yield make(f"query:{key}", value, key)
        body = artifact.request_body
        if not body:
            return
        media = artifact.content_type.split(";", 1)[0].strip().lower()
        if "json" in media or body.lstrip()[:1] in ("{", "["):
            try:
                document = json.loads(body)
            except ValueError:
                document = None
            if document is not None:
                for leaf in walk_json(document):
                    yield make(f"body|json:{leaf.path}", leaf.value, leaf.key, leaf.detail)
                return
        if "form-urlencoded" in media or ("=" in body and " " not in body.strip()):
            for key, value in parse_qsl(body):
                yield make(f"body|form:{key}", value, key)
            return
        yield make("body", body, None)

    return list(walk())
