"""Dates: whatever ``masa check`` accepts, the site and the commands handle.

The model accepts the years ``FIRST_YEAR`` to ``LAST_YEAR``; a mistyped year
(``0202``) is a ``plausible-date`` finding, never a traceback in a chart. A
playbook with campaigns on the first and the last day of the window builds,
and every figure spans the whole window.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import shutil
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from authoring import REPO, build_site
from masa_playbook.check import check
from masa_playbook.cli import main
from masa_playbook.figures import quarter
from masa_playbook.insights import quarters_between
from masa_playbook.model import DATE_PATTERN, FIRST_YEAR, LAST_YEAR, Period

BASIC = Path(__file__).parent / "sites" / "basic"
TODAY = dt.date(2026, 11, 26)  # the build's "today" in ``authoring.build_site``
FIRST_DAY = dt.date(FIRST_YEAR, 1, 1)
LAST_DAY = dt.date(LAST_YEAR, 12, 31)

_FIRST_PLAN = f"""---
title: On the first day
initiated_by: marketing
status: done
period:
  start: {FIRST_DAY}
  end: {FIRST_DAY}
owners:
  marketing: [tom]
  sales: [sara]
audience:
  industry: automotive
channels: [conference]
budget: 1000
expected:
  pipeline: 2000
goals:
  - id: meetings
    metric: meetings booked
    target: 2
    due: {FIRST_DAY}
tasks:
  - task: Open the doors
    owner: tom
    due: {FIRST_DAY}
visibility: public
---
The oldest campaign a playbook can hold.
"""
_FIRST_RETRO = f"""---
date: {FIRST_DAY}
authors: [tom, sara]
results:
  meetings: 3
cost: 900
sonicht: [blame-game]
learnings: [Start early]
---
It worked.
"""
_LAST_PLAN = f"""---
title: On the last day
initiated_by: sales
status: planned
period:
  start: {LAST_DAY}
  end: {LAST_DAY}
owners:
  marketing: [tom]
  sales: [sara]
audience:
  industry: automotive
budget: 1000
expected:
  won: 2000
goals:
  - id: meetings
    metric: meetings booked
    target: 2
tasks:
  - task: Close the doors
    owner: sara
    due: {LAST_DAY}
visibility: public
---
The latest campaign a playbook can hold.
"""

#: A campaign from the first to the last day, with a task on each.
_WHOLE_PLAN = (
    _LAST_PLAN.replace("title: On the last day", "title: The whole window")
    .replace("status: planned", "status: running")
    .replace(f"  start: {LAST_DAY}", f"  start: {FIRST_DAY}")
    .replace("tasks:\n", f"tasks:\n  - task: Begin\n    owner: tom\n    due: {FIRST_DAY}\n")
)


def copy_fixture(tmp: Path) -> Path:
    """The basic fixture repository with the real hooks, in a fresh folder."""
    root = tmp / "basic"
    shutil.copytree(BASIC, root)
    shutil.copytree(REPO / "hooks", root / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def read(site: Path, path: str) -> str:
    """A file of the built site as text."""
    return (site / path).read_text(encoding="utf-8")


def _add_campaign(root: Path, slug: str, plan: str, retro: str | None = None) -> None:
    folder = root / "campaigns" / slug
    folder.mkdir()
    (folder / "plan.md").write_text(plan, encoding="utf-8")
    if retro is not None:
        (folder / "retro.md").write_text(retro, encoding="utf-8")


@pytest.fixture(scope="module")
def edge_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_fixture(tmp_path_factory.mktemp("edges"))
    _add_campaign(root, "first-day", _FIRST_PLAN, _FIRST_RETRO)
    _add_campaign(root, "last-day", _LAST_PLAN)
    _add_campaign(root, "whole-window", _WHOLE_PLAN)
    return root


def test_the_window_is_the_model_s_and_the_schema_s() -> None:
    pattern = re.compile(DATE_PATTERN)
    assert pattern.match(f"{FIRST_DAY}") and pattern.match(f"{LAST_DAY}")
    assert not pattern.match(f"{FIRST_YEAR - 1}-12-31") and not pattern.match(f"{LAST_YEAR + 1}-01-01")
    years = [y for y in range(10_000) if pattern.match(f"{y:04d}-06-15")]
    assert years == list(range(FIRST_YEAR, LAST_YEAR + 1))
    assert Period.model_validate({"start": FIRST_DAY, "end": LAST_DAY}).end == LAST_DAY


def test_quarters_are_counted_for_any_year() -> None:
    assert quarter(dt.date(202, 1, 1)) == "0202-Q1"
    assert quarters_between("0202-Q3", "0203-Q1") == ["0202-Q3", "0202-Q4", "0203-Q1"]
    everything = quarters_between(quarter(dt.date.min), quarter(dt.date.max))
    assert len(everything) == 9999 * 4 and everything == sorted(everything)
    assert len(quarters_between(quarter(FIRST_DAY), quarter(LAST_DAY))) == (LAST_YEAR - FIRST_YEAR + 1) * 4


def test_campaigns_at_both_ends_of_the_window_are_checked_clean(edge_root: Path) -> None:
    assert check(edge_root, today=TODAY).findings == []


def test_a_site_with_campaigns_at_both_ends_of_the_window_builds(edge_root: Path) -> None:
    site = build_site(edge_root)
    api = json.loads(read(site, "api/campaigns.json"))
    slugs = {c["slug"] for c in api["campaigns"]}
    assert {"first-day", "last-day", "whole-window"} <= slugs
    insights = read(site, "insights/index.html")
    # The outcomes chart and its table count through every quarter of the window.
    assert f"{FIRST_YEAR}-Q1" in insights and f"{LAST_YEAR}-Q4" in insights
    assert f"{(FIRST_YEAR + LAST_YEAR) // 2}-Q3" in insights
    # A one-day campaign's timeline is widened by a day on each side, past the window.
    first = read(site, "campaigns/first-day/index.html")
    assert f"{FIRST_DAY - dt.timedelta(days=1)}" in first
    last = read(site, "campaigns/last-day/index.html")
    assert f"{LAST_DAY + dt.timedelta(days=1)}" in last
    whole = read(site, "campaigns/whole-window/index.html")
    assert f"{FIRST_DAY}" in whole and f"{LAST_DAY}" in whole


def test_the_commands_handle_both_ends_of_the_window(
    edge_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for args in (
        ["stats", "--format", "json"],
        ["todo", "--today", f"{dt.date.max}"],
        ["export", "--today", f"{TODAY}", "--format", "csv"],
    ):
        assert main([*args, str(edge_root)]) == 0, args
    out = capsys.readouterr().out
    assert "On the last day" in out and f"{LAST_DAY}" in out


def test_a_mistyped_year_stops_the_build_with_a_finding(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The repro of issue 16: ``0202-01-01`` was "all good" and then a traceback in the build."""
    root = copy_fixture(tmp_path)
    plan = root / "campaigns/trade-fair-win/plan.md"
    plan.write_text(plan.read_text().replace("start: 2025-06-01", "start: 0202-01-01"))
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):
        build_site(root)
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert errors[0] == (
        "campaigns/trade-fair-win/plan.md:6: error: period.start: 0202-01-01 is outside the years "
        f"a playbook accepts ({FIRST_YEAR} to {LAST_YEAR}); check the year [plausible-date]"
    )
