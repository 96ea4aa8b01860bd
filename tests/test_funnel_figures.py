"""Cost per funnel stage and sourced share of one campaign, checked by hand (contract v1.1)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from masa_playbook.cli import main
from masa_playbook.figures import (
    campaign_figures,
    cost_per_lead,
    cost_per_meeting,
    cost_per_opportunity,
    sourced_share,
)
from masa_playbook.frontmatter import Source
from masa_playbook.model import Plan, Retro
from masa_playbook.playbook import Campaign

ROOT = Path(__file__).resolve().parent.parent


def make_campaign(*, retro: dict[str, Any] | None = None) -> Campaign:
    plan = Plan.model_validate(
        {
            "title": "Fair",
            "initiated_by": "sales",
            "status": "done",
            "period": {"start": "2026-03-01", "end": "2026-03-31"},
            "budget": 30000,
            "expected": {"pipeline": 100000},
            "goals": [{"id": "meetings", "metric": "meetings", "target": 5}],
            "crm_id": "701Qy00000A1bCdIAJ",
        }
    )
    full = None
    if retro is not None:
        full = Retro.model_validate(
            {
                "date": "2026-04-10",
                "authors": ["evi"],
                "results": {"meetings": 8},
                "learnings": ["x"],
                **retro,
            }
        )
    return Campaign("fair", plan, Source("campaigns/fair/plan.md"), full)


def test_cost_per_stage_divides_the_cost_by_the_count() -> None:
    c = make_campaign(
        retro={"cost": 24000, "funnel": {"responses": 300, "leads": 96, "meetings": 8, "opportunities": 3}}
    )
    assert cost_per_lead(c) == 250.0  # 24,000 / 96
    assert cost_per_meeting(c) == 3000.0  # 24,000 / 8
    assert cost_per_opportunity(c) == 8000.0  # 24,000 / 3


def test_a_count_of_zero_or_a_missing_count_gives_no_figure() -> None:
    c = make_campaign(retro={"cost": 24000, "funnel": {"leads": 0, "meetings": 8}})
    assert cost_per_lead(c) is None  # 0 leads: no cost per lead, never infinity
    assert cost_per_meeting(c) == 3000.0
    assert cost_per_opportunity(c) is None  # not reported


def test_a_free_campaign_costs_nothing_per_meeting() -> None:
    c = make_campaign(retro={"cost": 0, "funnel": {"meetings": 4}})
    assert cost_per_meeting(c) == 0.0


def test_without_a_retro_or_a_funnel_there_is_no_figure() -> None:
    for c in (make_campaign(), make_campaign(retro={"cost": 24000})):
        assert (cost_per_lead(c), cost_per_meeting(c), cost_per_opportunity(c)) == (None, None, None)
        assert sourced_share(c) is None


@pytest.mark.parametrize(
    ("returned", "share"),
    [
        ({"pipeline": 400000, "sourced": 100000, "influenced": 250000}, 0.25),
        ({"pipeline": 400000, "sourced": 400000}, 1.0),
        ({"pipeline": 400000, "sourced": 0}, 0.0),
        ({"pipeline": 0, "sourced": 0}, None),  # nothing to share
        ({"pipeline": 400000, "influenced": 250000}, None),  # sourced not reported
        ({"won": 50000}, None),
    ],
)
def test_sourced_share_is_sourced_over_pipeline(returned: dict[str, float], share: float | None) -> None:
    assert sourced_share(make_campaign(retro={"cost": 1000, "return": returned})) == share


def test_campaign_figures_carry_the_new_keys_json_ready() -> None:
    c = make_campaign(
        retro={
            "cost": 24000,
            "funnel": {"leads": 96, "meetings": 8, "opportunities": 0},
            "return": {"pipeline": 400000, "sourced": 100000, "influenced": 250000},
        }
    )
    figures = json.loads(json.dumps(campaign_figures(c), allow_nan=False))
    assert figures["cost_per_lead"] == 250
    assert figures["cost_per_meeting"] == 3000
    assert figures["cost_per_opportunity"] is None
    assert figures["sourced_share"] == 0.25
    assert figures["funnel"] == {"responses": None, "leads": 96, "meetings": 8, "opportunities": 0}
    assert figures["return"] == {"pipeline": 400000, "won": None, "sourced": 100000, "influenced": 250000}
    empty = campaign_figures(make_campaign())
    assert [
        empty[k] for k in ("cost_per_lead", "cost_per_meeting", "cost_per_opportunity", "sourced_share")
    ] == [None] * 4


def test_export_has_the_funnel_figures(capsys: pytest.CaptureFixture[str]) -> None:
    """The example playbook: iaa-transportation-2026 has a funnel and a pipeline split."""
    assert main(["export", str(ROOT), "--format", "csv", "--today", "2026-11-26"]) == 0
    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    row = rows["iaa-transportation-2026"]
    # cost 22,900; 28 leads, 10 meetings, 5 opportunities; sourced 410,000 of 640,000
    assert row["cost_per_lead"] == repr(22900 / 28)
    assert row["cost_per_meeting"] == "2290"
    assert row["cost_per_opportunity"] == "4580"
    assert row["sourced_share"] == repr(410000 / 640000)
    assert (row["responses"], row["leads"], row["meetings"], row["opportunities"]) == ("64", "28", "10", "5")
    assert (row["return_sourced"], row["return_influenced"]) == ("410000", "180000")
    # a campaign without a retro: every figure empty
    assert [rows["sps-2026"][k] for k in ("cost_per_lead", "cost_per_meeting", "sourced_share")] == [
        "",
        "",
        "",
    ]
    assert main(["export", str(ROOT), "--today", "2026-11-26"]) == 0
    records = {r["slug"]: r for r in json.loads(capsys.readouterr().out)["campaigns"]}
    assert records["iaa-transportation-2026"]["cost_per_meeting"] == 2290
    assert records["iaa-transportation-2026"]["sourced_share"] == 410000 / 640000


def test_export_has_the_crm_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(ROOT), "--format", "csv", "--today", "2026-11-26"]) == 0
    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert rows["iaa-transportation-2026"]["crm_id"] == "701Qy00000IAA26TAK"
    assert rows["sps-2026"]["crm_id"] == ""


def test_a_public_view_holds_no_crm_id() -> None:
    """A CRM id is an internal system's key: the public view drops it with the target accounts."""
    from masa_playbook.audience import for_audience
    from masa_playbook.loader import load_playbook

    pb = load_playbook(ROOT)
    assert pb.campaigns["iaa-transportation-2026"].plan.crm_id == "701Qy00000IAA26TAK"
    public = for_audience(pb, "public")
    assert "iaa-transportation-2026" in public.campaigns
    assert all(c.plan.crm_id is None for c in public.campaigns.values())
