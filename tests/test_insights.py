"""Aggregates across campaigns, checked by hand on a five-campaign playbook.

| slug    | by        | status  | start   | industry   | channels                | play | goals → outcome     | cost  | pipeline | won   | #sonicht (retro date)            |
|---------|-----------|---------|---------|------------|-------------------------|------|---------------------|-------|----------|-------|----------------------------------|
| alpha   | marketing | done    | 2025-Q1 | automotive | conference, email       | cft  | 1.2, 1.25 → success | 8000  | 150000   | 20000 | vanity (2025-04-10)              |
| beta    | sales     | done    | 2025-Q1 | automotive | email                   | -    | 0.5 → failure       | 0     | 10000    | -     | vanity ×2, blame (2025-06-05)    |
| gamma   | sales     | done    | 2025-Q3 | retail     | webinar, email          | cft  | 0.5, inf → mixed    | 25000 | 60000    | 30000 | blame (2026-01-15)               |
| delta   | marketing | running | 2025-Q4 | retail     | social                  | -    | no retro            |       |          |       |                                  |
| epsilon | marketing | idea    | -       | -          | -                       | -    | no retro            |       |          |       |                                  |

Budgets: 10000, 0, 20000, 5000, none. Plays: conference-first-touch (cft),
speed-to-lead (never used). Anti-patterns: vanity-metrics, blame-game,
booth-without-a-plan (never seen).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import pytest

from masa_playbook.config import PlaybookConfig
from masa_playbook.frontmatter import Source
from masa_playbook.insights import (
    HEADLINE_KEYS,
    antipattern_figures,
    antipatterns_never_seen,
    by_channel,
    by_industry,
    by_initiator,
    by_play,
    by_quarter,
    headline,
    overall,
    plays_never_used,
    quarters_between,
    trend,
)
from masa_playbook.model import AntiPattern, Plan, Play, Retro
from masa_playbook.playbook import AntiPatternEntry, Campaign, Playbook, PlayEntry

TODAY = dt.date(2026, 3, 1)  # 2026-Q1: the last four quarters are 2025-Q2 .. 2026-Q1


def campaign(slug: str, retro: dict[str, Any] | None = None, **plan: Any) -> Campaign:
    data: dict[str, Any] = {"title": slug.title(), "initiated_by": "marketing", "status": "done", **plan}
    r = None
    if retro is not None:
        r = Retro.model_validate({"authors": ["evi"], "learnings": ["x"], **retro})
    return Campaign(slug, Plan.model_validate(data), Source(f"campaigns/{slug}/plan.md"), r)


def playbook(*campaigns: Campaign) -> Playbook:
    pb = Playbook(root=".", config=PlaybookConfig())
    pb.campaigns = {c.slug: c for c in campaigns}
    for ident in ("conference-first-touch", "speed-to-lead"):
        play = Play.model_validate({"title": ident.replace("-", " ").title(), "summary": "s"})
        pb.plays[ident] = PlayEntry(ident, play, Source(f"playbooks/plays/{ident}.md"))
    for ident in ("vanity-metrics", "blame-game", "booth-without-a-plan"):
        ap = AntiPattern.model_validate({"title": ident.replace("-", " ").capitalize(), "summary": "s"})
        pb.antipatterns[ident] = AntiPatternEntry(ident, ap, Source(f"playbooks/sonicht/{ident}.md"))
    return pb


LEADS = {"id": "leads", "metric": "leads", "target": 10}
CPL = {"id": "cpl", "metric": "cost per lead", "target": 50, "direction": "at_most"}


def five() -> Playbook:
    alpha = campaign(
        "alpha",
        period={"start": "2025-01-10", "end": "2025-03-31"},
        audience={"industry": "automotive"},
        channels=["conference", "email"],
        play="conference-first-touch",
        budget=10000,
        expected={"pipeline": 100000},
        goals=[LEADS, CPL],
        retro={
            "date": "2025-04-10",
            "results": {"leads": 12, "cpl": 40},
            "cost": 8000,
            "return": {"pipeline": 150000, "won": 20000},
            "sonicht": ["vanity-metrics"],
        },
    )
    beta = campaign(
        "beta",
        initiated_by="sales",
        period={"start": "2025-02-01", "end": "2025-05-31"},
        audience={"industry": "automotive"},
        channels=["email"],
        budget=0,
        expected={"won": 5000},
        goals=[{"id": "meetings", "metric": "meetings", "target": 4}],
        retro={
            "date": "2025-06-05",
            "results": {"meetings": 2},
            "cost": 0,
            "return": {"pipeline": 10000},
            "sonicht": ["vanity-metrics", "blame-game", "vanity-metrics"],
        },
    )
    gamma = campaign(
        "gamma",
        initiated_by="sales",
        period={"start": "2025-07-01", "end": "2025-09-30"},
        audience={"industry": "retail"},
        channels=["webinar", "email"],
        play="conference-first-touch",
        budget=20000,
        expected={"pipeline": 50000},
        goals=[LEADS, {**CPL, "target": 100}],
        retro={
            "date": "2026-01-15",
            "results": {"leads": 5, "cpl": 0},
            "cost": 25000,
            "return": {"pipeline": 60000, "won": 30000},
            "sonicht": ["blame-game"],
        },
    )
    delta = campaign(
        "delta",
        status="running",
        period={"start": "2025-11-01", "end": "2026-02-28"},
        audience={"industry": "retail"},
        channels=["social"],
        budget=5000,
        expected={"pipeline": 1},
        goals=[LEADS],
    )
    epsilon = campaign("epsilon", status="idea")
    return playbook(alpha, beta, gamma, delta, epsilon)


# ------------------------------------------------------------------ headline


def test_headline_by_hand() -> None:
    figures = headline(five())
    assert tuple(figures) == HEADLINE_KEYS
    assert figures == {
        "campaigns": 5,
        "done": 3,
        "running": 1,
        "planned": 0,
        "ideas": 1,
        "cancelled": 0,
        "successes": 1,
        "failures": 1,
        "mixed": 1,
        "success_rate": pytest.approx(1 / 3),
        "median_attainment": pytest.approx(1.225),  # median of 1.225, 0.5, 5.25
        "total_budget": 35000,
        "total_cost": 33000,
        "total_pipeline": 220000,
        "total_won": 50000,
    }


def test_headline_keys_are_the_contract() -> None:
    assert set(HEADLINE_KEYS) == {
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
    }


def test_empty_playbook() -> None:
    pb = Playbook(root=".", config=PlaybookConfig())
    figures = headline(pb)
    assert figures["campaigns"] == 0 and figures["successes"] == 0
    assert figures["success_rate"] is None and figures["median_attainment"] is None
    assert figures["total_budget"] == figures["total_won"] == 0
    assert by_quarter(pb) == {} and by_channel(pb) == {} and by_industry(pb) == {}
    assert list(by_initiator(pb)) == ["marketing", "sales"]
    assert antipattern_figures(pb, today=TODAY) == {}
    assert plays_never_used(pb) == [] and antipatterns_never_seen(pb) == []
    json.dumps(figures, allow_nan=False)


def test_only_campaigns_without_retro() -> None:
    pb = five()
    pb.campaigns = {k: c for k, c in pb.campaigns.items() if c.retro is None}
    figures = headline(pb)
    assert figures["campaigns"] == 2
    assert figures["success_rate"] is None and figures["median_attainment"] is None
    assert figures["total_cost"] == 0


# ------------------------------------------------------------------ groups


def test_by_initiator() -> None:
    groups = by_initiator(five())
    m, s = groups["marketing"], groups["sales"]
    assert (m.campaigns, m.with_retro, m.successes, m.mixed, m.failures) == (3, 1, 1, 0, 0)
    assert m.success_rate == 1.0 and m.median_attainment == pytest.approx(1.225)
    assert (m.total_budget, m.total_cost, m.total_pipeline, m.total_won) == (15000, 8000, 150000, 20000)
    assert m.slugs == ["alpha", "delta", "epsilon"]
    assert (s.campaigns, s.with_retro, s.successes, s.mixed, s.failures) == (2, 2, 0, 1, 1)
    assert s.success_rate == 0.0 and s.median_attainment == pytest.approx(2.875)  # (0.5 + 5.25) / 2
    assert (s.total_budget, s.total_cost, s.total_pipeline, s.total_won) == (20000, 25000, 70000, 30000)


def test_by_industry_leaves_out_campaigns_without_one() -> None:
    groups = by_industry(five())
    assert list(groups) == ["automotive", "retail"]
    assert groups["automotive"].success_rate == 0.5
    retail = groups["retail"]
    assert (retail.campaigns, retail.with_retro, retail.mixed, retail.success_rate) == (2, 1, 1, 0.0)


def test_by_channel_counts_a_campaign_under_each_channel() -> None:
    groups = by_channel(five())
    assert list(groups) == ["conference", "email", "social", "webinar"]
    email = groups["email"]
    assert (email.campaigns, email.successes, email.failures, email.mixed) == (3, 1, 1, 1)
    assert email.success_rate == pytest.approx(1 / 3)
    assert groups["social"].success_rate is None  # no retro yet
    assert sum(g.campaigns for g in groups.values()) == 6  # more than the 4 campaigns with channels


def test_by_play_lists_the_play_never_used() -> None:
    pb = five()
    groups = by_play(pb)
    assert list(groups) == ["conference-first-touch", "speed-to-lead"]
    cft = groups["conference-first-touch"]
    assert (cft.campaigns, cft.successes, cft.mixed, cft.success_rate) == (2, 1, 1, 0.5)
    unused = groups["speed-to-lead"]
    assert (unused.campaigns, unused.success_rate, unused.median_attainment) == (0, None, None)
    assert plays_never_used(pb) == ["speed-to-lead"]


def test_by_quarter_of_the_start_with_gaps_filled() -> None:
    groups = by_quarter(five())
    assert list(groups) == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    q1 = groups["2025-Q1"]
    assert (q1.campaigns, q1.successes, q1.failures) == (2, 1, 1)
    assert groups["2025-Q2"].campaigns == 0  # filled gap
    assert groups["2025-Q3"].mixed == 1  # gamma's retro is in 2026 but it ran in 2025-Q3
    assert groups["2025-Q4"].slugs == ["delta"]


def test_overall_matches_headline() -> None:
    total = overall(five())
    assert total.campaigns == 5 and total.with_retro == 3


def test_quarters_between() -> None:
    assert quarters_between("2024-Q3", "2025-Q2") == ["2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2"]
    assert quarters_between("2025-Q1", "2025-Q1") == ["2025-Q1"]


def test_as_dict_is_json_ready() -> None:
    json.dumps([g.as_dict() for g in by_play(five()).values()], allow_nan=False)
    json.dumps([a.as_dict() for a in antipattern_figures(five(), today=TODAY).values()], allow_nan=False)


# ------------------------------------------------------------------ anti-patterns


def test_antipattern_figures_by_hand() -> None:
    figures = antipattern_figures(five(), today=TODAY)
    assert list(figures) == ["blame-game", "vanity-metrics", "booth-without-a-plan"]
    vanity = figures["vanity-metrics"]
    assert vanity.count == 2  # beta names it twice: one retro, counted once
    assert vanity.campaigns == ["alpha", "beta"]
    assert (vanity.first_seen, vanity.last_seen) == (dt.date(2025, 4, 10), dt.date(2025, 6, 5))
    assert vanity.per_quarter == {"2025-Q2": 2, "2025-Q3": 0, "2025-Q4": 0, "2026-Q1": 0}
    assert vanity.trend == "rising"  # 2 in 2025-Q2..2026-Q1, 0 in the four quarters before
    blame = figures["blame-game"]
    assert (blame.count, blame.campaigns) == (2, ["beta", "gamma"])
    assert (blame.first_seen, blame.last_seen) == (dt.date(2025, 6, 5), dt.date(2026, 1, 15))
    assert blame.per_quarter == {"2025-Q2": 1, "2025-Q3": 0, "2025-Q4": 0, "2026-Q1": 1}


def test_antipattern_never_seen() -> None:
    pb = five()
    booth = antipattern_figures(pb, today=TODAY)["booth-without-a-plan"]
    assert (booth.count, booth.campaigns, booth.first_seen, booth.last_seen) == (0, [], None, None)
    assert booth.trend == "steady"
    assert set(booth.per_quarter.values()) == {0}
    assert antipatterns_never_seen(pb) == ["booth-without-a-plan"]


def test_antipattern_named_but_not_in_the_catalogue_is_still_counted() -> None:
    pb = five()
    gamma = pb.campaigns["gamma"]
    assert gamma.retro is not None
    retro = gamma.retro.model_copy(update={"sonicht": ["made-up"]})
    pb.campaigns["gamma"] = dataclasses.replace(gamma, retro=retro)
    made_up = antipattern_figures(pb, today=TODAY)["made-up"]
    assert (made_up.title, made_up.count) == ("made-up", 1)


@pytest.mark.parametrize(
    ("today", "vanity", "blame"),
    [
        (dt.date(2026, 3, 1), "rising", "rising"),  # recent 2025-Q2..2026-Q1
        (dt.date(2026, 8, 1), "falling", "steady"),  # recent 2025-Q4..2026-Q3: 0 v 2, 1 v 1
        (dt.date(2027, 3, 1), "falling", "falling"),  # recent 2026-Q2..2027-Q1: 0 v 2, 0 v 2
        (dt.date(2030, 1, 1), "steady", "steady"),  # both windows empty
    ],
)
def test_trend_words(today: dt.date, vanity: str, blame: str) -> None:
    figures = antipattern_figures(five(), today=today)
    assert (figures["vanity-metrics"].trend, figures["blame-game"].trend) == (vanity, blame)


def test_trend_window_edges() -> None:
    today = dt.date(2026, 1, 1)  # 2026-Q1: recent 2025-Q2..2026-Q1, previous 2024-Q2..2025-Q1
    assert trend({"2025-Q2": 1}, today) == "rising"
    assert trend({"2025-Q1": 1}, today) == "falling"
    assert trend({"2024-Q2": 1, "2026-Q1": 1}, today) == "steady"
    assert trend({"2024-Q1": 5}, today) == "steady"  # older than both windows
    assert trend({"2026-Q2": 5}, today) == "steady"  # after today
