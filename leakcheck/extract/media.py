"""Media-type tests shared by the extractors and follow-up discovery."""

from __future__ import annotations

from leakcheck.models import Artifact

JSON_TYPES = ("application/json", "+json", "application/graphql")


def media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def is_json(content_type: str) -> bool:
    media = media_type(content_type)
    return any(media.endswith(kind) or media == kind for kind in JSON_TYPES)


def is_javascript(artifact: Artifact) -> bool:
    media = media_type(artifact.content_type)
    path = (artifact.url or "").split("?", 1)[0]
    return "javascript" in media or "ecmascript" in media or path.endswith((".js", ".mjs"))


def is_html(content_type: str) -> bool:
    return media_type(content_type) in ("text/html", "application/xhtml+xml")
