"""axe-core finds no serious or critical accessibility problem on the main pages.

Run on the example playbook, in the light palette and in the dark one picked
with the palette toggle. A failure lists rule, selector and markup of every
violating element.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from e2e_reader import axe_violations, describe_violations, select_dark_palette, settle
from e2e_site import Site, example_campaign
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

PAGES = ["/", "/campaigns/", f"/campaigns/{example_campaign()}/", "/sonicht/", "/insights/"]


@pytest.mark.parametrize("palette", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violation(
    example_site: Site, page: Page, axe_script: Path, path: str, palette: str
) -> None:
    page.goto(example_site.at(path))
    if palette == "dark" and not select_dark_palette(page):
        pytest.skip("the site has no palette toggle")
    settle(page)
    violations = axe_violations(page, axe_script)
    assert not violations, f"{path} ({palette}):\n{describe_violations(violations)}"
