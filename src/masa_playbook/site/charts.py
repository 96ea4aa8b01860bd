"""Charts on generated pages: ``masa_playbook.charts`` output, placed by the site.

The chart package renders the HTML (a table plus a JSON data island per
chart) and ships its scripts; the site adds those files and places the HTML
on the campaign pages and the insights page.
"""

from __future__ import annotations

from masa_playbook import charts
from masa_playbook.playbook import Campaign
from masa_playbook.site.context import GeneratedFile, SiteContext

#: Scripts and stylesheets of the charts, site-relative, in load order.
SCRIPTS: tuple[str, ...] = tuple(charts.JAVASCRIPT)
STYLESHEETS: tuple[str, ...] = tuple(charts.STYLESHEETS)


def chart_files(lang: str) -> list[GeneratedFile]:
    """The chart package's scripts, styles and licences, and its settings script for ``lang``."""
    copied = [GeneratedFile(uri, abs_src_path=str(path)) for uri, path in sorted(charts.ASSETS.items())]
    return [GeneratedFile(charts.SETTINGS_SCRIPT, content=charts.settings_script(lang)), *copied]


def campaign_charts(ctx: SiteContext, campaign: Campaign) -> str:
    """The charts of one campaign as an HTML block, or an empty string.

    The page shows the goals and tasks as tables already, so the charts come
    without tables of their own, in a ``<section data-search-exclude>``
    (Material's documented exclusion; the section ends at the first
    ``</section>`` and the charts hold none): the search index has the
    figures from those tables. The block goes into the goals' part.
    """
    html = charts.campaign_charts_html(
        campaign, today=ctx.today, lang=ctx.lang, people=ctx.pb.people, tables=False
    ).strip()
    return f"\n<section data-search-exclude>{html}</section>\n" if html else ""


def insights_markdown(ctx: SiteContext) -> str:
    """The Markdown of the insights page."""
    return charts.insights_markdown(ctx.pb, today=ctx.today, lang=ctx.lang)
