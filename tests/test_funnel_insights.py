"""Cost per meeting and opportunity by group, and the pipeline split per quarter, checked by hand.

| slug  | by        | start   | industry   | channels          | play | cost  | meetings | opps | pipeline | sourced | influenced |
|-------|-----------|---------|------------|-------------------|------|-------|----------|------|----------|---------|------------|
| fair  | sales     | 2025-Q1 | automotive | conference, email | cft  | 30000 | 10       | 4    | 400000   | 100000  | 200000     |
| web   | marketing | 2025-Q1 | automotive | webinar, email    | -    | 6000  | 0        | 0    | 0        | 0       | -          |
| dinner| sales     | 2025-Q3 | finance    | event             | cft  | 12000 | 8        | -    | 300000   | -       | 300000     |
| quiet | marketing | 2025-Q3 | finance    | email             | -    | 5000  | -        | -    | 50000    | -       | -          |
| plan  | marketing | 2025-Q4 | retail     | email             | cft  | (no retro)                                            |
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from masa_playbook.config import PlaybookConfig
from masa_playbook.frontmatter import Source
from masa_playbook.insights import GROUPINGS, funnel_costs_by, pipeline_split_by_quarter
from masa_playbook.model import Plan, Retro
from masa_playbook.playbook import Campaign, Playbook


def campaign(slug: str, start: str, retro: dict[str, Any] | None = None, **plan: Any) -> Campaign:
    data: dict[str, Any] = {
        "title": slug.title(),
        "initiated_by": "marketing",
        "status": "done",
        "period": {"start": start, "end": start},
        **plan,
    }
    full = None
    if retro is not None:
        full = Retro.model_validate(
            {"date": "2026-01-10", "authors": ["evi"], "results": {}, "learnings": ["x"], **retro}
        )
    return Campaign(slug, Plan.model_validate(data), Source(f"campaigns/{slug}/plan.md"), full)


@pytest.fixture
def pb() -> Playbook:
    playbook = Playbook(root=".", config=PlaybookConfig())
    cft = "conference-first-touch"
    campaigns = [
        campaign(
            "fair",
            "2025-02-01",
            {
                "cost": 30000,
                "funnel": {"leads": 40, "meetings": 10, "opportunities": 4},
                "return": {"pipeline": 400000, "sourced": 100000, "influenced": 200000},
            },
            initiated_by="sales",
            audience={"industry": "automotive"},
            channels=["conference", "email"],
            play=cft,
        ),
        campaign(
            "web",
            "2025-03-01",
            {
                "cost": 6000,
                "funnel": {"leads": 20, "meetings": 0, "opportunities": 0},
                "return": {"pipeline": 0, "sourced": 0},
            },
            audience={"industry": "automotive"},
            channels=["webinar", "email"],
        ),
        campaign(
            "dinner",
            "2025-08-01",
            {"cost": 12000, "funnel": {"meetings": 8}, "return": {"pipeline": 300000, "influenced": 300000}},
            initiated_by="sales",
            audience={"industry": "finance"},
            channels=["event"],
            play=cft,
        ),
        campaign(
            "quiet",
            "2025-09-01",
            {"cost": 5000, "return": {"pipeline": 50000}},
            audience={"industry": "finance"},
            channels=["email"],
        ),
        campaign(
            "plan",
            "2025-11-01",
            None,
            status="running",
            audience={"industry": "retail"},
            channels=["email"],
            play=cft,
        ),
    ]
    playbook.campaigns = {c.slug: c for c in campaigns}
    return playbook


def test_cost_per_meeting_by_channel_pools_cost_and_meetings(pb: Playbook) -> None:
    email = funnel_costs_by(pb, "channel")["email"]
    # fair and web report meetings (10 + 0 for 30,000 + 6,000); quiet does not; plan has no retro.
    assert (email.stages["meetings"].campaigns, email.stages["meetings"].count) == (2, 10)
    assert email.stages["meetings"].cost == 36000
    assert email.cost_per_meeting == 3600.0
    # fair and web report opportunities: 4 + 0 for 36,000
    assert email.cost_per_opportunity == 9000.0
    assert email.stages["opportunities"].campaigns == 2
    by_channel = funnel_costs_by(pb, "channel")
    assert list(by_channel) == ["conference", "email", "event", "webinar"]
    assert by_channel["webinar"].cost_per_meeting is None  # 6,000 for 0 meetings: no figure, not infinity
    assert by_channel["webinar"].stages["meetings"].campaigns == 1  # but the campaign is behind it
    assert by_channel["event"].cost_per_meeting == 1500.0  # 12,000 / 8
    assert by_channel["event"].cost_per_opportunity is None
    assert by_channel["event"].stages["opportunities"].campaigns == 0


def test_cost_per_meeting_by_play_industry_and_initiator(pb: Playbook) -> None:
    play = funnel_costs_by(pb, "play")
    assert list(play) == ["conference-first-touch"]
    # fair + dinner: 42,000 for 18 meetings; plan (no retro) is listed under the play but adds nothing
    assert play["conference-first-touch"].cost_per_meeting == pytest.approx(42000 / 18)
    assert play["conference-first-touch"].stages["meetings"].campaigns == 2
    assert play["conference-first-touch"].cost_per_opportunity == 7500.0  # only fair reports: 30,000 / 4
    industry = funnel_costs_by(pb, "industry")
    assert list(industry) == ["automotive", "finance", "retail"]
    assert industry["automotive"].cost_per_meeting == 3600.0
    assert industry["finance"].cost_per_meeting == 1500.0  # quiet reports no meetings: left out
    assert (
        industry["retail"].stages["meetings"].campaigns == 0 and industry["retail"].cost_per_meeting is None
    )
    initiator = funnel_costs_by(pb, "initiator")
    assert initiator["sales"].cost_per_meeting == pytest.approx(42000 / 18)
    assert initiator["marketing"].cost_per_meeting is None  # web: 0 meetings
    assert initiator["marketing"].stages["leads"].cost_per == 300.0  # web: 6,000 / 20
    assert set(GROUPINGS) == {"channel", "play", "industry", "initiator"}


def test_funnel_costs_are_json_ready(pb: Playbook) -> None:
    data = {key: group.as_dict() for key, group in funnel_costs_by(pb, "channel").items()}
    assert json.loads(json.dumps(data, allow_nan=False))["email"]["meetings"] == {
        "campaigns": 2,
        "count": 10,
        "cost": 36000.0,
        "cost_per": 3600.0,
    }


def test_sourced_and_influenced_pipeline_per_quarter(pb: Playbook) -> None:
    split = pipeline_split_by_quarter(pb)
    assert list(split) == ["2025-Q1", "2025-Q2", "2025-Q3"]
    q1 = split["2025-Q1"].as_dict()
    # fair (400,000: 100,000 sourced, 200,000 influenced) and web (0): 100,000 left unattributed
    assert q1 == {
        "quarter": "2025-Q1",
        "campaigns": 2,
        "pipeline": 400000.0,
        "sourced": 100000.0,
        "influenced": 200000.0,
        "unattributed": 100000.0,
    }
    assert split["2025-Q2"].campaigns == 0  # filled in between
    # dinner reports a split; quiet does not and is left out
    assert (split["2025-Q3"].campaigns, split["2025-Q3"].influenced, split["2025-Q3"].unattributed) == (
        1,
        300000.0,
        0.0,
    )


def test_no_split_reported_gives_no_quarters(pb: Playbook) -> None:
    del pb.campaigns["fair"], pb.campaigns["web"], pb.campaigns["dinner"]
    assert pipeline_split_by_quarter(pb) == {}
