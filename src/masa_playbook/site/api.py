"""``/api/campaigns.json`` and ``/api/schema/``: the playbook for other tools.

``campaigns.json`` holds every campaign of the build (so a public build holds
only public campaigns) with the figures of ``masa_playbook.figures``; keys
are sorted, so two builds of the same content are byte-identical. The JSON
Schemas of the content contract are published beside a page that lists them.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from masa_playbook.figures import campaign_figures
from masa_playbook.model import CONTRACT_VERSION
from masa_playbook.playbook import Campaign
from masa_playbook.rawhtml import fragment, heading_part
from masa_playbook.schema import SCHEMA_FILES, all_schemas
from masa_playbook.site.context import GeneratedFile, GeneratedPage, SiteContext
from masa_playbook.site.html import esc, link, table
from masa_playbook.site.urls import campaign_uri

CAMPAIGNS_JSON = "api/campaigns.json"
SCHEMA_DIR = "api/schema"
SCHEMA_URI = f"{SCHEMA_DIR}/index.md"
_DESCRIBES = {
    "people": "people.yml",
    "plan": "campaigns/<slug>/plan.md",
    "retro": "campaigns/<slug>/retro.md",
    "play": "playbooks/plays/<id>.md",
    "sonicht": "playbooks/sonicht/<id>.md",
}


def campaign_record(ctx: SiteContext, campaign: Campaign) -> dict[str, Any]:
    """One campaign as JSON-ready data: its plan's key facts and every computed figure.

    ``url`` is the page's address relative to the site root, or absolute when
    the build knows its ``site_url``.
    """
    plan = campaign.plan
    owners = plan.owners
    return {
        **campaign_figures(campaign),
        "slug": campaign.slug,
        "title": plan.title,
        "status": plan.status,
        "initiated_by": plan.initiated_by,
        "period": {"start": plan.period.start.isoformat(), "end": plan.period.end.isoformat()}
        if plan.period
        else None,
        "industry": plan.audience.industry if plan.audience else None,
        "channels": list(plan.channels or []),
        "play": plan.play,
        # None in a public build: its view holds no crm_id (``audience``).
        "crm_id": plan.crm_id,
        "tags": list(plan.tags or []),
        "visibility": plan.visibility,
        "owners": {"marketing": list(owners.marketing), "sales": list(owners.sales)} if owners else None,
        "retro_date": campaign.retro.date.isoformat() if campaign.retro else None,
        "url": ctx.site_url + ctx.urls.url(campaign_uri(campaign.slug)),
    }


def campaigns_json(ctx: SiteContext) -> GeneratedFile:
    """``api/campaigns.json``: every campaign of the build, sorted by slug."""
    data = {
        "contract_version": CONTRACT_VERSION,
        "currency": ctx.currency,
        "count": len(ctx.pb.campaigns),
        "campaigns": [campaign_record(ctx, ctx.pb.campaigns[slug]) for slug in sorted(ctx.pb.campaigns)],
    }
    # Compact: about a third smaller than indented, and the C encoder writes it
    # (indentation makes the json module fall back to pure Python).
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"
    # Markup characters as JSON escapes: the same data, and harmless if the
    # file is ever served or embedded as HTML.
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return GeneratedFile(CAMPAIGNS_JSON, content=text)


def schema_files() -> list[GeneratedFile]:
    """The JSON Schemas of the content contract, under ``api/schema/``."""
    return [GeneratedFile(f"{SCHEMA_DIR}/{name}", content=text) for name, text in _schema_texts()]


@functools.cache
def _schema_texts() -> tuple[tuple[str, str], ...]:
    """The schemas depend on the models only: made once per process, not on every ``serve`` rebuild."""
    return tuple(sorted(all_schemas().items()))


def schema_page(ctx: SiteContext) -> GeneratedPage:
    """``/api/schema/``: the schema files, what each describes, and the campaigns JSON."""
    t = ctx.t
    rows = [
        [link(ctx.href(SCHEMA_URI, f"{SCHEMA_DIR}/{name}"), name), f"<code>{esc(_DESCRIBES[kind])}</code>"]
        for kind, name in SCHEMA_FILES.items()
    ]
    json_link = link(ctx.href(SCHEMA_URI, CAMPAIGNS_JSON), CAMPAIGNS_JSON)
    intro = esc(t("schemas-intro", json="\0")).replace("\0", json_link)
    parts = [
        heading_part(1, t("schemas")),
        fragment(f"<p>{intro}</p>"),
        fragment(table([t("file"), t("describes")], rows, cls="masa-schemas")),
    ]
    return GeneratedPage.made_of(SCHEMA_URI, parts, in_nav=True, meta={"title": t("schemas")})
