"""Hostile content is shown as text and never runs.

The ``hostile`` fixture puts ``<script>``, ``<img onerror>``, a
``javascript:`` link, quotes, pipes, backticks and ``{{ config }}`` into every
text field of a plan, a retro and a person, and raw HTML into the Markdown
bodies. Each payload would set ``window.__pwned`` or open a dialog if it ran.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import yaml
from e2e_reader import Watch, crawl, search
from e2e_site import FIXTURE_SITES, Site
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

FIXTURE = FIXTURE_SITES / "hostile"

#: Finds what a page may never hold: a script URL, an inline event handler,
#: or a <script> that is not a JSON data island.
FIND_ACTIVE_CONTENT = """() => {
    const found = [];
    for (const el of document.querySelectorAll('*')) {
        for (const attr of el.attributes) {
            const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
            if (value.startsWith('javascript:') || value.startsWith('data:text/html')) {
                found.push(`${el.tagName} ${attr.name}="${attr.value}"`);
            }
            if (attr.name.startsWith('on')) found.push(`${el.tagName} ${attr.name}="${attr.value}"`);
        }
    }
    for (const script of document.querySelectorAll('.md-content script')) {
        if (script.type !== 'application/json') found.push(`SCRIPT ${script.outerHTML.slice(0, 120)}`);
    }
    return found;
}"""


def front_matter(path: Path) -> dict[str, Any]:
    _, block, _ = path.read_text(encoding="utf-8").split("---\n", 2)
    data: dict[str, Any] = yaml.safe_load(block)
    return data


PLAN = front_matter(FIXTURE / "campaigns" / "evil-done" / "plan.md")
RETRO = front_matter(FIXTURE / "campaigns" / "evil-done" / "retro.md")
CANCELLED = front_matter(FIXTURE / "campaigns" / "evil-cancelled" / "plan.md")
EVE = yaml.safe_load((FIXTURE / "people.yml").read_text(encoding="utf-8"))["eve"]["name"]

#: Every hostile text a reader must see, as written, on the page of evil-done.
SHOWN_ON_CAMPAIGN_PAGE = [
    PLAN["title"],
    PLAN["audience"]["industry"],
    PLAN["audience"]["segment"],
    *PLAN["audience"]["regions"],
    *PLAN["target_accounts"],  # an internal build shows them
    *PLAN["channels"],
    PLAN["goals"][0]["metric"],
    PLAN["tasks"][0]["task"],
    *PLAN["tags"],
    *RETRO["went_well"],
    *RETRO["learnings"],
    EVE,
    'Template syntax is text here: {{ config }} and {% include "mkdocs.yml" %}.',
    "Retro template syntax is text: {{ config.site_name }}.",
]
SHOWN_ON_CANCELLED_PAGE = [
    CANCELLED["title"],
    CANCELLED["audience"]["industry"],
    CANCELLED["cancelled_reason"],
]


def assert_nothing_ran(page: Page, watch: Watch) -> None:
    """No dialog, no exception, no payload ran, no script URL or handler in the DOM."""
    page.wait_for_load_state("networkidle")
    assert page.evaluate("() => typeof window.__pwned") == "undefined", f"a payload ran on {page.url}"
    assert not watch.dialogs, f"dialogs on {page.url}: {watch.dialogs}"
    assert not watch.page_errors, f"uncaught exceptions on {page.url}: {watch.page_errors}"
    assert not watch.external_requests, f"requests leaving 127.0.0.1: {watch.external_requests}"
    active = page.evaluate(FIND_ACTIVE_CONTENT)
    assert not active, f"active content on {page.url}:\n" + "\n".join(active)


def assert_shown_as_text(page: Page, texts: list[str]) -> None:
    missing = [text for text in texts if page.get_by_text(text).filter(visible=True).count() == 0]
    assert not missing, f"not shown as text on {page.url}:\n" + "\n".join(missing)


@pytest.mark.parametrize(
    ("slug", "texts"),
    [("evil-done", SHOWN_ON_CAMPAIGN_PAGE), ("evil-cancelled", SHOWN_ON_CANCELLED_PAGE)],
    ids=["done-with-retro", "cancelled"],
)
def test_a_hostile_campaign_page_shows_text_and_runs_nothing(
    hostile_site: Site, page: Page, watch: Watch, slug: str, texts: list[str]
) -> None:
    page.goto(hostile_site.at(f"campaigns/{slug}/"))
    assert_nothing_ran(page, watch)
    assert_shown_as_text(page, texts)


def test_the_campaign_index_shows_hostile_titles_as_text(
    hostile_site: Site, page: Page, watch: Watch
) -> None:
    page.goto(hostile_site.at("campaigns/"))
    assert_nothing_ran(page, watch)
    assert_shown_as_text(page, [PLAN["title"], CANCELLED["title"]])


def test_a_hostile_filter_value_in_the_address_runs_nothing(
    hostile_site: Site, page: Page, watch: Watch
) -> None:
    industry = PLAN["audience"]["industry"]
    page.goto(hostile_site.at("campaigns/") + "?" + urllib.parse.urlencode({"industry": industry}))
    assert_nothing_ran(page, watch)
    assert page.locator("select[data-filter='industry']").input_value() == industry
    assert page.locator("table.masa-campaigns tbody tr:not([hidden])").count() == 2


def test_every_page_of_the_hostile_site_runs_nothing(hostile_site: Site, page: Page, watch: Watch) -> None:
    for path in sorted(crawl(hostile_site.url).pages):
        page.goto(hostile_site.at(path))
        assert_nothing_ran(page, watch)


def test_the_export_is_json_holding_the_strings_as_written(hostile_site: Site) -> None:
    with urllib.request.urlopen(hostile_site.at("api/campaigns.json"), timeout=10) as response:
        export = json.load(response)
    by_slug = {campaign["slug"]: campaign for campaign in export["campaigns"]}
    assert by_slug["evil-done"]["title"] == PLAN["title"]
    assert by_slug["evil-done"]["industry"] == PLAN["audience"]["industry"]
    assert by_slug["evil-done"]["goals"][0]["metric"] == PLAN["goals"][0]["metric"]
    assert by_slug["evil-cancelled"]["title"] == CANCELLED["title"]


def test_search_shows_a_hostile_title_as_text(hostile_site: Site, page: Page, watch: Watch) -> None:
    page.goto(hostile_site.url)
    found = search(page, "Evil")
    assert "/campaigns/evil-done/" in found
    titles = page.locator(".md-search-result__item .md-search-result__article h1")
    assert any(PLAN["title"] in title for title in titles.all_inner_texts()), titles.all_inner_texts()
    assert_nothing_ran(page, watch)
