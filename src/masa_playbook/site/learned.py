"""The "Learned before" panel of a campaign page whose plan is an idea or planned.

The moment to look back is before planning, so the page of a plan in the
making shows what ``masa new campaign`` prints (``masa_playbook.lessons``):
up to five related retros, most recent first, each linked with its outcome
and first learning; the #sonicht anti-patterns named most often in that
context, linked to the catalogue; and the play's track record with its
sample size, which below ``extra.masa.min_sample`` reads "too few campaigns
to judge" instead of a percentage.

The playbook is the build's view, so a public page lists public retros only.
The panel is one heading and one card (``html.facts``): no heading per part,
and out of the search index, since every line repeats another page's words.
"""

from __future__ import annotations

from masa_playbook.lessons import (
    FrequentAntiPattern,
    RelatedRetro,
    frequent_antipatterns,
    play_track_record,
    related_retros,
)
from masa_playbook.playbook import Campaign
from masa_playbook.rawhtml import PagePart, fragment, heading_part
from masa_playbook.site import formatting
from masa_playbook.site.context import SiteContext
from masa_playbook.site.html import esc, facts, items

#: Plan statuses that get the panel: nothing is decided yet.
PLANNING: frozenset[str] = frozenset({"idea", "planned"})


def learned_before(ctx: SiteContext, campaign: Campaign, page: str) -> list[PagePart]:
    """The panel's heading and card, or nothing when the plan is past planning or nothing relates to it."""
    plan = campaign.plan
    if plan.status not in PLANNING:
        return []
    industry, play, channels = (
        plan.audience.industry if plan.audience else None,
        plan.play,
        plan.channels or [],
    )
    retros = related_retros(ctx.retros, industry=industry, play=play, channels=channels)
    retros = [r for r in retros if r.slug != campaign.slug]
    patterns = frequent_antipatterns(ctx.retros, industry=industry, play=play, channels=channels)
    if not retros and not patterns and not plan.play:
        return []
    t = ctx.t
    rows = [
        (t("retros-to-read"), items([_retro(ctx, page, r) for r in retros], cls="masa-retros")),
        (t("sonicht-seen-here"), items([_antipattern(ctx, page, p) for p in patterns], cls="masa-sonicht")),
        (t("track-record"), track_record(ctx, page, plan.play) if plan.play else ""),
    ]
    return [
        heading_part(2, t("learned-before")),
        fragment(facts(rows, cls="masa-card masa-learned"), search=False),
    ]


def _retro(ctx: SiteContext, page: str, retro: RelatedRetro) -> str:
    """``Title (failure, 2025-06-01): first learning``, the title linked to the campaign."""
    outcome = ctx.t(retro.outcome or "no-outcome")
    when = formatting.day(retro.date)
    return f"{ctx.campaign_link(page, retro.slug)} ({esc(outcome)}, {esc(when)}): {esc(retro.first_learning)}"


def _antipattern(ctx: SiteContext, page: str, found: FrequentAntiPattern) -> str:
    """The anti-pattern linked to its catalogue entry, and in how many related retros."""
    t = ctx.t
    count = t("in-one-retro") if found.count == 1 else t("in-retros", n=ctx.number(found.count))
    return f"{ctx.antipattern_link(page, found.id)} ({esc(count)})"


def track_record(ctx: SiteContext, page: str, play: str) -> str:
    """The play, linked, and its record with the sample size; a rate only from ``min_sample`` campaigns on."""
    t, record = ctx.t, play_track_record(ctx.retros, play)
    sample = t("with-retro-one") if record.campaigns == 1 else t("with-retro", n=ctx.number(record.campaigns))
    if record.rate is None:
        text = t("track-too-few", sample=sample, needed=ctx.number(record.min_sample))
    else:
        text = t(
            "track-judged",
            successes=ctx.number(record.successes),
            sample=sample,
            rate=ctx.percent(record.rate),
        )
    return f"{ctx.play_link(page, play)}: {esc(text)}"
