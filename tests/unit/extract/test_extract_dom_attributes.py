"""State serialised into attributes (Inertia, Livewire, Astro) is walked leaf by leaf."""

from __future__ import annotations

import base64
import html
import json

from leakcheck.extract.dom import extract_dom
from leakcheck.models import Artifact, ArtifactKind, Surface

USER = {"id": 7, "name": "Bo Hansen", "email": "bo@example.dk", "cpr": "010190-1234"}


def attributes(markup: str) -> dict[str, tuple[str, str | None]]:
    body = f"<html><body>{markup}</body></html>"
    artifact = Artifact(
        "buyer", "https://x.dk/", ArtifactKind.DOM_SNAPSHOT, None, "text/html", body
    )
    found = extract_dom(artifact)
    assert all(e.surface is Surface.DOM_HIDDEN for e in found if "@" in e.location.path)
    return {e.location.path: (e.value, e.key) for e in found if "@" in e.location.path}


def quoted(document: object) -> str:
    return html.escape(json.dumps(document), quote=True)


def test_inertia_page_props_are_leaves_not_one_json_text() -> None:
    page = {"component": "Cases/Show", "props": {"auth": {"user": USER}}, "url": "/cases/1"}
    found = attributes(f'<div id="app" data-page="{quoted(page)}"></div>')
    assert found["div#app@data-page|json:$.props.auth.user.cpr"] == ("010190-1234", "cpr")
    assert found["div#app@data-page|json:$.props.auth.user.email"] == ("bo@example.dk", "email")
    assert "div#app@data-page" not in found  # the document itself is its leaves


def test_livewire_snapshots_and_astro_islands() -> None:
    snapshot = {"data": {"bidder": [USER, {"s": "arr"}]}, "memo": {"name": "bids"}}
    astro = {"user": [0, {"email": [0, USER["email"]]}]}
    found = attributes(
        f'<div id="bids" wire:snapshot="{quoted(snapshot)}"></div>'
        f'<astro-island id="card" props="{quoted(astro)}"></astro-island>'
    )
    assert found["div#bids@wire:snapshot|json:$.data.bidder[*].email"][0] == "bo@example.dk"
    assert found["astro-island#card@props|json:$.user[*].email[*]"][0] == "bo@example.dk"


def test_encoded_attributes_are_reported_as_themselves_and_decoded() -> None:
    token = base64.b64encode(b"bidder: bo@example.dk").decode()
    found = attributes(f'<span id="t" data-token="{token}"></span>')
    assert found["span#t@data-token"] == (token, "data-token")
    assert found["span#t@data-token|base64"][0] == "bidder: bo@example.dk"


def test_plain_attributes_are_unchanged() -> None:
    found = attributes('<section id="bid-status" data-bidder-email="bo@example.dk"></section>')
    assert found == {"section#bid-status@data-bidder-email": ("bo@example.dk", "data-bidder-email")}
