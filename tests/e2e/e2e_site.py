"""Building a playbook site and serving it on 127.0.0.1, for the browser tests.

A site is built the way a maintainer builds it, ``mkdocs build --strict`` (or
``masa build --engine zensical --strict``) in a subprocess, so each build
loads the hooks afresh and a build warning fails the test. Fixture playbooks under ``tests/e2e/sites/<name>/`` hold content only
and a few overrides in their ``mkdocs.yml``; the build copies one into a
temporary folder next to the repository's ``hooks/`` and writes a
``mkdocs.yml`` that inherits every other setting from the repository's own.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
FIXTURE_SITES = Path(__file__).resolve().parent / "sites"

#: What a fixture copy needs from the repository besides its own content:
#: the hooks are named by a path relative to the (inheriting) mkdocs.yml.
_FROM_REPO = ("hooks",)


#: The engines a site can be built with (``masa build --engine``).
ENGINES = ("mkdocs", "zensical")


class BuildError(Exception):
    """The build failed; the message holds its output."""


@dataclass(frozen=True)
class Site:
    """A built site: its output folder, the URL it is served on and the engine that built it."""

    name: str
    root: Path
    url: str
    engine: str = "mkdocs"

    def at(self, path: str) -> str:
        """The absolute URL of ``path`` (``/campaigns/`` or ``campaigns/``) on this site."""
        return self.url + path.lstrip("/")


@dataclass
class Build:
    """A strict site build running in a subprocess; ``wait`` for its site."""

    name: str
    site_dir: Path
    audience: str
    command: list[str]
    log: Path
    process: subprocess.Popen[bytes]
    engine: str = "mkdocs"

    def wait(self) -> Path:
        """The built site folder; ``BuildError`` with the build's output when it failed."""
        status = self.process.wait()
        if status != 0:
            output = self.log.read_text(encoding="utf-8", errors="replace")
            raise BuildError(
                f"`{' '.join(self.command)}` (MASA_AUDIENCE={self.audience}) failed with exit status "
                f"{status}:\n{output}"
            )
        return self.site_dir

    def stop(self) -> None:
        """End the build if it still runs (a session cut short)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


def start_build(
    name: str, config_file: Path, site_dir: Path, *, audience: str = "internal", engine: str = "mkdocs"
) -> Build:
    """Start a strict build of ``config_file``'s playbook into ``site_dir`` with ``engine``.

    MkDocs: ``mkdocs build --strict``, as a maintainer runs it; Zensical:
    ``masa build --engine zensical --strict`` (the only way it builds a
    playbook). ``MASA_AUDIENCE`` is set explicitly, so a value in the
    caller's environment cannot turn an internal build public or the other
    way round. Output goes to a log file beside the site, not to a pipe, so
    builds can run side by side without one blocking on a full pipe.
    """
    env = {**os.environ, "MASA_AUDIENCE": audience, "NO_MKDOCS_2_WARNING": "1"}
    if engine == "mkdocs":
        # Never `-q`: it silences warnings before `--strict` can count them.
        command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
        command += ["-f", str(config_file), "-d", str(site_dir)]
    elif engine in ENGINES:
        command = [sys.executable, "-m", "masa_playbook", "build", str(config_file.parent)]
        command += ["--engine", engine, "--strict", "--audience", audience, "-d", str(site_dir)]
    else:
        raise ValueError(f"no engine {engine!r}; one of {', '.join(ENGINES)}")
    log = site_dir.with_name(site_dir.name + ".log")
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=config_file.parent, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    return Build(name, site_dir, audience, command, log, process, engine)


@dataclass(frozen=True)
class SiteSpec:
    """What to build: the example playbook (no fixture) or a fixture, for an audience, with an engine."""

    fixture: str | None = None
    audience: str = "internal"
    overrides: Mapping[str, Any] | None = None
    engine: str = "mkdocs"

    def start(self, name: str, workdir: Path) -> Build:
        """Prepare the sources in ``workdir`` (fixtures only) and start the build."""
        if self.fixture is None:
            config_file = REPO / "mkdocs.yml"
        else:
            config_file = prepare_fixture(self.fixture, workdir / "repo", overrides=self.overrides)
        return start_build(name, config_file, workdir / "site", audience=self.audience, engine=self.engine)


def prepare_fixture(name: str, workdir: Path, *, overrides: Mapping[str, Any] | None = None) -> Path:
    """Copy the fixture playbook ``name`` into ``workdir``; return its ``mkdocs.yml``.

    The written ``mkdocs.yml`` inherits the repository's and applies the
    fixture's own settings, then ``overrides`` (merged one level deep, e.g.
    ``{"theme": {"language": "de"}}``).
    """
    source = FIXTURE_SITES / name
    if not source.is_dir():
        raise FileNotFoundError(f"no fixture site {source}")
    shutil.copytree(source, workdir)
    for item in _FROM_REPO:
        shutil.copytree(REPO / item, workdir / item, ignore=shutil.ignore_patterns("__pycache__"))
    own_file = source / "mkdocs.yml"
    settings: dict[str, Any] = {}
    if own_file.is_file():
        settings = yaml.safe_load(own_file.read_text(encoding="utf-8")) or {}
    for key, value in (overrides or {}).items():
        if isinstance(value, Mapping) and isinstance(settings.get(key), Mapping):
            settings[key] = {**settings[key], **value}
        else:
            settings[key] = value
    config_file = workdir / "mkdocs.yml"
    # `watch` names folders of the repository (src/...) and matters to `mkdocs serve` only.
    config = {"INHERIT": str(REPO / "mkdocs.yml"), "watch": [], **settings}
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config_file


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging every request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 at an ephemeral port; yield the base URL.

    ``/campaigns/x/`` is answered with ``campaigns/x/index.html``, as any
    static host does for MkDocs' directory URLs.
    """
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name=f"serve {directory}", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def example_campaign() -> str:
    """The slug of the example playbook's first campaign with a retro: a page with every section."""
    return sorted(retro.parent.name for retro in (REPO / "campaigns").glob("*/retro.md"))[0]
