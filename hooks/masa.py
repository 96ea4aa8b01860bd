"""MkDocs hooks: turn the campaigns, plays and anti-patterns into playbook pages.

Each event hands over to ``masa_playbook.site``, which knows nothing of
MkDocs:

- ``on_config`` loads and checks the playbook (the same findings as
  ``masa check``), stops the build on errors, adds the site's stylesheet
  and script, and has ``mkdocs serve`` watch the content folders;
- ``on_files`` adds the generated pages, the JSON and schema files, the
  assets and the images of campaign folders, all in memory;
- ``on_page_markdown`` points "edit this page" at the real source file and
  lifts the generated HTML blocks out of the Markdown (rendering them again
  would cost more than the rest of the page);
- ``on_page_content`` cleans the HTML of authored text and puts the generated
  blocks back.

MkDocs does not reload this module between ``mkdocs serve`` rebuilds, so it
keeps no state of its own: each build's state lives on that build's config.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from masa_playbook import site
from masa_playbook.loader import CONTENT_PATHS

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.masa")

# The per-build state is kept on the config object under this attribute.
_STATE = "_masa_site"


class _State:
    """What one build knows: the site context and the source files of each generated page."""

    def __init__(self, build: site.SiteBuild) -> None:
        self.context = build.context
        self.sources: dict[str, tuple[str, ...]] = {}
        # Generated HTML blocks lifted out of each page's Markdown, by src_uri.
        self.blocks: dict[str, dict[str, str]] = {}


def _state(config: MkDocsConfig) -> _State:
    state = getattr(config, _STATE, None)
    if not isinstance(state, _State):
        raise PluginError("hooks/masa.py: on_config has not run for this build")
    return state


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and check the playbook; log every finding; stop on errors."""
    root = Path(config.config_file_path).parent
    try:
        today = site.build_date()
    except ValueError as exc:
        raise PluginError(str(exc)) from None
    build = site.prepare(
        root,
        mkdocs_config=config,
        today=today,
        repo_url=config.repo_url,
        site_url=config.site_url,
        directory_urls=config.use_directory_urls,
    )
    for finding in build.findings:
        log.log(logging.ERROR if finding.severity == "error" else logging.WARNING, finding.render())
    if build.errors:
        count = len(build.errors)
        raise PluginError(f"{count} error{'s' if count != 1 else ''} in the playbook; run masa check")
    setattr(config, _STATE, _State(build))
    # Content outside docs/ triggers `mkdocs serve` rebuilds; listed here rather
    # than under `watch:` so that a repository without, say, playbooks/ builds.
    for name in CONTENT_PATHS:
        path = str(root / name)
        if (root / name).exists() and path not in config.watch:
            config.watch.append(path)
    config.extra_css.extend(p for p in site.STYLESHEETS if p not in config.extra_css)
    config.extra_javascript.extend(p for p in site.SCRIPTS if p not in map(str, config.extra_javascript))
    if config.theme.name == "material":
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(site.THEME_OVERRIDES_DIR))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages and files; a hand-written page of the same path wins."""
    state = _state(config)
    with_dashboard = files.get_file_from_path("index.md") is None
    for page in site.site_pages(state.context, with_dashboard=with_dashboard):
        if files.get_file_from_path(page.src_uri) is not None:
            log.warning(f"docs/{page.src_uri} hides the generated page of the same path; rename or remove it")
            continue
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, page.src_uri, content=page.content, inclusion=inclusion))
        state.sources[page.src_uri] = page.sources
    for extra in site.site_files(state.context):
        if files.get_file_from_path(extra.src_uri) is not None:
            log.warning(
                f"docs/{extra.src_uri} hides the generated file of the same path; rename or remove it"
            )
        elif extra.content is not None:
            files.append(File.generated(config, extra.src_uri, content=extra.content))
        elif extra.abs_src_path is not None:
            files.append(File.generated(config, extra.src_uri, abs_src_path=extra.abs_src_path))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Point "edit this page" of a generated page at its source; lift its generated HTML."""
    state = _state(config)
    sources = state.sources.get(page.file.src_uri)
    if sources is None:
        return markdown
    page.edit_url = state.context.edit_url(sources[0]) if sources else None
    markdown, state.blocks[page.file.src_uri] = site.lift(markdown)
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Clean the authored parts of a page's HTML; put the generated blocks back."""
    blocks = _state(config).blocks.pop(page.file.src_uri, {})
    return site.restore(site.sanitize_authored(html), blocks)
