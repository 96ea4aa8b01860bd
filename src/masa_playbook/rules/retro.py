"""Rules of a retro: numbers for every goal, honest outcome, both sides at the table, a pipeline split that adds up."""

from __future__ import annotations

from collections.abc import Iterator

from masa_playbook.figures import outcome
from masa_playbook.findings import Finding
from masa_playbook.model import Return
from masa_playbook.playbook import Playbook
from masa_playbook.rules import Context, at, rule
from masa_playbook.suggest import did_you_mean


@rule("retro-results")
def retro_results(pb: Playbook, ctx: Context) -> Iterator[Finding]:
    """A retro reports an actual for every goal of the plan, and for no unknown goal."""
    for c in pb.campaigns.values():
        if c.retro is None or c.retro_source is None:
            continue
        goal_ids = [g.id for g in c.plan.goals or []]
        for gid in goal_ids:
            if gid not in c.retro.results:
                yield at(
                    c.retro_source,
                    ("results",),
                    f"no result for the goal '{gid}'; add '{gid}: <actual number>'",
                    "retro-results",
                )
        for gid in c.retro.results:
            if gid not in goal_ids:
                known = ", ".join(goal_ids) or "none"
                yield at(
                    c.retro_source,
                    ("results", gid),
                    f"'{gid}' is not a goal of the plan{did_you_mean(gid, goal_ids)} (goals: {known})",
                    "retro-results",
                )


@rule("retro-date")
def retro_date(pb: Playbook, ctx: Context) -> Iterator[Finding]:
    """A retro is dated on or after the campaign start and not in the future."""
    for c in pb.campaigns.values():
        if c.retro is None or c.retro_source is None:
            continue
        period = c.plan.period
        if period is not None and c.retro.date < period.start:
            yield at(
                c.retro_source,
                ("date",),
                f"the retro ({c.retro.date}) is dated before the campaign started ({period.start})",
                "retro-date",
            )
        if c.retro.date > ctx.today:
            yield at(
                c.retro_source,
                ("date",),
                f"the retro is dated {c.retro.date}, in the future (today is {ctx.today})",
                "retro-date",
            )


@rule("retro-status", severity="warning")
def retro_status(pb: Playbook, ctx: Context) -> Iterator[Finding]:
    """A campaign with a retro has status 'done' (or 'cancelled')."""
    for c in pb.campaigns.values():
        if c.retro is not None and c.plan.status not in ("done", "cancelled"):
            yield at(
                c.plan_source,
                ("status",),
                f"the campaign has a retro but its status is '{c.plan.status}'; set it to 'done'",
                "retro-status",
                "warning",
            )


@rule("outcome-claim", severity="warning")
def outcome_claim(pb: Playbook, ctx: Context) -> Iterator[Finding]:
    """A claimed outcome agrees with the one computed from targets and actuals."""
    for c in pb.campaigns.values():
        if c.retro is None or c.retro_source is None or c.retro.outcome is None:
            continue
        computed = outcome(c)
        if computed is not None and computed != c.retro.outcome:
            yield at(
                c.retro_source,
                ("outcome",),
                f"the retro claims '{c.retro.outcome}' but the numbers say '{computed}' "
                "(success: every goal met, failure: none met, mixed: some)",
                "outcome-claim",
                "warning",
            )


@rule("two-sided-retro", severity="warning")
def two_sided_retro(pb: Playbook, ctx: Context) -> Iterator[Finding]:
    """A retro is written by both sides: at least one Marketing and one Sales author."""
    for c in pb.campaigns.values():
        if c.retro is None or c.retro_source is None:
            continue
        functions = {pb.people[h].function for h in c.retro.authors if h in pb.people}
        missing = [side for side in ("marketing", "sales") if side not in functions]
        if missing and all(h in pb.people for h in c.retro.authors):
            yield at(
                c.retro_source,
                ("authors",),
                f"no {' or '.join(m.capitalize() for m in missing)} author; a retro written by one "
                "side alone misses half of the lessons",
                "two-sided-retro",
                "warning",
            )


def _money(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def split_problem(returned: Return) -> tuple[str, str] | None:
    """What is wrong with the pipeline split of ``returned``: (the field to name, a message), or ``None``.

    ``return.sourced`` and ``return.influenced`` are parts of
    ``return.pipeline`` that do not overlap: given either, the pipeline is
    needed, and the two add up to at most the pipeline. ``masa import
    actuals`` asks the same of the values it would write.
    """
    parts = (("sourced", returned.sourced), ("influenced", returned.influenced))
    given = [(name, value) for name, value in parts if value is not None]
    if not given:
        return None
    if returned.pipeline is None:
        names = " and ".join(f"return.{name}" for name, _ in given)
        verb = "are parts" if len(given) > 1 else "is a part"
        return given[0][
            0
        ], f"{names} {verb} of the pipeline; add return.pipeline, the whole pipeline the campaign brought"
    if sum(value for _, value in given) > returned.pipeline:
        shown = " + ".join(f"{name} {_money(value)}" for name, value in given)
        return given[-1][0], (
            f"{shown} is more than the pipeline ({_money(returned.pipeline)}); sourced and influenced "
            "are parts of the pipeline that do not overlap"
        )
    return None


@rule("return-split")
def return_split(pb: Playbook, ctx: Context) -> Iterator[Finding]:
    """The pipeline marketing sourced plus the pipeline it influenced is at most the whole pipeline.

    A retro that gives ``return.sourced`` or ``return.influenced`` gives
    ``return.pipeline`` too (``split_problem``).
    """
    for c in pb.campaigns.values():
        if c.retro is None or c.retro_source is None or c.retro.return_ is None:
            continue
        problem = split_problem(c.retro.return_)
        if problem is not None:
            yield at(c.retro_source, ("return", problem[0]), problem[1], "return-split")
