"""A public build holds no internal campaign and no target account, anywhere.

The ``public`` fixture marks what must stay internal with canary words: every
internal campaign carries ``CanaryInternal7f3a`` (title, slug, fields, body,
retro) and every target account ``CanaryTarget7f3a``, also those of the public
campaign. Budgets and costs of the internal campaign are canary numbers.
"""

from __future__ import annotations

import gzip
import html
import re
import urllib.parse

import pytest
from e2e_reader import Watch, search
from e2e_site import Site
from playwright.sync_api import Page

CANARIES = ("CanaryInternal7f3a", "CanaryTarget7f3a")
#: Budget, expected pipeline and cost of the internal campaign, as raw numbers
#: (JSON) and as pages format them.
CANARY_NUMBERS = re.compile(r"(?<![\d.])(?<!\d,)(?:77[,.]?777|888[,.]?888|66[,.]?666)(?!\d|,\d)")


def readable(raw: str) -> str:
    """``raw`` with HTML entities and URL escapes undone, so no encoding hides a canary."""
    return urllib.parse.unquote(html.unescape(html.unescape(raw)))


@pytest.mark.slow
def test_no_file_of_the_public_build_holds_a_canary(public_site: Site) -> None:
    files = [path for path in public_site.root.rglob("*") if path.is_file()]
    assert any(path.name == "search_index.json" for path in files)
    leaks = []
    for path in files:
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        text = readable(data.decode("utf-8", "replace"))
        for canary in CANARIES:
            if canary.lower() in text.lower():
                leaks.append(f"{path.relative_to(public_site.root)}: {canary}")
        number = CANARY_NUMBERS.search(text) if path.suffix in (".html", ".json", ".xml", ".gz") else None
        if number:
            leaks.append(f"{path.relative_to(public_site.root)}: {number.group()}")
    assert not leaks, "internal content in the public build:\n" + "\n".join(leaks)


@pytest.mark.slow
def test_the_public_build_keeps_the_public_campaign(public_site: Site) -> None:
    page = public_site.root / "campaigns" / "open-harbour-days" / "index.html"
    assert "Open Harbour Days" in page.read_text(encoding="utf-8")
    assert not (public_site.root / "campaigns" / "canaryinternal7f3a-launch").exists()


@pytest.mark.browser
def test_search_finds_no_canary(public_site: Site, page: Page, watch: Watch) -> None:
    page.goto(public_site.url)
    # The search works: the public campaign is found ...
    assert "/campaigns/open-harbour-days/" in search(page, "Harbour")
    # ... and nothing internal is.
    for query in (*CANARIES, "Geheim", "Secret Launch"):
        found = search(page, query, expect_results=False)
        assert not found, f"searching {query!r} in the public build found {found}"
    watch.assert_clean()
