"""The site parts of contract v1.1: funnel and cost per stage, the CRM link, "Learned before", insights.

The fixture (written to ``tmp_path``, built for real with the starter's
``mkdocs.yml`` plus ``crm_url`` and ``min_sample: 4``). Goals: 5 meetings and
3 opportunities; each retro reports the same numbers as its funnel.

| slug            | industry   | channel    | play | retro      | outcome | cost   | meetings | opps | #sonicht              |
|-----------------|------------|------------|------|------------|---------|--------|----------|------|-----------------------|
| a-fair-2024     | automotive | conference | cft  | 2024-10-01 | success | 24,000 | 8        | 3    | booth-without-a-plan  |
| b-webinar-2024  | automotive | webinar    | -    | 2024-06-01 | failure | 6,000  | 2        | 0    | vanity, booth         |
| c-outbound-2025 | automotive | outbound   | -    | 2025-06-01 | mixed   | 9,000  | 6        | 1    | vanity (internal!)    |
| d-fair-2025     | automotive | conference | cft  | 2025-10-01 | success | 30,000 | 10       | 5    |                       |
| e-dinner-2026   | automotive | event      | -    | 2026-06-01 | success | 5,000  | 5        | 3    |                       |
| f-retail-2026   | retail     | webinar    | -    | 2026-07-01 | failure | 4,000  | 1        | 0    | vanity-metrics        |
| h-fair-2023     | automotive | conference | cft  | 2023-05-01 | success | 12,000 | 6        | 3    |                       |
| g-next-2027     | automotive | conference | cft  | (planned, no retro; a hostile crm_id)                          |

Every campaign is public except c-outbound-2025.

"Learned before" on g's page: six retros share something (not f). The two
lessons come first (b, c), then those sharing play, industry and channel
(d, a, h), so e, the most recent, is left out; listed most recent first:
d, c, a, b, h. In the public build c is not there and e is: e, d, a, b, h.
The play's record is a, d, h: 3 campaigns, below ``min_sample: 4``.

Cost per meeting by channel, cheapest first: event 5,000 / 5 = 1,000 (1
campaign); outbound 9,000 / 6 = 1,500 (1); conference (24,000 + 30,000 +
12,000) / (8 + 10 + 6) = 66,000 / 24 = 2,750 (3); webinar (6,000 + 4,000) /
(2 + 1) = 3,333 (2). Per opportunity: event 5,000 / 3 = 1,667; conference
66,000 / 11 = 6,000; outbound 9,000; webinar none for 10,000.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from authoring import add_site, build_site
from masa_playbook.charts import ASSETS
from masa_playbook.cli import main
from masa_playbook.loader import load_playbook
from masa_playbook.site.context import SiteContext
from masa_playbook.site.incremental import SiteMemory
from masa_playbook.site.pages import site_pages

TODAY = "2026-11-26"
CFT = "conference-first-touch"
CRM_URL = "https://crm.example.com/lightning/r/Campaign/{id}/view"
HOSTILE_ID = 'G-27"><b>x</b>/../../evil?q=1#f'
PEOPLE = "evi:\n  name: Evi Beispiel\n  function: marketing\nsam:\n  name: Sam Verkauf\n  function: sales\n"
#: slug, industry, channel, play, retro date, cost, meetings, opportunities, sonicht, public
CAMPAIGNS = [
    (
        "a-fair-2024",
        "automotive",
        "conference",
        CFT,
        "2024-10-01",
        24000,
        8,
        3,
        ["booth-without-a-plan"],
        True,
    ),
    (
        "b-webinar-2024",
        "automotive",
        "webinar",
        None,
        "2024-06-01",
        6000,
        2,
        0,
        ["vanity-metrics", "booth-without-a-plan"],
        True,
    ),
    ("c-outbound-2025", "automotive", "outbound", None, "2025-06-01", 9000, 6, 1, ["vanity-metrics"], False),
    ("d-fair-2025", "automotive", "conference", CFT, "2025-10-01", 30000, 10, 5, [], True),
    ("e-dinner-2026", "automotive", "event", None, "2026-06-01", 5000, 5, 3, [], True),
    ("f-retail-2026", "retail", "webinar", None, "2026-07-01", 4000, 1, 0, ["vanity-metrics"], True),
    ("h-fair-2023", "automotive", "conference", CFT, "2023-05-01", 12000, 6, 3, [], True),
]
#: Funnel counts besides meetings and opportunities, and returns, of some retros.
MORE_FUNNEL = {"a-fair-2024": "  responses: 300\n  leads: 96\n"}
RETURNS = {
    "a-fair-2024": "return:\n  pipeline: 400000\n  sourced: 240000\n  influenced: 100000\n  won: 50000\n",
    "d-fair-2025": "return:\n  pipeline: 500000\n  sourced: 200000\n  influenced: 250000\n",
}
CRM_IDS = {
    "a-fair-2024": "701Qy00000AFAIR24",
    "c-outbound-2025": "701Qy00000SECRETC",
    "g-next-2027": HOSTILE_ID,
}


def plan_text(slug: str, industry: str, channel: str, play: str | None, *, done: bool, public: bool) -> str:
    year = slug[-4:]
    crm = f"crm_id: '{CRM_IDS[slug]}'\n" if slug in CRM_IDS else ""
    return (
        f"---\ntitle: Campaign {slug}\ninitiated_by: marketing\nstatus: {'done' if done else 'planned'}\n"
        f"period:\n  start: {year}-01-10\n  end: {year}-01-20\n"
        "owners:\n  marketing: [evi]\n  sales: [sam]\n"
        f"audience:\n  industry: {industry}\nchannels: [{channel}]\nbudget: 25000\n"
        "expected:\n  pipeline: 100000\n"
        "goals:\n  - id: meetings\n    metric: meetings\n    target: 5\n"
        "  - id: opportunities\n    metric: opportunities\n    target: 3\n"
        f"tasks:\n  - task: Plan it\n    owner: evi\n    due: {year}-01-12\n"
        + (f"play: {play}\n" if play else "")
        + crm
        + f"visibility: {'public' if public else 'internal'}\n---\nThe plan.\n"
    )


def retro_text(slug: str, date: str, cost: int, meetings: int, opps: int, sonicht: list[str]) -> str:
    named = f"sonicht: [{', '.join(sonicht)}]\n" if sonicht else ""
    funnel = f"funnel:\n{MORE_FUNNEL.get(slug, '')}  meetings: {meetings}\n  opportunities: {opps}\n"
    return (
        f"---\ndate: {date}\nauthors: [evi, sam]\n"
        f"results:\n  meetings: {meetings}\n  opportunities: {opps}\ncost: {cost}\n"
        f"{funnel}{RETURNS.get(slug, '')}{named}"
        f"learnings:\n  - First lesson of {slug}.\n  - Second lesson of {slug}.\n---\nWhat happened.\n"
    )


def write_repo(root: Path, *, language: str = "en") -> Path:
    (root / "playbooks" / "plays").mkdir(parents=True)
    (root / "playbooks" / "sonicht").mkdir(parents=True)
    (root / "people.yml").write_text(PEOPLE, encoding="utf-8")
    (root / "playbooks" / "plays" / f"{CFT}.md").write_text(
        "---\ntitle: Conference first touch\nsummary: Accounts first, then the fair.\n---\n", encoding="utf-8"
    )
    for ident, title in (
        ("vanity-metrics", "Vanity metrics"),
        ("booth-without-a-plan", "Booth without a plan"),
    ):
        (root / "playbooks" / "sonicht" / f"{ident}.md").write_text(
            f"---\ntitle: {title}\nsummary: What goes wrong.\n---\n", encoding="utf-8"
        )
    for slug, industry, channel, play, date, cost, meetings, opps, sonicht, public in CAMPAIGNS:
        folder = root / "campaigns" / slug
        folder.mkdir(parents=True)
        (folder / "plan.md").write_text(
            plan_text(slug, industry, channel, play, done=True, public=public), encoding="utf-8"
        )
        (folder / "retro.md").write_text(
            retro_text(slug, date, cost, meetings, opps, sonicht), encoding="utf-8"
        )
    planned = root / "campaigns" / "g-next-2027"
    planned.mkdir()
    (planned / "plan.md").write_text(
        plan_text("g-next-2027", "automotive", "conference", CFT, done=False, public=True), encoding="utf-8"
    )
    add_site(root, dt.date(2026, 11, 26))
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "    retro_overdue_days: 21\n",
        f"    retro_overdue_days: 21\n    crm_url: {CRM_URL}\n    min_sample: 4\n",
    )
    config.write_text(text.replace("  language: en\n", f"  language: {language}\n"), encoding="utf-8")
    assert f"language: {language}" in config.read_text(encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_repo(tmp_path_factory.mktemp("funnel") / "repo")
    assert main(["check", str(root), "--today", TODAY]) == 0
    return root


@pytest.fixture(scope="module")
def site(repo: Path) -> Path:
    return build_site(repo)


@pytest.fixture(scope="module")
def public_site(repo: Path) -> Path:
    return build_site(repo, "site-public", MASA_AUDIENCE="public")


def article(site: Path, path: str) -> str:
    page = (site / path).read_text(encoding="utf-8")
    start = page.index('<article class="md-content__inner md-typeset">')
    return re.sub(r">\n+<", "><", page[start : page.index("</article>", start)])


def text(fragment: str) -> str:
    """What a reader sees: tags dropped, references decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def row(page: str, label: str) -> list[str]:
    """The cells of the table row whose first cell is ``label``."""
    for match in re.finditer(r"<tr>(.*?)</tr>", page, re.S):
        cells = [text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", match.group(1), re.S)]
        if cells and cells[0] == label:
            return cells
    raise AssertionError(f"no row {label!r}")


def table_of(page: str, caption: str) -> str:
    """The table with ``caption``."""
    for found in re.findall(r"<table>.*?</table>", page, re.S):
        if f"<caption>{caption}</caption>" in found:
            return str(found)
    raise AssertionError(f"no table {caption!r}")


def panel(page: str) -> str:
    """The "Learned before" card of a campaign page."""
    found = re.search(r'<dl class="masa-card masa-learned">.*?</dl>', page, re.S)
    assert found is not None, "no Learned before panel"
    return found.group(0)


def learned_links(page: str) -> list[str]:
    """The campaign links of the panel's retros, in order."""
    retros = re.search(r'<ul class="masa-retros">(.*?)</ul>', panel(page), re.S)
    assert retros is not None
    return re.findall(r'<a href="\.\./([a-z0-9-]+)/">', retros.group(1))


def islands(page: str, kind: str) -> list[dict[str, Any]]:
    pattern = rf'data-chart="{kind}".*?<script type="application/json">(.*?)</script>'
    return [json.loads(m) for m in re.findall(pattern, page, re.S)]


# ---------------------------------------------------------------- Learned before


def test_a_planned_campaign_shows_what_was_learned_before(site: Path) -> None:
    page = article(site, "campaigns/g-next-2027/index.html")
    assert '<h2 id="learned-before">Learned before' in page
    assert learned_links(page) == [
        "d-fair-2025",
        "c-outbound-2025",
        "a-fair-2024",
        "b-webinar-2024",
        "h-fair-2023",
    ]
    retros = re.search(r'<ul class="masa-retros">.*?</ul>', page, re.S)
    assert retros is not None
    items = re.findall(r"<li>(.*?)</li>", retros.group(0))
    assert text(items[1]) == "Campaign c-outbound-2025 (mixed, 2025-06-01): First lesson of c-outbound-2025."
    assert text(items[3]) == "Campaign b-webinar-2024 (failure, 2024-06-01): First lesson of b-webinar-2024."
    # the #sonicht most often named by the six related retros, linked to the catalogue
    sonicht = re.search(r'<ul class="masa-sonicht">(.*?)</ul>', panel(page), re.S)
    assert sonicht is not None
    assert re.findall(r'<a href="([^"]+)">', sonicht.group(1)) == [
        "../../sonicht/booth-without-a-plan/",
        "../../sonicht/vanity-metrics/",
    ]
    assert re.findall(r"<li>(.*?)</li>", sonicht.group(1)) == [
        '<a href="../../sonicht/booth-without-a-plan/">Booth without a plan</a> (in 2 retros)',
        '<a href="../../sonicht/vanity-metrics/">Vanity metrics</a> (in 2 retros)',
    ]
    # a, d and h used the play: three campaigns, one short of min_sample
    record = re.search(r"<dt>Track record</dt>\s*<dd>(.*?)</dd>", panel(page), re.S)
    assert record is not None
    assert '<a href="../../plays/conference-first-touch/">Conference first touch</a>' in record.group(1)
    assert text(record.group(1)) == (
        "Conference first touch: 3 campaigns with a retro: too few campaigns to judge (a success rate needs 4)"
    )
    assert "%" not in text(record.group(1))


def test_only_a_plan_in_the_making_has_the_panel(site: Path) -> None:
    for slug in ("a-fair-2024", "f-retail-2026"):
        page = article(site, f"campaigns/{slug}/index.html")
        assert "Learned before" not in page and "masa-learned" not in page


def test_the_public_panel_holds_public_retros_only(public_site: Path) -> None:
    page = article(public_site, "campaigns/g-next-2027/index.html")
    assert learned_links(page) == [
        "e-dinner-2026",
        "d-fair-2025",
        "a-fair-2024",
        "b-webinar-2024",
        "h-fair-2023",
    ]
    assert "c-outbound-2025" not in page
    assert "Vanity metrics (in 1 retro)" in text(panel(page))  # b only; c is internal


# ---------------------------------------------------------------- CRM


def test_the_crm_id_links_to_the_crm_record(site: Path) -> None:
    page = article(site, "campaigns/a-fair-2024/index.html")
    link = '<a href="https://crm.example.com/lightning/r/Campaign/701Qy00000AFAIR24/view" rel="noopener noreferrer">'
    assert f"<dt>CRM record</dt><dd>{link}701Qy00000AFAIR24</a></dd>" in page
    records = {r["slug"]: r for r in json.loads((site / "api/campaigns.json").read_text())["campaigns"]}
    assert records["a-fair-2024"]["crm_id"] == "701Qy00000AFAIR24"
    assert records["d-fair-2025"]["crm_id"] is None


def test_a_hostile_crm_id_is_one_encoded_part_of_the_address(site: Path) -> None:
    page = article(site, "campaigns/g-next-2027/index.html")
    dd = re.search(r"<dt>CRM record</dt><dd>(.*?)</dd>", page)
    assert dd is not None
    href = re.search(r'href="([^"]*)"', dd.group(1))
    assert href is not None
    assert href.group(1) == (
        "https://crm.example.com/lightning/r/Campaign/"
        "G-27%22%3E%3Cb%3Ex%3C%2Fb%3E%2F..%2F..%2Fevil%3Fq%3D1%23f/view"
    )
    assert "<b>" not in dd.group(1) and text(dd.group(1)) == HOSTILE_ID


def test_a_public_build_holds_no_crm_id(public_site: Path) -> None:
    records = json.loads((public_site / "api/campaigns.json").read_text())["campaigns"]
    assert {r["slug"] for r in records} >= {"a-fair-2024", "g-next-2027"}
    assert all(r["crm_id"] is None for r in records)
    leaks = []
    for path in sorted(public_site.rglob("*")):
        if path.is_file() and path.suffix in {".html", ".json", ".xml", ".txt", ".md"}:
            content = path.read_text(encoding="utf-8", errors="replace")
            leaks += [
                f"{path}: {s}" for s in ("701Qy", "G-27", "crm.example.com", "CRM record") if s in content
            ]
    assert leaks == []


# ---------------------------------------------------------------- funnel on the campaign page


def test_the_money_table_shows_the_funnel_and_what_each_stage_cost(site: Path) -> None:
    page = article(site, "campaigns/a-fair-2024/index.html")
    assert row(page, "Budget / Cost") == ["Budget / Cost", "€25,000", "€24,000"]
    assert row(page, "Pipeline") == ["Pipeline", "€100,000", "€400,000"]
    assert row(page, "Pipeline sourced by marketing")[1:] == ["", "€240,000"]
    assert row(page, "Pipeline influenced by marketing")[1:] == ["", "€100,000"]
    assert row(page, "Sourced share of the pipeline")[2] == "60%"  # 240,000 / 400,000
    assert [row(page, s)[2] for s in ("Responses", "Leads", "Meetings", "Opportunities")] == [
        "300",
        "96",
        "8",
        "3",
    ]
    assert row(page, "Cost per lead")[2] == "€250"  # 24,000 / 96
    assert row(page, "Cost per meeting")[2] == "€3,000"  # 24,000 / 8
    assert row(page, "Cost per opportunity")[2] == "€8,000"  # 24,000 / 3
    assert row(page, "ROI")[2] == "108%"  # (50,000 - 24,000) / 24,000


def test_rows_without_a_figure_are_left_out(site: Path) -> None:
    page = article(site, "campaigns/b-webinar-2024/index.html")
    assert row(page, "Cost per meeting")[2] == "€3,000"  # 6,000 / 2
    assert row(page, "Opportunities")[2] == "0"
    for label in ("Cost per opportunity", "Cost per lead", "Responses", "Pipeline sourced by marketing"):
        with pytest.raises(AssertionError):
            row(page, label)  # 0 opportunities: no cost per opportunity, never infinity


# ---------------------------------------------------------------- insights


def test_insights_show_cost_per_meeting_with_the_campaigns_behind_it(site: Path) -> None:
    page = article(site, "insights/index.html")
    headings = re.findall(r"<h2[^>]*>(.*?)<a", page)
    assert headings[-6:] == [
        "Cost per meeting and opportunity by channel",
        "Cost per meeting and opportunity by play",
        "Cost per meeting and opportunity by industry",
        "Cost per meeting and opportunity by initiator",
        "Sourced and influenced pipeline per quarter",
        "How the numbers are computed",
    ]
    meetings, opportunities = islands(page, "cost-per")[:2]  # by channel
    assert [(r["key"], r["text"], r["campaigns"]) for r in meetings["rows"]] == [
        ("event", "€1,000 (1 campaign)", 1),
        ("outbound", "€1,500 (1 campaign)", 1),
        ("conference", "€2,750 (3 campaigns)", 3),
        ("webinar", "€3,333 (2 campaigns)", 2),
    ]
    assert meetings["rows"][2]["value"] == 2750
    assert meetings["labels"] == {"x": "Cost per meeting (€)"}
    assert [(r["key"], r["text"]) for r in opportunities["rows"]] == [
        ("event", "€1,667 (1 campaign)"),
        ("conference", "€6,000 (3 campaigns)"),
        ("outbound", "€9,000 (1 campaign)"),
        ("webinar", "none for €10,000 (2 campaigns)"),
    ]
    assert opportunities["rows"][3]["value"] is None
    # the table: meetings, campaigns, cost per meeting, opportunities, campaigns, cost per opportunity
    by_channel = table_of(page, "Cost per meeting and opportunity by channel")
    assert row(by_channel, "conference") == ["conference", "24", "3", "2,750", "11", "3", "6,000"]
    assert row(by_channel, "webinar") == ["webinar", "3", "2", "3,333", "0", "2", "–"]
    assert len(islands(page, "cost-per")) == 8  # meetings and opportunities by four groupings
    play = row(table_of(page, "Cost per meeting and opportunity by play"), "Conference first touch")
    assert play[1:4] == ["24", "3", "2,750"]


def test_insights_show_sourced_against_influenced_pipeline_per_quarter(site: Path) -> None:
    page = article(site, "insights/index.html")
    (split,) = islands(page, "pipeline-split")
    rows = {(r["quarter"], r["part"]): r["amount"] for r in split["rows"]}
    assert rows[("2024-Q1", "Sourced")] == 240000
    assert rows[("2024-Q1", "Influenced")] == 100000
    assert rows[("2024-Q1", "Unattributed")] == 60000  # 400,000 - 240,000 - 100,000
    assert rows[("2024-Q3", "Sourced")] == 0  # a quarter in between, filled in
    assert row(table_of(page, "Sourced and influenced pipeline per quarter"), "2025-Q1") == [
        "2025-Q1",
        "1",
        "500,000",
        "200,000",
        "250,000",
        "50,000",
        "40%",
    ]


def test_every_new_chart_kind_has_a_renderer() -> None:
    script = ASSETS["assets/masa/masa-charts.js"].read_text(encoding="utf-8")
    for kind in ("cost-per", "pipeline-split"):
        assert re.search(rf'^\s+"{kind}": function', script, flags=re.M), kind


# ---------------------------------------------------------------- German


def test_in_german(tmp_path: Path) -> None:
    site = build_site(write_repo(tmp_path / "repo", language="de"))
    page = article(site, "campaigns/g-next-2027/index.html")
    assert '<h2 id="fruher-gelernt">Fr&#252;her gelernt' in page
    assert "zu wenige Kampagnen für ein Urteil (eine Erfolgsquote braucht 4)" in text(panel(page))
    assert "Booth without a plan (in 2 Retros)" in text(panel(page))
    money = article(site, "campaigns/a-fair-2024/index.html")
    assert row(money, "Kosten je Termin")[2] == "3.000\u00a0€"
    assert row(money, "Anteil erzeugter Pipeline")[2] == "60\u00a0%"
    insights = article(site, "insights/index.html")
    assert "Kosten je Termin und Opportunity nach Kanal" in insights
    rows = islands(insights, "cost-per")[0]["rows"]
    assert rows[2]["text"] == "2.750\u00a0€ (3 Kampagnen)"


# ---------------------------------------------------------------- serve


def test_a_served_plan_page_learns_of_an_edited_retro(tmp_path: Path) -> None:
    """``mkdocs serve`` keeps campaign pages whose files did not change; the panel shows other files."""
    root = write_repo(tmp_path / "repo")
    memory = SiteMemory()

    def planned_page() -> str:
        ctx = SiteContext(load_playbook(root), today=dt.date(2026, 11, 26))
        pages = {p.src_uri: p for p in site_pages(ctx, with_dashboard=True, memory=memory)}
        return pages["campaigns/g-next-2027/index.md"].content

    assert "First lesson of b-webinar-2024." in planned_page()
    retro = root / "campaigns" / "b-webinar-2024" / "retro.md"
    retro.write_text(retro.read_text().replace("First lesson of b", "Revised lesson of b"), encoding="utf-8")
    page = planned_page()
    assert "Revised lesson of b-webinar-2024." in page and "First lesson of b-" not in page
