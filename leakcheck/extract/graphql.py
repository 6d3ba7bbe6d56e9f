"""Map GraphQL responses to ``Type.field`` locations.

A response object's type comes from its ``__typename`` or, failing that, from the request's
query: fragments and inline fragments with type conditions, with aliases mapped back to field
names. Persisted queries carry only a hash, so there only ``__typename`` helps.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    parse,
)

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


def shape_of_query(query: str, operation_name: str | None = None) -> QueryShape | None:
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
    shape.types[root] = _ROOT_TYPES[chosen.operation.value]
    seen_fragments: set[tuple[str, str]] = set()

    def visit(selection_set: SelectionSetNode, path: str) -> None:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                child = f"{path}.{key}"
                shape.field_names[child] = selection.name.value
                if selection.selection_set is not None:
                    implied = _single_type_condition(selection.selection_set, fragments)
                    if implied:
                        shape.types.setdefault(child, implied)
                    visit(selection.selection_set, child)
            elif isinstance(selection, InlineFragmentNode):
                visit(selection.selection_set, path)
            elif isinstance(selection, FragmentSpreadNode):
                definition = fragments.get(selection.name.value)
                marker = (path, selection.name.value)
                if definition is not None and marker not in seen_fragments:
                    seen_fragments.add(marker)  # fragments may not recurse, but be safe
                    visit(definition.selection_set, path)

    visit(chosen.selection_set, root)
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
