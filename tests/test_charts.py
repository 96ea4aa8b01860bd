"""Chart HTML: escaping, data islands, tables with the numbers, languages, assets.

The HTML is read back with the standard library's HTML parser, the way a
browser tokenizes it: if a hostile title could close a data island or open a
tag, the parser would see it. One browser test draws every chart in Chromium
from the vendored files, with no network.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml

from masa_playbook.charts import (
    ASSETS,
    JAVASCRIPT,
    SETTINGS_SCRIPT,
    STYLESHEETS,
    VENDORED,
    campaign_charts_html,
    insights_markdown,
    settings_script,
)
from masa_playbook.charts.html import data_island, esc, table
from masa_playbook.config import PlaybookConfig
from masa_playbook.frontmatter import Source
from masa_playbook.model import AntiPattern, Person, Plan, Play, Retro
from masa_playbook.numbers import chart_number_format, format_amount, format_number, format_percent
from masa_playbook.playbook import AntiPatternEntry, Campaign, Playbook, PlayEntry

TODAY = dt.date(2025, 8, 15)
EVIL = "<script>alert(1)</script> \"quoted\" 'single' & </script><img src=x onerror=alert(2)>"


class Page(HTMLParser):
    """Tags, JSON data islands and table cells, as a browser would tokenize them."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.islands: list[Any] = []
        self.scripts: list[str] = []
        self.cells: list[str] = []
        self.texts: list[str] = []
        self._in: list[str] = []
        self._cell: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in.append(tag)
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append("".join(self._cell).strip())
            self._cell = None
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "script":
            self.scripts.append(data)
            self.islands.append(json.loads(data))
            return
        self.texts.append(data)
        if self._cell is not None:
            self._cell.append(data)

    def attrs(self, tag: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag]


def campaign(slug: str, retro: dict[str, Any] | None = None, **plan: Any) -> Campaign:
    data: dict[str, Any] = {
        "title": slug.title(),
        "initiated_by": "marketing",
        "status": "done",
        "period": {"start": "2025-07-01", "end": "2025-09-30"},
        "owners": {"marketing": ["evi"], "sales": ["sam"]},
        "audience": {"industry": "automotive"},
        "budget": 10000,
        "expected": {"pipeline": 100000},
        "goals": [{"id": "leads", "metric": "qualified leads", "target": 10}],
        "tasks": [
            {"task": "Invite", "owner": "evi", "due": "2025-07-10", "done": True},
            {"task": "Call", "owner": "sam", "due": "2025-08-01"},
            {"task": "Follow up", "owner": "sam", "due": "2025-09-20"},
        ],
        **plan,
    }
    r = None
    if retro is not None:
        r = Retro.model_validate({"date": "2025-10-10", "authors": ["evi"], "learnings": ["x"], **retro})
    return Campaign(slug, Plan.model_validate(data), Source(f"campaigns/{slug}/plan.md"), r)


PEOPLE = {
    "evi": Person(name="Evi Beispiel", function="marketing"),
    "sam": Person(name="Sam Muster", function="sales"),
}


def playbook(*campaigns: Campaign, hostile: bool = False) -> Playbook:
    pb = Playbook(root=".", config=PlaybookConfig())
    pb.campaigns = {c.slug: c for c in campaigns}
    pb.people = dict(PEOPLE)
    title = EVIL if hostile else "Conference first touch"
    pb.plays["conference-first-touch"] = PlayEntry(
        "conference-first-touch",
        Play(title=title, summary="s"),
        Source("playbooks/plays/conference-first-touch.md"),
    )
    pb.plays["speed-to-lead"] = PlayEntry(
        "speed-to-lead", Play(title="Speed to lead", summary="s"), Source("playbooks/plays/speed-to-lead.md")
    )
    for ident, ap_title in (
        ("vanity-metrics", EVIL if hostile else "Vanity metrics"),
        ("blame-game", "Blame game"),
    ):
        pb.antipatterns[ident] = AntiPatternEntry(
            ident, AntiPattern(title=ap_title, summary="s"), Source(f"playbooks/sonicht/{ident}.md")
        )
    return pb


def sample() -> Playbook:
    won = campaign(
        "won",
        channels=["conference"],
        play="conference-first-touch",
        retro={
            "results": {"leads": 12},
            "cost": 8000,
            "return": {"pipeline": 150000, "won": 20000},
            "sonicht": ["vanity-metrics"],
        },
    )
    lost = campaign(
        "lost",
        initiated_by="sales",
        period={"start": "2025-10-01", "end": "2025-12-31"},
        tasks=[{"task": "Call", "owner": "sam", "due": "2025-10-10"}],
        channels=["email"],
        budget=1234567,
        retro={"date": "2026-01-20", "results": {"leads": 5}, "cost": 1234567, "return": {"pipeline": 1000}},
    )
    running = campaign("running", status="running", period={"start": "2026-01-05", "end": "2026-03-31"})
    running = campaign(
        "running",
        status="running",
        period={"start": "2026-01-05", "end": "2026-03-31"},
        tasks=[{"task": "Plan", "owner": "evi", "due": "2026-01-10"}],
        audience={"industry": "retail"},
    )
    return playbook(won, lost, running)


def hostile() -> Playbook:
    evil = campaign(
        "evil",
        title=EVIL,
        audience={"industry": EVIL},
        channels=[EVIL],
        play="conference-first-touch",
        goals=[{"id": "leads", "metric": EVIL, "target": 10}],
        tasks=[{"task": EVIL, "owner": "evi", "due": "2025-07-10"}],
        retro={"results": {"leads": 12}, "cost": 1, "return": {"won": 2}, "sonicht": ["vanity-metrics"]},
    )
    return playbook(evil, hostile=True)


# ------------------------------------------------------------------ escaping


def test_esc_and_data_island() -> None:
    assert esc(EVIL) == (
        "&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &#x27;single&#x27; &amp; "
        "&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"
    )
    assert esc("two\n\nlines") == "two lines"  # no blank line can end a raw HTML block
    island = data_island({"t": EVIL, "sep": "\u2028"})
    assert not set("<>&") & set(island)
    assert json.loads(island) == {"t": EVIL, "sep": "\u2028"}
    with pytest.raises(ValueError):
        data_island({"x": float("inf")})


def assert_raw_blocks_are_single_lines(md: str) -> None:
    """Each raw HTML block of the Markdown is one line, so Markdown cannot split it.

    (Blocks are also shielded from Markdown on the site, but the ``figure``
    macro puts the same HTML into hand-written pages, unshielded.)
    """
    wrappers = (
        '<div class="masa-part">',
        '<section class="masa-part" data-search-exclude>',
        "</div>",
        "</section>",
    )
    for line in md.splitlines():
        if line.startswith("<") and not line.startswith("<!-- ") and line not in wrappers:
            tag = line[1:].split(" ", 1)[0].split(">", 1)[0]
            assert line.endswith(f"</{tag}>"), line[:80]


def assert_safe(html: str, n_islands: int) -> Page:
    page = Page(html)
    scripts = page.attrs("script")
    assert len(scripts) == n_islands
    assert all(a == {"type": "application/json"} for a in scripts)
    assert page.attrs("img") == []  # the hostile <img> stayed text
    assert all(not any(k.startswith("on") for k in a) for _, a in page.tags)
    assert "<script>alert" not in html
    return page


def test_hostile_campaign_fragment_is_escaped() -> None:
    html = campaign_charts_html(hostile().campaigns["evil"], today=TODAY, lang="en", people=PEOPLE)
    page = assert_safe(html, n_islands=2)
    assert "\n" not in html  # one raw HTML block when embedded in Markdown
    timeline, goals = page.islands
    assert timeline["tasks"][0]["task"].startswith("<script>alert(1)</script>")  # round trip, cut to 80
    assert goals["goals"][0]["metric"].startswith("<script>alert(1)")
    assert EVIL in page.cells  # the tables hold the full text, as text


def test_hostile_insights_page_is_escaped() -> None:
    md = insights_markdown(hostile(), today=TODAY, lang="en")
    assert_raw_blocks_are_single_lines(md)
    html = markdown.markdown(md, extensions=["tables"])
    page = assert_safe(html, n_islands=7)
    assert EVIL in page.cells  # campaign title, industry, channel, play, anti-pattern
    assert sum(EVIL in t for t in page.texts) >= 5
    flat = json.dumps(page.islands)
    assert json.dumps(EVIL[:20])[1:-1] in flat


# ------------------------------------------------------------------ campaign charts


def test_campaign_charts_structure_and_numbers() -> None:
    c = sample().campaigns["won"]
    html = campaign_charts_html(c, today=TODAY, lang="en", people=PEOPLE)
    assert html.startswith("<div")
    page = assert_safe(html, n_islands=2)
    figures = page.attrs("figure")
    assert [f["data-chart"] for f in figures] == ["timeline", "goals"]
    assert all(f["class"] == "masa-chart" and f["data-label"] for f in figures)
    assert len(page.attrs("table")) == 2 and len(page.attrs("caption")) == 2
    timeline, goals = page.islands
    assert timeline["domain"] == ["2025-07-01", "2025-09-30"]
    assert timeline["today"] == "2025-08-15"
    assert timeline["rows"] == ["Evi Beispiel", "Sam Muster"]
    assert [t["state"] for t in timeline["tasks"]] == ["done", "overdue", "open"]
    # owners as indexes into "rows": each name once per island
    assert [timeline["rows"][t["owner"]] for t in timeline["tasks"]] == [
        "Evi Beispiel",
        "Sam Muster",
        "Sam Muster",
    ]
    assert goals["has_actual"] is True
    first = goals["goals"][0]
    assert (first["share"], first["met"], first["text"]) == (1.2, True, "12 of 10")
    # The words every campaign chart shares are in the settings script, not in each island.
    assert all("labels" not in island and "format" not in island for island in page.islands)
    # the tables: tasks, then goals
    assert page.cells[8:12] == ["2025-08-01", "Call", "Sam Muster", "no (overdue)"]
    assert page.cells[-5:] == ["qualified leads", "at least 10", "12", "yes", "120%"]


def test_campaign_charts_before_the_retro_and_today_outside() -> None:
    c = campaign("plan", status="planned")
    html = campaign_charts_html(c, today=dt.date(2026, 1, 1), lang="en")
    timeline, goals = Page(html).islands
    assert timeline["today"] is None  # outside the period: no rule
    assert timeline["rows"] == ["evi", "sam"]  # handles without people
    assert goals["has_actual"] is False
    assert goals["goals"][0]["share"] is None and goals["goals"][0]["text"] == "at least 10"
    assert "–" in Page(html).cells


def test_timeline_domain_widens_to_tasks_outside_the_period() -> None:
    c = campaign("wide", tasks=[{"task": "Prep", "owner": "evi", "due": "2025-06-20"}])
    timeline = Page(campaign_charts_html(c, today=TODAY, lang="en")).islands[0]
    assert timeline["domain"] == ["2025-06-20", "2025-09-30"]


def test_one_day_campaign_gets_a_time_axis() -> None:
    c = campaign(
        "day",
        period={"start": "2025-07-01", "end": "2025-07-01"},
        tasks=[{"task": "Go", "owner": "evi", "due": "2025-07-01"}],
    )
    timeline = Page(campaign_charts_html(c, today=dt.date(2025, 7, 1), lang="en")).islands[0]
    assert timeline["domain"] == ["2025-06-30", "2025-07-02"]
    assert timeline["today"] == "2025-07-01"


def test_at_most_goal_at_zero_shows_the_cap() -> None:
    goals = [{"id": "cpl", "metric": "cost per lead", "target": 50, "direction": "at_most"}]
    c = campaign("cheap", goals=goals, retro={"results": {"cpl": 0}, "cost": 1})
    page = Page(campaign_charts_html(c, today=TODAY, lang="de"))
    assert page.cells[-5:] == ["cost per lead", "höchstens 50", "0", "ja", "≥\u00a01.000\u00a0%"]
    assert page.islands[1]["goals"][0]["share"] == 0.0


def test_no_tasks_and_no_goals_is_empty() -> None:
    idea = campaign("idea", status="idea", period=None, goals=None, tasks=None)
    assert campaign_charts_html(idea, today=TODAY, lang="en") == ""
    only_goals = campaign("g", tasks=None)
    assert [
        f["data-chart"]
        for f in Page(campaign_charts_html(only_goals, today=TODAY, lang="en")).attrs("figure")
    ] == ["goals"]


def test_campaign_charts_in_german() -> None:
    html = campaign_charts_html(sample().campaigns["won"], today=TODAY, lang="de", people=PEOPLE)
    page = Page(html)
    assert "Wer macht was bis wann" in page.texts
    assert "Ziele: Soll und Ist" in page.texts
    assert "nein (überfällig)" in page.cells
    assert all(f["lang"] == "de" for f in page.attrs("figure"))
    assert page.islands[1]["goals"][0]["text"] == "12 von 10"


# ------------------------------------------------------------------ insights page


def test_insights_page_sections_links_and_numbers() -> None:
    md = insights_markdown(sample(), today=dt.date(2026, 2, 1), lang="en")
    assert md.startswith("# Insights\n")
    headings = re.findall(r"^## (.+)$", md, flags=re.M)
    assert headings == [
        "Outcomes per quarter",
        "Success rate by initiator",
        "Success rate by industry",
        "Success rate by channel",
        "Success rate by play",
        "#sonicht anti-patterns over time",
        "Cost and return per campaign",
        "How the numbers are computed",
    ]
    page = assert_safe(markdown.markdown(md, extensions=["tables"]), n_islands=7)
    kinds = [f["data-chart"] for f in page.attrs("figure")]
    assert kinds == ["outcomes-by-quarter", *["success-rate"] * 4, "antipatterns", "cost-return"]
    hrefs = {a["href"] for a in page.attrs("a")}
    assert {"../campaigns/won/", "../campaigns/lost/", "../plays/conference-first-touch/"} <= hrefs
    assert {"../plays/speed-to-lead/", "../sonicht/vanity-metrics/", "../sonicht/blame-game/"} <= hrefs
    headline = {k: html.unescape(v) for k, v in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", md)}
    assert headline["Campaigns"] == "3"
    assert headline["Success rate"] == "50%"
    assert headline["Budget"] == "€1,254,567"  # as the dashboard writes it
    assert headline["Cost"] == "€1,242,567"
    assert headline["Pipeline"] == "€151,000"
    # outcomes per quarter: 2025-Q3 one success, 2025-Q4 one failure, 2026-Q1 one open
    outcomes = page.islands[0]
    assert {(r["quarter"], r["outcome"]) for r in outcomes["rows"] if r["count"]} == {
        ("2025-Q3", "success"),
        ("2025-Q4", "failure"),
        ("2026-Q1", "no outcome yet"),
    }
    assert outcomes["range"] == [
        "var(--masa-success)",
        "var(--masa-mixed)",
        "var(--masa-failure)",
        "var(--masa-open)",
    ]
    cells = page.cells
    assert cells[cells.index("2025-Q4") : cells.index("2025-Q4") + 6] == ["2025-Q4", "1", "0", "0", "1", "0"]
    # cost and return: ROI (20000 - 8000) / 8000 = 150%, pipeline per cost 150000 / 8000 = 18.75
    i = cells.index("Won", cells.index("Pipeline per cost"))
    assert cells[i : i + 7] == ["Won", "success", "8,000", "150,000", "20,000", "150%", "18.75"]
    assert "Cost (€)" in cells  # money columns name the currency as amounts write it
    assert "Plays no campaign has used yet:" in " ".join(page.texts)
    # anti-patterns: seen once, first and last on the retro date, rising
    i = cells.index("Vanity metrics")
    assert cells[i : i + 6] == ["Vanity metrics", "1", "2025-10-10", "2025-10-10", "rising", "Won"]
    assert "Not named in any retro yet:" in " ".join(page.texts)


def test_insights_in_german() -> None:
    md = insights_markdown(sample(), today=dt.date(2026, 2, 1), lang="de")
    assert md.startswith("# Auswertungen\n")
    assert "## Erfolgsquote nach Branche" in md
    assert "## So werden die Zahlen berechnet" in md
    page = Page(markdown.markdown(md, extensions=["tables"]))
    assert "1.254.567\u00a0€" in page.texts and "50\u00a0%" in page.texts
    assert "Erfolg" in page.islands[0]["domain"]
    assert "Misserfolg" in page.cells and "steigend" in page.cells


def test_empty_playbook_insights() -> None:
    md = insights_markdown(playbook(), today=TODAY, lang="en")
    assert md.startswith("# Insights")
    assert md.count("Nothing to show yet.") == 4  # outcomes, industry, channel, cost and return
    page = assert_safe(markdown.markdown(md), n_islands=2)
    # both initiators and every play of the catalogue are listed, with no rate yet
    initiators, plays = page.islands
    assert initiators["rows"] == [
        {"key": "Marketing", "rate": None, "text": "no retro yet"},
        {"key": "Sales", "rate": None, "text": "no retro yet"},
    ]
    assert [r["key"] for r in plays["rows"]] == ["Conference first touch", "Speed to lead"]
    assert "Not named in any retro yet:" in md
    assert dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", md))["Success rate"] == "&#8211;"  # an en dash


def test_every_chart_kind_on_the_pages_has_a_renderer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ``data-chart`` kind the example playbook's pages hold has a function in masa-charts.js."""
    from masa_playbook import site

    monkeypatch.setenv("MASA_AUDIENCE", "internal")
    repo = Path(__file__).resolve().parents[1]
    config = yaml.safe_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))
    build = site.prepare(repo, mkdocs_config=config, today=TODAY)
    pages = site.site_pages(build.context, with_dashboard=True)
    kinds = {kind for page in pages for kind in re.findall(r'data-chart="([a-z-]+)"', page.content)}
    assert {"timeline", "goals", "success-rate", "cost-per", "pipeline-split"} <= kinds
    script = ASSETS["assets/masa/masa-charts.js"].read_text(encoding="utf-8")
    for kind in kinds:
        assert re.search(rf'^\s+"?{re.escape(kind)}"?: function', script, flags=re.M), kind


#: Numbers as charts draw them on axes: round ticks, amounts, percentages (50 for 50%).
TICKS = [0, 1, 2.5, 0.25, 20, 1000, 12345.67, 1234567, -1234.5, -0.001, 4200.5, 1e9]


def test_chart_ticks_are_written_as_the_tables_write_numbers(tmp_path: Path) -> None:
    """masa-charts.js formats with the island's symbols exactly as masa_playbook.numbers does."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("no Node.js; in CI a missing runtime is a failure, not a skip")
        pytest.skip("NOT CHECKED: no Node.js installed")
    script = ASSETS["assets/masa/masa-charts.js"].read_text(encoding="utf-8")
    start, end = script.index("  // Digits in groups"), script.index("  var renderers")
    runner = tmp_path / "ticks.js"
    runner.write_text(
        f"var formats = (function () {{ {script[start:end]}; return formats; }})();\n"
        "var input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
        "var out = {};\n"
        "input.langs.forEach(function (l) {\n"
        "  var f = formats(input.specs[l], l);\n"
        "  out[l] = { number: input.ticks.map(f.number), amount: input.ticks.map(f.amount),\n"
        "             percent: input.ticks.map(f.percent), integer: input.ticks.map(f.integer) };\n"
        "});\n"
        "process.stdout.write(JSON.stringify(out));\n",
        encoding="utf-8",
    )
    langs = ["en", "de"]
    specs = {lang: json.loads(data_island(chart_number_format(lang))) for lang in langs}
    request = json.dumps({"langs": langs, "specs": specs, "ticks": TICKS})
    done = subprocess.run([node, str(runner)], input=request, capture_output=True, text=True, check=True)
    drawn = json.loads(done.stdout)
    for lang in langs:
        assert drawn[lang]["number"] == [format_number(v, lang) for v in TICKS]
        assert drawn[lang]["amount"] == [format_amount(v, lang) for v in TICKS]
        assert drawn[lang]["percent"] == [format_percent(v / 100, lang) for v in TICKS]
        assert drawn[lang]["integer"] == [format_number(v, lang) if v == int(v) else "" for v in TICKS]
    assert drawn["de"]["percent"][4] == "20\u00a0%" and drawn["en"]["percent"][4] == "20%"


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_settings_script_carries_the_number_symbols_and_words_of_its_language(lang: str) -> None:
    script = settings_script(lang)
    prefix = "window.masaChartSettings = "
    assert script.startswith(prefix) and script.endswith(";\n")
    settings = json.loads(script[len(prefix) : -2])
    assert settings["format"] == chart_number_format(lang)
    assert settings["states"] == (
        {"done": "erledigt", "open": "offen", "overdue": "überfällig"}
        if lang == "de"
        else {"done": "done", "open": "open", "overdue": "overdue"}
    )
    assert settings["labels"]["timeline"]["status"] == "Status"
    assert settings["labels"]["goals"]["x"] == (
        "Ist, Anteil am Soll" if lang == "de" else "Actual, share of target"
    )
    # ASCII only, and nothing that could end a script element
    assert script.isascii() and "<" not in script


def test_islands_hold_no_number_symbols_of_their_own() -> None:
    md = insights_markdown(sample(), today=dt.date(2026, 2, 1), lang="de")
    page = Page(markdown.markdown(md, extensions=["tables"]))
    assert page.islands and all("format" not in i for i in page.islands)
    charts = Page(campaign_charts_html(sample().campaigns["won"], today=TODAY, lang="en"))
    assert charts.islands and all("format" not in i for i in charts.islands)


def test_table_marks_numbers_and_row_headers() -> None:
    page = Page(table("T", ["a", "b"], [["x", "1"]], numeric=[1]))
    assert page.attrs("th") == [
        {"scope": "col"},
        {"scope": "col", "style": "text-align:right"},
        {"scope": "row"},
    ]
    assert page.attrs("table") == [{}]  # no class: Material styles the table


# ------------------------------------------------------------------ assets


def test_assets_exist_and_load_in_order() -> None:
    for site_path, path in ASSETS.items():
        assert site_path.startswith("assets/masa/") and path.is_file(), site_path
    # The settings script is generated (settings_script), every other file copied.
    assert set(JAVASCRIPT) | set(STYLESHEETS) <= {*ASSETS, SETTINGS_SCRIPT}
    assert SETTINGS_SCRIPT not in ASSETS
    # The shared settings first; d3 and Plot are loaded by masa-charts.js, only on pages with a chart.
    assert JAVASCRIPT == ["assets/masa/masa-charts-settings.js", "assets/masa/masa-charts.js"]
    assert {"assets/masa/vendor/d3.min.js", "assets/masa/vendor/plot.umd.min.js"} <= set(ASSETS)
    assert STYLESHEETS == ["assets/masa/masa-charts.css"]


def test_vendored_versions_match_the_files_and_the_readme() -> None:
    banners = {
        "d3": ASSETS["assets/masa/vendor/d3.min.js"].read_text(encoding="utf-8").splitlines()[0],
        "@observablehq/plot": ASSETS["assets/masa/vendor/plot.umd.min.js"]
        .read_text(encoding="utf-8")
        .splitlines()[0],
    }
    readme = (ASSETS["assets/masa/vendor/d3.min.js"].parent / "README.md").read_text(encoding="utf-8")
    for package, version in VENDORED.items():
        assert f"v{version}" in banners[package]
        assert f"| {version} |" in readme
    for name in ("LICENSE-d3.txt", "LICENSE-plot.txt"):
        assert "Permission to use, copy, modify" in ASSETS[f"assets/masa/vendor/{name}"].read_text(
            encoding="utf-8"
        )


def test_nothing_is_fetched_from_the_network() -> None:
    namespaces = {
        "http://www.w3.org/1999/xhtml",
        "http://www.w3.org/1999/xlink",
        "http://www.w3.org/2000/svg",
        "http://www.w3.org/2000/xmlns/",
        "http://www.w3.org/XML/1998/namespace",
        "https://d3js.org",  # the banner comment
    }
    for site_path in [p for p in ASSETS if p.endswith(".js")]:
        text = ASSETS[site_path].read_text(encoding="utf-8")
        assert set(re.findall(r"https?://[^\s\"'`)]+", text)) <= namespaces, site_path
    ours = ASSETS["assets/masa/masa-charts.js"].read_text(encoding="utf-8")
    assert not re.search(r"\bfetch\(|XMLHttpRequest|import\(|innerHTML", ours)
    css = ASSETS["assets/masa/masa-charts.css"].read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css


def _luminance(hex_color: str) -> float:
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize(
    ("selector", "background"), [(":root", "#ffffff"), ('[data-md-color-scheme="slate"]', "#1e2029")]
)
def test_outcome_colours_have_contrast(selector: str, background: str) -> None:
    css = ASSETS["assets/masa/masa-charts.css"].read_text(encoding="utf-8")
    block = css[css.index(selector + " {") :].split("}", 1)[0]
    colours = dict(re.findall(r"--masa-(\w+):\s*(#[0-9a-f]{6})", block))
    assert set(colours) == {"success", "mixed", "failure", "open"}
    for name, colour in colours.items():
        assert _contrast(colour, background) >= 4.5, name


# ------------------------------------------------------------------ in a browser


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("no Chromium; in CI a missing browser is a failure, not a skip")
        pytest.skip("NOT CHECKED: no Chromium installed")
    return path


@pytest.mark.browser
def test_charts_draw_in_a_browser_without_network(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = _chromium()
    for site_path, path in ASSETS.items():
        target = tmp_path / site_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    (tmp_path / SETTINGS_SCRIPT).write_text(settings_script("de"), encoding="utf-8")
    body = markdown.markdown(insights_markdown(hostile(), today=TODAY, lang="de"), extensions=["tables"])
    body += campaign_charts_html(sample().campaigns["won"], today=TODAY, lang="de", people=PEOPLE)
    links = "".join(f'<link rel="stylesheet" href="{p}">' for p in STYLESHEETS)
    scripts = "".join(f'<script src="{p}"></script>' for p in JAVASCRIPT)
    page_file = tmp_path / "index.html"
    page_file.write_text(
        f'<!doctype html><html lang="de"><head><meta charset="utf-8">{links}</head>'
        f'<body data-md-color-scheme="slate">{body}{scripts}</body></html>',
        encoding="utf-8",
    )
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            problems: list[str] = []
            page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("dialog", lambda d: problems.append("dialog: " + d.message))
            remote: list[str] = []
            page.on("request", lambda r: remote.append(r.url) if not r.url.startswith("file:") else None)
            page.goto(page_file.as_uri())
            page.wait_for_function(
                "[...document.querySelectorAll('figure.masa-chart')]"
                ".every(f => f.dataset.rendered === 'true')",
                timeout=15_000,
            )
            state = page.eval_on_selector_all(
                "figure.masa-chart",
                """els => els.map(e => ({
                    rendered: e.dataset.rendered,
                    svg: e.querySelectorAll('svg').length,
                    fallback: !!e.querySelector('.masa-chart__fallback'),
                    role: e.querySelector('.masa-chart__plot')?.getAttribute('role'),
                    label: e.querySelector('.masa-chart__plot')?.getAttribute('aria-label'),
                }))""",
            )
            success = page.evaluate(
                "getComputedStyle(document.body).getPropertyValue('--masa-success').trim()"
            )
            ticks = page.eval_on_selector_all(
                "figure.masa-chart",
                """els => els.map(e => [e.dataset.chart, [...e.querySelectorAll(
                    '[aria-label="x-axis tick label"] text, [aria-label="y-axis tick label"] text'
                )].map(t => t.textContent)])""",
            )
            axis_titles = page.eval_on_selector_all(
                "figure.masa-chart[data-chart=timeline] [aria-label='x-axis label'] text",
                "els => els.map(e => e.textContent)",
            )
        finally:
            browser.close()
    assert problems == [] and remote == []
    assert len(state) == 9
    for chart in state:
        assert chart["rendered"] == "true" and chart["svg"] >= 1 and not chart["fallback"]
        assert chart["role"] == "img" and chart["label"]
    assert success == "#81c784"  # the slate override applies
    # Axis ticks in the site's language, as the tables write the numbers (masa_playbook.numbers),
    # from the settings script; so are the campaign charts' axis titles.
    labels = {kind: set() for kind, _ in ticks}
    for kind, texts in ticks:
        labels[kind].update(texts)
    assert {"0\u00a0%", "50\u00a0%", "100\u00a0%"} <= labels["success-rate"]
    assert {"0\u00a0%", "100\u00a0%"} <= labels["goals"]
    assert [t.strip("→ ") for t in axis_titles] == ["Fällig"]


def test_campaign_charts_without_tables_for_pages_that_have_them() -> None:
    c = sample().campaigns["won"]
    html = campaign_charts_html(c, today=TODAY, lang="en", people=PEOPLE, tables=False)
    page = Page(html)
    assert "<table" not in html and "<details" not in html
    # One island for both charts (masa-charts.js reads it for each figure).
    assert len(page.islands) == 1 and set(page.islands[0]["charts"]) == {"timeline", "goals"}
    assert html.count("masa-chart__fallback") == 1
    assert {f["data-chart"] for f in page.attrs("figure")} == {"timeline", "goals"}
    assert "in the tables of this page" in html
