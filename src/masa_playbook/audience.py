"""Who a build is for: ``internal`` (everything) or ``public``.

``for_audience`` returns the playbook a build may show. A public view holds
only campaigns marked ``visibility: public`` and strips their
``target_accounts``, so no page, search index, chart or export built from it
can leak internal content: what is not in the view cannot be rendered.
"""

from __future__ import annotations

import dataclasses
from typing import Literal

from masa_playbook.playbook import Campaign, Playbook

Audience = Literal["internal", "public"]


def _public_campaign(campaign: Campaign) -> Campaign:
    plan = campaign.plan.model_copy(update={"target_accounts": None})
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
    """True when a page of ``pb``'s build may link to the repository file ``repo_path``."""
    parts = repo_path.split("/")
    if len(parts) == 3 and parts[0] == "campaigns":
        return parts[1] in pb.campaigns
    return True
