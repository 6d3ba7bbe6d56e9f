"""The settled DOM -> exposures: visible text, hidden text, attributes and HTML comments.

Capture marks every element the browser does not display with ``data-leakcheck-hidden``
(computed style, not guesswork), so this module stays a pure function of the HTML snapshot.
Locations are short CSS paths: from the nearest ancestor with an id, bare tag names, no indices.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from bs4 import BeautifulSoup, Comment, Tag
from bs4.element import NavigableString

from leakcheck.extract.decode import decode_once, decode_value
from leakcheck.models import Artifact, Exposure, Location, Rendered, Surface

HIDDEN_MARK = "data-leakcheck-hidden"
"""Attribute capture sets on elements that are not displayed; never reported itself."""

_SKIP_TEXT_IN = frozenset({"script", "style", "noscript", "template", "head", "title"})
_REPORTED_ATTRIBUTES = frozenset(
    {"value", "title", "alt", "content", "placeholder", "aria-label"}
    # Component state that frameworks serialise into markup: Astro islands, Livewire, Alpine.
    | {"props", "wire:snapshot", "wire:initial-data", "x-data"}
)
"""Besides ``data-*`` (Inertia's ``data-page``, …): attributes that carry values, not layout."""


def css_path(element: Tag) -> str:
    """Return the short, index-free CSS path of an element."""
    steps: list[str] = []
    node: Tag | None = element
    while node is not None and node.name not in ("[document]", "html"):
        element_id = node.get("id")
        if isinstance(element_id, str) and element_id:
            steps.append(f"{node.name}#{element_id}")
            break
        steps.append(node.name)
        if node.name in ("body", "head"):
            break
        node = node.parent if isinstance(node.parent, Tag) else None
    return " > ".join(reversed(steps)) or "html"


def _is_hidden(element: Tag) -> bool:
    node: Tag | None = element
    while node is not None:
        if node.has_attr(HIDDEN_MARK):
            return True
        node = node.parent if isinstance(node.parent, Tag) else None
    return False


def _reported_attribute(name: str) -> bool:
    return (name.startswith("data-") and name != HIDDEN_MARK) or name in _REPORTED_ATTRIBUTES


def _attribute(
    make: Callable[[Surface, str, str, str | None], Exposure], at: str, value: str, name: str
) -> Iterator[Exposure]:
    """Yield an attribute's value and what it holds, decoded (``@data-page|json:$.props.user``).

    A JSON document is reported by its leaves only, as network JSON is; a JWT, base64 or a
    query string also as itself.
    """
    document = decode_once(value)
    for index, (path, decoded, key) in enumerate(decode_value(value, at, name)):
        if index == 0 and document is not None and document[0] == "json":
            continue
        yield make(Surface.DOM_HIDDEN, path, decoded, key)


def extract_dom(artifact: Artifact) -> list[Exposure]:
    """Return the exposures of one DOM snapshot."""
    soup = BeautifulSoup(artifact.body, "html.parser")
    return list(_walk(artifact, soup))


def extract_source(artifact: Artifact) -> list[Exposure]:
    """Return what a page's HTML source holds that needs no rendering to judge: comments and
    attribute values (``data-*``, ``value``, …, never shown as text). Whether an element's text
    is hidden depends on computed style, which only the live DOM has."""
    return list(_walk(artifact, BeautifulSoup(artifact.body, "html.parser"), with_text=False))


def _walk(artifact: Artifact, soup: BeautifulSoup, with_text: bool = True) -> Iterator[Exposure]:
    """Yield comments, attribute values and (with ``with_text``) element text."""

    def make(surface: Surface, path: str, value: str, key: str | None) -> Exposure:
        rendered = Rendered.YES if surface is Surface.DOM_VISIBLE else Rendered.NO
        return Exposure(
            role=artifact.role,
            page=artifact.page,
            surface=surface,
            url=None,
            location=Location(path=path),
            value=value,
            key=key,
            rendered=rendered,
        )

    for node in soup.descendants:
        if isinstance(node, Comment):
            parent = node.parent if isinstance(node.parent, Tag) else None
            text = str(node).strip()
            if text and parent is not None:
                yield make(Surface.HTML_COMMENT, f"{css_path(parent)}::comment", text, None)
        elif isinstance(node, NavigableString):
            if not with_text:
                continue
            parent = node.parent if isinstance(node.parent, Tag) else None
            text = " ".join(str(node).split())
            if not text or parent is None or parent.name in _SKIP_TEXT_IN:
                continue
            if any(p.name in _SKIP_TEXT_IN for p in parent.parents if isinstance(p, Tag)):
                continue
            surface = Surface.DOM_HIDDEN if _is_hidden(parent) else Surface.DOM_VISIBLE
            # No key: element ids name layout (``release-note``, ``footnote``), not data, and
            # as key context they turned UI text into "notes". Attribute names stay keys.
            yield make(surface, css_path(parent), text, None)
        elif isinstance(node, Tag):
            for name, raw in node.attrs.items():
                if not _reported_attribute(name):
                    continue
                value = (" ".join(raw) if isinstance(raw, list) else str(raw)).strip()
                if value:
                    yield from _attribute(make, f"{css_path(node)}@{name}", value, name)
