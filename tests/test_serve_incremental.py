"""``mkdocs serve --dirty``: after a save, only the pages whose source changed are rendered again.

The builds run in-process the way ``mkdocs serve --dirty`` runs them: startup
once, then a fresh config and a dirty build into the same site folder for
every rebuild. Each test compares the rebuilt site with a clean full build of
the same content, so "skipped" can never mean "stale". The search index is
Material's: exact after a save that renders one page again, approximate
after one that renders several (see ``test_a_new_title_reaches_every_page_that_shows_it``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from test_site import BASIC, EPOCH, copy_fixture, read

SERVE_URL = "http://127.0.0.1:8000/"


class Server:
    """A ``mkdocs serve --dirty`` session without the HTTP part."""

    def __init__(self, root: Path, site: Path) -> None:
        self.root, self.site = root, site
        self.rebuild(startup=True)

    def rebuild(self, *, startup: bool = False) -> None:
        _build(self.root, self.site, command="serve" if startup else None, dirty=True)

    def mtimes(self) -> dict[str, int]:
        return {
            str(p.relative_to(self.site)): p.stat().st_mtime_ns
            for p in self.site.rglob("*.html")
            if p.is_file()
        }


def _build(root: Path, site: Path, *, command: str | None, dirty: bool) -> None:
    """One build as ``mkdocs serve`` runs it (``command``: start the plugins up first)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("MASA_AUDIENCE", raising=False)
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        mp.setenv("NO_MKDOCS_2_WARNING", "1")
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
        if command is not None:
            config.plugins.on_startup(command=command, dirty=dirty)
        if not dirty:  # a clean build of its own, as in a new process: no index kept from the served ones
            for plugin in config.plugins.values():
                if hasattr(plugin, "search_index_prev"):
                    plugin.search_index_prev = None
        config.site_url = SERVE_URL
        build(config, serve_url=SERVE_URL, dirty=dirty)


def full_build(root: Path, site: Path) -> Path:
    """A clean build of ``root`` into ``site``, to compare a served site with."""
    _build(root, site, command="build", dirty=False)
    return site


def search_docs(site: Path) -> list[dict[str, str]]:
    docs: list[dict[str, str]] = json.loads(read(site, "search/search_index.json"))["docs"]
    return docs


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    stat = path.stat()
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # a later save


@pytest.fixture
def served(tmp_path: Path) -> Server:
    return Server(copy_fixture(tmp_path, BASIC), tmp_path / "served")


def test_saving_one_plan_renders_only_its_page(served: Server, tmp_path: Path) -> None:
    before = served.mtimes()
    edit(
        served.root / "campaigns/trade-fair-win/plan.md",
        "A plain plan.",
        "A plain plan. A sentence added while serving.",
    )
    served.rebuild()
    after = served.mtimes()
    # The editor's page (admin/) is a static file, copied by every build like the assets.
    rewritten = sorted(
        path for path, mtime in after.items() if before.get(path) != mtime and not path.startswith("admin/")
    )
    # 404.html is the theme's, written by every build. figures/ (hand-written, with live
    # figures) stays: prose is not a figure.
    assert rewritten == ["404.html", "campaigns/trade-fair-win/index.html"]
    assert "A sentence added while serving." in read(served.site, "campaigns/trade-fair-win/index.html")

    fresh = full_build(served.root, tmp_path / "fresh")
    for path in after:
        assert read(served.site, path) == read(fresh, path), path
    assert sorted(map(json.dumps, search_docs(served.site))) == sorted(map(json.dumps, search_docs(fresh)))


def test_a_new_title_reaches_every_page_that_shows_it(served: Server, tmp_path: Path) -> None:
    before = served.mtimes()
    edit(served.root / "campaigns/trade-fair-win/plan.md", "title: ", "title: Renamed while serving - ")
    served.rebuild()
    after = served.mtimes()
    rewritten = {path for path, mtime in after.items() if before.get(path) != mtime}
    assert {"campaigns/trade-fair-win/index.html", "campaigns/index.html", "figures/index.html"} <= rewritten
    assert "Renamed while serving" in read(served.site, "campaigns/index.html")
    fresh = full_build(served.root, tmp_path / "fresh")
    for path in after:
        assert read(served.site, path) == read(fresh, path), path
    # The search index under --dirty is Material's own: it replaces the entries of the
    # first page rendered again and adds the others', so a save that changes several
    # pages may leave older entries of the others until a full rebuild.
    assert search_docs(served.site)[0] in search_docs(fresh)
    assert any(d["title"].startswith("Renamed while serving") for d in search_docs(served.site))


def test_a_new_campaign_appears_and_a_deleted_one_goes(served: Server, tmp_path: Path) -> None:
    source = served.root / "campaigns/trade-fair-win"
    copy = served.root / "campaigns/trade-fair-copy"
    copy.mkdir()
    for name in ("plan.md", "retro.md"):
        if (source / name).exists():
            (copy / name).write_text((source / name).read_text(encoding="utf-8"), encoding="utf-8")
    served.rebuild()
    assert (served.site / "campaigns/trade-fair-copy/index.html").exists()
    assert any(d["location"].startswith("campaigns/trade-fair-copy/") for d in search_docs(served.site))

    for path in copy.iterdir():
        path.unlink()
    copy.rmdir()
    served.rebuild()
    assert not any(d["location"].startswith("campaigns/trade-fair-copy/") for d in search_docs(served.site))
    fresh = full_build(served.root, tmp_path / "fresh")
    assert sorted(map(json.dumps, search_docs(served.site))) == sorted(map(json.dumps, search_docs(fresh)))
    assert read(served.site, "campaigns/index.html") == read(fresh, "campaigns/index.html")


def test_a_play_edit_reaches_its_page(served: Server, tmp_path: Path) -> None:
    play = next((served.root / "playbooks/plays").glob("*.md"))
    text = play.read_text(encoding="utf-8")
    stat = play.stat()
    play.write_text(text.rstrip("\n") + "\n\nA tip added while serving.\n", encoding="utf-8")
    os.utime(play, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    served.rebuild()
    page = f"plays/{play.stem}/index.html"
    assert "A tip added while serving." in read(served.site, page)
    fresh = full_build(served.root, tmp_path / "fresh")
    assert read(served.site, page) == read(fresh, page)
    assert any("A tip added while serving." in d["text"] for d in search_docs(served.site))
