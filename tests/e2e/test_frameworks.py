"""State in flattened forms (devalue: Nuxt 3, SvelteKit; turbo-stream: React Router 7), captured
by a real Chromium: its values are judged with their keys and reported at locations a rule can
name."""

from __future__ import annotations

from pathlib import Path

import pytest

from leakcheck.models import Surface
from leakcheck.pipeline import ScanOptions, scan
from leakcheck.profile import parse_profile
from leakcheck.redact import Redactor
from leakcheck.result import ScanResult

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def framework_scan(crawl_urls: dict[str, str]) -> ScanResult:
    text = f"""\
name: frameworks
target: {{url: "{crawl_urls["site"]}"}}
policy: {{page_timeout_s: 10, settle_ms: 300}}
roles:
  visitor:
    pages: [/nuxt/case, /kit/case, /rr/case, /defer/case, /text/case, /sse/case, /idb/case]
"""
    profile = parse_profile(text, ROOT / "frameworks.yaml", {})
    return scan(profile, Redactor(b"k"), ScanOptions(follow_links=False), None)


def found(result: ScanResult) -> dict[tuple[Surface, str], set[str]]:
    out: dict[tuple[Surface, str], set[str]] = {}
    for f in result.findings:
        out.setdefault((f.surface, f.location.path), set()).update(f.data_classes)
    return out


def test_nuxt_payload_in_the_page_and_over_the_network(framework_scan: ScanResult) -> None:
    located = found(framework_scan)
    inline = "script#__NUXT_DATA__|devalue:$.data.case.topBid.bidder"
    assert located[(Surface.INLINE_STATE, f"{inline}.fullName")] == {"person_name"}
    assert located[(Surface.INLINE_STATE, f"{inline}.cpr")] == {"national_id.dk"}
    assert located[(Surface.INLINE_STATE, f"{inline}.email")] == {"email"}
    network = "$|devalue:$.data.case.topBid.bidder"
    assert located[(Surface.NETWORK_JSON, f"{network}.fullName")] == {"person_name"}
    assert located[(Surface.NETWORK_JSON, f"{network}.cpr")] == {"national_id.dk"}


def test_sveltekit_data_nodes(framework_scan: ScanResult) -> None:
    located = found(framework_scan)
    bids = "$.nodes[*].data|devalue:$.bids[*]"
    assert located[(Surface.NETWORK_JSON, f"{bids}.bidder.name")] == {"person_name"}
    assert located[(Surface.NETWORK_JSON, f"{bids}.bidder.phone")] == {"phone"}
    assert located[(Surface.NETWORK_JSON, f"{bids}.agentNote")] == {"free_text.note"}


def test_react_router_stream_in_the_page_and_over_the_network(framework_scan: ScanResult) -> None:
    located = found(framework_scan)
    data = "|turbo-stream:$['routes/case'].data"
    inline = f"window.__reactRouterContext{data}"
    assert located[(Surface.INLINE_STATE, f"{inline}.topBid.bidder.fullName")] == {"person_name"}
    assert located[(Surface.INLINE_STATE, f"{inline}.topBid.bidder.cpr")] == {"national_id.dk"}
    assert located[(Surface.INLINE_STATE, f"{inline}.history[*].email")] == {"email"}
    assert located[(Surface.NETWORK_JSON, f"${data}.topBid.bidder.fullName")] == {"person_name"}
    assert located[(Surface.NETWORK_JSON, f"${data}.history[*].email")] == {"email"}


def test_graphql_deferred_fragment_at_its_path(framework_scan: ScanResult) -> None:
    located = found(framework_scan)
    bidder = "$.data.case.topBid.bidder"
    assert located[(Surface.NETWORK_GRAPHQL, f"{bidder}.fullName")] == {"person_name"}
    assert located[(Surface.NETWORK_GRAPHQL, f"{bidder}.email")] == {"email"}


def test_xml_and_csv_fetched_by_the_page(framework_scan: ScanResult) -> None:
    located = found(framework_scan)
    attendee = "xml:$.viewings.viewing.attendee"
    assert located[(Surface.NETWORK_TEXT, f"{attendee}.fullName")] == {"person_name"}
    assert located[(Surface.NETWORK_TEXT, f"{attendee}.phone")] == {"phone"}
    assert located[(Surface.NETWORK_TEXT, "csv:email")] == {"email"}


def test_indexeddb_records_and_what_was_not_read(framework_scan: ScanResult) -> None:
    located = found(framework_scan)
    bidder = "indexedDB:estate-cache/bids|json:$[*].bidder"
    assert located[(Surface.WEB_STORAGE, f"{bidder}.fullName")] == {"person_name"}
    assert located[(Surface.WEB_STORAGE, f"{bidder}.cpr")] == {"national_id.dk"}
    assert located[(Surface.WEB_STORAGE, f"{bidder}.email")] == {"email"}
    assert [s.reason for s in framework_scan.skips] == [
        "IndexedDB estate-cache/log: first 2000 of 2500 records read"
    ]


def test_server_sent_events_of_a_stream_still_open(framework_scan: ScanResult) -> None:
    located = found(framework_scan)
    bidder = "sse:bid|json:$.bidder"
    assert located[(Surface.NETWORK_JSON, f"{bidder}.fullName")] == {"person_name"}
    assert located[(Surface.NETWORK_JSON, f"{bidder}.email")] == {"email"}


def test_no_finding_at_an_anonymous_array_position(framework_scan: ScanResult) -> None:
    paths = {f.location.path for f in framework_scan.findings}
    assert not any(p.endswith("[*]") and "|" not in p for p in paths), sorted(paths)


def test_indexeddb_of_a_later_page_in_the_same_wave_stays_with_it(
    crawl_urls: dict[str, str],
) -> None:
    """Two pages load together; only the second writes IndexedDB. The first page's snapshot
    must not hold it, as when pages are visited one at a time."""
    text = f"""\
name: waves
target: {{url: "{crawl_urls["site"]}"}}
policy: {{page_timeout_s: 10, settle_ms: 500, page_concurrency: 2}}
roles:
  visitor:
    pages: [/section/a, /idb/case]
"""
    profile = parse_profile(text, ROOT / "waves.yaml", {})
    result = scan(profile, Redactor(b"k"), ScanOptions(follow_links=False), None)
    stored = [f for f in result.findings if f.location.path.startswith("indexedDB:")]
    assert stored and {f.page.removeprefix(crawl_urls["site"]) for f in stored} == {"/idb/case"}
    assert [s.what.removeprefix(crawl_urls["site"]) for s in result.skips] == ["/idb/case"]
