"""The playbook site, rendered in plain Python: pages as Markdown with HTML blocks.

No site engine is imported here. ``prepare`` loads and checks a repository and
returns the context of one build; ``site_pages`` and ``site_files`` list what
the build adds; ``sanitize_authored`` cleans authored HTML after rendering.
``hooks/masa.py`` adapts these to MkDocs; ``render_figures`` gives
hand-written pages that opt in their live figures.

Modules: ``build`` (prepare a build), ``context`` (what renderers share),
``pages`` (the list of pages and files), ``campaign_page``, ``campaign_table``,
``index_pages`` (campaigns, wins, lessons), ``catalogue`` (plays, #sonicht),
``dashboard``, ``live_figures`` (macros of hand-written pages), ``api`` (JSON and schemas), ``charts`` (the chart package's
output), ``html`` (escaping), ``i18n`` (labels), ``formatting`` (dates; numbers are ``masa_playbook.numbers``),
``urls``, ``sanitize``, ``incremental`` (what a dev-server rebuild may skip),
``whitespace`` (drops template indentation), ``shared_parts`` (theme parts
rendered once for the pages outside the navigation), ``markup`` and
``search_sections`` (search indexing of campaign pages). Generated HTML is
kept out of Markdown and search indexing by ``masa_playbook.rawhtml``.
"""

from masa_playbook.rawhtml import (
    Anchors,
    Block,
    Placed,
    lift,
    ordered_toc,
    place,
    restore,
    shield,
    stand_in,
    token_comment,
)
from masa_playbook.rawhtml import join as join_blocks
from masa_playbook.site.build import HOOK_API, HookMismatch, SiteBuild, build_date, prepare
from masa_playbook.site.context import GeneratedFile, GeneratedPage, SiteContext
from masa_playbook.site.incremental import SiteMemory
from masa_playbook.site.live_figures import FigureError, render_figures, wants_figures
from masa_playbook.site.pages import SCRIPTS, STYLESHEETS, site_files, site_pages
from masa_playbook.site.sanitize import (
    clean_around_blocks,
    link_guard,
    sanitize_authored,
    sanitize_outside_blocks,
)
from masa_playbook.site.search_sections import page_sections
from masa_playbook.site.search_sections import sections as search_sections
from masa_playbook.site.shared_parts import THEME_OVERRIDES_DIR, SharedParts, overridden_templates, shareable
from masa_playbook.site.whitespace import SqueezedLoader, squeeze

__all__ = [
    "HOOK_API",
    "SCRIPTS",
    "STYLESHEETS",
    "THEME_OVERRIDES_DIR",
    "Anchors",
    "Block",
    "FigureError",
    "GeneratedFile",
    "GeneratedPage",
    "HookMismatch",
    "Placed",
    "SharedParts",
    "SiteBuild",
    "SiteContext",
    "SiteMemory",
    "SqueezedLoader",
    "build_date",
    "clean_around_blocks",
    "join_blocks",
    "lift",
    "link_guard",
    "ordered_toc",
    "overridden_templates",
    "page_sections",
    "place",
    "prepare",
    "render_figures",
    "restore",
    "sanitize_authored",
    "sanitize_outside_blocks",
    "search_sections",
    "shareable",
    "shield",
    "site_files",
    "site_pages",
    "squeeze",
    "stand_in",
    "token_comment",
    "wants_figures",
]
