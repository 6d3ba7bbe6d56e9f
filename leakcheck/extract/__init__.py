"""Extract: artifacts -> exposures, one value at one canonical location each.

Each artifact kind has its extractor; a response is dispatched by what capture fetched it as
(source map, linked document) and then by media type.

A page's HTML source is read for inline state, comments and attribute values too (what needs no
rendering to judge): a HAR from developer tools has no DOM snapshots, and a live page may drop
state from its DOM once it has read it. Of the source, only what the page's DOM snapshot does
not hold (same location, same value) is kept, so the two never report one value twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import assert_never

from graphql import GraphQLSchema

from leakcheck.extract.devalue import is_turbo_response
from leakcheck.extract.documents import (
    extract_document,
    extract_error_text,
    extract_text_response,
)
from leakcheck.extract.dom import extract_dom, extract_source
from leakcheck.extract.inline_state import MAX_HTML_BYTES, extract_inline_state
from leakcheck.extract.media import is_html, is_javascript, is_json, media_type, sniffed_json
from leakcheck.extract.multipart import MEDIA_TYPE as MULTIPART_MEDIA_TYPE
from leakcheck.extract.network import (
    FLIGHT_MEDIA_TYPE,
    extract_flight_response,
    extract_multipart,
    extract_network,
    extract_turbo_stream,
)
from leakcheck.extract.outgoing import extract_outgoing
from leakcheck.extract.rendered import VisibleText
from leakcheck.extract.scripts import extract_js_bundle
from leakcheck.extract.sourcemaps import extract_source_map
from leakcheck.extract.storage import extract_cookies, extract_storage
from leakcheck.extract.websocket import (
    extract_event_message,
    extract_event_stream,
    extract_websocket,
)
from leakcheck.models import Artifact, ArtifactKind, Exposure, Skip
from leakcheck.scope import Scope


@dataclass
class Extraction:
    """Everything extracted from a set of artifacts."""

    exposures: list[Exposure] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    visible: dict[tuple[str, str], VisibleText] = field(default_factory=dict)
    """(role, page) -> what that page showed; pages without a snapshot are absent."""

    def visible_text(self, role: str, page: str) -> VisibleText:
        return self.visible.get((role, page)) or VisibleText(None)

    def add(self, found: tuple[list[Exposure], list[Skip]]) -> None:
        self.exposures.extend(found[0])
        self.skips.extend(found[1])


def _response(
    artifact: Artifact, schema: GraphQLSchema | None
) -> tuple[list[Exposure], list[Skip]]:
    fetched = artifact.meta.get("fetched")
    if fetched == "source-map":
        return extract_source_map(artifact)
    if fetched == "linked-document":
        return extract_document(artifact)
    if is_turbo_response(artifact.url, artifact.body):
        return extract_turbo_stream(artifact)
    media = media_type(artifact.content_type)
    if media == FLIGHT_MEDIA_TYPE:
        return extract_flight_response(artifact)
    if media == MULTIPART_MEDIA_TYPE:
        return extract_multipart(artifact, schema)
    if media == "text/event-stream":
        return extract_event_stream(artifact), []
    if is_json(artifact.content_type) or sniffed_json(artifact):
        return extract_network(artifact, schema)
    if is_javascript(artifact):
        return extract_js_bundle(artifact), []
    if artifact.status is not None and artifact.status >= 400:
        return extract_error_text(artifact), []
    return extract_text_response(artifact)


def _is_page_source(artifact: Artifact) -> bool:
    return (
        is_html(artifact.content_type)
        and (artifact.status is None or artifact.status < 400)
        and "fetched" not in artifact.meta
    )


def _page_source(
    artifact: Artifact, in_dom: set[tuple[str, str]] | None
) -> tuple[list[Exposure], list[Skip]]:
    """Inline state, comments and attributes of an HTML response its DOM snapshot lacks."""
    state, skips = extract_inline_state(artifact)  # a body over its limit is a skip here
    markup = extract_source(artifact) if len(artifact.body) <= MAX_HTML_BYTES else []
    if in_dom is None:
        return [*state, *markup], skips
    # With a snapshot, its own extraction already reported what could not be read.
    return [e for e in (*state, *markup) if (e.location.path, e.value) not in in_dom], []


def extract(
    artifacts: Iterable[Artifact],
    scope: Scope | None = None,
    graphql_schema: GraphQLSchema | None = None,
) -> Extraction:
    """Run every extractor that applies to each artifact (GraphQL typed by the schema if any)."""
    result = Extraction()
    sources: list[Artifact] = []
    in_dom: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for artifact in artifacts:
        kind = artifact.kind
        if kind is ArtifactKind.RESPONSE:
            if _is_page_source(artifact):
                sources.append(artifact)
            result.add(_response(artifact, graphql_schema))
        elif kind is ArtifactKind.DOM_SNAPSHOT:
            dom = extract_dom(artifact)
            state, skips = extract_inline_state(artifact)
            seen = in_dom.setdefault((artifact.role, artifact.page), set())
            seen.update((e.location.path, e.value) for e in (*dom, *state))
            result.add((dom + state, skips))
        elif kind is ArtifactKind.STORAGE:
            result.add(extract_storage(artifact))
        elif kind is ArtifactKind.COOKIES:
            result.add(extract_cookies(artifact))
        elif kind is ArtifactKind.OUTGOING_REQUEST:
            result.exposures.extend(extract_outgoing(artifact))
        elif kind is ArtifactKind.WEBSOCKET_FRAME:
            result.exposures.extend(extract_websocket(artifact, scope))
        elif kind is ArtifactKind.EVENT_STREAM_MESSAGE:
            result.exposures.extend(extract_event_message(artifact))
        elif kind is ArtifactKind.VISIBLE_TEXT:
            result.visible[(artifact.role, artifact.page)] = VisibleText(artifact.body)
        else:
            assert_never(kind)
    for source in sources:
        result.add(_page_source(source, in_dom.get((source.role, source.page))))
    return result
