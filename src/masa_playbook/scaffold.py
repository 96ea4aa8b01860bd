"""The text of new content files: plans, retros, plays and anti-patterns.

Every file written here passes ``masa check`` as it is. What the author still
has to decide is written as a valid placeholder whose text starts with
``PLACEHOLDER`` (``"replace: what both sides commit to"``), numbers that are
not known yet are ``0`` with a comment, so nothing looks finished that is not,
and ``masa todo`` can point at every placeholder left over.

Values go through ``masa_playbook.yaml_text``, so any title survives the
round trip.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from masa_playbook.playbook import Campaign
from masa_playbook.yaml_text import comment, dump_yaml, yaml_scalar, yaml_scalar_list

#: Every placeholder text starts with this; ``masa todo`` looks for it.
PLACEHOLDER = "replace:"

_FOLD = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d"}
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str, *, max_length: int = 60) -> str:
    """A folder name from a title: lowercase ASCII letters, digits and single dashes.

    German umlauts become ``ae``/``oe``/``ue`` and ``ß`` ``ss``; other accents
    are dropped (``é`` -> ``e``); everything else that is not a letter or a
    digit becomes a dash. Long slugs are cut at a dash. The result is ``""``
    when nothing usable is left (a title in another script).
    """
    lowered = "".join(_FOLD.get(ch, ch) for ch in text.lower())
    ascii_only = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_ALNUM.sub("-", ascii_only).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:max_length]
    return slug.strip("-")


def next_month(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and the last day of the month after ``today``: a placeholder period."""
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def _document(front_matter: str, body: str) -> str:
    return f"---\n{front_matter}---\n\n{body.strip()}\n"


# --------------------------------------------------------------------- plans


@dataclass(frozen=True)
class PlanDraft:
    """What ``masa new campaign`` knows about a new plan."""

    title: str
    initiated_by: str
    status: str = "planned"
    marketing: tuple[str, ...] = ()
    sales: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    industry: str | None = None
    play: str | None = None
    channels: tuple[str, ...] = ()
    currency: str = "EUR"
    #: handle -> full name, for the task placeholders.
    names: Mapping[str, str] = field(default_factory=dict)


def _first_task_due(draft: PlanDraft) -> dt.date:
    assert draft.start is not None and draft.end is not None
    return min(draft.start + dt.timedelta(days=7), draft.end)


def plan_text(draft: PlanDraft) -> str:
    """The text of ``campaigns/<slug>/plan.md`` for ``draft``.

    A ``planned`` plan gets everything the status requires: the period, both
    sides as owners, the industry, budget 0, an expected pipeline of 0, one
    goal and one task per owner, each a placeholder to replace. An ``idea``
    gets only what is known.
    """
    data: dict[str, Any] = {"title": draft.title, "initiated_by": draft.initiated_by, "status": draft.status}
    planned = draft.status != "idea"
    if draft.start is not None and draft.end is not None:
        data["period"] = {"start": draft.start, "end": draft.end}
    owners = {side: list(h) for side, h in (("marketing", draft.marketing), ("sales", draft.sales)) if h}
    if owners:
        data["owners"] = owners
    if draft.industry or planned:
        data["audience"] = {"industry": draft.industry or f"{PLACEHOLDER} the industry you address"}
    if draft.channels:
        data["channels"] = list(draft.channels)
    if planned:
        data["budget"] = 0
        data["expected"] = {"pipeline": 0}
    data["goals"] = [
        {
            "id": "replace-this-goal",
            "metric": f"{PLACEHOLDER} what both sides commit to, e.g. meetings booked before the fair",
            "target": 1,
        }
    ]
    if planned:
        sides = [("Marketing", h) for h in draft.marketing] + [("Sales", h) for h in draft.sales]
        data["tasks"] = [
            {
                "task": f"{PLACEHOLDER} what {draft.names.get(h, h)} ({side}) does first",
                "owner": h,
                "due": _first_task_due(draft),
            }
            for side, h in sides
        ]
    if draft.play:
        data["play"] = draft.play
    front = dump_yaml(data)
    front = front.replace(
        "\nbudget: 0\n", f"\nbudget: 0  # {PLACEHOLDER} what it may cost, in {comment(draft.currency)}\n"
    ).replace(
        "\n  pipeline: 0\n",
        f"\n  pipeline: 0  # {PLACEHOLDER} the pipeline Sales stands behind, in {comment(draft.currency)}\n",
    )
    body = "\n\n".join(
        f"## {heading}\n\n{PLACEHOLDER} {hint}"
        for heading, hint in (
            ("Context", "why this campaign, why now, and who had the idea."),
            ("Audience insight", "what we know about these people, and how we know it."),
            ("Message", "the one sentence we want them to remember."),
            ("Who does what", "the plan above in words, including what each contributor brings."),
        )
    )
    return _document(front, body)


# --------------------------------------------------------------------- retros


def _target(direction: str, target: float) -> str:
    return f"{'at most' if direction == 'at_most' else 'at least'} {_number(target)}"


def retro_text(campaign: Campaign, *, date: dt.date, currency: str = "EUR") -> str:
    """The text of ``campaigns/<slug>/retro.md``, prefilled from the plan.

    Every goal of the plan has a result of 0 with its metric and target as a
    comment, the authors are the plan's owners on both sides, the cost is the
    plan's budget and the return has the keys of the plan's expectation.
    """
    plan = campaign.plan
    owners = plan.owners
    authors = list(dict.fromkeys([*(owners.marketing if owners else []), *(owners.sales if owners else [])]))
    lines = [f"date: {date.isoformat()}", f"authors: {yaml_scalar_list(authors)}"]
    if plan.goals:
        lines += ["results:", "  # the actual number for every goal of the plan"]
        for goal in plan.goals:
            note = comment(f"{goal.metric} (target: {_target(goal.direction, goal.target)})")
            lines.append(f"  {goal.id}: 0  # {note}")
    else:
        lines.append("results: {}  # the plan has no goals yet")
    money = comment(currency)
    lines.append(
        f"cost: {_number(plan.budget or 0)}  # the budget; {PLACEHOLDER} what it really cost, in {money}"
    )
    expected = plan.expected
    kinds = [(k, getattr(expected, k)) for k in ("pipeline", "won")] if expected else []
    kinds = [(k, v) for k, v in kinds if v is not None]
    if kinds:
        lines.append("return:")
        for kind, value in kinds:
            lines.append(f"  {kind}: 0  # expected: {_number(value)} {money}")
    lines.append("went_well:")
    lines.append(f"  - {yaml_scalar(f'{PLACEHOLDER} what we celebrate')}")
    lines.append("learnings:")
    lines.append(
        f"  - {yaml_scalar(f'{PLACEHOLDER} what we learned, so that someone who was not there can use it')}"
    )
    lines.append("# sonicht: [anti-pattern-id]  # the #sonicht anti-patterns that showed up, if any")
    body = "\n\n".join(
        f"## {heading}\n\n{PLACEHOLDER} {hint}"
        for heading, hint in (
            ("What happened", "the story, starting with the numbers."),
            ("Why it happened", "decisions, information and circumstances, not people."),
            ("What we learned", "in prose, beyond the list above."),
        )
    )
    return _document("\n".join(lines) + "\n", body)


_STATUS_LINE = re.compile(r"^(status:[ \t]*)(['\"]?)(idea|planned|running)\2([ \t]*(?:#.*)?)$")


def with_status_done(text: str, line: int) -> str | None:
    """``text`` with the ``status:`` on 1-based ``line`` set to ``done``; ``None`` if it is not there.

    Only that one value changes: line ends, comments and every other byte stay
    as they were, so the edit is a one-line diff.
    """
    lines = text.splitlines(keepends=True)
    if not 1 <= line <= len(lines):
        return None
    content = lines[line - 1].rstrip("\r\n")
    ending = lines[line - 1][len(content) :]
    match = _STATUS_LINE.match(content)
    if match is None:
        return None
    quote = match.group(2)
    lines[line - 1] = f"{match.group(1)}{quote}done{quote}{match.group(4)}{ending}"
    return "".join(lines)


# --------------------------------------------------------------------- catalogue


def play_text(title: str) -> str:
    """The text of ``playbooks/plays/<id>.md``: a play with placeholders."""
    data = {
        "title": title,
        "summary": f"{PLACEHOLDER} the play in one sentence: who does what, and why it works",
        "when": f"{PLACEHOLDER} the kind of campaign this play fits",
        "roles": {
            "marketing": [f"{PLACEHOLDER} what Marketing does"],
            "sales": [f"{PLACEHOLDER} what Sales does"],
        },
        "goals": [{"metric": f"{PLACEHOLDER} a goal this play usually aims for", "target": 1}],
    }
    return _document(
        dump_yaml(data),
        _placeholder_sections(
            ("Why it works", "the idea behind the play, with a campaign where it worked."),
            ("How to run it", "the steps, in order, and who owns each."),
        ),
    )


def antipattern_text(title: str) -> str:
    """The text of ``playbooks/sonicht/<id>.md``: a #sonicht anti-pattern with placeholders."""
    data = {
        "title": title,
        "summary": f"{PLACEHOLDER} the anti-pattern in one sentence, without blaming anyone",
        "symptoms": [f"{PLACEHOLDER} how you notice it while it happens"],
    }
    return _document(
        dump_yaml(data),
        _placeholder_sections(
            ("The story", "a campaign where it showed up, and what it cost."),
            ("What to do instead", "the play or habit that avoids it."),
        ),
    )


def _placeholder_sections(*sections: tuple[str, str]) -> str:
    """Markdown sections, each a heading and a placeholder saying what to write."""
    return "\n\n".join(f"## {heading}\n\n{PLACEHOLDER} {hint}" for heading, hint in sections)
