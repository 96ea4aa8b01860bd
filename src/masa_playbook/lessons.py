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
public campaigns only. ``RetroLibrary`` indexes the retros once; each
function takes a playbook (and indexes it) or a library made once for many
calls, as a build does for its campaign pages.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable
from dataclasses import dataclass, replace

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


@dataclass(frozen=True)
class _Entry:
    """A campaign with a retro, with what the selection compares, computed once."""

    retro: RelatedRetro
    play: str | None
    industry: str
    channels: tuple[tuple[str, str], ...]  # (as written, as compared)


class RetroLibrary:
    """Every retro of a playbook, indexed by play, industry and channel, for the selections above.

    Made once per playbook view (a build makes one for all its campaign
    pages), so a page of a plan in the making costs the retros it is related
    to, not a pass over every campaign and its figures.
    """

    def __init__(self, pb: Playbook) -> None:
        self.pb = pb
        self._entries: list[_Entry] = []
        self._by_play: dict[str, list[int]] = {}
        self._by_industry: dict[str, list[int]] = {}
        self._by_channel: dict[str, list[int]] = {}
        self._outcomes_by_play: dict[str, list[Outcome | None]] = {}
        for campaign in pb.campaigns.values():
            if campaign.plan.play:
                self._outcomes_by_play.setdefault(campaign.plan.play, []).append(outcome(campaign))
            if campaign.retro is not None:
                self._add(campaign)

    def _add(self, campaign: Campaign) -> None:
        plan, retro = campaign.plan, campaign.retro
        assert retro is not None
        industry = _same(plan.audience.industry) if plan.audience is not None else ""
        channels = tuple((c, _same(c)) for c in plan.channels or [])
        entry = _Entry(
            RelatedRetro(
                slug=campaign.slug,
                title=campaign.title,
                date=retro.date,
                outcome=outcome(campaign),
                first_learning=retro.learnings[0],
                shared=(),
                sonicht=tuple(dict.fromkeys(retro.sonicht or [])),
            ),
            plan.play,
            industry,
            channels,
        )
        index = len(self._entries)
        self._entries.append(entry)
        if plan.play:
            self._by_play.setdefault(plan.play, []).append(index)
        if industry:
            self._by_industry.setdefault(industry, []).append(index)
        for compared in dict.fromkeys(c for _, c in channels if c):
            self._by_channel.setdefault(compared, []).append(index)

    def _candidates(
        self, industry: str | None, play: str | None, channels: Iterable[str]
    ) -> tuple[list[int], str, set[str]]:
        """The entries that share something with the context, and the context as compared."""
        wanted_industry, wanted_channels = _same(industry), {_same(c) for c in channels if _same(c)}
        candidates: set[int] = set()
        if play:
            candidates.update(self._by_play.get(play, ()))
        if wanted_industry:
            candidates.update(self._by_industry.get(wanted_industry, ()))
        for channel in wanted_channels:
            candidates.update(self._by_channel.get(channel, ()))
        return sorted(candidates), wanted_industry, wanted_channels

    def related(
        self,
        *,
        industry: str | None = None,
        play: str | None = None,
        channels: Iterable[str] = (),
        limit: int | None = None,
    ) -> list[RelatedRetro]:
        """The retros that share something with the context, with what they share.

        All of them in the order of the index, or with ``limit`` the ones
        chosen first: lessons, then what shares more, then the most recent.
        """
        found, wanted_industry, wanted_channels = self._candidates(industry, play, channels)

        def shared(entry: _Entry) -> tuple[str, ...]:
            parts = ["play"] if play and entry.play == play else []
            if wanted_industry and entry.industry == wanted_industry:
                parts.append("industry")
            return (
                *parts,
                *(f"channel:{c}" for c, compared in entry.channels if compared in wanted_channels),
            )

        if limit is not None:

            def rank(index: int) -> tuple[bool, int, int, str]:
                entry = self._entries[index]
                count = (play is not None and entry.play == play) + (
                    bool(wanted_industry) and entry.industry == wanted_industry
                )
                count += sum(compared in wanted_channels for _, compared in entry.channels)
                retro = entry.retro
                return (retro.outcome not in LESSONS, -count, -retro.date.toordinal(), retro.slug)

            found = heapq.nsmallest(max(limit, 0), found, key=rank)
        return [replace(self._entries[i].retro, shared=shared(self._entries[i])) for i in found]

    def antipattern_counts(
        self, *, industry: str | None = None, play: str | None = None, channels: Iterable[str] = ()
    ) -> dict[str, int]:
        """How many related retros name each #sonicht anti-pattern."""
        counts: dict[str, int] = {}
        for index in self._candidates(industry, play, channels)[0]:
            for ident in self._entries[index].retro.sonicht:
                counts[ident] = counts.get(ident, 0) + 1
        return counts

    def track_record(self, play: str) -> TrackRecord:
        """The track record of ``play``: its campaigns with a computed outcome, judged against ``min_sample``."""
        decided = [r for r in self._outcomes_by_play.get(play, []) if r is not None]
        return TrackRecord(len(decided), decided.count("success"), self.pb.config.min_sample)


def related_retros(
    pb: Playbook | RetroLibrary,
    *,
    industry: str | None = None,
    play: str | None = None,
    channels: Iterable[str] = (),
    limit: int = 5,
) -> list[RelatedRetro]:
    """Up to ``limit`` retros to read before planning in this context, most recent first (see the module).

    ``pb`` may be a ``RetroLibrary`` made once for many calls.
    """
    library = pb if isinstance(pb, RetroLibrary) else RetroLibrary(pb)
    chosen = library.related(industry=industry, play=play, channels=channels, limit=limit)
    return sorted(chosen, key=lambda r: (-r.date.toordinal(), r.slug))


def frequent_antipatterns(
    pb: Playbook | RetroLibrary,
    *,
    industry: str | None = None,
    play: str | None = None,
    channels: Iterable[str] = (),
    limit: int = 3,
) -> list[FrequentAntiPattern]:
    """The #sonicht anti-patterns most often named by retros in this context: most often first, then by id."""
    library = pb if isinstance(pb, RetroLibrary) else RetroLibrary(pb)
    counts = library.antipattern_counts(industry=industry, play=play, channels=channels)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[: max(limit, 0)]
    antipatterns = library.pb.antipatterns
    return [
        FrequentAntiPattern(
            ident, antipatterns[ident].antipattern.title if ident in antipatterns else ident, n
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


def play_track_record(pb: Playbook | RetroLibrary, play: str) -> TrackRecord:
    """The track record of ``play``: its campaigns with a computed outcome, judged against ``min_sample``."""
    return (pb if isinstance(pb, RetroLibrary) else RetroLibrary(pb)).track_record(play)
