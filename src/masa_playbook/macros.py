"""Live figures on hand-written pages: masa's macros, as a pluglet that MkDocs and Zensical load.

A pluglet is a module with ``define_env(env)``; mkdocs-macros-plugin calls it
once per build (in ``on_config``) and Zensical's macros extension once per
page it renders, both with an ``env`` whose ``macro`` registers a function.
``mkdocs.yml`` names it for both engines::

    plugins:
      - search
      - macros:
          modules: [masa_playbook.macros]
          render_by_default: false
          on_error_fail: true
          on_undefined: strict

A page in ``docs/`` opts in with ``render_macros: true`` in its front
matter; every other page, and every generated page (campaigns, plays,
anti-patterns), is never rendered as a template. The macros:

- ``dashboard()``: the dashboard as an HTML block, as on the generated home page;
- ``campaign_table(status=..., outcome=..., initiator=..., industry=...,
  channel=..., play=..., year=..., limit=...)``: a table of the campaigns that
  match every given filter, most recent first;
- ``figure(name)``: one headline number as text (``campaigns``, ``done``,
  ``success_rate``, ``total_won``, ...).

They show the view of the build's audience (``MASA_AUDIENCE`` or
``extra.masa.audience``): in a public build only public campaigns count.
The playbook is the project's (the folder of ``mkdocs.yml``), or the folder
that ``MASA_PLAYBOOK_ROOT`` names: ``masa build --engine zensical`` runs
Zensical from a staging folder and sets it to the repository. What a macro
shows is loaded once per process for each root, audience, day and state of
the content files, so neither one call per page (Zensical) nor one build
per save (``mkdocs serve``) loads the playbook again for nothing.

A wrong argument, figure or filter raises ``MacroError`` naming the page's
file and line (``docs/how-we-work.md:11: error: ...``); with
``on_error_fail: true`` both engines stop the build on it.
"""

from __future__ import annotations

import inspect
import os
import posixpath
import re
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn, Protocol

from masa_playbook.audience import for_audience
from masa_playbook.config import read_mkdocs_yml
from masa_playbook.findings import printable
from masa_playbook.loader import CONTENT_PATHS, load_playbook
from masa_playbook.site import build_date
from masa_playbook.site import campaign_table as tables
from masa_playbook.site.context import SiteContext
from masa_playbook.site.dashboard import dashboard_html
from masa_playbook.site.dashboard import figure as headline_figure
from masa_playbook.site.html import esc
from masa_playbook.site.urls import Urls

#: The environment variable that names the playbook's folder when the engine runs elsewhere.
ROOT_VARIABLE = "MASA_PLAYBOOK_ROOT"
#: The front matter key a hand-written page opts in with (read by the macros engine, not here).
OPT_IN = "render_macros"
#: The keyword arguments of ``campaign_table``.
FILTERS = ("status", "outcome", "initiator", "industry", "channel", "play", "year", "limit")
_TEXT_FILTERS = ("status", "outcome", "initiator", "industry", "channel", "play")
# The front matter as MkDocs strips it (``mkdocs.utils.meta``); Zensical strips it alike.
_FRONT_MATTER = re.compile(r"-{3}[ \t]*\n.*?\n(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


class MacrosEnv(Protocol):
    """What this module uses of the ``env`` that mkdocs-macros-plugin and Zensical hand to ``define_env``."""

    @property
    def conf(self) -> Mapping[str, Any]:
        """The engine's configuration (``mkdocs.yml`` as loaded)."""

    @property
    def project_dir(self) -> str:
        """The folder of the configuration file."""

    @property
    def page(self) -> Any:
        """The page being rendered (MkDocs' ``Page`` or Zensical's): read when a macro runs."""

    def macro(self, fn: Callable[..., str], name: str) -> object:
        """Register ``fn`` as the macro ``name``."""


class MacroError(Exception):
    """A macro call that cannot be rendered: where, and what is wrong."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(printable(f"{file}:{line}: error: {message}"))  # shown in the build log
        self.file = file
        self.line = line
        self.message = message


# mkdocs-macros-plugin's report of a failed page (its ``format_error``), Markdown with a traceback:
# "# _Macro Rendering Error_ / _File_: `figures.md` / _MacroError_: docs/figures.md:9: error: ..."
# or "# _Macro Syntax Error_ / _File_: `figures.md` / _Line 9 in Markdown file:_ **message**".
_REPORT = re.compile(
    r"# _Macro (?:Rendering|Syntax) Error_\s+_File_: `(?P<file>[^`\n]*)`\s+"
    r"(?:_Line (?P<line>\d+) in Markdown file:_ \*\*(?P<syntax>[^\n]*)\*\*"
    r"|_(?P<type>\w+)_: (?P<message>[^\n]*))"
)


def reported_error(text: str, docs_dir: Path, root: Path) -> str | None:
    """The one line that mkdocs-macros-plugin's report of a failed page comes down to, else ``None``.

    A ``MacroError`` is its own finding (``docs/figures.md:9: error: ...``).
    Another error names the page's file under ``root`` (its docs folder is
    ``docs_dir``) and says what went wrong, without the report's traceback;
    a template syntax error's line, which the report counts from the end of
    the front matter, is counted in the file.
    """
    match = _REPORT.search(text)
    if match is None:
        return None
    if match.group("type") == MacroError.__name__:
        return match.group("message")
    path = docs_dir / match.group("file")
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    if match.group("syntax") is None:
        return f"{name}: error: {match.group('type')}: {match.group('message')}"
    try:
        start = _body_start(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeError):
        start = 1
    return f"{name}:{int(match.group('line')) + start - 1}: error: {match.group('syntax')}"


def define_env(env: MacrosEnv) -> None:
    """Register ``dashboard``, ``campaign_table`` and ``figure`` with ``env``.

    Nothing is loaded here: Zensical calls this for every page it renders as
    a template, and most never call a macro. The first call of a macro loads
    the playbook's view (or takes it from the process's cache).
    """
    loaded: list[SiteContext] = []  # this build (MkDocs) or this page (Zensical): looked up once

    def context() -> SiteContext:
        if not loaded:
            loaded.append(_context(env))
        return loaded[0]

    def dashboard(*args: Any, **kwargs: Any) -> str:
        """The dashboard as an HTML block: campaigns per status, outcomes, money, recent retros, #sonicht."""
        _bind(env, "dashboard", _dashboard_signature, args, kwargs)
        return dashboard_html(context(), _link_base(env.page))

    def campaign_table(*args: Any, **kwargs: Any) -> str:
        """A table of the campaigns that match every filter given by name, most recent first."""
        filters = _bind(env, "campaign_table", _table_signature, args, kwargs)
        for name in _TEXT_FILTERS:
            value = filters.get(name)
            if value is not None and not isinstance(value, str):
                _fail(env, f'{name}={value!r} must be text in quotes, such as {name}="..."')
        try:
            selection = tables.Selection(**filters)
        except ValueError as exc:
            _fail(env, str(exc))
        ctx = context()
        chosen = selection.select(ctx.pb.campaigns_sorted())
        if not chosen:
            return f"<p>{esc(ctx.t('none-yet'))}</p>"
        return tables.campaign_table(ctx, _link_base(env.page), chosen)

    def figure(*args: Any, **kwargs: Any) -> str:
        """One headline figure as text, formatted as every page formats it."""
        name = _bind(env, "figure", _figure_signature, args, kwargs)["name"]
        if not isinstance(name, str):
            _fail(env, f'figure({name!r}): the name is text in quotes, such as figure("success_rate")')
        try:
            return headline_figure(context(), name)
        except ValueError as exc:
            _fail(env, str(exc))

    for macro in (dashboard, campaign_table, figure):
        env.macro(macro, macro.__name__)


# The macros' arguments. The macros themselves take anything, so that a wrong
# argument is this module's error, with the page's file and line, not a bare
# TypeError from Python's call.
def _dashboard_signature() -> None: ...
def _figure_signature(name: str) -> None: ...
def _table_signature(
    *,
    status: str | None = None,
    outcome: str | None = None,
    initiator: str | None = None,
    industry: str | None = None,
    channel: str | None = None,
    play: str | None = None,
    year: int | None = None,
    limit: int | None = None,
) -> None: ...


def _bind(
    env: MacrosEnv, name: str, signature: Callable[..., None], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> dict[str, Any]:
    """The arguments of a call of macro ``name`` by parameter name; a wrong call is a ``MacroError``."""
    try:
        return dict(inspect.signature(signature).bind(*args, **kwargs).arguments)
    except TypeError as exc:
        hint = f"; it takes filters by name: {', '.join(f'{f}=...' for f in FILTERS)}"
        _fail(env, f"{name}(): {exc}{hint if name == 'campaign_table' else ''}")


def _fail(env: MacrosEnv, message: str) -> NoReturn:
    """Raise a ``MacroError`` for the template line being rendered on ``env``'s page."""
    file, first_line = _page_source(env)
    raise MacroError(file, first_line + _template_line(sys._getframe(1)) - 1, message) from None


def _template_line(frame: FrameType | None) -> int:
    """The line of the template (the page body) that is being rendered, from the Jinja frame on the stack."""
    while frame is not None:
        # Jinja compiles a template to Python code and keeps the template in
        # that code's globals; it maps code lines back to template lines.
        template = frame.f_globals.get("__jinja_template__")
        if frame.f_code.co_filename == "<template>" and template is not None:
            return int(template.get_corresponding_lineno(frame.f_lineno))
        frame = frame.f_back
    return 1


def _page_uri(page: Any) -> str:
    """The page's path in the docs folder (``how-we-work.md``): links are made relative to it."""
    file = getattr(page, "file", None)
    if file is not None:  # MkDocs
        return str(file.src_uri)
    return str(getattr(page, "path", "index.md")).replace(os.sep, "/")  # Zensical


def _link_base(page: Any) -> str:
    """The page that the links a macro writes are made relative to.

    MkDocs leaves the links of raw HTML as they are, so the browser reads
    them from the page's URL, which ``site.urls`` derives from the page's
    path. Zensical (0.0.73) reads every relative link of a page, raw HTML
    included, from the folder of the page's file and rewrites it for the
    page's URL: the links are made from that folder (as from its ``index.md``).
    """
    uri = _page_uri(page)
    if getattr(page, "file", None) is not None:  # MkDocs
        return uri
    return posixpath.join(posixpath.dirname(uri), "index.md")


def _page_source(env: MacrosEnv) -> tuple[str, int]:
    """The file that messages name for the page being rendered, and the line its body starts on."""
    root = _root(env)
    page = env.page
    uri = _page_uri(page)
    abs_src = getattr(getattr(page, "file", None), "abs_src_path", None)
    candidates = [Path(abs_src)] if abs_src else []
    # Zensical: the repository's page first (a staged copy is the same text),
    # then where the engine's configuration says the docs are.
    docs_dir = read_mkdocs_yml(root).get("docs_dir")
    candidates.append(root / (docs_dir if isinstance(docs_dir, str) else "docs") / uri)
    conf = env.conf
    candidates.append(Path(str(conf.get("root_dir") or root)) / str(conf.get("docs_dir") or "docs") / uri)
    for path in candidates:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeError):
            continue
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        return name, _body_start(text)
    return uri, 1


def _body_start(text: str) -> int:
    """The line the page body starts on, after the front matter and the blank lines the engines drop."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return 1
    body = text[match.end() :].lstrip("\n")
    return text.count("\n", 0, len(text) - len(body)) + 1


def _root(env: MacrosEnv) -> Path:
    """The playbook's folder: ``MASA_PLAYBOOK_ROOT``, else the engine's project folder."""
    return Path(os.environ.get(ROOT_VARIABLE) or env.project_dir).resolve()


# ---------------------------------------------------------------- the playbook, once per state


@dataclass(frozen=True)
class _Key:
    root: Path
    audience: str
    today: str
    settings: str
    content: tuple[tuple[str, int, int], ...]


_CACHE: dict[Path, tuple[_Key, SiteContext]] = {}
_LOCK = threading.Lock()  # an engine may render pages in threads


def _context(env: MacrosEnv) -> SiteContext:
    """The site context of the build's audience, from the process's cache while nothing changed."""
    root = _root(env)
    conf = env.conf
    try:
        today = build_date()
    except ValueError as exc:
        _fail(env, str(exc))
    key = _Key(
        root, os.environ.get("MASA_AUDIENCE", ""), today.isoformat(), _settings_key(conf), _stats(root)
    )
    with _LOCK:
        cached = _CACHE.get(root)
        if cached is not None and cached[0] == key:
            return cached[1]
        # The same settings as ``masa check`` and the site's pages: the loader
        # reads ``extra.masa`` and applies ``MASA_AUDIENCE``; any doubt about
        # the audience means the public view.
        pb = load_playbook(root, mkdocs_config=dict(conf))
        ctx = SiteContext(
            for_audience(pb, pb.config.audience),
            today,
            language=pb.config.language,
            urls=Urls(directory_urls=bool(conf.get("use_directory_urls", True))),
        )
        _CACHE[root] = (key, ctx)
        return ctx


def _settings_key(conf: Mapping[str, Any]) -> str:
    """What of the engine's configuration a macro's output depends on, as text."""
    theme: Any = conf.get("theme")  # a mapping, or MkDocs' ``Theme``, which has ``get`` too
    language = theme.get("language") if callable(getattr(theme, "get", None)) else None
    extra = conf.get("extra")
    masa = extra.get("masa") if isinstance(extra, Mapping) else None
    parts = (conf.get("config_file_path"), conf.get("use_directory_urls", True), language, masa)
    return repr(parts)


def _stats(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Path, modification time and size of every content file and folder under ``root``."""
    stats: list[tuple[str, int, int]] = []
    for name in CONTENT_PATHS:
        top = root / name
        try:
            info = top.stat()
        except OSError:
            continue
        stats.append((name, info.st_mtime_ns, info.st_size))
        for folder, dirs, files in os.walk(top):
            dirs.sort()
            for entry in (*dirs, *sorted(files)):
                path = os.path.join(folder, entry)
                try:
                    info = os.stat(path)
                except OSError:
                    continue
                stats.append((path, info.st_mtime_ns, info.st_size))
    return tuple(stats)
