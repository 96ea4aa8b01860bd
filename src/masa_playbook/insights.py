"""Aggregates across campaigns: the numbers behind the dashboard and /insights/.

Every function here takes one pass over the campaigns (plus one over the
catalogue of plays or anti-patterns); nothing compares campaign with campaign.
The ``Playbook`` passed in is already the audience's view, so a public build
aggregates public campaigns only.

Definitions (also shown on the insights page):

- **Success rate**: successes / campaigns with a computed outcome; ``None``
  while no campaign of the group has one.
- **Median attainment**: the median of the campaigns' attainments (each the
  median of its goals, capped at 10x), over campaigns with a retro.
- **Totals**: the budget is summed over plans that state one; cost, pipeline
  and won over retros that report them. Nothing known sums to 0.
- **Groups**: a campaign counts once under its initiator, industry, play and
  quarter (the quarter of ``period.start``), and once under *each* of its
  channels, so channel rows do not add up to the number of campaigns.
  Campaigns without the value (an idea without an industry) are left out of
  that grouping. Every play of the catalogue is listed, used or not.
- **Anti-patterns**: ``count`` is the number of retros naming it (a retro
  naming it twice counts once); first and last seen are retro dates. The trend
  compares the four quarters up to and including today's quarter with the four
  before: more is ``rising``, fewer is ``falling``, the same is ``steady``.
  Anti-patterns of the catalogue that no retro names are listed with count 0.
- **Cost per lead, meeting and opportunity** of a group (``funnel_costs_by``):
  the total cost of the group's campaigns whose retro reports that count,
  divided by the sum of their counts: what the group spent per meeting, as a
  CRM's campaign report adds it up. A campaign that reports 0 meetings adds
  its cost and no meeting (money spent for nothing counts), one that does not
  report meetings is left out; ``campaigns`` says how many are behind the
  figure. Not the median of per-campaign figures: that would drop every
  campaign with 0 meetings and weigh a 2,000 EUR webinar like a 90,000 EUR
  fair. ``None`` while the counts add up to 0.
- **Sourced and influenced pipeline per quarter** (``pipeline_split_by_quarter``):
  sums over the retros that report ``return.sourced`` or
  ``return.influenced``, by the quarter of ``period.start``; a part not
  given counts as 0, and what the two leave of ``return.pipeline`` is
  ``unattributed``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from statistics import median
from typing import Any, Literal

from masa_playbook.figures import campaign_attainment, campaign_quarter, funnel_count, outcome, quarter
from masa_playbook.playbook import Campaign, Playbook

Trend = Literal["rising", "falling", "steady"]
#: Quarters per trend window: the last year against the year before.
TREND_WINDOW = 4


@dataclass
class GroupFigures:
    """The track record of the campaigns that share one value (an initiator, a play, ...)."""

    key: str
    campaigns: int = 0
    with_retro: int = 0
    successes: int = 0
    mixed: int = 0
    failures: int = 0
    success_rate: float | None = None
    median_attainment: float | None = None
    total_budget: float = 0.0
    total_cost: float = 0.0
    total_pipeline: float = 0.0
    total_won: float = 0.0
    slugs: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The figures as a JSON-ready dict."""
        return asdict(self)


class _Accumulator:
    """Collects one group in a single pass; ``result`` finishes the medians and rates."""

    def __init__(self, key: str) -> None:
        self.figures = GroupFigures(key)
        self.attainments: list[float] = []

    def add(self, campaign: Campaign) -> None:
        f = self.figures
        f.campaigns += 1
        f.slugs.append(campaign.slug)
        f.total_budget += campaign.plan.budget or 0.0
        retro = campaign.retro
        if retro is not None:
            f.with_retro += 1
            f.total_cost += retro.cost
            if retro.return_ is not None:
                f.total_pipeline += retro.return_.pipeline or 0.0
                f.total_won += retro.return_.won or 0.0
        result = outcome(campaign)
        f.successes += result == "success"
        f.mixed += result == "mixed"
        f.failures += result == "failure"
        value = campaign_attainment(campaign)
        if value is not None:
            self.attainments.append(value)

    def result(self) -> GroupFigures:
        f = self.figures
        decided = f.successes + f.mixed + f.failures
        f.success_rate = f.successes / decided if decided else None
        f.median_attainment = median(self.attainments) if self.attainments else None
        return f


def _sorted_campaigns(campaigns: Iterable[Campaign]) -> list[Campaign]:
    return sorted(campaigns, key=lambda c: c.slug)


def group_figures(
    campaigns: Iterable[Campaign],
    keys: Callable[[Campaign], Iterable[str | None]],
    *,
    include: Iterable[str] = (),
) -> dict[str, GroupFigures]:
    """Figures per key, sorted by key; ``keys`` gives each campaign's keys (``None`` skips).

    Keys in ``include`` are listed even when no campaign has them (count 0).
    """
    groups: dict[str, _Accumulator] = {key: _Accumulator(key) for key in include}
    for campaign in _sorted_campaigns(campaigns):
        for key in dict.fromkeys(keys(campaign)):
            if key is not None:
                groups.setdefault(key, _Accumulator(key)).add(campaign)
    return {key: groups[key].result() for key in sorted(groups)}


def overall(pb: Playbook) -> GroupFigures:
    """The figures of every campaign in ``pb`` as one group (key ``all``)."""
    return group_figures(pb.campaigns.values(), lambda c: ["all"], include=["all"])["all"]


def by_initiator(pb: Playbook) -> dict[str, GroupFigures]:
    """Figures per initiating side; both sides are always listed."""
    return group_figures(
        pb.campaigns.values(), lambda c: [c.plan.initiated_by], include=["marketing", "sales"]
    )


def by_industry(pb: Playbook) -> dict[str, GroupFigures]:
    """Figures per ``audience.industry``."""
    return group_figures(
        pb.campaigns.values(), lambda c: [c.plan.audience.industry if c.plan.audience else None]
    )


def by_channel(pb: Playbook) -> dict[str, GroupFigures]:
    """Figures per channel; a campaign counts under each of its channels."""
    return group_figures(pb.campaigns.values(), lambda c: c.plan.channels or [])


def by_play(pb: Playbook) -> dict[str, GroupFigures]:
    """Figures per play, including every play of the catalogue that no campaign uses."""
    return group_figures(pb.campaigns.values(), lambda c: [c.plan.play], include=pb.plays)


def plays_never_used(pb: Playbook) -> list[str]:
    """Ids of catalogue plays that no campaign follows, sorted."""
    used = {c.plan.play for c in pb.campaigns.values()}
    return sorted(set(pb.plays) - used)


def _quarter_index(label: str) -> int:
    """``2025-Q3`` as a number of quarters since the year 0, so labels can be counted through."""
    year, q = label.split("-Q")
    return int(year) * 4 + int(q) - 1


def _quarter_label(index: int) -> str:
    return f"{index // 4:04d}-Q{index % 4 + 1}"


def quarters_between(first: str, last: str) -> list[str]:
    """Every quarter from ``first`` to ``last`` (``2025-Q3`` form), both included.

    Counted as numbers, not compared as text, so any year a date can hold works
    (the model limits dates to ``FIRST_YEAR`` to ``LAST_YEAR``: at most 440 quarters).
    """
    return [_quarter_label(i) for i in range(_quarter_index(first), _quarter_index(last) + 1)]


def by_quarter(pb: Playbook) -> dict[str, GroupFigures]:
    """Figures per quarter of ``period.start``, with empty quarters in between filled in."""
    groups = group_figures(pb.campaigns.values(), lambda c: [campaign_quarter(c)])
    if not groups:
        return {}
    keys = list(groups)
    return {q: groups.get(q) or GroupFigures(q) for q in quarters_between(keys[0], keys[-1])}


#: How campaigns are grouped for ``funnel_costs_by``: a name -> each campaign's keys.
GROUPINGS: dict[str, Callable[[Campaign], Iterable[str | None]]] = {
    "initiator": lambda c: [c.plan.initiated_by],
    "industry": lambda c: [c.plan.audience.industry if c.plan.audience else None],
    "channel": lambda c: c.plan.channels or [],
    "play": lambda c: [c.plan.play],
}
#: The funnel stages a cost is worked out for.
COST_STAGES: tuple[str, ...] = ("leads", "meetings", "opportunities")


@dataclass
class StageCost:
    """What one funnel stage cost a group: ``cost / count`` over the ``campaigns`` that report the count."""

    campaigns: int = 0
    count: int = 0
    cost: float = 0.0
    cost_per: float | None = None


@dataclass
class FunnelCost:
    """Cost per lead, per meeting and per opportunity of the campaigns that share one value."""

    key: str
    stages: dict[str, StageCost] = field(default_factory=lambda: {s: StageCost() for s in COST_STAGES})

    @property
    def cost_per_meeting(self) -> float | None:
        """Cost per meeting of the group (see the module docstring)."""
        return self.stages["meetings"].cost_per

    @property
    def cost_per_opportunity(self) -> float | None:
        """Cost per opportunity of the group (see the module docstring)."""
        return self.stages["opportunities"].cost_per

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"key": ..., "leads": {campaigns, count, cost, cost_per}, "meetings": ..., ...}``."""
        return {"key": self.key, **{stage: asdict(figures) for stage, figures in self.stages.items()}}


def funnel_costs(
    campaigns: Iterable[Campaign], keys: Callable[[Campaign], Iterable[str | None]]
) -> dict[str, FunnelCost]:
    """Cost per funnel stage per key, sorted by key; every key of a campaign is listed, with data or not."""
    groups: dict[str, FunnelCost] = {}
    for campaign in _sorted_campaigns(campaigns):
        for key in dict.fromkeys(keys(campaign)):
            if key is None:
                continue
            group = groups.setdefault(key, FunnelCost(key))
            if campaign.retro is None:
                continue
            for stage, figures in group.stages.items():
                count = funnel_count(campaign, stage)
                if count is not None:
                    figures.campaigns += 1
                    figures.count += count
                    figures.cost += campaign.retro.cost
    for group in groups.values():
        for figures in group.stages.values():
            figures.cost_per = figures.cost / figures.count if figures.count else None
    return {key: groups[key] for key in sorted(groups)}


def funnel_costs_by(pb: Playbook, grouping: str) -> dict[str, FunnelCost]:
    """Cost per lead, meeting and opportunity by ``initiator``, ``industry``, ``channel`` or ``play``."""
    return funnel_costs(pb.campaigns.values(), GROUPINGS[grouping])


@dataclass
class PipelineSplit:
    """Pipeline of one quarter's campaigns that report a split: sourced, influenced and the rest."""

    quarter: str
    campaigns: int = 0
    pipeline: float = 0.0
    sourced: float = 0.0
    influenced: float = 0.0
    unattributed: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """The figures as a JSON-ready dict."""
        return asdict(self)


def pipeline_split_by_quarter(pb: Playbook) -> dict[str, PipelineSplit]:
    """Sourced versus influenced pipeline per quarter of ``period.start``, empty quarters in between filled in."""
    found: dict[str, PipelineSplit] = {}
    for campaign in _sorted_campaigns(pb.campaigns.values()):
        returned = campaign.retro.return_ if campaign.retro is not None else None
        label = campaign_quarter(campaign)
        if returned is None or label is None or (returned.sourced is None and returned.influenced is None):
            continue
        split = found.setdefault(label, PipelineSplit(label))
        split.campaigns += 1
        split.pipeline += returned.pipeline or 0.0
        split.sourced += returned.sourced or 0.0
        split.influenced += returned.influenced or 0.0
    for split in found.values():
        # Never below 0: ``masa check`` reports a split larger than the pipeline (return-split).
        split.unattributed = max(split.pipeline - split.sourced - split.influenced, 0.0)
    if not found:
        return {}
    labels = sorted(found)
    return {q: found.get(q) or PipelineSplit(q) for q in quarters_between(labels[0], labels[-1])}


@dataclass
class AntiPatternFigures:
    """How often a #sonicht anti-pattern was named in retros, and when."""

    id: str
    title: str
    count: int = 0
    campaigns: list[str] = field(default_factory=list)
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None
    per_quarter: dict[str, int] = field(default_factory=dict)
    trend: Trend = "steady"

    def as_dict(self) -> dict[str, Any]:
        """The figures as a JSON-ready dict (dates as ``YYYY-MM-DD``)."""
        data = asdict(self)
        for key in ("first_seen", "last_seen"):
            data[key] = data[key].isoformat() if data[key] is not None else None
        return data


def _shift(label: str, quarters: int) -> str:
    return _quarter_label(_quarter_index(label) + quarters)


def trend(per_quarter: dict[str, int], today: dt.date) -> Trend:
    """``rising``/``falling``/``steady``: the last four quarters (today's included) against the four before."""
    now = quarter(today)
    recent_from, previous_from = _shift(now, 1 - TREND_WINDOW), _shift(now, 1 - 2 * TREND_WINDOW)
    recent = sum(n for q, n in per_quarter.items() if recent_from <= q <= now)
    previous = sum(n for q, n in per_quarter.items() if previous_from <= q < recent_from)
    if recent > previous:
        return "rising"
    return "falling" if recent < previous else "steady"


def antipattern_figures(pb: Playbook, *, today: dt.date) -> dict[str, AntiPatternFigures]:
    """Figures per anti-pattern: the whole catalogue, plus ids retros name that it lacks.

    Sorted by count (most often first), then id. ``per_quarter`` holds every
    quarter from the first to the last retro naming any anti-pattern, so all
    entries share one time axis.
    """
    found: dict[str, AntiPatternFigures] = {
        ident: AntiPatternFigures(ident, entry.antipattern.title) for ident, entry in pb.antipatterns.items()
    }
    named = sorted(
        (c.retro.date, c.slug, c.retro.sonicht)
        for c in pb.campaigns.values()
        if c.retro is not None and c.retro.sonicht
    )
    for date, slug, idents in named:
        for ident in dict.fromkeys(idents):
            entry = found.setdefault(ident, AntiPatternFigures(ident, ident))
            entry.count += 1
            entry.campaigns.append(slug)
            entry.first_seen = entry.first_seen or date
            entry.last_seen = date
            entry.per_quarter[quarter(date)] = entry.per_quarter.get(quarter(date), 0) + 1
    axis = quarters_between(quarter(named[0][0]), quarter(named[-1][0])) if named else []
    for entry in found.values():
        entry.trend = trend(entry.per_quarter, today)
        entry.per_quarter = {q: entry.per_quarter.get(q, 0) for q in axis}
    return {e.id: e for e in sorted(found.values(), key=lambda e: (-e.count, e.id))}


def antipatterns_never_seen(pb: Playbook) -> list[str]:
    """Ids of catalogue anti-patterns that no retro names, sorted."""
    seen = {ident for c in pb.campaigns.values() if c.retro is not None for ident in c.retro.sonicht or []}
    return sorted(set(pb.antipatterns) - seen)


#: The keys of ``headline``, in display order.
HEADLINE_KEYS: tuple[str, ...] = (
    "campaigns",
    "done",
    "running",
    "planned",
    "ideas",
    "cancelled",
    "successes",
    "failures",
    "mixed",
    "success_rate",
    "median_attainment",
    "total_budget",
    "total_cost",
    "total_pipeline",
    "total_won",
)


def headline(pb: Playbook) -> dict[str, float | int | None]:
    """The dashboard's figures, keyed as in ``HEADLINE_KEYS``.

    Counts per status (``ideas`` counts status ``idea``), outcomes, success
    rate and median attainment as defined in this module, and the money totals.
    """
    total = overall(pb)
    statuses = {status: 0 for status in ("done", "running", "planned", "idea", "cancelled")}
    for campaign in pb.campaigns.values():
        statuses[campaign.plan.status] += 1
    return {
        "campaigns": total.campaigns,
        "done": statuses["done"],
        "running": statuses["running"],
        "planned": statuses["planned"],
        "ideas": statuses["idea"],
        "cancelled": statuses["cancelled"],
        "successes": total.successes,
        "failures": total.failures,
        "mixed": total.mixed,
        "success_rate": total.success_rate,
        "median_attainment": total.median_attainment,
        "total_budget": total.total_budget,
        "total_cost": total.total_cost,
        "total_pipeline": total.total_pipeline,
        "total_won": total.total_won,
    }
