"""The crawl frontier: scope, state-changing links, URL shapes and budgets."""

from __future__ import annotations

import pytest

from leakcheck.capture.crawl import CrawlBudget, Frontier, normalize_link, url_shape
from leakcheck.scope import Scope

SCOPE = Scope.of(["http://site:8000"])


def frontier(**budget: float) -> Frontier:
    return Frontier(SCOPE, CrawlBudget(**budget))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("url", "text", "queued"),
    [
        ("http://site:8000/cases", "Cases", True),
        ("http://other:8000/cases", "Partner", False),
        ("http://site:8000/logout", "Bye", False),
        ("http://site:8000/x", "Log out", False),
        ("http://site:8000/account/delete?id=3", "Account", False),
        ("http://site:8000/profile", "Slet konto", False),
        ("mailto:a@b.dk", "Mail", False),
        ("javascript:void(0)", "", False),
    ],
)
def test_only_in_scope_get_navigation_that_changes_nothing(
    url: str, text: str, queued: bool
) -> None:
    f = frontier()
    f.offer(url, text, 1)
    assert (f.next() is not None) is queued


def test_ids_collapse_into_shapes_and_fragments_only_survive_as_routes() -> None:
    assert url_shape("http://s/items/17?case=42&x=a") == url_shape("http://s/items/9?x=a&case=7")
    assert normalize_link("http://s/a#section") == "http://s/a"
    assert normalize_link("http://s/#/cases/3") == "http://s/#/cases/3"
    f = frontier(per_shape=2)
    for n in range(50):
        f.offer(f"http://site:8000/items/{n}", "", 1)
    assert len(f.queue) == 2


@pytest.mark.parametrize(
    ("budget", "visits", "reason"),
    [({"max_pages": 3}, 3, "page budget of 3 reached"), ({"max_seconds": 0.0}, 0, "time budget")],
)
def test_budgets_stop_the_crawl_and_say_why(
    budget: dict[str, float], visits: int, reason: str
) -> None:
    f = frontier(**budget)
    for n in range(10):
        f.offer(f"http://site:8000/page-{n}", "", 1)
    seen = 0
    while f.next() is not None:
        seen += 1
    assert seen == visits
    assert f.stopped is not None and reason in f.stopped


def test_depth_budget() -> None:
    f = frontier(max_depth=2)
    f.offer("http://site:8000/a", "", 2)
    f.offer("http://site:8000/b", "", 3)
    assert [url for url, _ in f.queue] == ["http://site:8000/a"]
