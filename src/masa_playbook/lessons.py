"""Lessons at the moment of planning: which retros to read before a new campaign.

The #sonicht patterns come back because nobody looks back when it matters.
So ``masa new campaign`` (and, for a plan with status idea or planned, the
campaign page's "Learned before" panel) shows what earlier campaigns in the
same context learned. One selection serves both:

- ``related_retros``: retros of campaigns that share the play, the industry
  (case and spacing do not count) or a channel with the new one. Up to
  ``limit`` are chosen, lessons first (outcome ``failure`` or ``mixed``:
  what went wrong teaches most), then those sharing more (play, industry,
  channels), then the most recent retro; the chosen ones are listed most
  recent first.
- ``frequent_antipatterns``: the #sonicht anti-patterns named most often
  by all related retros (not only the chosen few), with how many.
- ``play_track_record``: a play's campaigns with a computed outcome and its
  successes. Below ``min_sample`` (``extra.masa.min_sample``, default 3)
  ``TrackRecord.rate`` is ``None`` and ``describe()`` reads "too few
  campaigns to judge": three campaigns are not a success rate.

The ``Playbook`` passed in is the audience's view, so a public page lists
public campaigns only. Each function takes one pass over the campaigns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from masa_playbook.figures import outcome
from masa_playbook.model import Outcome
from masa_playbook.playbook import Campaign, Playbook

#: Outcomes that make a retro a lesson, preferred when retros are chosen.
LESSONS: frozenset[str] = frozenset({"failure", "mixed"})


def _same(text: str | None) -> str:
    """``text`` as compared: case and runs of spaces do not count."""
    return " ".join((text or "").split()).casefold()


@dataclass(frozen=True)
class RelatedRetro:
    """A retro worth reading before planning: what it is, how it went, its first learning, what it shares."""

    slug: str
    title: str
    date: dt.date
    outcome: Outcome | None
    first_learning: str
    #: What it has in common with the new campaign: ``("play", "industry", "channel:email")``.
    shared: tuple[str, ...]
    #: The ids of the #sonicht anti-patterns the retro names.
    sonicht: tuple[str, ...]

    @property
    def path(self) -> str:
        """The retro's repository path."""
        return f"campaigns/{self.slug}/retro.md"


@dataclass(frozen=True)
class FrequentAntiPattern:
    """A #sonicht anti-pattern and how many related retros name it."""

    id: str
    title: str
    count: int


def _shared(campaign: Campaign, industry: str, play: str | None, channels: set[str]) -> tuple[str, ...]:
    plan = campaign.plan
    shared: list[str] = []
    if play and plan.play == play:
        shared.append("play")
    if industry and plan.audience is not None and _same(plan.audience.industry) == industry:
        shared.append("industry")
    shared += [f"channel:{c}" for c in plan.channels or [] if _same(c) in channels]
    return tuple(shared)


def _related(
    pb: Playbook, industry: str | None, play: str | None, channels: Iterable[str]
) -> list[tuple[Campaign, tuple[str, ...]]]:
    """Every campaign with a retro that shares something with the context, and what it shares."""
    wanted_industry, wanted_channels = _same(industry), {_same(c) for c in channels if _same(c)}
    found = []
    for campaign in pb.campaigns.values():
        if campaign.retro is None:
            continue
        shared = _shared(campaign, wanted_industry, play, wanted_channels)
        if shared:
            found.append((campaign, shared))
    return found


def related_retros(
    pb: Playbook,
    *,
    industry: str | None = None,
    play: str | None = None,
    channels: Iterable[str] = (),
    limit: int = 5,
) -> list[RelatedRetro]:
    """Up to ``limit`` retros to read before planning in this context, most recent first (see the module)."""
    found = []
    for campaign, shared in _related(pb, industry, play, channels):
        retro = campaign.retro
        assert retro is not None
        found.append(
            RelatedRetro(
                slug=campaign.slug,
                title=campaign.title,
                date=retro.date,
                outcome=outcome(campaign),
                first_learning=retro.learnings[0],
                shared=shared,
                sonicht=tuple(dict.fromkeys(retro.sonicht or [])),
            )
        )
    # Choose: lessons first, then what shares more, then the most recent.
    found.sort(key=lambda r: (r.outcome not in LESSONS, -len(r.shared), -r.date.toordinal(), r.slug))
    chosen = found[: max(limit, 0)]
    return sorted(chosen, key=lambda r: (-r.date.toordinal(), r.slug))


def frequent_antipatterns(
    pb: Playbook,
    *,
    industry: str | None = None,
    play: str | None = None,
    channels: Iterable[str] = (),
    limit: int = 3,
) -> list[FrequentAntiPattern]:
    """The #sonicht anti-patterns most often named by retros in this context: most often first, then by id."""
    counts: dict[str, int] = {}
    for campaign, _shared_parts in _related(pb, industry, play, channels):
        assert campaign.retro is not None
        for ident in dict.fromkeys(campaign.retro.sonicht or []):
            counts[ident] = counts.get(ident, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[: max(limit, 0)]
    return [
        FrequentAntiPattern(
            ident, pb.antipatterns[ident].antipattern.title if ident in pb.antipatterns else ident, n
        )
        for ident, n in ranked
    ]


@dataclass(frozen=True)
class TrackRecord:
    """How a play (or any group) did: campaigns with a computed outcome, successes, and the sample needed."""

    campaigns: int
    successes: int
    min_sample: int = 3

    @property
    def judged(self) -> bool:
        """True when there are enough campaigns (``min_sample``) for a success rate."""
        return self.campaigns >= self.min_sample

    @property
    def rate(self) -> float | None:
        """Successes / campaigns; ``None`` below ``min_sample`` (too few campaigns to judge)."""
        return self.successes / self.campaigns if self.judged and self.campaigns else None

    def describe(self) -> str:
        """The record in words, always with its sample size: "3 of 4 campaigns succeeded (75 %)"."""
        sample = f"{self.campaigns} campaign{'' if self.campaigns == 1 else 's'} with a retro"
        if self.rate is None:
            return f"{sample}: too few campaigns to judge (a success rate needs {self.min_sample})"
        return f"{self.successes} of {sample} succeeded ({round(self.rate * 100)} %)"


def play_track_record(pb: Playbook, play: str) -> TrackRecord:
    """The track record of ``play``: its campaigns with a computed outcome, judged against ``min_sample``."""
    results = [outcome(c) for c in pb.campaigns.values() if c.plan.play == play]
    decided = [r for r in results if r is not None]
    return TrackRecord(len(decided), decided.count("success"), pb.config.min_sample)
