"""``/campaigns/<slug>/``: the whole story of one campaign.

Summary card (with the CRM record, internal builds only), "Learned before"
for a plan in the making (``site.learned``), goals target against actual,
budget, funnel and return, the shared plan as who does what by when, the plan
text and the retro. Every figure comes from ``masa_playbook.figures``; the
prose is the authors' Markdown.
"""

from __future__ import annotations

from masa_playbook import figures
from masa_playbook.config import crm_link
from masa_playbook.playbook import Campaign
from masa_playbook.rawhtml import PagePart, fragment, heading_part
from masa_playbook.site import formatting
from masa_playbook.site.charts import campaign_charts
from masa_playbook.site.context import GeneratedPage, SiteContext
from masa_playbook.site.html import Cell, element, esc, facts, items, link, table
from masa_playbook.site.learned import learned_before
from masa_playbook.site.urls import campaign_uri

#: The funnel counts of a retro, in the order a campaign report lists them.
FUNNEL_STAGES: tuple[str, ...] = ("responses", "leads", "meetings", "opportunities")


def authored_requests(campaign: Campaign) -> list[tuple[str, str, str]]:
    """The authored bodies ``campaign_page`` renders: ``SiteContext.authored``'s (body, source, page)."""
    page = campaign_uri(campaign.slug)
    sources = [campaign.plan_source]
    if campaign.retro is not None and campaign.retro_source is not None:  # as retro_section
        sources.append(campaign.retro_source)
    return [(source.body, source.path, page) for source in sources if source.body.strip()]


def campaign_page(ctx: SiteContext, campaign: Campaign) -> GeneratedPage:
    """The generated page of ``campaign``."""
    page = campaign_uri(campaign.slug)
    sources = [campaign.plan_source.path]
    if campaign.retro_source is not None:
        sources.append(campaign.retro_source.path)
    parts: list[PagePart] = [
        heading_part(1, campaign.title),
        fragment(summary_card(ctx, campaign, page)),
        *learned_before(ctx, campaign, page),
        heading_part(2, ctx.t("goals")),
        fragment(goals_table(ctx, campaign) + campaign_charts(ctx, campaign)),
        heading_part(2, ctx.t("money")),
        fragment(money_table(ctx, campaign), search=False),  # figures, not words to look for
        heading_part(2, ctx.t("tasks")),
        fragment(task_list(ctx, campaign)),
    ]
    if campaign.plan_source.body.strip():
        parts += [heading_part(2, ctx.t("plan")), *ctx.authored(campaign.plan_source.body, sources[0], page)]
    parts += retro_section(ctx, campaign, page)
    return GeneratedPage.made_of(page, parts, tuple(sources), meta={"title": campaign.title})


def _texts(values: list[str] | None) -> str:
    """A list of values as text separated by commas (no element per value)."""
    return esc(", ".join(values or []))


def summary_card(ctx: SiteContext, campaign: Campaign, page: str) -> str:
    """The summary card: status, sides, period, audience, channels, play, people."""
    plan, t = campaign.plan, ctx.t
    audience = plan.audience
    owners = plan.owners
    rows = [
        (t("status"), element("span", esc(t(plan.status)), cls=f"masa-status masa-status--{plan.status}")),
        (t("initiated_by"), esc(t(plan.initiated_by))),
        (t("period"), esc(formatting.period(plan.period))),
        (t("industry"), esc(audience.industry or "") if audience else ""),
        (t("segment"), esc(audience.segment or "") if audience else ""),
        (t("regions"), _texts(audience.regions) if audience else ""),
        (t("accounts"), esc(ctx.number(audience.accounts)) if audience else ""),
        # Confidential: only an internal build's view still holds them.
        (t("target_accounts"), _texts(plan.target_accounts)),
        (t("channels"), _texts(plan.channels)),
        (t("play"), ctx.play_link(page, plan.play) if plan.play else ""),
        # Internal only: the public view holds no crm_id (``audience``).
        (t("crm_record"), crm_record(ctx, plan.crm_id)),
        (t("tags"), _texts(plan.tags)),
        (t("visibility"), esc(t(plan.visibility))),
        (
            f"{t('owners')}: {t('marketing')}",
            ", ".join(ctx.person(h) for h in owners.marketing) if owners else "",
        ),
        (f"{t('owners')}: {t('sales')}", ", ".join(ctx.person(h) for h in owners.sales) if owners else ""),
        (t("contributors"), ", ".join(ctx.person_with_function(h) for h in plan.contributors or [])),
        (t("cancelled_reason"), esc(plan.cancelled_reason or "")),
    ]
    return facts(rows) + "\n"


def crm_record(ctx: SiteContext, crm_id: str | None) -> str:
    """The campaign's CRM id, linked to its record when ``extra.masa.crm_url`` is set; empty without an id.

    ``crm_link`` percent-encodes the id into the maintainer's template, so an
    authored id can only be one part of that address. ``noreferrer``: the
    CRM need not learn the address of an internal page.
    """
    if not crm_id:
        return ""
    url = crm_link(ctx.pb.config.crm_url, crm_id)
    if url is None:
        return esc(crm_id)
    return element("a", esc(crm_id), href=url, rel="noopener noreferrer")


def _target(ctx: SiteContext, direction: str, target: float) -> str:
    prefix = f"{ctx.t('at_most')} " if direction == "at_most" else ""
    return esc(prefix + ctx.number(target))


def goals_table(ctx: SiteContext, campaign: Campaign) -> str:
    """Every goal with its target, actual, attainment and whether it was met."""
    t = ctx.t
    rows: list[list[str | Cell]] = []
    for goal, actual in figures.goal_results(campaign):
        metric = esc(goal.metric)
        if goal.due is not None:
            metric += f" ({esc(t('due'))} {esc(formatting.day(goal.due))})"
        if actual is None:
            rows.append([metric, _target(ctx, goal.direction, goal.target), "", "", esc(t("not-reported"))])
            continue
        met = figures.goal_met(goal, actual)
        # The verdict's class goes on its cell (``table``): one element fewer per goal.
        verdict = Cell(esc(t("met" if met else "not-met")), f"masa-goal--{'met' if met else 'missed'}")
        rows.append(
            [
                metric,
                _target(ctx, goal.direction, goal.target),
                esc(ctx.number(actual)),
                esc(ctx.attainment(figures.capped_attainment(goal, actual))),
                verdict,
            ]
        )
    if not rows:
        return f"<p>{esc(t('none-yet'))}</p>\n"
    head = [t("metric"), t("target"), t("actual"), t("attainment"), t("outcome")]
    return table(head, rows, cls="masa-goals") + "\n"


def money_table(ctx: SiteContext, campaign: Campaign) -> str:
    """Budget against cost, expected against actual return, the funnel and what each stage cost.

    The pipeline marketing sourced and influenced and the sourced share go
    under the pipeline; every figure comes from ``masa_playbook.figures``.
    """
    t, plan, retro = ctx.t, campaign.plan, campaign.retro
    expected = plan.expected
    actual = retro.return_ if retro is not None else None

    def actual_only(key: str, value: str) -> list[str]:
        return [esc(t(key)), "", esc(value)]

    rows = [
        [
            esc(f"{t('budget')} / {t('cost')}"),
            esc(ctx.money(plan.budget)),
            esc(ctx.money(retro.cost if retro else None)),
        ],
        [
            esc(t("pipeline")),
            esc(ctx.money(expected.pipeline if expected else None)),
            esc(ctx.money(actual.pipeline if actual else None)),
        ],
        actual_only("sourced", ctx.money(actual.sourced if actual else None)),
        actual_only("influenced", ctx.money(actual.influenced if actual else None)),
        actual_only("sourced_share", ctx.percent(figures.sourced_share(campaign))),
        [
            esc(t("won")),
            esc(ctx.money(expected.won if expected else None)),
            esc(ctx.money(actual.won if actual else None)),
        ],
        *(actual_only(stage, ctx.number(figures.funnel_count(campaign, stage))) for stage in FUNNEL_STAGES),
        actual_only("cost_per_lead", ctx.money(figures.cost_per_lead(campaign))),
        actual_only("cost_per_meeting", ctx.money(figures.cost_per_meeting(campaign))),
        actual_only("cost_per_opportunity", ctx.money(figures.cost_per_opportunity(campaign))),
        actual_only("cost_vs_budget", ctx.percent(figures.cost_vs_budget(campaign))),
        actual_only("roi", ctx.percent(figures.roi(campaign))),
        actual_only("pipeline_per_cost", ctx.ratio(figures.pipeline_per_cost(campaign))),
    ]
    # A row with no figure says nothing: left out; a table with none is "none yet".
    rows = [row for row in rows if row[1] or row[2]]
    if not rows:
        return f"<p>{esc(t('none-yet'))}</p>\n"
    return table(["", t("expected"), t("actual")], rows, cls="masa-money") + "\n"


def task_list(ctx: SiteContext, campaign: Campaign) -> str:
    """The tasks sorted by due date: when, who, what, done or open."""
    t = ctx.t
    tasks = sorted(enumerate(campaign.plan.tasks or []), key=lambda pair: (pair[1].due, pair[0]))
    lines = []
    for _, task in tasks:
        state = "done" if task.done else "open"
        # The state is text with the item's class (a coloured mark, masa.css), not an element of its own.
        lines.append(
            f'<li class="masa-task-state--{state}">{esc(formatting.day(task.due))} {ctx.person(task.owner)}: '
            f"{esc(task.task)} ({esc(t(f'task-{state}'))})</li>"
        )
    if not lines:
        return f"<p>{esc(t('none-yet'))}</p>\n"
    return '<ul class="masa-tasks">' + "\n".join(lines) + "</ul>\n"


def retro_section(ctx: SiteContext, campaign: Campaign, page: str) -> list[PagePart]:
    """The retro: date, authors, computed outcome, what went well, learnings, #sonicht, text."""
    t, retro, source = ctx.t, campaign.retro, campaign.retro_source
    parts: list[PagePart] = [heading_part(2, t("retro"))]
    if retro is None or source is None:
        return [*parts, fragment(f"<p>{esc(t('no-retro'))}</p>")]
    result = figures.outcome(campaign)
    outcome_html = element(
        "span", esc(t(result or "no-outcome")), cls=f"masa-outcome masa-outcome--{result or 'open'}"
    )
    links = [ctx.antipattern_link(page, ident) for ident in dict.fromkeys(retro.sonicht or [])]
    # One card, not a heading and a block each: every heading is a table of
    # contents entry, a search section and an anchor on each of a thousand pages.
    rows = [
        (t("date"), esc(formatting.day(retro.date))),
        (t("authors"), ", ".join(ctx.person(h) for h in retro.authors)),
        (t("outcome"), outcome_html),
        (t("went_well"), items([esc(v) for v in retro.went_well or []])),
        (t("learnings"), items([esc(v) for v in retro.learnings])),
        (t("sonicht"), items(links, cls="masa-sonicht")),
    ]
    parts.append(fragment(facts(rows, cls="masa-card masa-retro")))
    if source.body.strip():
        parts += ctx.authored(source.body, source.path, page)
    edit = ctx.edit_url(source.path)
    if edit is not None:
        parts.append(fragment(f'<p class="masa-edit">{link(edit, t("edit-retro"))}</p>'))
    return parts
