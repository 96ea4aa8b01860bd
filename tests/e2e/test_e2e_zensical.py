"""The site Zensical builds (``masa build --engine zensical``), as a reader uses it.

The same reader as on the MkDocs site: a campaign page draws its charts, and
the four searches of ``test_e2e_search.py`` find their pages. The campaign
index filters and sorting run on both engines' builds in
``test_e2e_campaign_index.py`` (the ``basic_site_on_each_engine`` fixture). ``Watch`` fails
every test whose page logs an error or sends a request beyond 127.0.0.1.
"""

from __future__ import annotations

import pytest
from e2e_reader import Watch, settle
from e2e_site import Site, example_campaign
from playwright.sync_api import Page
from test_e2e_search import TYPED, Typed, assert_finds

pytestmark = pytest.mark.browser


def test_the_site_is_zensicals(zensical_example_site: Site) -> None:
    # Guards every test below: a fallback to MkDocs would make them pass for the wrong engine.
    assert zensical_example_site.engine == "zensical"
    assert (zensical_example_site.root / "search.json").is_file()
    assert not (zensical_example_site.root / "search" / "search_index.json").exists()


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
