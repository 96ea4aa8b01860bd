"""The catalogues: ``/plays/`` with each play's track record, ``/sonicht/`` with where each anti-pattern was seen.

Track records and sightings come from ``masa_playbook.insights``: a play's
campaigns are every campaign of the build that follows it, an anti-pattern's
sightings every retro of the build that names it.
"""

from __future__ import annotations

from masa_playbook import figures, insights
from masa_playbook.frontmatter import Source
from masa_playbook.playbook import AntiPatternEntry, PlayEntry
from masa_playbook.rawhtml import PagePart, fragment, heading_part
from masa_playbook.site import formatting
from masa_playbook.site.context import GeneratedPage, SiteContext
from masa_playbook.site.html import element, esc, facts, items, link, table
from masa_playbook.site.urls import antipattern_uri, play_uri

PLAYS_URI = "plays/index.md"
SONICHT_URI = "sonicht/index.md"


def _outcome_badge(ctx: SiteContext, slug: str) -> str:
    result = figures.outcome(ctx.pb.campaigns[slug])
    return element(
        "span", esc(ctx.t(result or "no-outcome")), cls=f"masa-outcome masa-outcome--{result or 'open'}"
    )


def plays_index(ctx: SiteContext) -> GeneratedPage:
    """Every play with its summary, how many campaigns used it and their success rate."""
    t, records = ctx.t, ctx.play_figures
    rows = []
    for ident, entry in sorted(ctx.pb.plays.items()):
        record = records.get(ident)
        rows.append(
            [
                link(ctx.href(PLAYS_URI, play_uri(ident)), entry.play.title),
                esc(entry.play.summary),
                esc(ctx.number(record.campaigns if record else 0)),
                esc(ctx.percent(record.success_rate) if record else ""),
            ]
        )
    head = [t("play"), t("summary"), t("campaigns"), t("success-rate")]
    return _index_page(ctx, PLAYS_URI, t("plays"), t("plays-intro"), head, rows)


def play_page(ctx: SiteContext, entry: PlayEntry, record: insights.GroupFigures | None) -> GeneratedPage:
    """One play: summary, when, roles, steps, suggested goals, what to watch out for, track record."""
    t, play, page = ctx.t, entry.play, play_uri(entry.id)
    parts: list[PagePart] = [
        heading_part(1, play.title),
        fragment(f'<p class="masa-lead">{esc(play.summary)}</p>'),
    ]
    if play.when:
        parts += [heading_part(2, t("when")), fragment(f"<p>{esc(play.when)}</p>")]
    if play.roles:
        roles = [
            f"<strong>{esc(t(function))}</strong>{items([esc(r) for r in duties])}"
            for function, duties in play.roles.items()
        ]
        parts += [heading_part(2, t("roles")), fragment(items(roles, cls="masa-roles"))]
    if play.steps:
        steps = [
            [esc(ctx.number(s.offset_days)), esc(t(s.function)), esc(s.step)]
            for s in sorted(play.steps, key=lambda s: s.offset_days)
        ]
        parts += [
            heading_part(2, t("steps")),
            fragment(table([t("day"), t("function"), t("step")], steps, cls="masa-steps")),
        ]
    if play.goals:
        goals = [[esc(g.metric), esc(ctx.number(g.target))] for g in play.goals]
        parts += [heading_part(2, t("suggested-goals")), fragment(table([t("metric"), t("target")], goals))]
    if play.watch_out:
        parts += [
            heading_part(2, t("watch-out")),
            fragment(items([ctx.antipattern_link(page, i) for i in play.watch_out])),
        ]
    parts += track_record(ctx, record or insights.GroupFigures(entry.id), page)
    return _entry_page(ctx, page, play.title, parts, entry.source)


def track_record(ctx: SiteContext, record: insights.GroupFigures, page: str) -> list[PagePart]:
    """How the campaigns that followed a play went: counts, success rate, each campaign."""
    t = ctx.t
    rows = [
        (t("campaigns"), esc(ctx.number(record.campaigns))),
        (t("success"), esc(ctx.number(record.successes))),
        (t("mixed"), esc(ctx.number(record.mixed))),
        (t("failure"), esc(ctx.number(record.failures))),
        (t("success-rate"), esc(ctx.percent(record.success_rate))),
        (t("median-attainment"), esc(ctx.attainment(record.median_attainment))),
    ]
    used = [f"{ctx.campaign_link(page, slug)} {_outcome_badge(ctx, slug)}" for slug in record.slugs]
    return [
        heading_part(2, t("track-record")),
        fragment(facts(rows, cls="masa-card masa-record")),
        heading_part(3, t("used-by")),
        # Out of the search index, as every list that grows with the playbook: the campaigns'
        # own pages are in it, and Zensical refuses a section whose text outgrows its limit
        # (16 KB at 3,000 campaigns).
        fragment(
            f'<div class="masa-list" data-count="{len(used)}">{items(used) or esc(t("none-yet"))}</div>',
            search=False,
        ),
    ]


def sonicht_index(ctx: SiteContext) -> GeneratedPage:
    """Every anti-pattern with its summary, how often and when last it was seen."""
    t, seen = ctx.t, ctx.antipattern_figures
    rows = []
    for ident, entry in sorted(ctx.pb.antipatterns.items()):
        record = seen.get(ident)
        rows.append(
            [
                link(ctx.href(SONICHT_URI, antipattern_uri(ident)), entry.antipattern.title),
                esc(entry.antipattern.summary),
                esc(ctx.number(record.count if record else 0)),
                esc(formatting.day(record.last_seen) if record and record.last_seen else ""),
            ]
        )
    head = [t("sonicht"), t("summary"), t("seen"), t("last-seen")]
    return _index_page(ctx, SONICHT_URI, t("sonicht-title"), t("sonicht-intro"), head, rows)


def antipattern_page(
    ctx: SiteContext, entry: AntiPatternEntry, record: insights.AntiPatternFigures | None
) -> GeneratedPage:
    """One anti-pattern: summary, aliases, symptoms, plays to use instead, where it was seen."""
    t, anti, page = ctx.t, entry.antipattern, antipattern_uri(entry.id)
    parts: list[PagePart] = [
        heading_part(1, anti.title),
        fragment(f'<p class="masa-lead">{esc(anti.summary)}</p>'),
    ]
    if anti.aliases:
        parts.append(fragment(f"<p><em>{esc(t('aliases'))}:</em> {esc(', '.join(anti.aliases))}</p>"))
    if anti.symptoms:
        parts += [heading_part(2, t("symptoms")), fragment(items([esc(s) for s in anti.symptoms]))]
    if anti.instead:
        parts += [
            heading_part(2, t("instead")),
            fragment(items([ctx.play_link(page, i) for i in anti.instead])),
        ]
    parts += sightings(ctx, record, page)
    return _entry_page(ctx, page, anti.title, parts, entry.source)


def _entry_page(
    ctx: SiteContext, page: str, title: str, parts: list[PagePart], source: Source
) -> GeneratedPage:
    """A play or anti-pattern page: its generated parts, then the authored body."""
    if source.body.strip():
        parts = [*parts, *ctx.authored(source.body, source.path, page)]
    return GeneratedPage.made_of(page, parts, (source.path,), meta={"title": title})


def sightings(ctx: SiteContext, record: insights.AntiPatternFigures | None, page: str) -> list[PagePart]:
    """Where an anti-pattern was seen: count, first and last seen, every campaign with its retro date."""
    t = ctx.t
    parts: list[PagePart] = [heading_part(2, t("where-seen"))]
    if record is None or record.count == 0:
        return [
            *parts,
            fragment(f'<div class="masa-list" data-count="0"><p>{esc(t("never-seen"))}</p></div>'),
        ]
    rows = [
        (t("seen"), esc(ctx.number(record.count))),
        (t("first-seen"), esc(formatting.day(record.first_seen) if record.first_seen else "")),
        (t("last-seen"), esc(formatting.day(record.last_seen) if record.last_seen else "")),
    ]
    where = []
    for slug in reversed(record.campaigns):  # newest retro first
        retro = ctx.pb.campaigns[slug].retro
        date = formatting.day(retro.date) if retro is not None else ""
        where.append(f"{esc(date)} {ctx.campaign_link(page, slug)} {_outcome_badge(ctx, slug)}")
    return [
        *parts,
        fragment(facts(rows, cls="masa-card masa-record")),
        # Out of the search index, as the play pages' lists of campaigns (``track_record``).
        fragment(f'<div class="masa-list" data-count="{len(where)}">{items(where)}</div>', search=False),
    ]


def _index_page(
    ctx: SiteContext, uri: str, title: str, intro: str, head: list[str], rows: list[list[str]]
) -> GeneratedPage:
    """A catalogue index: title, intro and one table row per entry."""
    body = table(head, rows, cls="masa-catalogue") if rows else f"<p>{esc(ctx.t('none-yet'))}</p>"
    parts = [
        heading_part(1, title),
        fragment(f"<p>{esc(intro)}</p>"),
        fragment(f'<div class="masa-list" data-count="{len(rows)}">{body}</div>'),
    ]
    return GeneratedPage.made_of(uri, parts, in_nav=True, meta={"title": title})
