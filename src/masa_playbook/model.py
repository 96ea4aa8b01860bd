"""The content contract, version 1.1, defined once.

These pydantic models are the single definition of what a person, a campaign
plan, a retro, a play and a #sonicht anti-pattern may contain. Three things
are derived from them and from nothing else:

- validation of front matter (``masa_playbook.validate``),
- the published JSON Schemas (``masa_playbook.schema``),
- the field reference in the author docs (``masa schema --markdown``).

Rules that depend on the status of a campaign or that look across files
(both-sides ownership, known handles, ...) live in ``masa_playbook.rules``;
what each status requires is declared here, in ``PLAN_REQUIREMENTS``, so that
the checker's rules and the schemas' ``if``/``then`` conditions are made from
one table and cannot drift.

Dates must fall in the years ``FIRST_YEAR`` to ``LAST_YEAR``: a campaign in
the year 202 or 20260 is a typo, and every figure (quarters, timelines) is
computed only for dates inside that window. The schemas carry the window as a
pattern on every date.

Version 1.1 only adds optional fields (a plan's ``crm_id``, a retro's
``funnel`` and ``return.sourced``/``return.influenced``), so every file that
is valid under version 1 is valid under 1.1.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

#: The contract's version as ``major.minor`` text: a minor version only adds
#: optional fields (every file valid under 1.0 stays valid), a major one may not.
CONTRACT_VERSION = "1.1"

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Function = Literal[
    "marketing",
    "sales",
    "presales",
    "professional-services",
    "partner-management",
    "leadership",
    "other",
]
FUNCTIONS: tuple[str, ...] = Function.__args__  # type: ignore[attr-defined]
Initiator = Literal["marketing", "sales"]
Status = Literal["idea", "planned", "running", "done", "cancelled"]
STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]
Visibility = Literal["internal", "public"]
Direction = Literal["at_least", "at_most"]
Outcome = Literal["success", "mixed", "failure"]
OUTCOMES: tuple[str, ...] = Outcome.__args__  # type: ignore[attr-defined]


def _iso_date(value: Any) -> Any:
    """Accept a quoted ISO date as well as YAML's unquoted one."""
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return value
    return value


#: The years a date may fall in (both included): wide enough for any campaign
#: history worth keeping and any plan worth making, narrow enough to catch a
#: mistyped year (``0202``, ``2206``) before it reaches a chart.
FIRST_YEAR = 1990
LAST_YEAR = 2099


def years_pattern(first: int, last: int) -> str:
    """A regular expression that matches exactly the four-digit years ``first`` to ``last``."""
    parts: list[str] = []
    year = first
    while year <= last:
        # The widest block of years (a millennium, century, decade or one year)
        # that starts at ``year`` and stays inside the window.
        width = next(w for w in (1000, 100, 10, 1) if year % w == 0 and year + w - 1 <= last)
        free = len(str(width)) - 1
        parts.append(f"{year:04d}"[: 4 - free] + r"\d" * free)
        year += width
    return "(?:" + "|".join(parts) + ")"


#: What a date looks like in the schemas: ``YYYY-MM-DD`` inside the window.
DATE_PATTERN = "^" + years_pattern(FIRST_YEAR, LAST_YEAR) + r"-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$"


def _plausible(value: dt.date) -> dt.date:
    """Refuse a date outside ``FIRST_YEAR`` to ``LAST_YEAR`` (reported as ``plausible-date``)."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise PydanticCustomError(
            "date_not_plausible",
            "date outside the years {first} to {last}",
            {"first": FIRST_YEAR, "last": LAST_YEAR},
        )
    return value


Date = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    AfterValidator(_plausible),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DATE_PATTERN}),
]
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
Handle = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
Money = Annotated[float, Field(ge=0, allow_inf_nan=False)]
PositiveNumber = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Number = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0)]


class _Strict(BaseModel):
    """Front matter is strict: unknown keys are errors, types are not coerced."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


# --------------------------------------------------------------------- people


class Person(_Strict):
    """Someone who can own, contribute to or author a campaign."""

    name: Text = Field(description="Full name as readers know it.")
    function: Function = Field(description="The side or team the person works in.")
    email: str | None = Field(default=None, description="Optional contact address.")


class People(RootModel[dict[Handle, Person]]):
    """``people.yml``: handle -> person."""


# --------------------------------------------------------------------- plans


class Period(_Strict):
    """When a campaign runs."""

    start: Date = Field(description="First day, YYYY-MM-DD.")
    end: Date = Field(description="Last day, YYYY-MM-DD; not before start.")


class Owners(_Strict):
    """Both sides own every plan: at least one Marketing and one Sales owner."""

    marketing: list[Handle] = Field(default_factory=list, description="Marketing owners.")
    sales: list[Handle] = Field(default_factory=list, description="Sales owners.")


class Audience(_Strict):
    """Who the campaign is for."""

    industry: Text | None = Field(default=None, description="Required unless status is idea.")
    segment: Text | None = Field(default=None, description="E.g. mid-market, enterprise.")
    regions: list[Text] | None = Field(default=None, description="Regions or countries.")
    accounts: Annotated[int, Field(ge=0)] | None = Field(
        default=None, description="How many accounts the campaign addresses."
    )


class Expected(_Strict):
    """Pipeline and won business, expected up front or returned afterwards."""

    pipeline: Money | None = Field(default=None, description="Qualified pipeline.")
    won: Money | None = Field(default=None, description="Closed-won business.")


class Goal(_Strict):
    """A shared, measurable goal: a target before, an actual in the retro."""

    id: Id = Field(description="Short id; the retro reports a result under it.")
    metric: Text = Field(description="What is counted, e.g. 'meetings booked before the fair'.")
    target: PositiveNumber = Field(description="The number to reach (more than 0).")
    direction: Direction = Field(
        default="at_least", description="at_least (default) or at_most (e.g. cost per lead)."
    )
    due: Date | None = Field(default=None, description="When the goal is measured.")
    owners: list[Handle] | None = Field(default=None, description="Who is accountable for this goal.")


class Task(_Strict):
    """One line of the shared plan: who does what by when."""

    task: Text = Field(description="What is done.")
    owner: Handle = Field(description="Who does it (a handle from people.yml).")
    due: Date = Field(description="By when; inside the campaign period.")
    done: bool = Field(default=False, description="true once the task is done.")


class Plan(_Strict):
    """Front matter of ``campaigns/<slug>/plan.md``."""

    title: Text = Field(description="The campaign's name as readers will search for it.")
    initiated_by: Initiator = Field(description="Which side started the campaign.")
    status: Status = Field(description="Where the campaign stands.")
    period: Period | None = Field(default=None, description="When it runs: start and end date.")
    owners: Owners | None = Field(
        default=None, description="At least one Marketing and one Sales owner (handles)."
    )
    contributors: list[Handle] | None = Field(
        default=None, description="Pre-sales, services, partner management and others who give input."
    )
    audience: Audience | None = Field(default=None, description="Who the campaign is for.")
    target_accounts: list[Text] | None = Field(
        default=None, description="Confidential: never part of a public build."
    )
    channels: list[Text] | None = Field(
        default=None, description="How the audience is reached; words from the playbook's channel list."
    )
    budget: Money | None = Field(default=None, description="Planned spend; required unless idea.")
    expected: Expected | None = Field(default=None, description="Expected return, up front.")
    goals: list[Goal] | None = Field(default=None, description="Shared, measurable goals with targets.")
    tasks: list[Task] | None = Field(default=None, description="The shared plan: who does what by when.")
    play: Id | None = Field(default=None, description="Id of the play this campaign follows.")
    crm_id: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = Field(
        default=None,
        description="The campaign's id in the CRM (Salesforce, HubSpot); `masa import actuals` matches on it.",
    )
    tags: list[Text] | None = Field(default=None, description="Free keywords for search.")
    visibility: Visibility = Field(
        default="internal", description="internal (default) or public: may appear in the public build."
    )
    cancelled_reason: Text | None = Field(default=None, description="Required when cancelled.")


@dataclass(frozen=True)
class Requirement:
    """A plan field that some statuses require to be filled in.

    Filled in means present, not empty (``null``) and, for a list, holding at
    least one item. A nested field (``("owners", "sales")``) is required only
    where its parent is given; a missing parent is reported once, by its own
    requirement. With ``any_of``, the field must hold at least one of those
    keys. ``rule`` is the ``masa check`` rule that reports a requirement not
    met; the schemas carry every requirement as an ``if``/``then`` condition.
    """

    path: tuple[str, ...]
    statuses: tuple[str, ...]
    rule: str
    any_of: tuple[str, ...] = ()


#: Every status but ``idea``: a campaign that is more than an idea is fully planned.
UNLESS_IDEA: tuple[str, ...] = tuple(s for s in STATUSES if s != "idea")
_WITH_TASKS = ("planned", "running", "done")

#: What each status requires of a plan: the one table behind the rules
#: ``required-for-status`` and ``two-sided-ownership`` and the schemas' conditions.
PLAN_REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(("period",), UNLESS_IDEA, "required-for-status"),
    Requirement(("owners",), UNLESS_IDEA, "required-for-status"),
    # Both sides own every plan: TEAM (Toll, Ein Anderer Macht's) is what the contract forbids.
    Requirement(("owners", "marketing"), UNLESS_IDEA, "two-sided-ownership"),
    Requirement(("owners", "sales"), UNLESS_IDEA, "two-sided-ownership"),
    Requirement(("audience",), UNLESS_IDEA, "required-for-status"),
    Requirement(("audience", "industry"), UNLESS_IDEA, "required-for-status"),
    Requirement(("budget",), UNLESS_IDEA, "required-for-status"),
    Requirement(("expected",), UNLESS_IDEA, "required-for-status", any_of=("pipeline", "won")),
    Requirement(("goals",), UNLESS_IDEA, "required-for-status"),
    Requirement(("tasks",), _WITH_TASKS, "required-for-status"),
    Requirement(("cancelled_reason",), ("cancelled",), "required-for-status"),
)

#: Top-level plan fields that every status except ``idea`` requires (from ``PLAN_REQUIREMENTS``).
REQUIRED_UNLESS_IDEA: tuple[str, ...] = tuple(
    r.path[0] for r in PLAN_REQUIREMENTS if len(r.path) == 1 and r.statuses == UNLESS_IDEA
)


def _required_for_status() -> dict[str, tuple[str, ...]]:
    by_status: dict[str, tuple[str, ...]] = {}
    for r in PLAN_REQUIREMENTS:
        if len(r.path) == 1 and r.statuses != UNLESS_IDEA:
            for status in r.statuses:
                by_status[status] = (*by_status.get(status, ()), r.path[0])
    return by_status


#: Top-level plan fields that particular statuses require on top (from ``PLAN_REQUIREMENTS``).
REQUIRED_FOR_STATUS: dict[str, tuple[str, ...]] = _required_for_status()


# --------------------------------------------------------------------- retros


class Return(Expected):
    """What came back: pipeline and won business, and how much of the pipeline marketing sourced or influenced."""

    sourced: Money | None = Field(
        default=None, description="Pipeline marketing sourced: the campaign created the opportunity."
    )
    influenced: Money | None = Field(
        default=None,
        description="Pipeline marketing influenced but did not source; sourced + influenced is at most pipeline.",
    )


class Funnel(_Strict):
    """How many people and deals each stage of the funnel counted, as the CRM reports them."""

    responses: Count | None = Field(
        default=None, description="People who responded: registered, replied, downloaded, visited."
    )
    leads: Count | None = Field(
        default=None, description="Leads the campaign brought, as the CRM counts them."
    )
    meetings: Count | None = Field(default=None, description="Meetings with Sales that the campaign led to.")
    opportunities: Count | None = Field(default=None, description="Opportunities the campaign led to.")


class Retro(_Strict):
    """Front matter of ``campaigns/<slug>/retro.md``: blameless, with numbers."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, populate_by_name=True)

    date: Date = Field(description="When the retro was held; not before the campaign start.")
    authors: Annotated[list[Handle], Field(min_length=1)] = Field(
        description="Who wrote the retro; both sides, please."
    )
    results: dict[Id, Number] = Field(description="The actual for every goal id of the plan.")
    cost: Money = Field(description="What the campaign really cost.")
    return_: Return | None = Field(
        default=None,
        alias="return",
        description="What came back: pipeline and won business, and the pipeline sourced or influenced.",
    )
    funnel: Funnel | None = Field(
        default=None, description="Counts per funnel stage: responses, leads, meetings, opportunities."
    )
    outcome: Outcome | None = Field(
        default=None, description="Optional claim; checked against the computed outcome."
    )
    sonicht: list[Id] | None = Field(default=None, description="Anti-patterns that showed up.")
    went_well: list[Text] | None = Field(default=None, description="What we celebrate.")
    learnings: Annotated[list[Text], Field(min_length=1)] = Field(
        description="What we learned; at least one."
    )


# --------------------------------------------------------------------- plays


class PlayStep(_Strict):
    """A step of a play, relative to the campaign start."""

    step: Text = Field(description="What happens.")
    function: Function = Field(description="Which function does it.")
    offset_days: int = Field(description="Days relative to the campaign start; negative = before.")


class SuggestedGoal(_Strict):
    """A goal a play suggests."""

    metric: Text = Field(description="What is counted.")
    target: PositiveNumber = Field(description="A sensible target (more than 0).")


class Play(_Strict):
    """Front matter of ``playbooks/plays/<id>.md``: a reusable way to run a campaign."""

    title: Text = Field(description="The play's name.")
    summary: Text = Field(description="One or two sentences: what the play is.")
    when: Text | None = Field(default=None, description="When to use it.")
    roles: dict[Function, list[Text]] | None = Field(
        default=None, description="What each function contributes, keyed by function."
    )
    steps: list[PlayStep] | None = Field(default=None, description="The steps, relative to the start.")
    goals: list[SuggestedGoal] | None = Field(default=None, description="Goals the play suggests.")
    watch_out: list[Id] | None = Field(default=None, description="Anti-pattern ids to avoid.")


class AntiPattern(_Strict):
    """Front matter of ``playbooks/sonicht/<id>.md``: a #sonicht anti-pattern."""

    title: Text = Field(description="The anti-pattern's name.")
    summary: Text = Field(description="One or two sentences: what goes wrong.")
    symptoms: list[Text] | None = Field(default=None, description="How to recognise it.")
    instead: list[Id] | None = Field(default=None, description="Play ids to use instead.")
    aliases: list[Text] | None = Field(default=None, description="Other names people use for it.")


#: Every kind of content file and the model of its front matter.
KINDS: dict[str, type[BaseModel]] = {
    "people": People,
    "plan": Plan,
    "retro": Retro,
    "play": Play,
    "sonicht": AntiPattern,
}
