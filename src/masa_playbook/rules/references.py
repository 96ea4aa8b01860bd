"""Rules for references between files: people, plays and anti-patterns exist."""

from __future__ import annotations

from collections.abc import Iterator

from masa_playbook.findings import FieldPath, Finding
from masa_playbook.frontmatter import Source
from masa_playbook.playbook import Playbook
from masa_playbook.rules import Context, at, rule
from masa_playbook.suggest import did_you_mean


def _person_refs(pb: Playbook) -> Iterator[tuple[Source, FieldPath, str]]:
    for c in pb.campaigns.values():
        plan, src = c.plan, c.plan_source
        if plan.owners is not None:
            for side in ("marketing", "sales"):
                for i, h in enumerate(getattr(plan.owners, side)):
                    yield src, ("owners", side, i), h
        for i, h in enumerate(plan.contributors or []):
            yield src, ("contributors", i), h
        for i, task in enumerate(plan.tasks or []):
            yield src, ("tasks", i, "owner"), task.owner
        for i, goal in enumerate(plan.goals or []):
            for j, h in enumerate(goal.owners or []):
                yield src, ("goals", i, "owners", j), h
        if c.retro is not None and c.retro_source is not None:
            for i, h in enumerate(c.retro.authors):
                yield c.retro_source, ("authors", i), h


@rule("known-person")
def known_person(pb: Playbook, ctx: Context) -> Iterator[Finding]:
    """Owners, contributors, task owners and retro authors are handles in people.yml."""
    if not pb.sources.get("people.yml"):
        return  # a missing people.yml is reported once, not for every handle
    for source, path, handle in _person_refs(pb):
        if not pb.has_person(handle):
            yield at(
                source,
                path,
                f"'{handle}' is not in people.yml"
                + (did_you_mean(handle, pb.people) or "; add the person there or fix the handle"),
                "known-person",
            )


@rule("known-play")
def known_play(pb: Playbook, ctx: Context) -> Iterator[Finding]:
    """A campaign's play and an anti-pattern's 'instead' name plays in playbooks/plays/."""
    for c in pb.campaigns.values():
        if c.plan.play is not None and not pb.has_play(c.plan.play):
            yield at(
                c.plan_source,
                ("play",),
                f"there is no play '{c.plan.play}' (playbooks/plays/{c.plan.play}.md)"
                + did_you_mean(c.plan.play, pb.plays),
                "known-play",
            )
    for entry in pb.antipatterns.values():
        for i, pid in enumerate(entry.antipattern.instead or []):
            if not pb.has_play(pid):
                yield at(
                    entry.source,
                    ("instead", i),
                    f"there is no play '{pid}'{did_you_mean(pid, pb.plays)}",
                    "known-play",
                )


@rule("known-sonicht")
def known_sonicht(pb: Playbook, ctx: Context) -> Iterator[Finding]:
    """Anti-patterns named in retros and plays exist in playbooks/sonicht/."""
    for c in pb.campaigns.values():
        if c.retro is None or c.retro_source is None:
            continue
        for i, aid in enumerate(c.retro.sonicht or []):
            if not pb.has_antipattern(aid):
                yield at(
                    c.retro_source,
                    ("sonicht", i),
                    f"there is no anti-pattern '{aid}' (playbooks/sonicht/{aid}.md)"
                    + did_you_mean(aid, pb.antipatterns),
                    "known-sonicht",
                )
    for entry in pb.plays.values():
        for i, aid in enumerate(entry.play.watch_out or []):
            if not pb.has_antipattern(aid):
                yield at(
                    entry.source,
                    ("watch_out", i),
                    f"there is no anti-pattern '{aid}'{did_you_mean(aid, pb.antipatterns)}",
                    "known-sonicht",
                )
