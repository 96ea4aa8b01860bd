"""Generated pages as Markdown that renders the same, and safely, in every engine.

A generated page is Markdown made of three kinds of parts (``compose``):

- headings, written as Markdown headings with their text escaped for
  Markdown and HTML (``md_text``): the engine gives them ids and permalinks,
  lists them in the table of contents and starts a search section at each;
- finished HTML (summary cards, tables, lists, charts), already escaped,
  as raw HTML blocks (``shield``): each is wrapped in one ``<div>`` that
  starts a line and is followed by a blank line, so Python-Markdown (which
  MkDocs, ProperDocs and Zensical use) passes all of it through unchanged,
  blank lines inside ``<pre>`` included. Without the wrapper, text after a
  block's first element on the same line would be read as Markdown. None of
  it has a ``markdown`` attribute, so ``md_in_html`` leaves it alone. Its
  last line is an end mark, which lets the ``RawBlocks`` extension pass the
  block on without parsing it (a speed-up only);
- authored text, already rendered to HTML and cleaned (``site.authored``),
  as raw HTML blocks too.

A part that is data rather than words (charts, money tables) is wrapped in a
``<section data-search-exclude>``, which Material's search plugin documents:
the search index gets the words of the page, not its figures. A section,
because the plugin's parser ends an exclusion at the first closing tag of
the same name, and these parts hold ``<div>``-s but no sections.

No part holds ``{{``, ``{%`` or ``{#`` (``template_proof``): a template
engine run over a generated page (a macros plugin) finds nothing to render.
Generated HTML is written in ASCII (``ascii_html``). This module is plain
Python, shared by ``site`` and ``charts``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable
from typing import Any, NamedTuple

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.util import AtomicString

# Characters with a meaning in Markdown (Python-Markdown and its common
# extensions) become numeric character references, which every Markdown flavour
# passes through and every browser shows as the character; HTML's specials
# become the entities ``html.escape`` uses.
_MARKDOWN_TEXT = str.maketrans(
    {ch: f"&#{ord(ch)};" for ch in "\\`*_{}[]()#+-.!|~^=:$"}
    | {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
)


#: The lines that start and end a ``shield``-ed block, by whether search may index it.
_WRAPPERS = {
    True: ('<div class="masa-part">', "</div>"),
    False: ('<section class="masa-part" data-search-exclude>', "</section>"),
}
#: The same for authored text (``authored_block``): a class of its own, indexed.
_AUTHORED = ('<div class="masa-part masa-authored">', "</div>")
# The last line inside a block, which cleaned authored HTML cannot hold (nh3 drops comments).
_END_MARK = "<!-- /masa-part -->"


class Heading(NamedTuple):
    """A heading of a generated page: its level and its text (plain text, not yet escaped)."""

    level: int
    text: str


#: What ``compose`` makes a page of: a heading, Markdown that is already safe
#: (``shield``-ed HTML, rendered authored parts), or nothing.
PagePart = str | Heading | None


def ascii_html(html: str) -> str:
    """``html`` with every character beyond ASCII written as a numeric character reference.

    A page is shown the same either way, but Python keeps a string with one
    character beyond U+00FF (an en dash, an ellipsis) at two or four bytes a
    character: every copy, search and encoding of the page that holds it
    costs that much more. So the generated parts of a page are ASCII. Not for
    the contents of ``<script>`` or ``<style>`` elements, which do not decode
    references (chart data is ASCII JSON).
    """
    return html if html.isascii() else html.encode("ascii", "xmlcharrefreplace").decode("ascii")


def md_text(value: object) -> str:
    """``value`` as text safe in Markdown *and* HTML, e.g. for a ``# heading`` line.

    HTML specials become entities and Markdown specials numeric character
    references, so a title such as ``*not* `code` | pipe`` is shown exactly as
    written and cannot start emphasis, a table or a link. Line breaks become
    spaces: a heading is one line.
    """
    return " ".join(str(value).split()).translate(_MARKDOWN_TEXT)


def markdown_heading(level: int, text: object) -> str:
    """A Markdown ATX heading line (``## text``) with ``text`` escaped by ``md_text``, in ASCII."""
    return f"{'#' * level} {ascii_html(md_text(text))}\n"


def template_proof(html: str) -> str:
    """``html`` without ``{{``, ``{%`` or ``{#``, shown and read the same.

    Outside ``<script>`` elements every ``{`` becomes ``&#123;``; inside them
    (JSON data islands, where such pairs can only be inside strings) the
    second character becomes a JSON escape (``{\\u007b``).
    """
    if "{{" not in html and "{%" not in html and "{#" not in html:
        return html
    pieces: list[str] = []
    pos = 0
    while (start := html.find("<script", pos)) >= 0 and (end := html.find("</script>", start)) >= 0:
        script = html[start:end]
        for pair, escaped in (("{{", "{\\u007b"), ("{%", "{\\u0025"), ("{#", "{\\u0023")):
            script = script.replace(pair, escaped)
        pieces += [html[pos:start].replace("{", "&#123;"), script]
        pos = end
    pieces.append(html[pos:].replace("{", "&#123;"))
    return "".join(pieces)


def shield(html: str, *, search: bool = True) -> str:
    """Finished HTML as a raw HTML block no Markdown renderer changes; written in ASCII (``ascii_html``).

    ``search=False`` keeps the block out of the search index (its text is
    data for a chart, say, not words a reader looks for).
    """
    html = template_proof(html.strip())
    if not html:
        return ""
    start, end = _WRAPPERS[search]
    return f"\n{start}\n{ascii_html(html)}\n{_END_MARK}\n{end}\n\n"


def authored_block(clean_html: str) -> str:
    """Cleaned authored HTML (``site.authored``) as a raw HTML block, like ``shield``.

    Wrapped and end-marked as the generated parts are, so ``RawBlocks``
    passes it on without parsing it tag by tag; its text is already ASCII
    and template-proof, so it is not converted again.
    """
    start, end = _AUTHORED
    return f"{start}\n{clean_html}\n{_END_MARK}\n{end}\n"


def heading_part(level: int, text: object) -> Heading:
    """A generated heading (``text`` is plain text), for ``compose``."""
    return Heading(level, " ".join(str(text).split()))


def fragment(html: str, *, search: bool = True) -> str | None:
    """Finished HTML as a part for ``compose`` (``shield``); ``None`` if blank."""
    return shield(html, search=search) or None


def compose(parts: Iterable[PagePart]) -> str:
    """The Markdown of a page made of headings and safe Markdown, separated by blank lines."""
    out: list[str] = []
    for part in parts:
        if isinstance(part, Heading):
            out.append(markdown_heading(part.level, part.text))
        elif part:
            out.append(part.strip("\n") + "\n")
    return "\n".join(out)


class _StashBlocks(Preprocessor):  # type: ignore[misc]  # Python-Markdown has no type hints
    """Hands each ``shield``-ed block to Python-Markdown as one raw HTML block, unparsed.

    Python-Markdown (and MkDocs' anchor scan before it) would take every tag
    of the block apart with ``html.parser`` only to find where it ends and
    pass it through unchanged; here the block's end is its end mark. Authored
    HTML is a block of its own (``authored_block``), stashed whole from its
    start to its end mark (which cleaned HTML cannot hold), so a block start
    an author wrote inside it changes nothing.
    """

    def __init__(self, md: Markdown, placeholders: set[str]) -> None:
        super().__init__(md)
        self.placeholders = placeholders

    def run(self, lines: list[str]) -> list[str]:
        """The document's lines, each block replaced by the placeholder of its stashed HTML."""
        self.placeholders.clear()
        out: list[str] = []
        index, count = 0, len(lines)
        while index < count:
            line = lines[index]
            if line in _STARTS and (index == 0 or not lines[index - 1].strip()):
                end = _block_end(lines, index + 1)
                if end is not None:
                    placeholder = self.md.htmlStash.store(self._html(lines, index, end))
                    self.placeholders.add(placeholder)
                    out += ["", placeholder, ""]
                    index = end + 1
                    continue
            out.append(line)
            index += 1
        return out

    def _html(self, lines: list[str], start: int, end: int) -> str:
        """The HTML to put in place of the block from ``lines[start]`` to ``lines[end]``.

        The end mark is for this extension only, and is left out. So is a
        ``<div>`` wrapper, which is there for Markdown parsers (an indexed
        block, ``shield``), when what it holds starts with a block-level
        element: the page is the same without it, with one level less of
        nesting for search indexers to walk. A ``<section>`` that keeps its
        content out of the search index stays.
        """
        inner = lines[start + 1 : end - 1]
        if lines[end] == "</div>" and inner and self.md.is_block_level(_first_tag(inner[0])):
            return "\n".join(inner)
        return "\n".join([lines[start], *inner, lines[end]])


def _first_tag(line: str) -> str:
    """The name of the element ``line`` starts with, or ``""``."""
    match = _TAG.match(line)
    return match.group(1).lower() if match else ""


_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)")


class _StashedParagraph(BlockProcessor):  # type: ignore[misc]
    """Takes the placeholder of a stashed block as a paragraph whose text no inline pattern is tried on.

    Python-Markdown would make the same paragraph after asking every other
    block processor, then try every inline pattern on the placeholder;
    ``RawHtmlPostprocessor`` puts the stashed HTML in its place either way.
    """

    def __init__(self, parser: Any, placeholders: set[str]) -> None:
        super().__init__(parser)
        self.placeholders = placeholders

    def test(self, parent: etree.Element, block: str) -> bool:
        """True for the placeholder of a block ``_StashBlocks`` stashed."""
        return block in self.placeholders

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        """Add the paragraph that holds the placeholder."""
        etree.SubElement(parent, "p").text = AtomicString(blocks.pop(0))


_STARTS = frozenset([*(start for start, _ in _WRAPPERS.values()), _AUTHORED[0]])
_ENDS = frozenset([*(end for _, end in _WRAPPERS.values()), _AUTHORED[1]])


def _block_end(lines: list[str], start: int) -> int | None:
    """The index of the line that closes the block whose content starts at ``start``, if any."""
    for index in range(start, len(lines) - 1):
        if lines[index] == _END_MARK and lines[index + 1] in _ENDS:
            return index + 1
    return None


class RawBlocks(Extension):  # type: ignore[misc]
    """A Python-Markdown extension: generated blocks pass through without being parsed.

    Only a speed-up: without it the same blocks render the same, parsed. The
    MkDocs adapter adds it; ``mkdocs.yml`` may name it (``masa_playbook.rawhtml``).
    """

    def extendMarkdown(self, md: Markdown) -> None:
        """Run before MkDocs' anchor scan (21) and Python-Markdown's HTML blocks (20)."""
        placeholders: set[str] = set()
        md.preprocessors.register(_StashBlocks(md, placeholders), "masa_raw_blocks", 25)
        md.parser.blockprocessors.register(_StashedParagraph(md.parser, placeholders), "masa_raw_blocks", 200)


def makeExtension(**kwargs: object) -> RawBlocks:
    """The extension, for ``markdown_extensions: [masa_playbook.rawhtml]``."""
    return RawBlocks(**kwargs)
