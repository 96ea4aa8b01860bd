"""Clean the HTML of authored text before it reaches a page.

Plans, retros, plays and anti-patterns are Markdown, and Markdown may contain
raw HTML. Generated pages put each authored body between two marker comments
(``wrap_authored``); after the site engine has turned the page into HTML,
``sanitize_authored`` cleans what lies between the markers with nh3: text,
tables, code, images and links stay, scripts, styles, frames, event handlers
and ``javascript:`` URLs go.

A page whose generated parts are all lifted blocks (``masa_playbook.rawhtml``)
needs no markers: ``clean_around_blocks`` cleans everything but the
blocks' token comments, which an author cannot forge.

The markers carry a hash of the body they wrap, so an author cannot end the
cleaned region early by writing a marker into the text: they would have to
write the hash of a text that contains that very hash.

A public build also passes a ``guard`` (``link_guard``): a URL attribute
that may lead into a campaign the build does not hold is removed while
cleaning, whatever its spelling (entities and percent-encoding are read the
way a browser reads them). On pages that are not authored (hand-written
pages of ``docs/``, generated parts) the same guard removes such attributes
without cleaning anything else (``drop_guarded_urls``). The authored
Markdown has already lost such links (``links.rewrite_links``); this is the
second line of defence, for whatever the Markdown renderer made of the text.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import html
import posixpath
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import nh3

from masa_playbook.audience import reference_guard
from masa_playbook.links import URL_ATTRIBUTES
from masa_playbook.rawhtml import join, token_comment

if TYPE_CHECKING:
    from masa_playbook.site.context import SiteContext

#: A test of URLs: may the page keep this one? (``link_guard``)
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
_OPEN = re.compile(r"<!-- masa:authored ([0-9a-f]{16}) -->")
_URL_ATTRIBUTE_NAMES = frozenset(URL_ATTRIBUTES) | {"xlink:href"}
_URL_LISTS = frozenset({"srcset", "imagesrcset", "ping"})
# A URL attribute in HTML that is not cleaned (a hand-written page, the
# generated parts of a page); an unquoted value ends at a space or ">".
_HTML_URL_ATTRIBUTE = re.compile(
    r"[\s/](" + "|".join(URL_ATTRIBUTES) + r"|xlink:href)[ \t\n]*=[ \t\n]*"
    r"(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'<>`]+))",
    re.IGNORECASE,
)
#: The guard of the ``clean`` call under way, for the cleaner's attribute filter.
_GUARD: contextvars.ContextVar[Guard | None] = contextvars.ContextVar("masa_guard", default=None)


def link_guard(ctx: SiteContext, src_uri: str) -> Guard | None:
    """The guard for the page ``src_uri`` of a public build, or ``None`` in an internal one.

    It refuses every URL that may lead into a campaign folder the build's
    view does not hold (``audience.reference_guard``), read from the page's
    folder on the site.
    """
    if ctx.pb.config.audience == "internal":
        return None
    base = posixpath.dirname(ctx.urls.url(src_uri))
    return reference_guard(ctx.pb, base=base, site_url=ctx.site_url)


def _marker_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def wrap_authored(body: str) -> str:
    """``body`` (Markdown) between the marker comments ``sanitize_authored`` looks for."""
    mark = _marker_hash(body)
    return f"<!-- masa:authored {mark} -->\n\n{body.strip()}\n\n<!-- /masa:authored {mark} -->\n"


def clean(fragment: str, guard: Guard | None = None) -> str:
    """``fragment`` with everything but harmless markup removed, and every URL ``guard`` refuses."""
    if guard is None:
        return str(_cleaner().clean(fragment))
    token = _GUARD.set(guard)
    try:
        return str(_guarded_cleaner().clean(fragment))
    finally:
        _GUARD.reset(token)


def drop_guarded_urls(page_html: str, guard: Guard) -> str:
    """``page_html`` without the URL attributes ``guard`` refuses; nothing else changes.

    For HTML that is not cleaned (hand-written pages): attribute values are
    read with their character references decoded, as a browser reads them.
    """
    if "=" not in page_html:
        return page_html

    def keep(match: re.Match[str]) -> str:
        value = html.unescape(next(v for v in match.groups()[1:] if v is not None))
        urls = value.replace(",", " ").split() if match.group(1).lower() in _URL_LISTS else [value]
        # The whitespace before the attribute stays: it may be all that separates its neighbours.
        return match.group(0) if all(guard(url) for url in urls) else match.group(0)[0]

    return _HTML_URL_ATTRIBUTE.sub(keep, page_html)


@functools.cache
def _cleaner() -> nh3.Cleaner:
    """One cleaner for the process: its settings are converted once, not on every call."""
    return nh3.Cleaner(
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        filter_style_properties={"text-align"},
    )


@functools.cache
def _guarded_cleaner() -> nh3.Cleaner:
    """The cleaner of a public build: the same, and URL attributes pass the guard of the call."""
    return nh3.Cleaner(
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        attribute_filter=_guarded_attribute,
        url_schemes=_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        filter_style_properties={"text-align"},
    )


def _guarded_attribute(element: str, attribute: str, value: str) -> str | None:
    """The attribute filter of ``_guarded_cleaner``: ``None`` (removed) for a URL the guard refuses."""
    guard = _GUARD.get()
    if attribute.lower() not in _URL_ATTRIBUTE_NAMES:
        return value
    if guard is None:  # only ``clean`` uses this cleaner, and it always sets a guard
        return None
    urls = value.replace(",", " ").split() if attribute.lower() in _URL_LISTS else [value]
    return value if all(guard(url) for url in urls) else None


def sanitize_authored(page_html: str, *, guard: Guard | None = None) -> str:
    """``page_html`` with every authored region cleaned and the markers removed.

    A region whose closing marker is missing (the author's text swallowed it,
    e.g. in an unclosed code block) is cleaned to the end of the page. With
    a ``guard`` (``link_guard``), the URLs it refuses are removed, from the
    authored regions and from the rest of the page (``drop_guarded_urls``).
    """
    if "masa:authored" not in page_html:
        return page_html if guard is None else drop_guarded_urls(page_html, guard)
    pieces: list[str] = []
    pos = 0
    while (start := _OPEN.search(page_html, pos)) is not None:
        pieces.append(_outside(page_html[pos : start.start()], guard))
        close = f"<!-- /masa:authored {start.group(1)} -->"
        end = page_html.find(close, start.end())
        stop = len(page_html) if end < 0 else end
        pieces.append(clean(page_html[start.end() : stop], guard))
        pos = stop if end < 0 else end + len(close)
    pieces.append(_outside(page_html[pos:], guard))
    return "".join(pieces)


def _outside(html_part: str, guard: Guard | None) -> str:
    """Generated HTML between authored regions: as it is, less the URLs a guard refuses."""
    return html_part if guard is None else drop_guarded_urls(html_part, guard)


def clean_around_blocks(page_html: str, tokens: Iterable[str], *, guard: Guard | None = None) -> list[str]:
    """``page_html`` split at the token comments of its lifted blocks, everything else cleaned.

    For a page whose generated parts are all lifted: what lies between the
    tokens is authored. Returns the pieces, authored HTML and tokens
    alternating (``[html, token, html, ..., html]``; ``rawhtml.join`` puts
    them together). A token Markdown lost is not among them, for the caller
    to report. With a ``guard`` (``link_guard``), the URLs it refuses are
    removed from the authored HTML.
    """
    pieces: list[str] = []
    pos = 0
    for token in tokens:
        comment = token_comment(token)
        at = page_html.find(comment, pos)
        if at < 0:
            continue
        pieces += [_clean_text(page_html[pos:at], guard), token]
        pos = at + len(comment)
    pieces.append(_clean_text(page_html[pos:], guard))
    return pieces


def sanitize_outside_blocks(page_html: str, tokens: Iterable[str], *, guard: Guard | None = None) -> str:
    """``page_html`` with everything but the token comments of its lifted blocks cleaned (``clean_around_blocks``)."""
    return join(clean_around_blocks(page_html, tokens, guard=guard), token_comment)


def _clean_text(fragment: str, guard: Guard | None = None) -> str:
    if not fragment.strip():
        return fragment
    cleaned = clean(fragment, guard)
    # The cleaner writes characters, not references; the pilcrow of heading
    # permalinks goes back to the reference the Markdown renderer wrote, so
    # that a page of ASCII prose stays ASCII (cheaper to copy and encode).
    return cleaned if cleaned.isascii() else cleaned.replace("\xb6", "&para;")
