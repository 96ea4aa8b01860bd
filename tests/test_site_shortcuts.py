"""Shortcuts the hook takes for speed change no byte of the site.

- Pages outside the navigation share one rendering of the navigation, tabs,
  header, footer, stylesheets, scripts and the theme's configuration:
  ``hooks/masa.py`` offers ``masa_shared_nav`` (``site.SharedParts``) to the
  theme overrides in ``site/theme``; without it each page renders those
  parts itself. A part a theme ``custom_dir`` replaces is not shared.
- The theme's templates are squeezed as they are loaded
  (``site.SqueezedLoader``), so that squeezing each finished page has little
  left to do.
- Campaign pages are divided into search sections by
  ``site.search_sections`` (Material's rules, on ``site.markup``'s fast
  tokenizer) instead of Material's ``html.parser``-based parser.

Each test builds the fixture with and without the shortcut and compares.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from material.plugins.search.plugin import Parser

from masa_playbook.rawhtml import Anchors, Placed, join, lift, place, shield, shield_heading
from masa_playbook.site.markup import feed
from masa_playbook.site.sanitize import clean_around_blocks
from masa_playbook.site.search_sections import Section, page_sections, sections
from test_site import BASIC, build_site, copy_fixture, files_of, read

# A hook that runs after hooks/masa.py and takes the shared rendering away.
UNSHARE = """\
from mkdocs.plugins import event_priority


@event_priority(-100)
def on_env(env, config, files):
    env.globals.pop("masa_shared_nav", None)
    return env
"""


def _build_with_hook(root: Path, name: str, hook: str) -> Path:
    """Build ``root`` into ``site-<name>`` with ``hook`` listed after hooks/masa.py."""
    (root / "hooks" / f"{name}.py").write_text(hook, encoding="utf-8")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - hooks/masa.py\n" in text
    config.write_text(
        text.replace("  - hooks/masa.py\n", f"  - hooks/masa.py\n  - hooks/{name}.py\n"), encoding="utf-8"
    )
    try:
        return build_site(root, f"site-{name}")
    finally:
        config.write_text(text, encoding="utf-8")


def _assert_same_pages(one: Path, other: Path) -> list[Path]:
    """Both sites have the same HTML pages, byte for byte; returns them (relative paths)."""
    pages = [p.relative_to(one) for p in files_of(one) if p.suffix == ".html"]
    for page in pages:
        assert (one / page).read_bytes() == (other / page).read_bytes(), page
    assert sorted(pages) == sorted(p.relative_to(other) for p in files_of(other) if p.suffix == ".html")
    return pages


@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "file-urls"])
def test_sharing_the_navigation_changes_no_byte(tmp_path: Path, directory_urls: bool) -> None:
    root = copy_fixture(tmp_path, BASIC)
    if not directory_urls:
        config = root / "mkdocs.yml"
        config.write_text(
            f"use_directory_urls: false\n{config.read_text(encoding='utf-8')}", encoding="utf-8"
        )
    shared = build_site(root, "shared")
    unshared = _build_with_hook(root, "unshare", UNSHARE)
    pages = _assert_same_pages(shared, unshared)
    campaigns = [p for p in pages if p.parts[0] == "campaigns" and len(p.parts) > 2 - directory_urls]
    assert len(campaigns) >= 5


def test_theme_overrides_in_custom_dir_are_used_for_every_page(tmp_path: Path) -> None:
    # A custom footer part that shows something of the page: the footer must
    # not be shared, the parts it does not touch still are.
    root = copy_fixture(tmp_path, BASIC)
    partials = root / "overrides" / "partials"
    partials.mkdir(parents=True)
    (partials / "copyright.html").write_text('<p class="who">{{ page.url }}</p>\n', encoding="utf-8")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"), encoding="utf-8"
    )
    # And a heading of the table of contents that shows its level.
    (partials / "toc-item.html").write_text(
        '<li class="md-nav__item" data-level="{{ toc_item.level }}">{{ toc_item.title }}</li>\n',
        encoding="utf-8",
    )
    site = build_site(root)
    assert 'data-level="2">Goals</li>' in read(site, "campaigns/trade-fair-win/index.html")
    slugs = sorted(p.name for p in (root / "campaigns").iterdir() if (p / "plan.md").is_file())
    assert len(slugs) >= 5
    for slug in slugs:
        assert f'<p class="who">campaigns/{slug}/</p>' in read(site, f"campaigns/{slug}/index.html")


# A hook that runs after hooks/masa.py and loads the templates as they are.
UNSQUEEZE = """\
from mkdocs.plugins import event_priority


@event_priority(-100)
def on_env(env, config, files):
    env.loader = env.loader.loader
    return env
"""


def test_squeezing_the_templates_as_they_are_loaded_changes_no_byte(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path, BASIC)
    squeezed = build_site(root, "squeezed")
    plain = _build_with_hook(root, "unsqueeze", UNSQUEEZE)
    assert len(_assert_same_pages(squeezed, plain)) >= 15
    assert "\n  <" not in read(squeezed, "campaigns/trade-fair-win/index.html")


# A hook that runs before the hook's own indexing and turns it off: the
# search plugin parses each page with its blocks standing in as HTML, as it
# does on pages that are not made of pieces, and the blocks are put back after.
INDEX_SLOWLY = """\
from mkdocs.plugins import event_priority

from masa_playbook.rawhtml import join


@event_priority(20)
def on_page_context(context, page, config, nav):
    state = config._masa_site
    held = state.pieces.pop(page.file.src_uri, None)
    if held is not None:
        pieces, placed = held
        page.content = join(pieces, lambda token: placed[token].stand_in(token))
        state.placed[page.file.src_uri] = placed
    return context
"""


def test_indexing_campaign_pages_the_fast_way_changes_no_byte(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path, BASIC)
    fast = build_site(root, "fast")
    slow = _build_with_hook(root, "slow", INDEX_SLOWLY)
    index = read(fast, "search/search_index.json")
    assert index == read(slow, "search/search_index.json")
    assert '"location":"campaigns/xss-title/#retro"' in index  # campaign pages are in it
    _assert_same_pages(fast, slow)


class Events:
    """Records the events an ``HTMLParser`` subclass would handle."""

    def __init__(self) -> None:
        self.events: list[tuple[object, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        self.events.append(("data", data))


class Reference(Events, HTMLParser):
    """The same, from the standard library's tokenizer."""

    def __init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)
        Events.__init__(self)


def _campaign_like_pieces(authored: str) -> tuple[list[str], dict[str, Placed]]:
    """Authored Markdown between generated parts, rendered and split as the hook splits a campaign page."""
    source = f"{shield_heading(1, 'A & B')}{shield('<dl><dt>Owner</dt><dd>Tom</dd></dl>')}\n{authored}\n"
    lifted, blocks = lift(
        source
        + shield_heading(2, "Retro")
        + shield("<ul><li>went &amp; well</li></ul>")
        + shield("<svg><text>1 &lt; 2</text></svg>", search=False)
        + shield_heading(3, "")
    )
    rendered = markdown.Markdown(extensions=["toc", "tables", "attr_list", "md_in_html"]).convert(lifted)
    placed = place(blocks, taken=set(), anchors=Anchors(permalink="&para;"))
    return clean_around_blocks(rendered, blocks), placed


def _campaign_like_page(authored: str) -> str:
    """The same page as the search plugin would parse it: each block's stand-in in its place."""
    pieces, placed = _campaign_like_pieces(authored)
    return join(pieces, lambda token: placed[token].stand_in(token))


AUTHORED_CASES = {
    "page": '## Plan\n\nSee *this* & [that](https://x.example/?a=1&b=2 "t > 1").\n\n    code  <\n',
    "page-nested": '<div markdown="1">\n## Nested {: #n }\n\nin a div\n</div>\n\n| a | b |\n|---|---|\n| 1 | < |',
    "page-hostile": '<script>alert(1)</script><style>p{}</style>\n\n<p onclick="x()">click</p>',
    "page-empty": "",
}


HTML_CASES = {
    "attributes": '<p class="a" title="x>y &amp; z">Tom &amp; <b>Sara</b> &lt;3</p>\n<br>\n<img src="a.png" alt="">t'
    "<!-- c -->u<br/>",
    "headings": '<h2 id="x">T<a class="headerlink" href="#x" title="Permanent link">\u00b6</a></h2>'
    "<div>&quot;b&quot; &#39;c</div>",
    "pre-and-stray-lt": "<pre><code>  a\n\n   b &lt; c</code></pre> x < y <",
    "upper-case": "<INPUT Disabled><P>Upper</P>",
    "nested-and-excluded": '<p>lead</p><div><h3 id="in">In <code>a div</code></h3><ul><li>x</li><li> </li></ul>'
    '</div>after<div data-search-exclude><h2 id="hidden">H</h2>secret</div><p> </p>'
    '<h1 id="t">T</h1><div class="linenodiv">1 2</div><pre>  keep\n  space </pre><ul><ul><li>n</li></ul></ul>',
    **{name: _campaign_like_page(authored) for name, authored in AUTHORED_CASES.items()},
}


@pytest.mark.parametrize("markup", list(HTML_CASES.values()), ids=list(HTML_CASES))
def test_feed_gives_the_events_html_parser_gives(markup: str) -> None:
    reference = Reference()
    reference.feed(markup)
    reference.close()
    ours = Events()
    feed(markup, ours)
    assert ours.events == reference.events


@pytest.mark.parametrize("markup", list(HTML_CASES.values()), ids=list(HTML_CASES))
def test_search_sections_are_the_sections_materials_parser_makes(markup: str) -> None:
    _assert_sections_as_materials(sections(markup), markup)


@pytest.mark.parametrize("authored", list(AUTHORED_CASES.values()), ids=list(AUTHORED_CASES))
def test_a_page_in_pieces_has_the_sections_materials_parser_makes_of_its_stand_ins(authored: str) -> None:
    pieces, placed = _campaign_like_pieces(authored)
    assert len(pieces) == (5 if authored else 3)  # blocks before and after the authored text, or one
    ours = page_sections(pieces, placed)
    titles = ["".join(section.title) for section in ours]
    assert titles[0] == "A &amp; B" and "Retro" in titles
    assert not any("1 &lt; 2" in "".join(section.text) for section in ours)  # the chart is not searched
    _assert_sections_as_materials(ours, _campaign_like_page(authored))


def _assert_sections_as_materials(ours: list[Section], markup: str) -> None:
    reference = Parser()
    reference.feed(markup)
    reference.close()
    assert len(ours) == len(reference.data)
    for mine, theirs in zip(ours, reference.data, strict=True):
        assert (mine.id, mine.title, mine.text) == (theirs.id, theirs.title, theirs.text)
        assert (mine.tag, mine.is_excluded()) == (theirs.el.tag, theirs.is_excluded())
