"""The profile's JSON Schema, published in ``profiles/`` so editors complete and check profiles."""

from __future__ import annotations

import json
from typing import Any

from leakcheck.profile.schema import Profile

SCHEMA_FILE = "leakcheck-profile.schema.json"


def profile_json_schema() -> dict[str, Any]:
    """Return the JSON Schema of a profile (``${...}`` references are plain strings in it)."""
    schema = Profile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "leakcheck profile"
    return schema


def render_schema() -> str:
    return json.dumps(profile_json_schema(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    print(render_schema(), end="")
