"""Rules of a campaign plan: what each status requires, who owns it, the shared plan."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from masa_playbook.findings import Finding
from masa_playbook.model import PLAN_REQUIREMENTS, Plan, Requirement
from masa_playbook.playbook import Campaign, Playbook
from masa_playbook.rules import Context, at, rule
from masa_playbook.suggest import did_you_mean

_WHY = {
    "period": "when does it run? (period: start and end)",
    "owners": "who owns it on both sides? (owners: marketing and sales)",
    "audience": "who is it for? (audience: industry)",
    "budget": "what may it cost? (budget)",
    "expected": "what should it bring back? (expected: pipeline or won)",
    "goals": "what do both sides commit to? (goals)",
    "tasks": "who does what by when? (tasks)",
    "cancelled_reason": "why was it stopped? (cancelled_reason)",
}
#: Why a field with ``any_of`` needs one of its keys.
_WHY_ONE_OF = {"expected": "what should the campaign bring back?"}
_SIDES = {"marketing": "Marketing", "sales": "Sales"}


def _value(plan: Plan, path: tuple[str, ...]) -> Any:
    """The value at ``path`` in ``plan``; ``None`` when it or a parent is not given."""
    value: Any = plan
    for name in path:
        value = getattr(value, name, None)
        if value is None:
            return None
    return value


def _unmet(campaign: Campaign, rule_name: str) -> Iterator[tuple[Requirement, bool]]:
    """The requirements of ``rule_name`` that the campaign's status does not meet.

    Each comes with ``True`` when the field itself is missing or empty, and
    ``False`` when it is given but holds none of its ``any_of`` keys.
    """
    plan = campaign.plan
    for req in PLAN_REQUIREMENTS:
        if req.rule != rule_name or plan.status not in req.statuses:
            continue
        if len(req.path) > 1 and _value(plan, req.path[:-1]) is None:
            continue  # the missing parent is reported by its own requirement
        value = _value(plan, req.path)
        if value is None or value == [] or value == "":
            yield req, True
        elif req.any_of and all(getattr(value, key, None) is None for key in req.any_of):
            yield req, False


@rule("required-for-status")
def required_for_status(pb: Playbook, ctx: Context) -> Iterator[Finding]:
    """Every status but 'idea' needs period, owners, audience, budget, expected and goals;
    planned/running/done need tasks; cancelled needs cancelled_reason."""
    for c in pb.campaigns.values():
        status = c.plan.status
        for req, missing in _unmet(c, "required-for-status"):
            if not missing:
                message = f"state at least one of {' or '.join(req.any_of)}: {_WHY_ONE_OF[req.path[0]]}"
            elif len(req.path) == 1:
                message = f"is required for a campaign that is '{status}': {_WHY[req.path[0]]}"
            else:
                message = f"is required for a campaign that is '{status}'"
            yield at(c.plan_source, req.path, message, "required-for-status")


@rule("period-order")
def period_order(pb: Playbook, ctx: Context) -> Iterator[Finding]:
    """A campaign's period ends on or after its start."""
    for c in pb.campaigns.values():
        period = c.plan.period
        if period is not None and period.end < period.start:
            yield at(
                c.plan_source,
                ("period", "end"),
                f"the period ends ({period.end}) before it starts ({period.start})",
                "period-order",
            )


@rule("two-sided-ownership")
def two_sided_ownership(pb: Playbook, ctx: Context) -> Iterator[Finding]:
    """Both sides own every plan: at least one Marketing and one Sales owner (no TEAM)."""
    for c in pb.campaigns.values():
        for req, _missing in _unmet(c, "two-sided-ownership"):
            yield at(
                c.plan_source,
                req.path,
                f"at least one {_SIDES[req.path[-1]]} owner is required; a plan owned by one side is "
                "TEAM (Toll, Ein Anderer Macht's)",
                "two-sided-ownership",
            )


@rule("owner-function")
def owner_function(pb: Playbook, ctx: Context) -> Iterator[Finding]:
    """A Marketing owner works in marketing and a Sales owner in sales (see people.yml)."""
    for c in pb.campaigns.values():
        owners = c.plan.owners
        if owners is None:
            continue
        for side in ("marketing", "sales"):
            for i, handle in enumerate(getattr(owners, side)):
                person = pb.people.get(handle)
                if person is not None and person.function != side:
                    yield at(
                        c.plan_source,
                        ("owners", side, i),
                        f"{person.name} ({handle}) works in {person.function}, not {side}; "
                        "list them under their own side or as a contributor",
                        "owner-function",
                    )


@rule("unique-goal-ids")
def unique_goal_ids(pb: Playbook, ctx: Context) -> Iterator[Finding]:
    """Goal ids are unique within a plan, so the retro can report on each."""
    for c in pb.campaigns.values():
        seen: dict[str, int] = {}
        for i, goal in enumerate(c.plan.goals or []):
            if goal.id in seen:
                yield at(
                    c.plan_source,
                    ("goals", i, "id"),
                    f"the goal id '{goal.id}' is used twice (also goals[{seen[goal.id]}]); "
                    "give each goal its own id",
                    "unique-goal-ids",
                )
            else:
                seen[goal.id] = i


@rule("task-due-in-period")
def task_due_in_period(pb: Playbook, ctx: Context) -> Iterator[Finding]:
    """Every task is due inside the campaign period."""
    for c in pb.campaigns.values():
        period = c.plan.period
        if period is None or period.end < period.start:
            continue
        for i, task in enumerate(c.plan.tasks or []):
            if not period.start <= task.due <= period.end:
                yield at(
                    c.plan_source,
                    ("tasks", i, "due"),
                    f"'{task.task}' is due {task.due}, outside the campaign period "
                    f"{period.start} to {period.end}",
                    "task-due-in-period",
                )


@rule("known-channel")
def known_channel(pb: Playbook, ctx: Context) -> Iterator[Finding]:
    """Channels come from the playbook's vocabulary (extra.masa.channels in mkdocs.yml)."""
    vocabulary = pb.config.channels
    if not vocabulary:
        return
    allowed = set(vocabulary)
    for c in pb.campaigns.values():
        for i, channel in enumerate(c.plan.channels or []):
            if channel not in allowed:
                yield at(
                    c.plan_source,
                    ("channels", i),
                    f"'{channel}' is not a channel of this playbook{did_you_mean(channel, vocabulary)} "
                    f"(known: {', '.join(vocabulary)})",
                    "known-channel",
                )


@rule("done-needs-retro")
def done_needs_retro(pb: Playbook, ctx: Context) -> Iterator[Finding]:
    """No campaign is 'done' without a retro (campaigns/<slug>/retro.md)."""
    for c in pb.campaigns.values():
        if c.plan.status == "done" and c.retro_source is None and c.slug not in pb.broken_campaigns:
            yield at(
                c.plan_source,
                ("status",),
                f"the campaign is done but has no retro; add campaigns/{c.slug}/retro.md "
                f"(masa new retro {c.slug})",
                "done-needs-retro",
            )
