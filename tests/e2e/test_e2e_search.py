"""A reader finds campaigns, owners, industries and anti-patterns through search.

Two groups: words of the basic fixture (titles, people, industries), and
the four searches people type that a search engine's word splitting gets
wrong first: a hashtag, a quote with commas and an apostrophe, a title with
a colon and a name with a diacritic. The second group runs on the example
playbook built by MkDocs here and by Zensical in ``test_e2e_zensical.py``
(``TYPED`` and ``assert_finds``); the expectations are read from the
example playbook's own files, so the content can grow without the tests
going stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import yaml
from e2e_reader import Watch, search
from e2e_site import REPO, Site
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

#: The result links of each engine's search (as in ``e2e_reader.search``).
RESULT_LINKS = {
    "mkdocs": ".md-search-result__item a.md-search-result__link",
    "zensical": "dialog ol[role=listbox] a[role=option]",
}


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


# ------------------------------------------------------------------- what people type


@dataclass(frozen=True)
class Typed:
    """What a person types into the search box, and what they must find.

    ``first``: the page listed first. ``campaigns``: the campaign pages
    listed, exactly (every one of them, and no other campaign).
    """

    query: str
    first: str | None = None
    campaigns: frozenset[str] | None = None


def _front_matter(path: str) -> dict[str, Any]:
    text = (REPO / path).read_text(encoding="utf-8")
    _, head, _ = text.split("---\n", 2)
    data = yaml.safe_load(head)
    assert isinstance(data, dict), f"{path} has no front matter"
    return data


def _plans() -> dict[str, dict[str, Any]]:
    """The example playbook's plans by campaign slug."""
    return {
        plan.parent.name: _front_matter(plan.relative_to(REPO).as_posix())
        for plan in sorted((REPO / "campaigns").glob("*/plan.md"))
    }


def _campaigns_of(name: str) -> frozenset[str]:
    """The pages of the campaigns that the person called ``name`` owns or contributes to."""
    people = yaml.safe_load((REPO / "people.yml").read_text(encoding="utf-8"))
    handles = [handle for handle, person in people.items() if person.get("name") == name]
    assert len(handles) == 1, f"people.yml has {len(handles)} people called {name!r}"
    pages = set()
    for slug, plan in _plans().items():
        owners = plan.get("owners") or {}
        named = [*owners.get("marketing", []), *owners.get("sales", []), *(plan.get("contributors") or [])]
        if handles[0] in named:
            pages.add(f"/campaigns/{slug}/")
    assert pages, f"{name} has no campaign in the example playbook"
    return frozenset(pages)


def _typed() -> list[object]:
    colon_titles = {slug: str(plan["title"]) for slug, plan in _plans().items() if ":" in str(plan["title"])}
    assert colon_titles, "the example playbook has no campaign title with a colon"
    team = _front_matter("playbooks/sonicht/team-someone-else-does-it.md")
    assert "Toll, Ein Anderer Macht's" in team["aliases"]
    return [
        pytest.param(Typed("#sonicht", first="/sonicht/"), id="hashtag"),
        pytest.param(
            Typed("Toll, Ein Anderer Macht's", first="/sonicht/team-someone-else-does-it/"), id="quote"
        ),
        *(
            pytest.param(Typed(title, first=f"/campaigns/{slug}/"), id=f"colon-{slug}")
            for slug, title in colon_titles.items()
        ),
        pytest.param(Typed("Kovač", campaigns=_campaigns_of("Nina Kovač")), id="diacritic"),
    ]


#: The four searches of issue 17, on the example playbook; each colon title is one search.
TYPED = _typed()


def pages_found(page: Page, query: str, engine: str) -> list[str]:
    """Every page the search lists for ``query``, once each, in the order listed.

    Both engines draw the first results only and the rest as the reader
    scrolls; the list is scrolled to its end until it stops growing.
    """
    search(page, query, engine=engine)
    links = page.locator(RESULT_LINKS[engine])
    for _ in range(20):
        count = links.count()
        links.last.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        if links.count() == count:
            break
    paths: list[str] = links.evaluate_all("els => els.map(e => new URL(e.href).pathname)")
    return list(dict.fromkeys(paths))


def assert_finds(site: Site, page: Page, watch: Watch, typed: Typed) -> None:
    """Type ``typed.query`` on the home page of ``site``; the results are what ``typed`` expects."""
    page.goto(site.url)
    found = pages_found(page, typed.query, site.engine)
    assert found, f"{site.engine}: searching {typed.query!r} found nothing"
    if typed.first is not None:
        assert found[0] == typed.first, f"{site.engine}: searching {typed.query!r} listed {found}"
    if typed.campaigns is not None:
        listed = {path for path in found if path.startswith("/campaigns/") and path != "/campaigns/"}
        assert listed == typed.campaigns, (
            f"{site.engine}: searching {typed.query!r} listed the campaigns {sorted(listed)},"
            f" expected {sorted(typed.campaigns)}"
        )
    watch.assert_clean()


@pytest.mark.parametrize("typed", TYPED)
def test_people_find_what_they_type(example_site: Site, page: Page, watch: Watch, typed: Typed) -> None:
    assert_finds(example_site, page, watch, typed)
