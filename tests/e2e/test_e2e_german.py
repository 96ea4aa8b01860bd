"""With ``theme.language: de`` the generated pages speak German.

The basic fixture, built with a ``mkdocs.yml`` that sets the language; the
labels are those of ``masa_playbook.site.i18n``.
"""

from __future__ import annotations

import pytest
from e2e_reader import Watch
from e2e_site import Site
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def heading(page: Page, name: str) -> None:
    expect(page.get_by_role("heading", name=name, exact=False).first).to_be_visible()


def test_the_campaign_index_is_german(german_site: Site, page: Page, watch: Watch) -> None:
    page.goto(german_site.at("campaigns/"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    heading(page, "Kampagnen")
    expect(page.locator(".masa-count")).to_have_text("7 von 7 Kampagnen")
    header = page.locator("table.masa-campaigns thead")
    for label in ("Kampagne", "Status", "Ergebnis", "Initiiert von", "Branche", "Beginn", "Budget"):
        expect(header.get_by_text(label, exact=True)).to_be_visible()
    filters = page.locator(".masa-filters")
    for label in ("Ergebnis", "Initiiert von", "Branche", "Kanal", "Jahr"):
        expect(filters.get_by_text(label)).to_be_visible()
    status = page.locator("select[data-filter='status']")
    assert status.locator("option").all_inner_texts() == [
        "alle",
        "abgebrochen",
        "abgeschlossen",
        "Idee",
        "geplant",
        "läuft",
    ]
    status.select_option("done")
    expect(page.locator(".masa-count")).to_have_text("3 von 7 Kampagnen")
    row = page.locator("tr", has=page.get_by_role("link", name="Harbour Fair Hamburg"))
    expect(row).to_contain_text("abgeschlossen")
    expect(row).to_contain_text("Erfolg")
    expect(row).to_contain_text("30.000\u00a0€")  # masa_playbook.numbers: German amount, no-break space
    watch.assert_clean()


def test_a_campaign_page_is_german(german_site: Site, page: Page, watch: Watch) -> None:
    page.goto(german_site.at("campaigns/harbour-fair-2025/"))
    for name in ("Ziele", "Budget und Ertrag", "Wer macht was bis wann", "Der Plan", "Retro"):
        heading(page, name)
    card = page.locator(".masa-card").first
    for label in (
        "Initiiert von",
        "Zeitraum",
        "Branche",
        "Kanäle",
        "Verantwortlich: Vertrieb",
        "Mitwirkende",
    ):
        expect(card.get_by_text(label, exact=True)).to_be_visible()
    expect(card).to_contain_text("abgeschlossen")
    # The retro's learnings are a labelled part of its card, not a heading of their own.
    expect(page.locator(".masa-retro").get_by_text("Erkenntnisse", exact=True)).to_be_visible()
    expect(page.get_by_text("höchstens 5.000").first).to_be_visible()
    # Figures as masa_playbook.numbers writes them in German: 7 of 5 meetings, ROI (60,000 - 29,400) / 29,400.
    expect(page.locator("table.masa-goals")).to_contain_text("140\u00a0%")
    money = page.locator("table.masa-money")
    expect(money).to_contain_text("30.000\u00a0€")
    expect(money).to_contain_text("104\u00a0%")
    # The charts take their words and number symbols from the generated settings script.
    timeline = page.locator("figure.masa-chart[data-chart=timeline]")
    expect(timeline.locator("[aria-label='x-axis label']")).to_contain_text("Fällig")
    goals = page.locator("figure.masa-chart[data-chart=goals]")
    expect(goals.locator("[aria-label='x-axis tick label']").first).to_contain_text("\u00a0%")
    watch.assert_clean()


@pytest.mark.parametrize(
    ("path", "title", "text"),
    [
        ("wins/", "Erfolge", "Feiern und nachmachen"),
        ("lessons/", "Lektionen", "Was wir daraus gelernt haben"),
        ("sonicht/", "#sonicht-Anti-Patterns", "Zuletzt gesehen"),
        ("plays/", "Plays", "Wiederverwendbare Vorgehen"),
        ("insights/", "Auswertungen", "Erfolgsquote"),
        ("sonicht/vanity-metrics/", "Vanity metrics", "Wo es auftrat"),
        ("plays/webinar-series/", "Webinar series", "Bilanz"),
    ],
)
def test_index_and_catalogue_pages_are_german(
    german_site: Site, page: Page, watch: Watch, path: str, title: str, text: str
) -> None:
    page.goto(german_site.at(path))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    heading(page, title)
    expect(page.locator("article").get_by_text(text).first).to_be_visible()
    watch.assert_clean()


def test_material_speaks_german_too(german_site: Site, page: Page, watch: Watch) -> None:
    page.goto(german_site.url)
    expect(page.locator("input.md-search__input")).to_have_attribute("placeholder", "Suche")
    watch.assert_clean()
