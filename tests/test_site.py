"""The playbook site, built for real: MkDocs with the repository's hooks, in-process.

Each fixture repository under ``tests/sites/`` is copied into a temporary
folder together with the repository's ``hooks/`` and built the way
``mkdocs build`` does it (startup, build, shutdown). Every build runs once per
module; the tests read the HTML and JSON it wrote.

``tests/sites/basic`` holds a campaign with a hostile title and hostile
retro text, and internal campaigns full of ``CANARY-`` strings that a public
build must not contain in any file.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import json
import logging
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from masa_playbook import figures
from masa_playbook.check import check
from masa_playbook.loader import load_playbook
from masa_playbook.numbers import format_number
from site_engines import broken_links

REPO = Path(__file__).resolve().parents[1]
SITES = Path(__file__).parent / "sites"
EPOCH = "1780000000"  # 2026-05-28, the build's "today"
TODAY = dt.date(2026, 5, 28)
BASIC = SITES / "basic"
CANARIES = re.compile(r"CANARY-[A-Z-]+")
PUBLIC_SLUGS = ["podcast-idea", "roadshow-mixed", "trade-fair-win", "xss-title"]
INTERNAL_SLUGS = ["outbound-running", "webinar-flop"]


def copy_fixture(tmp: Path, fixture: Path, *, language: str = "en") -> Path:
    """The fixture repository with the real hooks, in a fresh folder."""
    root = tmp / f"{fixture.name}-{language}"
    shutil.copytree(fixture, root)
    shutil.copytree(REPO / "hooks", root / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    if language != "en":
        config = root / "mkdocs.yml"
        config.write_text(config.read_text().replace("language: en", f"language: {language}"))
    return root


def build_site(
    root: Path, site_dir: str = "site", *, strict: bool = True, epoch: str | None = EPOCH, **env: str
) -> Path:
    """Build ``root`` like ``mkdocs build [--strict]`` into ``root/site_dir``."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("MASA_AUDIENCE", raising=False)
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        mp.setenv("NO_MKDOCS_2_WARNING", "1")
        if epoch is not None:
            mp.setenv("SOURCE_DATE_EPOCH", epoch)
        for key, value in env.items():
            mp.setenv(key, value)
        config = load_config(
            config_file=str(root / "mkdocs.yml"), site_dir=str(root / site_dir), strict=strict
        )
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    return root / site_dir


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def files_of(site: Path) -> Iterator[Path]:
    return (p for p in sorted(site.rglob("*")) if p.is_file())


def article(html: str) -> str:
    """The page content, without the theme's navigation and header, line breaks between tags removed."""
    start = html.index('<article class="md-content__inner md-typeset">')
    return re.sub(r">\n+<", "><", html[start : html.index("</article>", start)])


@pytest.fixture(scope="module")
def basic_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_fixture(tmp_path_factory.mktemp("sites"), BASIC)


@pytest.fixture(scope="module")
def site(basic_root: Path) -> Path:
    return build_site(basic_root)


@pytest.fixture(scope="module")
def public_site(basic_root: Path) -> Path:
    return build_site(basic_root, "site-public", MASA_AUDIENCE="public")


@pytest.fixture(scope="module")
def german_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(copy_fixture(tmp_path_factory.mktemp("sites"), BASIC, language="de"))


@pytest.fixture(scope="module")
def playbook() -> object:
    return load_playbook(BASIC)


# ---------------------------------------------------------------- every URL


def test_every_generated_url_exists(site: Path) -> None:
    expected = [
        "index.html",
        "campaigns/index.html",
        *(f"campaigns/{slug}/index.html" for slug in PUBLIC_SLUGS + INTERNAL_SLUGS),
        "campaigns/xss-title/diagram.png",
        "wins/index.html",
        "lessons/index.html",
        "sonicht/index.html",
        "sonicht/vanity-metrics/index.html",
        "sonicht/blame-game/index.html",
        "plays/index.html",
        "plays/webinar-series/index.html",
        "insights/index.html",
        "api/campaigns.json",
        "api/schema/index.html",
        *(f"api/schema/{kind}.schema.json" for kind in ("people", "plan", "retro", "play", "sonicht")),
        "assets/masa/masa.js",
        "assets/masa/masa.css",
        "figures/index.html",
    ]
    missing = [path for path in expected if not (site / path).is_file()]
    assert missing == []
    assert (site / "campaigns/xss-title/diagram.png").read_bytes() == (
        BASIC / "campaigns/xss-title/diagram.png"
    ).read_bytes()


def test_nothing_is_written_into_the_fixture_docs(basic_root: Path, site: Path) -> None:
    assert sorted(p.name for p in (basic_root / "docs").iterdir()) == ["figures.md"]


def test_the_dashboard_is_the_home_page_when_docs_has_none(site: Path) -> None:
    home = article(read(site, "index.html"))
    assert 'class="masa-dashboard"' in home
    assert 'data-figure="campaigns"><strong>6</strong>' in home


# ---------------------------------------------------------------- campaign pages


def test_a_campaign_page_shows_both_sides_owners_and_every_goal(site: Path, playbook: object) -> None:
    page = article(read(site, "campaigns/trade-fair-win/index.html"))
    assert "<dt>Owners: Marketing</dt><dd>Tom Tanner</dd>" in page
    assert "<dt>Owners: Sales</dt><dd>Sara Seller</dd>" in page
    for slug in PUBLIC_SLUGS + INTERNAL_SLUGS:
        campaign = playbook.campaigns[slug]  # type: ignore[attr-defined]
        goals = re.search(
            r'<table class="masa-goals">.*?</table>', article(read(site, f"campaigns/{slug}/index.html"))
        )
        for goal, actual in figures.goal_results(campaign):
            assert goals is not None, slug
            row = re.search(rf"<tr><td>{re.escape(goal.metric)}.*?</tr>", goals.group(0))
            assert row is not None, (slug, goal.id)
            cells = re.findall(r"<td>(.*?)</td>", row.group(0))
            assert cells[1].endswith(format_number(goal.target, "en")), (slug, goal.id)
            assert cells[2] == ("" if actual is None else format_number(actual, "en")), (slug, goal.id)


def test_a_campaign_page_has_money_tasks_plan_and_retro(site: Path) -> None:
    page = article(read(site, "campaigns/xss-title/index.html"))
    # generated blocks are ASCII: € is written &#8364;
    assert "<td>Budget / Cost</td><td>&#8364;5,000</td><td>&#8364;4,200</td>" in page
    assert "<td>ROI</td><td></td><td>186%</td>" in page
    tasks = re.search(r'<ul class="masa-tasks">.*?</ul>', page)
    assert tasks is not None
    assert re.findall(r'<li class="masa-task-state--\w+">([\d-]+) ', tasks.group(0)) == [
        "2025-03-10",
        "2025-04-20",
    ]
    assert 'id="retro"' in page
    assert '<span class="masa-outcome masa-outcome--success">success</span>' in page
    assert '<a href="../../sonicht/vanity-metrics/">Vanity metrics</a>' in page
    assert '<h2 id="plan-text">' in page and '<h2 id="what-happened">' in page


def test_a_campaign_page_lists_generated_and_authored_headings_in_page_order(site: Path) -> None:
    html = read(site, "campaigns/xss-title/index.html")
    headings = re.findall(r'<h([1-6]) id="([^"]+)">', article(html))
    order = [ident for _, ident in headings]
    assert order[1:] == [
        "goals", "budget-and-return", "who-does-what-by-when", "the-plan", "plan-text",
        "retro", "what-happened",
    ]  # fmt: skip
    toc = html.split('<nav class="md-nav md-nav--secondary"', 1)[1].split('<div class="md-content"', 1)[0]
    assert re.findall(r'href="#([^"]+)"', toc) == order[1:]  # the title (h1) heads the page, not the list
    for ident in order:  # generated headings carry the same permalink as authored ones
        assert re.search(
            f'<a class="headerlink" href="#{ident}" title="Permanent link">(&para;|\u00b6)</a>', html
        )


def test_authored_links_point_at_the_generated_pages(site: Path) -> None:
    page = article(read(site, "campaigns/xss-title/index.html"))
    assert '<a href="../roadshow-mixed/">the roadshow</a>' in page
    assert '<a href="../trade-fair-win/#retro">the win\'s\nretro</a>' in page
    assert '<a href="../../plays/webinar-series/">play</a>' in page
    assert '<img alt="diagram" src="diagram.png">' in page


def test_edit_this_page_points_at_the_source_file(site: Path) -> None:
    edit = re.compile(r'<a href="([^"]+)" title="Edit this page"')
    base = "https://github.com/example/playbook/edit/main/"
    assert edit.findall(read(site, "campaigns/xss-title/index.html")) == [
        f"{base}campaigns/xss-title/plan.md"
    ]
    assert f'href="{base}campaigns/xss-title/retro.md">Edit the retro' in read(
        site, "campaigns/xss-title/index.html"
    )
    assert edit.findall(read(site, "plays/webinar-series/index.html")) == [
        f"{base}playbooks/plays/webinar-series.md"
    ]
    assert edit.findall(read(site, "sonicht/blame-game/index.html")) == [
        f"{base}playbooks/sonicht/blame-game.md"
    ]
    assert edit.findall(read(site, "figures/index.html")) == [f"{base}docs/figures.md"]
    for generated in ("index.html", "campaigns/index.html", "wins/index.html", "api/schema/index.html"):
        assert edit.findall(read(site, generated)) == [], generated


def test_every_relative_link_resolves(site: Path) -> None:
    assert broken_links(site) == []


def test_links_resolve_without_directory_urls(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path, BASIC)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + "use_directory_urls: false\n")
    built = build_site(root)
    assert (built / "campaigns/xss-title/index.html").is_file()
    assert broken_links(built) == []
    assert '<a href="../../plays/webinar-series/index.html">' in read(built, "campaigns/xss-title/index.html")


# ---------------------------------------------------------------- nothing dropped


def test_counts_on_index_pages_equal_the_campaigns(site: Path, playbook: object) -> None:
    campaigns = playbook.campaigns  # type: ignore[attr-defined]
    outcomes = [figures.outcome(c) for c in campaigns.values()]
    index = read(site, "campaigns/index.html")
    assert len(campaigns) == 6
    assert 'data-count="6"' in index
    assert sorted(re.findall(r'<tr data-[^>]*><td><a href="([^"/]+)/"', index)) == sorted(campaigns)

    def count(path: str) -> list[int]:
        return [
            int(n) for n in re.findall(r'class="masa-(?:stories|list)" data-count="(\d+)"', read(site, path))
        ]

    assert count("wins/index.html") == [outcomes.count("success")] == [2]
    assert count("lessons/index.html") == [outcomes.count("failure") + outcomes.count("mixed")] == [2]
    assert len(re.findall(r'<section class="masa-story"', read(site, "wins/index.html"))) == 2
    assert "CANARY-INTERNAL-LEARNING" in read(site, "lessons/index.html")
    assert count("sonicht/index.html") == [2]
    assert count("plays/index.html") == [1]
    assert count("sonicht/vanity-metrics/index.html") == [2]
    assert count("sonicht/blame-game/index.html") == [2]
    assert count("plays/webinar-series/index.html") == [2]
    api = json.loads(read(site, "api/campaigns.json"))
    assert api["count"] == len(api["campaigns"]) == 6


def test_campaigns_index_is_filterable_and_kept_out_of_search(site: Path) -> None:
    index = read(site, "campaigns/index.html")
    for name in ("status", "outcome", "initiator", "industry", "channel", "play", "year"):
        assert f'<select data-filter="{name}">' in index
    assert 'data-channel="|conference|outbound|"' in index
    locations = {
        d["location"].split("#")[0] for d in json.loads(read(site, "search/search_index.json"))["docs"]
    }
    assert "campaigns/" not in locations
    assert {f"campaigns/{slug}/" for slug in PUBLIC_SLUGS + INTERNAL_SLUGS} <= locations


def test_campaigns_json_has_the_computed_figures(site: Path) -> None:
    text = read(site, "api/campaigns.json")
    data = json.loads(text)
    assert (
        text
        == json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        + "\n"
    )
    by_slug = {c["slug"]: c for c in data["campaigns"]}
    win = by_slug["xss-title"]
    assert win["title"].startswith("<script>alert(1)</script>")
    assert win["outcome"] == "success" and win["roi"] == pytest.approx((12000 - 4200) / 4200)
    assert win["owners"] == {"marketing": ["mia"], "sales": ["sam"]}
    assert [(g["id"], g["target"], g["actual"], g["met"]) for g in win["goals"]] == [
        ("signups", 40, 52, True),
        ("cost-per-lead", 100, 80, True),
    ]
    assert win["url"] == "https://playbook.example.org/campaigns/xss-title/"
    assert by_slug["podcast-idea"]["outcome"] is None and by_slug["podcast-idea"]["period"] is None


# ---------------------------------------------------------------- escaping


def test_a_hostile_title_is_text_everywhere(site: Path) -> None:
    for path in files_of(site):
        text = path.read_bytes().decode("utf-8", "replace")
        assert "<script>alert" not in text, path
        if path.suffix == ".html":
            assert not re.search(r"<(?:img|p|a)\b[^>]*\bon(?:error|click)=", text), path
            assert 'href="javascript:' not in text and "<iframe" not in text, path
    page = read(site, "campaigns/xss-title/index.html")
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &quot;quote&quot; | pipe `tick` *star* [x](y)"
    assert f"<title>{escaped} - Fixture playbook</title>" in page
    header = re.search(
        r'<span class="md-ellipsis">\s*(.*?)\s*</span>', page.split('data-md-component="header-topic"')[1]
    )
    assert header is not None and header.group(1) == escaped
    h1 = re.search(r'<h1 id="[^"]*-xy">(.*?)<a class="headerlink"', page)  # a generated heading
    assert (
        h1 is not None
        and "<" not in h1.group(1)
        and html_lib.unescape(h1.group(1)) == html_lib.unescape(escaped)
    )
    index = json.loads(read(site, "search/search_index.json"))
    titles = [d["title"] for d in index["docs"] if d["location"] == "campaigns/xss-title/"]
    assert titles == ['&lt;script&gt;alert(1)&lt;/script&gt; "quote" | pipe `tick` *star* [x](y)']


def test_raw_html_in_authored_text_is_cleaned(site: Path) -> None:
    page = article(read(site, "campaigns/xss-title/index.html"))
    assert '<p><img src="diagram.png"> <a>js link</a></p>' in page
    assert "<p>styled</p>" in page
    assert "masa:authored" not in page
    assert "alert(10)" not in page and 'alert("plan")' not in page
    assert 'alert("shield")' not in page and "A block dressed as generated HTML stays authored" in page


def test_a_hostile_play_and_anti_pattern_are_cleaned_and_escaped(tmp_path: Path) -> None:
    """Play and #sonicht pages: generated parts escaped, the authored body cleaned like a plan's."""
    root = copy_fixture(tmp_path, BASIC)
    hostile = (
        '\n<script>alert("body")</script>\n\n<p onclick="alert(2)">Kept text</p> [js](javascript:alert(3))\n'
    )
    play = root / "playbooks/plays/webinar-series.md"
    text = play.read_text().replace("title: Webinar series", "title: '<img src=x onerror=alert(1)> Series'")
    play.write_text(text + hostile)
    anti = root / "playbooks/sonicht/blame-game.md"
    anti.write_text(anti.read_text() + hostile)
    built = build_site(root)
    for page in ("plays/webinar-series/index.html", "sonicht/blame-game/index.html"):
        html = article(read(built, page))
        assert "<script" not in html and 'alert("body")' not in html and "alert(2)" not in html, page
        assert "onclick=" not in html and "javascript:" not in html and "<img src=x" not in html, page
        assert "<p>Kept text</p>" in html and "<a>js</a>" in html, page
    h1 = re.search(
        r'<h1 id="img-srcx-onerroralert1-series">(.*?)<a', read(built, "plays/webinar-series/index.html")
    )
    assert h1 is not None and "<" not in h1.group(1)
    assert html_lib.unescape(h1.group(1)) == "<img src=x onerror=alert(1)> Series"
    docs = json.loads(read(built, "search/search_index.json"))["docs"]
    assert any(d["location"] == "sonicht/blame-game/" for d in docs)
    assert not any('alert("body")' in d["text"] or "alert(2)" in d["text"] for d in docs)


def test_template_syntax_in_a_retro_is_shown_literally(site: Path) -> None:
    page = article(read(site, "campaigns/xss-title/index.html"))
    # Every brace is a character reference: shown as written, invisible to a template engine.
    assert "<p>A retro may write &#123;&#123; config }} and &#123;% raw %} and it stays text.</p>" in page
    assert "Learned: &#123;&#123; config.site_name }} and &lt;img src=x onerror=alert(6)&gt;" in page
    assert "{{" not in page and "{%" not in page


# ---------------------------------------------------------------- macros


def test_macros_on_a_hand_written_page(site: Path) -> None:
    page = article(read(site, "figures/index.html"))
    assert "Success rate: 50%; campaigns: 6;\nwon: €12,000." in page
    assert 'class="masa-dashboard"' in page
    table = re.search(r'<table class="masa-campaigns".*?</table>', page, re.S)
    assert table is not None
    assert re.findall(r'<a href="../campaigns/([^/]+)/"', table.group(0)) == ["trade-fair-win", "xss-title"]


# ---------------------------------------------------------------- audience


def test_a_public_build_holds_no_internal_content(public_site: Path) -> None:
    leaks = {}
    for path in files_of(public_site):
        found = CANARIES.findall(path.read_bytes().decode("utf-8", "replace"))
        if found:
            leaks[str(path.relative_to(public_site))] = sorted(set(found))
    assert leaks == {}
    sitemap = read(public_site, "sitemap.xml")
    assert all(f"campaigns/{slug}/" not in sitemap for slug in INTERNAL_SLUGS)
    assert all(f"campaigns/{slug}/" in sitemap for slug in PUBLIC_SLUGS)
    assert not any((public_site / "campaigns" / slug).exists() for slug in INTERNAL_SLUGS)
    api = json.loads(read(public_site, "api/campaigns.json"))
    assert sorted(c["slug"] for c in api["campaigns"]) == PUBLIC_SLUGS
    assert 'data-count="4"' in read(public_site, "campaigns/index.html")


def test_an_internal_build_shows_target_accounts(site: Path) -> None:
    assert "CANARY-PUBLIC-TARGET-ACCOUNT" in read(site, "campaigns/roadshow-mixed/index.html")


# ---------------------------------------------------------------- language


def test_a_german_build_has_german_labels(german_site: Path) -> None:
    assert '<html lang="de"' in read(german_site, "campaigns/trade-fair-win/index.html")
    page = article(read(german_site, "campaigns/trade-fair-win/index.html"))
    for label in (
        "Verantwortlich: Marketing",
        "Verantwortlich: Vertrieb",
        "Ziele",
        "Kennzahl",
        "<th>Ist</th>",
    ):
        assert label in page, label
    assert "<td>Budget / Kosten</td><td>20.000&#160;&#8364;</td><td>18.000&#160;&#8364;</td>" in page
    assert "Kampagnen" in read(german_site, "campaigns/index.html")
    assert "Erfolge" in read(german_site, "wins/index.html")


# ---------------------------------------------------------------- reproducible


def test_two_builds_are_byte_identical(basic_root: Path, site: Path) -> None:
    again = build_site(basic_root, "site-again")
    first = {p.relative_to(site): p.read_bytes() for p in files_of(site)}
    second = {p.relative_to(again): p.read_bytes() for p in files_of(again)}
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []


# ---------------------------------------------------------------- findings


def test_an_error_in_the_content_stops_the_build(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = copy_fixture(tmp_path, BASIC)
    plan = root / "campaigns/trade-fair-win/plan.md"
    plan.write_text(plan.read_text().replace("  sales: [sara]\n", "  sales: []\n"))
    expected = [f.render() for f in check(root, today=TODAY).errors]
    assert expected and all(": error: " in line for line in expected)
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):
        build_site(root)
    logged = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert logged == [*expected, "1 error in the playbook; run masa check"]
    assert logged[0].startswith("campaigns/trade-fair-win/plan.md:10: error: owners.sales: ")
    assert not (root / "site").exists()


def test_a_warning_fails_a_strict_build(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = copy_fixture(tmp_path, BASIC)
    retro = root / "campaigns/webinar-flop/retro.md"
    retro.write_text(retro.read_text().replace("cost: 2800\n", "cost: 2800\noutcome: success\n"))
    with caplog.at_level(logging.WARNING), pytest.raises(Abort, match="strict"):
        build_site(root)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(w.startswith("campaigns/webinar-flop/retro.md:") and "[outcome-claim]" in w for w in warnings)
    assert (build_site(root, "site-lenient", strict=False) / "index.html").is_file()


def test_the_hook_is_a_shim_of_the_package(tmp_path: Path) -> None:
    """hooks/masa.py holds no logic: upgrading the package upgrades every repository's build."""
    hook = REPO / "hooks" / "masa.py"
    text = hook.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 30
    assert "from masa_playbook.engines.mkdocs import" in text
    assert "def " not in text and "HOOK_API" not in text
    starter = REPO / "src/masa_playbook/starter/hooks/masa.py.txt"
    assert starter.read_text(encoding="utf-8") == text


def test_an_error_stops_the_build_in_on_config(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path, BASIC)
    plan = root / "campaigns/trade-fair-win/plan.md"
    plan.write_text(plan.read_text().replace("status:", "stauts:", 1))
    with pytest.raises(Abort):
        build_site(root, "site-invalid")
    assert not (root / "site-invalid").exists()


# ---------------------------------------------------------------- the example


@pytest.mark.slow
def test_the_example_playbook_builds_strict(tmp_path: Path) -> None:
    built = build_site(REPO, str(tmp_path / "site"), epoch=None)
    assert (built / "campaigns/index.html").is_file()
    assert 'class="masa-dashboard"' in read(built, "index.html")


def test_a_playbook_without_campaigns_or_playbooks_builds(tmp_path: Path) -> None:
    """An empty repository (people.yml only) builds: nothing to watch is not an error."""
    repo = tmp_path / "empty"
    (repo / "docs").mkdir(parents=True)
    (repo / "people.yml").write_text("evi:\n  name: Evi\n  function: marketing\n", encoding="utf-8")
    shutil.copytree(Path(__file__).parent.parent / "hooks", repo / "hooks")
    (repo / "mkdocs.yml").write_text(
        "site_name: Empty\ntheme:\n  name: material\n  font: false\nhooks:\n  - hooks/masa.py\n",
        encoding="utf-8",
    )
    site_dir = build_site(repo)
    api = json.loads(read(site_dir, "api/campaigns.json"))
    assert api["count"] == 0
    assert 'class="masa-table-wrap" data-count="0"' in read(site_dir, "campaigns/index.html")


def test_generated_blocks_are_searchable_as_text(site: Path) -> None:
    """Search gets the text of the summary card and tables, not their markup, and no chart data."""
    index = {d["location"]: d["text"] for d in json.loads(read(site, "search/search_index.json"))["docs"]}
    card = index["campaigns/trade-fair-win/"]
    assert "Tom Tanner" in card and "Sara Seller" in card and "<" not in card
    goals = index["campaigns/trade-fair-win/#goals"]
    assert "meetings booked before the fair" in goals and "<" not in goals and '"domain"' not in goals
    page = read(site, "campaigns/trade-fair-win/index.html")
    assert "data-masa-block" not in page and "MASAHTML" not in page
    assert '<table class="masa-goals">' in page and 'data-chart="goals"' in page


def test_lists_of_campaigns_on_catalogue_pages_stay_out_of_search(site: Path) -> None:
    """The campaigns that used a play or showed an anti-pattern are listed, but not indexed.

    Such lists grow with the playbook (Zensical refuses a search section whose
    text outgrows its limit, 16 KB at 3,000 campaigns); the campaigns' own
    pages are in the index.
    """
    docs = {d["location"]: d["text"] for d in json.loads(read(site, "search/search_index.json"))["docs"]}
    for page, section in (
        ("plays/webinar-series/", "campaigns-using-it"),
        ("sonicht/blame-game/", "where-it-was-seen"),
    ):
        html = article(read(site, f"{page}index.html"))
        listed = re.search(r'<div class="masa-list" data-count="2"><ul>(.*?)</ul>', html, re.S)
        assert listed is not None, page
        entries = [
            " ".join(re.sub(r"<[^>]+>", " ", li).split()) for li in re.findall(r"<li>(.*?)</li>", listed[1])
        ]
        assert len(entries) == 2 and all("campaigns/" not in e for e in entries), entries
        text = " ".join(docs[f"{page}#{section}"].split())  # the heading is in the index, the list is not
        assert not [entry for entry in entries if entry in text], page


def test_pages_carry_no_template_indentation(site: Path) -> None:
    for path in files_of(site):
        if path.suffix == ".html":
            outside_pre = re.sub(
                r"<pre\b.*?</pre>", "", read(site, str(path.relative_to(site))), flags=re.DOTALL
            )
            assert not re.search(r"\n[ \t]+\S", outside_pre), path
