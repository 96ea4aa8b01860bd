"""Every page is reachable from the home page, and opens cleanly in the browser.

Cleanly: no console error, no uncaught exception, no dialog, no failed
request and no request to any host but 127.0.0.1.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from e2e_reader import Crawl, Watch, crawl
from e2e_site import REPO, Site
from playwright.sync_api import Page

#: The pages every build has, whatever its content.
FIXED_PAGES = {
    "/",
    "/campaigns/",
    "/wins/",
    "/lessons/",
    "/sonicht/",
    "/plays/",
    "/insights/",
    "/api/schema/",
}


def generated_pages(repo: Path) -> set[str]:
    """The page of every campaign, play and anti-pattern of the playbook at ``repo``."""
    campaigns = {f"/campaigns/{plan.parent.name}/" for plan in (repo / "campaigns").glob("*/plan.md")}
    plays = {f"/plays/{play.stem}/" for play in (repo / "playbooks" / "plays").glob("*.md")}
    antipatterns = {f"/sonicht/{ap.stem}/" for ap in (repo / "playbooks" / "sonicht").glob("*.md")}
    return FIXED_PAGES | campaigns | plays | antipatterns


def handwritten_pages(repo: Path) -> set[str]:
    """The URL of every page in ``docs/``."""
    urls = set()
    for source in (repo / "docs").rglob("*.md"):
        path = source.relative_to(repo / "docs").with_suffix("").as_posix()
        if path == "index" or path.endswith("/index"):
            path = path.removesuffix("index")
        else:
            path += "/"
        urls.add("/" + path.lstrip("/"))
    return urls


@pytest.fixture(scope="module")
def example_crawl(example_site: Site) -> Crawl:
    return crawl(example_site.url)


@pytest.mark.slow
def test_every_page_is_reachable_from_the_home_page(example_crawl: Crawl) -> None:
    expected = generated_pages(REPO) | handwritten_pages(REPO)
    missing = expected - example_crawl.pages
    assert not missing, f"not reachable by links from /: {sorted(missing)}"


@pytest.mark.slow
def test_no_link_leads_nowhere(example_crawl: Crawl) -> None:
    assert not example_crawl.broken, f"links to missing pages: {example_crawl.broken}"


@pytest.mark.browser
def test_every_page_opens_without_errors(
    example_site: Site, example_crawl: Crawl, page: Page, watch: Watch
) -> None:
    assert len(example_crawl.pages) >= len(generated_pages(REPO))
    for path in sorted(example_crawl.pages):
        response = page.goto(example_site.at(path), wait_until="load")
        assert response is not None and response.ok, f"{path}: HTTP {response.status if response else '?'}"
    watch.assert_clean()


@pytest.mark.browser
def test_every_fixture_page_opens_without_errors(basic_site: Site, page: Page, watch: Watch) -> None:
    pages = crawl(basic_site.url).pages
    assert generated_pages(Path(__file__).parent / "sites" / "basic") <= pages
    for path in sorted(pages):
        page.goto(basic_site.at(path), wait_until="load")
    watch.assert_clean()
