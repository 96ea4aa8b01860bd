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
the parser's own logic does the rest; ``tokens`` gives the same events as
tuples. ``site.search_sections`` uses ``TOKEN`` and ``ATTRIBUTE`` directly,
handling each token as ``tokens`` would turn it into events; the tests
check ``tokens`` against ``html.parser`` and the sections against
Material's parser.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Protocol

#: One token of serializer-clean HTML: a comment, a tag (groups: ``/``, name,
#: attributes, ``/``), a run of text, or a ``<`` that starts no tag.
TOKEN = re.compile(
    r"<!--.*?-->"  # a comment: no event
    r'|<(/?)([a-zA-Z][^\s/>]*)((?:\s+[^\s=/>"]+(?:="[^"]*")?)*)\s*(/?)>'  # a tag
    r"|[^<]+"  # text
    r"|<",  # a "<" that starts no tag: text
    re.DOTALL,
)
#: One attribute of a tag's attributes: name and, if given, the quoted value.
ATTRIBUTE = re.compile(r'([^\s=/>"]+)(?:="([^"]*)")?')


#: The kinds of event ``tokens`` yields.
START, END, DATA = 0, 1, 2

#: One event: ``(START, tag, attributes)``, ``(END, tag, None)`` or ``(DATA, text, None)``.
Event = tuple[int, str, dict[str, str | None] | None]


class Handler(Protocol):
    """The handlers of ``html.parser.HTMLParser`` that ``feed`` calls."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """A start tag, its name and attributes lower-case, values unescaped."""

    def handle_endtag(self, tag: str) -> None:
        """An end tag."""

    def handle_data(self, data: str) -> None:
        """Text, character references resolved."""


def tokens(markup: str) -> Iterator[Event]:
    """The events of ``markup`` in order: what ``HTMLParser`` would call its handlers with.

    Start tags come with their attributes as a dict (names lower-case, values
    unescaped; of a repeated attribute the last). Adjacent text is one
    event, as ``HTMLParser`` passes it with ``convert_charrefs=True``;
    ``<br/>`` is a start and an end event, like its default
    ``handle_startendtag``. A comment is no event but ends the text before it.
    """
    text: list[str] = []
    for match in TOKEN.finditer(markup):
        closing, name, attributes, self_closing = match.groups()
        if name is None and match.group(0)[0] != "<":
            text.append(match.group(0))
            continue
        if text:
            joined = "".join(text)
            yield DATA, html.unescape(joined) if "&" in joined else joined, None
            text.clear()
        if name is None:  # a comment, or a "<" that starts no tag: both end the text before them
            if match.group(0) == "<":
                yield DATA, "<", None
            continue
        tag = name.lower()
        if closing:
            yield END, tag, None
            continue
        values = (
            {
                a.group(1).lower(): None if a.group(2) is None else html.unescape(a.group(2))
                for a in ATTRIBUTE.finditer(attributes)
            }
            if attributes
            else {}
        )
        yield START, tag, values
        if self_closing:
            yield END, tag, None
    if text:
        joined = "".join(text)
        yield DATA, html.unescape(joined) if "&" in joined else joined, None


def feed(markup: str, handler: Handler) -> None:
    """Call ``handler``'s start tag, end tag and text handlers for the events of ``markup``, in order."""
    for kind, value, attributes in tokens(markup):
        if kind == DATA:
            handler.handle_data(value)
        elif kind == END:
            handler.handle_endtag(value)
        else:
            assert attributes is not None
            handler.handle_starttag(value, list(attributes.items()))
