"""Extract: artifacts -> exposures, one value at one canonical location each.

Each artifact kind has its extractor; a response is dispatched by what capture fetched it as
(source map, linked document) and then by media type.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import assert_never

from leakcheck.extract.documents import extract_document, extract_error_text
from leakcheck.extract.dom import extract_dom
from leakcheck.extract.inline_state import extract_inline_state
from leakcheck.extract.media import is_javascript, is_json
from leakcheck.extract.network import extract_network
from leakcheck.extract.outgoing import extract_outgoing
from leakcheck.extract.rendered import VisibleText
from leakcheck.extract.scripts import extract_js_bundle
from leakcheck.extract.sourcemaps import extract_source_map
from leakcheck.extract.storage import extract_cookies, extract_storage
from leakcheck.extract.websocket import extract_websocket
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


def _response(artifact: Artifact) -> tuple[list[Exposure], list[Skip]]:
    fetched = artifact.meta.get("fetched")
    if fetched == "source-map":
        return extract_source_map(artifact)
    if fetched == "linked-document":
        return extract_document(artifact)
    if is_json(artifact.content_type):
        return extract_network(artifact)
    if is_javascript(artifact):
        return extract_js_bundle(artifact), []
    if artifact.status is not None and artifact.status >= 400:
        return extract_error_text(artifact), []
    return [], []


def extract(artifacts: Iterable[Artifact], scope: Scope | None = None) -> Extraction:
    """Run every extractor that applies to each artifact."""
    result = Extraction()
    for artifact in artifacts:
        kind = artifact.kind
        if kind is ArtifactKind.RESPONSE:
            result.add(_response(artifact))
        elif kind is ArtifactKind.DOM_SNAPSHOT:
            result.exposures.extend(extract_dom(artifact))
            result.add(extract_inline_state(artifact))
        elif kind is ArtifactKind.STORAGE:
            result.add(extract_storage(artifact))
        elif kind is ArtifactKind.COOKIES:
            result.add(extract_cookies(artifact))
        elif kind is ArtifactKind.OUTGOING_REQUEST:
            result.exposures.extend(extract_outgoing(artifact))
        elif kind is ArtifactKind.WEBSOCKET_FRAME:
            result.exposures.extend(extract_websocket(artifact, scope))
        elif kind is ArtifactKind.VISIBLE_TEXT:
            result.visible[(artifact.role, artifact.page)] = VisibleText(artifact.body)
        else:
            assert_never(kind)
    return result
