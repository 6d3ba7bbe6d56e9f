"""With the API's schema, GraphQL objects without ``__typename`` still get ``Type.field``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from graphql import build_schema, get_introspection_query, graphql_sync

from leakcheck.cli import main
from leakcheck.extract.graphql import SchemaError, load_schema
from leakcheck.extract.network import extract_network
from leakcheck.models import Artifact, ArtifactKind

SDL = """
schema { query: RootQuery }
type RootQuery { case(id: ID!): Case  node(id: ID!): Node }
interface Node { id: ID! }
type Case implements Node { id: ID!  title: String  bids: [Bid!]!  agent: Person }
type Bid { amount: Int  bidder: Person! }
type Person implements Node { id: ID!  name: String  email: String }
"""
QUERY = """query CaseBids($id: ID!) {
  case(id: $id) { title bids { amount buyer: bidder { ...who } } agent { email } }
  node(id: $id) { ... on Person { email } }
}
fragment who on Person { name email }"""
RESPONSE = {
    "data": {
        "case": {
            "title": "Villa",
            "bids": [{"amount": 2350000, "buyer": {"name": "Bo", "email": "bo@x.dk"}}],
            "agent": {"email": "agent@x.dk"},
        },
        "node": {"email": "node@x.dk"},
    }
}


def response() -> Artifact:
    """The GraphQL response, at a URL that does not say GraphQL (only the query does)."""
    return Artifact(
        "buyer",
        "https://x.dk/case/1",
        ArtifactKind.RESPONSE,
        "https://x.dk/api",
        "application/json",
        json.dumps(RESPONSE),
        status=200,
        request_body=json.dumps({"query": QUERY, "operationName": "CaseBids"}),
    )


def exposures(schema_text: str | None) -> dict[str, str | None]:
    artifact = response()
    schema = load_schema(schema_text, "schema.graphql") if schema_text else None
    found, skips = extract_network(artifact, schema)
    assert skips == []
    return {e.location.path: e.location.type_field for e in found}


def test_the_schema_types_every_object_of_the_query() -> None:
    assert exposures(SDL) == {
        "$.data.case.title": "Case.title",
        "$.data.case.bids[*].amount": "Bid.amount",
        "$.data.case.bids[*].buyer.name": "Person.name",
        "$.data.case.bids[*].buyer.email": "Person.email",  # aliased, through a fragment
        "$.data.case.agent.email": "Person.email",
        "$.data.node.email": "Person.email",  # an interface, settled by the inline fragment
    }


def test_without_the_schema_only_type_conditions_type_objects() -> None:
    typed = {path: field for path, field in exposures(None).items() if field}
    assert typed == {
        "$.data.case.bids[*].buyer.name": "Person.name",
        "$.data.case.bids[*].buyer.email": "Person.email",
        "$.data.node.email": "Person.email",
    }


def test_an_introspection_result_works_like_sdl() -> None:
    result = graphql_sync(build_schema(SDL), get_introspection_query())
    assert exposures(json.dumps({"data": result.data})) == exposures(SDL)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("type Query { broken(: }", "not a GraphQL schema"),
        ('{"data": {"users": []}}', "JSON without __schema"),
    ],
)
def test_a_schema_that_cannot_be_built_says_why(text: str, reason: str) -> None:
    with pytest.raises(SchemaError, match=reason):
        load_schema(text, "api.graphql")


@pytest.mark.parametrize(
    ("schema_file", "content", "expected"),
    [
        ("missing.graphql", None, "target.graphql_schema: cannot read"),
        ("api.graphql", "type Query { broken(: }", "target.graphql_schema: api.graphql: not a"),
    ],
)
def test_validate_names_a_schema_file_it_cannot_use(
    tmp_path: Path, schema_file: str, content: str | None, expected: str
) -> None:
    if content is not None:
        (tmp_path / schema_file).write_text(content, encoding="utf-8")
    profile = tmp_path / "profile.yaml"
    profile.write_text(
        f"""version: 1
name: typed
target: {{url: "https://x.dk", graphql_schema: {schema_file}}}
roles:
  buyer: {{pages: [{{url: /}}]}}
""",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(profile)])
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_profile_schema_beside_the_profile_types_a_scan_without_typenames(
    tmp_path: Path,
) -> None:
    from leakcheck.capture.session import RoleCapture
    from leakcheck.pipeline import analyze
    from leakcheck.profile import load_profile
    from leakcheck.redact import Redactor

    (tmp_path / "api.graphql").write_text(SDL, encoding="utf-8")
    path = tmp_path / "profile.yaml"
    path.write_text(
        """version: 1
name: typed
target: {url: "https://x.dk", graphql_schema: api.graphql}
roles:
  buyer:
    pages: [{url: /case/1}]
    entitlements:
      allow: [{field: "Case.*", reason: public}, {field: "Bid.amount", reason: offers}]
      deny: [{field: Person.email, data_class: email, reason: contact data of others}]
""",
        encoding="utf-8",
    )
    capture = RoleCapture(
        role="buyer",
        artifacts=[response()],
        pages_requested=["https://x.dk/case/1"],
        pages_visited=["https://x.dk/case/1"],
    )
    result = analyze(load_profile(path), [capture], Redactor(b"k"))
    denied = sorted(f.location.path for f in result.findings if f.rule == "LC101")
    assert denied == [
        "$.data.case.agent.email",
        "$.data.case.bids[*].buyer.email",
        "$.data.node.email",
    ]
