"""A page divided into search sections, as Material's search plugin divides it, at less cost.

Material for MkDocs (9.8) indexes a page by feeding its HTML to
``material.plugins.search.plugin.Parser``: every heading with an id starts a
section, the text between headings is the section's text, a few tags
(paragraphs, lists, code) are kept as bare tags, and script, style and
anything marked ``data-search-exclude`` are left out. That parser compares
objects with Python methods on every tag and every piece of text, which is
most of what indexing a campaign page costs.

``sections`` implements the same rules on tag names (the parser's elements
compare by tag name too), in one loop that tokenizes the HTML with the
regular expression of ``site.markup`` and handles each token as it comes:
no generator step, tuple or method call per tag. ``page_sections`` does the
same for a page given as authored pieces and generated blocks
(``rawhtml.Placed``): the pieces are tokenized, and each block adds its
headings and text as its stand-in HTML would, without being written or
parsed. ``tests/test_site_shortcuts.py`` checks both section by section
against Material's parser on varied and hostile HTML, and checks that a
site's search index is byte-identical either way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape, unescape

from masa_playbook.rawhtml import Placed
from masa_playbook.site.markup import ATTRIBUTE, TOKEN

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
    parser = _Sections()
    parser.feed(markup)
    return parser.data


def page_sections(pieces: Sequence[str], placed: Mapping[str, Placed]) -> list[Section]:
    """The search sections of a page given as ``pieces`` (authored HTML and tokens, alternating).

    The same as ``sections`` of the page with each block's stand-in in place
    of its token (``rawhtml.stand_in``), without writing and parsing that HTML.
    """
    parser = _Sections()
    for i, piece in enumerate(pieces):
        if i & 1:
            parser.block(placed[piece])
        else:
            parser.feed(piece)
    return parser.data


class _Sections:
    """The handlers of Material's ``Parser``, on tag names instead of element objects.

    ``feed`` tokenizes markup (``site.markup``'s grammar) and applies the
    handlers in one loop: a method call or a generator step per tag would
    cost a good part of the time. ``block`` takes a generated block's
    headings and text as its stand-in HTML would give them.
    """

    def __init__(self) -> None:
        self.data: list[Section] = []
        self.section: Section | None = None
        self.context: list[str] = []  # the names of the open elements
        self.permalinks: list[bool] = []  # for each: is it a heading's permalink (``a.headerlink``)?
        self.open_permalinks = 0
        self.skip: set[str] = set(_ALWAYS_SKIPPED)

    def block(self, placed: Placed) -> None:
        """A generated block: a section per heading, a text per part, as its stand-in would give.

        Between authored pieces no element is open (each piece is balanced
        HTML), so a heading of the block starts a top-level section and a
        text goes into the current section; otherwise the stand-in is fed.
        """
        data = self.data
        if self.context or self.open_permalinks or len(self.skip) != len(_ALWAYS_SKIPPED):
            self.feed(placed.stand_in(""))
            return
        for level, ident, text in placed.search:
            if "&" in text:
                text = unescape(text)
            if level:  # <hN id="...">text</hN>
                if level != 1 and not data:
                    data.append(Section("hx", depth=1))
                section = Section(f"h{level}", {"id": ident}, 1)
                if data:
                    section.id = ident
                data.append(section)
                if text:
                    value = text.replace("\n", " ") if not text.isspace() else " "
                    section.title.append(escape(value, quote=False))
                self.section = section
            elif text:  # <div>text</div>
                if self.section is None:
                    self.section = Section("hx")
                    data.append(self.section)
                self.section = _text(text, self.section, data, ["div"], self.skip, 0)

    def feed(self, markup: str) -> None:
        """The events of ``markup``, as ``site.markup.tokens`` gives them, tokenized and handled in one loop."""
        data, section, context, permalinks, skip = (
            self.data,
            self.section,
            self.context,
            self.permalinks,
            self.skip,
        )
        open_permalinks = self.open_permalinks
        text: str | None = None  # text not handled yet: adjacent text is one event
        for match in TOKEN.finditer(markup):
            closing, name, attributes, self_closing = match.groups()
            if name is None and match.group(0)[0] != "<":
                text = match.group(0) if text is None else text + match.group(0)
                continue
            if text is not None:
                section = _text(
                    unescape(text) if "&" in text else text, section, data, context, skip, open_permalinks
                )
                text = None
            if name is None:  # a comment, or a "<" that starts no tag: both end the text before them
                if match.group(0) == "<":
                    section = _text("<", section, data, context, skip, open_permalinks)
                continue
            tag = name.lower()
            if tag in _VOID:
                continue
            if not closing:
                # An element opens: a heading with an id starts a section; a kept tag is written bare.
                values = (
                    {
                        a.group(1).lower(): None if a.group(2) is None else unescape(a.group(2))
                        for a in ATTRIBUTE.finditer(attributes)
                    }
                    if attributes
                    else {}
                )
                context.append(tag)
                permalink = tag == "a" and values.get("class") == "headerlink"
                permalinks.append(permalink)
                open_permalinks += permalink
                if tag in _HEADINGS and "id" in values:
                    depth = len(context)
                    if tag != "h1" and not data:
                        section = Section("hx", depth=depth)
                        data.append(section)
                    section = Section(tag, values, depth)
                    if data:
                        section.id = values["id"]
                    data.append(section)
                if section is None:
                    section = Section("hx")
                    data.append(section)
                if "data-search-exclude" in values or values.get("class") == "linenodiv":
                    skip.add(tag)
                elif tag in _KEEP and skip.isdisjoint(context):
                    (section.title if section.tag in context else section.text).append(f"<{tag}>")
                if not self_closing:
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
        if text is not None:
            section = _text(
                unescape(text) if "&" in text else text, section, data, context, skip, open_permalinks
            )
        self.section = section
        self.open_permalinks = open_permalinks


def _text(
    value: str,
    section: Section | None,
    data: list[Section],
    context: list[str],
    skip: set[str],
    open_permalinks: int,
) -> Section | None:
    """Text: into the heading's title (not its permalink) or the section's text, space folded.

    Returns the section, which text before any element starts.
    """
    if not skip.isdisjoint(context):
        return section
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
    return section
