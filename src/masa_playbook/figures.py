"""Figures computed from the numbers, never typed in.

- A goal is met when ``actual >= target`` (``at_least``) or ``actual <=
  target`` (``at_most``); its attainment is ``actual / target``, inverted for
  ``at_most`` (``target / actual``).
- A campaign with a retro is a ``success`` when every goal is met, a
  ``failure`` when none is and ``mixed`` otherwise.
- ROI is ``(won - cost) / cost`` where won is known and cost is not zero.
"""

from __future__ import annotations

import math
from statistics import median

from masa_playbook.model import Goal, Outcome
from masa_playbook.playbook import Campaign


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
    values = [min(attainment(g, a), 10.0) for g, a in goal_results(campaign) if a is not None]
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
