"""Finished HTML kept away from the Markdown renderer, and from the search indexer.

Generated pages are Markdown documents so that authored prose renders as
Markdown. Their generated parts (the summary card, tables, lists, charts, and
the headings between them) are finished, escaped HTML. Python-Markdown would
re-parse every such block with its HTML parser (``md_in_html``) and run its
inline patterns and table-of-contents pass over every heading, which costs
more than everything else on a campaign page. So each run of adjacent
generated parts becomes one ``Block``, and the Markdown holds one token
comment in its place (Markdown passes a comment through as it is). A page
whose parts are all known when it is made (campaign, play, anti-pattern) is
made that way directly: ``compose`` takes authored Markdown, ``fragment``-s
and ``heading_part``-s. Other pages mark their parts in their Markdown with
``shield`` and ``shield_heading``, and ``lift`` takes them out before Markdown
runs. Generated parts are written in ASCII (``ascii_html``).

After rendering, ``place`` gives each generated heading its id (the one the
Markdown renderer's table-of-contents extension would give it, unique on the
page) and its permalink, and ``ordered_toc`` lists the page's headings,
authored and generated, in page order for the table of contents.

The search index gets each block's *text*, not its dense markup: its
headings, so that search still finds a section, and the text of each part
(``Placed.search``); a part marked ``search=False`` (charts: data, not prose)
gives none. On a page whose every generated part is a block, the rendered
page is split at the token comments into authored pieces and tokens
(``pieces``); ``join`` puts the blocks in, and the search sections are made
from the pieces and the blocks' text without parsing the blocks again. On
other pages the search indexer parses the HTML: once the page is rendered,
``stand_in`` puts each block's text in its place as HTML, and once the page
has been indexed ``restore`` swaps each stand-in for the block.

Authored text cannot forge either end. The markers ``shield`` writes carry a
secret drawn when the process starts, so a marker an author copies into a
plan is only a comment (which the sanitizer removes, with whatever it was
meant to smuggle). A token carries a hash of the whole page source
(``lift``), or of the page's authored text and that secret (``compose``).
This module is plain Python, shared by ``site`` and ``charts``.
"""

from __future__ import annotations

import functools
import hashlib
import html as html_lib
import re
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from markdown.extensions.toc import slugify, unique
from markdown.util import parseBoolValue

#: Drawn once per process; never written to a page (markers are gone after ``lift``).
_SECRET = secrets.token_hex(8)
START = f"<!-- masa:html {_SECRET} -->"
START_NO_SEARCH = f"<!-- masa:html {_SECRET} nosearch -->"
END = f"<!-- /masa:html {_SECRET} -->"
_PREFIX = f"<!-- masa:html {_SECRET}"
_CLOSE = f"\n{END}"
_KINDS = {None, "nosearch", "h1", "h2", "h3", "h4", "h5", "h6"}
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
# A space before punctuation (a lookahead: the replacement is a plain "", no group to copy).
_BEFORE_PUNCTUATION = re.compile(r" (?=[,.;:!?)])")

#: One entry of a table of contents: level, id, and the title as HTML.
TocEntry = tuple[int, str, str]
#: A generated part as search sees it: a heading (level, id, text as HTML)
#: or the text of a part (0, "", text as HTML).
SearchPart = tuple[int, str, str]


# Heading, Fragment, Block and Placed are named tuples: a page has dozens
# of them, and a frozen dataclass costs several times as much to make.


class Heading(NamedTuple):
    """A generated heading: its level and its text as HTML (escaped)."""

    level: int
    html: str


class Fragment(NamedTuple):
    """A generated piece of HTML and the text the search index gets in its place."""

    html: str
    search_text: str


class Block(NamedTuple):
    """A run of adjacent generated parts, lifted out of a page's Markdown as one token."""

    parts: tuple[Heading | Fragment, ...]


class Placed(NamedTuple):
    """A block with its headings' ids decided: as it goes on the page, and as search sees it."""

    html: str
    search: tuple[SearchPart, ...]
    toc: tuple[TocEntry, ...]

    def stand_in(self, token: str) -> str:
        """What the search indexer parses in place of the block: its token comment, headings and text."""
        pieces = [token_comment(token)]
        for level, ident, text in self.search:
            if level:
                pieces.append(f'<h{level} id="{html_lib.escape(ident, quote=True)}">{text}</h{level}>')
            else:
                pieces.append(f"<div>{text}</div>")
        return "".join(pieces)


@functools.lru_cache(maxsize=4096)
def _slug(slugify: Callable[[str, str], str], separator: str, text: str) -> str:
    """The id ``slugify`` makes of a heading's text (HTML); labels repeat on every page."""
    return slugify(html_lib.unescape(text), separator)


@dataclass(frozen=True)
class Anchors:
    """How the Markdown renderer marks up a heading; generated headings follow the same settings.

    The fields mirror the options of Python-Markdown's ``toc`` extension:
    ``slugify(text, separator)`` makes an id, ``permalink`` is the HTML of the
    link after (or, ``permalink_leading``, before) the heading text or
    ``None``, ``anchorlink`` turns the text into a link, and only headings
    with a level in ``toc_levels`` go into the table of contents.
    """

    slugify: Callable[[str, str], str] = slugify
    separator: str = "-"
    permalink: str | None = None
    permalink_class: str = "headerlink"
    permalink_title: str = "Permanent link"
    permalink_leading: bool = False
    anchorlink: bool = False
    anchorlink_class: str = "toclink"
    base_level: int = 1
    toc_levels: tuple[int, int] = (1, 6)

    @classmethod
    def from_toc_options(cls, options: Mapping[str, Any]) -> Anchors:
        """The settings from the options of the ``toc`` extension (as in ``mkdocs.yml``), read as it reads them."""
        permalink = options.get("permalink", False)
        use = parseBoolValue(permalink, False)
        use = permalink if use is None else use  # a symbol of the author's choice
        symbol = "&para;" if use is True else None if use is False else html_lib.escape(str(use), quote=False)
        depth = options.get("toc_depth", 6)
        if isinstance(depth, str) and "-" in depth:
            top, bottom = (int(x) for x in depth.split("-", 1))
        else:
            top, bottom = 1, int(depth)
        return cls(
            slugify=options.get("slugify") or slugify,
            separator=str(options.get("separator", "-")),
            permalink=symbol,
            permalink_class=str(options.get("permalink_class", "headerlink")),
            permalink_title=str(options.get("permalink_title", "Permanent link")),
            permalink_leading=bool(parseBoolValue(options.get("permalink_leading", False), False)),
            anchorlink=bool(parseBoolValue(options.get("anchorlink", False), False)),
            anchorlink_class=str(options.get("anchorlink_class", "toclink")),
            base_level=int(options.get("baselevel", 1)),
            toc_levels=(top, bottom),
        )

    def level(self, level: int) -> int:
        """The level a heading is rendered at, ``baselevel`` applied."""
        return min(level + self.base_level - 1, 6)

    def heading(self, level: int, ident: str, text: str) -> str:
        """The HTML of a heading of ``level`` with id ``ident`` and text ``text`` (HTML)."""
        quoted = html_lib.escape(ident, quote=True)
        anchor_class = html_lib.escape(self.anchorlink_class)
        inner = f'<a class="{anchor_class}" href="#{quoted}">{text}</a>' if self.anchorlink else text
        if self.permalink is not None:
            title = f' title="{html_lib.escape(self.permalink_title)}"' if self.permalink_title else ""
            link = f'<a class="{html_lib.escape(self.permalink_class)}" href="#{quoted}"{title}>{self.permalink}</a>'
            inner = link + inner if self.permalink_leading else inner + link
        return f'<h{level} id="{quoted}">{inner}</h{level}>'


def ascii_html(html: str) -> str:
    """``html`` with every character beyond ASCII written as a numeric character reference.

    A page is shown the same either way, but Python keeps a string with one
    character beyond U+00FF (an en dash, an ellipsis) at two or four bytes a
    character: every copy, search and encoding of the page that holds it
    costs that much more. So the generated parts of a page are ASCII, and an
    ASCII page stays compact. Not for the contents of ``<script>`` or
    ``<style>`` elements, which do not decode references (chart data is
    ASCII JSON).
    """
    return html if html.isascii() else html.encode("ascii", "xmlcharrefreplace").decode("ascii")


def shield(html: str, *, search: bool = True) -> str:
    """Mark a block of finished HTML so that Markdown does not touch it; written in ASCII (``ascii_html``).

    ``search=False`` keeps the block out of the search index (its text is
    data for a chart, say, not words a reader looks for).
    """
    if not html.strip():
        return ""
    return f"{START if search else START_NO_SEARCH}\n{ascii_html(html.strip())}\n{END}\n"


def shield_heading(level: int, text: object) -> str:
    """Mark a generated heading (``text`` is plain text) so that Markdown does not touch it.

    It keeps its place in the table of contents and the search index: ``place``
    gives it the id and permalink a Markdown heading would have. Written in
    ASCII, like ``shield``.
    """
    return f"{_PREFIX} h{level} -->\n{heading_part(level, text).html}\n{END}\n"


def fragment(html: str, *, search: bool = True) -> Fragment | None:
    """A generated part of a page made with ``compose``: finished HTML, written in ASCII; ``None`` if blank.

    ``search=False`` keeps the part out of the search index, as for ``shield``.
    """
    html = html.strip()
    if not html:
        return None
    html = ascii_html(html)
    return Fragment(html, search_text(html) if search else "")


def heading_part(level: int, text: object) -> Heading:
    """A generated heading of a page made with ``compose`` (``text`` is plain text), as ``shield_heading``."""
    return Heading(level, ascii_html(html_lib.escape(" ".join(str(text).split()), quote=True)))


#: What ``compose`` makes a page of: authored Markdown, generated parts, nothing.
PagePart = str | Heading | Fragment | None


def compose(parts: Iterable[PagePart]) -> tuple[str, dict[str, Block]]:
    """A page's Markdown and its blocks, as ``lift`` would make them of the page written with ``shield``.

    For a page whose generated parts are all known when it is made (campaign,
    play and anti-pattern pages): no markers are written and searched for.
    Each run of adjacent generated parts becomes one block and one token
    comment; a string is authored Markdown. The tokens carry a hash of the
    authored text and of a secret drawn when the process starts, so an author
    cannot write one.
    """
    groups: list[str | list[Heading | Fragment]] = []
    for part in parts:
        if part is None or part == "":
            continue
        last = groups[-1] if groups else None
        if isinstance(part, str):
            if isinstance(last, str):
                groups[-1] = f"{last}\n{part}"
            else:
                groups.append(part)
        elif isinstance(last, list):
            last.append(part)
        else:
            groups.append([part])
    authored = "\0".join(group for group in groups if isinstance(group, str))
    nonce = hashlib.sha256(f"{_SECRET}\0{authored}".encode()).hexdigest()[:16]
    out: list[str] = []
    blocks: dict[str, Block] = {}
    final = len(groups) - 1
    for index, group in enumerate(groups):
        if isinstance(group, str):  # separated from the blocks around it by a blank line
            out += ["\n" if index else "", group, "\n" if index < final else ""]
            continue
        token = f"MASAHTML{nonce}N{len(blocks)}"
        blocks[token] = Block(tuple(group))
        out.append(f"\n{token_comment(token)}\n\n")
    return "".join(out), blocks


def search_text(html: str) -> str:
    """The text of a block of generated HTML: tags and scripts dropped, space folded.

    Generated HTML escapes ``<``, ``>`` and ``&`` in text and attributes, so
    what remains is text with character references, safe to put into HTML.
    """
    if "<script" in html or "<SCRIPT" in html:
        html = _SCRIPT.sub(" ", html)
    text = " ".join(_TAG.sub(" ", html).split())
    return _BEFORE_PUNCTUATION.sub("", text)


def _part(kind: str | None, body: str) -> Heading | Fragment:
    if kind is not None and kind.startswith("h"):
        return Heading(int(kind[1]), body)
    return Fragment(body, "" if kind == "nosearch" else search_text(body))


def lift(markdown: str) -> tuple[str, dict[str, Block]]:
    """Replace each run of adjacent shielded parts by one token comment; return the blocks by token."""
    if _PREFIX not in markdown:
        return markdown, {}
    nonce = hashlib.sha256(markdown.encode("utf-8")).hexdigest()[:16]
    blocks: dict[str, Block] = {}
    out: list[str] = []
    run: list[Heading | Fragment] = []

    def close_run() -> None:
        if run:
            token = f"MASAHTML{nonce}N{len(blocks)}"
            blocks[token] = Block(tuple(run))
            out.append(f"\n{token_comment(token)}\n\n")
            run.clear()

    pos = 0
    for start, kind, body, end in _parts(markdown):
        between = markdown[pos:start]
        if between.strip():
            close_run()
            out.append(between)
        elif not run:
            out.append(between)
        run.append(_part(kind, body))
        pos = end
    close_run()
    out.append(markdown[pos:])
    return "".join(out), blocks


def _parts(markdown: str) -> Iterator[tuple[int, str | None, str, int]]:
    """Each shielded part: where it starts, its kind, its body and where it ends.

    Plain string search, not a regular expression: a lazy ``.*?`` over blocks
    of several kilobytes costs more than the rest of lifting.
    """
    at = markdown.find(_PREFIX)
    while at >= 0:
        head_end = markdown.find(" -->\n", at + len(_PREFIX))
        if head_end < 0:
            return
        kind = markdown[at + len(_PREFIX) : head_end].strip() or None
        body_end = markdown.find(_CLOSE, head_end + 5)
        if kind not in _KINDS or body_end < 0:
            at = markdown.find(_PREFIX, at + len(_PREFIX))
            continue
        end = body_end + len(_CLOSE)
        if markdown.startswith("\n", end):
            end += 1
        yield at, kind, markdown[head_end + 5 : body_end], end
        at = markdown.find(_PREFIX, end)


def token_comment(token: str) -> str:
    """The comment that holds a lifted block's place in the rendered page."""
    return f"<!-- {token} -->"


def place(blocks: dict[str, Block], *, taken: set[str], anchors: Anchors) -> dict[str, Placed]:
    """Decide the id of every generated heading and render each block, for the page and for search.

    ``taken`` holds the ids already on the page (the authored headings' and
    any others); generated headings get the id their text slugifies to, or
    the next free numbered one, and are added to it.
    """
    placed: dict[str, Placed] = {}
    for token, block in blocks.items():
        page: list[str] = []
        search: list[SearchPart] = []
        toc: list[TocEntry] = []
        for part in block.parts:
            if isinstance(part, Fragment):
                page.append(part.html)
                if part.search_text:
                    search.append((0, "", part.search_text))
                continue
            level = anchors.level(part.level)
            ident = unique(_slug(anchors.slugify, anchors.separator, part.html), taken)
            page.append(anchors.heading(level, ident, part.html))
            search.append((level, ident, part.html))
            if anchors.toc_levels[0] <= level <= anchors.toc_levels[1]:
                toc.append((level, ident, part.html))
        placed[token] = Placed("\n".join(page), tuple(search), tuple(toc))
    return placed


def join(pieces: Sequence[str], block: Callable[[str], str]) -> str:
    """A page from its ``pieces`` (authored HTML and tokens, alternating), each token replaced by ``block(token)``.

    ``block`` may be ``token_comment`` (the page as rendered), a placed
    block's ``stand_in`` or a placed block's HTML (the finished page).
    """
    return "".join(block(piece) if i & 1 else piece for i, piece in enumerate(pieces))


def stand_in(html: str, placed: dict[str, Placed]) -> tuple[str, list[str]]:
    """Put each block's search stand-in in place of its token comment.

    Returns the HTML and the tokens whose comment was not found (Markdown
    can only lose one if a page was generated with a token inside other
    markup: a bug to report, not to hide).
    """
    missing = []
    for token, block in placed.items():
        comment = token_comment(token)
        if comment in html:
            html = html.replace(comment, block.stand_in(token), 1)
        else:
            missing.append(token)
    return html, missing


def restore(html: str, placed: dict[str, Placed]) -> str:
    """Swap each stand-in (or a token comment still in place) for its block's HTML."""
    for token, block in placed.items():
        text = block.stand_in(token)
        if text in html:
            html = html.replace(text, block.html, 1)
        else:
            html = html.replace(token_comment(token), block.html, 1)
    return html


def ordered_toc(html: str, authored: Iterable[TocEntry], placed: dict[str, Placed]) -> list[TocEntry]:
    """The headings of a page in page order: the authored ones (from Markdown) and the generated ones.

    ``html`` is the page with its token comments (as rendered, or after
    ``stand_in``); an authored heading is found by its id, a block by its
    token comment.
    """
    entries: list[tuple[int, int, TocEntry]] = []
    last = 0
    for order, entry in enumerate(authored):
        found = html.find(f' id="{html_lib.escape(entry[1], quote=True)}"')
        last = found if found >= 0 else last
        entries.append((last, order, entry))
    offset = len(entries)
    for token, block in placed.items():
        found = html.find(token_comment(token))
        where = found if found >= 0 else len(html)
        entries.extend((where, offset + i, entry) for i, entry in enumerate(block.toc))
        offset += len(block.toc)
    return [entry for _, _, entry in sorted(entries)]
