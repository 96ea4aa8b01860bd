"""The charts of one campaign page: the plan as a timeline, and the goals.

- **Timeline**: one row per task owner (ordered by their first due date), a
  point per task at its due date (filled when done, a ring when open, red when
  open and overdue), a faint bar from an owner's first to last due date, and a
  rule at today's date when it falls inside the x domain. The domain is the
  campaign period, widened to any task due outside it so no task is drawn off
  the chart (and by a day on each side for a one-day campaign).
- **Goals**: per goal, the actual as a share of its target (not inverted, so
  for an ``at_most`` goal a bar left of the target line is good), coloured
  met / not met, with a rule at the target. Before the retro only the targets
  are shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from masa_playbook.charts.html import Html, block, details, figure, shared_island, table
from masa_playbook.charts.labels import Labels
from masa_playbook.figures import capped_attainment, goal_met, goal_results
from masa_playbook.model import Person, Task
from masa_playbook.playbook import Campaign

#: Longest row label drawn on a chart; the table always has the full text.
SHORT = 32


def short(text: str, limit: int = SHORT) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _owner_name(handle: str, people: Mapping[str, Person] | None) -> str:
    person = (people or {}).get(handle)
    return person.name if person is not None else handle


def _domain(campaign: Campaign, tasks: list[Task]) -> tuple[dt.date, dt.date]:
    dues = [t.due for t in tasks]
    period = campaign.plan.period
    bounds = dues if period is None else [period.start, period.end, *dues]
    start, end = min(bounds), max(bounds)
    if start == end:  # a one-day campaign still needs a time axis
        return start - dt.timedelta(days=1), end + dt.timedelta(days=1)
    return start, end


def timeline_html(
    campaign: Campaign,
    *,
    today: dt.date,
    labels: Labels,
    people: Mapping[str, Person] | None = None,
    tables: bool = True,
    shared: dict[str, Any] | None = None,
) -> Html:
    """The plan's tasks as a timeline by owner, with its table; empty without tasks.

    ``shared``: see ``html.figure`` (no table then).
    """
    tasks = sorted(campaign.plan.tasks or [], key=lambda t: t.due)
    if not tasks:
        return Html("")
    start, end = _domain(campaign, tasks)
    rows = list(dict.fromkeys(_owner_name(t.owner, people) for t in tasks))
    row_of = {name: i for i, name in enumerate(rows)}

    def state(task: Task) -> str:
        if task.done:
            return "done"
        return "overdue" if task.due < today else "open"

    # Words (axis titles, state names) are the same on every page: the site's
    # chart settings script has them (``charts.settings``), not each page.
    data = {
        "domain": [start.isoformat(), end.isoformat()],
        "today": today.isoformat() if start <= today <= end else None,
        "rows": [short(r, 24) for r in rows],
        "tasks": [
            {
                "task": short(t.task, 80),
                "owner": row_of[_owner_name(t.owner, people)],  # its index in "rows"
                "due": t.due.isoformat(),
                "state": state(t),
            }
            for t in tasks
        ],
    }
    caption = (
        labels("timeline_caption", today=today.isoformat())
        if data["today"]
        else labels("timeline_caption_no_today")
    )

    def task_table() -> Html:
        done = {
            "done": labels("yes"),
            "open": labels("no"),
            "overdue": f"{labels('no')} ({labels('overdue')})",
        }
        return table(
            labels("timeline"),
            [labels("due"), labels("task"), labels("owner"), labels("state")],
            [[t.due.isoformat(), t.task, _owner_name(t.owner, people), done[state(t)]] for t in tasks],
        )

    return _chart(
        "timeline",
        data,
        label=labels("label_timeline"),
        caption=caption,
        labels=labels,
        shared=shared,
        with_table=task_table if tables else None,
    )


def goals_html(
    campaign: Campaign, *, labels: Labels, tables: bool = True, shared: dict[str, Any] | None = None
) -> Html:
    """Target against actual for every goal, with its table; empty without goals.

    ``shared``: see ``html.figure`` (no table then).
    """
    results = goal_results(campaign)
    if not results:
        return Html("")
    has_retro = campaign.retro is not None

    def target_text(target: float, direction: str) -> str:
        return labels(direction, n=labels.number(target))

    data = {
        "has_actual": has_retro,
        "goals": [
            {
                "id": goal.id,
                "metric": short(goal.metric),
                # Four decimals are a hundredth of a percentage point: more than a bar can show.
                "share": None if actual is None else round(actual / goal.target, 4),
                "met": None if actual is None else goal_met(goal, actual),
                "text": target_text(goal.target, goal.direction)
                if actual is None
                else labels("of", a=labels.number(actual), b=labels.number(goal.target)),
            }
            for goal, actual in results
        ],
    }
    caption = labels("goals_caption", full=labels.percent(1)) if has_retro else labels("goals_caption_plan")

    def yes_no(value: bool | None) -> str:
        return "–" if value is None else labels("yes" if value else "no")

    def goal_table() -> Html:
        return table(
            labels("goals"),
            [labels("goal"), labels("target"), labels("actual"), labels("met"), labels("attainment")],
            [
                [
                    goal.metric,
                    target_text(goal.target, goal.direction),
                    labels.number(actual),
                    yes_no(None if actual is None else goal_met(goal, actual)),
                    labels.attainment(None if actual is None else capped_attainment(goal, actual)),
                ]
                for goal, actual in results
            ],
            numeric=[2, 4],
        )

    return _chart(
        "goals",
        data,
        label=labels("label_goals"),
        caption=caption,
        labels=labels,
        shared=shared,
        with_table=goal_table if tables else None,
    )


def _chart(
    kind: str,
    data: Mapping[str, Any],
    *,
    label: str,
    caption: str,
    labels: Labels,
    shared: dict[str, Any] | None,
    with_table: Callable[[], Html] | None,
) -> Html:
    """The figure of ``kind``: into ``shared`` (see ``html.figure``), alone, or with its table (``with_table``)."""
    chart = figure(
        kind,
        data,
        label=label,
        caption=caption,
        fallback=labels("chart_fallback" if with_table else "chart_fallback_page"),
        lang=labels.lang,
        shared=shared,
    )
    if shared is not None:
        return chart
    if with_table is None:
        return block(chart)
    return block(chart, details(labels("table_summary"), with_table()))


def campaign_charts_html(
    campaign: Campaign,
    *,
    today: dt.date,
    lang: str,
    people: Mapping[str, Person] | None = None,
    tables: bool = True,
) -> str:
    """The charts of a campaign page as one HTML fragment (``<div ...>``), tables included.

    (a) The plan's tasks as a timeline by owner with a rule for ``today``;
    (b) the goals, target against actual (actuals once a retro exists). Pass
    ``people`` to show owners by name instead of handle. ``tables=False``
    leaves out the tables, for a page that already shows the goals and tasks
    as tables, and writes the data of both charts as one island with one
    fallback note (``html.shared_island``): fewer elements on each of a
    thousand campaign pages. Returns ``""`` when the campaign has neither
    tasks nor goals.
    """
    labels = Labels.of(lang)
    if not tables:
        shared: dict[str, Any] = {}
        figures = [
            timeline_html(campaign, today=today, labels=labels, people=people, shared=shared),
            goals_html(campaign, labels=labels, shared=shared),
        ]
        if not shared:
            return ""
        note = shared_island(shared, fallback=labels("chart_fallback_page"))
        return block(*figures, note, css_class="masa-charts")
    parts = [
        timeline_html(campaign, today=today, labels=labels, people=people, tables=tables),
        goals_html(campaign, labels=labels, tables=tables),
    ]
    if not any(parts):
        return ""
    return block(*parts, css_class="masa-charts")
