"""``masa build [PATH] [--engine ENGINE] [--audience A] [--strict] [-d DIR]``: build the playbook site.

One command for every engine:

- ``mkdocs`` (default) builds in this process as ``mkdocs build`` does
  (``hooks/masa.py`` adds the generated pages);
- ``zensical`` lays ``docs/`` and the generated files into a temporary
  staging folder and builds it with Zensical in this process
  (``masa_playbook.engines.zensical``);
- ``properdocs`` runs the MkDocs 1.x fork, which runs the same hook, in a
  child process (``masa_playbook.engines.properdocs``).

``--audience`` sets ``MASA_AUDIENCE`` for the build and restores it after.
Findings are printed once, in the form ``masa check`` prints them; a build
that fails ends with one line ``masa build: error: ...`` and exit status 1.
A missing engine or settings file is a usage error (exit 2).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from masa_playbook.commands.common import not_a_folder, usage_error
from masa_playbook.engines.process import environment_variable
from masa_playbook.findings import printable

ENGINES = ("mkdocs", "zensical", "properdocs")
_COMMAND = "build"
_SETTINGS = "mkdocs.yml"


def register(sub: Any) -> None:
    """Add ``build`` to the subcommands."""
    parser = sub.add_parser(
        _COMMAND,
        help="build the playbook site (MkDocs, Zensical or ProperDocs)",
        description="Build the playbook site from PATH/mkdocs.yml: the hand-written pages of docs/ "
        "and the pages made from the campaigns, plays and #sonicht anti-patterns. "
        "Exit status: 0 built (warnings allowed without --strict), 1 the build failed "
        "(errors in the playbook, or warnings with --strict), 2 usage error (no mkdocs.yml, "
        "an engine that is not installed).",
    )
    parser.add_argument("path", nargs="?", default=".", type=Path, help="playbook repository (default: .)")
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="mkdocs",
        help="mkdocs (default), zensical (pip install 'masa-playbook[zensical]') or properdocs "
        "(pip install 'masa-playbook[properdocs]')",
    )
    parser.add_argument(
        "--audience",
        choices=("internal", "public"),
        help="public: only campaigns with visibility public (default: MASA_AUDIENCE, else the settings')",
    )
    parser.add_argument("--strict", action="store_true", help="fail the build on any warning")
    parser.add_argument(
        "-d",
        "--site-dir",
        type=Path,
        metavar="DIR",
        help=(
            "write the site into DIR (default: the settings' site_dir, else PATH/site); it is emptied "
            "first, so it must be new, empty or an earlier build"
        ),
    )
    parser.set_defaults(func=run)


def run(ns: argparse.Namespace) -> int:
    """Check the arguments, then build with the chosen engine."""
    if not_a_folder(_COMMAND, ns.path):
        return 2
    root = ns.path.resolve()
    config_file = root / _SETTINGS
    if not config_file.is_file():
        return usage_error(
            _COMMAND, f"{ns.path} has no {_SETTINGS}; give the folder of a playbook repository (masa init)"
        )
    missing = _missing_engine(ns.engine)
    if missing:
        return usage_error(_COMMAND, missing)
    dest = ns.site_dir.resolve() if ns.site_dir is not None else None
    problem = _site_dir_problem(root, dest or _default_site_dir(root))
    if problem:
        return usage_error(_COMMAND, problem)
    started = time.perf_counter()
    with environment_variable("MASA_AUDIENCE", ns.audience):
        if ns.engine == "mkdocs":
            status, built = _build_with_mkdocs(config_file, dest, strict=ns.strict)
        elif ns.engine == "zensical":
            status, built = _build_with_zensical(root, dest or _default_site_dir(root), strict=ns.strict)
        else:
            status, built = _build_with_properdocs(root, config_file, dest, strict=ns.strict)
    if status == 0:
        seconds = time.perf_counter() - started
        print(printable(f"masa build: built {built} with {ns.engine} in {seconds:.1f} s"), file=sys.stderr)
    return status


def _missing_engine(engine: str) -> str | None:
    """Why ``engine`` cannot run here (one line with the way out), or ``None``."""
    if engine == "zensical":
        from masa_playbook.engines import zensical

        if not zensical.available():
            return f"Zensical is not installed; install it with: {zensical.INSTALL}"
    elif engine == "properdocs":
        from masa_playbook.engines import properdocs

        if not properdocs.available():
            return f"ProperDocs is not installed; install it with: {properdocs.INSTALL}"
    return None


#: Files one of the engines writes at the top of every site: a folder with one of them is an earlier build.
_SITE_MARKS = ("index.html", "404.html", "sitemap.xml", "sitemap.xml.gz")


def _site_dir_problem(root: Path, dest: Path) -> str | None:
    """Why ``dest`` must not be the site folder: every engine empties it first (names with a dot stay).

    So it must not hold the repository or lie in its docs folder, and if it
    exists with files in it, they must be an earlier build: ``-d campaigns``
    or ``-d ~/Documents`` would otherwise delete what is there.
    """
    if dest == root or root.is_relative_to(dest):
        return f"{dest} holds the repository; give -d a folder of its own (such as {root / 'site'})"
    docs = _setting(root, "docs_dir") or "docs"
    if dest.is_relative_to((root / docs).resolve()):
        return f"{dest} is inside {docs}/; give -d a folder outside the hand-written pages"
    try:
        names = [entry.name for entry in os.scandir(dest) if not entry.name.startswith(".")]
    except OSError:  # not there yet (or not a folder: the engine says so)
        return None
    if names and not any(name in _SITE_MARKS for name in names):
        return (
            f"{dest} holds files that are not a built site, and a build empties its site folder first; "
            "give -d a new or empty folder, or the folder of an earlier build"
        )
    return None


def _setting(root: Path, key: str) -> str | None:
    """A folder setting of ``mkdocs.yml`` (``site_dir``, ``docs_dir``) as written, or ``None``."""
    from masa_playbook.config import read_mkdocs_yml

    value = read_mkdocs_yml(root).get(key)
    return value if isinstance(value, str) and value.strip() else None


def _default_site_dir(root: Path) -> Path:
    """The settings' ``site_dir`` (relative to the repository), else ``site``."""
    value = _setting(root, "site_dir")
    return (root / value).resolve() if value else root / "site"


def _say(line: str) -> None:
    print(printable(line), file=sys.stderr)


def _failed(reason: str) -> int:
    _say(f"masa {_COMMAND}: error: {reason}")
    return 1


# ---------------------------------------------------------------- MkDocs, in this process


class _Echo(logging.Handler):
    """Prints MkDocs' warnings as they come (findings as ``masa check`` prints them); keeps its errors."""

    def __init__(self, root: Path) -> None:
        super().__init__(logging.WARNING)
        self.errors: list[str] = []
        self.root = root
        self.docs_dir = root / "docs"  # until the settings are read

    def emit(self, record: logging.LogRecord) -> None:
        from masa_playbook.engines.process import FINDING
        from masa_playbook.macros import reported_error

        message = record.getMessage()
        macro = reported_error(message, self.docs_dir, self.root)
        if macro is not None:  # mkdocs-macros-plugin's report of a failed page; the build ends next
            self.errors.append(macro)
        elif FINDING.match(message):
            _say(message)
        elif record.levelno >= logging.ERROR:
            self.errors.append(message)
        else:
            _say(f"{record.levelname.lower()}: {message}")


def _build_with_mkdocs(config_file: Path, dest: Path | None, *, strict: bool) -> tuple[int, Path | None]:
    """Load the settings and build like ``mkdocs build`` (startup and shutdown events included)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    echo = _Echo(config_file.parent)
    propagate = logger.propagate
    logger.addHandler(echo)
    logger.propagate = False  # printed once, here
    try:
        config = load_config(
            config_file=str(config_file), site_dir=None if dest is None else str(dest), strict=strict
        )
        echo.docs_dir = Path(config.docs_dir)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as exc:
        for message in echo.errors[:-1]:
            _say(f"error: {message}")
        reason = echo.errors[-1] if echo.errors else str(exc)
        if str(exc).endswith("in strict mode!"):
            reason = f"{str(exc).removeprefix('Aborted with ').removesuffix('!')} (--strict)"
        return _failed(reason), None
    except SystemExit as exc:  # MkDocs' Abort is one too, caught above
        # mkdocs-macros-plugin ends a build with a failed macro (``on_error_fail``) this way.
        for message in echo.errors:
            _say(message)
        return _failed("a macro failed (see above)" if echo.errors else f"the build ended ({exc.code})"), None
    finally:
        logger.removeHandler(echo)
        logger.propagate = propagate
    for message in echo.errors:
        _say(f"error: {message}")
    return 0, Path(config.site_dir)


# ---------------------------------------------------------------- other engines


def _build_with_properdocs(
    root: Path, config_file: Path, dest: Path | None, *, strict: bool
) -> tuple[int, Path | None]:
    """``properdocs build`` in a child process; its findings and warnings passed on."""
    from masa_playbook.engines import properdocs
    from masa_playbook.engines.process import child_environment, run_engine

    site_dir = dest or _default_site_dir(root)
    result = run_engine(
        properdocs.command(config_file, site_dir, strict=strict),
        env=child_environment(),
        cwd=root,
        echo=_say,
    )
    if result.status != 0:
        return _failed(f"properdocs: {result.reason}"), None
    return 0, site_dir


def _build_with_zensical(root: Path, dest: Path, *, strict: bool) -> tuple[int, Path | None]:
    """Load and check the playbook, stage it with its generated files, run Zensical, publish into ``dest``."""
    from masa_playbook.config import web_url_problem
    from masa_playbook.engines import search_limit, zensical
    from masa_playbook.macros import MacroError
    from masa_playbook.site import build_date, prepare

    try:
        today = build_date()
    except ValueError as exc:
        return usage_error(_COMMAND, str(exc)), None
    try:
        staged_from = zensical.read_settings(root / _SETTINGS)
    except zensical.StagingError as exc:
        return _failed(str(exc)), None
    settings = zensical.plain_settings(staged_from)
    repo_url = settings.get("repo_url")
    site_url = settings.get("site_url")
    build = prepare(
        root,
        mkdocs_config={**settings, "config_file_path": str(root / _SETTINGS)},
        today=today,
        repo_url=repo_url if isinstance(repo_url, str) else None,
        site_url=site_url if isinstance(site_url, str) and web_url_problem(site_url) is None else None,
        directory_urls=settings.get("use_directory_urls", True) is not False,
    )
    for finding in build.findings:
        _say(finding.render())
    if build.errors:
        count = len(build.errors)
        return _failed(f"{count} error{'s' if count != 1 else ''} in the playbook; run masa check"), None
    warnings = len(build.findings)
    with tempfile.TemporaryDirectory(prefix="masa-zensical-") as folder:
        try:
            staging = zensical.stage(root, build, Path(folder), staged_from)
        except zensical.StagingError as exc:
            return _failed(str(exc)), None
        for warning in staging.warnings:
            _say(f"warning: {warning}")
        warnings += len(staging.warnings)
        result = zensical.run(staging, strict=strict, root=root, echo=_say)
        if result.status != 0:
            reason = result.reason or ""
            macro = reason.partition(f"{MacroError.__name__}: ")[2]  # "Python error: MacroError: docs/..."
            if macro:
                _say(macro)
                return _failed("a macro failed (see above)"), None
            too_long = search_limit.finding(reason, staging.sources, root)
            if too_long is not None:
                _say(too_long.render())
                return _failed("zensical: a section is too long for the search index (see above)"), None
            return _failed(f"zensical: {reason}"), None
        broken = zensical.check_links(staging, settings)
        for finding in broken:
            _say(finding.render())
        warnings += len(broken)
        if strict and warnings:
            return _failed(
                f"{warnings} warning{'s' if warnings != 1 else ''} in strict mode (--strict)"
            ), None
        zensical.publish(staging, dest)
    return 0, dest
