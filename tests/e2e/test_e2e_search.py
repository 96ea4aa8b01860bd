"""A reader finds campaigns, owners, industries and anti-patterns through search."""

from __future__ import annotations

import pytest
from e2e_reader import Watch, search
from e2e_site import Site
from playwright.sync_api import Page

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("Harbour Fair Hamburg", "/campaigns/harbour-fair-2025/", id="campaign-title"),
        pytest.param("Bank Roundtable", "/campaigns/bank-roundtable-2026/", id="campaign-title-words"),
        pytest.param("Wolkenstein", "/campaigns/factory-podcast-2027/", id="owner-name"),
        pytest.param("Lindqvist", "/campaigns/harbour-fair-2025/", id="contributor-name"),
        pytest.param("healthcare", "/campaigns/clinic-webinars-2026/", id="industry"),
        pytest.param("utilities", "/campaigns/grid-outbound-2026/", id="industry-running"),
        pytest.param("Vanity metrics", "/sonicht/vanity-metrics/", id="anti-pattern-title"),
        pytest.param("Thrown over the wall", "/sonicht/thrown-over-the-wall/", id="anti-pattern-title-2"),
        pytest.param("Conference first touch", "/plays/conference-first-touch/", id="play-title"),
    ],
)
def test_search_finds_the_page(basic_site: Site, page: Page, watch: Watch, query: str, expected: str) -> None:
    page.goto(basic_site.url)
    found = search(page, query)
    assert expected in found, f"searching {query!r} listed {found}, not {expected}"
    watch.assert_clean()
