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
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable

import nh3

from masa_playbook.rawhtml import join, token_comment

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


def _marker_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def wrap_authored(body: str) -> str:
    """``body`` (Markdown) between the marker comments ``sanitize_authored`` looks for."""
    mark = _marker_hash(body)
    return f"<!-- masa:authored {mark} -->\n\n{body.strip()}\n\n<!-- /masa:authored {mark} -->\n"


def clean(fragment: str) -> str:
    """``fragment`` with everything but harmless markup removed."""
    return str(_cleaner().clean(fragment))


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


def sanitize_authored(page_html: str) -> str:
    """``page_html`` with every authored region cleaned and the markers removed.

    A region whose closing marker is missing (the author's text swallowed it,
    e.g. in an unclosed code block) is cleaned to the end of the page.
    """
    if "masa:authored" not in page_html:
        return page_html
    pieces: list[str] = []
    pos = 0
    while (start := _OPEN.search(page_html, pos)) is not None:
        pieces.append(page_html[pos : start.start()])
        close = f"<!-- /masa:authored {start.group(1)} -->"
        end = page_html.find(close, start.end())
        stop = len(page_html) if end < 0 else end
        pieces.append(clean(page_html[start.end() : stop]))
        pos = stop if end < 0 else end + len(close)
    pieces.append(page_html[pos:])
    return "".join(pieces)


def clean_around_blocks(page_html: str, tokens: Iterable[str]) -> list[str]:
    """``page_html`` split at the token comments of its lifted blocks, everything else cleaned.

    For a page whose generated parts are all lifted: what lies between the
    tokens is authored. Returns the pieces, authored HTML and tokens
    alternating (``[html, token, html, ..., html]``; ``rawhtml.join`` puts
    them together). A token Markdown lost is not among them, for the caller
    to report.
    """
    pieces: list[str] = []
    pos = 0
    for token in tokens:
        comment = token_comment(token)
        at = page_html.find(comment, pos)
        if at < 0:
            continue
        pieces += [_clean_text(page_html[pos:at]), token]
        pos = at + len(comment)
    pieces.append(_clean_text(page_html[pos:]))
    return pieces


def sanitize_outside_blocks(page_html: str, tokens: Iterable[str]) -> str:
    """``page_html`` with everything but the token comments of its lifted blocks cleaned (``clean_around_blocks``)."""
    return join(clean_around_blocks(page_html, tokens), token_comment)


def _clean_text(fragment: str) -> str:
    if not fragment.strip():
        return fragment
    cleaned = clean(fragment)
    # The cleaner writes characters, not references; the pilcrow of heading
    # permalinks goes back to the reference the Markdown renderer wrote, so
    # that a page of ASCII prose stays ASCII (cheaper to copy and encode).
    return cleaned if cleaned.isascii() else cleaned.replace("\xb6", "&para;")
