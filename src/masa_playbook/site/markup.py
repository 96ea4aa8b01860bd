"""Split serializer-clean HTML into parser events, much faster than ``html.parser``.

Material's search plugin divides every page into sections with a subclass
of ``html.parser.HTMLParser``, whose tokenizer runs several regular
expressions per tag and dominates the cost of indexing. A campaign page
holds two kinds of HTML only: authored HTML after nh3 has cleaned it (an
HTML5 serializer's output) and the stand-ins of generated blocks
(``masa_playbook.rawhtml``). Both follow a narrow grammar: comments,
tags with lower-case names and double-quoted attribute values (which may
contain ``>``), and text in which ``<`` is always escaped. For such HTML,
``feed`` calls a parser's handlers with the same events ``HTMLParser`` would
(``convert_charrefs=True``: text unescaped, attribute values unescaped), and
the parser's own logic does the rest.
"""

from __future__ import annotations

import html
import re
from typing import Protocol

_TOKEN = re.compile(
    r"<!--.*?-->"  # a comment: no event
    r'|<(/?)([a-zA-Z][^\s/>]*)((?:\s+[^\s=/>"]+(?:="[^"]*")?)*)\s*(/?)>'  # a tag
    r"|[^<]+"  # text
    r"|<",  # a "<" that starts no tag: text
    re.DOTALL,
)
_ATTRIBUTE = re.compile(r'([^\s=/>"]+)(?:="([^"]*)")?')


class Handler(Protocol):
    """The handlers of ``html.parser.HTMLParser`` that ``feed`` calls."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """A start tag, its name and attributes lower-case, values unescaped."""

    def handle_endtag(self, tag: str) -> None:
        """An end tag."""

    def handle_data(self, data: str) -> None:
        """Text, character references resolved."""


def feed(markup: str, handler: Handler) -> None:
    """Call ``handler``'s start tag, end tag and text handlers for ``markup``, in order.

    Adjacent text is passed as one piece, as ``HTMLParser`` does with
    ``convert_charrefs=True``; ``<br/>`` is a start and an end tag, like its
    default ``handle_startendtag``.
    """
    text: list[str] = []
    for match in _TOKEN.finditer(markup):
        closing, name = match.group(1), match.group(2)
        token = match.group(0)
        if name is None and token[0] != "<":
            text.append(token)
            continue
        if text:
            handler.handle_data(html.unescape("".join(text)))
            text.clear()
        if name is None:  # a comment, or a "<" that starts no tag: both end the text before them
            if token == "<":
                handler.handle_data(token)
            continue
        tag = name.lower()
        if closing:
            handler.handle_endtag(tag)
            continue
        attrs = [
            (a.group(1).lower(), None if a.group(2) is None else html.unescape(a.group(2)))
            for a in _ATTRIBUTE.finditer(match.group(3))
        ]
        handler.handle_starttag(tag, attrs)
        if match.group(4):
            handler.handle_endtag(tag)
    if text:
        handler.handle_data(html.unescape("".join(text)))
