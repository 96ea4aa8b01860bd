"""Authored Markdown rendered to clean HTML by the generator, the same for every site engine.

Plans, retros, plays and anti-patterns are Markdown, and Markdown may hold
raw HTML. The generator renders each body with Python-Markdown and the
Markdown extensions of the engine's configuration (``markdown_extensions``
and ``mdx_configs`` of ``mkdocs.yml``), so authored prose looks as on a
hand-written page, then cleans the HTML with nh3 (``sanitize.clean``). The
page gets the result as raw HTML blocks, which no Markdown renderer changes:
a page is safe before any engine sees it, and no engine needs a hook after
rendering.

Two things the engine would otherwise do are done here:

- links to pages (``../other/index.md``, after ``links.rewrite_links``)
  become the pages' URLs, as the engine makes them of Markdown links;
- the body's top-level headings become Markdown headings of the page
  (their text, escaped), so that the engine gives them ids and permalinks
  unique on the page, lists them in the table of contents and starts a
  search section at each. The rest of the body between them is one raw
  HTML block each. The ``toc`` extension is therefore left out here.

Every ``{`` of the clean HTML becomes ``&#123;``: the browser shows the
same, but no template engine run over the page (a macros plugin) can find
a ``{{`` or ``{%`` in authored text.
"""

from __future__ import annotations

import html as html_lib
import posixpath
import xml.etree.ElementTree as etree
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.extensions.toc import render_inner_html, strip_tags
from markdown.treeprocessors import Treeprocessor

from masa_playbook.rawhtml import Heading, PagePart, ascii_html, authored_block, heading_part
from masa_playbook.site.sanitize import Guard, clean
from masa_playbook.site.urls import Urls

#: What MkDocs adds to every configuration's extensions (its "builtins").
BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")
# Authored headings become the page's own (see the module docstring).
_LEFT_OUT = frozenset({"toc", "markdown.extensions.toc"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# The element that holds a run of top-level elements between headings.
_WRAPPER = "div"


@dataclass(frozen=True)
class MarkdownSettings:
    """The Markdown extensions and their options, as the engine's configuration names them."""

    extensions: tuple[str, ...] = BUILTIN_EXTENSIONS
    configs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> MarkdownSettings:
        """The settings of an engine configuration: MkDocs' validated one, or ``mkdocs.yml`` as read.

        ``markdown_extensions`` is a list of names, or of ``{name: options}``
        mappings as written in ``mkdocs.yml``; ``mdx_configs`` (MkDocs' name
        for the options it split off) adds options by name. MkDocs' builtins
        come first, as MkDocs adds them.
        """
        names: list[str] = list(BUILTIN_EXTENSIONS)
        configs: dict[str, Mapping[str, Any]] = {}
        for item in config.get("markdown_extensions") or []:
            if isinstance(item, Mapping):
                for name, options in item.items():
                    names.append(str(name))
                    if isinstance(options, Mapping):
                        configs[str(name)] = options
            elif isinstance(item, str):
                names.append(item)
        for name, options in (config.get("mdx_configs") or {}).items():
            if isinstance(options, Mapping):
                configs[str(name)] = options
        return cls(tuple(dict.fromkeys(names)), configs)


class AuthoredRenderer:
    """One Markdown renderer for a build's authored bodies (making one costs more than rendering a body)."""

    def __init__(self, settings: MarkdownSettings, urls: Urls) -> None:
        used = [name for name in settings.extensions if name not in _LEFT_OUT]
        self._split = _SplitAtHeadings(urls)
        self._md = markdown.Markdown(
            extensions=[*used, _Generator(self._split)],
            extension_configs={
                name: dict(settings.configs[name]) for name in used if name in settings.configs
            },
        )

    def render(self, body: str, page: str, *, guard: Guard | None = None) -> list[PagePart]:
        """``body`` (Markdown) as parts of the page ``page``: headings, and clean HTML blocks.

        ``guard`` (``sanitize.page_guard``) removes the URLs a public build refuses.
        """
        self._split.page = page
        try:
            self._md.convert(body)
            pieces = self._split.pieces
        finally:
            self._md.reset()
            self._split.pieces = []
        parts: list[PagePart] = []
        for piece in pieces:
            if isinstance(piece, Heading):
                parts.append(piece)
                continue
            cleaned = clean(piece, guard).strip()
            if cleaned:
                cleaned = ascii_html(cleaned.replace("{", "&#123;"))
                parts.append(authored_block(cleaned))
        return parts


class _SplitAtHeadings(Treeprocessor):  # type: ignore[misc]  # Python-Markdown has no type hints
    """Runs last: takes the document apart into top-level headings and the HTML between them."""

    def __init__(self, urls: Urls) -> None:
        super().__init__()
        self.urls = urls
        self.page = ""
        self.pieces: list[Heading | str] = []

    def run(self, root: etree.Element) -> None:
        """Fill ``pieces`` and leave the document empty; page links become URLs on the way."""
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None:
                    element.set(attribute, page_link(value, self.page, self.urls))
        found: list[Heading | etree.Element] = []
        run: etree.Element | None = None
        for child in list(root):
            root.remove(child)
            if child.tag in _HEADINGS:
                run = None
                text = html_lib.unescape(strip_tags(render_inner_html(child, self.md)))
                if text.strip():
                    found.append(heading_part(int(child.tag[1]), text))
                continue
            if run is None:
                run = etree.Element(_WRAPPER)
                found.append(run)
            run.append(child)
        self.pieces = [piece if isinstance(piece, Heading) else self._html(piece) for piece in found]

    def _html(self, run: etree.Element) -> str:
        """The HTML of a run of elements, as ``Markdown.convert`` finishes a document."""
        text = str(self.md.serializer(run))
        text = text[text.index(">") + 1 : text.rindex("<")]
        for processor in self.md.postprocessors:
            text = str(processor.run(text))
        return text


class _Generator(Extension):  # type: ignore[misc]
    """Registers ``_SplitAtHeadings`` after every other tree processor."""

    def __init__(self, split: _SplitAtHeadings) -> None:
        super().__init__()
        self.split = split

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        """Add the tree processor."""
        self.split.md = md
        md.treeprocessors.register(self.split, "masa-split", -100)


def page_link(url: str, page: str, urls: Urls) -> str:
    """A relative link to a Markdown page (``../x/index.md#a``) as its URL from ``page``; others as they are.

    What the site engine does with the links of a Markdown page; the links
    of authored HTML are the generator's to finish.
    """
    if ".md" not in url:
        return url
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.endswith(".md") or parts.path.startswith("/"):
        return url
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path))
    if target.startswith("../"):
        return url
    query = f"?{parts.query}" if parts.query else ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return urls.href(page, target) + query + fragment
