"""The playbook site, generated in plain Python: pages as safe Markdown, data files, assets.

No site engine is imported here. ``prepare`` loads and checks a repository and
returns the context of one build; ``site_pages`` and ``site_files`` list what
the build adds. Each page's Markdown is self-contained and safe in any engine
that renders Markdown with Python-Markdown: generated HTML is escaped,
authored Markdown is rendered and cleaned here (``authored``, ``sanitize``),
so no engine needs to do anything to a page after rendering it. The engine
adapters (``masa_playbook.engines``) hand these to MkDocs or Zensical.

Modules: ``build`` (prepare a build), ``context`` (what renderers share, the
generated page and file), ``pages`` (the list of pages and files),
``campaign_page``, ``campaign_table``, ``index_pages`` (campaigns, wins,
lessons), ``catalogue`` (plays, #sonicht), ``dashboard``, ``api`` (JSON and
schemas), ``charts`` (the chart package's output), ``html`` (escaping),
``authored`` (authored Markdown to clean HTML), ``sanitize`` (the cleaner and
the public build's link guard), ``i18n`` (labels), ``formatting`` (dates;
numbers are ``masa_playbook.numbers``), ``urls``, ``edit_links``,
``incremental`` (what a dev-server rebuild may reuse) and ``whitespace``
(drops template indentation). How a page is put together:
``masa_playbook.rawhtml``.
"""

from pathlib import Path

from masa_playbook.site.authored import MarkdownSettings
from masa_playbook.site.build import SiteBuild, build_date, prepare
from masa_playbook.site.context import GeneratedFile, GeneratedPage, SiteContext
from masa_playbook.site.incremental import SiteMemory
from masa_playbook.site.pages import SCRIPTS, STYLESHEETS, site_files, site_pages
from masa_playbook.site.sanitize import page_guard
from masa_playbook.site.whitespace import SqueezedLoader, squeeze

#: Theme overrides for Material: only ``partials/source.html``, the repository
#: link without its request to the GitHub API (the site makes no third-party requests).
THEME_OVERRIDES_DIR = Path(__file__).parent / "theme"

__all__ = [
    "SCRIPTS",
    "STYLESHEETS",
    "THEME_OVERRIDES_DIR",
    "GeneratedFile",
    "GeneratedPage",
    "MarkdownSettings",
    "SiteBuild",
    "SiteContext",
    "SiteMemory",
    "SqueezedLoader",
    "build_date",
    "page_guard",
    "prepare",
    "site_files",
    "site_pages",
    "squeeze",
]
