"""Drop the indentation of rendered pages: about a sixth of every page is template indentation.

The theme's templates are indented for people reading them, and every page
would carry that indentation: on a campaign page about 6 KB of about 39 KB.
``squeeze`` removes blank lines and the white space at the start of each
line, except inside ``<pre>`` and ``<textarea>``, where white space is
content. A line break stays wherever white space was, so text and inline
elements render exactly as before (HTML folds a run of white space into one).

Squeezing every finished page costs a regular expression over all of it,
most of whose matches are the templates' indentation. So ``SqueezedLoader``
squeezes the *templates* once, as the template engine loads them, and the
pages come out nearly squeezed: what is left is the line breaks of lines
that held only a template tag, and the odd indented line of authored text.
``squeeze`` on the finished page removes those, at about a quarter of the
cost of squeezing it whole, and the result is the same to the byte.

A full HTML minifier (such as ``minify-html``) saves a little more but costs
about four times as long per page; this is one regular expression.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import jinja2

_INDENT = re.compile(r"\n\s+")
# Where a kept element starts, and where each kind ends. They are looked for one
# after the other, not as one ``<(pre|textarea)\b.*?</\1\s*>``: with many starts
# and no end, that pattern reads to the end of the page from every start.
_KEEP_START = re.compile(r"<(pre|textarea)\b", re.IGNORECASE)
_KEEP_END = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in ("pre", "textarea")}


def squeeze(html: str) -> str:
    """``html`` without blank lines and leading white space, ``<pre>`` and ``<textarea>`` kept as they are."""
    pieces: list[str] = []
    pos = 0
    unclosed: set[str] = set()  # kinds with no end after some start: none after a later start either
    search_from = 0
    while (start := _KEEP_START.search(html, search_from)) is not None:
        name = start.group(1).lower()
        end = None if name in unclosed else _KEEP_END[name].search(html, start.end())
        if end is None:
            unclosed.add(name)
            search_from = start.start() + 1
            continue
        pieces += [_INDENT.sub("\n", html[pos : start.start()]), html[start.start() : end.end()]]
        pos = search_from = end.end()
    pieces.append(_INDENT.sub("\n", html[pos:]))
    return "".join(pieces)


class SqueezedLoader(jinja2.BaseLoader):
    """The templates of ``loader``, HTML ones (``.html``) ``squeeze``-d as they are loaded.

    White space inside a template tag or expression means nothing to the
    template engine, so squeezing a template changes only the text it
    writes. Other templates (``sitemap.xml``, say) are passed on unchanged.
    """

    def __init__(self, loader: jinja2.BaseLoader) -> None:
        self.loader = loader

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        """The template's source, squeezed if it is HTML; its file name and up-to-date check as given."""
        source, filename, uptodate = self.loader.get_source(environment, template)
        return (squeeze(source) if template.endswith(".html") else source), filename, uptodate

    def list_templates(self) -> list[str]:
        """The templates of the wrapped loader."""
        return self.loader.list_templates()
