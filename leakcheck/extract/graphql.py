"""Map GraphQL responses to ``Type.field`` locations.

A response object's type comes from its ``__typename`` or, failing that, from the request's
query: with the API's schema (``target.graphql_schema`` in the profile, SDL or an introspection
result) every field's object type is known; without it, from fragments and inline fragments
with type conditions. Aliases are mapped back to field names. Persisted queries carry only a
hash, so there only ``__typename`` helps.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLNamedType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    build_client_schema,
    build_schema,
    get_named_type,
    is_object_type,
    parse,
)

from leakcheck.errors import error_line

if TYPE_CHECKING:
    from graphql import IntrospectionQuery

_ROOT_TYPES = {"query": "Query", "mutation": "Mutation", "subscription": "Subscription"}


def strip_indices(path: str) -> str:
    """Drop ``[*]`` so that response paths line up with the query's selection paths."""
    return path.replace("[*]", "")


@dataclass
class QueryShape:
    """What a query says about its response: field names behind aliases, and object types."""

    operation_name: str | None = None
    field_names: dict[str, str] = field(default_factory=dict)
    """Index-free response path -> the schema field name (differs when aliased)."""
    types: dict[str, str] = field(default_factory=dict)
    """Index-free response path of an object -> its type name, when the query implies one."""

    def type_of(self, path: str, _node: dict[str, Any]) -> str | None:
        return self.types.get(strip_indices(path))

    def field_name(self, path: str, key: str | None) -> str | None:
        return self.field_names.get(strip_indices(path), key)


def _single_type_condition(
    selection_set: SelectionSetNode, fragments: dict[str, FragmentDefinitionNode]
) -> str | None:
    """Return the type condition when every fragment in a selection names the same type."""
    names: set[str] = set()
    for selection in selection_set.selections:
        if isinstance(selection, InlineFragmentNode) and selection.type_condition:
            names.add(selection.type_condition.name.value)
        elif isinstance(selection, FragmentSpreadNode):
            definition = fragments.get(selection.name.value)
            if definition is not None:
                names.add(definition.type_condition.name.value)
    return names.pop() if len(names) == 1 else None


class SchemaError(ValueError):
    """A schema file that cannot be read or built; the message says which and why."""


def load_schema(text: str, name: str) -> GraphQLSchema:
    """Build a schema from SDL or from an introspection result (``{"data": {"__schema": …}}``).

    ``name`` is the file's name, for the error message.
    """
    stripped = text.lstrip()
    try:
        if stripped.startswith("{"):
            document = json.loads(stripped)
            data = document.get("data", document) if isinstance(document, dict) else None
            if not isinstance(data, dict) or "__schema" not in data:
                raise SchemaError(f"{name}: JSON without __schema (not an introspection result)")
            return build_client_schema(cast("IntrospectionQuery", data))
        return build_schema(text)
    except SchemaError:
        raise
    except (GraphQLError, ValueError, TypeError, KeyError) as exc:
        raise SchemaError(f"{name}: not a GraphQL schema ({error_line(exc)})") from None


def _field_type(parent: GraphQLNamedType | None, field_name: str) -> GraphQLNamedType | None:
    """Return the named type a field of ``parent`` returns, when the schema knows it."""
    fields = getattr(parent, "fields", None)
    definition = fields.get(field_name) if fields else None
    return get_named_type(definition.type) if definition is not None else None


def shape_of_query(
    query: str, operation_name: str | None = None, schema: GraphQLSchema | None = None
) -> QueryShape | None:
    """Parse a query into a ``QueryShape``; None when it does not parse."""
    try:
        document = parse(query)
    except GraphQLError:
        return None
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = next(
        (op for op in operations if op.name and op.name.value == operation_name),
        operations[0] if operations else None,
    )
    if chosen is None:
        return None
    shape = QueryShape(operation_name=chosen.name.value if chosen.name else operation_name)
    root = "$.data"
    root_type: GraphQLNamedType | None = None
    if schema is not None:
        root_type = schema.get_root_type(chosen.operation)
    shape.types[root] = root_type.name if root_type else _ROOT_TYPES[chosen.operation.value]
    seen_fragments: set[tuple[str, str]] = set()

    def condition(name: str) -> GraphQLNamedType | None:
        return schema.get_type(name) if schema is not None else None

    def visit(selection_set: SelectionSetNode, path: str, parent: GraphQLNamedType | None) -> None:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                child = f"{path}.{key}"
                shape.field_names[child] = selection.name.value
                if selection.selection_set is not None:
                    returned = _field_type(parent, selection.name.value)
                    if returned is not None and is_object_type(returned):
                        shape.types[child] = returned.name  # the schema settles it
                    else:
                        implied = _single_type_condition(selection.selection_set, fragments)
                        if implied:
                            shape.types.setdefault(child, implied)
                    visit(selection.selection_set, child, returned)
            elif isinstance(selection, InlineFragmentNode):
                on = selection.type_condition
                visit(selection.selection_set, path, condition(on.name.value) if on else parent)
            elif isinstance(selection, FragmentSpreadNode):
                definition = fragments.get(selection.name.value)
                marker = (path, selection.name.value)
                if definition is not None and marker not in seen_fragments:
                    seen_fragments.add(marker)  # fragments may not recurse, but be safe
                    on_type = condition(definition.type_condition.name.value)
                    visit(definition.selection_set, path, on_type)

    visit(chosen.selection_set, root, root_type)
    return shape


def request_operations(request_body: str | None) -> list[tuple[str | None, str | None]]:
    """Return ``(query, operationName)`` per operation in a (possibly batched) request body."""
    if not request_body:
        return []
    try:
        payload = json.loads(request_body)
    except ValueError:
        return []
    items = payload if isinstance(payload, list) else [payload]
    operations: list[tuple[str | None, str | None]] = []
    for item in items:
        if not isinstance(item, dict):
            operations.append((None, None))
            continue
        query = item.get("query")
        name = item.get("operationName")
        operations.append(
            (query if isinstance(query, str) else None, name if isinstance(name, str) else None)
        )
    return operations


def looks_like_graphql(url: str | None, request_body: str | None, document: Any) -> bool:
    """Decide whether a JSON exchange is GraphQL (by its request, its URL or its response)."""
    if any(query for query, _ in request_operations(request_body)):
        return True
    if url and "graphql" in url.lower():
        return True
    items = document if isinstance(document, list) else [document]
    return bool(items) and all(
        isinstance(i, dict)
        and ("data" in i or "errors" in i)
        and set(i) <= {"data", "errors", "extensions"}
        for i in items
    )
