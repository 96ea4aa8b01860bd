"""Finished HTML kept away from the Markdown renderer, and from the search indexer.

Generated pages are Markdown documents so that headings feed the table of
contents and authored prose renders as Markdown. Their generated parts (the
summary card, tables, lists, charts) are finished, escaped HTML. Python-Markdown
would re-parse every such block with its HTML parser (``md_in_html``), which
costs more than everything else on a campaign page. So the blocks are wrapped
with ``shield`` when a page is generated, ``lift``-ed out before Markdown runs
(a token comment stays in their place: Markdown passes a comment through
as it is, at less cost than a paragraph) and put back afterwards.

Putting them back takes two steps, because the search indexer parses the
HTML of every page too, tag by tag, and generated markup is dense. Once the
page is rendered, ``stand_in`` puts the *text* of each block in its place (a
single ``<div>``: what a reader could search for, without the markup), and
once the page has been indexed ``restore`` swaps each stand-in for its block.
A block marked ``search=False`` (charts: data, not prose) stands in empty.

Authored text cannot forge either end. The markers ``shield`` writes carry a
secret drawn when the process starts, so a marker an author copies into a
plan is only a comment (which the sanitizer removes, with whatever it was
meant to smuggle). The token carries a hash of the whole page source. This
module is plain Python, shared by ``site`` and ``charts``.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

#: Drawn once per process; never written to a page (markers are gone after ``lift``).
_SECRET = secrets.token_hex(8)
START = f"<!-- masa:html {_SECRET} -->"
START_NO_SEARCH = f"<!-- masa:html {_SECRET} nosearch -->"
END = f"<!-- /masa:html {_SECRET} -->"
_BLOCK = re.compile(
    re.escape(f"<!-- masa:html {_SECRET}") + r"( nosearch)? -->\n(.*?)\n" + re.escape(END), re.DOTALL
)
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_BEFORE_PUNCTUATION = re.compile(r" ([,.;:!?)])")


@dataclass(frozen=True)
class Block:
    """One lifted block: its HTML, and the text the search index gets in its place."""

    html: str
    search_text: str


def shield(html: str, *, search: bool = True) -> str:
    """Mark a block of finished HTML so that Markdown does not touch it.

    ``search=False`` keeps the block out of the search index (its text is
    data for a chart, say, not words a reader looks for).
    """
    if not html.strip():
        return ""
    return f"{START if search else START_NO_SEARCH}\n{html.strip()}\n{END}\n"


def search_text(html: str) -> str:
    """The text of a block of generated HTML: tags and scripts dropped, space folded.

    Generated HTML escapes ``<``, ``>`` and ``&`` in text and attributes, so
    what remains is text with character references, safe to put into HTML.
    """
    text = _SPACE.sub(" ", _TAG.sub(" ", _SCRIPT.sub(" ", html)))
    return _BEFORE_PUNCTUATION.sub(r"\1", text).strip()


def lift(markdown: str) -> tuple[str, dict[str, Block]]:
    """Replace every shielded block by a token comment; return the blocks by token."""
    if START not in markdown and START_NO_SEARCH not in markdown:
        return markdown, {}
    nonce = hashlib.sha256(markdown.encode("utf-8")).hexdigest()[:16]
    blocks: dict[str, Block] = {}

    def replace(match: re.Match[str]) -> str:
        token = f"MASAHTML{nonce}N{len(blocks)}"
        html = match.group(2)
        blocks[token] = Block(html, "" if match.group(1) else search_text(html))
        return f"\n{_comment(token)}\n"

    return _BLOCK.sub(replace, markdown), blocks


def _comment(token: str) -> str:
    return f"<!-- {token} -->"


def _stand_in(token: str, block: Block) -> str:
    return f'<div data-masa-block="{token}">{block.search_text}</div>'


def stand_in(html: str, blocks: dict[str, Block]) -> tuple[str, list[str]]:
    """Put each block's search text in place of its token comment.

    Returns the HTML and the tokens whose comment was not found (Markdown
    can only lose one if a page was generated with a token inside other
    markup: a bug to report, not to hide).
    """
    missing = []
    for token, block in blocks.items():
        comment = _comment(token)
        if comment in html:
            html = html.replace(comment, _stand_in(token, block), 1)
        else:
            missing.append(token)
    return html, missing


def restore(html: str, blocks: dict[str, Block]) -> str:
    """Swap each stand-in (or a token comment still in place) for its block's HTML."""
    for token, block in blocks.items():
        placed = _stand_in(token, block)
        if placed in html:
            html = html.replace(placed, block.html, 1)
        else:
            html = html.replace(_comment(token), block.html, 1)
    return html
