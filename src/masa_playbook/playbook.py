"""The playbook as a typed whole: people, campaigns, plays and anti-patterns.

These are the domain objects every other part of the engine works on. A
``Campaign`` joins a plan and its optional retro; a ``Playbook`` holds all of
it, keyed by slug and id, plus the findings that loading produced.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from masa_playbook.config import PlaybookConfig
from masa_playbook.findings import Finding
from masa_playbook.frontmatter import Source
from masa_playbook.model import AntiPattern, Person, Plan, Play, Retro


@dataclass
class Campaign:
    """One campaign: ``campaigns/<slug>/plan.md`` and, once it ended, ``retro.md``."""

    slug: str
    plan: Plan
    plan_source: Source
    retro: Retro | None = None
    retro_source: Source | None = None

    @property
    def title(self) -> str:
        """The campaign's title."""
        return self.plan.title

    @property
    def is_public(self) -> bool:
        """True when the campaign may appear in a public build."""
        return self.plan.visibility == "public"


@dataclass
class PlayEntry:
    """A reusable play with its id and source file."""

    id: str
    play: Play
    source: Source


@dataclass
class AntiPatternEntry:
    """A #sonicht anti-pattern with its id and source file."""

    id: str
    antipattern: AntiPattern
    source: Source


@dataclass
class Playbook:
    """Everything loaded from one repository."""

    root: str
    config: PlaybookConfig
    people: dict[str, Person] = field(default_factory=dict)
    campaigns: dict[str, Campaign] = field(default_factory=dict)
    plays: dict[str, PlayEntry] = field(default_factory=dict)
    antipatterns: dict[str, AntiPatternEntry] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    #: Slugs of campaign folders that exist but could not be loaded (no plan, a
    #: broken plan or retro, or a folder that is a symbolic link and is not read).
    broken_campaigns: set[str] = field(default_factory=set)
    #: Handles and ids that exist but whose entry is invalid (already reported);
    #: references to them are not reported a second time.
    known_handles: set[str] = field(default_factory=set)
    known_plays: set[str] = field(default_factory=set)
    known_antipatterns: set[str] = field(default_factory=set)

    def has_person(self, handle: str) -> bool:
        """True when ``handle`` is in people.yml (valid or not)."""
        return handle in self.people or handle in self.known_handles

    def has_play(self, ident: str) -> bool:
        """True when a play file with this id exists."""
        return ident in self.plays or ident in self.known_plays

    def has_antipattern(self, ident: str) -> bool:
        """True when an anti-pattern file with this id exists."""
        return ident in self.antipatterns or ident in self.known_antipatterns

    @property
    def files_checked(self) -> int:
        """How many content files were read."""
        return len(self.sources)

    def campaigns_sorted(self) -> list[Campaign]:
        """Campaigns, most recent start first, then by slug."""

        def key(c: Campaign) -> tuple[str, str]:
            start = c.plan.period.start.isoformat() if c.plan.period else "9999-99-99"
            return (start, c.slug)

        return sorted(self.campaigns.values(), key=key, reverse=True)
