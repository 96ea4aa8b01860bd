"""The HTML of a chart: a figure with a JSON data island, and its table.

A chart is written at build time as::

    <div class="masa-chart-block">
      <figure class="masa-chart" data-chart="KIND" data-label="...">
        <p class="masa-chart__fallback">This chart needs JavaScript. ...</p>
        <script type="application/json">{...}</script>
        <figcaption>...</figcaption>
      </figure>
      <table>... the same figures ...</table>
    </div>

``masa-charts.js`` replaces the fallback note with the drawing. The table is
there for readers without JavaScript, for screen readers and for the search
index. Everything that comes from content is escaped here: text with
``html.escape``, the data island with ``json.dumps`` and ``<``, ``>``, ``&``
written as ``\\u003c``, ``\\u003e``, ``\\u0026`` so that no ``</script>`` in a
title can end the island. No blank line is ever emitted, so Markdown keeps a
fragment as one raw HTML block.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

# Line breaks and runs of ordinary spaces; a no-break space (as in "85 %") stays.
_BREAKS = re.compile(r"[ \t\n\r\f\v\u2028\u2029]+")


class Html(str):
    """Markup that is already safe: written into a page as it is."""

    __slots__ = ()


Cell = str | Html


def esc(value: object) -> str:
    """``value`` as HTML text: escaped (quotes too), whitespace folded to single spaces."""
    return html.escape(_BREAKS.sub(" ", str(value)).strip(), quote=True)


def link(href: str, text: object) -> Html:
    """An ``<a>`` with an escaped target and text."""
    return Html(f'<a href="{esc(href)}">{esc(text)}</a>')


def data_island(data: Any) -> str:
    """``data`` as JSON that is safe between ``<script type="application/json">`` tags.

    Raises ``ValueError`` on ``inf`` or ``NaN``, which JSON cannot hold.
    """
    # ASCII (other characters as \u escapes): pages that put a chart among
    # other generated HTML write that HTML's characters as references
    # (``rawhtml.shield``), which a script element would not decode.
    text = json.dumps(data, ensure_ascii=True, allow_nan=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    # Line and paragraph separators are valid JSON but end lines for some parsers.
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def figure(
    kind: str,
    data: Mapping[str, Any],
    *,
    label: str,
    caption: str,
    fallback: str,
    lang: str = "en",
    shared: dict[str, Any] | None = None,
) -> Html:
    """A ``<figure class="masa-chart">`` that masa-charts.js draws ``kind`` into.

    ``lang`` is the language of the chart: its axis numbers are written with
    the symbols of ``numbers.chart_number_format`` (which the site's chart
    settings script holds once, see ``charts.settings_script``), the same as
    every figure of the pages, and its dates in the browser's form for that
    language. An empty ``caption`` leaves out the ``<figcaption>``.

    With ``shared`` (a dict), the figure has neither a data island nor a
    fallback note of its own: its data goes into ``shared[kind]``, and
    ``shared_island`` writes one island (and one note) for all the figures
    of a block.
    """
    head = (
        f'<figure class="masa-chart" data-chart="{esc(kind)}" data-label="{esc(label)}" lang="{esc(lang)}">'
    )
    tail = f"{f'<figcaption>{esc(caption)}</figcaption>' if caption else ''}</figure>"
    if shared is not None:
        shared[kind] = data
        return Html(head + tail)
    return Html(
        f'{head}<p class="masa-chart__fallback">{esc(fallback)}</p>'
        f'<script type="application/json">{data_island(data)}</script>{tail}'
    )


def shared_island(shared: Mapping[str, Any], *, fallback: str) -> Html:
    """The one fallback note and data island of a block of figures made with ``shared``.

    The island maps each figure's kind to its data (``{"charts": {KIND:
    data}}``); masa-charts.js reads it for every figure of the block.
    """
    island = {"charts": dict(shared)}
    return Html(
        f'<p class="masa-chart__fallback">{esc(fallback)}</p>'
        f'<script type="application/json">{data_island(island)}</script>'
    )


def _cell(tag: str, value: Cell, numeric: bool) -> str:
    content = value if isinstance(value, Html) else esc(value)
    align = ' style="text-align:right"' if numeric else ""
    name = tag.split()[0]
    return f"<{tag}{align}>{content}</{name}>"


def table(
    caption: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    numeric: Iterable[int] = (),
) -> Html:
    """An accessible table: a caption, column headers, the first cell of a row as its header.

    Plain strings are escaped; ``Html`` cells (links) are written as they are.
    Columns whose index is in ``numeric`` are right-aligned.
    """
    right = set(numeric)
    head = "".join(_cell('th scope="col"', h, i in right) for i, h in enumerate(headers))
    body = "".join(
        "<tr>"
        + "".join(_cell('th scope="row"' if i == 0 else "td", cell, i in right) for i, cell in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return Html(
        f"<table><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def block(*parts: str, css_class: str = "masa-chart-block") -> Html:
    """Parts in one ``<div>``: a raw HTML block that Markdown leaves alone."""
    return Html(f'<div class="{esc(css_class)}">{"".join(parts)}</div>')


def details(summary: str, content: Html) -> Html:
    """``content`` behind a ``<details>`` toggle (works without JavaScript)."""
    return Html(
        f'<details class="masa-chart__data abstract"><summary>{esc(summary)}</summary>{content}</details>'
    )
