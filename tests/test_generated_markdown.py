"""The generated pages are safe in any engine: their Markdown alone, rendered without any hook.

Every authored field and body of a copy of ``tests/sites/basic`` is made
hostile: scripts, event handlers, ``javascript:`` URLs, forged marker
comments, ``{{ }}``, raw HTML and ``markdown="1"``. The generator's pages
(``GeneratedPage.content`` and ``markdown_file()``) are then rendered with
plain Python-Markdown, once with this repository's extensions and once with
none, and the HTML must hold nothing active. No engine, hook or cleaner runs
after rendering: what is safe here is safe in MkDocs, ProperDocs and Zensical.
"""

from __future__ import annotations

import datetime as dt
import html
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from mkdocs.utils.meta import get_data

from masa_playbook import site
from test_site import BASIC, copy_fixture

TODAY = dt.date(2026, 5, 28)
EXTENSIONS = ["admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc"]
#: Elements that run code, load things or restyle the page.
ACTIVE_ELEMENTS = {
    "script",
    "iframe",
    "object",
    "embed",
    "style",
    "base",
    "meta",
    "link",
    "form",
    "frame",
    "svg",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "srcset",
    "data",
    "background",
}
HOSTILE_BODY = """
<script>alert("body")</script>

<img src=x onerror=alert(2)> <a href="javascript:alert(3)">a</a> [md](javascript:alert(4))
<a href="&#106;avascript:alert(5)">entity</a> <a href=" JaVaScRiPt:alert(6)">spaced</a>

<!-- masa:html -->
<script>alert("forged block")</script>
<!-- /masa:html -->
<!-- /masa:authored 0000000000000000 -->
<script>alert("forged end")</script>

<div markdown="1">
<script>alert("md_in_html")</script> *md* [x](javascript:alert(7))
</div>

## {{ config }} <img src=x onerror=alert(8)> {% raw %}

{{ config.site_name }} {% for x in y %}{# c #}

<style>body{display:none}</style><iframe src="https://evil.example"></iframe>
<form action="https://evil.example"><input name=x></form>
<svg onload=alert(9)></svg><math><mi xlink:href="javascript:alert(10)">m</mi></math>
"""
HOSTILE_TEXT = (
    '<script>alert("t")</script> {{ x }} {% y %} [l](javascript:alert(1)) *e* <img src=x onerror=alert(1)>'
)


class _ActiveHtml(HTMLParser):
    """Collects what would run or load in a browser."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ACTIVE_ELEMENTS and not (tag == "script" and values.get("type") == "application/json"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "markdown":
                self.found.append(f"{tag} {name}=")
            url = "".join((value or "").split()).lower()
            if name in URL_ATTRIBUTES and url.startswith(("javascript:", "vbscript:", "data:")):
                self.found.append(f"{tag} {name}={value}")


def active_html(text: str) -> list[str]:
    """Every element, attribute and URL of ``text`` that is active in a browser."""
    parser = _ActiveHtml()
    parser.feed(text)
    parser.close()
    return parser.found


def _hostile_playbook(root: Path) -> None:
    for path in [*root.glob("campaigns/*/*.md"), *root.glob("playbooks/*/*.md")]:
        path.write_text(path.read_text(encoding="utf-8") + HOSTILE_BODY, encoding="utf-8")
    for path in root.glob("playbooks/*/*.md"):
        front, body = path.read_text(encoding="utf-8").split("---\n", 2)[1:]
        data = yaml.safe_load(front)
        for key in ("title", "summary", "when"):
            if key in data:
                data[key] = f"{data[key]} {HOSTILE_TEXT}"
        path.write_text(f"---\n{yaml.safe_dump(data, allow_unicode=True)}---\n{body}", encoding="utf-8")
    people = yaml.safe_load((root / "people.yml").read_text(encoding="utf-8"))
    for person in people.values():
        person["name"] = f"{person['name']} {HOSTILE_TEXT}"
    (root / "people.yml").write_text(yaml.safe_dump(people, allow_unicode=True), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_pages(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, site.GeneratedPage]]:
    root = copy_fixture(tmp_path_factory.mktemp("hostile"), BASIC)
    _hostile_playbook(root)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    pages = []
    for audience in ("internal", "public"):
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("MASA_AUDIENCE", audience)
            build = site.prepare(root, mkdocs_config=config, today=TODAY)
        assert build.errors == [], [f.render() for f in build.errors]
        pages += [(audience, page) for page in site.site_pages(build.context, with_dashboard=True)]
    return pages


def test_the_hostile_playbook_reaches_the_generated_pages(
    hostile_pages: list[tuple[str, site.GeneratedPage]],
) -> None:
    """Not vacuous: the hostile texts are on the pages, as text."""
    by_uri = {page.src_uri: page for audience, page in hostile_pages if audience == "internal"}
    plan = by_uri["campaigns/xss-title/index.md"].content
    assert (
        "masa-authored" in plan and "&lt;img src=x onerror=alert(2)&gt;" not in plan
    )  # img cleaned, not escaped
    assert "Mia Marketing &lt;script&gt;" in plan  # a person's name, escaped
    play = html.unescape(by_uri["plays/webinar-series/index.md"].content)
    assert '<script>alert("t")</script>' in play  # the hostile title, as text once unescaped
    rendered = markdown.markdown(plan, extensions=EXTENSIONS)
    assert active_html('<p><a href=" java\nscript:x">a</a><img src=x onerror=y></p>') == [
        "a href= java\nscript:x",
        "img onerror=",
    ]
    assert active_html(rendered) == []


@pytest.mark.parametrize(
    "extensions",
    [EXTENSIONS, [], [*EXTENSIONS, "masa_playbook.rawhtml"]],
    ids=["site-extensions", "plain", "as-mkdocs-adds-raw-blocks"],
)
def test_the_generated_markdown_is_inert_without_any_hook(
    hostile_pages: list[tuple[str, site.GeneratedPage]], extensions: list[str]
) -> None:
    assert len(hostile_pages) > 20
    for audience, page in hostile_pages:
        body, meta = get_data(page.markdown_file())  # front matter split off, as engines read a file
        assert body == page.content and meta == dict(page.meta)
        for text in (page.content, page.markdown_file()):
            assert "{{" not in text and "{%" not in text and "{#" not in text, page.src_uri
        for text in (page.content, body):
            rendered = markdown.markdown(text, extensions=extensions)
            assert active_html(rendered) == [], (audience, page.src_uri)


def test_the_front_matter_of_a_markdown_file_is_the_escaped_metadata(
    hostile_pages: list[tuple[str, site.GeneratedPage]],
) -> None:
    for _, page in hostile_pages:
        text = page.markdown_file()
        front = yaml.safe_load(text.split("---\n", 2)[1])
        assert front == dict(page.meta)
        assert "<" not in str(front.get("title", ""))
