"""Shapes met on the estate scan that the first detector missed (values made up here)."""

from __future__ import annotations

import pytest

from leakcheck.detect import Detector
from leakcheck.models import Exposure, Location, Surface


def classes_of(value: str, key: str | None, surface: Surface, path: str) -> set[str]:
    exposure = Exposure("r", "p", surface, None, Location(path), value, key=key)
    return {d.data_class for d in Detector().detect([exposure])[0]}


@pytest.mark.parametrize(
    ("value", "key", "expected"),
    [
        ("+45 39 10 20 30", "phone", {"phone"}),  # a range phonenumbers does not list
        ("+46 8 123 456 78", "mobile", {"phone"}),
        ("39102030", "amount", set()),
        ("+45 39 10 20 30 40 50 60 70", "phone", set()),  # too many digits
    ],
)
def test_phone_by_key_even_outside_known_numbering_ranges(
    value: str, key: str, expected: set[str]
) -> None:
    path = f"$.data.person.{key}"
    assert classes_of(value, key, Surface.NETWORK_JSON, path) == expected


@pytest.mark.parametrize(
    "comment",
    [
        "build 1.2.3: API_HOST=api.corp DB_USER=app DB_PASSWORD=Zx81-kQ2mWv9pLt",
        "release: db_user=app db_password=Zx81-kQ2mWv9pLt",
    ],
)
def test_password_pairs_packed_without_spaces_in_a_comment(comment: str) -> None:
    found = classes_of(comment, None, Surface.HTML_COMMENT, "body::comment")
    assert "secret.password" in found
