"""What needs attention now, per person: ``masa todo`` as a function.

Four kinds of item, each pointing at the line to change:

- ``retro-overdue``: the campaign ended more than ``overdue_days`` days ago
  and has no retro (status planned, running or done); for every owner.
- ``task-overdue``: an open task (``done`` not true) was due before today, in
  a campaign that is not done or cancelled; for the task's owner.
- ``not-started``: the campaign is still ``planned`` although its period
  started before today; for every owner.
- ``placeholder``: a plan or retro of a campaign that is not cancelled, or a
  play or anti-pattern, still holds text starting with ``replace:`` that
  ``masa new`` wrote; for every owner of the campaign (plays and anti-patterns
  have no owner: they are listed under ``NOBODY``).

Items are data; the command renders them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any, Literal

from masa_playbook.frontmatter import Source
from masa_playbook.playbook import Campaign, Playbook
from masa_playbook.scaffold import PLACEHOLDER

Kind = Literal["retro-overdue", "task-overdue", "not-started", "placeholder"]
#: Campaign-level items without any owner are listed under this person.
NOBODY = ""


@dataclass(frozen=True)
class TodoItem:
    """One thing one person should do, with the file and line to do it in."""

    person: str
    kind: Kind
    #: The campaign's slug, or the id of the play or anti-pattern.
    slug: str
    file: str
    line: int
    message: str
    #: The day it became due (``None`` for placeholders) and how long ago that was.
    since: dt.date | None = None
    days: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO text)."""
        data = asdict(self)
        data["since"] = self.since.isoformat() if self.since else None
        return data


def _owners(campaign: Campaign) -> list[str]:
    owners = campaign.plan.owners
    handles = [*owners.marketing, *owners.sales] if owners else []
    return list(dict.fromkeys(handles)) or [NOBODY]


def _placeholder_line(source: Source) -> tuple[int, int] | None:
    """The first line holding a placeholder and how many lines do."""
    lines = [i for i, text in enumerate(source.text.split("\n"), start=1) if PLACEHOLDER in text]
    return (lines[0], len(lines)) if lines else None


def _campaign_items(c: Campaign, today: dt.date, overdue_days: int) -> Iterator[TodoItem]:
    plan, src = c.plan, c.plan_source
    period = plan.period
    quoted = f'"{plan.title}"'
    if period is not None and c.retro is None and plan.status in ("planned", "running", "done"):
        days = (today - period.end).days
        if days > overdue_days:
            message = (
                f"retro overdue: {quoted} ended {period.end}, {days} days ago; "
                f"start it with: masa new retro {c.slug}"
            )
            for person in _owners(c):
                yield TodoItem(
                    person,
                    "retro-overdue",
                    c.slug,
                    src.path,
                    src.locate(("period", "end")),
                    message,
                    period.end,
                    days,
                )
    if plan.status in ("idea", "planned", "running"):
        for i, task in enumerate(plan.tasks or []):
            if not task.done and task.due < today:
                days = (today - task.due).days
                message = f'task overdue: "{task.task}" ({quoted}) was due {task.due}, {days} days ago'
                yield TodoItem(
                    task.owner,
                    "task-overdue",
                    c.slug,
                    src.path,
                    src.locate(("tasks", i)),
                    message,
                    task.due,
                    days,
                )
    if plan.status == "planned" and period is not None and period.start < today:
        days = (today - period.start).days
        message = (
            f"not started: {quoted} is still 'planned' but began {period.start}, {days} days ago; "
            "set the status to running, or move the period"
        )
        for person in _owners(c):
            yield TodoItem(
                person, "not-started", c.slug, src.path, src.locate(("status",)), message, period.start, days
            )
    if plan.status != "cancelled":
        for source in (src, c.retro_source):
            item = _placeholders(source, NOBODY, c.slug, quoted) if source is not None else None
            if item is not None:
                yield from (dataclasses.replace(item, person=person) for person in _owners(c))


def _placeholders(source: Source, person: str, ident: str, what: str) -> TodoItem | None:
    found = _placeholder_line(source)
    if found is None:
        return None
    line, count = found
    lines = "line" if count == 1 else "lines"
    message = f"placeholders left: {count} {lines} of {what} still say '{PLACEHOLDER} ...'"
    return TodoItem(person, "placeholder", ident, source.path, line, message)


def todo(pb: Playbook, *, today: dt.date, overdue_days: int | None = None) -> list[TodoItem]:
    """Everything that needs attention on ``today``, sorted by person, then by date and file.

    ``overdue_days`` defaults to the playbook's ``retro_overdue_days``.
    """
    days = pb.config.retro_overdue_days if overdue_days is None else overdue_days
    items = [item for c in pb.campaigns.values() for item in _campaign_items(c, today, days)]
    catalogue = [(e.source, e.id, f'the play "{e.play.title}"') for e in pb.plays.values()] + [
        (e.source, e.id, f'the anti-pattern "{e.antipattern.title}"') for e in pb.antipatterns.values()
    ]
    for source, ident, what in catalogue:
        item = _placeholders(source, NOBODY, ident, what)
        if item is not None:
            items.append(item)

    def key(item: TodoItem) -> tuple[bool, str, dt.date, str, int, str]:
        return (
            item.person == NOBODY,
            item.person,
            item.since or dt.date.max,
            item.file,
            item.line,
            item.kind,
        )

    return sorted(items, key=key)


def by_person(items: list[TodoItem]) -> dict[str, list[TodoItem]]:
    """``items`` grouped by person, in their order."""
    groups: dict[str, list[TodoItem]] = {}
    for item in items:
        groups.setdefault(item.person, []).append(item)
    return groups
