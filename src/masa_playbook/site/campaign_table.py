"""The compact campaign table: one light row per campaign, sortable and filterable.

``/campaigns/`` shows every campaign with filter menus; the ``campaign_table``
macro shows a filtered, static selection on a hand-written page. Each row
carries its filter values as ``data-*`` attributes; ``assets/masa.js`` sorts
and filters in the browser. Rows stay small so that thousands of campaigns
still make a light page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from masa_playbook import figures
from masa_playbook.model import OUTCOMES, STATUSES
from masa_playbook.playbook import Campaign
from masa_playbook.site.context import SiteContext
from masa_playbook.site.html import attrs, esc, link
from masa_playbook.site.urls import campaign_uri

#: Filters in the order of the menus: data attribute -> label key.
FILTERS: dict[str, str] = {
    "status": "status",
    "outcome": "outcome",
    "initiator": "initiated_by",
    "industry": "industry",
    "channel": "channel",
    "play": "play",
    "year": "year",
}
_TRANSLATED = {"status", "outcome", "initiator"}


@dataclass(frozen=True)
class Selection:
    """Which campaigns a table shows; ``None`` means any. Values are checked on creation."""

    status: str | None = None
    outcome: str | None = None
    initiator: str | None = None
    industry: str | None = None
    channel: str | None = None
    play: str | None = None
    year: int | None = None
    limit: int | None = None

    def __post_init__(self) -> None:
        allowed = {"status": STATUSES, "outcome": (*OUTCOMES, "none"), "initiator": ("marketing", "sales")}
        for name, values in allowed.items():
            value = getattr(self, name)
            if value is not None and value not in values:
                raise ValueError(f"{name}={value!r} is not one of: {', '.join(values)}")
        if self.limit is not None and (not isinstance(self.limit, int) or self.limit < 1):
            raise ValueError(f"limit={self.limit!r} must be a whole number of 1 or more")
        if self.year is not None and not isinstance(self.year, int):
            raise ValueError(f"year={self.year!r} must be a whole number such as 2026")

    def matches(self, campaign: Campaign) -> bool:
        """True when ``campaign`` has every value this selection asks for."""
        values = row_values(campaign)
        for name in ("status", "outcome", "initiator", "industry", "play"):
            wanted = getattr(self, name)
            if wanted is not None and values[name].casefold() != wanted.casefold():
                return False
        if self.channel is not None and self.channel not in (campaign.plan.channels or []):
            return False
        return self.year is None or values["year"] == str(self.year)

    def select(self, campaigns: Iterable[Campaign]) -> list[Campaign]:
        """The matching campaigns, in the given order, at most ``limit`` of them."""
        chosen = [c for c in campaigns if self.matches(c)]
        return chosen if self.limit is None else chosen[: self.limit]


def row_values(campaign: Campaign) -> dict[str, str]:
    """The filter values of a campaign (``outcome`` is ``none`` without a computed outcome)."""
    plan = campaign.plan
    return {
        "status": plan.status,
        "outcome": figures.outcome(campaign) or "none",
        "initiator": plan.initiated_by,
        "industry": (plan.audience.industry or "") if plan.audience else "",
        "channel": "|" + "|".join(plan.channels or []) + "|",
        "play": plan.play or "",
        "year": str(plan.period.start.year) if plan.period else "",
    }


def _row(ctx: SiteContext, page: str, campaign: Campaign) -> str:
    t, plan, values = ctx.t, campaign.plan, row_values(campaign)
    data = {f"data-{name}": value for name, value in values.items()}
    outcome = values["outcome"]
    budget = plan.budget
    cells = [
        link(ctx.href(page, campaign_uri(campaign.slug)), campaign.title),
        esc(t(plan.status)),
        esc(t(outcome if outcome != "none" else "no-outcome")),
        esc(t(plan.initiated_by)),
        esc(values["industry"]),
        esc(plan.period.start.isoformat() if plan.period else ""),
    ]
    tds = "".join(f"<td>{cell}</td>\n" for cell in cells)
    # data-v is what the table script sorts by: the raw number, every digit of it
    # (``:g`` would keep six), never the localized text.
    sort_value = "" if budget is None else repr(float(budget)).removesuffix(".0")
    tds += f'<td data-v="{sort_value}">{esc(ctx.money(budget))}</td>'
    return f"<tr{attrs(data)}>{tds}</tr>"


def campaign_table(ctx: SiteContext, page: str, campaigns: Iterable[Campaign]) -> str:
    """A sortable table of ``campaigns`` (already in display order) for the page ``page``."""
    t = ctx.t
    head = [
        ("campaign", "text"),
        ("status", "text"),
        ("outcome", "text"),
        ("initiated_by", "text"),
        ("industry", "text"),
        ("start", "text"),
        ("budget", "number"),
    ]
    ths = "".join(f'<th data-sort="{kind}" tabindex="0">{esc(t(key))}</th>\n' for key, kind in head)
    rows = "\n".join(_row(ctx, page, c) for c in campaigns)
    return (
        f'<table class="masa-campaigns" data-masa-table="">\n<thead><tr>\n{ths}</tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody>\n</table>\n"
    )


def filter_menus(ctx: SiteContext, campaigns: list[Campaign]) -> str:
    """One ``<select>`` per filter, listing the values the campaigns have, and a counter."""
    t = ctx.t
    seen: dict[str, set[str]] = {name: set() for name in FILTERS}
    for campaign in campaigns:
        values = row_values(campaign)
        for name in FILTERS:
            if name == "channel":
                seen[name].update(campaign.plan.channels or [])
            elif values[name]:
                seen[name].add(values[name])
    menus = []
    for name, label_key in FILTERS.items():
        options = [f'<option value="">{esc(t("all"))}</option>']
        for value in sorted(seen[name], key=lambda v: (v.casefold(), v)):
            shown = t("no-outcome") if value == "none" else t(value) if name in _TRANSLATED else value
            options.append(f'<option value="{esc(value)}">{esc(shown)}</option>')
        menus.append(
            f'<label>{esc(t(label_key))} <select data-filter="{name}">{"".join(options)}</select></label>'
        )
    total = len(campaigns)
    template = t("shown-of", shown="{shown}", total="{total}")
    counter = (
        f'<p class="masa-count" data-template="{esc(template)}">'
        f"{esc(t('shown-of', shown=total, total=total))}</p>"
    )
    return f'<div class="masa-filters">{"".join(menus)}</div>\n{counter}\n'
