"""Everything a build adds to the site: generated pages, data files, assets, images.

``site_pages`` and ``site_files`` are the whole interface the site engine
adapter needs. Both are made from the ``SiteContext``, whose playbook is
already the audience's view: what is not in it cannot end up in the site.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from masa_playbook.attachments import campaign_folder_files
from masa_playbook.cms import admin_files
from masa_playbook.site import charts
from masa_playbook.site.api import campaigns_json, schema_files, schema_page
from masa_playbook.site.campaign_page import authored_requests, campaign_page
from masa_playbook.site.catalogue import antipattern_page, play_page, plays_index, sonicht_index
from masa_playbook.site.context import GeneratedFile, GeneratedPage, SiteContext
from masa_playbook.site.dashboard import dashboard_page
from masa_playbook.site.incremental import SiteMemory
from masa_playbook.site.index_pages import campaigns_index, lessons_page, wins_page
from masa_playbook.site.learned import PLANNING

ASSETS_DIR = Path(__file__).parent / "assets"
#: Site paths of the stylesheets and scripts every page loads, in order.
STYLESHEETS: tuple[str, ...] = ("assets/masa/masa.css", *charts.STYLESHEETS)
SCRIPTS: tuple[str, ...] = ("assets/masa/masa.js", *charts.SCRIPTS)
INSIGHTS_URI = "insights/index.md"


def insights_page(ctx: SiteContext) -> GeneratedPage:
    """``/insights/``: the chart package's page under the site's title."""
    meta = {"title": ctx.t("insights")}
    return GeneratedPage(INSIGHTS_URI, charts.insights_markdown(ctx), in_nav=True, meta=meta)


def site_pages(
    ctx: SiteContext, *, with_dashboard: bool, memory: SiteMemory | None = None
) -> list[GeneratedPage]:
    """Every generated page; the dashboard home only ``with_dashboard`` (no hand-written home).

    With the ``memory`` of an earlier build in the same process (``mkdocs
    serve``), pages whose sources did not change are taken from it.
    """
    pb = ctx.pb
    if memory is None:
        ctx.render_ahead(request for c in pb.campaigns_sorted() for request in authored_requests(c))
        try:
            return [
                *overview_pages(ctx, with_dashboard),
                *(campaign_page(ctx, c) for c in pb.campaigns_sorted()),
            ]
        finally:
            ctx.finish_ahead()
    context, facts = memory.keys(ctx)
    overviews = memory.reuse(f"pages:{with_dashboard}", facts, lambda: overview_pages(ctx, with_dashboard))
    # A plan in the making shows other campaigns' retros ("Learned before", site.learned): its page is
    # made again whenever any campaign's front matter changes, not only its own files.
    keys = {c.slug: facts if c.plan.status in PLANNING else context for c in pb.campaigns_sorted()}
    ctx.render_ahead(
        request
        for c in pb.campaigns_sorted()
        if memory.remakes(keys[c.slug], c)
        for request in authored_requests(c)
    )
    try:
        campaigns = [
            memory.campaign_page(keys[c.slug], c, partial(campaign_page, ctx)) for c in pb.campaigns_sorted()
        ]
    finally:
        ctx.finish_ahead()
    memory.forget_campaigns_except(pb.campaigns)
    return [*overviews, *campaigns]


def overview_pages(ctx: SiteContext, with_dashboard: bool) -> list[GeneratedPage]:
    """The pages made from all campaigns together: home, indexes, insights, plays, #sonicht, schemas."""
    pb = ctx.pb
    pages = [dashboard_page(ctx)] if with_dashboard else []
    pages += [campaigns_index(ctx), wins_page(ctx), lessons_page(ctx)]
    pages += [plays_index(ctx), sonicht_index(ctx), insights_page(ctx), schema_page(ctx)]
    records = ctx.play_figures
    pages += [play_page(ctx, entry, records.get(ident)) for ident, entry in sorted(pb.plays.items())]
    seen = ctx.antipattern_figures
    pages += [
        antipattern_page(ctx, entry, seen.get(ident)) for ident, entry in sorted(pb.antipatterns.items())
    ]
    return pages


def asset_files(lang: str) -> list[GeneratedFile]:
    """The site's own stylesheet and script, and the charts' files (their shared settings in ``lang``)."""
    return [
        GeneratedFile("assets/masa/masa.css", abs_src_path=str(ASSETS_DIR / "masa.css")),
        GeneratedFile("assets/masa/masa.js", abs_src_path=str(ASSETS_DIR / "masa.js")),
        *charts.chart_files(lang),
    ]


def campaign_attachments(ctx: SiteContext) -> list[GeneratedFile]:
    """The attachments of the build's campaigns: only what ``attachments.campaign_folder_files`` lets through.

    That is the same verdict ``masa check`` reports on, so the two cannot
    disagree: allow-listed types whose bytes match their type, regular files
    only, no editor backups, no hidden or symbolically linked files or folders.
    A ``campaigns/`` or campaign folder that is a symbolic link publishes nothing.
    """
    found: list[GeneratedFile] = []
    root = Path(ctx.pb.root)
    if (root / "campaigns").is_symlink():
        return found
    for slug in sorted(ctx.pb.campaigns):
        folder = root / "campaigns" / slug
        if folder.is_symlink():
            continue  # it could lead anywhere on the machine that builds the site
        for item in campaign_folder_files(folder):
            if item.published:
                found.append(GeneratedFile(f"campaigns/{slug}/{item.rel}", abs_src_path=str(item.path)))
    return found


def site_files(ctx: SiteContext, *, memory: SiteMemory | None = None) -> list[GeneratedFile]:
    """Every generated non-page file: campaigns JSON, schemas, assets, campaign attachments, the editor.

    With ``memory`` (see ``site_pages``), an unchanged ``campaigns.json`` is taken from it.
    """
    if memory is None:
        data = campaigns_json(ctx)
    else:
        data = memory.reuse("campaigns.json", memory.keys(ctx)[1], lambda: campaigns_json(ctx))
    # The web editor at /admin/ (masa_playbook.cms) belongs to internal builds only.
    editor = admin_files(ctx) if ctx.pb.config.audience == "internal" else []
    return [data, *schema_files(), *asset_files(ctx.lang), *campaign_attachments(ctx), *editor]
