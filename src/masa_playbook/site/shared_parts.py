"""Parts of a theme page rendered once and shared by all the pages outside the navigation.

A page that is not in the navigation (a campaign, a play, an anti-pattern)
marks no entry of the navigation as active, and its links are relative. So
its navigation, tabs, header (but for the title), footer, stylesheets,
scripts and the theme's configuration script are the same as those of every
such page in the same folder of the site (``campaigns/a/`` and
``campaigns/b/``). The theme overrides in ``site/theme`` hand those parts
to ``SharedParts``, which renders each once per folder and reuses it:
rendering them is a good part of the template work of every campaign page.

Sharing is only safe while the templates a part uses are Material's or the
playbook's own, which depend on nothing but the configuration and the
folder. A theme ``custom_dir`` may replace one of them with a template that
shows something of the page (its date, its author): then that part is
rendered for every page, as the theme would do. ``shareable`` decides.
``tests/test_site_shortcuts.py`` checks that sharing changes no byte of any
page, and that a page-dependent override is respected.
"""

from __future__ import annotations

import importlib.util
import posixpath
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import Protocol

from markupsafe import Markup

#: The playbook's theme overrides: the shared parts, and Material's repository
#: widget without its request to the GitHub API.
THEME_OVERRIDES_DIR = Path(__file__).parent / "theme"
_spec = importlib.util.find_spec("material")
#: Material's package folder, if Material is installed.
_MATERIAL = Path(_spec.origin).parent if _spec is not None and _spec.origin else None

#: The labels every part may use (``lang.t``).
_LABELS = ("partials/language.html", "partials/languages/")

#: Each shared part and the templates it uses (Material 9.8); a name ending
#: in "/" stands for every template in that folder.
PARTS: dict[str, tuple[str, ...]] = {
    "nav": ("partials/nav.html", "partials/nav-item.html", "partials/logo.html", "partials/source.html"),
    "tabs": ("partials/tabs.html", "partials/tabs-item.html"),
    "header-start": ("partials/header.html", "partials/logo.html"),
    "header-end": (
        "partials/header.html",
        "partials/palette.html",
        "partials/javascripts/palette.html",
        "partials/alternate.html",
        "partials/search.html",
        "partials/source.html",
        "partials/tabs.html",
        "partials/tabs-item.html",
    ),
    "styles": ("partials/icons.html",),
    "libs": (),
    "fonts": (),
    "analytics": ("partials/integrations/",),
    "footer": ("partials/footer.html", "partials/copyright.html", "partials/social.html"),
    "config": (),
    "scripts": (),
    # Not a shared part: partials/toc.html renders toc-item.html as a macro.
    "toc-item": ("partials/toc-item.html",),
}


class _File(Protocol):
    src_uri: str


class PageLike(Protocol):
    """What ``SharedParts`` reads of a page: its source path and its URL."""

    @property
    def file(self) -> _File:
        """The page's source file."""

    @property
    def url(self) -> str:
        """The page's URL, relative to the site."""


def overridden_templates(theme_dirs: Iterable[str | Path]) -> set[str]:
    """The templates that folders of ``theme_dirs`` other than Material's and the playbook's hold.

    Names are paths relative to their folder (``partials/footer.html``).
    """
    trusted = (
        (THEME_OVERRIDES_DIR.resolve(), _MATERIAL.resolve())
        if _MATERIAL
        else (THEME_OVERRIDES_DIR.resolve(),)
    )
    names: set[str] = set()
    for directory in theme_dirs:
        root = Path(directory).resolve()
        if not root.is_dir() or any(root == t or t in root.parents for t in trusted):
            continue
        names.update(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())
    return names


def shareable(overridden: Collection[str]) -> frozenset[str]:
    """The parts none of whose templates (nor the labels) is among the ``overridden`` ones."""

    def replaced(name: str) -> bool:
        if name.endswith("/"):
            return any(other.startswith(name) for other in overridden)
        return name in overridden

    return frozenset(
        part for part, names in PARTS.items() if not any(replaced(n) for n in (*names, *_LABELS))
    )


class SharedParts:
    """``masa_shared_nav`` of the theme overrides: a part rendered once per folder of outside pages."""

    def __init__(self, outside: Collection[str], parts: Collection[str] = frozenset(PARTS)) -> None:
        self._outside = outside
        self._parts = parts
        self._markup: dict[tuple[str, str], Markup] = {}

    def offers(self, part: str) -> bool:
        """True if ``part``'s templates are the theme's own, so that the overrides may take a shortcut."""
        return part in self._parts

    def __call__(self, page: PageLike | None, render: Callable[[], str], part: str = "nav") -> Markup:
        """The ``part`` of ``page``: rendered by ``render()``, or as it was for a page beside it."""
        if page is None or part not in self._parts or page.file.src_uri not in self._outside:
            return Markup(render())
        key = (part, posixpath.dirname(posixpath.dirname(page.url)))
        if key not in self._markup:
            self._markup[key] = Markup(render())
        return self._markup[key]
