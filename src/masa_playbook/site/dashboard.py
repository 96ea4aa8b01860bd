"""The dashboard: counts per status, outcomes, success rate, recent retros, top anti-patterns.

The same HTML serves the generated home page (when ``docs/index.md`` does not
exist) and the ``dashboard()`` macro of a hand-written home. The figures come
from ``masa_playbook.insights.headline``; ``figure`` formats one of them for
the ``figure(name)`` macro.
"""

from __future__ import annotations

import datetime as dt

from masa_playbook import figures, insights
from masa_playbook.playbook import Campaign
from masa_playbook.rawhtml import ascii_html, fragment, heading_part
from masa_playbook.site import formatting
from masa_playbook.site.context import GeneratedPage, SiteContext
from masa_playbook.site.html import element, esc, table

HOME_URI = "index.md"
RECENT_RETROS = 5
TOP_ANTIPATTERNS = 5
_MONEY = ("total_budget", "total_cost", "total_pipeline", "total_won")
_PERCENT = ("success_rate",)
_ATTAINMENT = ("median_attainment",)


def figure(ctx: SiteContext, name: str) -> str:
    """One headline figure as text: a count, ``67%`` or an amount with the currency (``masa_playbook.numbers``).

    Raises ``ValueError`` for an unknown name, listing the known ones. A rate
    that cannot be computed yet (no retro) is shown as ``–``.
    """
    values = ctx.headline
    if name not in values:
        raise ValueError(f"figure({name!r}): unknown figure; use one of {', '.join(insights.HEADLINE_KEYS)}")
    return _formatted(ctx, name, values[name])


def _formatted(ctx: SiteContext, name: str, value: float | None) -> str:
    if value is None:
        return "–"
    if name in _PERCENT:
        return ctx.percent(value)
    if name in _ATTAINMENT:
        return ctx.attainment(value)
    if name in _MONEY:
        return ctx.money(value)
    return ctx.number(value)


def _tile(label: str, value: str, key: str) -> str:
    return f'<div class="masa-tile" data-figure="{esc(key)}"><strong>{esc(value)}</strong> {esc(label)}</div>'


def _recent_retros(pb_campaigns: list[Campaign]) -> list[Campaign]:
    with_retro = [c for c in pb_campaigns if c.retro is not None]

    def key(c: Campaign) -> tuple[dt.date, str]:
        return (c.retro.date if c.retro is not None else dt.date.min, c.slug)

    return sorted(with_retro, key=key, reverse=True)[:RECENT_RETROS]


def dashboard_html(ctx: SiteContext, page: str) -> str:
    """The dashboard as one HTML block, with links relative to ``page``."""
    t = ctx.t
    statuses = [("campaigns", t("total")), ("done", t("done")), ("running", t("running"))]
    statuses += [("planned", t("planned")), ("ideas", t("idea")), ("cancelled", t("cancelled"))]
    outcomes = [("successes", t("success")), ("mixed", t("mixed")), ("failures", t("failure"))]
    outcomes += [("success_rate", t("success-rate")), ("median_attainment", t("median-attainment"))]
    money = [("total_budget", t("budget")), ("total_cost", t("cost"))]
    money += [("total_pipeline", t("pipeline")), ("total_won", t("won"))]
    groups = [(t("by-status"), statuses), (t("outcomes"), outcomes), (t("money"), money)]
    values = ctx.headline
    parts = []
    for title, tiles in groups:
        row = "".join(_tile(label, _formatted(ctx, key, values[key]), key) for key, label in tiles)
        parts.append(f'<h3>{esc(title)}</h3><div class="masa-tiles">{row}</div>')
    retros = []
    for campaign in _recent_retros(list(ctx.pb.campaigns.values())):
        assert campaign.retro is not None
        result = figures.outcome(campaign)
        retros.append(
            [
                esc(formatting.day(campaign.retro.date)),
                ctx.campaign_link(page, campaign.slug),
                element(
                    "span",
                    esc(t(result or "no-outcome")),
                    cls=f"masa-outcome masa-outcome--{result or 'open'}",
                ),
            ]
        )
    parts.append(f"<h3>{esc(t('recent-retros'))}</h3>")
    parts.append(
        table([t("date"), t("campaign"), t("outcome")], retros) if retros else f"<p>{esc(t('none-yet'))}</p>"
    )
    seen = [a for a in ctx.antipattern_figures.values() if a.count > 0]
    top = []
    for entry in seen[:TOP_ANTIPATTERNS]:
        name = ctx.antipattern_link(page, entry.id) if entry.id in ctx.pb.antipatterns else esc(entry.id)
        top.append([name, esc(ctx.number(entry.count))])
    parts.append(f"<h3>{esc(t('top-antipatterns'))}</h3>")
    parts.append(table([t("sonicht"), t("seen")], top) if top else f"<p>{esc(t('none-yet'))}</p>")
    # ASCII, as every other generated block (``rawhtml.ascii_html``): a German
    # "50 %" is written "50&#160;%" here as on the insights and campaign pages.
    return ascii_html(f'<div class="masa-dashboard">{"".join(parts)}</div>\n')


def dashboard_page(ctx: SiteContext) -> GeneratedPage:
    """The generated home page: the dashboard under a title."""
    title = ctx.t("dashboard")
    parts = [heading_part(1, title), fragment(dashboard_html(ctx, HOME_URI))]
    return GeneratedPage.made_of(HOME_URI, parts, in_nav=True, meta={"title": title})
