"""Full-page screenshots of the main pages, for a person to look at.

Saved to tests/artifacts/screenshots/ (not committed). The test asserts only
that each page rendered without errors; the pictures are for review.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from e2e_reader import Watch, select_dark_palette, settle
from e2e_site import Site, example_campaign
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

SHOTS = [
    ("home", "/", "light"),
    ("campaigns", "/campaigns/", "light"),
    ("campaign", f"/campaigns/{example_campaign()}/", "light"),
    ("campaign", f"/campaigns/{example_campaign()}/", "dark"),
    ("insights", "/insights/", "light"),
    ("insights", "/insights/", "dark"),
]


@pytest.mark.parametrize(("name", "path", "palette"), SHOTS, ids=[f"{n}-{p}" for n, _, p in SHOTS])
def test_screenshot(
    example_site: Site, page: Page, watch: Watch, screenshots: Path, name: str, path: str, palette: str
) -> None:
    page.goto(example_site.at(path))
    if palette == "dark":
        assert select_dark_palette(page), "the site has no palette toggle"
    settle(page)
    target = screenshots / f"{name}-{palette}.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000
    watch.assert_clean()
