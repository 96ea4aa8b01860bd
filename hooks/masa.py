"""MkDocs hooks: turn the campaigns, plays and anti-patterns into playbook pages.

Each event hands over to ``masa_playbook.site``, which knows nothing of
MkDocs:

- ``on_config`` loads and checks the playbook (the same findings as
  ``masa check``), stops the build on errors, adds the site's stylesheet
  and script, and has ``mkdocs serve`` watch the content folders;
- ``on_files`` adds the generated pages, the JSON and schema files, the
  assets and the images of campaign folders, all in memory;
- ``on_page_markdown`` points "edit this page" at the real source file and
  takes the generated HTML blocks (made apart from the Markdown, or lifted
  out of it) away from the Markdown renderer (rendering them again would
  cost more than the rest of the page); a hand-written page that opts
  in with ``render_macros: true`` gets its live figures;
- ``on_page_content`` cleans the HTML of authored text and puts the
  generated blocks in place; on the few pages with generated parts that
  are not blocks, it puts the text of each block in its place, which is all
  the search plugin needs, until the plugin has indexed the page;
- ``on_page_context`` divides pages made of authored pieces and blocks
  (campaigns, plays, anti-patterns) into search sections faster than the
  search plugin would (``site.page_sections``) and, once the plugin has
  run, puts back what it held and the blocks that stood in as text;
- ``on_env`` keeps the compiled theme templates across ``mkdocs serve``
  rebuilds, loads them without their indentation (so pages come out
  without it), lets the theme render the parts that pages outside the
  navigation (campaigns, plays, anti-patterns) have in common once per
  folder (``site.SharedParts``), and freezes what the build made so far for
  the garbage collector (as ``on_config`` and ``on_files`` do; until
  ``on_post_build`` or ``on_build_error``);
- ``on_post_page`` and ``on_post_template`` drop the blank lines the
  squeezed templates leave;
- ``on_post_build`` makes sure the search index holds every page, also
  after a dirty rebuild that rendered only some.

Each build's state lives on that build's config. MkDocs does not reload this
module between ``mkdocs serve`` rebuilds; the one thing kept across them is a
``site.SiteMemory`` per site: the previous build's generated pages and search
entries (``mkdocs build`` keeps none). With ``--dirty``, pages whose source
did not change are skipped.
"""

from __future__ import annotations

import atexit
import gc
import hashlib
import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markdown.extensions.toc import nest_toc_tokens
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.toc import AnchorLink, get_toc
from mkdocs.utils.meta import META_RE

from masa_playbook import site
from masa_playbook.loader import CONTENT_PATHS

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.masa")

#: The interface of ``masa_playbook.site`` this hook is written for (``site.HOOK_API``).
HOOK_API = 2
# The per-build state is kept on the config object under this attribute.
_STATE = "_masa_site"
# What earlier builds in this process left, by config file (``mkdocs serve``).
_MEMORY: dict[str, site.SiteMemory] = {}
# True under ``mkdocs serve``: keep what a build made for the next (``site.SiteMemory``).
_SERVING = False
# True under ``mkdocs serve --dirty``: skip pages whose source did not change.
_INCREMENTAL = False
# A metadata value a page did not have.
_MISSING = object()


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory, so that a rebuild does not compile the theme again.

    MkDocs makes a new template environment for every ``mkdocs serve``
    rebuild. Jinja checks each entry against its template's source, so an
    edited template is compiled again.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_TEMPLATES = _CompiledTemplates()


class _GeneratedPage(File):
    """A generated page; rendered again only if its source changed (or its output is gone)."""

    changed = True

    def is_modified(self) -> bool:
        return self.changed or not os.path.isfile(self.abs_dest_path)


class _PageWithFigures(File):
    """A hand-written page that shows figures (macros): rendered again when the facts changed."""

    data_changed = True

    def is_modified(self) -> bool:
        return self.data_changed or super().is_modified()


class _State:
    """What one build knows: the site context and the pages it generated."""

    def __init__(self, build: site.SiteBuild, anchors: site.Anchors) -> None:
        self.context = build.context
        # How the toc extension marks up headings; generated ones follow it.
        self.anchors = anchors
        self.generated: dict[str, site.GeneratedPage] = {}
        # Generated HTML blocks lifted out of each page's Markdown, by src_uri,
        # then placed (headings with ids) once the page is rendered.
        self.blocks: dict[str, dict[str, site.Block]] = {}
        self.placed: dict[str, dict[str, site.Placed]] = {}
        # Pages made of authored pieces and blocks, as pieces (authored HTML
        # and tokens, alternating) and placed blocks, until they are indexed.
        self.pieces: dict[str, tuple[list[str], dict[str, site.Placed]]] = {}
        # Content of pages indexed by the hook, held while the search plugin runs,
        # with the page's own ``search`` metadata (``_MISSING`` if it had none).
        self.held: dict[str, tuple[str, object]] = {}
        # Generated pages whose every generated part is a block: the rest is authored.
        self.authored_outside_blocks: set[str] = set()
        # Generated pages that are not in the navigation (campaigns, plays, anti-patterns).
        self.outside_nav: set[str] = set()
        # URLs of all pages, and of the pages rendered by this build.
        self.page_urls: list[str] = []
        self.rendered: list[str] = []


def _state(config: MkDocsConfig) -> _State:
    state = getattr(config, _STATE, None)
    if not isinstance(state, _State):
        raise PluginError("hooks/masa.py: on_config has not run for this build")
    return state


def on_startup(command: str, dirty: bool) -> None:
    """Collect garbage less often during the process, and not at its end; note the command.

    CPython starts a collection every 700 new container objects. A site build
    creates millions (tokens, elements, template contexts), nearly all alive
    until their page is written, so those collections free little. A first
    threshold of 5,000 runs a seventh as many. It stays that small on
    purpose: each collection walks the young objects, and 5,000 of them fit
    in the processor's caches. At 50,000 (tried before) every collection was
    a walk through main memory that also evicted the build's own data: at
    300 campaigns, with a 4 MB last-level cache simulated, 6.8 million data
    misses against 4.4 million at 700 and 4.0 million at 5,000, and 5-8 %
    more wall-clock time at 1,000 campaigns, for 0.3 % fewer instructions
    (``bench/README.md``).

    The process ends soon after the build. Python's last collection would
    scan every object still alive (pages, the playbook, templates: millions
    at a few thousand campaigns) to free memory that ending the process frees
    anyway; objects frozen at exit are not scanned.
    """
    gen0, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(max(gen0, 5_000), gen1, gen2)
    global _SERVING, _INCREMENTAL
    _SERVING = command == "serve"
    _INCREMENTAL = _SERVING and dirty
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and check the playbook; log every finding; stop on errors."""
    root = Path(config.config_file_path).parent
    try:
        today = site.build_date()
    except ValueError as exc:
        raise PluginError(str(exc)) from None
    if "macros" in config.plugins:
        raise PluginError(
            "hooks/masa.py renders the live figures of hand-written pages itself: "
            "remove the 'macros' plugin from mkdocs.yml (and hooks/macros.py, if you have it)"
        )
    # No collections while the playbook is loaded and checked: all of it lives
    # until the build ends, and a collection would walk it all (frozen below).
    collecting = gc.isenabled()
    gc.disable()
    try:
        build = site.prepare(
            root,
            mkdocs_config=config,
            today=today,
            repo_url=config.repo_url,
            site_url=config.site_url,
            directory_urls=config.use_directory_urls,
            hook_api=HOOK_API,
        )
    except site.HookMismatch as exc:
        raise PluginError(str(exc)) from None
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    for finding in build.findings:
        log.log(logging.ERROR if finding.severity == "error" else logging.WARNING, finding.render())
    if build.errors:
        count = len(build.errors)
        raise PluginError(f"{count} error{'s' if count != 1 else ''} in the playbook; run masa check")
    setattr(config, _STATE, _State(build, site.Anchors.from_toc_options(config.mdx_configs.get("toc", {}))))
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
    # A build that is not followed by another (``mkdocs build``) keeps nothing.
    memory = _MEMORY.setdefault(config.config_file_path, site.SiteMemory()) if _SERVING else None
    with_dashboard = files.get_file_from_path("index.md") is None
    generated: list[tuple[_GeneratedPage, object]] = []
    for page in site.site_pages(state.context, with_dashboard=with_dashboard, memory=memory):
        if files.get_file_from_path(page.src_uri) is not None:
            log.warning(f"docs/{page.src_uri} hides the generated page of the same path; rename or remove it")
            continue
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        # No front matter (on_page_markdown sets the metadata): MkDocs would read
        # it with the pure-Python YAML loader. A "Key: value" first line would
        # be read as metadata; a blank line before it prevents that.
        content = "\n" + page.content if META_RE.match(page.content) else page.content
        file = _GeneratedPage.generated(config, page.src_uri, content=content, inclusion=inclusion)
        assert isinstance(file, _GeneratedPage)
        files.append(file)
        generated.append((file, page.source))
        if not page.in_nav:
            state.outside_nav.add(page.src_uri)
        state.generated[page.src_uri] = page
        if page.authored_outside_blocks:
            state.authored_outside_blocks.add(page.src_uri)
    for extra in site.site_files(state.context, memory=memory):
        if files.get_file_from_path(extra.src_uri) is not None:
            log.warning(
                f"docs/{extra.src_uri} hides the generated file of the same path; rename or remove it"
            )
        elif extra.content is not None:
            files.append(File.generated(config, extra.src_uri, content=extra.content))
        elif extra.abs_src_path is not None:
            files.append(File.generated(config, extra.src_uri, abs_src_path=extra.abs_src_path))
    # The URLs pages will have (``Page.url``: the home page's is "", its file's "./").
    state.page_urls = ["" if f.url in (".", "./") else f.url for f in files.documentation_pages()]
    if _INCREMENTAL and memory is not None:
        _mark_changes(files, config, memory, generated)
    gc.freeze()  # the generated pages and files, too (see ``on_env``)
    return files


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


def _mark_changes(
    files: Files,
    config: MkDocsConfig,
    memory: site.SiteMemory,
    generated: list[tuple[_GeneratedPage, object]],
) -> None:
    """Under ``serve --dirty``: which generated pages changed; hand-written pages with figures follow the facts."""
    same_site = memory.start(_site_key(files, config))
    for file, source in generated:
        file.changed = memory.changed(file.src_uri, source) or not same_site
    memory.forget_sources_except(file.src_uri for file, _ in generated)
    for page in list(files.documentation_pages()):
        if isinstance(page, _GeneratedPage) or page.abs_src_path is None or "{{" not in page.content_string:
            continue
        tracked = _PageWithFigures(
            page.src_path,
            page.src_dir,
            page.dest_dir,
            page.use_directory_urls,
            dest_uri=page.dest_uri,
            inclusion=page.inclusion,
        )
        tracked.data_changed = memory.facts_changed or not same_site
        files.remove(page)
        files.append(tracked)


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Reuse compiled templates, squeezed; let pages outside the navigation share the parts they have in common."""
    env.bytecode_cache = _TEMPLATES
    # Templates without their indentation make pages without it (``site.whitespace``).
    if env.loader is not None and not isinstance(env.loader, site.SqueezedLoader):
        env.loader = site.SqueezedLoader(env.loader)
    # What the build made so far (the playbook, the generated pages, the files,
    # the navigation and the pages' Markdown and HTML) lives until the build
    # ends: spare the collector scanning it again and again while pages are
    # rendered. Frozen in steps (also in ``on_config`` and ``on_files``), so
    # that the collections in between do not scan what came before either.
    # Unfrozen when the build ends, so that `mkdocs serve` frees it on a later
    # rebuild.
    gc.freeze()
    parts = site.shareable(site.overridden_templates(config.theme.dirs))
    env.globals["masa_shared_nav"] = site.SharedParts(_state(config).outside_nav, parts)
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Give a generated page its metadata; point "edit this page" at its source; hold its generated HTML.

    A hand-written page that opts in (``render_macros: true``) gets its live
    figures instead (``site.render_figures``).
    """
    state = _state(config)
    generated = state.generated.get(page.file.src_uri)
    if generated is None:
        return _with_figures(markdown, page, state, config) if site.wants_figures(page.meta) else markdown
    page.meta = dict(generated.meta)
    sources = generated.sources
    page.edit_url = state.context.edit_url(sources[0]) if sources else None
    if generated.blocks is not None:  # made with its blocks apart (``site.compose``)
        state.blocks[page.file.src_uri] = dict(generated.blocks)
        return markdown
    markdown, state.blocks[page.file.src_uri] = site.lift(markdown)
    return markdown


def _with_figures(markdown: str, page: Page, state: _State, config: MkDocsConfig) -> str:
    """The Markdown of a hand-written page with its macros rendered; a mistake stops the build."""
    file = page.file.src_uri
    first_line = 1
    if page.file.abs_src_path is not None:
        root = Path(config.config_file_path).parent
        path = Path(page.file.abs_src_path)
        file = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        source = page.file.content_string
        if source.endswith(markdown):  # the front matter's lines come first
            first_line = source.count("\n", 0, len(source) - len(markdown)) + 1
    try:
        return site.render_figures(
            markdown, state.context, page.file.src_uri, file=file, first_line=first_line
        )
    except site.FigureError as exc:
        raise PluginError(str(exc)) from None


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Clean the authored parts of a page's HTML; put each generated block in its place.

    Generated headings get their ids here, after the authored ones, and join
    them in the table of contents and the anchors links may point to. A
    page whose every generated part is a block keeps its pieces (authored
    HTML and blocks) for ``_index_for_search``; on other pages the text of
    each block stands in for it until the search plugin has indexed the page.
    """
    state = _state(config)
    uri = page.file.src_uri
    blocks = state.blocks.pop(uri, None) or {}
    outside_blocks = uri in state.authored_outside_blocks
    guard = site.link_guard(state.context, uri)  # a public build: no link into an internal campaign
    if outside_blocks:
        pieces = site.clean_around_blocks(html, blocks, guard=guard)
    else:
        html = site.sanitize_authored(html, guard=guard)
        if not blocks:
            return html
    ids = set(page.present_anchor_ids or ())
    placed = site.place(blocks, taken=ids, anchors=state.anchors)
    if outside_blocks:
        missing = [token for token in blocks if token not in pieces[1::2]]
    else:
        html, missing = site.stand_in(html, placed)
    if missing:
        raise PluginError(f"{uri}: generated blocks lost in rendering: {', '.join(missing)}")
    page.present_anchor_ids = ids  # now with the generated headings', for link validation
    if any(block.toc for block in placed.values()):
        rendered = site.join_blocks(pieces, site.token_comment) if outside_blocks else html
        entries = site.ordered_toc(rendered, _flat_toc(page.toc), placed)
        page.toc = get_toc(nest_toc_tokens([{"level": lv, "id": i, "name": name} for lv, i, name in entries]))
    if outside_blocks:
        state.pieces[uri] = (pieces, placed)
        return site.join_blocks(pieces, lambda token: placed[token].html)
    state.placed[uri] = placed
    return html


def _flat_toc(toc: Iterable[AnchorLink]) -> list[tuple[int, str, str]]:
    """The entries of a table of contents in page order: level, id, title."""
    return [entry for link in toc for entry in [(link.level, link.id, link.title), *_flat_toc(link.children)]]


@event_priority(10)  # before the search plugin (priority 0)
def _index_for_search(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    """Index a page made of authored pieces and generated blocks for Material's search, faster.

    Material's search plugin divides a page into sections with ``html.parser``
    and compares objects on every tag, most of the cost of indexing. Such a
    page's pieces are serializer-clean HTML (``site.markup``) and blocks whose
    headings and text are known, so ``site.page_sections`` divides it by the
    same rules at less cost, and the plugin's own code makes the entries.
    The plugin then sees an empty page marked ``search: exclude`` and adds
    nothing (it does not even set up a parser); ``_put_blocks_back`` puts the
    content and metadata back.
    """
    state = _state(config)
    pieces = state.pieces.pop(page.file.src_uri, None)
    search = config.plugins.get("material/search")
    if (
        pieces is None
        or page.content is None
        or search is None
        or not search.config.get("enabled", True)
        or (page.meta.get("search") or {}).get("exclude")
    ):
        return context
    for section in site.page_sections(*pieces):
        if not section.is_excluded():
            search.search_index.create_entry_for_section(section, page.toc, page.url, page)
    state.held[page.file.src_uri] = (page.content, page.meta.get("search", _MISSING))
    page.content = ""
    page.meta["search"] = {"exclude": True}
    return context


@event_priority(-50)  # after the search plugin (priority 0) has indexed the page
def _put_blocks_back(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    """Put back what ``_index_for_search`` held; put the generated blocks in place of their search text."""
    state = _state(config)
    state.rendered.append(page.url)
    if page.file.src_uri in state.held:
        page.content, search = state.held.pop(page.file.src_uri)
        if search is _MISSING:
            del page.meta["search"]
        else:
            page.meta["search"] = search
    placed = state.placed.pop(page.file.src_uri, None)
    if placed and page.content is not None:
        page.content = site.restore(page.content, placed)
    return context


on_page_context = CombinedEvent(_index_for_search, _put_blocks_back)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Drop the blank lines and indentation (outside ``<pre>``) left in the finished page.

    The templates come squeezed (``on_env``), so little is left: the line
    breaks of lines that held only a template tag.
    """
    return site.squeeze(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """The same for the theme's own HTML pages (``404.html``)."""
    return site.squeeze(output_content) if template_name.endswith(".html") else output_content


def on_build_error(error: Exception) -> None:
    """Unfreeze what ``on_env`` froze: a failed ``mkdocs serve`` rebuild must not keep it alive."""
    gc.unfreeze()


@event_priority(100)  # before the search plugin writes its index
def on_post_build(config: MkDocsConfig) -> None:
    """Have the search plugin write the whole index, also after a dirty rebuild.

    Also unfreezes what ``on_env`` froze for the collector.

    Material's search plugin indexes the pages a build renders. After a dirty
    rebuild it merges them into the previous index by the first page's URL
    only; here, instead, the list it writes is made whole from the memory
    (``SiteMemory.merge_search``) and its own merge is switched off. That
    also keeps an index of an earlier dirty build in the same process (tests)
    out of a later full build.
    """
    gc.unfreeze()
    search = config.plugins.get("material/search")
    index = getattr(search, "search_index", None)
    if index is None or not isinstance(getattr(index, "entries", None), list):
        return
    if _INCREMENTAL:
        state = _state(config)
        memory = _MEMORY[config.config_file_path]
        index.entries = memory.merge_search(index.entries, state.rendered, state.page_urls)
    search.search_index_prev = None  # type: ignore[union-attr]
