"""Figures computed from the numbers, never typed in.

- A goal is met when ``actual >= target`` (``at_least``) or ``actual <=
  target`` (``at_most``); its attainment is ``actual / target``, inverted for
  ``at_most`` (``target / actual``).
- A campaign with a retro is a ``success`` when every goal is met, a
  ``failure`` when none is and ``mixed`` otherwise.
- ROI is ``(won - cost) / cost`` where won is known and cost is not zero.
- Cost against budget is ``cost / budget`` (1.0 is on budget); return against
  expectation is ``actual / expected``, separately for pipeline and won. A
  ratio whose denominator is 0 or unknown is ``None``, never infinite.
- Attainment shown anywhere (pages, charts, JSON) is capped at
  ``ATTAINMENT_CAP`` (10, i.e. 1000 %), the same cap the campaign median uses:
  JSON cannot hold ``inf``, which is what an ``at_most`` goal with an actual of
  0 attains, and one runaway goal should not dwarf every other bar. So the
  median of a campaign's shown goal attainments is its ``attainment``.
- Cost per lead, meeting and opportunity is the retro's ``cost`` divided by
  the count in ``funnel`` (``cost_per``); ``None`` without a retro, or when
  the count is missing or 0: "no meeting" has no cost per meeting.
- ``sourced_share`` is ``return.sourced / return.pipeline``; ``None`` when
  either is missing or the pipeline is 0.
- A campaign's quarter is the quarter of ``period.start`` (``2025-Q3``): the
  campaign stays in the quarter it ran in, however late its retro is held.
"""

from __future__ import annotations

import datetime as dt
import math
from statistics import median
from typing import Any

from masa_playbook.model import Expected, Funnel, Goal, Outcome, Return
from masa_playbook.playbook import Campaign

#: Attainment is shown and aggregated capped at 10x (1000 %); see the module docstring.
ATTAINMENT_CAP = 10.0


def goal_met(goal: Goal, actual: float) -> bool:
    """True when ``actual`` reaches the goal's target in the goal's direction."""
    if goal.direction == "at_most":
        return actual <= goal.target
    return actual >= goal.target


def attainment(goal: Goal, actual: float) -> float:
    """How far the target was reached: 1.0 is exactly on target.

    For ``at_most`` goals lower is better, so the ratio is inverted; an actual
    of 0 against an ``at_most`` target is infinitely good and reported as
    ``math.inf``.
    """
    if goal.direction == "at_most":
        return math.inf if actual == 0 else goal.target / actual
    return actual / goal.target


def capped_attainment(goal: Goal, actual: float) -> float:
    """``attainment`` capped at ``ATTAINMENT_CAP``: always finite, safe for JSON and charts."""
    return min(attainment(goal, actual), ATTAINMENT_CAP)


def goal_results(campaign: Campaign) -> list[tuple[Goal, float | None]]:
    """Each goal of the plan with its actual from the retro (``None`` if unreported)."""
    results = campaign.retro.results if campaign.retro is not None else {}
    return [(g, results.get(g.id)) for g in campaign.plan.goals or []]


def outcome(campaign: Campaign) -> Outcome | None:
    """``success``, ``mixed`` or ``failure`` from the numbers; ``None`` without a retro."""
    if campaign.retro is None:
        return None
    reported = [(g, a) for g, a in goal_results(campaign) if a is not None]
    if not reported:
        return None
    met = sum(1 for g, a in reported if a is not None and goal_met(g, a))
    if met == len(reported):
        return "success"
    if met == 0:
        return "failure"
    return "mixed"


def campaign_attainment(campaign: Campaign) -> float | None:
    """The median attainment of a campaign's reported goals (capped at 10x)."""
    values = [capped_attainment(g, a) for g, a in goal_results(campaign) if a is not None]
    return median(values) if values else None


def roi(campaign: Campaign) -> float | None:
    """``(won - cost) / cost`` when the retro reports won business and a cost above 0."""
    retro = campaign.retro
    if retro is None or retro.return_ is None or retro.return_.won is None or retro.cost == 0:
        return None
    return (retro.return_.won - retro.cost) / retro.cost


def pipeline_per_cost(campaign: Campaign) -> float | None:
    """Pipeline generated per unit of cost, when both are known and cost is above 0."""
    retro = campaign.retro
    if retro is None or retro.return_ is None or retro.return_.pipeline is None or retro.cost == 0:
        return None
    return retro.return_.pipeline / retro.cost


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def cost_vs_budget(campaign: Campaign) -> float | None:
    """``cost / budget`` (1.0 is on budget); ``None`` without a retro or with a budget of 0."""
    cost = campaign.retro.cost if campaign.retro is not None else None
    return _ratio(cost, campaign.plan.budget)


def return_vs_expected(campaign: Campaign) -> dict[str, float | None]:
    """Actual over expected return, per kind: ``{"pipeline": ..., "won": ...}``.

    A kind is ``None`` unless both the plan's expectation (above 0) and the
    retro's actual are known.
    """
    expected = campaign.plan.expected or Expected()
    actual = (campaign.retro.return_ if campaign.retro is not None else None) or Expected()
    return {
        "pipeline": _ratio(actual.pipeline, expected.pipeline),
        "won": _ratio(actual.won, expected.won),
    }


#: The funnel stages a cost is computed for, and the ``campaign_figures`` key of each.
COST_PER_KEYS: dict[str, str] = {
    "leads": "cost_per_lead",
    "meetings": "cost_per_meeting",
    "opportunities": "cost_per_opportunity",
}


def funnel_count(campaign: Campaign, stage: str) -> int | None:
    """The retro's count for funnel ``stage`` (``leads``, ``meetings``, ...); ``None`` if not reported."""
    retro = campaign.retro
    if retro is None or retro.funnel is None:
        return None
    count: int | None = getattr(retro.funnel, stage)
    return count


def cost_per(campaign: Campaign, stage: str) -> float | None:
    """The retro's cost divided by the count of funnel ``stage``; ``None`` when the count is 0 or unknown."""
    cost = campaign.retro.cost if campaign.retro is not None else None
    return _ratio(cost, funnel_count(campaign, stage))


def cost_per_lead(campaign: Campaign) -> float | None:
    """``cost / funnel.leads``; ``None`` without a retro or with no (or 0) leads."""
    return cost_per(campaign, "leads")


def cost_per_meeting(campaign: Campaign) -> float | None:
    """``cost / funnel.meetings``; ``None`` without a retro or with no (or 0) meetings."""
    return cost_per(campaign, "meetings")


def cost_per_opportunity(campaign: Campaign) -> float | None:
    """``cost / funnel.opportunities``; ``None`` without a retro or with no (or 0) opportunities."""
    return cost_per(campaign, "opportunities")


def sourced_share(campaign: Campaign) -> float | None:
    """``return.sourced / return.pipeline``: how much of the pipeline marketing sourced (1.0 is all).

    ``None`` without a retro, when either is missing, or when the pipeline is 0.
    """
    returned = campaign.retro.return_ if campaign.retro is not None else None
    if returned is None:
        return None
    return _ratio(returned.sourced, returned.pipeline)


def quarter(day: dt.date) -> str:
    """The calendar quarter of ``day``, e.g. ``2025-Q3`` (four-digit year, so labels sort as text)."""
    return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"


def campaign_quarter(campaign: Campaign) -> str | None:
    """The quarter a campaign belongs to: that of ``period.start``; ``None`` without a period."""
    return quarter(campaign.plan.period.start) if campaign.plan.period is not None else None


def _money(value: Expected | None) -> dict[str, float | None]:
    value = value or Expected()
    return {"pipeline": value.pipeline, "won": value.won}


def _returned(value: Return | None) -> dict[str, float | None]:
    value = value or Return()
    return {
        "pipeline": value.pipeline,
        "won": value.won,
        "sourced": value.sourced,
        "influenced": value.influenced,
    }


def _funnel(value: Funnel | None) -> dict[str, int | None]:
    value = value or Funnel()
    return {stage: getattr(value, stage) for stage in Funnel.model_fields}


def campaign_figures(campaign: Campaign) -> dict[str, Any]:
    """Every computed figure of one campaign, JSON-ready (no ``inf``, no ``NaN``, no dates).

    The site's ``/api/campaigns.json`` and ``masa export`` both use this, so
    their numbers are identical. Keys: ``outcome``, ``attainment`` (median,
    capped), ``goals`` (``id``, ``metric``, ``target``, ``direction``,
    ``actual``, ``met``, ``attainment``), ``budget``, ``cost``,
    ``cost_vs_budget``, ``expected`` (``{pipeline, won}``), ``return``
    (``{pipeline, won, sourced, influenced}``), ``return_vs_expected``,
    ``roi``, ``pipeline_per_cost``, ``funnel`` (``{responses, leads,
    meetings, opportunities}``), ``cost_per_lead``, ``cost_per_meeting``,
    ``cost_per_opportunity`` and ``sourced_share``. What is not known yet is
    ``None``.
    """
    retro = campaign.retro
    goals = [
        {
            "id": goal.id,
            "metric": goal.metric,
            "target": goal.target,
            "direction": goal.direction,
            "actual": actual,
            "met": None if actual is None else goal_met(goal, actual),
            "attainment": None if actual is None else capped_attainment(goal, actual),
        }
        for goal, actual in goal_results(campaign)
    ]
    return {
        "outcome": outcome(campaign),
        "attainment": campaign_attainment(campaign),
        "goals": goals,
        "budget": campaign.plan.budget,
        "cost": retro.cost if retro is not None else None,
        "cost_vs_budget": cost_vs_budget(campaign),
        "expected": _money(campaign.plan.expected),
        "return": _returned(retro.return_ if retro is not None else None),
        "return_vs_expected": return_vs_expected(campaign),
        "roi": roi(campaign),
        "pipeline_per_cost": pipeline_per_cost(campaign),
        "funnel": _funnel(retro.funnel if retro is not None else None),
        **{key: cost_per(campaign, stage) for stage, key in COST_PER_KEYS.items()},
        "sourced_share": sourced_share(campaign),
    }
