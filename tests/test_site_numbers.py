"""One figure, one string: the dashboard, a campaign page, the insights page and the chart data agree.

A small playbook is built in English and German in which the same figure, two
thirds, turns up everywhere: two of three campaigns succeeded (the success
rate), the failed one reached 2 of its target 3 (its goal attainment), and the
successful ones returned 2/3 more than they cost (their ROI) at a cost of 2/3
of their budget. Each page must write it as ``masa_playbook.numbers`` does:
``67%`` in English, ``67 %`` (no-break space) in German, never a second way.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest

from masa_playbook.numbers import format_money, format_percent
from test_site import BASIC, article, build_site, copy_fixture, read

PLAN = """---
title: {title}
initiated_by: marketing
status: done
period:
  start: 2025-0{month}-01
  end: 2025-0{month}-28
owners:
  marketing: [mia]
  sales: [sam]
audience:
  industry: software
channels: [webinar]
budget: 4500
expected:
  pipeline: 20000
goals:
  - id: leads
    metric: qualified leads
    target: 3
tasks:
  - task: Invite
    owner: mia
    due: 2025-0{month}-10
    done: true
---
"""

RETRO = """---
date: 2025-0{month}-28
authors: [mia, sam]
results:
  leads: {leads}
cost: 3000
return:
  pipeline: 12345.5
  won: 5000
learnings:
  - Invite earlier.
---
"""

#: slug: (title, month, leads); 3 leads meet the target, 2 do not.
CAMPAIGNS = {
    "alpha": ("Alpha", 3, 3),
    "beta": ("Beta", 4, 3),
    "gamma": ("Gamma", 5, 2),
}


def two_thirds_playbook(tmp: Path, language: str) -> Path:
    """The basic fixture's people and hooks with three campaigns of our own."""
    root = copy_fixture(tmp, BASIC, language=language)
    shutil.rmtree(root / "campaigns")
    for folder in ("plays", "sonicht"):  # their entries link to the fixture's campaigns
        shutil.rmtree(root / "playbooks" / folder)
    (root / "docs" / "figures.md").unlink()  # its macros have a test of their own
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - Figures: figures.md\n", ""))
    for slug, (title, month, leads) in CAMPAIGNS.items():
        folder = root / "campaigns" / slug
        folder.mkdir(parents=True)
        (folder / "plan.md").write_text(PLAN.format(title=title, month=month), encoding="utf-8")
        (folder / "retro.md").write_text(RETRO.format(month=month, leads=leads), encoding="utf-8")
    return root


@pytest.fixture(scope="module", params=["en", "de"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    lang: str = request.param
    return lang, build_site(two_thirds_playbook(tmp_path_factory.mktemp("numbers"), lang))


def text(fragment: str) -> str:
    """What a reader sees of an HTML fragment: tags dropped, references decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def row(page: str, label: str) -> list[str]:
    """The cells of the table row whose first cell is ``label``."""
    for match in re.finditer(r"<tr>(.*?)</tr>", page, re.S):
        cells = [text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", match.group(1), re.S)]
        if cells and cells[0] == label:
            return cells
    raise AssertionError(f"no row {label!r}")


def islands(page: str, kind: str) -> list[dict[str, object]]:
    pattern = rf'data-chart="{kind}".*?<script type="application/json">(.*?)</script>'
    return [json.loads(m) for m in re.findall(pattern, page, re.S)]


def test_two_thirds_is_one_string_on_every_page(built: tuple[str, Path]) -> None:
    lang, site = built
    two_thirds = format_percent(2 / 3, lang)
    assert two_thirds == {"en": "67%", "de": "67\u00a0%"}[lang]
    de = lang == "de"

    dashboard = article(read(site, "index.html"))
    tile = re.search(r'data-figure="success_rate"><strong>(.*?)</strong>', dashboard)
    assert tile is not None and text(tile.group(1)) == two_thirds

    campaign = article(read(site, "campaigns/gamma/index.html"))
    assert row(campaign, "qualified leads")[3] == two_thirds  # attainment 2 of 3
    assert row(campaign, "ROI")[2] == two_thirds  # (5000 - 3000) / 3000
    assert row(campaign, "Kosten gegenüber Budget" if de else "Cost against budget")[2] == two_thirds

    insights = article(read(site, "insights/index.html"))
    headline = dict((text(k), text(v)) for k, v in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", insights))
    assert headline["Erfolgsquote" if de else "Success rate"] == two_thirds
    assert row(insights, "Gamma")[5] == two_thirds  # cost and return: ROI
    by_initiator = islands(insights, "success-rate")[0]
    assert by_initiator["rows"] == [
        {"key": "Marketing", "rate": 2 / 3, "text": f"{two_thirds} ({'2 von 3' if de else '2 of 3'})"},
        {
            "key": "Vertrieb" if de else "Sales",
            "rate": None,
            "text": "noch keine Retro" if de else "no retro yet",
        },
    ]
    # the charts get the same symbols for their axes, from the site's chart settings
    script = read(site, "assets/masa/masa-charts-settings.js")
    settings = json.loads(script[script.index("{") : script.rindex("}") + 1])
    assert settings["format"]["percent"] == ["", "\u00a0%" if de else "%"]


def test_money_is_one_string_on_the_dashboard_and_the_insights_page(built: tuple[str, Path]) -> None:
    lang, site = built
    pipeline = format_money(3 * 12345.5, "EUR", lang)  # rounded half up
    assert pipeline == {"en": "€37,037", "de": "37.037\u00a0€"}[lang]
    dashboard = article(read(site, "index.html"))
    tile = re.search(r'data-figure="total_pipeline"><strong>(.*?)</strong>', dashboard)
    assert tile is not None and text(tile.group(1)) == pipeline
    insights = article(read(site, "insights/index.html"))
    assert text(re.findall(r"<dt>Pipeline</dt><dd>(.*?)</dd>", insights)[0]) == pipeline
    campaign = article(read(site, "campaigns/alpha/index.html"))
    assert row(campaign, "Pipeline")[1:] == [
        format_money(20000, "EUR", lang),
        format_money(12345.5, "EUR", lang),
    ]


def test_percent_signs_follow_the_language_and_the_no_break_space_is_written_one_way(
    built: tuple[str, Path],
) -> None:
    lang, site = built
    for path in (
        "index.html",
        "campaigns/alpha/index.html",
        "campaigns/gamma/index.html",
        "insights/index.html",
    ):
        page = article(read(site, path))
        shown = text(re.sub(r"<script.*?</script>", "", page, flags=re.S))
        if lang == "en":
            assert not re.search(r"\d[ \u00a0]%", shown), path  # 67%, never 67 %
        else:
            assert not re.search(r"\d%|\d %", shown), path  # 67&nbsp;%, never 67% or 67 %
            assert "\u00a0" not in page and "&#160;%" in page, path  # generated HTML is ASCII
    # The search index holds the decoded text: one no-break space, no reference.
    index = read(site, "search/search_index.json")
    assert "&#160;" not in index and "&amp;#160;" not in index
    docs = json.loads(index)["docs"]
    assert any(format_percent(2 / 3, lang) in d["text"] for d in docs)
