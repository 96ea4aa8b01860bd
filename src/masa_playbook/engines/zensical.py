"""Zensical adapter: the generated pages laid out in a staging folder, then ``zensical build``.

Zensical reads ``mkdocs.yml`` but runs no hooks, so it cannot take generated
pages in memory as MkDocs does. ``stage`` lays the repository's ``docs/``
and every generated page and file (``masa_playbook.site``) into a temporary
folder outside the repository, with a copy of the settings that points there
(``docs_dir``, ``site_dir``), names the site's stylesheets and scripts, has
no ``hooks`` entry and adds the repository source partial
(``site.THEME_OVERRIDES_DIR``) under the settings' own ``custom_dir``. The
macros plugin includes from the repository's docs, and its own module and
data files are copied beside the staged settings, where Zensical looks.
Zensical builds it in this process (``run``); ``publish`` then
points "edit this page" of generated pages at their real source files and
moves the site to where it was asked for. Nothing is written into ``docs/``.

Zensical wants ``docs_dir`` and ``site_dir`` inside the folder of its
settings file, so it builds into the staging folder too; ``publish`` moves
the result (a rename on one file system).
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from masa_playbook import site
from masa_playbook.engines import link_check
from masa_playbook.engines.process import EngineRun, environment_variable, output_to, strip_colour
from masa_playbook.findings import Finding
from masa_playbook.macros import ROOT_VARIABLE
from masa_playbook.safe_files import READ_FLAGS
from masa_playbook.site.build import SiteBuild

#: The version the adapter is written and tested for (0.1.x needs ``zensical-ui``).
VERSION = "0.0.73"
#: How to get it.
INSTALL = "pip install 'masa-playbook[zensical]'"
#: Zensical's search index, at the root of the site.
SEARCH_INDEX = "search.json"
# Names inside the staging folder (the docs folder keeps the repository's name).
_SETTINGS = "mkdocs.yml"
_SITE = "_zensical_site"
_OVERRIDES = "_overrides"
# The Python-Markdown extension that passes generated blocks through (``rawhtml.RawBlocks``).
_RAW_BLOCKS = "masa_playbook.rawhtml"


class StagingError(Exception):
    """The settings cannot be staged for Zensical (one line: what and why)."""


def available() -> bool:
    """True if Zensical can be imported by this interpreter."""
    return importlib.util.find_spec("zensical") is not None


@dataclass
class Staging:
    """A staging folder ready for ``zensical build``, and what ``publish`` needs afterwards."""

    folder: Path
    config_file: Path
    docs_dir: Path
    site_dir: Path
    #: Output page (``campaigns/x/index.html``) -> its edit link (``None``: no edit link).
    edit_links: dict[str, str | None] = field(default_factory=dict)
    #: Output page -> the repository files it is made from (``campaigns/x/plan.md``, ...).
    sources: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Problems of the kind MkDocs logs as warnings (a hand-written file hiding a generated one).
    warnings: list[str] = field(default_factory=list)
    #: The hand-written Markdown pages, by their path in ``docs_dir`` (``how-we-work.md``).
    pages: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- settings


class _Tagged:
    """A tagged YAML value (``!ENV``, ``!!python/name:``) kept as it was written, for Zensical to resolve."""

    def __init__(self, node: yaml.Node) -> None:
        self.node = node


class _SettingsLoader(yaml.SafeLoader):
    """The settings with their tags kept: nothing is resolved or imported here."""


class _SettingsDumper(yaml.SafeDumper):
    """Writes the staged settings, tags included."""


def _keep_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    return _Tagged(node)


_SettingsLoader.add_multi_constructor("!", _keep_tag)
_SettingsLoader.add_multi_constructor("tag:yaml.org,2002:python/", _keep_tag)
_SettingsDumper.add_representer(_Tagged, lambda dumper, value: value.node)


def read_settings(config_file: Path, *, _depth: int = 0) -> dict[str, Any]:
    """The settings of ``config_file``, tags unresolved, ``INHERIT`` merged as MkDocs merges it.

    MkDocs merges the parent's mappings with the file's and lets every other
    value of the file replace the parent's (lists included); Zensical would
    append lists, so the merge happens here. ``StagingError`` if unreadable.
    """
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_SettingsLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise StagingError(f"{config_file.name} cannot be read: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise StagingError(f"{config_file.name} must hold settings as 'name: value' lines")
    parent = data.pop("INHERIT", None)
    if parent is None:
        return data
    if not isinstance(parent, str) or _depth > 10:
        raise StagingError(f"{config_file.name}: INHERIT must name one settings file (and not itself)")
    return _merged(read_settings(config_file.parent / parent, _depth=_depth + 1), data)


def plain_settings(value: Any) -> Any:
    """The settings as plain data for the playbook (``prepare``): ``!ENV`` resolved, other tags ``None``."""
    if isinstance(value, dict):
        return {key: plain_settings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain_settings(item) for item in value]
    if isinstance(value, _Tagged):
        return _environment_value(value.node) if value.node.tag == "!ENV" else None
    return value


def _environment_value(node: yaml.Node) -> Any:
    """``!ENV NAME`` or ``!ENV [NAME, OTHER, default]``: the first variable set, else the default."""
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(str(node.value))
    if not isinstance(node, yaml.SequenceNode):
        return None
    names = [str(item.value) for item in node.value if isinstance(item, yaml.ScalarNode)]
    default = names.pop() if len(names) > 1 else None
    return next((os.environ[name] for name in names if name in os.environ), default)


def _merged(parent: Mapping[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(parent)
    for key, value in child.items():
        below = merged.get(key)
        merged[key] = _merged(below, value) if isinstance(below, dict) and isinstance(value, dict) else value
    return merged


def staged_settings(
    settings: Mapping[str, Any], root: Path, *, docs_name: str, with_overrides: bool
) -> dict[str, Any]:
    """The settings Zensical builds the staging folder with (see the module's docstring)."""
    staged = dict(settings)
    staged.pop("hooks", None)  # Zensical runs none; the staged files are what the hook would add
    staged.pop("watch", None)  # paths for `serve`, relative to the repository
    staged["docs_dir"] = docs_name
    staged["site_dir"] = _SITE
    theme = staged.get("theme")
    theme = {"name": theme} if isinstance(theme, str) else dict(theme) if isinstance(theme, Mapping) else {}
    if with_overrides:
        theme["custom_dir"] = _OVERRIDES
    elif isinstance(theme.get("custom_dir"), str):
        theme["custom_dir"] = str((root / theme["custom_dir"]).resolve())
    if theme:
        staged["theme"] = theme
    if "markdown_extensions" in staged:
        staged["markdown_extensions"] = _with_raw_blocks(staged["markdown_extensions"])
    if "plugins" in staged:
        staged["plugins"] = _with_include_dir(staged["plugins"], root, docs_name)
    # masa checks the links of hand-written pages itself, after the build (``check_links``).
    staged["validation"] = link_check.staged_validation(staged.get("validation"))
    staged["extra_css"] = _with_paths(staged.get("extra_css"), site.STYLESHEETS)
    staged["extra_javascript"] = _with_paths(staged.get("extra_javascript"), site.SCRIPTS)
    return staged


def _with_raw_blocks(extensions: object) -> object:
    """The Markdown extensions with ``masa_playbook.rawhtml`` added, as the MkDocs adapter adds it.

    A speed-up only (generated blocks pass through unparsed; see ``rawhtml``).
    Settings without a list of extensions keep Zensical's defaults, untouched.
    """
    if not isinstance(extensions, list):
        return extensions
    named = {
        e if isinstance(e, str) else next(iter(e), None) for e in extensions if isinstance(e, str | dict)
    }
    return extensions if _RAW_BLOCKS in named else [*extensions, _RAW_BLOCKS]


def _with_include_dir(plugins: object, root: Path, docs_name: str) -> object:
    """The plugins with the macros plugin's ``include_dir`` made absolute: the repository's docs by default.

    mkdocs-macros-plugin includes templates from ``include_dir``, by default
    the repository's docs folder, which holds the hand-written files only.
    Zensical's macros extension would default to the staged docs folder,
    generated pages included, and lists every file there as one to watch:
    Zensical copies that list into each page's context, so a build's time
    grew with the square of the number of campaigns (measured: 27 % of
    Zensical's CPU time at 3,000 campaigns). A relative ``include_dir`` is
    resolved from the repository, as mkdocs-macros-plugin resolves it.
    """
    macros = _macros_plugin(plugins)
    if macros is None:
        return plugins
    chosen = macros.get("include_dir")
    folder = chosen if isinstance(chosen, str) and chosen else docs_name
    staged = {**macros, "include_dir": str((root / folder).resolve())}
    if isinstance(plugins, dict):
        return {**plugins, "macros": staged}
    entries: list[Any] = []
    for entry in plugins if isinstance(plugins, list) else []:
        if entry == "macros" or (isinstance(entry, dict) and "macros" in entry):
            entry = {**(entry if isinstance(entry, dict) else {}), "macros": staged}
        entries.append(entry)
    return entries


def _with_paths(entries: object, paths: Iterable[str]) -> list[Any]:
    """``entries`` (a list of paths or ``{path: ...}`` items) with each of ``paths`` added once."""
    listed = list(entries) if isinstance(entries, list) else []
    present = {e if isinstance(e, str) else e.get("path") for e in listed if isinstance(e, str | dict)}
    return listed + [p for p in paths if p not in present]


def material_theme(settings: Mapping[str, Any]) -> bool:
    """True if the settings use Material's theme (Zensical's own), which the source partial overrides."""
    theme = settings.get("theme")
    name = theme if isinstance(theme, str) else theme.get("name") if isinstance(theme, Mapping) else None
    return name in ("material", "zensical")


# ---------------------------------------------------------------- staging


def docs_folder(settings: Mapping[str, Any]) -> str:
    """The repository's docs folder as a relative ``/`` path (``docs`` unless the settings say otherwise)."""
    value = settings.get("docs_dir", "docs")
    name = PurePosixPath(value if isinstance(value, str) and value.strip() else "docs")
    if name.is_absolute() or ".." in name.parts:
        raise StagingError(f"docs_dir must be a folder inside the repository, not {value!r}")
    return name.as_posix()


def stage(root: Path, build: SiteBuild, folder: Path, settings: Mapping[str, Any]) -> Staging:
    """Lay out ``root``'s docs, the pages and files of ``build`` and the staged settings in ``folder``.

    ``settings`` are the repository's (``read_settings``).
    """
    docs_name = docs_folder(settings)
    overrides = material_theme(settings)
    staging = Staging(folder, folder / _SETTINGS, folder / docs_name, folder / _SITE)
    staging.pages = _copy_docs(root / docs_name, staging.docs_dir, docs_name, staging.warnings)
    if overrides:
        _copy_overrides(root, settings, folder / _OVERRIDES)
    _copy_macros_files(root, settings.get("plugins"), folder)
    directory_urls = settings.get("use_directory_urls", True) is not False
    ctx = build.context
    with_dashboard = not (staging.docs_dir / "index.md").is_file()
    hidden: list[str] = []
    for page in site.site_pages(ctx, with_dashboard=with_dashboard):
        target = staging.docs_dir / page.src_uri
        if target.exists():
            staging.warnings.append(
                f"{docs_name}/{page.src_uri} hides the generated page of the same path; rename or remove it"
            )
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown_file(), encoding="utf-8", newline="")
        edit = ctx.edit_url(page.sources[0]) if page.sources else None
        output = output_page(page.src_uri, directory_urls)
        staging.edit_links[output] = edit
        staging.sources[output] = tuple(page.sources)
        if not page.in_nav:
            hidden.append(page.src_uri)
    for extra in site.site_files(ctx):
        target = staging.docs_dir / extra.src_uri
        if target.exists():
            staging.warnings.append(
                f"{docs_name}/{extra.src_uri} hides the generated file of the same path; rename or remove it"
            )
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if extra.content is not None:
            target.write_text(extra.content, encoding="utf-8", newline="")
        elif extra.abs_src_path is not None:
            _copy_regular_file(Path(extra.abs_src_path), target)
    staged = staged_settings(settings, root, docs_name=docs_name, with_overrides=overrides)
    if "nav" not in staged and hidden:
        # Without a nav, Zensical lists every page; MkDocs leaves out the detail pages the hook marks.
        staged["not_in_nav"] = "\n".join(f"/{src_uri}" for src_uri in sorted(hidden))
    text = yaml.dump(staged, Dumper=_SettingsDumper, allow_unicode=True, sort_keys=False)
    staging.config_file.write_text(text, encoding="utf-8")
    return staging


def output_page(src_uri: str, directory_urls: bool) -> str:
    """Where a page's HTML goes in the site (``campaigns/x/index.md`` -> ``campaigns/x/index.html``)."""
    path = PurePosixPath(src_uri)
    if path.stem in ("index", "README"):
        return (path.parent / "index.html").as_posix()
    if directory_urls:
        return (path.parent / path.stem / "index.html").as_posix()
    return (path.parent / f"{path.stem}.html").as_posix()


def _copy_docs(source: Path, target: Path, name: str, warnings: list[str]) -> list[str]:
    """Copy the hand-written pages: regular files and real folders; no link is followed.

    Names starting with a dot are left out, as both engines leave them out of
    a site. Returns the Markdown pages copied, by their path in ``target``.
    """
    target.mkdir(parents=True, exist_ok=True)
    pages: list[str] = []
    if not source.is_dir() or source.is_symlink():
        return pages
    for folder, dirs, files in os.walk(source):
        here = Path(folder)
        relative = here.relative_to(source)
        for entry in sorted(dirs):
            if entry.startswith(".") or (here / entry).is_symlink():
                if (here / entry).is_symlink():
                    warnings.append(
                        f"{name}/{(relative / entry).as_posix()} is a symbolic link; not published"
                    )
                dirs.remove(entry)
                continue
            (target / relative / entry).mkdir(exist_ok=True)
        for entry in sorted(files):
            if entry.startswith("."):
                continue
            mode = os.lstat(here / entry).st_mode
            if not stat.S_ISREG(mode):
                warnings.append(
                    f"{name}/{(relative / entry).as_posix()} is not a regular file; not published"
                )
                continue
            shutil.copyfile(here / entry, target / relative / entry, follow_symlinks=False)
            if entry.endswith(".md"):
                pages.append((relative / entry).as_posix())
    return pages


def _copy_regular_file(source: Path, target: Path) -> None:
    """Copy ``source`` without following a link and only if it is a regular file (else ``OSError``)."""
    descriptor = os.open(source, READ_FLAGS)
    with open(descriptor, "rb") as reader:
        if not stat.S_ISREG(os.fstat(reader.fileno()).st_mode):
            raise OSError(f"{source} is not a regular file")
        with open(target, "wb") as writer:
            shutil.copyfileobj(reader, writer)


def _macros_plugin(plugins: object) -> Mapping[str, Any] | None:
    """The macros plugin's settings in ``plugins`` (``{}`` when it has none), or ``None`` without it."""
    entries = [{k: v} for k, v in plugins.items()] if isinstance(plugins, dict) else plugins
    for entry in entries if isinstance(entries, list) else []:
        if entry == "macros":
            return {}
        if isinstance(entry, dict) and "macros" in entry:
            return entry["macros"] if isinstance(entry["macros"], Mapping) else {}
    return None


def _copy_macros_files(root: Path, plugins: object, folder: Path) -> None:
    """Copy the macros plugin's own module (``main.py`` unless ``module_name`` says) and ``include_yaml`` files.

    mkdocs-macros-plugin reads them from the repository; Zensical's macros
    extension only from the folder of its settings file, the staging folder.
    A name that leads out of the repository, or to no regular file, is left
    out, as both would leave it.
    """
    macros = _macros_plugin(plugins)
    if macros is None:
        return
    module = macros.get("module_name", "main")
    wanted: list[str] = []
    if isinstance(module, str) and module:
        wanted += [f"{module}.py", f"{module}/__init__.py"]
    data = macros.get("include_yaml")
    listed = data.values() if isinstance(data, dict) else data if isinstance(data, list) else [data]
    wanted += [p for p in listed if isinstance(p, str)]
    for name in wanted:
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts or not path.parts:
            continue
        source, target = root / path, folder / path
        if not source.resolve().is_relative_to(root.resolve()):
            continue  # a link somewhere on the way leads out of the repository
        if source.name == "__init__.py" and source.is_file() and not source.parent.is_symlink():
            shutil.copytree(source.parent, target.parent, ignore=_not_python, dirs_exist_ok=True)
        elif source.is_file() and not source.is_symlink():
            target.parent.mkdir(parents=True, exist_ok=True)
            _copy_regular_file(source, target)


def _not_python(folder: str, names: list[str]) -> set[str]:
    """What copying a Python package leaves out: links, caches and files other than ``.py``."""
    here = Path(folder)
    return {
        name
        for name in names
        if (here / name).is_symlink()
        or name == "__pycache__"
        or not ((here / name).is_dir() or (name.endswith(".py") and (here / name).is_file()))
    }


def _copy_overrides(root: Path, settings: Mapping[str, Any], target: Path) -> None:
    """The package's theme override, then the settings' own ``custom_dir`` over it (its files win)."""
    shutil.copytree(site.THEME_OVERRIDES_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
    theme = settings.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, Mapping) else None
    if isinstance(custom, str) and custom:
        own = root / custom
        if not own.is_dir():
            raise StagingError(f"theme.custom_dir {custom!r} is not a folder of the repository")
        shutil.copytree(own, target, dirs_exist_ok=True)


# ---------------------------------------------------------------- running and publishing


def run(staging: Staging, *, strict: bool, root: Path, echo: Callable[[str], None]) -> EngineRun:
    """Build the staging folder with Zensical's Python API (``zensical.build``), in this process.

    The macros pluglet runs here too, so it finds the playbook's files
    already parsed (the loader's cache) and nothing is imported twice;
    ``root`` is the repository it reads (``macros.ROOT_VARIABLE`` while the
    build runs). What Zensical prints goes to the process's standard output
    and error from native code, colour codes included: it is captured and
    handed to ``echo`` line by line, without colour codes, when the build
    ends. A failed build raises; the first line of its message is the reason.
    """
    import zensical as engine

    with tempfile.TemporaryFile() as output:
        try:
            with output_to(output), environment_variable(ROOT_VARIABLE, str(root)):
                engine.build(str(staging.config_file), {"strict": strict, "clean": False})
        except Exception as exc:  # the engine's error, whatever its type: the reason the build failed
            lines = str(exc).strip().splitlines()
            result = EngineRun(1, lines[0] if lines else type(exc).__name__)
        else:
            result = EngineRun(0)
        output.seek(0)
        for line in output.read().decode("utf-8", "replace").splitlines():
            echo(strip_colour(line))
    return result


def check_links(staging: Staging, settings: Mapping[str, Any]) -> list[Finding]:
    """Warnings for links of hand-written pages that lead nowhere, in the site just built (``link_check``).

    ``settings`` are the repository's, as plain data (``plain_settings``).
    """
    directory_urls = settings.get("use_directory_urls", True) is not False
    return link_check.check(
        staging.pages,
        docs_dir=staging.docs_dir,
        built=lambda src_uri: staging.site_dir / output_page(src_uri, directory_urls),
        docs_name=staging.docs_dir.relative_to(staging.folder).as_posix(),
        checks=link_check.link_checks(settings),
    )


# ``<a href="URL" title="..." class="md-content__button md-icon" ...>...</a>``: the page's
# edit and view buttons (Material's ``partials/actions.html``).
_ACTION = re.compile(
    r'<a href="(?P<url>[^"]*)"(?P<attrs>[^>]*\bclass="md-content__button[^"]*"[^>]*)>.*?</a>\s*', re.S
)


def fix_edit_links(staging: Staging) -> None:
    """Point the edit and view buttons of generated pages at their sources (or drop them).

    Zensical makes them from the page's path in the staging folder, where
    no source file of a generated page is.
    """
    for page, edit in staging.edit_links.items():
        path = staging.site_dir / page
        try:
            html = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            continue
        if 'class="md-content__button' not in html:
            continue
        fixed = _ACTION.sub(functools.partial(_fixed_action, edit=edit), html)
        if fixed != html:
            path.write_text(fixed, encoding="utf-8", newline="")


def _fixed_action(match: re.Match[str], *, edit: str | None) -> str:
    """The edit or view button with ``edit`` as the page's edit link (Material's rule for "view")."""
    if edit is None:
        return ""
    if 'rel="edit"' in match.group("attrs"):
        right = edit
    else:
        right = edit.replace("/blob/" if "/blob/" in edit else "/edit/", "/raw/")
    return match.group(0).replace(f'href="{match.group("url")}"', f'href="{right}"', 1)


def publish(staging: Staging, dest: Path) -> None:
    """Fix the edit links and move the built site into ``dest``, emptied first (names with a dot stay)."""
    fix_edit_links(staging)
    dest.mkdir(parents=True, exist_ok=True)
    for entry in dest.iterdir():
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for entry in staging.site_dir.iterdir():
        try:
            os.replace(entry, dest / entry.name)
        except OSError:  # another file system
            shutil.move(str(entry), str(dest / entry.name))
