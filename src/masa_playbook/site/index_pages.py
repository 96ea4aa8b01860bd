"""``/campaigns/``, ``/wins/`` and ``/lessons/``: the ways into the campaigns.

Each list names how many campaigns it holds (``data-count``), and the count is
the number of campaigns of the build with that outcome: nothing is left out.
"""

from __future__ import annotations

import datetime as dt

from masa_playbook import figures
from masa_playbook.playbook import Campaign
from masa_playbook.rawhtml import fragment, heading_part
from masa_playbook.site import formatting
from masa_playbook.site.campaign_table import campaign_table, filter_menus
from masa_playbook.site.context import GeneratedPage, SiteContext
from masa_playbook.site.html import element, esc, items, link
from masa_playbook.site.urls import campaign_uri

CAMPAIGNS_URI = "campaigns/index.md"
WINS_URI = "wins/index.md"
LESSONS_URI = "lessons/index.md"


def campaigns_index(ctx: SiteContext) -> GeneratedPage:
    """Every campaign in one sortable, filterable table.

    The page is left out of the search index: it repeats every title, and the
    campaign pages themselves are searchable.
    """
    campaigns = ctx.pb.campaigns_sorted()
    parts = [
        heading_part(1, ctx.t("campaigns")),
        fragment(f"<p>{esc(ctx.t('campaigns-intro'))}</p>"),
        fragment(
            filter_menus(ctx, campaigns)
            + f'<div class="masa-table-wrap" data-count="{len(campaigns)}">\n'
            + campaign_table(ctx, CAMPAIGNS_URI, campaigns)
            + "</div>\n"
        ),
    ]
    meta = {"title": ctx.t("campaigns"), "search": {"exclude": True}, "hide": ["toc"]}
    return GeneratedPage.made_of(CAMPAIGNS_URI, parts, in_nav=True, meta=meta)


def _by_retro_date(campaigns: list[Campaign]) -> list[Campaign]:
    def key(c: Campaign) -> tuple[dt.date, str]:
        return (c.retro.date if c.retro is not None else dt.date.min, c.slug)

    return sorted(campaigns, key=key, reverse=True)


def _story(ctx: SiteContext, page: str, campaign: Campaign, texts: list[str]) -> str:
    """One campaign in a wins or lessons list: title, facts, the given texts.

    The title is a heading with the campaign's slug as its id, so every story
    is an anchor (``/lessons/#slug``) and a search section of its own: Zensical
    refuses a search entry of more than 64 KB, which one section of a
    thousand stories would be.
    """
    t, plan = ctx.t, campaign.plan
    result = figures.outcome(campaign)
    facts = [
        element("span", esc(t(result or "no-outcome")), cls=f"masa-outcome masa-outcome--{result or 'open'}"),
        esc(formatting.period(plan.period)),
        esc(t(plan.initiated_by)),
        esc(plan.audience.industry or "") if plan.audience else "",
        ctx.play_link(page, plan.play) if plan.play else "",
    ]
    title = link(ctx.href(page, campaign_uri(campaign.slug)), campaign.title)
    return (
        f'<section class="masa-story" data-slug="{esc(campaign.slug)}"><h3 id="{esc(campaign.slug)}">{title}</h3>'
        f'<p class="masa-facts">{" · ".join(f for f in facts if f)}</p>'
        f"{items([esc(text) for text in texts])}</section>"
    )


def _story_page(
    ctx: SiteContext, uri: str, key: str, wanted: tuple[str, ...], learnings: bool
) -> GeneratedPage:
    chosen = _by_retro_date([c for c in ctx.pb.campaigns.values() if figures.outcome(c) in wanted])
    stories = []
    for campaign in chosen:
        retro = campaign.retro
        assert retro is not None  # an outcome needs a retro
        texts = retro.learnings if learnings else retro.went_well or []
        stories.append(_story(ctx, uri, campaign, list(texts)))
    body = "\n".join(stories) if stories else f"<p>{esc(ctx.t('none-yet'))}</p>"
    parts = [
        heading_part(1, ctx.t(key)),
        fragment(f"<p>{esc(ctx.t(f'{key}-intro', count=ctx.number(len(chosen))))}</p>"),
        fragment(f'<div class="masa-stories" data-count="{len(chosen)}">\n{body}\n</div>'),
    ]
    return GeneratedPage.made_of(uri, parts, in_nav=True, meta={"title": ctx.t(key)})


def wins_page(ctx: SiteContext) -> GeneratedPage:
    """Campaigns whose every goal was met, newest retro first, with what went well."""
    return _story_page(ctx, WINS_URI, "wins", ("success",), learnings=False)


def lessons_page(ctx: SiteContext) -> GeneratedPage:
    """Campaigns with a mixed or failed outcome, newest retro first, with their learnings."""
    return _story_page(ctx, LESSONS_URI, "lessons", ("failure", "mixed"), learnings=True)
