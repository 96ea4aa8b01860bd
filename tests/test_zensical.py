"""The same playbook built with every engine: MkDocs, Zensical (staged) and ProperDocs.

Each site is built once per module with ``masa build --strict`` (so a
warning about a generated page fails it) and the tests read what it wrote:
the same pages on every engine, hostile strings inert, no confidential
canary in any file of a public build (pages, search index, sitemap, JSON),
"edit this page" at the real source file, the repository source partial and
the navigation entries of generated pages.

Where the engines differ on purpose: the search index is
``search/search_index.json`` (MkDocs, ProperDocs) or ``search.json``
(Zensical), and the theme assets differ (Zensical bundles its own); the
HTML pages, ``404.html`` included, are the same.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from site_engines import (
    BASIC,
    ENGINES,
    REPO,
    SEARCH_INDEX,
    broken_links,
    build_or_fail,
    canary_leaks,
    copy_fixture,
    engine_params,
    installed,
    live_markup,
    page_urls,
)

pytestmark = pytest.mark.slow

HOSTILE = REPO / "tests" / "e2e" / "sites" / "hostile"
INTERNAL_SLUGS = ["outbound-running", "webinar-flop"]
PUBLIC_SLUGS = ["podcast-idea", "roadshow-mixed", "trade-fair-win", "xss-title"]
#: 2026-11-26, the day the example playbook's checks count as today (its retros are dated up to then).
EXAMPLE_EPOCH = "1795651200"
EDIT = re.compile(r'<a href="([^"]+)" title="Edit this page"')


@pytest.fixture(scope="module")
def basic_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_fixture(tmp_path_factory.mktemp("repo"))


@pytest.fixture(scope="module")
def sites(basic_root: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The fixture's internal site, by engine (engines not installed are left out)."""
    out = tmp_path_factory.mktemp("sites")
    return {
        engine: build_or_fail(basic_root, out / engine, "--strict", "--engine", engine)
        for engine in ENGINES
        if installed(engine)
    }


@pytest.fixture(scope="module")
def public_sites(basic_root: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("public")
    return {
        engine: build_or_fail(
            basic_root, out / engine, "--strict", "--engine", engine, "--audience", "public"
        )
        for engine in ENGINES
        if installed(engine)
    }


def hostile_root(tmp: Path) -> Path:
    """The browser tests' hostile fixture with the repository's settings (``INHERIT``)."""
    from e2e.e2e_site import prepare_fixture

    return prepare_fixture("hostile", tmp / "hostile").parent


# ---------------------------------------------------------------- the same site on every engine


def test_every_engine_builds_the_same_pages(sites: dict[str, Path]) -> None:
    assert "mkdocs" in sites and "zensical" in sites, "the dev extra installs both"
    expected = page_urls(sites["mkdocs"])
    assert "campaigns/xss-title/index.html" in expected and "404.html" in expected
    for engine, site in sites.items():
        assert page_urls(site) == expected, engine


def test_every_relative_link_resolves_on_every_engine(sites: dict[str, Path]) -> None:
    # A staged Zensical build runs without Zensical's own link check (``engines.link_check``):
    # the links masa writes into generated pages must hold by themselves, on every engine.
    for engine, site in sites.items():
        assert broken_links(site) == [], engine


def test_every_engine_writes_the_json_and_the_generated_assets(sites: dict[str, Path]) -> None:
    for engine, site in sites.items():
        for path in ("api/campaigns.json", "api/schema/plan.schema.json", "assets/masa/masa.css"):
            assert (site / path).is_file(), (engine, path)
        assert (site / "campaigns/xss-title/diagram.png").read_bytes() == (
            BASIC / "campaigns/xss-title/diagram.png"
        ).read_bytes(), engine
        campaigns = json.loads((site / "api/campaigns.json").read_text(encoding="utf-8"))["campaigns"]
        assert sorted(c["slug"] for c in campaigns) == sorted(INTERNAL_SLUGS + PUBLIC_SLUGS), engine


@pytest.mark.parametrize("engine", engine_params())
def test_the_example_playbook_builds_the_same_pages(engine: str, tmp_path: Path) -> None:
    site = build_or_fail(REPO, tmp_path / engine, "--strict", "--engine", engine, epoch=EXAMPLE_EPOCH)
    reference = build_or_fail(REPO, tmp_path / "reference", "--engine", "mkdocs", epoch=EXAMPLE_EPOCH)
    assert page_urls(site) == page_urls(reference)
    assert len(page_urls(site)) > 40
    assert broken_links(site) == []


def test_nothing_is_written_into_the_repository(basic_root: Path, sites: dict[str, Path]) -> None:
    assert sorted(p.name for p in (basic_root / "docs").iterdir()) == ["figures.md"]
    assert sorted(p.name for p in basic_root.iterdir() if p.name.startswith(".")) == []


# ---------------------------------------------------------------- Zensical's pages


def zensical_site(sites: dict[str, Path]) -> Path:
    if "zensical" not in sites:
        pytest.skip("zensical is not installed")
    return sites["zensical"]


def test_edit_links_point_at_the_source_files_on_zensical(sites: dict[str, Path]) -> None:
    site = zensical_site(sites)
    base = "https://github.com/example/playbook/edit/main/"

    def edits(page: str) -> list[str]:
        return EDIT.findall((site / page).read_text(encoding="utf-8"))

    assert edits("campaigns/xss-title/index.html") == [f"{base}campaigns/xss-title/plan.md"]
    assert edits("plays/webinar-series/index.html") == [f"{base}playbooks/plays/webinar-series.md"]
    assert edits("sonicht/blame-game/index.html") == [f"{base}playbooks/sonicht/blame-game.md"]
    assert edits("figures/index.html") == [f"{base}docs/figures.md"]
    for generated in ("index.html", "campaigns/index.html", "wins/index.html", "api/schema/index.html"):
        assert edits(generated) == [], generated
    # content.action.view: the raw file of the same source
    assert f'href="{base.replace("/edit/", "/raw/")}campaigns/xss-title/plan.md"' in (
        site / "campaigns/xss-title/index.html"
    ).read_text(encoding="utf-8")


def test_the_source_partial_override_holds_on_every_engine(sites: dict[str, Path]) -> None:
    for engine, site in sites.items():
        page = (site / "index.html").read_text(encoding="utf-8")
        assert 'class="md-source"' in page, engine
        assert 'data-md-component="source"' not in page, engine  # no request to the GitHub API


def test_generated_pages_named_in_the_nav_are_in_the_nav(sites: dict[str, Path]) -> None:
    for engine, site in sites.items():
        home = (site / "index.html").read_text(encoding="utf-8")
        nav = home[home.index('<nav class="md-nav md-nav--primary"') :]
        for target in ("campaigns/", "wins/", "sonicht/", "plays/", "insights/", "figures/", "api/schema/"):
            # MkDocs writes href="campaigns/", Zensical href="./campaigns/"
            assert re.search(f'href="(?:\\./)?{re.escape(target)}" class="md-nav__link', nav), (
                engine,
                target,
            )


def test_campaign_pages_are_in_the_search_index_on_every_engine(sites: dict[str, Path]) -> None:
    for engine, site in sites.items():
        index = json.loads((site / SEARCH_INDEX[engine]).read_text(encoding="utf-8"))
        entries = index["docs"] if "docs" in index else index["items"]
        locations = {entry["location"].split("#")[0] for entry in entries}
        assert "campaigns/trade-fair-win/" in locations, engine
        assert "sonicht/blame-game/" in locations, engine


# ---------------------------------------------------------------- safety on every engine


def test_hostile_strings_are_inert_on_every_engine(sites: dict[str, Path]) -> None:
    for engine, site in sites.items():
        assert live_markup(site, "alert(") == [], engine
        page = (site / "campaigns/xss-title/index.html").read_text(encoding="utf-8")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, engine
        assert "<script>alert" not in page, engine


@pytest.mark.parametrize("engine", engine_params())
def test_the_hostile_fixture_is_inert(engine: str, tmp_path: Path) -> None:
    root = hostile_root(tmp_path)
    site = build_or_fail(root, tmp_path / "site", "--engine", engine)
    assert live_markup(site, "window.__pwned") == []
    page = (site / "campaigns/evil-done/index.html").read_text(encoding="utf-8")
    assert "Evil &lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt;" in page


def test_a_public_build_holds_no_confidential_canary_on_any_engine(public_sites: dict[str, Path]) -> None:
    for engine, site in public_sites.items():
        assert canary_leaks(site) == {}, engine
        assert (site / SEARCH_INDEX[engine]).is_file(), engine
        sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
        assert all(f"campaigns/{slug}/" not in sitemap for slug in INTERNAL_SLUGS), engine
        assert not any((site / "campaigns" / slug).exists() for slug in INTERNAL_SLUGS), engine
        api = json.loads((site / "api/campaigns.json").read_text(encoding="utf-8"))
        assert sorted(c["slug"] for c in api["campaigns"]) == PUBLIC_SLUGS, engine
        search = (site / SEARCH_INDEX[engine]).read_text(encoding="utf-8")
        assert all(slug not in search for slug in INTERNAL_SLUGS), engine


def test_an_internal_build_holds_what_a_public_one_leaves_out(sites: dict[str, Path]) -> None:
    for engine, site in sites.items():
        assert canary_leaks(site), engine  # the canaries are there to be found
        assert (site / "campaigns/webinar-flop/index.html").is_file(), engine


def test_a_zensical_build_replaces_what_the_folder_held(basic_root: Path, tmp_path: Path) -> None:
    if not installed("zensical"):
        pytest.skip("zensical is not installed")
    dest = tmp_path / "site"  # an earlier build (with its index.html) and a page it no longer has
    (dest / "old").mkdir(parents=True)
    (dest / "index.html").write_text("earlier")
    (dest / "old" / "stale.html").write_text("stale")
    (dest / ".keep").write_text("kept, as MkDocs keeps names with a dot")
    build_or_fail(basic_root, dest, "--engine", "zensical")
    assert not (dest / "old").exists()
    assert (dest / ".keep").is_file()
    assert (dest / "campaigns/index.html").is_file()
    shutil.rmtree(dest)


def test_the_safety_checks_find_live_markup(tmp_path: Path) -> None:
    """The checks above can fail: live markup in a page is found, escaped text is not."""
    (tmp_path / "a.html").write_text(
        '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><option value="x onerror=alert(1)">'
        '<script type="application/json">{"t": "alert(1)"}</script>'
    )
    assert live_markup(tmp_path, "alert(") == []
    (tmp_path / "b.html").write_text(
        '<img src=x onerror="alert(1)"><a href=" javascript:alert(1)">x</a><script>alert(1)</script>'
    )
    assert len(live_markup(tmp_path, "alert(")) == 3
    (tmp_path / "c.txt").write_text("CANARY-SECRET")
    assert canary_leaks(tmp_path) == {"c.txt": ["CANARY-SECRET"]}
