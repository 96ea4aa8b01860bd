"""A page divided into search sections, as Material's search plugin divides it, at less cost.

Material for MkDocs (9.8) indexes a page by feeding its HTML to
``material.plugins.search.plugin.Parser``: every heading with an id starts a
section, the text between headings is the section's text, a few tags
(paragraphs, lists, code) are kept as bare tags, and script, style and
anything marked ``data-search-exclude`` are left out. That parser compares
objects with Python methods on every tag and every piece of text, which is
most of what indexing a campaign page costs.

``SectionBuilder`` implements the same rules on tag names (the parser's
elements compare by tag name too), and ``sections`` feeds it from the fast
tokenizer of ``site.markup``. ``tests/test_site_shortcuts.py`` checks it
section by section against Material's parser on varied and hostile HTML,
and checks that a site's search index is byte-identical either way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from masa_playbook.site.markup import feed

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


class SectionBuilder:
    """The handlers of Material's search ``Parser``, on tag names instead of element objects."""

    def __init__(self) -> None:
        self.skip: set[str] = set(_ALWAYS_SKIPPED)
        self.context: list[str] = []
        # For each open element: is it a heading's permalink (``a.headerlink``)?
        self._permalink: list[bool] = []
        self.section: Section | None = None
        self.data: list[Section] = []

    def _current(self) -> Section:
        if self.section is None:
            self.section = Section("hx")
            self.data.append(self.section)
        return self.section

    def _skipping(self) -> bool:
        return not self.skip.isdisjoint(self.context)

    def _target(self, section: Section) -> list[str]:
        return section.title if section.tag in self.context else section.text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """An element opens: a heading with an id starts a section; a kept tag is written bare."""
        if tag in _VOID:
            return
        values = dict(attrs)
        self.context.append(tag)
        self._permalink.append(tag == "a" and values.get("class") == "headerlink")
        if tag in _HEADINGS and "id" in values:
            depth = len(self.context)
            if tag != "h1" and not self.data:
                self.section = Section("hx", depth=depth)
                self.data.append(self.section)
            self.section = Section(tag, values, depth)
            if self.data:
                self.section.id = values["id"]
            self.data.append(self.section)
        section = self._current()
        for key, value in values.items():
            if key == "data-search-exclude" or (key == "class" and value == "linenodiv"):
                self.skip.add(tag)
                return
        if tag in _KEEP and not self._skipping():
            self._target(section).append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        """An element closes: leave a heading's section if it was nested; close or drop a kept tag."""
        if not self.context or self.context[-1] != tag:
            return
        section = self._current()
        if section.depth > len(self.context):
            for earlier in reversed(self.data):
                if earlier.depth <= len(self.context):
                    section.depth = float("inf")
                    self.section = section = earlier
                    break
        self.context.pop()
        self._permalink.pop()
        if tag in self.skip:
            if tag not in _ALWAYS_SKIPPED:
                self.skip.remove(tag)
            return
        if tag in _KEEP and not self._skipping():
            data = self._target(section)
            index = data.index(f"<{tag}>")
            if any(not piece.isspace() for piece in data[index + 1 :]):
                data.append(f"</{tag}>")
            else:
                del data[index:]

    def handle_data(self, data: str) -> None:
        """Text: into the heading's title (not its permalink) or the section's text, space folded."""
        if self._skipping():
            return
        if "pre" not in self.context:
            data = data.replace("\n", " ") if not data.isspace() else " "
        section = self._current()
        if section.tag in self.context:
            if not any(self._permalink):
                section.title.append(escape(data, quote=False))
        elif data.isspace():
            if not section.text or not section.text[-1].isspace() or "pre" in self.context:
                section.text.append(data)
        else:
            section.text.append(escape(data, quote=False))


def sections(markup: str) -> list[Section]:
    """The search sections of ``markup`` (serializer-clean HTML, see ``site.markup``), in page order."""
    builder = SectionBuilder()
    feed(markup, builder)
    return builder.data
