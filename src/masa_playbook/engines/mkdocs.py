"""The MkDocs adapter: the event functions ``hooks/masa.py`` re-exports.

Each event hands over to ``masa_playbook.site``, which knows nothing of
MkDocs, and uses only MkDocs' public plugin API:

- ``on_startup`` notes whether this is ``mkdocs serve`` (whose rebuilds
  reuse what the last build generated) and ``--dirty``;
- ``on_config`` loads and checks the playbook (the same findings as
  ``masa check``), stops the build on errors, adds the site's stylesheets
  and scripts, has ``mkdocs serve`` watch the content folders, adds the
  Markdown extension that passes generated blocks on unparsed
  (``rawhtml.RawBlocks``, a speed-up only) and, under Material, the one
  theme override (``partials/source.html``: the repository link without a
  request to the GitHub API);
- ``on_files`` adds the generated pages (``File.generated``, in memory),
  the JSON and schema files, the assets and the attachments of campaign
  folders; a hand-written page of the same path wins;
- ``on_page_markdown`` gives a generated page its metadata and points
  "edit this page" at its source file;
- ``on_env`` keeps compiled templates across ``mkdocs serve`` rebuilds and
  loads them without their indentation; ``on_post_page`` and
  ``on_post_template`` drop what is left of it (``site.squeeze``).

The generated pages are safe as they are (``site.GeneratedPage``): nothing
is done to them after rendering, and Material's search plugin indexes them
like any page. Each build's state lives on that build's config; the one
thing kept across ``mkdocs serve`` rebuilds is a ``site.SiteMemory`` per
site. With ``--dirty``, generated pages whose source did not change are
not rendered again.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from masa_playbook import rawhtml, site
from masa_playbook.loader import CONTENT_PATHS

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.masa")

# The per-build state is kept on the config object under this attribute.
_STATE = "_masa_site"
# What earlier builds in this process left, by config file (``mkdocs serve``).
_MEMORY: dict[str, site.SiteMemory] = {}
# True under ``mkdocs serve``: keep what a build made for the next (``site.SiteMemory``).
_SERVING = False
# True under ``mkdocs serve --dirty``: skip generated pages whose source did not change.
_INCREMENTAL = False


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory, so that a ``mkdocs serve`` rebuild does not compile the theme again.

    Jinja checks each entry against its template's source, so an edited
    template is compiled again.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Fill ``bucket`` from memory, if its template was compiled before."""
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep the compiled template of ``bucket``."""
        self._code[bucket.key] = bucket.bytecode_to_string()


_TEMPLATES = _CompiledTemplates()


class _GeneratedPage(File):
    """A generated page; under ``serve --dirty``, rendered again only if its source changed."""

    changed = True

    def is_modified(self) -> bool:
        """True if the page's source changed, or its output is gone."""
        return self.changed or not os.path.isfile(self.abs_dest_path)


class _PageWithFigures(File):
    """A hand-written page with macros (live figures): under ``serve --dirty``, rendered again when the facts changed."""

    facts_changed = True

    def is_modified(self) -> bool:
        """True if the facts changed, or the page itself."""
        return self.facts_changed or super().is_modified()


class _State:
    """What one build knows: the site context and the pages it generated."""

    def __init__(self, context: site.SiteContext) -> None:
        self.context = context
        self.generated: dict[str, site.GeneratedPage] = {}


def _state(config: MkDocsConfig) -> _State:
    state = getattr(config, _STATE, None)
    if not isinstance(state, _State):
        raise PluginError("masa_playbook.engines.mkdocs: on_config has not run for this build")
    return state


def on_startup(command: str, dirty: bool) -> None:
    """Note whether this process serves the site (and renders only what changed)."""
    global _SERVING, _INCREMENTAL
    _SERVING = command == "serve"
    _INCREMENTAL = _SERVING and dirty


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and check the playbook; log every finding; stop on errors; add styles, scripts, watches."""
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
    setattr(config, _STATE, _State(build.context))
    config.watch.extend(path for path in watched_content(root) if path not in config.watch)
    config.extra_css.extend(p for p in site.STYLESHEETS if p not in config.extra_css)
    config.extra_javascript.extend(p for p in site.SCRIPTS if p not in map(str, config.extra_javascript))
    if not any(isinstance(ext, rawhtml.RawBlocks) for ext in config.markdown_extensions):
        config.markdown_extensions.append(rawhtml.RawBlocks())
    if config.theme.name == "material":  # a theme's custom_dir still wins
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(site.THEME_OVERRIDES_DIR))
    return config


def watched_content(root: Path) -> list[str]:
    """The content outside docs/ whose changes make `mkdocs serve` rebuild.

    Listed here rather than under `watch:` so that a repository without, say,
    playbooks/ builds. Only real folders and files: a link could make the
    server watch (and rebuild on) any folder of the machine.
    """
    return [
        str(root / name)
        for name in CONTENT_PATHS
        if not (root / name).is_symlink() and ((root / name).is_dir() or (root / name).is_file())
    ]


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages and files; a hand-written page of the same path wins."""
    state = _state(config)
    # A build that is not followed by another (``mkdocs build``) keeps nothing.
    memory = _MEMORY.setdefault(config.config_file_path, site.SiteMemory()) if _SERVING else None
    with_dashboard = files.get_file_from_path("index.md") is None
    generated: list[tuple[_GeneratedPage, object]] = []
    for page in site.site_pages(state.context, with_dashboard=with_dashboard, memory=memory):
        if files.get_file_from_path(page.src_uri) is not None:
            log.warning(f"docs/{page.src_uri} hides the generated page of the same path; rename or remove it")
            continue
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        # No front matter (on_page_markdown sets the metadata); the blank line
        # first keeps MkDocs from reading a "Key: value" first line as metadata.
        file = _GeneratedPage.generated(
            config, page.src_uri, content="\n" + page.content, inclusion=inclusion
        )
        assert isinstance(file, _GeneratedPage)
        files.append(file)
        generated.append((file, page.source))
        state.generated[page.src_uri] = page
    for extra in site.site_files(state.context, memory=memory):
        if files.get_file_from_path(extra.src_uri) is not None:
            log.warning(
                f"docs/{extra.src_uri} hides the generated file of the same path; rename or remove it"
            )
        elif extra.content is not None:
            files.append(File.generated(config, extra.src_uri, content=extra.content))
        elif extra.abs_src_path is not None:
            files.append(File.generated(config, extra.src_uri, abs_src_path=extra.abs_src_path))
    if _INCREMENTAL and memory is not None:
        _mark_changes(files, config, memory, generated)
    return files


def _mark_changes(
    files: Files,
    config: MkDocsConfig,
    memory: site.SiteMemory,
    generated: list[tuple[_GeneratedPage, object]],
) -> None:
    """Under ``serve --dirty``: which generated pages changed; hand-written pages with macros follow the facts."""
    same_site = memory.start(_site_key(files, config))
    for file, source in generated:
        file.changed = memory.changed(file.src_uri, source) or not same_site
    memory.forget_sources_except(file.src_uri for file, _ in generated)
    for page in list(files.documentation_pages()):
        if isinstance(page, _GeneratedPage) or page.abs_src_path is None or "{{" not in page.content_string:
            continue
        tracked = _PageWithFigures(
            page.src_path, page.src_dir, page.dest_dir, page.use_directory_urls, dest_uri=page.dest_uri
        )
        tracked.inclusion = page.inclusion
        tracked.facts_changed = memory.facts_changed or not same_site
        files.remove(page)
        files.append(tracked)


def _site_key(files: Files, config: MkDocsConfig) -> str:
    """What every page depends on: the config file, the theme overrides and which pages exist."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(Path(config.config_file_path).read_bytes())
    if config.theme.custom_dir:
        for path in sorted(Path(config.theme.custom_dir).rglob("*")):
            digest.update(f"{path}:{path.stat().st_mtime_ns}".encode())
    for file in sorted(files.documentation_pages(), key=lambda f: f.src_uri):
        digest.update(file.src_uri.encode("utf-8") + b"\0")
    return digest.hexdigest()


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Reuse compiled templates; load them squeezed, so that pages come out without indentation."""
    env.bytecode_cache = _TEMPLATES
    if env.loader is not None and not isinstance(env.loader, site.SqueezedLoader):
        env.loader = site.SqueezedLoader(env.loader)
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Give a generated page its metadata; point "edit this page" at its source file."""
    state = _state(config)
    generated = state.generated.get(page.file.src_uri)
    if generated is not None:
        page.meta = dict(generated.meta)
        sources = generated.sources
        page.edit_url = state.context.edit_url(sources[0]) if sources else None
    return markdown


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Drop the blank lines and indentation (outside ``<pre>``) left in the finished page."""
    return site.squeeze(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """The same for the theme's own HTML pages (``404.html``)."""
    return site.squeeze(output_content) if template_name.endswith(".html") else output_content
