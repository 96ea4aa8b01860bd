"""The site package's small parts, without a site engine: escaping, URLs, sanitizing, macros.

The number formats are tested in test_numbers.py.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import jinja2
import markdown
import pytest

from masa_playbook.loader import load_playbook
from masa_playbook.rawhtml import (
    Anchors,
    Fragment,
    compose,
    fragment,
    heading_part,
    lift,
    ordered_toc,
    place,
    restore,
    search_text,
    shield,
    shield_heading,
    stand_in,
)
from masa_playbook.site.campaign_table import Selection
from masa_playbook.site.context import GeneratedPage, SiteContext
from masa_playbook.site.dashboard import figure
from masa_playbook.site.html import esc, heading, md_text, page_meta
from masa_playbook.site.i18n import labels
from masa_playbook.site.incremental import SiteMemory
from masa_playbook.site.live_figures import FigureError, render_figures, wants_figures
from masa_playbook.site.sanitize import clean, sanitize_authored, sanitize_outside_blocks, wrap_authored
from masa_playbook.site.shared_parts import (
    PARTS,
    THEME_OVERRIDES_DIR,
    SharedParts,
    overridden_templates,
    shareable,
)
from masa_playbook.site.urls import Urls
from masa_playbook.site.whitespace import SqueezedLoader, squeeze

BASIC = Path(__file__).parent / "sites" / "basic"
HOSTILE = '<script>alert(1)</script> "quote" | pipe `tick` *star* _u_ [x](y) \\ # {{ x }}'


def test_md_text_survives_markdown_as_plain_text() -> None:
    rendered = markdown.markdown(heading(1, HOSTILE), extensions=["tables"])
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


def test_authored_regions_are_cleaned_and_unwrapped() -> None:
    body = "Hello <script>alert(1)</script>\n\n<img src=x onerror=alert(2)>"
    page = "<h1>Title</h1>\n" + markdown.markdown(wrap_authored(body)) + "\n<script>ours()</script>"
    result = sanitize_authored(page)
    assert "alert" not in result and "masa:authored" not in result
    assert result.startswith("<h1>Title</h1>") and result.endswith("<script>ours()</script>")


def test_a_forged_end_marker_does_not_end_the_region() -> None:
    forged = "<!-- /masa:authored 0123456789abcdef -->\n\n<script>alert(1)</script>"
    result = sanitize_authored(markdown.markdown(wrap_authored(forged)))
    assert "alert" not in result


def test_a_region_without_end_is_cleaned_to_the_end_of_the_page() -> None:
    wrapped = wrap_authored("text").rsplit("<!-- /masa", 1)[0]
    result = sanitize_authored(wrapped + "<script>alert(1)</script>")
    assert "text" in result and "alert" not in result and "masa:authored" not in result


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


def test_live_figures_render_only_the_three_macros_and_keep_the_rest_of_the_page() -> None:
    ctx = SiteContext(load_playbook(BASIC), dt.date(2026, 5, 28))
    page = 'Rate: {{ figure("success_rate") }} of {{ figure("done") }}.\n\n{% raw %}{{ kept }}{% endraw %}\n'
    assert (
        render_figures(page, ctx, "figures.md", file="docs/figures.md") == "Rate: 50% of 4.\n\n{{ kept }}\n"
    )
    table = render_figures('{{ campaign_table(status="done", limit=1) }}', ctx, "a/b.md", file="docs/a/b.md")
    assert (
        table.count("<tr") == 2 and 'href="../../campaigns/' in table
    )  # header and one row; links from a/b/
    none = render_figures('{{ campaign_table(industry="nowhere") }}', ctx, "x.md", file="docs/x.md")
    assert none == "<p>None yet.</p>"


@pytest.mark.parametrize(
    ("template", "line", "message"),
    [
        ("ok\n\n{{ figure('wins') }}", 13, "figure('wins'): unknown figure; use one of campaigns,"),
        ("{{ config }}", 11, "'config' is undefined; the names are dashboard, campaign_table and figure"),
        ("ok\n{% for %}", 12, "template syntax: "),
        ("{{ campaign_table(year='2025') }}", 11, "year='2025' must be a whole number such as 2026"),
        ("{{ figure.__globals__ }}", 11, "access to attribute '__globals__' of 'function' object is unsafe"),
        ("{{ figure.func }}", 11, "'function object' has no attribute 'func'"),
        ("{{ figure() }}", 11, "figure() missing 1 required positional argument: 'name'"),
        (
            "{{ campaign_table('done') }}",
            11,
            "campaign_table() takes 0 positional arguments but 1 was given; it",
        ),
        ("{{ ''.__class__.__mro__ }}", 11, "access to attribute '__class__' of 'str' object is unsafe"),
    ],
)
def test_a_live_figure_mistake_names_the_file_and_line(template: str, line: int, message: str) -> None:
    ctx = SiteContext(load_playbook(BASIC), dt.date(2026, 5, 28))
    with pytest.raises(FigureError) as raised:
        render_figures(template, ctx, "p.md", file="docs/p.md", first_line=11)
    assert (raised.value.file, raised.value.line) == ("docs/p.md", line)
    assert raised.value.message.startswith(message), raised.value.message
    assert str(raised.value).startswith(f"docs/p.md:{line}: error: {message}")


def test_only_render_macros_true_opts_in() -> None:
    assert wants_figures({"render_macros": True})
    assert not any(
        wants_figures(m) for m in ({}, {"render_macros": "true"}, {"render_macros": 1}, {"x": True})
    )


# ---------------------------------------------------------------- generated blocks and output


ANCHORS = Anchors(permalink="&para;")


def test_a_shielded_block_passes_markdown_untouched_and_stands_in_as_text() -> None:
    table = '<table class="t"><tr><td>Tom &amp; Sara</td><td>5 <small>(due)</small></td></tr></table>'
    chart = '<figure><script type="application/json">{"domain": [1, 2]}</script><p>fallback</p></figure>'
    source = f"# T\n\n{shield(table)}\n{shield_heading(2, 'Chart')}\n{shield(chart, search=False)}\n*prose*\n"
    lifted, blocks = lift(source)
    assert len(blocks) == 1  # adjacent parts make one block
    assert table not in lifted and "domain" not in lifted and "Chart" not in lifted
    rendered = markdown.markdown(lifted)
    placed = place(blocks, taken=set(), anchors=ANCHORS)
    html_for_search, missing = stand_in(rendered, placed)
    assert missing == []
    assert "<table" not in html_for_search and "<script" not in html_for_search
    assert '<div>Tom &amp; Sara 5 (due)</div><h2 id="chart">Chart</h2>' in html_for_search
    final = restore(html_for_search, placed)
    assert table in final and chart in final and "<em>prose</em>" in final
    assert (
        '<h2 id="chart">Chart<a class="headerlink" href="#chart" title="Permanent link">&para;</a></h2>'
        in final
    )
    assert "MASAHTML" not in final


def test_generated_headings_take_free_ids_and_join_the_authored_ones_in_page_order() -> None:
    source = (
        f"{shield_heading(1, 'Fair <2026> & more')}{shield_heading(2, 'Goals')}{shield('<p>g</p>')}\n"
        f"## Goals\n\ntext\n\n{shield_heading(2, 'Retro')}{shield_heading(3, '#sonicht')}"
    )
    lifted, blocks = lift(source)
    assert len(blocks) == 2
    md = markdown.Markdown(extensions=["toc"])
    rendered = md.convert(lifted)
    assert md.toc_tokens[0]["id"] == "goals"  # type: ignore[attr-defined]
    taken = {"goals"}
    placed = place(blocks, taken=taken, anchors=ANCHORS)
    assert taken == {"goals", "fair-2026-more", "goals_1", "retro", "sonicht"}
    html, _ = stand_in(rendered, placed)
    toc = ordered_toc(html, [(2, "goals", "Goals")], placed)
    assert [ident for _, ident, _ in toc] == ["fair-2026-more", "goals_1", "goals", "retro", "sonicht"]
    assert toc[0] == (1, "fair-2026-more", "Fair &lt;2026&gt; &amp; more")
    final = restore(html, placed)
    assert final.index('id="goals_1"') < final.index('id="goals"') < final.index('id="retro"')


def test_generated_headings_follow_the_toc_options() -> None:
    options = {
        "permalink": "#",
        "permalink_leading": True,
        "baselevel": 2,
        "toc_depth": "1-2",
        "separator": "_",
    }
    anchors = Anchors.from_toc_options(options)
    _, blocks = lift(shield_heading(1, "Who does what") + shield_heading(2, "By when"))
    (block,) = place(blocks, taken=set(), anchors=anchors).values()
    assert block.html.startswith('<h2 id="who_does_what"><a class="headerlink" href="#who_does_what"')
    assert block.toc == ((2, "who_does_what", "Who does what"),)  # h3 is beyond toc_depth
    assert Anchors.from_toc_options({}).permalink is None
    assert Anchors.from_toc_options({"permalink": True}).permalink == "&para;"


def test_everything_outside_the_blocks_of_a_fully_shielded_page_is_cleaned() -> None:
    ours = '<p class="masa-x" data-n="1">generated</p>'
    source = f"<script>a()</script>\n\n{shield(ours)}\n<img src=x onerror=y>\n\n<!-- note -->\n\ntext\n"
    lifted, blocks = lift(source)
    cleaned = sanitize_outside_blocks(markdown.markdown(lifted), blocks)
    assert "<script" not in cleaned and "onerror" not in cleaned and "note" not in cleaned
    placed = place(blocks, taken=set(), anchors=ANCHORS)
    final = restore(stand_in(cleaned, placed)[0], placed)
    assert ours in final and '<img src="x">' in final and "<p>text</p>" in final


def test_an_author_cannot_forge_a_token() -> None:
    lifted, blocks = lift(f"Guess: MASAHTML0000000000000000N0\n\n{shield('<b>x</b>')}")
    (token,) = blocks
    assert token != "MASAHTML0000000000000000N0" and token in lifted


def test_a_composed_page_is_the_page_lift_makes_of_its_shielded_form() -> None:
    table = "<table><tr><td>Tom &amp; Sara</td><td>5 – 7</td></tr></table>"
    chart = '<figure><script type="application/json">{"a": 1}</script></figure>'
    authored = "## Plan\n\nSee [x](../x/index.md).\n"
    prose = ["More *prose*.\n", "And more.\n"]
    shielded_parts = [shield_heading(1, "Fair <2026>"), shield(table), shield(chart, search=False), authored]
    shielded_parts += [shield_heading(2, "Retro"), shield("  "), *prose, shield("<p>end</p>")]
    shielded = "\n".join(part for part in shielded_parts if part)  # pages leave a blank part out
    composed, blocks = compose(
        [
            heading_part(1, "Fair <2026>"),
            fragment(table),
            fragment(chart, search=False),
            authored,
            heading_part(2, "Retro"),
            fragment("  "),
            *prose,
            fragment("<p>end</p>"),
        ]
    )
    lifted, lifted_blocks = lift(shielded)
    assert list(blocks.values()) == list(lifted_blocks.values())
    assert len(blocks) == 3
    rename = dict(zip(lifted_blocks, blocks, strict=True))
    for old, new in rename.items():
        lifted = lifted.replace(old, new)
    assert composed == lifted
    assert blocks[next(iter(blocks))].parts[1] == Fragment(
        "<table><tr><td>Tom &amp; Sara</td><td>5 &#8211; 7</td></tr></table>", "Tom &amp; Sara 5 &#8211; 7"
    )


def test_an_author_cannot_forge_the_token_of_a_composed_page() -> None:
    guess = "Guess: MASAHTML0000000000000000N0\n"
    composed, blocks = compose([guess, fragment("<b>x</b>")])
    (token,) = blocks
    assert token != "MASAHTML0000000000000000N0" and composed.endswith(f"<!-- {token} -->\n\n")
    # The same text in another process would give other tokens: they hang on a secret.
    assert token not in guess and compose([guess, fragment("<b>y</b>")])[1].keys() == blocks.keys()


def test_markers_an_author_writes_are_not_lifted() -> None:
    forged = "<!-- masa:html -->\n<script>x()</script>\n<!-- /masa:html -->\n"
    assert lift(forged) == (forged, {})
    assert lift(forged + shield("<b>real</b>"))[0].startswith(forged)


def test_generated_parts_are_written_in_ascii() -> None:
    part = shield('<p title="Müller – 5 €">Müller … ≥ 5 €</p>') + shield_heading(2, "Für 2026 – ≥ 5")
    assert part.isascii()
    _, blocks = lift(part)
    (block,) = place(blocks, taken=set(), anchors=ANCHORS).values()
    assert html.unescape(block.html) == '<p title="Müller – 5 €">Müller … ≥ 5 €</p>\n' + html.unescape(
        ANCHORS.heading(2, "fur-2026-5", "Für 2026 – ≥ 5")
    )
    assert block.search == (
        (0, "", "M&#252;ller &#8230; &#8805; 5 &#8364;"),
        (2, "fur-2026-5", "F&#252;r 2026 &#8211; &#8805; 5"),
    )


def test_search_text_drops_markup_and_scripts() -> None:
    assert search_text("<ul>\n<li><span>a</span>, <b>b</b></li>\n</ul><script>x<y</script>") == "a, b"


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


def test_memory_merges_the_search_index_of_a_partial_rebuild() -> None:
    memory = SiteMemory()
    first = [
        {"location": "", "text": "home"},
        {"location": "a/", "text": "a"},
        {"location": "a/#x", "text": "a x"},
        {"location": "b/", "text": "b"},
    ]
    assert memory.merge_search(first, ["", "a/", "b/"], ["", "a/", "b/"]) == first
    # a/ rendered again without its section, c/ is new, b/ is gone.
    fresh = [{"location": "a/", "text": "a2"}, {"location": "c/", "text": "c"}]
    assert memory.merge_search(fresh, ["a/", "c/"], ["", "a/", "c/"]) == [
        {"location": "", "text": "home"},
        {"location": "a/", "text": "a2"},
        {"location": "c/", "text": "c"},
    ]


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


def test_a_part_is_shared_only_while_none_of_its_templates_is_overridden() -> None:
    assert shareable(set()) == frozenset(PARTS)
    assert shareable({"partials/copyright.html"}) == frozenset(PARTS) - {"footer"}
    assert shareable({"partials/integrations/analytics/custom.html"}) == frozenset(PARTS) - {"analytics"}
    assert shareable({"partials/comments.html", "assets/extra.css"}) == frozenset(
        PARTS
    )  # not in a shared part
    assert shareable({"partials/languages/de.html"}) == frozenset()  # labels are in every part
    assert shareable({"partials/toc-item.html"}) == frozenset(PARTS) - {"toc-item"}


def test_overridden_templates_are_those_outside_materials_and_the_playbooks_folders(tmp_path: Path) -> None:
    import material

    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "footer.html").write_text("x", encoding="utf-8")
    (tmp_path / "main.html").write_text("x", encoding="utf-8")
    material_templates = Path(material.__file__).parent / "templates"
    dirs = [tmp_path, THEME_OVERRIDES_DIR, material_templates, tmp_path / "missing"]
    assert overridden_templates(dirs) == {"partials/footer.html", "main.html"}


class _Page:
    def __init__(self, src_uri: str, url: str) -> None:
        self.file = type("F", (), {"src_uri": src_uri})()
        self.url = url


def test_shared_parts_render_once_per_folder_and_only_for_outside_pages() -> None:
    calls: list[str] = []

    def render(text: str) -> object:
        return lambda: calls.append(text) or text

    shared = SharedParts({"campaigns/a/index.md", "campaigns/b/index.md", "plays/p/index.md"}, {"nav"})
    a, b = _Page("campaigns/a/index.md", "campaigns/a/"), _Page("campaigns/b/index.md", "campaigns/b/")
    assert shared(a, render("A")) == "A" and shared(b, render("B")) == "A"  # b reuses a's
    assert shared(_Page("plays/p/index.md", "plays/p/"), render("P")) == "P"  # another folder
    assert shared(_Page("index.md", ""), render("H")) == "H"  # in the navigation
    assert (
        shared(a, render("F"), "footer") == "F" and shared(b, render("G"), "footer") == "G"
    )  # not shareable
    assert shared(None, render("N")) == "N"
    assert calls == ["A", "P", "H", "F", "G", "N"]


def test_a_generated_pages_source_for_rebuilds_holds_its_metadata_and_markdown() -> None:
    page = GeneratedPage("campaigns/a/index.md", "# A\n", meta={"title": "A"})
    renamed = GeneratedPage("campaigns/a/index.md", "# A\n", meta={"title": "B & C"})
    assert page.source != renamed.source  # a new title alone is a change
    assert renamed.meta == {"title": "B &amp; C"}  # escaped once, on creation
    assert page.source == GeneratedPage("campaigns/a/index.md", "# A\n", meta={"title": "A"}).source
