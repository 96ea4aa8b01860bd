"""``masa export``: every campaign with the figures the site computes, as JSON or CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from authoring import FIXTURE, TODAY, add_site, build_site, copy_fixture, run
from masa_playbook.export import ROW_COLUMNS, cell
from masa_playbook.figures import campaign_figures
from masa_playbook.loader import load_playbook

SLUGS = ["draft-2027", "fair-2027", "iaa-2026", "old-idea", "stopped", "webinar-q3"]


def export(capsys: pytest.CaptureFixture[str], *args: str, root: Path = FIXTURE) -> str:
    status, out, err = run(capsys, "export", str(root), "--today", TODAY, *args)
    assert status == 0, err
    return out


def test_json_holds_every_campaign_with_its_figures(capsys: pytest.CaptureFixture[str]) -> None:
    document = json.loads(export(capsys))
    pb = load_playbook(FIXTURE)
    assert document["count"] == len(pb.campaigns) == len(SLUGS)
    assert document["currency"] == "EUR"
    assert [c["slug"] for c in document["campaigns"]] == SLUGS
    for record in document["campaigns"]:
        figures = campaign_figures(pb.campaigns[record["slug"]])
        assert {key: record[key] for key in figures} == json.loads(json.dumps(figures))
    iaa = next(c for c in document["campaigns"] if c["slug"] == "iaa-2026")
    assert iaa["outcome"] == "success" and iaa["roi"] == 1.0 and iaa["cost"] == 21000


def test_csv_round_trips_every_campaign(capsys: pytest.CaptureFixture[str]) -> None:
    text = export(capsys, "--format", "csv")
    assert text.startswith(",".join(ROW_COLUMNS) + "\r\n")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["slug"] for r in rows] == SLUGS
    pb = load_playbook(FIXTURE)
    for row in rows:
        campaign = pb.campaigns[row["slug"]]
        figures = campaign_figures(campaign)
        expected = {
            "budget": figures["budget"],
            "expected_pipeline": figures["expected"]["pipeline"],
            "expected_won": figures["expected"]["won"],
            "cost": figures["cost"],
            "return_pipeline": figures["return"]["pipeline"],
            "return_won": figures["return"]["won"],
            "attainment": figures["attainment"],
            "roi": figures["roi"],
            "pipeline_per_cost": figures["pipeline_per_cost"],
        }
        for column, value in expected.items():
            assert (float(row[column]) if row[column] else None) == value, (row["slug"], column)
        assert row["outcome"] == (figures["outcome"] or "")
        assert row["status"] == campaign.plan.status
    webinar = next(r for r in rows if r["slug"] == "webinar-q3")
    assert webinar["budget"] == "5000.5"  # money as a plain number, no separators
    assert webinar["channels"] == "webinar; email"
    assert webinar["marketing_owners"] == "evi; max"
    assert webinar["title"] == '\'=HYPERLINK("x") webinar, Q3'  # no formula reaches a spreadsheet
    iaa = next(r for r in rows if r["slug"] == "iaa-2026")
    assert (iaa["start"], iaa["end"], iaa["play"], iaa["url"]) == (
        "2026-09-01",
        "2026-09-30",
        "conference-first-touch",
        "campaigns/iaa-2026/",
    )


@pytest.mark.parametrize(
    ("column", "value", "text"),
    [
        ("title", "+1 webinar", "'+1 webinar"),
        ("title", "@here", "'@here"),
        ("title", "-minus", "'-minus"),
        ("title", "plain", "plain"),
        ("roi", -0.5, "-0.5"),
        ("budget", 18000.0, "18000"),
        ("cost", None, ""),
    ],
)
def test_cells(column: str, value: object, text: str) -> None:
    assert cell(column, value) == text


def test_public_audience_holds_public_campaigns_only(capsys: pytest.CaptureFixture[str]) -> None:
    document = json.loads(export(capsys, "--audience", "public"))
    assert [c["slug"] for c in document["campaigns"]] == ["iaa-2026"]
    rows = list(csv.DictReader(io.StringIO(export(capsys, "--audience", "public", "--format", "csv"))))
    assert [r["slug"] for r in rows] == ["iaa-2026"]


def test_masa_audience_is_the_default(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MASA_AUDIENCE", "public")
    assert json.loads(export(capsys))["count"] == 1


def test_site_url_makes_absolute_links(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = copy_fixture(tmp_path)
    (repo / "mkdocs.yml").write_text("site_name: x\nsite_url: https://playbook.example/pb\n")
    rows = list(csv.DictReader(io.StringIO(export(capsys, "--format", "csv", root=repo))))
    assert rows[0]["url"] == "https://playbook.example/pb/campaigns/draft-2027/"


def test_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out" / "campaigns.csv"
    status, out, err = run(
        capsys, "export", str(FIXTURE), "--today", TODAY, "--format", "csv", "-o", str(target)
    )
    assert status == 0 and out == ""
    assert err == f"wrote 6 campaigns to {target}\n"
    assert target.read_bytes().count(b"\r\n") == 7


def test_errors_stop_the_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = copy_fixture(tmp_path)
    plan = repo / "campaigns" / "fair-2027" / "plan.md"
    plan.write_text(plan.read_text().replace("sales: [sam]", "sales: []"))
    status, out, err = run(capsys, "export", str(repo), "--today", TODAY)
    assert status == 1
    assert out == ""
    assert "campaigns/fair-2027/plan.md:10: error: owners.sales: at least one Sales owner" in err
    assert "nothing exported" in err


def test_not_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "export", str(tmp_path / "missing"))[0] == 2


@pytest.mark.slow
@pytest.mark.parametrize("audience", ["internal", "public"])
def test_export_equals_the_sites_api(
    audience: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = copy_fixture(tmp_path)
    add_site(repo, dt.date(2026, 11, 26))
    site = build_site(repo, MASA_AUDIENCE=audience)
    built = (site / "api" / "campaigns.json").read_text(encoding="utf-8")
    assert export(capsys, "--audience", audience, root=repo) == built
