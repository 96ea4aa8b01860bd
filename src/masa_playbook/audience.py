"""Who a build is for: ``internal`` (everything) or ``public``.

``for_audience`` returns the playbook a build may show. A public view holds
only campaigns marked ``visibility: public`` and strips their
``target_accounts`` and ``crm_id``, so no page, search index, chart or
export built from it can leak internal content: what is not in the view
cannot be rendered.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection
from typing import Literal

from masa_playbook.links import campaign_folder, campaigns_reached
from masa_playbook.playbook import Campaign, Playbook

Audience = Literal["internal", "public"]


def _public_campaign(campaign: Campaign) -> Campaign:
    # The CRM id is an internal system's key: no use to a public reader, and
    # with crm_url it would publish where the CRM lives.
    plan = campaign.plan.model_copy(update={"target_accounts": None, "crm_id": None})
    return dataclasses.replace(campaign, plan=plan)


def for_audience(pb: Playbook, audience: str) -> Playbook:
    """The part of ``pb`` that a build for ``audience`` may show."""
    if audience == "internal":
        return pb
    campaigns = {slug: _public_campaign(c) for slug, c in pb.campaigns.items() if c.is_public}
    keep = {c.plan_source.path for c in campaigns.values()} | {
        c.retro_source.path for c in campaigns.values() if c.retro_source is not None
    }
    sources = {
        path: src for path, src in pb.sources.items() if not path.startswith("campaigns/") or path in keep
    }
    return dataclasses.replace(pb, campaigns=campaigns, sources=sources, broken_campaigns=set())


def may_link(pb: Playbook, repo_path: str) -> bool:
    """True when a page of ``pb``'s build may link to the repository file ``repo_path``.

    Nothing in a campaign folder may be linked unless the view holds that
    campaign: not its plan, not its retro, not a file in a sub-folder.
    """
    return slug_may_link(pb.campaigns, repo_path)


def slug_may_link(held: Collection[str], repo_path: str) -> bool:
    """``may_link`` for a view that holds the campaigns whose slugs are ``held``."""
    slug = campaign_folder(repo_path)
    return slug is None or slug in held


def reference_guard(pb: Playbook, *, base: str, site_url: str = "") -> Callable[[str], bool]:
    """A test for the URLs of a page whose folder is ``base`` (from the site root): may it keep one?

    False for a URL that may lead into a campaign folder that ``pb`` (a
    build's view) does not hold, however it is written (``links.destinations``):
    the last line of defence of a public build, applied to the HTML of
    every page.
    """
    return slug_guard(pb.campaigns, base=base, site_url=site_url)


def slug_guard(held: Collection[str], *, base: str, site_url: str = "") -> Callable[[str], bool]:
    """``reference_guard`` for a view that holds the campaigns whose slugs are ``held``."""
    bases = (base,)

    def allowed(url: str) -> bool:
        return all(slug in held for slug in campaigns_reached(url, bases, site_url))

    return allowed
