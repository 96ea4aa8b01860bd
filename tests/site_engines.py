"""Building playbook sites with ``masa build`` and each engine, for the tests that compare them.

A fixture repository is copied into a temporary folder with the repository's
``hooks/`` (MkDocs and ProperDocs run them; Zensical does not need them) and
built in-process through ``masa_playbook.cli.main``, with a fixed
``SOURCE_DATE_EPOCH`` so that every engine sees the same "today".
"""

from __future__ import annotations

import html.parser
import importlib.util
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from masa_playbook.cli import main

REPO = Path(__file__).resolve().parents[1]
SITES = Path(__file__).parent / "sites"
BASIC = SITES / "basic"
EPOCH = "1780000000"  # 2026-05-28
ENGINES = ("mkdocs", "zensical", "properdocs")
CANARIES = re.compile(r"CANARY-[A-Z-]+")
#: Where each engine writes its search index.
SEARCH_INDEX = {
    "mkdocs": "search/search_index.json",
    "properdocs": "search/search_index.json",
    "zensical": "search.json",
}


def installed(engine: str) -> bool:
    """True if ``engine``'s package can be imported here."""
    return importlib.util.find_spec(engine) is not None


def engine_params() -> list[object]:
    """``ENGINES`` as pytest parameters, each skipped when its package is missing."""
    return [
        pytest.param(
            engine, marks=pytest.mark.skipif(not installed(engine), reason=f"{engine} is not installed")
        )
        for engine in ENGINES
    ]


def copy_fixture(tmp: Path, fixture: Path = BASIC, name: str | None = None) -> Path:
    """The fixture repository with the real hooks, in a fresh folder."""
    root = tmp / (name or fixture.name)
    shutil.copytree(fixture, root)
    shutil.copytree(REPO / "hooks", root / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def masa_build(
    root: Path,
    dest: Path,
    *args: str,
    capsys: pytest.CaptureFixture[str] | None = None,
    epoch: str = EPOCH,
) -> tuple[int, str]:
    """Run ``masa build ROOT -d DEST ARGS`` with the fixed date; return the exit status and stderr."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", epoch)
        mp.setenv("NO_MKDOCS_2_WARNING", "1")
        mp.delenv("MASA_AUDIENCE", raising=False)
        status = main(["build", str(root), "--site-dir", str(dest), *args])
    err = capsys.readouterr().err if capsys is not None else ""
    return status, err


def build_or_fail(root: Path, dest: Path, *args: str, epoch: str = EPOCH) -> Path:
    """``masa build`` that must succeed; its site folder."""
    status, _ = masa_build(root, dest, *args, epoch=epoch)
    assert status == 0, f"masa build {' '.join(args)} failed"
    return dest


def files_of(site: Path) -> Iterator[Path]:
    """Every file of a built site."""
    return (path for path in sorted(site.rglob("*")) if path.is_file())


def page_urls(site: Path) -> list[str]:
    """Every HTML page of a built site, as a path relative to it."""
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))


def canary_leaks(site: Path) -> dict[str, list[str]]:
    """The ``CANARY-`` strings in any file of ``site``, by file."""
    leaks = {}
    for path in files_of(site):
        found = CANARIES.findall(path.read_bytes().decode("utf-8", "replace"))
        if found:
            leaks[path.relative_to(site).as_posix()] = sorted(set(found))
    return leaks


class _Markup(html.parser.HTMLParser):
    """The start tags, attributes and script texts of a page, as a browser would read them."""

    def __init__(self, marker: str) -> None:
        super().__init__(convert_charrefs=True)
        self.marker = marker
        self.problems: list[str] = []
        self._script: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag in ("iframe", "object", "embed"):
            self.problems.append(f"<{tag}>")
        if tag == "script":
            self._script = dict(attrs).get("type") or ""
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            text = "".join(self._text)
            # chart data (type="application/json") may hold the text, as data
            if self.marker in text and "json" not in self._script:
                self.problems.append(f"<script>{text[:60]!r}")
            self._script = None


def live_markup(site: Path, marker: str) -> list[str]:
    """Places where hostile text became markup: a script, an event handler, a ``javascript:`` link, a frame.

    ``marker`` is the JavaScript the hostile inputs run (``alert(`` or ``window.__pwned``).
    """
    problems = []
    for path in files_of(site):
        if path.suffix != ".html":
            continue
        parser = _Markup(marker)
        parser.feed(path.read_text(encoding="utf-8", errors="replace"))
        parser.close()
        problems.extend(f"{path.relative_to(site).as_posix()}: {p}" for p in parser.problems)
    return problems


def broken_links(site: Path) -> list[str]:
    """Relative ``href``/``src`` targets of the site's pages that point at no file."""
    broken = []
    for page in site.rglob("*.html"):
        if page.name == "404.html":  # links from the site root, for any missing path
            continue
        for target in re.findall(
            r'(?:href|src)="([^"#?:/][^"#?:]*)(?:[#?][^"]*)?"', page.read_text(encoding="utf-8")
        ):
            resolved = (page.parent / target).resolve()
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.is_file():
                broken.append(f"{page.relative_to(site)}: {target}")
    return sorted(set(broken))


def add_line(root: Path, text: str) -> int:
    """Append ``text`` (after a blank line) to the fixture's hand-written page; its line number."""
    page = root / "docs/figures.md"
    lines = page.read_text().splitlines()
    page.write_text("\n".join([*lines, "", text, ""]))
    return len(lines) + 2
