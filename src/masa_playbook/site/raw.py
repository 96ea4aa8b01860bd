"""Generated HTML kept away from the Markdown renderer.

Generated pages are Markdown documents so that headings feed the table of
contents and authored prose renders as Markdown. Their generated parts (the
summary card, tables, lists, charts) are finished, escaped HTML. Python-Markdown
would re-parse every such block with its HTML parser (``md_in_html``), which
costs more than everything else on a campaign page. So the blocks are wrapped
with ``shield`` when a page is generated, ``lift``-ed out before Markdown runs
(a token paragraph stays in their place) and put back with ``restore`` into the
rendered HTML.

The token carries a hash of the whole page source, so text an author writes
cannot forge it.
"""

from __future__ import annotations

import hashlib
import re

START = "<!-- masa:html -->"
END = "<!-- /masa:html -->"
_BLOCK = re.compile(re.escape(START) + r"\n(.*?)\n" + re.escape(END), re.DOTALL)


def shield(html: str) -> str:
    """Mark a block of finished HTML so that Markdown does not touch it."""
    return f"{START}\n{html.strip()}\n{END}\n" if html.strip() else ""


def lift(markdown: str) -> tuple[str, dict[str, str]]:
    """Replace every shielded block by a token paragraph; return the blocks by token."""
    if START not in markdown:
        return markdown, {}
    nonce = hashlib.sha256(markdown.encode("utf-8")).hexdigest()[:16]
    blocks: dict[str, str] = {}

    def replace(match: re.Match[str]) -> str:
        token = f"MASAHTML{nonce}N{len(blocks)}"
        blocks[token] = match.group(1)
        return f"\n{token}\n"

    return _BLOCK.sub(replace, markdown), blocks


def restore(html: str, blocks: dict[str, str]) -> str:
    """Put the lifted blocks back in place of their token paragraphs."""
    for token, block in blocks.items():
        html = html.replace(f"<p>{token}</p>", block, 1)
    return html
