"""Committed generated data matches its generator under the Faker the dev extra pins.

Faker's output changes between releases, so ``tests/detect/corpus.jsonl`` and
``fixtures/estate/names_da.json`` are generated once and committed. Their regeneration checks
(``test_corpus_is_the_generators_output`` and the names check here) only mean something with the
Faker that wrote them, so ``pyproject.toml`` pins exactly that version in the ``dev`` extra.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from tests.detect.corpus_gen import FAKER_VERSION

REPO = Path(__file__).resolve().parents[1]
NAMES = REPO / "fixtures" / "estate" / "names_da.json"


def test_dev_extra_pins_the_faker_that_wrote_the_committed_data() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    fakers = [
        requirement
        for requirement in project["optional-dependencies"]["dev"]
        if requirement.lower().startswith("faker")
    ]
    assert fakers == [f"Faker=={FAKER_VERSION}"]
    assert not any(r.lower().startswith("faker") for r in project["dependencies"])
    assert json.loads(NAMES.read_text(encoding="utf-8"))["faker_version"] == FAKER_VERSION


def test_installed_faker_is_the_pinned_one() -> None:
    """A dev install (``make install``) brings the pinned Faker, so no regeneration check skips."""
    faker = pytest.importorskip("faker", reason="Faker comes with the dev extra")
    assert faker.VERSION == FAKER_VERSION, "reinstall the dev extra: pip install -e '.[dev]'"


def test_danish_names_are_the_generators_output() -> None:
    faker = pytest.importorskip("faker", reason="Faker comes with the dev extra")
    if faker.VERSION != FAKER_VERSION:
        pytest.skip(f"names pinned to Faker {FAKER_VERSION}, {faker.VERSION} installed")
    from fixtures.make_names_da import build

    assert build() == json.loads(NAMES.read_text(encoding="utf-8"))
