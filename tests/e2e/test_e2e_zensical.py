"""The site Zensical builds (``masa build --engine zensical``), as a reader uses it.

The same reader as on the MkDocs site: the campaign index filters (basic
fixture, expectations from its ``/api/campaigns.json`` and spelled out, as in
``test_e2e_campaign_index.py``), a campaign page draws its charts, and the
four searches of ``test_e2e_search.py`` find their pages. ``Watch`` fails
every test whose page logs an error or sends a request beyond 127.0.0.1.
"""

from __future__ import annotations

import pytest
from e2e_reader import Watch, settle
from e2e_site import Site, example_campaign
from playwright.sync_api import Page
from test_e2e_campaign_index import ALL_SLUGS, FILTER_VALUES, campaigns_of, open_index, visible_slugs
from test_e2e_search import TYPED, Typed, assert_finds

pytestmark = pytest.mark.browser


def test_the_site_is_zensicals(zensical_example_site: Site) -> None:
    # Guards every test below: a fallback to MkDocs would make them pass for the wrong engine.
    assert zensical_example_site.engine == "zensical"
    assert (zensical_example_site.root / "search.json").is_file()
    assert not (zensical_example_site.root / "search" / "search_index.json").exists()


# ------------------------------------------------------------------- campaign index


def test_the_index_lists_every_campaign(zensical_basic_site: Site, page: Page, watch: Watch) -> None:
    open_index(page, zensical_basic_site)
    assert set(visible_slugs(page)) == ALL_SLUGS
    assert page.locator(".masa-count").inner_text() == "7 of 7 campaigns"
    watch.assert_clean()


@pytest.mark.parametrize("name", list(FILTER_VALUES))
def test_each_filter_narrows_the_rows(zensical_basic_site: Site, page: Page, watch: Watch, name: str) -> None:
    campaigns = campaigns_of(zensical_basic_site)
    open_index(page, zensical_basic_site)
    select = page.locator(f"select[data-filter='{name}']")
    offered = set(select.locator("option").evaluate_all("os => os.map(o => o.value)")) - {""}
    known = set().union(*(FILTER_VALUES[name](c) for c in campaigns)) - {""}
    assert offered == known, f"the {name} filter offers {sorted(offered)}, the campaigns have {sorted(known)}"
    for value in sorted(offered):
        select.select_option(value)
        expected = {c["slug"] for c in campaigns if value in FILTER_VALUES[name](c)}
        assert set(visible_slugs(page)) == expected, f"{name}={value}"
        assert page.locator(".masa-count").inner_text() == f"{len(expected)} of {len(campaigns)} campaigns"
    select.select_option("")
    assert set(visible_slugs(page)) == ALL_SLUGS
    watch.assert_clean()


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"outcome": "success"}, {"harbour-fair-2025"}),
        ({"industry": "logistics", "status": "done"}, {"harbour-fair-2025"}),
        (
            {"initiator": "sales", "year": "2026"},
            {"clinic-webinars-2026", "bank-roundtable-2026", "grid-outbound-2026"},
        ),
        ({"year": "2025", "status": "running"}, set()),
    ],
    ids=lambda value: "+".join(f"{k}={v}" for k, v in value.items()) if isinstance(value, dict) else None,
)
def test_filters_combine(
    zensical_basic_site: Site, page: Page, watch: Watch, filters: dict[str, str], expected: set[str]
) -> None:
    open_index(page, zensical_basic_site)
    for name, value in filters.items():
        page.locator(f"select[data-filter='{name}']").select_option(value)
    assert set(visible_slugs(page)) == expected
    watch.assert_clean()


def test_filters_are_preset_from_the_address(zensical_basic_site: Site, page: Page, watch: Watch) -> None:
    open_index(page, zensical_basic_site, "?industry=logistics&year=2025")
    assert set(visible_slugs(page)) == {"harbour-fair-2025", "port-mailing-2025"}
    assert page.locator("select[data-filter='industry']").input_value() == "logistics"
    watch.assert_clean()


def test_a_click_on_a_header_sorts(zensical_basic_site: Site, page: Page, watch: Watch) -> None:
    open_index(page, zensical_basic_site)
    header = page.locator("table.masa-campaigns thead th", has_text="Budget")
    header.click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert visible_slugs(page)[:2] == ["port-mailing-2025", "factory-podcast-2027"]
    watch.assert_clean()


# ------------------------------------------------------------------- a campaign page


def test_a_campaign_page_draws_its_charts(zensical_example_site: Site, page: Page, watch: Watch) -> None:
    page.goto(zensical_example_site.at(f"campaigns/{example_campaign()}/"))
    settle(page)
    figures = page.locator("figure.masa-chart[data-chart]")
    assert figures.count() >= 2, "the campaign page has no charts (timeline and goals expected)"
    kinds: list[str] = figures.evaluate_all("fs => fs.map(f => f.dataset.chart)")
    page.wait_for_function(
        "() => [...document.querySelectorAll('figure.masa-chart[data-chart]')]"
        ".every(f => f.dataset.rendered === 'true')",
        timeout=10_000,
    )
    drawings: list[int] = figures.evaluate_all(
        "fs => fs.map(f => f.querySelectorAll(':scope > .masa-chart__plot :is(svg, canvas)').length)"
    )
    plots: list[int] = figures.evaluate_all(
        "fs => fs.map(f => f.querySelectorAll('.masa-chart__plot').length)"
    )
    assert all(drawings), f"charts without a drawing: {dict(zip(kinds, drawings, strict=True))}"
    assert plots == [1] * len(kinds), f"each chart is drawn once: {dict(zip(kinds, plots, strict=True))}"
    assert page.locator(".masa-chart__fallback").count() == 0, "the 'needs JavaScript' note stayed"
    # The words come from the generated settings script, which Zensical must have served.
    timeline = page.locator("figure.masa-chart[data-chart=timeline] [aria-label='x-axis label']")
    assert "Due" in (timeline.text_content() or "")
    watch.assert_clean()


# ------------------------------------------------------------------- search


@pytest.mark.parametrize("typed", TYPED)
def test_people_find_what_they_type(
    zensical_example_site: Site, page: Page, watch: Watch, typed: Typed
) -> None:
    assert_finds(zensical_example_site, page, watch, typed)
