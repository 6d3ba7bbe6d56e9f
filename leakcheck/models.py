"""The plain data that flows between the pipeline's stages.

profile -> sessions -> capture (Artifact) -> extract (Exposure) -> detect (Detection)
-> judge (Finding) -> report. Every value here is immutable; stages never share mutable state.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar, dataclass_transform

_T = TypeVar("_T")


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def value_record(cls: type[_T]) -> type[_T]:
    """Declare a per-value record: immutable to the type checker, cheap to build at run time.

    A frozen dataclass sets each field through ``object.__setattr__``; for the records made
    once per exposed value (a large capture has millions) that was most of the extract
    stage's cost (0.94 µs per ``Exposure`` against 0.16 µs). mypy treats these classes as
    frozen, so code that assigns to a field does not type-check; they hash by value as before.
    """
    return dataclass(slots=True, unsafe_hash=True)(cls)


class Surface(StrEnum):
    """Where in what the browser received a value was seen (the design's vocabulary)."""

    NETWORK_JSON = "network-json"
    NETWORK_GRAPHQL = "network-graphql"
    NETWORK_TEXT = "network-text"
    """A response the page fetched that is text but not JSON: CSV, XML, plain text, vCard."""
    DOM_VISIBLE = "dom-visible"
    DOM_HIDDEN = "dom-hidden"
    HTML_COMMENT = "html-comment"
    INLINE_STATE = "inline-state"
    JS_BUNDLE = "js-bundle"
    SOURCE_MAP = "source-map"
    WEB_STORAGE = "web-storage"
    COOKIE = "cookie"
    WEBSOCKET = "websocket"
    THIRD_PARTY_REQUEST = "third-party-request"
    LINKED_DOCUMENT = "linked-document"
    ERROR_PAGE = "error-page"


class Rendered(StrEnum):
    """Whether an exposed value appears in the page's visible text."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class Severity(StrEnum):
    """How bad a finding is; ordered so that gating (`--fail-on`) can compare."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """Return the order of this severity, low = 0."""
        return _SEVERITY_ORDER.index(self)


_SEVERITY_ORDER = (Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL)


class ArtifactKind(StrEnum):
    """What capture recorded; extractors dispatch on it and decide the surfaces."""

    RESPONSE = "response"
    """A response body the browser received (JSON, HTML, JS, …)."""
    DOM_SNAPSHOT = "dom-snapshot"
    """The settled page's DOM, hidden elements marked ``data-leakcheck-hidden``."""
    VISIBLE_TEXT = "visible-text"
    """What a person sees: ``document.body.innerText``."""
    STORAGE = "storage"
    """localStorage and sessionStorage as JSON ``{"localStorage": {...}, ...}``."""
    COOKIES = "cookies"
    """The context's cookies as a JSON list."""
    OUTGOING_REQUEST = "outgoing-request"
    """A request the page sent (its body in ``request_body``)."""
    WEBSOCKET_FRAME = "websocket-frame"
    """One WebSocket frame; ``meta["direction"]`` is ``received`` or ``sent``."""
    EVENT_STREAM_MESSAGE = "event-stream-message"
    """One Server-Sent Events message; ``meta["event"]`` is its event name."""


@dataclass(frozen=True, slots=True)
class Artifact:
    """One thing the browser received or sent, with where it came from."""

    role: str
    """The role whose browser received it."""
    page: str
    """The URL of the page being visited when it arrived."""
    kind: ArtifactKind
    """What was recorded; extractors dispatch on it."""
    url: str | None
    """The URL of the response or request; None for page snapshots (DOM, storage)."""
    content_type: str
    """The media type as received (``application/json``, ``text/html``, …)."""
    body: str
    """The decoded text body; binary bodies never become artifacts (they become skips)."""
    status: int | None = None
    """The HTTP status for network artifacts."""
    request_body: str | None = None
    """The request's body (a GraphQL query lives here), credentials removed."""
    method: str | None = None
    """The HTTP method for network artifacts."""
    request_headers: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)
    """Request headers without credentials, kept so a later stage can replay the request."""
    meta: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)
    """Surface-specific provenance (GraphQL operation name, storage area, receiver origin)."""


@value_record
class Location:
    """Where a value sits inside an artifact, in the canonical, index-free form.

    ``path`` is what rules, ground truth and fingerprints use (JSONPath with ``[*]``, CSS path,
    storage key, with a decoding chain after ``|``); ``detail`` is the concrete position for a
    human (array indices, a line number) and never enters a fingerprint.
    """

    path: str
    """Canonical index-free location, e.g. ``$.data.case.bids[*].bidder.email``."""
    type_field: str | None = None
    """GraphQL ``Type.field`` when known, e.g. ``Person.email``."""
    detail: str | None = None
    """Concrete location, e.g. ``$.data.case.bids[2].bidder.email`` or ``line 14``."""

    def __str__(self) -> str:
        return f"{self.path} ({self.type_field})" if self.type_field else self.path


@value_record
class Record:
    """An object that encloses an exposed value: row rules are evaluated against it."""

    path: str
    """Canonical path of the object, e.g. ``$.data.case.bids[*]``."""
    type_name: str | None
    """Its GraphQL type (``Bid``) when known."""
    values: Mapping[str, Any] = field(compare=False, hash=False, repr=False)
    """The object itself, as parsed; looked up with dotted keys such as ``bidder.id``."""


@value_record
class Exposure:
    """One value at one location of one surface, seen by one role on one page."""

    role: str
    page: str
    surface: Surface
    url: str | None
    location: Location
    value: str = field(repr=False)
    """The raw value; never printed, only fingerprinted or redacted."""
    key: str | None = None
    """The nearest key name (``bidderEmail``), context for detectors."""
    rendered: Rendered = Rendered.UNKNOWN
    records: tuple[Record, ...] = field(default=(), compare=False, hash=False, repr=False)
    """Enclosing objects, outermost first; row rules look at them."""
    receiver: str | None = None
    """For data sent out: the origin that received it."""


@value_record
class Detection:
    """What a value (or a span of it) is, and which recognizer said so."""

    data_class: str
    """A data class such as ``email``, ``national_id.dk``, ``secret.api_key``, ``canary``."""
    confidence: float
    """0..1; the judge ignores detections under the profile's threshold."""
    recognizer: str
    """The name of the recognizer that fired, for explanations."""
    start: int = 0
    """Span start within the exposure's value."""
    end: int = -1
    """Span end (exclusive) within the value; -1 means the end of the value."""
    matched: str | None = None
    """For a canary: the profile's canary value that matched (also when it was found inside an
    encoding, where the span is the whole value), so the judge applies that canary's owners."""

    def whole(self) -> Detection:
        """Return this detection over the whole value (``0, -1``), all else kept."""
        return Detection(self.data_class, self.confidence, self.recognizer, 0, -1, self.matched)

    def span(self, value: str) -> str:
        """Return the detected part of ``value``."""
        return value[self.start : len(value) if self.end < 0 else self.end]


@dataclass(frozen=True, slots=True)
class Finding:
    """An exposure the role is not entitled to, ready for reporting (no raw values)."""

    rule: str
    """Stable rule code, e.g. ``LC101``."""
    severity: Severity
    role: str
    page: str
    surface: Surface
    url: str | None
    location: Location
    data_classes: tuple[str, ...]
    evidence: str
    """Redacted preview (or the value itself under ``--reveal``)."""
    fingerprint: str
    """Keyed hash that survives re-runs: rule, role, page path, surface, location, value."""
    value_digest: str
    """Keyed hash of the normalized value alone (for matching against known values)."""
    rendered: Rendered
    message: str
    """One sentence saying why this is a finding."""
    receiver: str | None = None
    recognizers: tuple[str, ...] = ()
    occurrences: int = 1
    """How many times the same fingerprint was seen (repeated requests, repeated rows)."""


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A URL that what the role received points at (a source map, a linked document)."""

    url: str
    page: str
    """The page whose artifacts named it."""
    kind: str
    """``source-map`` or ``linked-document``: becomes the fetched artifact's ``fetched`` meta."""


@dataclass(frozen=True, slots=True)
class Skip:
    """Something that was asked for but not covered, and why (stated in every report)."""

    role: str
    what: str
    """The page URL, artifact URL or stage that was skipped."""
    reason: str
    shortfall: bool = True
    """False for deliberate choices (a logout link not followed): they do not make a run
    incomplete, but the report still lists them."""
