"""What every page renderer needs: the playbook view, the language, the URLs.

A ``SiteContext`` is made once per build from the audience's view of the
playbook; renderers are plain functions of it. ``GeneratedPage`` and
``GeneratedFile`` are what the site engine adapter adds to the build.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import yaml

try:
    from yaml import CSafeDumper as _SafeDumper
except ImportError:  # pragma: no cover - libyaml is present in every supported wheel
    from yaml import SafeDumper as _SafeDumper  # type: ignore[assignment]

from masa_playbook import insights, numbers
from masa_playbook.figures import ATTAINMENT_CAP
from masa_playbook.lessons import RetroLibrary
from masa_playbook.playbook import Playbook
from masa_playbook.rawhtml import PagePart, compose
from masa_playbook.site import edit_links, prerender
from masa_playbook.site.authored import AuthoredRenderer, MarkdownSettings
from masa_playbook.site.html import esc, link, page_meta
from masa_playbook.site.i18n import Labels, labels
from masa_playbook.site.urls import Urls, antipattern_uri, campaign_uri, play_uri


@dataclass(frozen=True)
class GeneratedPage:
    """A page made in memory: where it goes, its Markdown, its metadata, its source files.

    ``content`` is self-contained and safe in any engine that renders
    Markdown with Python-Markdown: headings are escaped Markdown, generated
    HTML is escaped, authored text is rendered and cleaned (``rawhtml``,
    ``site.authored``). Nothing needs to be done to the page after rendering.
    """

    src_uri: str
    #: The page's Markdown, without front matter.
    content: str
    #: Repository paths of the files the page is made from (first: "edit this page").
    sources: tuple[str, ...] = ()
    #: True for the index pages the navigation lists, False for detail pages.
    in_nav: bool = False
    #: What front matter would hold (``title``...). Its texts are HTML-escaped
    #: on creation (``html.page_meta``): themes print ``page.meta`` unescaped.
    meta: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "meta", page_meta(self.meta))

    @classmethod
    def made_of(
        cls,
        src_uri: str,
        parts: Iterable[PagePart],
        sources: tuple[str, ...] = (),
        *,
        meta: Mapping[str, object],
        in_nav: bool = False,
    ) -> GeneratedPage:
        """A page made of headings, generated HTML and rendered authored parts (``rawhtml.compose``)."""
        return cls(src_uri, compose(parts), sources, in_nav, meta)

    @property
    def source(self) -> tuple[object, ...]:
        """The metadata and the Markdown: what a rebuild compares to see a change.

        A page taken from an earlier build's memory holds the very same
        strings, so comparing is cheap.
        """
        return tuple(self.meta.items()), self.content

    def markdown_file(self) -> str:
        """The page as a Markdown file: YAML front matter (the metadata, safely dumped), then the body.

        For engines that read pages from files.
        """
        if not self.meta:
            return self.content
        front = yaml.dump(
            dict(self.meta), Dumper=_SafeDumper, allow_unicode=True, sort_keys=False, width=2**16
        )
        return f"---\n{front}---\n\n{self.content}"


@dataclass(frozen=True)
class GeneratedFile:
    """A non-page file of the site: in-memory ``content`` or a copy of ``abs_src_path``."""

    src_uri: str
    content: str | None = None
    abs_src_path: str | None = None


@dataclass
class SiteContext:
    """One build: the audience's playbook, today, the language and the URL scheme."""

    pb: Playbook
    today: dt.date
    language: str = "en"
    urls: Urls = field(default_factory=Urls)
    #: ``https://github.com/org/repo/edit/main/``: prefix of "edit" links, if known.
    edit_base: str | None = None
    #: The site's address with a trailing slash, or ``""`` when unknown (URLs stay relative).
    site_url: str = ""
    #: The Markdown extensions authored text is rendered with (the engine's).
    markdown: MarkdownSettings = field(default_factory=MarkdownSettings)
    #: Bodies being rendered ahead (``render_ahead``): their number, by the arguments of ``authored``.
    _ahead: dict[tuple[str, str, str], int] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _ahead_renderer: prerender.Ahead | None = field(default=None, init=False, repr=False, compare=False)
    #: How many bodies rendered ahead no page asked for, at the last ``finish_ahead`` (none, if all is well).
    ahead_unused: int = field(default=0, init=False, repr=False, compare=False)

    @property
    def t(self) -> Labels:
        """The labels of the build's language."""
        return labels(self.language)

    # Figures from all campaigns that several pages show, computed once per build.

    @functools.cached_property
    def headline(self) -> dict[str, float | int | None]:
        """The dashboard's figures (``insights.headline``)."""
        return insights.headline(self.pb)

    @functools.cached_property
    def play_figures(self) -> dict[str, insights.GroupFigures]:
        """Figures per play (``insights.by_play``)."""
        return insights.by_play(self.pb)

    @functools.cached_property
    def antipattern_figures(self) -> dict[str, insights.AntiPatternFigures]:
        """Figures per anti-pattern (``insights.antipattern_figures``)."""
        return insights.antipattern_figures(self.pb, today=self.today)

    @functools.cached_property
    def retros(self) -> RetroLibrary:
        """The retros indexed for "Learned before" (``lessons.RetroLibrary``)."""
        return RetroLibrary(self.pb)

    @property
    def lang(self) -> str:
        """``en`` or ``de``: the language labels and numbers are written in."""
        return self.t.lang

    @property
    def currency(self) -> str:
        """The playbook's currency."""
        return self.pb.config.currency

    def money(self, value: float | None) -> str:
        """An amount with the currency (``numbers.format_money``), or an empty string when unknown."""
        return "" if value is None else numbers.format_money(value, self.currency, self.lang)

    def number(self, value: float | None) -> str:
        """A number (``numbers.format_number``), or an empty string when unknown."""
        return "" if value is None else numbers.format_number(value, self.lang)

    def percent(self, value: float | None) -> str:
        """A ratio as a percentage (``numbers.format_percent``), or an empty string when unknown."""
        return "" if value is None else numbers.format_percent(value, self.lang)

    def attainment(self, value: float | None) -> str:
        """A goal attainment as a percentage, ``≥ 1,000%`` at the cap; empty when unknown."""
        return "" if value is None else numbers.format_percent(value, self.lang, cap=ATTAINMENT_CAP)

    def ratio(self, value: float | None) -> str:
        """A ratio of two amounts (``numbers.format_ratio``), or an empty string when unknown."""
        return "" if value is None else numbers.format_ratio(value, self.lang)

    def edit_url(self, repo_path: str) -> str | None:
        """The URL that edits ``repo_path`` in the repository, if the repository is known."""
        return None if self.edit_base is None else edit_links.edit_url(self.edit_base, repo_path)

    def href(self, page: str, target: str, fragment: str = "") -> str:
        """A relative link from the page ``page`` to ``target`` (both source paths)."""
        return self.urls.href(page, target, fragment)

    def person(self, handle: str) -> str:
        """A person's name as HTML text (the handle when unknown).

        Plain text, no element: a campaign page names a dozen people, and
        every element costs each engine's HTML parsing and search indexing.
        """
        person = self.pb.people.get(handle)
        return esc(person.name if person is not None else handle)

    def person_with_function(self, handle: str) -> str:
        """A person's name and function as HTML."""
        person = self.pb.people.get(handle)
        if person is None:
            return self.person(handle)
        return f"{self.person(handle)} ({esc(self.t(person.function))})"

    def campaign_link(self, page: str, slug: str) -> str:
        """A link to a campaign by its title; plain text if it is not in this build."""
        campaign = self.pb.campaigns.get(slug)
        if campaign is None:
            return esc(slug)
        return link(self.href(page, campaign_uri(slug)), campaign.title)

    def play_link(self, page: str, ident: str) -> str:
        """A link to a play by its title; plain text if it is not in the catalogue."""
        entry = self.pb.plays.get(ident)
        if entry is None:
            return esc(ident)
        return link(self.href(page, play_uri(ident)), entry.play.title)

    def antipattern_link(self, page: str, ident: str) -> str:
        """A link to a #sonicht anti-pattern by its title; plain text if unknown."""
        entry = self.pb.antipatterns.get(ident)
        if entry is None:
            return esc(ident)
        return link(self.href(page, antipattern_uri(ident)), entry.antipattern.title)

    @functools.cached_property
    def renderer(self) -> AuthoredRenderer:
        """The build's renderer of authored Markdown (``site.authored``)."""
        return AuthoredRenderer(self.markdown, self.urls)

    @functools.cached_property
    def render_setup(self) -> prerender.RenderSetup:
        """How authored bodies of this build are rendered, here and in workers (``site.prerender``)."""
        return prerender.RenderSetup(
            self.markdown,
            self.urls,
            frozenset(self.pb.campaigns),
            guarded=self.pb.config.audience != "internal",
            site_url=self.site_url,
        )

    def authored(self, body: str, source_path: str, page: str) -> list[PagePart]:
        """Authored Markdown as parts of ``page``: links rewritten, rendered, cleaned (``site.authored``).

        A public build drops every reference into a campaign it does not hold,
        first from the Markdown (``links.rewrite_links``), then from the HTML
        (``sanitize.page_guard``): ``prerender.RenderSetup.render``, the same
        here and in a worker. Parts rendered ahead (``render_ahead``) are
        handed out once.
        """
        index = self._ahead.pop((body, source_path, page), None)
        if index is not None and self._ahead_renderer is not None:
            return self._ahead_renderer.parts(index)
        return self.render_setup.render(self.renderer, body, source_path, page)

    def render_ahead(self, requests: Iterable[tuple[str, str, str]]) -> None:
        """Start rendering the bodies ``authored`` is about to be asked for (body, source, page) on other cores.

        See ``site.prerender``: the parts are the same as ``authored`` makes.
        Call ``finish_ahead`` when the pages are made.
        """
        self.finish_ahead()
        todo = list(dict.fromkeys(requests))
        if prerender.worker_count(len(todo)) == 0:
            return  # rendered one by one as the pages are made
        self._ahead_renderer = prerender.Ahead(self.render_setup, todo, self.renderer)
        self._ahead = {request: index for index, request in enumerate(todo)}

    def finish_ahead(self) -> None:
        """End the workers of ``render_ahead``; count the bodies no page asked for (``ahead_unused``)."""
        if self._ahead_renderer is not None:
            self._ahead_renderer.close()
        self.ahead_unused = len(self._ahead)
        self._ahead, self._ahead_renderer = {}, None
