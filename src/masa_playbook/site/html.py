"""Escaping, and the few HTML and Markdown builders the generated pages use.

Every value that comes from content (a title, a name, a tag) reaches a page
through ``esc`` (or ``rawhtml.md_text`` for headings); HTML is never assembled
from unescaped values.
MkDocs' templates do not autoescape, so what a page puts into its title and
meta data must already be safe HTML (``page_meta``).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import NamedTuple


def esc(value: object) -> str:
    """``value`` as HTML text, safe in element content and in quoted attributes.

    The same as ``html.escape(str(value), quote=True)``, and ``{`` becomes
    ``&#123;``: the browser shows the same, but a template engine run over a
    generated page (a macros plugin) finds no ``{{`` or ``{%`` in it. Most
    values (names, numbers, labels) hold none of these characters, and are
    returned as they are without six passes of ``str.replace``.
    """
    text = value if type(value) is str else str(value)
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text or "{" in text:
        return html.escape(text, quote=True).replace("{", "&#123;")
    return text


def attrs(values: Mapping[str, object | None]) -> str:
    """`` key="value"`` pairs (leading space included); ``None`` values are left out."""
    return "".join(f' {name}="{esc(value)}"' for name, value in values.items() if value is not None)


def link(href: str, text: object, *, cls: str | None = None) -> str:
    """An ``<a>`` element with escaped target and text."""
    return f"<a{attrs({'href': href, 'class': cls})}>{esc(text)}</a>"


def element(tag: str, content_html: str, *, cls: str | None = None, **extra: object | None) -> str:
    """``<tag class=...>content</tag>``; ``content_html`` must already be HTML."""
    return f"<{tag}{attrs({'class': cls, **extra})}>{content_html}</{tag}>"


def items(values: Iterable[str], *, cls: str | None = None, ordered: bool = False) -> str:
    """A list element from items that are already HTML; empty string for no items.

    Neighbouring items, cells and facts are separated by a line break here and
    in ``table`` and ``facts``: the search index reads the text of a page,
    and words of neighbouring cells must not run together. Nowhere else:
    every run of whitespace between tags is one more text node for each
    engine's HTML parser and search indexer, on each of a thousand pages.
    """
    rows = "\n".join(f"<li>{value}</li>" for value in values)
    if not rows:
        return ""
    return element("ol" if ordered else "ul", rows, cls=cls)


class Cell(NamedTuple):
    """A table cell with a class of its own: its content (HTML) and the class."""

    html: str
    cls: str


def _cell(cell: str | Cell) -> str:
    if isinstance(cell, Cell):
        return f'<td class="{esc(cell.cls)}">{cell.html}</td>'
    return f"<td>{cell}</td>"


def table(head: Iterable[str], rows: Iterable[Iterable[str | Cell]], *, cls: str | None = None) -> str:
    """A table from header texts (escaped here) and rows of cells that are already HTML (or ``Cell``-s)."""
    header = "\n".join(f"<th>{esc(h)}</th>" for h in head)
    body = "".join("<tr>" + "\n".join(_cell(cell) for cell in row) + "</tr>\n" for row in rows)
    return f"<table{attrs({'class': cls})}><thead><tr>{header}</tr></thead>\n<tbody>{body}</tbody></table>"


def facts(rows: Iterable[tuple[str, str]], *, cls: str = "masa-card") -> str:
    """A description list from (label text, value HTML) pairs; pairs without a value are left out."""
    body = "\n".join(f"<dt>{esc(label)}</dt>\n<dd>{value}</dd>" for label, value in rows if value)
    return f'<dl class="{esc(cls)}">{body}</dl>'


def page_meta(meta: Mapping[str, object]) -> dict[str, object]:
    """The metadata of a generated page (what front matter would hold), its texts HTML-escaped.

    Themes print ``page.meta`` unescaped, so every string in it is escaped here.
    """
    return {str(key): _escape_values(value) for key, value in meta.items()}


def _escape_values(value: object) -> object:
    if isinstance(value, str):
        return esc(value)
    if isinstance(value, Mapping):
        return {str(k): _escape_values(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_escape_values(v) for v in value]
    return value
