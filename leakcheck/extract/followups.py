"""What a role's artifacts point at that the browser did not load itself: source maps named by
bundles, and documents whose URLs appear in payloads. Capture fetches them with the role's
session; whether the role can read them is exactly the question.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from leakcheck.extract import extract
from leakcheck.extract.documents import document_links
from leakcheck.extract.media import is_javascript
from leakcheck.extract.scripts import source_map_url
from leakcheck.models import Artifact, ArtifactKind, Exposure, FollowUp
from leakcheck.scope import Scope

MAX_DOCUMENTS_PER_PAGE = 50


def discover_follow_ups(artifacts: Sequence[Artifact], scope: Scope) -> list[FollowUp]:
    """Return source maps and linked documents to fetch, per page that names them.

    A URL named on two pages appears twice (capture fetches it once): its findings belong to
    each page, like the bundle that named it.
    """
    found: dict[tuple[str, str], FollowUp] = {}
    for artifact in artifacts:
        if artifact.kind is ArtifactKind.RESPONSE and is_javascript(artifact):
            url = source_map_url(artifact)
            if url:
                found.setdefault((url, artifact.page), FollowUp(url, artifact.page, "source-map"))
    by_page: dict[str, list[Exposure]] = defaultdict(list)
    for exposure in extract(a for a in artifacts if not a.meta.get("fetched")).exposures:
        by_page[exposure.page].append(exposure)
    for page, exposures in by_page.items():
        for url in document_links(exposures, page, scope, MAX_DOCUMENTS_PER_PAGE):
            found.setdefault((url, page), FollowUp(url, page, "linked-document"))
    return list(found.values())
