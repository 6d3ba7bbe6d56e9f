"""Extract: artifacts -> exposures, one value at one canonical location each."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from leakcheck.extract.dom import extract_dom
from leakcheck.extract.network import extract_network
from leakcheck.extract.outgoing import extract_outgoing
from leakcheck.extract.rendered import VisibleText
from leakcheck.models import Artifact, ArtifactKind, Exposure, Skip

JSON_TYPES = ("application/json", "+json", "application/graphql")


@dataclass
class Extraction:
    """Everything extracted from a set of artifacts."""

    exposures: list[Exposure] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    visible: dict[tuple[str, str], VisibleText] = field(default_factory=dict)
    """(role, page) -> what that page showed; pages without a snapshot are absent."""

    def visible_text(self, role: str, page: str) -> VisibleText:
        return self.visible.get((role, page)) or VisibleText(None)


def is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return any(media.endswith(kind) or media == kind for kind in JSON_TYPES)


def extract(artifacts: Iterable[Artifact]) -> Extraction:
    """Run every extractor that applies to each artifact."""
    result = Extraction()
    for artifact in artifacts:
        if artifact.kind is ArtifactKind.RESPONSE and is_json(artifact.content_type):
            exposures, skips = extract_network(artifact)
            result.exposures.extend(exposures)
            result.skips.extend(skips)
        elif artifact.kind is ArtifactKind.DOM_SNAPSHOT:
            result.exposures.extend(extract_dom(artifact))
        elif artifact.kind is ArtifactKind.OUTGOING_REQUEST:
            result.exposures.extend(extract_outgoing(artifact))
        elif artifact.kind is ArtifactKind.VISIBLE_TEXT:
            result.visible[(artifact.role, artifact.page)] = VisibleText(artifact.body)
    return result
