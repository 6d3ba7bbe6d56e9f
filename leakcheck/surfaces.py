"""What each surface is, said once: every stage and report reads its traits from ``SURFACES``.

A surface (``models.Surface``) names where a value was seen. Stages treat surfaces differently
(the judge does not judge a JSON string whose leaves were extracted, detection reads program
text more sceptically, reports show a response URL for network surfaces); each such difference
is a trait in this table, so that adding a surface is one row here and nothing elsewhere, and
no two modules can disagree about a surface.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from leakcheck.models import Surface


class LocationSyntax(StrEnum):
    """How a surface's canonical location is written, which decides SARIF's logical kind."""

    PATH = "path"
    """A JSONPath, storage key or line: SARIF ``property``."""
    CSS = "css"
    """A CSS path, ``@attribute`` for an attribute: SARIF ``element`` or ``attribute``."""
    COMMENT = "comment"
    """A CSS path to an HTML comment (``footer#site-footer::comment``): SARIF ``comment``."""


@dataclass(frozen=True, slots=True)
class SurfaceTraits:
    """Everything a stage or report needs to know about one surface."""

    label: str
    """The surface in words a data-protection officer reads without a glossary (HTML report)."""
    decoded: bool = False
    """Extraction also emits the leaves of JSON held in a string value, so the judge skips the
    string itself (else every value inside would be reported twice)."""
    sent_out: bool = False
    """Values here left the browser for another origin (LC301), rather than reaching the role."""
    free_text: bool = False
    """Values are long free text holding several values (detection looks for spans, and the
    exposure's key does not govern a number deep inside the text)."""
    program_text: bool = False
    """Values are program text (bundles, source maps), where labels, examples and library
    constants abound: detection asks for more before reporting."""
    developer_text: bool = False
    """Text the site's developers wrote rather than data it serves (code, comments): a credential
    under a key there was put there by hand."""
    hidden_from_readers: bool = False
    """Where a page's author hides text from its readers (comments, hidden elements): a
    ``Note: …`` there is a note, not an aside."""
    shows_response_url: bool = False
    """Reports show the URL of the response or request the value came in, beside the page."""
    location: LocationSyntax = LocationSyntax.PATH
    """How the canonical location is written."""


SURFACES: dict[Surface, SurfaceTraits] = {
    Surface.NETWORK_JSON: SurfaceTraits(
        "API response (JSON)", decoded=True, shows_response_url=True
    ),
    Surface.NETWORK_GRAPHQL: SurfaceTraits(
        "API response (GraphQL)", decoded=True, shows_response_url=True
    ),
    Surface.NETWORK_TEXT: SurfaceTraits(
        "API response (text, CSV or XML)", decoded=True, free_text=True, shows_response_url=True
    ),
    Surface.DOM_VISIBLE: SurfaceTraits("page text", location=LocationSyntax.CSS),
    Surface.DOM_HIDDEN: SurfaceTraits(
        "hidden page element", hidden_from_readers=True, location=LocationSyntax.CSS
    ),
    Surface.HTML_COMMENT: SurfaceTraits(
        "HTML comment",
        free_text=True,
        developer_text=True,
        hidden_from_readers=True,
        location=LocationSyntax.COMMENT,
    ),
    Surface.INLINE_STATE: SurfaceTraits("data embedded in the page", decoded=True),
    Surface.JS_BUNDLE: SurfaceTraits(
        "JavaScript file", free_text=True, program_text=True, developer_text=True
    ),
    Surface.SOURCE_MAP: SurfaceTraits(
        "source map", free_text=True, program_text=True, developer_text=True
    ),
    Surface.WEB_STORAGE: SurfaceTraits("browser storage", decoded=True),
    Surface.COOKIE: SurfaceTraits("cookie", decoded=True),
    Surface.WEBSOCKET: SurfaceTraits("WebSocket message", decoded=True),
    Surface.THIRD_PARTY_REQUEST: SurfaceTraits(
        "request to a third party", sent_out=True, shows_response_url=True
    ),
    Surface.LINKED_DOCUMENT: SurfaceTraits(
        "linked document", decoded=True, free_text=True, shows_response_url=True
    ),
    Surface.ERROR_PAGE: SurfaceTraits(
        "error page", decoded=True, free_text=True, shows_response_url=True
    ),
}
"""One row per ``Surface`` member (a test checks that none is missing)."""


def traits(surface: Surface) -> SurfaceTraits:
    """Return the traits of a surface."""
    return SURFACES[surface]


def surfaces_where(test: Callable[[SurfaceTraits], bool]) -> frozenset[Surface]:
    """Return the surfaces whose traits pass ``test``, as a set for fast membership tests."""
    return frozenset(surface for surface, row in SURFACES.items() if test(row))
