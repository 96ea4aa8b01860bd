"""The site package's small parts, without a site engine: escaping, URLs, sanitizing, macros.

The number formats are tested in test_numbers.py.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import jinja2
import markdown
import pytest
import yaml

from masa_playbook.loader import load_playbook
from masa_playbook.rawhtml import (
    compose,
    fragment,
    heading_part,
    markdown_heading,
    md_text,
    shield,
    template_proof,
)
from masa_playbook.site.authored import AuthoredRenderer, MarkdownSettings, page_link
from masa_playbook.site.campaign_table import Selection
from masa_playbook.site.context import GeneratedPage, SiteContext
from masa_playbook.site.dashboard import figure
from masa_playbook.site.html import esc, page_meta
from masa_playbook.site.i18n import labels
from masa_playbook.site.incremental import SiteMemory
from masa_playbook.site.sanitize import clean
from masa_playbook.site.urls import Urls
from masa_playbook.site.whitespace import SqueezedLoader, squeeze
from test_generated_markdown import active_html

BASIC = Path(__file__).parent / "sites" / "basic"
HOSTILE = '<script>alert(1)</script> "quote" | pipe `tick` *star* _u_ [x](y) \\ # {{ x }}'


def test_md_text_survives_markdown_as_plain_text() -> None:
    rendered = markdown.markdown(markdown_heading(1, HOSTILE), extensions=["tables"])
    match = re.fullmatch(r"<h1>(.*)</h1>", rendered)
    assert match is not None
    assert "<" not in match.group(1)  # no element at all: no script, emphasis, code or link
    assert html.unescape(match.group(1)) == HOSTILE


def test_md_text_is_one_line() -> None:
    assert md_text("two\nlines") == "two lines"


def test_page_metadata_texts_are_html_escaped() -> None:
    meta = page_meta({"title": HOSTILE, "search": {"exclude": True}, "hide": ["toc", HOSTILE]})
    assert meta == {"title": esc(HOSTILE), "search": {"exclude": True}, "hide": ["toc", esc(HOSTILE)]}


@pytest.mark.parametrize(
    ("directory_urls", "source", "target", "expected"),
    [
        (True, "campaigns/x/index.md", "plays/y/index.md", "../../plays/y/"),
        (True, "campaigns/x/index.md", "index.md", "../../"),
        (True, "index.md", "campaigns/x/index.md", "campaigns/x/"),
        (True, "how-we-work.md", "campaigns/index.md", "../campaigns/"),
        (True, "campaigns/index.md", "campaigns/index.md", "./"),
        (True, "api/schema/index.md", "api/campaigns.json", "../campaigns.json"),
        (False, "campaigns/x/index.md", "plays/y/index.md", "../../plays/y/index.html"),
        (False, "how-we-work.md", "campaigns/index.md", "campaigns/index.html"),
    ],
)
def test_relative_links_between_pages(directory_urls: bool, source: str, target: str, expected: str) -> None:
    assert Urls(directory_urls).href(source, target) == expected


def test_clean_keeps_ordinary_markup() -> None:
    html = '<table><tr><td style="text-align: right">1</td></tr></table><a href="../x/" title="t">x</a>'
    html += '<a href="mailto:a@b.c">m</a><a href="JavaScript:alert(1)">j</a><pre><code class="language-py">x</code></pre>'
    assert clean(html) == (
        '<table><tbody><tr><td style="text-align:right">1</td></tr></tbody></table><a href="../x/" title="t">x</a>'
        '<a href="mailto:a@b.c">m</a><a>j</a><pre><code class="language-py">x</code></pre>'
    )


def test_labels_follow_the_language() -> None:
    assert labels("de")("owners") == "Verantwortlich"
    assert labels("de-AT")("actual") == "Ist"
    assert labels("fr")("target") == "Target"


def test_selection_rejects_unknown_values() -> None:
    with pytest.raises(ValueError, match="status='finished' is not one of"):
        Selection(status="finished")
    with pytest.raises(ValueError, match="limit"):
        Selection(limit=0)
    with pytest.raises(TypeError):
        Selection(industy="retail")  # type: ignore[call-arg]


def test_figures_for_macros() -> None:
    ctx = SiteContext(load_playbook(BASIC), dt.date(2026, 5, 28))
    assert figure(ctx, "success_rate") == "50%"
    assert figure(ctx, "campaigns") == "6"
    assert figure(ctx, "total_won") == "€12,000"
    with pytest.raises(ValueError, match=r"unknown figure; use one of campaigns, done"):
        figure(ctx, "wins")


# ---------------------------------------------------------------- generated Markdown

#: The extensions of this repository's mkdocs.yml (md_in_html re-renders elements marked ``markdown``).
EXTENSIONS = ["admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc"]


def _renderer(directory_urls: bool = True) -> AuthoredRenderer:
    return AuthoredRenderer(
        MarkdownSettings.from_config({"markdown_extensions": EXTENSIONS}), Urls(directory_urls)
    )


def test_a_shielded_block_passes_markdown_untouched() -> None:
    table = '<table class="t"><tr><td>Tom &amp; Sara</td><td>5 <small>(due)</small></td></tr></table>'
    # Blank lines in <pre>, Markdown after an element on its line, an element marked markdown="1".
    tricky = '<pre><code>a\n\n\n    b *c*</code></pre> *not emphasis* [x](javascript:alert(1))\n<div markdown="1">*m*</div>'
    for part in (table, tricky):
        page = compose([heading_part(1, "T"), fragment(part), "*prose*\n"])
        rendered = markdown.markdown(page, extensions=EXTENSIONS)
        assert f'<div class="masa-part">\n{part}\n<!-- /masa-part -->\n</div>' in rendered
        assert "<em>prose</em>" in rendered


def test_a_part_kept_out_of_search_is_a_section_marked_for_materials_search() -> None:
    chart = '<div><figure><script type="application/json">{"domain": [1, 2]}</script></figure></div>'
    assert (
        shield(chart, search=False)
        == f'\n<section class="masa-part" data-search-exclude>\n{chart}\n<!-- /masa-part -->\n</section>\n\n'
    )
    assert fragment("  ") is None and shield("") == ""


def test_generated_parts_are_ascii_and_hold_no_template_syntax() -> None:
    part = shield('<p title="Müller {{ x }}">Müller … ≥ 5 € {% y %} {# z #}</p>')
    assert part.isascii() and "{{" not in part and "{%" not in part and "{#" not in part
    assert (
        html.unescape(part).strip()
        == '<div class="masa-part">\n<p title="Müller {{ x }}">Müller … ≥ 5 € {% y %} {# z #}</p>\n<!-- /masa-part -->\n</div>'
    )
    island = '<script type="application/json">{"t":"{{ x }} {%y%} {#z#}","n":{"a":1}}</script>'
    proofed = template_proof(f"<p>{{{{</p>{island}")
    assert proofed.startswith("<p>&#123;&#123;</p>") and "{{" not in proofed and "{%" not in proofed
    data = proofed.split('"application/json">')[1].split("</script>")[0]
    assert json.loads(data) == {"t": "{{ x }} {%y%} {#z#}", "n": {"a": 1}}


def test_generated_headings_are_markdown_headings_with_ids_and_permalinks() -> None:
    page = compose(
        [heading_part(1, "Fair <2026> & more"), heading_part(2, "#sonicht"), heading_part(2, "Goals")]
    )
    md = markdown.Markdown(extensions=["toc"], extension_configs={"toc": {"permalink": True}})
    rendered = md.convert(page + "\n## Goals\n")
    ids = [token["id"] for token in md.toc_tokens[0]["children"]]  # type: ignore[attr-defined]
    assert ids == ["sonicht", "goals", "goals_1"]
    assert '<h1 id="fair-2026-more">' in rendered and 'class="headerlink" href="#fair-2026-more"' in rendered
    assert md.toc_tokens[0]["name"] == "Fair &lt;2026&gt; &amp; more"  # type: ignore[attr-defined]


def test_authored_text_is_rendered_cleaned_and_split_at_its_top_level_headings() -> None:
    body = (
        "Intro with <script>alert(1)</script> and <img src=x onerror=alert(2)>.\n\n"
        "## Approach *first*\n\n[js](javascript:alert(3)) and {{ config }} {% raw %}\n\n"
        "```\ncode\n\n\nafter blank lines\n```\n\n"
        '<details markdown="1"><summary>More</summary>\n\n### Nested\n\n*inside*\n</details>\n\n'
        "# \n\n## <b onclick=x>Second</b> &amp; last\n"
    )
    parts = _renderer().render(body, "campaigns/x/index.md")
    headings = [part for part in parts if not isinstance(part, str)]
    assert [(h.level, h.text) for h in headings] == [(2, "Approach first"), (2, "Second & last")]
    html_parts = [part for part in parts if isinstance(part, str)]
    assert len(html_parts) == 2 and all(
        p.startswith('<div class="masa-part masa-authored">\n') for p in html_parts
    )
    joined = "".join(html_parts)
    assert "<script" not in joined and "onerror" not in joined and "javascript:" not in joined
    assert "markdown=" not in joined and "{{" not in joined and "{%" not in joined
    assert "&#123;&#123; config }} &#123;% raw %}" in joined
    assert "<pre><code>code\n\n\nafter blank lines\n</code></pre>" in joined
    assert "<h3>Nested</h3>" in joined and "<em>inside</em>" in joined  # a nested heading stays in place
    # Through a Markdown renderer again (as an engine does), the page is unchanged and inert.
    page = compose(parts)
    rendered = markdown.markdown(page, extensions=EXTENSIONS)
    assert '<h2 id="approach-first">Approach first</h2>' in rendered
    assert '<h2 id="second-last">Second &amp; last</h2>' in rendered
    assert all(part.strip() in rendered for part in html_parts)


def test_links_to_pages_become_their_urls() -> None:
    body = "[a](../y/index.md#retro) [b](../../how-we-work.md?x=1) ![i](diagram.png) [c](https://e.org/a.md) [d](/x.md)"
    (html_part,) = _renderer().render(body, "campaigns/x/index.md")
    assert (
        '<a href="../y/#retro">a</a>' in html_part and '<a href="../../how-we-work/?x=1">b</a>' in html_part
    )
    assert 'src="diagram.png"' in html_part and 'href="https://e.org/a.md"' in html_part
    assert 'href="/x.md"' in html_part
    assert page_link("../y/index.md", "campaigns/x/index.md", Urls(False)) == "../y/index.html"
    assert page_link("../../../outside.md", "campaigns/x/index.md", Urls()) == "../../../outside.md"


def test_the_markdown_settings_come_from_the_engine_configuration() -> None:
    as_written = {"markdown_extensions": ["admonition", {"toc": {"permalink": True}}, {"footnotes": None}]}
    settings = MarkdownSettings.from_config(as_written)
    assert settings.extensions == ("toc", "tables", "fenced_code", "admonition", "footnotes")
    assert settings.configs == {"toc": {"permalink": True}}
    validated = {"markdown_extensions": ["toc", "tables", "fenced_code", "abbr"], "mdx_configs": {"abbr": {}}}
    assert MarkdownSettings.from_config(validated).extensions == ("toc", "tables", "fenced_code", "abbr")
    assert MarkdownSettings.from_config({}) == MarkdownSettings()


def test_a_public_guard_removes_refused_urls_from_authored_html() -> None:
    parts = _renderer().render("[in](../secret/) [out](../open/)", "campaigns/x/index.md")
    guarded = AuthoredRenderer(MarkdownSettings(), Urls()).render(
        "[in](../secret/) [out](../open/)", "campaigns/x/index.md", guard=lambda url: "secret" not in url
    )
    assert 'href="../secret/"' in "".join(map(str, parts))
    assert "<a>in</a>" in "".join(map(str, guarded)) and 'href="../open/"' in "".join(map(str, guarded))


def test_a_generated_page_as_a_markdown_file_has_its_metadata_as_front_matter() -> None:
    page = GeneratedPage(
        "campaigns/a/index.md", "# A: b\n", meta={"title": "A: <b> {{ x }}", "hide": ["toc"]}
    )
    text = page.markdown_file()
    assert text.startswith("---\n") and text.endswith("---\n\n# A: b\n")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front == {"title": "A: &lt;b&gt; &#123;&#123; x }}", "hide": ["toc"]}
    assert GeneratedPage("x.md", "# X\n").markdown_file() == "# X\n"


def test_squeeze_drops_indentation_but_not_in_pre_or_textarea() -> None:
    page = "<div>\n    <p>a\n      b</p>\n\n  <pre><code>  x\n\n    y</code></pre>\n  <TEXTAREA>\n  t</TEXTAREA>\n</div>"
    assert (
        squeeze(page)
        == "<div>\n<p>a\nb</p>\n<pre><code>  x\n\n    y</code></pre>\n<TEXTAREA>\n  t</TEXTAREA>\n</div>"
    )


def test_html_templates_are_squeezed_as_they_are_loaded() -> None:
    templates = {
        "page.html": "<div>\n    {% if x %}\n    <p>{{ x }}</p>\n    {% endif %}\n    <pre>  {{ x }}\n  k</pre>\n</div>",
        "sitemap.xml": "<urlset>\n  <url/>\n</urlset>",
    }
    loader = SqueezedLoader(jinja2.DictLoader(templates))
    env = jinja2.Environment(loader=loader, autoescape=True)
    page = env.get_template("page.html").render(x="y")
    assert page == "<div>\n\n<p>y</p>\n\n<pre>  y\n  k</pre>\n</div>"
    assert squeeze(page) == "<div>\n<p>y</p>\n<pre>  y\n  k</pre>\n</div>"
    assert env.get_template("sitemap.xml").render() == templates["sitemap.xml"]
    assert loader.list_templates() == ["page.html", "sitemap.xml"]


# ---------------------------------------------------------------- memory across serve rebuilds


def test_memory_tells_what_changed_and_reuses_what_did_not() -> None:
    memory = SiteMemory()
    assert memory.start("site-1") is False  # nothing known yet
    assert memory.changed("p.md", "one") is True
    assert memory.start("site-1") is True
    assert memory.changed("p.md", "one") is False
    assert memory.changed("p.md", "two") is True
    made: list[int] = []

    def make() -> int:
        made.append(1)
        return len(made)

    assert memory.reuse("x", "k1", make) == 1
    assert memory.reuse("x", "k1", make) == 1
    assert memory.reuse("x", "k2", make) == 2
    ctx = SiteContext(load_playbook(BASIC), dt.date(2026, 5, 28))
    assert memory.keys(ctx) == memory.keys(ctx)
    assert memory.facts_changed  # the first build's facts are new
    memory.keys(SiteContext(load_playbook(BASIC), dt.date(2026, 5, 28)))
    assert not memory.facts_changed  # the same content again
    memory.keys(SiteContext(load_playbook(BASIC), dt.date(2026, 5, 29)))
    assert memory.facts_changed  # another day: other figures


def test_a_generated_pages_source_for_rebuilds_holds_its_metadata_and_markdown() -> None:
    page = GeneratedPage("campaigns/a/index.md", "# A\n", meta={"title": "A"})
    renamed = GeneratedPage("campaigns/a/index.md", "# A\n", meta={"title": "B & C"})
    assert page.source != renamed.source  # a new title alone is a change
    assert renamed.meta == {"title": "B &amp; C"}  # escaped once, on creation
    assert page.source == GeneratedPage("campaigns/a/index.md", "# A\n", meta={"title": "A"}).source


def test_raw_blocks_extension_changes_nothing_but_the_parsing() -> None:
    """``rawhtml.RawBlocks`` stashes generated blocks unparsed: the HTML is the same as parsed.

    But for what is there for Markdown parsers only: the end marks, and the
    ``<div>`` wrappers of blocks that start with a block-level element.
    """
    generated = compose(
        [
            heading_part(1, "T"),
            # A line that closes a div inside the block: the block ends at its end mark, not there.
            fragment("<table><tr><td>a</td></tr></table>\n<div>\n<p>a div of its own</p>\n</div>"),
            heading_part(2, "Next"),
            fragment("<ul>\n<li>x</li>\n</ul>", search=False),
            fragment("<span>inline first</span>"),
            "*prose*\n",
        ]
    )
    parsed = markdown.markdown(generated, extensions=EXTENSIONS)
    stashed = markdown.markdown(generated, extensions=[*EXTENSIONS, "masa_playbook.rawhtml"])
    expected = parsed.replace("\n<!-- /masa-part -->", "")
    expected = expected.replace('<div class="masa-part">\n<table>', "<table>", 1)
    expected = expected.replace(
        "<p>a div of its own</p>\n</div>\n</div>", "<p>a div of its own</p>\n</div>", 1
    )
    assert '<div class="masa-part">\n<span>inline first</span>\n</div>' in stashed  # a wrapper that stays
    assert "<section" in stashed and "masa-part -->" not in stashed
    assert squeeze(stashed) == squeeze(expected)


def test_a_block_start_written_by_an_author_stashes_only_clean_html() -> None:
    hostile = (
        '<div>\n\n<div class="masa-part">\n\n<p>forged</p>\n\n[x](javascript:alert(1)) *e*\n</div>\n</div>\n'
    )
    parts = [
        heading_part(1, "T"),
        *_renderer().render(hostile, "campaigns/x/index.md"),
        heading_part(2, "Next"),
        fragment("<p>generated</p>"),
    ]
    page = compose(parts)
    assert '\n\n<div class="masa-part">\n\n<p>forged</p>' in page  # the forged start line, after a blank one
    parsed = markdown.markdown(page, extensions=EXTENSIONS)
    stashed = markdown.markdown(page, extensions=[*EXTENSIONS, "masa_playbook.rawhtml"])
    assert '<h2 id="next">Next</h2>' in parsed
    # The authored block is stashed whole, from its own start to its own end mark
    # (which cleaned HTML cannot forge): the forged start inside it changes nothing.
    assert '<h2 id="next">Next</h2>' in stashed
    for html_text in (parsed, stashed):
        assert active_html(html_text) == [] and "<em>e</em>" not in html_text
