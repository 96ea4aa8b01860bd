"""A page divided into search sections, as Material's search plugin divides it, at less cost.

Material for MkDocs (9.8) indexes a page by feeding its HTML to
``material.plugins.search.plugin.Parser``: every heading with an id starts a
section, the text between headings is the section's text, a few tags
(paragraphs, lists, code) are kept as bare tags, and script, style and
anything marked ``data-search-exclude`` are left out. That parser compares
objects with Python methods on every tag and every piece of text, which is
most of what indexing a campaign page costs.

``sections`` implements the same rules on tag names (the parser's elements
compare by tag name too), in one loop over the events of the fast tokenizer
of ``site.markup``. ``page_sections`` does the same for a page given as
authored pieces and generated blocks (``rawhtml.Placed``): the pieces are
tokenized, and each block gives the events its stand-in HTML would give,
straight from its headings and text. ``tests/test_site_shortcuts.py``
checks both section by section against Material's parser on varied and
hostile HTML, and checks that a site's search index is byte-identical
either way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape, unescape

from masa_playbook.rawhtml import Placed
from masa_playbook.site.markup import DATA, END, START, Event, tokens

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_KEEP = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
_ALWAYS_SKIPPED = ("object", "script", "style")
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)


@dataclass
class Section:
    """A heading (``tag`` "hx" for text before the first one) and the text under it, with kept tags."""

    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    depth: float = 0
    id: str | None = None
    title: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def is_excluded(self) -> bool:
        """True if the heading is marked ``data-search-exclude``."""
        return "data-search-exclude" in self.attrs


def sections(markup: str) -> list[Section]:
    """The search sections of ``markup`` (serializer-clean HTML, see ``site.markup``), in page order."""
    return sections_of(tokens(markup))


def page_sections(pieces: Sequence[str], placed: Mapping[str, Placed]) -> list[Section]:
    """The search sections of a page given as ``pieces`` (authored HTML and tokens, alternating).

    The same as ``sections`` of the page with each block's stand-in in place
    of its token (``rawhtml.stand_in``), without writing and parsing that HTML.
    """
    return sections_of(_page_events(pieces, placed))


def _page_events(pieces: Sequence[str], placed: Mapping[str, Placed]) -> Iterator[Event]:
    """The events of the pieces, each block's from its search parts (as its stand-in would give them)."""
    for i, piece in enumerate(pieces):
        if not i & 1:
            yield from tokens(piece)
            continue
        for level, ident, text in placed[piece].search:
            if "&" in text:
                text = unescape(text)
            tag = f"h{level}" if level else "div"
            yield START, tag, {"id": ident} if level else {}
            if text:
                yield DATA, text, None
            yield END, tag, None


def sections_of(events: Iterable[Event]) -> list[Section]:
    """The search sections of a page given as parser events (``site.markup.tokens``).

    The handlers of Material's ``Parser``, on tag names instead of element
    objects, written as one loop: a method call per event would cost a fifth
    of the time.
    """
    data: list[Section] = []
    section: Section | None = None
    context: list[str] = []  # the names of the open elements
    permalinks: list[bool] = []  # for each: is it a heading's permalink (``a.headerlink``)?
    open_permalinks = 0
    skip: set[str] = set(_ALWAYS_SKIPPED)
    for kind, value, attributes in events:
        if kind == DATA:
            # Text: into the heading's title (not its permalink) or the section's text, space folded.
            if not skip.isdisjoint(context):
                continue
            in_pre = "pre" in context
            if not in_pre:
                value = value.replace("\n", " ") if not value.isspace() else " "
            if section is None:
                section = Section("hx")
                data.append(section)
            if section.tag in context:
                if not open_permalinks:
                    section.title.append(escape(value, quote=False))
            elif value.isspace():
                if not section.text or not section.text[-1].isspace() or in_pre:
                    section.text.append(value)
            else:
                section.text.append(escape(value, quote=False))
            continue
        tag = value
        if tag in _VOID:
            continue
        if kind == START:
            # An element opens: a heading with an id starts a section; a kept tag is written bare.
            assert attributes is not None
            context.append(tag)
            permalink = tag == "a" and attributes.get("class") == "headerlink"
            permalinks.append(permalink)
            open_permalinks += permalink
            if tag in _HEADINGS and "id" in attributes:
                depth = len(context)
                if tag != "h1" and not data:
                    section = Section("hx", depth=depth)
                    data.append(section)
                section = Section(tag, attributes, depth)
                if data:
                    section.id = attributes["id"]
                data.append(section)
            if section is None:
                section = Section("hx")
                data.append(section)
            if "data-search-exclude" in attributes or attributes.get("class") == "linenodiv":
                skip.add(tag)
            elif tag in _KEEP and skip.isdisjoint(context):
                (section.title if section.tag in context else section.text).append(f"<{tag}>")
            continue
        # An element closes: leave a heading's section if it was nested; close or drop a kept tag.
        if not context or context[-1] != tag:
            continue
        if section is None:
            section = Section("hx")
            data.append(section)
        if section.depth > len(context):
            for earlier in reversed(data):
                if earlier.depth <= len(context):
                    section.depth = float("inf")
                    section = earlier
                    break
        context.pop()
        open_permalinks -= permalinks.pop()
        if tag in skip:
            if tag not in _ALWAYS_SKIPPED:
                skip.remove(tag)
            continue
        if tag in _KEEP and skip.isdisjoint(context):
            pieces = section.title if section.tag in context else section.text
            index = pieces.index(f"<{tag}>")
            if any(not piece.isspace() for piece in pieces[index + 1 :]):
                pieces.append(f"</{tag}>")
            else:
                del pieces[index:]
    return data
