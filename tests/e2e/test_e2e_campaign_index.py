"""The campaign index: a reader sorts by a column and narrows the table with filters.

Expectations come from ``/api/campaigns.json`` of the same build, and a few
are spelled out from the basic fixture's content, so a wrong export cannot
make a wrong table pass. Every test runs on the basic fixture as MkDocs
builds it and as ``masa build --engine zensical`` builds it (``basic_site_on_each_engine``).
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest
from e2e_reader import Watch
from e2e_site import Site
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

Campaign = dict[str, Any]

#: filter name -> the value(s) a campaign of the export has for it
FILTER_VALUES: dict[str, Callable[[Campaign], set[str]]] = {
    "status": lambda c: {c["status"]},
    "outcome": lambda c: {c["outcome"] or "none"},
    "initiator": lambda c: {c["initiated_by"]},
    "industry": lambda c: {c["industry"] or ""},
    "channel": lambda c: set(c["channels"]),
    "play": lambda c: {c["play"] or ""},
    "year": lambda c: {c["period"]["start"][:4]} if c["period"] else {""},
}

ALL_SLUGS = {
    "harbour-fair-2025",
    "clinic-webinars-2026",
    "bank-roundtable-2026",
    "grid-outbound-2026",
    "factory-podcast-2027",
    "retail-popup-idea",
    "port-mailing-2025",
}


def campaigns_of(site: Site) -> list[Campaign]:
    with urllib.request.urlopen(site.at("api/campaigns.json"), timeout=10) as response:
        campaigns: list[Campaign] = json.load(response)["campaigns"]
    return campaigns


def visible_slugs(page: Page) -> list[str]:
    """The slugs of the rows shown, top to bottom."""
    hrefs: list[str] = page.locator(
        "table.masa-campaigns tbody tr:not([hidden]) td:first-child a"
    ).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return [href.strip("/").split("/")[-1] for href in hrefs]


def open_index(page: Page, site: Site, query: str = "") -> None:
    page.goto(site.at("campaigns/") + query)
    page.locator("table.masa-campaigns[data-masa-ready]").wait_for(state="attached")


def test_the_index_lists_every_campaign(basic_site_on_each_engine: Site, page: Page, watch: Watch) -> None:
    open_index(page, basic_site_on_each_engine)
    assert set(visible_slugs(page)) == ALL_SLUGS
    assert {c["slug"] for c in campaigns_of(basic_site_on_each_engine)} == ALL_SLUGS
    assert page.locator(".masa-count").inner_text() == "7 of 7 campaigns"
    watch.assert_clean()


@pytest.mark.parametrize("name", list(FILTER_VALUES))
def test_each_filter_narrows_the_rows(
    basic_site_on_each_engine: Site, page: Page, watch: Watch, name: str
) -> None:
    campaigns = campaigns_of(basic_site_on_each_engine)
    open_index(page, basic_site_on_each_engine)
    select = page.locator(f"select[data-filter='{name}']")
    offered = set(select.locator("option").evaluate_all("os => os.map(o => o.value)")) - {""}
    known = set().union(*(FILTER_VALUES[name](c) for c in campaigns)) - {""}
    assert offered == known, f"the {name} filter offers {sorted(offered)}, the campaigns have {sorted(known)}"
    for value in sorted(offered):
        select.select_option(value)
        expected = {c["slug"] for c in campaigns if value in FILTER_VALUES[name](c)}
        shown = visible_slugs(page)
        assert set(shown) == expected, f"{name}={value}: shown {sorted(shown)}, expected {sorted(expected)}"
        assert page.locator(".masa-count").inner_text() == f"{len(expected)} of {len(campaigns)} campaigns"
    select.select_option("")
    assert set(visible_slugs(page)) == ALL_SLUGS
    watch.assert_clean()


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"outcome": "success"}, {"harbour-fair-2025"}),
        (
            {"outcome": "none"},
            {"grid-outbound-2026", "factory-podcast-2027", "retail-popup-idea", "port-mailing-2025"},
        ),
        ({"industry": "logistics", "status": "done"}, {"harbour-fair-2025"}),
        (
            {"initiator": "sales", "year": "2026"},
            {"clinic-webinars-2026", "bank-roundtable-2026", "grid-outbound-2026"},
        ),
        ({"channel": "email"}, {"harbour-fair-2025", "bank-roundtable-2026"}),
        ({"play": "webinar-series", "status": "planned"}, {"factory-podcast-2027"}),
        ({"year": "2025", "status": "running"}, set()),
    ],
    ids=lambda value: "+".join(f"{k}={v}" for k, v in value.items()) if isinstance(value, dict) else None,
)
def test_filters_combine(
    basic_site_on_each_engine: Site, page: Page, watch: Watch, filters: dict[str, str], expected: set[str]
) -> None:
    open_index(page, basic_site_on_each_engine)
    for name, value in filters.items():
        page.locator(f"select[data-filter='{name}']").select_option(value)
    assert set(visible_slugs(page)) == expected
    watch.assert_clean()


def test_filters_are_preset_from_the_address(
    basic_site_on_each_engine: Site, page: Page, watch: Watch
) -> None:
    open_index(page, basic_site_on_each_engine, "?industry=logistics&year=2025")
    assert set(visible_slugs(page)) == {"harbour-fair-2025", "port-mailing-2025"}
    assert page.locator("select[data-filter='industry']").input_value() == "logistics"
    assert page.locator(".masa-count").inner_text() == "2 of 7 campaigns"
    watch.assert_clean()


def _header(page: Page, label: str) -> Any:
    return page.locator("table.masa-campaigns thead th", has_text=label)


@pytest.mark.parametrize(
    ("column", "key"),
    [
        ("Campaign", lambda c: c["title"].casefold()),
        ("Start", lambda c: c["period"]["start"] if c["period"] else None),
        ("Budget", lambda c: c["budget"]),
    ],
)
def test_a_click_on_a_header_sorts(
    basic_site_on_each_engine: Site, page: Page, watch: Watch, column: str, key: Callable[[Campaign], Any]
) -> None:
    campaigns = campaigns_of(basic_site_on_each_engine)
    known = sorted((c for c in campaigns if key(c) is not None), key=key)
    open_index(page, basic_site_on_each_engine)
    header = _header(page, column)

    header.click()
    assert header.get_attribute("aria-sort") == "ascending"
    shown = [slug for slug in visible_slugs(page) if slug in {c["slug"] for c in known}]
    assert shown == [c["slug"] for c in known], f"{column} ascending"

    header.click()
    assert header.get_attribute("aria-sort") == "descending"
    shown = [slug for slug in visible_slugs(page) if slug in {c["slug"] for c in known}]
    assert shown == [c["slug"] for c in reversed(known)], f"{column} descending"
    watch.assert_clean()


def test_budget_sorts_as_numbers_with_blanks_last(
    basic_site_on_each_engine: Site, page: Page, watch: Watch
) -> None:
    open_index(page, basic_site_on_each_engine)
    _header(page, "Budget").click()
    assert visible_slugs(page) == [
        "port-mailing-2025",  # 4,000
        "factory-podcast-2027",  # 6,000
        "grid-outbound-2026",  # 8,000
        "clinic-webinars-2026",  # 12,000
        "bank-roundtable-2026",  # 18,000
        "harbour-fair-2025",  # 30,000
        "retail-popup-idea",  # an idea has no budget
    ]
    watch.assert_clean()


def test_the_keyboard_sorts_too(basic_site_on_each_engine: Site, page: Page, watch: Watch) -> None:
    open_index(page, basic_site_on_each_engine)
    header = _header(page, "Campaign")
    header.focus()
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "ascending"
    assert visible_slugs(page)[0] == "bank-roundtable-2026"
    watch.assert_clean()


def test_sorting_keeps_the_filter(basic_site_on_each_engine: Site, page: Page, watch: Watch) -> None:
    open_index(page, basic_site_on_each_engine)
    page.locator("select[data-filter='status']").select_option("done")
    _header(page, "Budget").click()
    assert visible_slugs(page) == ["clinic-webinars-2026", "bank-roundtable-2026", "harbour-fair-2025"]
    watch.assert_clean()
