"""Rebuild what changed: what a dev server needs to keep up with an author.

``mkdocs serve`` rebuilds the site after every save. With a thousand campaigns
a full build takes many seconds; an author who fixes a typo in one plan should
see it in about a second. ``SiteMemory`` is what one build leaves for the next
in the same process:

- each generated campaign page, keyed by everything it is made from: the
  campaign's two files and ``context_key`` (people, plays, anti-patterns,
  settings, audience, language, today, and which campaigns exist), and
  for a plan in the making (idea, planned) ``facts_key`` instead, since its
  "Learned before" panel shows other campaigns' retros. A campaign whose
  key is unchanged is not generated again (nor its bodies rendered ahead:
  ``remakes``);
- the pages and files made from all campaigns together (index, wins,
  lessons, insights, catalogue pages, ``campaigns.json``), keyed by
  ``facts_key``: they show what the front matter says, never a plan's or
  retro's prose, so a change to the prose leaves them as they were;
- the Markdown source of every generated page: a page whose source is the
  same as last time need not be rendered again (``changed``).

The memory is plain data; the MkDocs adapter (``engines.mkdocs``) keeps one
per site and tells MkDocs, in ``--dirty`` mode, which pages to skip. Nothing here is used for
correctness of a full build: a cold memory only means more work.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from masa_playbook.playbook import Campaign, Playbook
from masa_playbook.site.context import GeneratedPage, SiteContext

T = TypeVar("T")


def context_key(ctx: SiteContext) -> str:
    """A digest of everything a campaign page is made from besides the campaign's own files.

    People, plays and anti-patterns appear on campaign pages by name and
    title; other campaigns by whether they exist in the build (links to them);
    settings, audience, language, URL scheme, Markdown extensions and today
    shape every page.
    """
    pb = ctx.pb
    digest = hashlib.blake2b(digest_size=16)
    parts: list[object] = [
        ctx.today.isoformat(),
        ctx.language,
        ctx.urls,
        ctx.edit_base,
        ctx.site_url,
        ctx.markdown,
        pb.config,
        sorted(pb.people.items()),
        sorted((ident, entry.play) for ident, entry in pb.plays.items()),
        sorted((ident, entry.antipattern) for ident, entry in pb.antipatterns.items()),
        sorted((c.slug, c.title, c.plan.visibility, c.plan.status) for c in pb.campaigns.values()),
    ]
    for part in parts:
        digest.update(repr(part).encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def campaign_key(context: str, campaign: Campaign) -> str:
    """A digest of ``context`` and the campaign's files as read."""
    digest = hashlib.blake2b(context.encode("ascii"), digest_size=16)
    for source in (campaign.plan_source, campaign.retro_source):
        digest.update(b"\0")
        if source is not None:
            digest.update(source.path.encode("utf-8"))
            digest.update(b"\0")
            digest.update(source.text.encode("utf-8"))
    return digest.hexdigest()


def facts_key(context: str, pb: Playbook) -> str:
    """A digest of ``context``, every campaign's front matter and every play's and anti-pattern's file.

    The pages that show all campaigns together are made from these; a
    campaign's prose (its Markdown body) appears only on its own page.
    """
    digest = hashlib.blake2b(context.encode("ascii"), digest_size=16)
    for slug in sorted(pb.campaigns):
        campaign = pb.campaigns[slug]
        for source in (campaign.plan_source, campaign.retro_source):
            digest.update(b"\0")
            if source is not None:
                digest.update(source.yaml_text.encode("utf-8"))
    sources = [e.source for e in pb.plays.values()] + [e.source for e in pb.antipatterns.values()]
    for source in sorted(sources, key=lambda s: s.path):
        digest.update(b"\0" + source.path.encode("utf-8") + b"\0" + source.text.encode("utf-8"))
    return digest.hexdigest()


class SiteMemory:
    """What the previous build of one site generated and rendered."""

    def __init__(self) -> None:
        self._campaign_pages: dict[str, tuple[str, GeneratedPage]] = {}
        self._made: dict[str, tuple[str, Any]] = {}
        self._facts = ""
        #: Whether the last ``keys`` saw other facts than the build before it.
        self.facts_changed = True
        self._keys: tuple[SiteContext, str, str] | None = None
        self._sources: dict[str, object] = {}
        self._site_key = ""

    def campaign_page(
        self, ctx_key: str, campaign: Campaign, make: Callable[[Campaign], GeneratedPage]
    ) -> GeneratedPage:
        """The campaign's page from memory if nothing it is made from changed, else ``make(campaign)``."""
        key = campaign_key(ctx_key, campaign)
        known = self._campaign_pages.get(campaign.slug)
        if known is not None and known[0] == key:
            return known[1]
        page = make(campaign)
        self._campaign_pages[campaign.slug] = (key, page)
        return page

    def remakes(self, ctx_key: str, campaign: Campaign) -> bool:
        """True if ``campaign_page`` would make the campaign's page again (it is not in memory as it is)."""
        known = self._campaign_pages.get(campaign.slug)
        return known is None or known[0] != campaign_key(ctx_key, campaign)

    def keys(self, ctx: SiteContext) -> tuple[str, str]:
        """``context_key`` and ``facts_key`` of a build, computed once per build context.

        The first call for a new context also sets ``facts_changed``.
        """
        if self._keys is None or self._keys[0] is not ctx:
            context = context_key(ctx)
            facts = facts_key(context, ctx.pb)
            self.facts_changed = facts != self._facts
            self._facts = facts
            self._keys = (ctx, context, facts)
        return self._keys[1], self._keys[2]

    def reuse(self, name: str, key: str, make: Callable[[], T]) -> T:
        """What ``make()`` made for ``name`` last time if ``key`` is the same, else ``make()``."""
        known = self._made.get(name)
        if known is not None and known[0] == key:
            result: T = known[1]
            return result
        made = make()
        self._made[name] = (key, made)
        return made

    def forget_campaigns_except(self, slugs: Iterable[str]) -> None:
        """Drop the pages of campaigns that are gone."""
        keep = set(slugs)
        for slug in [s for s in self._campaign_pages if s not in keep]:
            del self._campaign_pages[slug]

    def start(self, site_key: str) -> bool:
        """Begin a build of a site with ``site_key``; False if it differs from the last (all pages change)."""
        same = site_key == self._site_key
        if not same:
            self._sources.clear()
            self._site_key = site_key
        return same

    def changed(self, src_uri: str, source: object) -> bool:
        """True if the page's source differs from the previous build's (or it is new); remember it.

        ``source`` is anything that compares equal exactly when the page would
        come out the same (``GeneratedPage.source``).
        """
        before = self._sources.get(src_uri)
        self._sources[src_uri] = source
        return before != source

    def forget_sources_except(self, src_uris: Iterable[str]) -> None:
        """Drop the remembered sources of pages that are gone."""
        keep = set(src_uris)
        self._sources = {uri: text for uri, text in self._sources.items() if uri in keep}
