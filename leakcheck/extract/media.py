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


_UNTYPED = ("", "text/plain", "application/octet-stream")


def sniffed_json(artifact: Artifact) -> bool:
    """Return whether a response labelled as plain text (or not at all) holds JSON.

    APIs that send JSON as ``text/plain`` are common; their bodies would otherwise be read by
    no extractor. The body is parsed later: one that is not JSON after all is a recorded skip.
    """
    return media_type(artifact.content_type) in _UNTYPED and looks_like_json(artifact.body)


def looks_like_json(text: str) -> bool:
    """Return whether a text starts like a JSON object or array (after a BOM and blanks)."""
    return text[:64].lstrip("\ufeff \t\r\n")[:1] in ("{", "[")
