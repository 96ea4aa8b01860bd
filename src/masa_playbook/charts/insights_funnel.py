"""The funnel sections of /insights/ (contract v1.1): cost per meeting and opportunity, sourced pipeline.

- **Cost per meeting and opportunity** by channel, play, industry and
  initiator (``insights.funnel_costs_by``): two bar charts per grouping,
  cheapest first, each bar labelled with its figure and the number of
  campaigns behind it, and one table with the counts.
- **Sourced and influenced pipeline per quarter**
  (``insights.pipeline_split_by_quarter``): stacked bars of sourced,
  influenced and unattributed pipeline, and the table.

The fields are optional, so a playbook none of whose retros reports a
meeting or an opportunity count (or a sourced or influenced pipeline) gets
no such section: its page stays as it was before contract v1.1.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from masa_playbook.charts.campaign import short
from masa_playbook.charts.html import Cell, block, details, figure, link, table
from masa_playbook.insights import FunnelCost, StageCost, funnel_costs_by, pipeline_split_by_quarter

if TYPE_CHECKING:
    from masa_playbook.charts.insights_page import InsightsPage

#: The groupings, in the order the page shows them (the questions a marketing lead asks first).
GROUPINGS: tuple[str, ...] = ("channel", "play", "industry", "initiator")
#: The stages charted, each with its label key.
STAGES: dict[str, str] = {"meetings": "cost_per_meeting", "opportunities": "cost_per_opportunity"}
#: Parts of the pipeline in stacking order, with the CSS variable each is drawn in (masa-charts.css).
SPLIT_COLORS: dict[str, str] = {
    "sourced": "var(--masa-success)",
    "influenced": "var(--masa-mixed)",
    "unattributed": "var(--masa-open)",
}


def funnel_sections(page: InsightsPage) -> list[str]:
    """The page's funnel sections, or none when no retro reports the figures they need."""
    sections = []
    costs = {what: funnel_costs_by(page.pb, what) for what in GROUPINGS}
    if any(
        group.stages[stage].campaigns for group in costs["initiator"].values() for stage in STAGES
    ):  # every campaign has an initiator: one with a count is counted here
        sections += [cost_per_section(page, what, groups) for what, groups in costs.items()]
    split = pipeline_split_section(page)
    if split:
        sections.append(split)
    return sections


def _names(page: InsightsPage, what: str) -> dict[str, tuple[str, str | None]]:
    """How a grouping's keys are named: text and a link (plays, from /insights/), by key."""
    t, pb = page.t, page.pb
    if what == "play":
        return {i: (e.play.title, f"../plays/{i}/") for i, e in pb.plays.items()}
    if what == "initiator":
        return {side: (t(side), None) for side in ("marketing", "sales")}
    return {}


def _campaigns(page: InsightsPage, n: int) -> str:
    return page.t("one_campaign") if n == 1 else page.t("n_campaigns", n=page.t.number(n))


def bar_text(page: InsightsPage, stage: StageCost) -> str:
    """A bar's label: the figure and how many campaigns are behind it (``€2,290 (4 campaigns)``)."""
    t, currency = page.t, page.pb.config.currency
    campaigns = _campaigns(page, stage.campaigns)
    if stage.cost_per is None:
        return t("none_for", money=t.money(stage.cost, currency), campaigns=campaigns)
    return t("cost_per_text", money=t.money(stage.cost_per, currency), campaigns=campaigns)


def cost_per_section(page: InsightsPage, what: str, groups: Mapping[str, FunnelCost]) -> str:
    """Cost per meeting and per opportunity by ``what``: two charts, one table."""
    t, by = page.t, page.t(f"by_{what}")
    names = _names(page, what)

    def name(key: str) -> str:
        return names[key][0] if key in names else key

    charts = []
    for stage, label in STAGES.items():
        reported = [(k, g.stages[stage]) for k, g in groups.items() if g.stages[stage].campaigns]
        # Cheapest first; a group that reported 0 (money spent for nothing) last.
        reported.sort(key=lambda kg: (kg[1].cost_per is None, kg[1].cost_per or 0.0, name(kg[0])))
        data = {
            "rows": [
                {
                    "key": short(name(k)),
                    "value": s.cost_per,
                    "campaigns": s.campaigns,
                    "text": bar_text(page, s),
                }
                for k, s in reported
            ],
            "labels": {"x": page.money(label)},
        }
        if reported:
            charts.append(
                figure(
                    "cost-per",
                    data,
                    label=t(f"label_{label}", what=by),
                    caption="",
                    fallback=t("chart_fallback"),
                    lang=t.lang,
                )
            )
    headers = [t(what), t("meetings"), t("reporting_meetings"), page.money("cost_per_meeting")]
    headers += [t("opportunities"), t("reporting_opportunities"), page.money("cost_per_opportunity")]
    rows: list[list[Cell]] = []
    for key, group in groups.items():
        text, href = names.get(key, (key, None))
        row: list[Cell] = [link(href, text) if href else text]
        for stage in STAGES:
            s = group.stages[stage]
            row += [t.number(s.count), t.number(s.campaigns), t.amount(s.cost_per)]
        rows.append(row)
    tab = table(t("cost_per_by", what=by), headers, rows, numeric=range(1, 7))
    body = block(*charts, details(t("table_summary"), tab)) if charts else ""
    return page.section(t("cost_per_by", what=by), t("cost_per_by_text"), body)


def pipeline_split_section(page: InsightsPage) -> str:
    """Sourced, influenced and unattributed pipeline per quarter: stacked bars and the table; empty without data."""
    t, splits = page.t, pipeline_split_by_quarter(page.pb)
    if not splits:
        return ""
    rows = [
        {"quarter": q, "part": t(part), "amount": getattr(s, part)}
        for q, s in splits.items()
        for part in SPLIT_COLORS
    ]
    data = {
        "rows": rows,
        "domain": [t(part) for part in SPLIT_COLORS],
        "range": list(SPLIT_COLORS.values()),
        "labels": {"x": t("quarter"), "y": page.money("total_pipeline")},
    }
    headers = [t("quarter"), t("campaigns"), page.money("total_pipeline")]
    headers += [page.money(part) for part in SPLIT_COLORS] + [t("sourced_share")]
    table_rows: list[list[Cell]] = [
        [
            q,
            t.number(s.campaigns),
            *(t.amount(v) for v in (s.pipeline, s.sourced, s.influenced, s.unattributed)),
            t.percent(s.sourced / s.pipeline if s.pipeline else None),
        ]
        for q, s in splits.items()
    ]
    tab = table(t("pipeline_split"), headers, table_rows, numeric=range(1, 7))
    body = page.chart("pipeline-split", data, t("label_pipeline_split"), tab)
    return page.section(t("pipeline_split"), t("pipeline_split_text"), body)
