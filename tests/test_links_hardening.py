"""Links under attack: no internal slug in a public build, no backtracking, attachments agree with the site.

Issue 16, items 3, 4 and 10 (second bullet):

- A public plan, play, anti-pattern or hand-written page that refers to an
  internal campaign, in any form, is a finding of a public check, and the
  public site holds the slug in no generated file: ``links.rewrite_links``
  drops the reference from the Markdown, and the cleaner of the public build
  (``sanitize.page_guard``) drops whatever URL attribute still leads there.
  Each line of defence is tested on its own by switching the others off. A
  hand-written page in docs/ has only the rule, which stops the build
  (tests/test_docs_internal_links.py has every form, every engine).
- Hostile lines of 200 KB go through the link finder, the rewriter and the
  checker. A quadratic scan of such a line would take minutes (the
  20,000-backtick line of the issue took 63 s before), so these tests would
  hang rather than pass; there is no timing assertion.
- A link to a file in a sub-folder of a campaign folder is published, and a
  link to a file that will not be published says why.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from masa_playbook import links
from masa_playbook.check import check
from masa_playbook.cli import main
from masa_playbook.rules import RULES
from masa_playbook.site import sanitize
from test_site import BASIC, build_site, copy_fixture, files_of

SLUG = "secret-bid-2031"
SITE_URL = "https://playbook.example.org/"
TODAY = dt.date(2026, 5, 28)

#: One line per form a reference can take, each to the internal campaign, each with its own text.
FORMS = [
    f"[TEXT-inline](../{SLUG}/plan.md)",
    f"[TEXT-folder](../{SLUG}/)",
    f"[TEXT-absolute](/campaigns/{SLUG}/)",
    f"[TEXT-encoded](%2E%2E/{SLUG}/plan.md)",
    "[TEXT-encoded-slug](../%73ecret-bid-2031/)",
    f"[TEXT-site]({SITE_URL}campaigns/{SLUG}/)",
    f"[TEXT-scheme-relative](//playbook.example.org/campaigns/{SLUG}/)",
    f"[TEXT-escaped](\\.\\./{SLUG}/)",
    "[TEXT-reference][bid]",
    f"<{SITE_URL}campaigns/{SLUG}/>",
    f'<a href="../{SLUG}/plan.md">TEXT-raw-a</a>',
    f"<a href='&#46;&#46;/{SLUG}/'>TEXT-entities</a>",
    f"<a href=../{SLUG}/>TEXT-unquoted</a>",
    f'<img src="../{SLUG}/chart.png" alt="TEXT-img">',
    f'<img srcset="../{SLUG}/a.png 2x" src="../xss-title/diagram.png" alt="TEXT-srcset">',
    f'<video poster="/campaigns/{SLUG}/still.png">TEXT-video</video>',
    f'<form action="../{SLUG}/"><button>TEXT-form</button></form>',
    f'<blockquote cite="../{SLUG}/">TEXT-cite</blockquote>',
    f'[TEXT-attr-list](../trade-fair-win/plan.md){{: href="../{SLUG}/" }}',
    f'<a\nhref="../{SLUG}/\nplan.md">TEXT-two-lines</a>',
]
BODY = "\n\n".join(FORMS) + f"\n\n[bid]: ../{SLUG}/plan.md\n"


# ---------------------------------------------------------------- the rule


def _playbook(tmp_path: Path, *, audience: str | None, body: str = BODY) -> Path:
    root = copy_fixture(tmp_path, BASIC)
    folder = root / "campaigns" / SLUG
    folder.mkdir()
    (folder / "plan.md").write_text(
        "---\ntitle: Secret bid\ninitiated_by: sales\nstatus: idea\n---\nSecret.\n"
    )
    plan = root / "campaigns/xss-title/plan.md"
    plan.write_text(plan.read_text() + "\n" + body)
    play = root / "playbooks/sonicht/blame-game.md"
    play.write_text(play.read_text() + f'\n<a href="/campaigns/{SLUG}/">TEXT-antipattern</a>\n')
    (root / "docs" / "leak.md").write_text(
        f'# Leak\n\n<a href="../campaigns/{SLUG}/">TEXT-docs-a</a> and '
        f'<img src="{SITE_URL}campaigns/{SLUG}/x.png" alt="TEXT-docs-img">\n'
    )
    if audience is not None:
        config = root / "mkdocs.yml"
        config.write_text(
            config.read_text().replace(
                "    currency: EUR\n", f"    currency: EUR\n    audience: {audience}\n"
            )
        )
    return root


def test_every_form_is_an_error_of_a_public_check(tmp_path: Path) -> None:
    root = _playbook(tmp_path, audience="public")
    found = [f for f in check(root, today=TODAY).findings if f.rule == "internal-link"]
    plan = [f for f in found if f.file == "campaigns/xss-title/plan.md"]
    assert {f.severity for f in found} == {"error"}
    # One finding per form with a URL of its own (the reference's is on its definition line),
    # plus the definition; each on the line of its form.
    text = (root / "campaigns/xss-title/plan.md").read_text().split("\n")
    lines = {f.line for f in plan}
    for form in FORMS:
        if form == "[TEXT-reference][bid]":
            continue
        first = form.split("\n")[0]
        number = text.index(first) + 1
        assert number in lines or number + 1 in lines, form  # a two-line tag: the href line
    assert text.index(f"[bid]: ../{SLUG}/plan.md") + 1 in lines
    assert all(f"'{SLUG}'" in f.message and "not public" in f.message for f in found)
    assert any(f.file == "playbooks/sonicht/blame-game.md" for f in found)
    # The hand-written page: its raw <a href> and its <img src> on the site's address, on line 3.
    docs = [f for f in found if f.file == "docs/leak.md"]
    assert [(f.line, f.severity) for f in docs] == [(3, "error"), (3, "error")]
    assert {f.message.split("'")[1] for f in docs} == {
        f"../campaigns/{SLUG}/",
        f"{SITE_URL}campaigns/{SLUG}/x.png",
    }


def test_an_internal_check_warns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _playbook(tmp_path, audience=None)
    assert main(["check", str(root), "--today", "2026-05-28"]) == 0
    out = capsys.readouterr().out
    assert out.count("[internal-link]") >= len(FORMS)
    assert ": error: " not in out


def test_an_internal_check_of_a_playbook_with_nothing_public_says_nothing(tmp_path: Path) -> None:
    root = _playbook(tmp_path, audience=None)
    for plan in (root / "campaigns").glob("*/plan.md"):
        plan.write_text(plan.read_text().replace("visibility: public", "visibility: internal"))
    assert [f for f in check(root, today=TODAY).findings if f.rule == "internal-link"] == []


def test_links_in_code_to_public_campaigns_and_to_other_sites_are_fine(tmp_path: Path) -> None:
    root = _playbook(tmp_path, audience="public")
    plan = root / "campaigns/xss-title/plan.md"
    plan.write_text(
        plan.read_text().replace(
            BODY,
            f"`<a href='../{SLUG}/'>x</a>` [a](https://example.com/campaigns/{SLUG}/) "
            '[b](../trade-fair-win/plan.md) <a href="/campaigns/trade-fair-win/">c</a>\n\n'
            f"```\n[d](../{SLUG}/plan.md)\n```\n",
        )
    )
    found = [f for f in check(root, today=TODAY).findings if f.rule == "internal-link"]
    assert [f.file for f in found] == ["docs/leak.md", "docs/leak.md", "playbooks/sonicht/blame-game.md"]


# ---------------------------------------------------------------- the public site


def _without_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """Switch the internal-link rule off, so that the build goes on and its output can be read."""

    def nothing(pb: object, ctx: object) -> Iterator[object]:
        return iter(())

    monkeypatch.setitem(RULES, "internal-link", dataclasses.replace(RULES["internal-link"], check=nothing))


def _leaks(site: Path, slugs: list[str]) -> dict[str, list[str]]:
    """Every file of ``site`` that names one of ``slugs``, in any case, with the slugs it names."""
    pattern = re.compile("|".join(re.escape(s) for s in slugs), re.IGNORECASE)
    leaks = {}
    for path in files_of(site):
        found = pattern.findall(path.read_bytes().decode("utf-8", "replace"))
        if found:
            leaks[str(path.relative_to(site))] = sorted(set(found))
    return leaks


def test_a_public_build_stops_on_a_link_to_an_internal_campaign(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = _playbook(tmp_path, audience=None)
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):
        build_site(root, "site-public", strict=False, MASA_AUDIENCE="public")
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert any("[internal-link]" in e and e.startswith("campaigns/xss-title/plan.md:") for e in errors)
    assert any("[internal-link]" in e and e.startswith("docs/leak.md:3:") for e in errors)
    assert not (root / "site-public").exists()


@pytest.mark.slow
@pytest.mark.parametrize("layers", ["markdown-and-html", "markdown-only", "html-only"])
def test_no_internal_slug_in_any_file_of_a_public_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layers: str
) -> None:
    forms = FORMS
    if layers == "html-only":
        # An autolink's text is its URL, and without the attr_list extension an
        # attribute list is text: only the Markdown layer can take those out.
        forms = [f for f in FORMS if not f.startswith(("<http", "[TEXT-attr-list]"))]
    root = _playbook(tmp_path, audience=None, body="\n\n".join(forms) + f"\n\n[bid]: ../{SLUG}/plan.md\n")
    _without_rule(monkeypatch)
    import masa_playbook.site.prerender as rendering  # how every authored body is rendered

    if layers == "html-only":  # the Markdown keeps every reference: the cleaner alone must drop them
        monkeypatch.setattr(rendering, "rewrite_links", lambda body, *args, **kwargs: body)
    if layers == "markdown-only":  # no guard in the cleaner: the Markdown must have lost every reference
        monkeypatch.setattr(rendering, "page_guard", lambda held, urls, uri, site_url: None)
    site = build_site(root, "site-public", strict=False, MASA_AUDIENCE="public")
    leaks = _leaks(site, [SLUG, "outbound-running", "webinar-flop"])
    # A hand-written page is the engine's to render, and nothing cleans a page
    # after rendering: only the rule switched off above (it stops the build,
    # test_a_public_build_stops_on_a_link_to_an_internal_campaign) keeps it out.
    assert set(leaks) == {"leak/index.html"}
    # The texts of the dropped links stay (a dropped autolink has none but its URL).
    page = (site / "campaigns/xss-title/index.html").read_text(encoding="utf-8")
    for form in forms:
        for text in re.findall(r"TEXT-[a-z-]+", form):
            if text not in ("TEXT-img", "TEXT-srcset"):  # alt texts of removed images
                assert text in page, text
    assert "TEXT-antipattern" in (site / "sonicht/blame-game/index.html").read_text(encoding="utf-8")
    docs_page = (site / "leak/index.html").read_text(encoding="utf-8")
    assert "TEXT-docs-a" in docs_page
    # Links to public campaigns survive.
    if layers == "markdown-and-html":
        assert 'href="../roadshow-mixed/"' in page
    assert 'src="../xss-title/diagram.png"' in page


@pytest.mark.slow
def test_an_internal_build_keeps_the_links(tmp_path: Path) -> None:
    root = _playbook(tmp_path, audience=None)
    site = build_site(root, strict=False)
    page = (site / "campaigns/xss-title/index.html").read_text(encoding="utf-8")
    assert f'<a href="../{SLUG}/">TEXT-inline</a>' in page
    assert f'href="../{SLUG}/plan.md"' in page  # raw HTML is left as written


# ---------------------------------------------------------------- the guard on its own


@pytest.mark.parametrize(
    "url",
    [
        f"../{SLUG}/",
        f"../{SLUG}",
        f"../{SLUG}/plan.md",
        f"../../campaigns/{SLUG}/x.png",
        f"../../../../campaigns/{SLUG}/",
        f"/campaigns/{SLUG}/",
        f"/campaigns/{SLUG.upper()}/",
        f"%2E%2E/{SLUG}/",
        f"%252E%252E/{SLUG}/",
        "../%73ecret-bid-2031/",
        f"..\\{SLUG}\\",
        f"\\.\\./{SLUG}/",
        f"&#46;&#46;/{SLUG}/",
        f"..%2F{SLUG}%2F",
        f" \t../{SLUG}/\n",
        f"../{SLUG}/?x=1#y",
        f"{SITE_URL}campaigns/{SLUG}/",
        f"HTTPS://PLAYBOOK.EXAMPLE.ORG/campaigns/{SLUG}/",
        f"//playbook.example.org/campaigns/{SLUG}/",
        f"http:../{SLUG}/",
        f"https:/campaigns/{SLUG}/",
    ],
)
def test_the_guard_refuses_every_spelling(url: str) -> None:
    from masa_playbook.audience import reference_guard
    from masa_playbook.config import PlaybookConfig
    from masa_playbook.playbook import Playbook

    view = Playbook(root=".", config=PlaybookConfig(audience="public"))
    guard = reference_guard(view, base="campaigns/xss-title", site_url=SITE_URL)
    assert not guard(url)
    assert guard("../xss-title/diagram.png") is False  # not in this empty view either
    html = sanitize.clean(f'<p><a href="{url}">t</a> <img src="{url}" alt="i"></p>', guard)
    assert "href" not in html and "src" not in html
    assert SLUG not in html.lower()


def test_the_guard_keeps_what_the_view_holds_and_other_sites() -> None:
    from masa_playbook.audience import reference_guard
    from masa_playbook.loader import load_playbook

    view = load_playbook(BASIC)
    guard = reference_guard(view, base="campaigns/xss-title", site_url=SITE_URL)
    for url in ("../trade-fair-win/", "diagram.png", "#retro", "../", "../../plays/webinar-series/"):
        assert guard(url), url
    for url in ("https://example.com/campaigns/x/", "mailto:a@b.example", "/assets/x.css"):
        assert guard(url), url


# ---------------------------------------------------------------- code spans and hostile lines


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        ("a `b` c", "a     c"),
        ("``a`b`` c", "        c"),
        ("`a`` b", "`a`` b"),  # a run of one is closed only by a run of one
        ("``` a ``", "``` a ``"),
        ("`a` `b", "    `b"),
        ("\\`a` `b`", "\\`a   b`"),  # "\\`" is a literal backtick
        ("\\\\`a`", "\\\\   "),  # an escaped backslash: the backtick opens
    ],
)
def test_code_spans_as_commonmark_reads_them(line: str, masked: str) -> None:
    assert links._strip_code_spans(line) == masked
    assert len(links._strip_code_spans(line)) == len(line)


HOSTILE = {
    "backticks after a link": "[x](plan.md) " + "`" * 200_000,
    "alternating backtick runs": "`a``b" * 40_000,
    "escaped backticks": "\\`" * 100_000,
    "brackets": "[" * 200_000,
    "closing brackets": "]" * 200_000,
    "link openers": "](" * 100_000,
    "angle link openers": "](<" * 70_000,
    "definition without a colon": "[" + "a" * 200_000,
    "angles": "<" * 200_000,
    "autolink openers": "<http:" * 35_000,
    "backslashes": "\\" * 200_000,
    "stars": "*" * 200_000,
    "underscores": "_" * 200_000,
    "unclosed quoted attributes": 'href="' * 35_000,
    "attributes without values": "src= " * 40_000,
    "entities": "&#46;" * 40_000,
    "percent signs": "%2" * 70_000,
    "spaces after a link opener": "](" + " " * 200_000,
    "parentheses in a target": "](" + "(a)" * 70_000,
    "tags": "<a " * 70_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_line_costs_what_it_is_long(name: str) -> None:
    line = HOSTILE[name]
    body = f"Text.\n{line}\nMore text.\n"
    assert all(link.line in (0, 1, 2) for link in links.find_links(body))
    assert all(ref.line in (0, 1, 2) for ref in links.find_references(body))
    rewritten = links.rewrite_links(body, "campaigns/x/plan.md", "campaigns/x/index.md", keep=lambda p: False)
    assert rewritten.startswith("Text.\n") and rewritten.endswith("\nMore text.\n")
    assert len(links._strip_code_spans(line)) == len(line)


def test_hostile_lines_go_through_the_checker(tmp_path: Path) -> None:
    """All the hostile lines in one public plan: the check ends, with findings that make sense."""
    root = _playbook(tmp_path, audience="public")
    plan = root / "campaigns/xss-title/plan.md"
    plan.write_text(plan.read_text() + "\n" + "\n\n".join(HOSTILE.values()) + "\n")
    result = check(root, today=TODAY)
    lines = len(plan.read_text().split("\n"))
    assert all(1 <= f.line <= lines for f in result.findings if f.file == "campaigns/xss-title/plan.md")
    assert any(f.rule == "internal-link" for f in result.findings)


# ---------------------------------------------------------------- attachments and the site agree


@pytest.mark.parametrize(
    ("repo_path", "page"),
    [
        ("campaigns/other/plan.md", "campaigns/other/index.md"),
        ("campaigns/other/retro.md", "campaigns/other/index.md"),
        ("campaigns/other", "campaigns/other/index.md"),
        ("campaigns/other/chart.png", "campaigns/other/chart.png"),
        ("campaigns/other/sub/deep.png", "campaigns/other/sub/deep.png"),
        ("campaigns/other/a/b/c/report.PDF", "campaigns/other/a/b/c/report.PDF"),
        ("campaigns/other/evil.svg", None),
        ("campaigns/other/evil.html", None),
        ("campaigns/other/.hidden.png", None),
        ("campaigns/other/.drafts/x.png", None),
        ("campaigns/other/notes.md", None),
        ("campaigns/other/plan.md~", None),
        ("campaigns/other/plan.md.orig", None),
        ("playbooks/plays/p.md", "plays/p/index.md"),
        ("docs/how.md", "how.md"),
        ("README.md", None),
    ],
)
def test_site_page_matches_what_is_published(repo_path: str, page: str | None) -> None:
    assert links.site_page(repo_path) == page
    if repo_path.startswith("campaigns/other/") and page is None:
        assert links.unpublished_reason(repo_path)


def test_a_link_to_a_file_that_is_not_published_says_why(tmp_path: Path) -> None:
    root = _playbook(tmp_path, audience=None)
    folder = root / "campaigns/trade-fair-win"
    (folder / "sub").mkdir()
    (folder / "sub" / "deep.png").write_bytes((root / "campaigns/xss-title/diagram.png").read_bytes())
    (folder / "drawing.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    plan = root / "campaigns/xss-title/plan.md"
    plan.write_text(
        plan.read_text().replace(BODY, "")
        + "\n![deep](../trade-fair-win/sub/deep.png) ![svg](../trade-fair-win/drawing.svg)\n"
    )
    found = [f for f in check(root, today=TODAY).findings if f.rule == "broken-link"]
    assert [f.message for f in found if "deep.png" in f.message] == []
    (svg,) = [f for f in found if "drawing.svg" in f.message]
    assert svg.severity == "error" and "(.svg) are never published" in svg.message
