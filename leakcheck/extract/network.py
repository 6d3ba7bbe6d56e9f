"""Network JSON and GraphQL responses -> exposures with JSONPath and ``Type.field`` locations."""

from __future__ import annotations

import json
from typing import Any

from graphql import GraphQLSchema

from leakcheck.extract import devalue, flight, multipart
from leakcheck.extract.decode import MAYBE_ENCODED, expand_leaf
from leakcheck.extract.graphql import (
    QueryShape,
    looks_like_graphql,
    request_operations,
    shape_of_query,
)
from leakcheck.extract.jsonpaths import JsonLeaf, visit_json
from leakcheck.extract.media import is_json
from leakcheck.models import Artifact, Exposure, Location, Record, Rendered, Skip, Surface

MAX_JSON_BYTES = 50 * 1024 * 1024
"""Bodies above this are skipped with a reason rather than parsed (memory, not time, bounds it)."""


class Unparseable(Exception):
    """A body that claims to be JSON but is not; the message is the skip reason."""


def parse_json_body(artifact: Artifact) -> Any:
    """Parse a JSON body, raising ``Unparseable`` with a one-line reason."""
    size = len(artifact.body)
    if size > MAX_JSON_BYTES:
        raise Unparseable(f"JSON body of {size:,} bytes exceeds the {MAX_JSON_BYTES:,} byte limit")
    text = artifact.body.lstrip("\ufeff")
    if text.startswith(")]}'"):  # XSSI prefix used by some frameworks
        text = text.split("\n", 1)[1] if "\n" in text else ""
    try:
        return json.loads(text)
    except ValueError as exc:
        raise Unparseable(f"malformed JSON ({exc.__class__.__name__}: {exc})") from None
    except RecursionError:
        raise Unparseable("JSON nested too deeply to parse") from None


def _over_limit(artifact: Artifact, what: str) -> Skip | None:
    """A skip for a body over ``MAX_JSON_BYTES`` (``what``: "flight", "multipart", …)."""
    size = len(artifact.body)
    if size <= MAX_JSON_BYTES:
        return None
    reason = f"{what} body of {size:,} bytes exceeds the {MAX_JSON_BYTES:,} byte limit"
    return Skip(role=artifact.role, what=artifact.url or artifact.page, reason=reason)


def _surface(artifact: Artifact, answered: Surface) -> Surface:
    """Return ``answered``, or ``error-page`` for a response with an error status."""
    return (
        Surface.ERROR_PAGE if artifact.status is not None and artifact.status >= 400 else answered
    )


def extract_network(
    artifact: Artifact, schema: GraphQLSchema | None = None
) -> tuple[list[Exposure], list[Skip]]:
    """Turn one JSON response into exposures; a body that cannot be read becomes a skip.

    With the API's GraphQL ``schema``, objects without ``__typename`` are typed by the query.
    """
    try:
        document = parse_json_body(artifact)
    except Unparseable as exc:
        return [], [Skip(role=artifact.role, what=artifact.url or artifact.page, reason=str(exc))]
    is_graphql = looks_like_graphql(artifact.url, artifact.request_body, document)
    surface = _surface(artifact, Surface.NETWORK_GRAPHQL if is_graphql else Surface.NETWORK_JSON)
    if not is_graphql:
        framework = devalue.payload_kind(artifact.url)
        if framework in ("nuxt", "sveltekit"):
            return _devalue_exposures(artifact, surface, document, framework), []
        return _walk_exposures(artifact, surface, document), []
    operations = request_operations(artifact.request_body)
    results = document if isinstance(document, list) else [document]
    out: list[Exposure] = []
    for position, result in enumerate(results):  # a batch: each result with its own query
        query, name = operations[position] if position < len(operations) else (None, None)
        shape = shape_of_query(query, name, schema) if query else None
        out.extend(_walk_exposures(artifact, surface, result, shape, graphql=True))
    return out, []


def extract_turbo_stream(artifact: Artifact) -> tuple[list[Exposure], list[Skip]]:
    """Turn a React Router 7 / Remix ``.data`` response (turbo-stream) into exposures.

    Unflattened first (see ``devalue``), so values keep their keys; located as
    ``$|turbo-stream:<jsonpath>``. A body that is not turbo-stream is a recorded skip.
    """
    too_large = _over_limit(artifact, "turbo-stream")
    if too_large is not None:
        return [], [too_large]
    try:
        tree = devalue.turbo_stream(artifact.body.lstrip("\ufeff"))
    except devalue.NotDevalue as exc:
        what = artifact.url or artifact.page
        return [], [Skip(role=artifact.role, what=what, reason=f"malformed turbo-stream ({exc})")]
    surface = _surface(artifact, Surface.NETWORK_JSON)
    return _walk_exposures(artifact, surface, tree, root=f"$|{devalue.TURBO_STEP}:$"), []


def extract_multipart(
    artifact: Artifact, schema: GraphQLSchema | None = None
) -> tuple[list[Exposure], list[Skip]]:
    """Turn a ``multipart/mixed`` response into exposures: each JSON part, and for GraphQL each
    deferred or streamed fragment at the path it belongs to (see ``multipart``)."""
    too_large = _over_limit(artifact, "multipart")
    if too_large is not None:
        return [], [too_large]
    what = artifact.url or artifact.page
    split = multipart.parts(artifact.body, artifact.content_type)
    if split is None:
        return [], [Skip(role=artifact.role, what=what, reason="multipart body without a boundary")]
    operations = request_operations(artifact.request_body)
    query, name = operations[0] if operations else (None, None)
    shape = shape_of_query(query, name, schema) if query else None
    graphql = query is not None or "graphql" in (artifact.url or "").lower()
    surface = _surface(artifact, Surface.NETWORK_GRAPHQL if graphql else Surface.NETWORK_JSON)
    pending: dict[str, Any] = {}
    out: list[Exposure] = []
    problems: list[str] = []
    for number, part in enumerate(split, 1):
        if part.content_type and not is_json(part.content_type):
            problems.append(f"part {number} is {part.content_type}")
            continue
        try:
            payload = json.loads(part.body)
        except (ValueError, RecursionError) as exc:
            problems.append(f"part {number}: malformed JSON ({exc.__class__.__name__})")
            continue
        if not graphql:
            out.extend(_walk_exposures(artifact, surface, payload))
            continue
        for placed in multipart.placed_results(payload, pending):
            out.extend(
                _walk_exposures(
                    artifact,
                    surface,
                    placed.document,
                    shape,
                    graphql=True,
                    root=placed.root,
                    detail_root=placed.detail_root,
                )
            )
    if not problems:
        return out, []
    reason = f"{len(problems)} multipart part(s) not read, e.g. {problems[0]}"
    return out, [Skip(role=artifact.role, what=what, reason=reason)]


FLIGHT_MEDIA_TYPE = "text/x-component"
"""What a Next.js App Router server answers a client navigation or a link prefetch with."""


def extract_flight_response(artifact: Artifact) -> tuple[list[Exposure], list[Skip]]:
    """Turn a React Server Components response (``?_rsc=`` fetches) into exposures.

    Next.js prefetches the pages a page links to, so these carry other pages' props before
    anyone opens them. Rows are parsed as in the page's own ``self.__next_f`` (see ``flight``);
    JSON rows are located as ``flight|json:<jsonpath>``, text rows as ``flight|text``.
    """
    too_large = _over_limit(artifact, "flight")
    if too_large is not None:
        return [], [too_large]
    rows, problems = flight.parse_rows(artifact.body)
    surface = Surface.NETWORK_JSON
    out: list[Exposure] = []
    for row in rows:
        detail = f"flight|row:{row.row_id}"
        if row.text is not None:
            location = Location("flight|text", None, f"{detail}|text")
            out.append(
                Exposure(artifact.role, artifact.page, surface, artifact.url, location, row.text)
            )
        else:
            root, detail_root = "flight|json:$", f"{detail}|json:$"
            out.extend(
                _walk_exposures(artifact, surface, row.document, root=root, detail_root=detail_root)
            )
    if not problems:
        return out, []
    reason = f"{len(problems)} flight row(s) not read, e.g. {problems[0]}"
    return out, [Skip(role=artifact.role, what=artifact.url or artifact.page, reason=reason)]


def _devalue_exposures(
    artifact: Artifact, surface: Surface, document: Any, framework: str
) -> list[Exposure]:
    """Walk a Nuxt ``_payload.json`` or SvelteKit ``__data.json`` unflattened (see ``devalue``).

    What is not valid devalue is walked as plain JSON, as is the rest of a SvelteKit result.
    """
    if framework == "nuxt":
        try:
            tree = devalue.unflatten(document)
        except devalue.NotDevalue:
            return _walk_exposures(artifact, surface, document)
        return _walk_exposures(artifact, surface, tree, root=f"$|{devalue.DEVALUE_STEP}:$")
    nodes = devalue.sveltekit_nodes(document)
    if not nodes:
        return _walk_exposures(artifact, surface, document)
    rest = dict(document)
    rest["nodes"] = list(document["nodes"])
    out: list[Exposure] = []
    for position, data in nodes:
        try:
            tree = devalue.unflatten(data)
        except devalue.NotDevalue:
            continue  # left in ``rest``, walked as it is
        rest["nodes"][position] = {k: v for k, v in rest["nodes"][position].items() if k != "data"}
        root = f"$.nodes[*].data|{devalue.DEVALUE_STEP}:$"
        detail = f"$.nodes[{position}].data|{devalue.DEVALUE_STEP}:$"
        out.extend(_walk_exposures(artifact, surface, tree, root=root, detail_root=detail))
    return _walk_exposures(artifact, surface, rest) + out


def _walk_exposures(
    artifact: Artifact,
    surface: Surface,
    document: Any,
    shape: QueryShape | None = None,
    *,
    graphql: bool = False,
    root: str = "$",
    detail_root: str | None = None,
) -> list[Exposure]:
    """Return an exposure for every leaf of ``document`` and every leaf its values encode.

    Built straight from the walk (``visit_json``), with ``Type.field`` names cached per
    (path, type, key): this is the surface whose payloads reach tens of megabytes. For
    GraphQL, ``__typename`` values (schema, not data) are left out and fields are named by
    the query's ``shape``.
    """
    role, page, url = artifact.role, artifact.page, artifact.url
    maybe_encoded = MAYBE_ENCODED.search
    type_fields: dict[tuple[str, str | None, str | None], str | None] = {}
    out: list[Exposure] = []
    append = out.append
    unknown = Rendered.UNKNOWN

    def sink(
        path: str, detail: str, key: str | None, value: str, records: tuple[Record, ...]
    ) -> None:
        if graphql and key == "__typename":
            return  # type names are schema, not data
        if maybe_encoded(value) is not None:
            for leaf in expand_leaf(JsonLeaf(path, detail, key, value, records)):
                if not graphql:
                    append(_exposure(artifact, surface, leaf))
                elif leaf.key != "__typename":
                    append(_exposure(artifact, surface, leaf, _type_field(leaf, shape)))
            return
        type_field = None
        if graphql and records and records[-1].type_name is not None:
            facts = (path, records[-1].type_name, key)
            try:
                type_field = type_fields[facts]
            except KeyError:
                leaf = JsonLeaf(path, detail, key, value, records)
                type_field = type_fields[facts] = _type_field(leaf, shape)
        location = Location(path, type_field, detail)
        append(Exposure(role, page, surface, url, location, value, key, unknown, records))

    visit_json(document, sink, root, shape.type_of if shape else None, detail_root)
    return out


def _exposure(
    artifact: Artifact, surface: Surface, leaf: JsonLeaf, type_field: str | None = None
) -> Exposure:
    return Exposure(
        role=artifact.role,
        page=artifact.page,
        surface=surface,
        url=artifact.url,
        location=Location(path=leaf.path, type_field=type_field, detail=leaf.detail),
        value=leaf.value,
        key=leaf.key,
        records=leaf.records,
    )


def _type_field(leaf: JsonLeaf, shape: QueryShape | None) -> str | None:
    """Return ``Type.field`` for a leaf whose enclosing object's type is known."""
    parent = leaf.records[-1] if leaf.records else None
    if parent is None or not parent.type_name or leaf.key is None:
        return None
    field_path = leaf.path
    while field_path.endswith("[*]"):
        field_path = field_path.removesuffix("[*]")
    field_name = shape.field_name(field_path, leaf.key) if shape else leaf.key
    return f"{parent.type_name}.{field_name}"
