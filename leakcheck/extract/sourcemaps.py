"""Source maps -> exposures: string literals of the original sources in ``sourcesContent``.

A map shipped to production often embeds the unminified sources, including code and settings
that the bundler left out of the bundle itself (database credentials in a config module). Each
literal is located as ``<source>:<name>``, with the bundler's prefixes removed from the source
name so that locations do not depend on the bundler (``webpack:///./src/config.js`` ->
``src/config.js``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from leakcheck.extract.scripts import is_reportable, js_literals
from leakcheck.models import Artifact, Exposure, Location, Skip, Surface

MAX_MAP_BYTES = 50 * 1024 * 1024
"""Maps above this are skipped with a reason rather than parsed (memory bounds it)."""
MAX_SECTION_DEPTH = 8
"""Index maps may nest; deeper nesting than this is not a real bundler's output."""

_BUNDLER_PREFIX = re.compile(r"^(?:webpack|webpack-internal|turbopack)://[^/]*/")
"""``webpack://<namespace>/``: the namespace (often empty) is the bundler's, not the site's."""


def source_name(raw: str) -> str:
    """Return a source's canonical name: ``webpack:///./src/a.js`` or ``/src/a.js`` is ``src/a.js``.

    Only the bundler's scheme and leading ``./`` and ``/`` go: ``../`` stays, because it says the
    file lives outside the project root.
    """
    name = _BUNDLER_PREFIX.sub("", raw, count=1)
    while name.startswith(("./", "/")):
        name = name[2:] if name.startswith("./") else name[1:]
    return name or raw


def extract_source_map(artifact: Artifact) -> tuple[list[Exposure], list[Skip]]:
    """Return the exposures of one source map; a map that cannot be read becomes a skip."""
    what = artifact.url or artifact.page

    def skip(reason: str) -> tuple[list[Exposure], list[Skip]]:
        return [], [Skip(role=artifact.role, what=what, reason=reason)]

    size = len(artifact.body)
    if size > MAX_MAP_BYTES:
        return skip(f"source map of {size:,} bytes exceeds the {MAX_MAP_BYTES:,} byte limit")
    text = artifact.body.lstrip("\ufeff")
    if text.startswith(")]}"):  # the spec allows an XSSI prefix line
        text = text.split("\n", 1)[1] if "\n" in text else ""
    try:
        document = json.loads(text)
    except ValueError as exc:
        return skip(f"malformed source map JSON ({exc.__class__.__name__}: {exc})")
    except RecursionError:
        return skip("source map JSON nested too deeply to parse")
    maps, url_sections = _plain_maps(document)
    skips: list[Skip] = []
    if url_sections:
        skips.append(
            Skip(
                role=artifact.role,
                what=what,
                reason=f"index map refers to {url_sections} section map(s) by URL; not fetched",
            )
        )
    if not maps:
        if url_sections:
            return [], skips
        return skip("JSON is not a source map (no 'sources' or 'sections')")
    sources = [pair for plain in maps for pair in _contents(plain)]
    if not sources:
        skips.append(
            Skip(role=artifact.role, what=what, reason="source map has no sourcesContent to scan")
        )
        return [], skips
    exposures = [
        Exposure(
            role=artifact.role,
            page=artifact.page,
            surface=Surface.SOURCE_MAP,
            url=artifact.url,
            location=Location(
                path=f"{source}:{literal.name or 'string'}", detail=f"line {literal.line}"
            ),
            value=literal.value,
            key=literal.name,
        )
        for source, content in sources
        for literal in js_literals(content)
        if is_reportable(literal.value)
    ]
    return exposures, skips


def _plain_maps(document: Any) -> tuple[list[dict[str, Any]], int]:
    """Flatten an index map into its plain maps; also count sections that are only URLs."""
    maps: list[dict[str, Any]] = []
    url_sections = 0
    stack: list[tuple[Any, int]] = [(document, 0)]
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, dict):
            continue
        sections = node.get("sections")
        if isinstance(sections, list) and depth < MAX_SECTION_DEPTH:
            for section in reversed(sections):
                if not isinstance(section, dict):
                    continue
                if isinstance(section.get("map"), dict):
                    stack.append((section["map"], depth + 1))
                elif isinstance(section.get("url"), str):
                    url_sections += 1
        elif isinstance(node.get("sources"), list):
            maps.append(node)
    return maps, url_sections


def _contents(plain: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Yield ``(canonical source name, content)`` for every source whose content is embedded."""
    contents = plain.get("sourcesContent")
    if not isinstance(contents, list):
        return
    sources: list[Any] = plain["sources"]
    for index, content in enumerate(contents):
        if not isinstance(content, str) or not content:
            continue
        raw = sources[index] if index < len(sources) else None
        yield (source_name(raw) if isinstance(raw, str) and raw else f"source-{index}"), content
