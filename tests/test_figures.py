"""Figures of one campaign, checked by hand on small campaigns built in Python."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import pytest

from masa_playbook.figures import (
    ATTAINMENT_CAP,
    attainment,
    campaign_attainment,
    campaign_figures,
    campaign_quarter,
    capped_attainment,
    cost_vs_budget,
    goal_met,
    outcome,
    pipeline_per_cost,
    quarter,
    return_vs_expected,
    roi,
)
from masa_playbook.frontmatter import Source
from masa_playbook.model import Goal, Plan, Retro
from masa_playbook.playbook import Campaign


def make_campaign(slug: str = "c", *, retro: dict[str, Any] | None = None, **plan: Any) -> Campaign:
    data: dict[str, Any] = {
        "title": slug,
        "initiated_by": "marketing",
        "status": "done",
        "period": {"start": "2025-07-01", "end": "2025-09-30"},
        "budget": 10000,
        "expected": {"pipeline": 100000},
        "goals": [{"id": "leads", "metric": "qualified leads", "target": 10}],
    }
    data.update(plan)
    full_retro = None
    if retro is not None:
        full_retro = Retro.model_validate(
            {"date": "2025-10-10", "authors": ["evi"], "learnings": ["x"], **retro}
        )
    return Campaign(slug, Plan.model_validate(data), Source(f"campaigns/{slug}/plan.md"), full_retro)


AT_MOST = {"id": "cpl", "metric": "cost per lead", "target": 50, "direction": "at_most"}


def goal(**data: Any) -> Goal:
    return Goal.model_validate({"id": "g", "metric": "m", "target": 10, **data})


# ------------------------------------------------------------------ goals


@pytest.mark.parametrize(
    ("direction", "actual", "met", "value"),
    [
        ("at_least", 12, True, 1.2),
        ("at_least", 10, True, 1.0),
        ("at_least", 5, False, 0.5),
        ("at_least", 0, False, 0.0),
        ("at_most", 8, True, 1.25),
        ("at_most", 10, True, 1.0),
        ("at_most", 20, False, 0.5),
        ("at_most", 0, True, math.inf),
    ],
)
def test_goal_met_and_attainment(direction: str, actual: float, met: bool, value: float) -> None:
    g = goal(direction=direction)
    assert goal_met(g, actual) is met
    assert attainment(g, actual) == pytest.approx(value)


def test_capped_attainment_is_finite() -> None:
    assert capped_attainment(goal(direction="at_most"), 0) == ATTAINMENT_CAP == 10.0
    assert capped_attainment(goal(), 250) == 10.0
    assert capped_attainment(goal(), 5) == 0.5


# ------------------------------------------------------------------ outcome and attainment


def test_no_retro_yet_has_no_outcome_and_no_figures() -> None:
    c = make_campaign(status="running")
    assert outcome(c) is None
    assert campaign_attainment(c) is None
    assert roi(c) is None and pipeline_per_cost(c) is None and cost_vs_budget(c) is None
    assert return_vs_expected(c) == {"pipeline": None, "won": None}


def test_success_mixed_failure() -> None:
    goals = [{"id": "leads", "metric": "leads", "target": 10}, AT_MOST]
    success = make_campaign(goals=goals, retro={"results": {"leads": 12, "cpl": 40}, "cost": 1})
    mixed = make_campaign(goals=goals, retro={"results": {"leads": 5, "cpl": 0}, "cost": 1})
    failure = make_campaign(goals=goals, retro={"results": {"leads": 5, "cpl": 60}, "cost": 1})
    assert [outcome(c) for c in (success, mixed, failure)] == ["success", "mixed", "failure"]
    # median of 1.2 and 1.25; of 0.5 and inf capped to 10; of 0.5 and 50/60
    assert campaign_attainment(success) == pytest.approx(1.225)
    assert campaign_attainment(mixed) == pytest.approx(5.25)
    assert campaign_attainment(failure) == pytest.approx((0.5 + 50 / 60) / 2)


# ------------------------------------------------------------------ money


def test_money_figures_by_hand() -> None:
    c = make_campaign(
        budget=20000,
        expected={"pipeline": 50000, "won": 40000},
        retro={"results": {"leads": 10}, "cost": 25000, "return": {"pipeline": 60000, "won": 30000}},
    )
    assert cost_vs_budget(c) == pytest.approx(1.25)
    assert roi(c) == pytest.approx(0.2)  # (30000 - 25000) / 25000
    assert pipeline_per_cost(c) == pytest.approx(2.4)  # 60000 / 25000
    assert return_vs_expected(c) == pytest.approx({"pipeline": 1.2, "won": 0.75})


def test_zero_budget_and_zero_cost_give_no_ratio() -> None:
    c = make_campaign(
        budget=0, retro={"results": {"leads": 10}, "cost": 0, "return": {"pipeline": 5, "won": 5}}
    )
    assert cost_vs_budget(c) is None
    assert roi(c) is None
    assert pipeline_per_cost(c) is None


def test_zero_budget_with_a_cost_has_no_ratio_but_a_zero_cost_has_one() -> None:
    assert cost_vs_budget(make_campaign(budget=0, retro={"results": {}, "cost": 10})) is None
    assert cost_vs_budget(make_campaign(budget=100, retro={"results": {}, "cost": 0})) == 0.0


def test_campaign_without_won() -> None:
    c = make_campaign(retro={"results": {"leads": 10}, "cost": 500, "return": {"pipeline": 1000}})
    assert roi(c) is None
    assert pipeline_per_cost(c) == 2.0
    assert return_vs_expected(c) == {"pipeline": 0.01, "won": None}
    no_return = make_campaign(retro={"results": {"leads": 10}, "cost": 500})
    assert roi(no_return) is None and pipeline_per_cost(no_return) is None


def test_won_zero_is_known_and_loses_everything() -> None:
    c = make_campaign(retro={"results": {"leads": 10}, "cost": 500, "return": {"won": 0}})
    assert roi(c) == -1.0


# ------------------------------------------------------------------ quarters


@pytest.mark.parametrize(
    ("day", "label"),
    [
        ("2025-01-01", "2025-Q1"),
        ("2025-03-31", "2025-Q1"),
        ("2025-04-01", "2025-Q2"),
        ("2025-12-31", "2025-Q4"),
    ],
)
def test_quarter(day: str, label: str) -> None:
    assert quarter(dt.date.fromisoformat(day)) == label


def test_campaign_quarter_is_that_of_the_start_not_the_retro() -> None:
    c = make_campaign(retro={"results": {"leads": 1}, "cost": 1, "date": "2026-02-01"})
    assert campaign_quarter(c) == "2025-Q3"
    idea = make_campaign(status="idea", period=None)
    assert campaign_quarter(idea) is None


# ------------------------------------------------------------------ campaign_figures

KEYS = {
    "outcome",
    "attainment",
    "goals",
    "budget",
    "cost",
    "cost_vs_budget",
    "expected",
    "return",
    "return_vs_expected",
    "roi",
    "pipeline_per_cost",
    # contract v1.1
    "funnel",
    "cost_per_lead",
    "cost_per_meeting",
    "cost_per_opportunity",
    "sourced_share",
}


def test_campaign_figures_with_retro_and_an_at_most_goal_at_zero() -> None:
    c = make_campaign(
        goals=[{"id": "leads", "metric": "leads", "target": 10}, AT_MOST],
        budget=20000,
        expected={"pipeline": 50000},
        retro={"results": {"leads": 5, "cpl": 0}, "cost": 25000, "return": {"pipeline": 60000, "won": 30000}},
    )
    figures = campaign_figures(c)
    assert set(figures) == KEYS
    assert figures["outcome"] == "mixed"
    assert figures["attainment"] == pytest.approx(5.25)
    assert figures["goals"] == [
        {
            "id": "leads",
            "metric": "leads",
            "target": 10,
            "direction": "at_least",
            "actual": 5,
            "met": False,
            "attainment": 0.5,
        },
        {
            "id": "cpl",
            "metric": "cost per lead",
            "target": 50,
            "direction": "at_most",
            "actual": 0,
            "met": True,
            "attainment": 10.0,
        },
    ]
    assert figures["budget"] == 20000 and figures["cost"] == 25000
    assert figures["cost_vs_budget"] == pytest.approx(1.25)
    assert figures["expected"] == {"pipeline": 50000, "won": None}
    assert figures["return"] == {"pipeline": 60000, "won": 30000, "sourced": None, "influenced": None}
    assert figures["return_vs_expected"] == pytest.approx({"pipeline": 1.2, "won": None})
    assert figures["roi"] == pytest.approx(0.2)
    assert figures["pipeline_per_cost"] == pytest.approx(2.4)
    json.dumps(figures, allow_nan=False)  # JSON-ready: no inf, no NaN, no dates


def test_campaign_figures_before_the_retro() -> None:
    figures = campaign_figures(make_campaign(status="planned"))
    assert set(figures) == KEYS
    assert figures["outcome"] is None and figures["attainment"] is None
    assert figures["goals"] == [
        {
            "id": "leads",
            "metric": "qualified leads",
            "target": 10,
            "direction": "at_least",
            "actual": None,
            "met": None,
            "attainment": None,
        }
    ]
    assert figures["cost"] is None and figures["cost_vs_budget"] is None
    assert figures["return"] == {"pipeline": None, "won": None, "sourced": None, "influenced": None}
    assert figures["roi"] is None and figures["pipeline_per_cost"] is None
    json.dumps(figures, allow_nan=False)


def test_campaign_figures_of_an_idea() -> None:
    idea = make_campaign(status="idea", period=None, budget=None, expected=None, goals=None)
    figures = campaign_figures(idea)
    assert figures["goals"] == [] and figures["budget"] is None
    assert figures["expected"] == {"pipeline": None, "won": None}


def test_median_of_shown_goal_attainments_is_the_campaign_attainment() -> None:
    c = make_campaign(
        goals=[{"id": "a", "metric": "a", "target": 2}, {"id": "b", "metric": "b", "target": 4}, AT_MOST],
        retro={"results": {"a": 50, "b": 1, "cpl": 25}, "cost": 1},
    )
    figures = campaign_figures(c)
    shown = sorted(g["attainment"] for g in figures["goals"])
    assert shown == [0.25, 2.0, 10.0]  # 50/2 = 25 is shown capped
    assert figures["attainment"] == shown[1]
