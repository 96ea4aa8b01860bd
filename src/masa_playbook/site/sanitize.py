"""Clean the HTML of authored text before it reaches a page.

Plans, retros, plays and anti-patterns are Markdown, and Markdown may contain
raw HTML. The generator renders each body (``site.authored``) and ``clean``
cleans the HTML with nh3 before it goes on the page: text, tables, code,
images and links stay, scripts, styles, frames, comments, event handlers,
``markdown`` attributes and ``javascript:`` URLs go.

A public build also passes a ``guard`` (``page_guard``): a URL attribute
that may lead into a campaign the build does not hold is removed while
cleaning, whatever its spelling (entities and percent-encoding are read the
way a browser reads them). The authored Markdown has already lost such links
(``links.rewrite_links``); this is the second line of defence, for whatever
the Markdown renderer made of the text.
"""

from __future__ import annotations

import contextvars
import functools
import posixpath
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

import nh3

from masa_playbook.audience import slug_guard
from masa_playbook.links import URL_ATTRIBUTES

if TYPE_CHECKING:
    from masa_playbook.site.urls import Urls

#: A test of URLs: may the page keep this one? (``page_guard``)
Guard = Callable[[str], bool]

_TAGS = nh3.ALLOWED_TAGS | {"caption", "tfoot", "figure", "figcaption", "details", "summary"}
_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"align", "colspan", "rowspan", "style"},
    "th": {"align", "colspan", "rowspan", "style", "scope"},
    "ol": {"start"},
    "details": {"open"},
    "time": {"datetime"},
}
_URL_SCHEMES = {"http", "https", "mailto"}
_URL_ATTRIBUTE_NAMES = frozenset(URL_ATTRIBUTES) | {"xlink:href"}
_URL_LISTS = frozenset({"srcset", "imagesrcset", "ping"})
#: The guard of the ``clean`` call under way, for the cleaner's attribute filter.
_GUARD: contextvars.ContextVar[Guard | None] = contextvars.ContextVar("masa_guard", default=None)


def page_guard(held: Collection[str] | None, urls: Urls, src_uri: str, site_url: str) -> Guard | None:
    """The guard for the page ``src_uri`` of a public build, or ``None`` in an internal one (``held``: ``None``).

    It refuses every URL that may lead into a campaign folder the build's
    view does not hold (``held``: their slugs; ``audience.reference_guard``),
    read from the page's folder on the site.
    """
    if held is None:
        return None
    return slug_guard(held, base=posixpath.dirname(urls.url(src_uri)), site_url=site_url)


def clean(fragment: str, guard: Guard | None = None) -> str:
    """``fragment`` with everything but harmless markup removed, and every URL ``guard`` refuses."""
    if guard is None:
        return str(_cleaner().clean(fragment))
    token = _GUARD.set(guard)
    try:
        return str(_cleaner(guarded=True).clean(fragment))
    finally:
        _GUARD.reset(token)


@functools.cache
def _cleaner(guarded: bool = False) -> nh3.Cleaner:
    """One cleaner of each kind for the process: its settings are converted once, not on every call.

    The ``guarded`` one (a public build's) also passes URL attributes through the guard of the call.
    """
    return nh3.Cleaner(
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        attribute_filter=_guarded_attribute if guarded else None,
        url_schemes=_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        filter_style_properties={"text-align"},
    )


def _guarded_attribute(element: str, attribute: str, value: str) -> str | None:
    """The attribute filter of ``_cleaner(guarded=True)``: ``None`` (removed) for a URL the guard refuses."""
    guard = _GUARD.get()
    if attribute.lower() not in _URL_ATTRIBUTE_NAMES:
        return value
    if guard is None:  # only ``clean`` uses this cleaner, and it always sets a guard
        return None
    urls = value.replace(",", " ").split() if attribute.lower() in _URL_LISTS else [value]
    return value if all(guard(url) for url in urls) else None
