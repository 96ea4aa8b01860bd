"""Hostile attachments: nothing published from a campaign folder runs in the browser.

A copy of the ``basic`` fixture gets, in one campaign folder, every kind of
file an attacker or a careless author could put there: SVG, HTML, XML and
JavaScript with payloads, a genuine PNG with HTML and script after its end
(a polyglot, published because it is a PNG), a CSV with markup in a cell,
a PDF with an ``OpenAction`` script, hidden files, and editor backups of the
plan holding a confidential target account. Then Chromium opens every file
the build published under that folder (the campaign page too) and must see
no payload run: no dialog, no console message, no ``window.__pwned``, no
request leaving 127.0.0.1.

The site is built like the others but without ``--strict``: the planted
files are warnings of ``masa check`` (which ``--strict`` turns fatal), and
the point is what a build that goes on leaves out. A file whose bytes are
not its type (a ``.png`` holding only HTML) is an error that stops every
build; ``tests/test_attachments.py`` covers it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_reader import Watch
from e2e_site import Site, prepare_fixture, serve
from playwright.sync_api import BrowserContext, ConsoleMessage
from playwright.sync_api import Error as PlaywrightError

# tests/ holds the files planted here and in tests/test_attachments.py; run alone, it is not on the path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from attachment_files import BACKUPS, plant, png

pytestmark = pytest.mark.browser

SLUG = "harbour-fair-2025"
ACCOUNT = "Kaihaus Logistik AG"
#: Only in the editor backups: no file of the site may hold it.
BACKUP_SECRET = "Backup Only Reederei KG"
MARK = "MASA-PAYLOAD"
BROWSER_INTERNAL = ("chrome://", "chrome-extension://", "chrome-untrusted://")


def payload(name: str) -> str:
    """JavaScript that leaves every trace a test can see: a flag, a console line, a dialog, a request."""
    return (
        f"window.__pwned='{name}';console.log('{MARK} {name}');alert('{name}');"
        f"fetch('http://example.com/{name}').catch(()=>{{}})"
    )


def html_payload(name: str) -> bytes:
    return (
        f"<!doctype html><html><body><script>{payload(name)}</script>"
        f'<img src="http://example.com/{name}.png" onerror="{payload(name + "-onerror")}"></body></html>'
    ).encode()


def pdf_with_script() -> bytes:
    """A one-page PDF whose ``OpenAction`` runs JavaScript in viewers that allow it."""
    objects = [
        f"<</Type/Catalog/Pages 2 0 R/OpenAction<</S/JavaScript/JS({payload('pdf')})>>>>",
        "<</Type/Pages/Kids[3 0 R]/Count 1>>",
        "<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


#: Published, by path inside the campaign folder: allowed types whose bytes are of that type.
PUBLISHED: dict[str, bytes] = {
    "chart.png": png(),
    "images/deep.png": png(),
    "polyglot.png": png() + html_payload("polyglot"),
    "photo.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + html_payload("jpeg"),
    "notes.csv": b"account,note\r\nx," + html_payload("csv") + b"\r\n",
    "report.pdf": pdf_with_script(),
    "deck.docx": b"PK\x03\x04\x14\x00\x00\x00" + html_payload("docx"),
}
#: Never published, by path inside the campaign folder.
REFUSED: dict[str, bytes] = {
    "evil.svg": (
        f'<svg xmlns="http://www.w3.org/2000/svg" onload="{payload("svg-onload")}">'
        f'<script>{payload("svg-script")}</script><image href="http://example.com/svg.png"/></svg>'
    ).encode(),
    "images/logo.svg": f'<svg xmlns="http://www.w3.org/2000/svg" onload="{payload("svg2")}"/>'.encode(),
    "evil.html": html_payload("html"),
    "evil.htm": html_payload("htm"),
    "evil.xhtml": html_payload("xhtml"),
    "evil.xml": b'<?xml version="1.0"?><x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script>',
    "evil.js": payload("js").encode(),
    ".htaccess": b"AddType text/html .png\n",
    ".hidden/page.html": html_payload("hidden"),
}


@pytest.fixture(scope="module")
def attachments_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    work = tmp_path_factory.mktemp("attachments_site")
    config_file = prepare_fixture("basic", work / "repo")
    folder = config_file.parent / "campaigns" / SLUG
    plan = (folder / "plan.md").read_text(encoding="utf-8")
    assert ACCOUNT in plan
    plant(folder, PUBLISHED)
    plant(folder, REFUSED)
    plant(folder, dict.fromkeys(BACKUPS, plan.replace(ACCOUNT, BACKUP_SECRET).encode()))
    site_dir = work / "site"
    env = {**os.environ, "MASA_AUDIENCE": "internal", "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config_file), "-d", str(site_dir)]
    done = subprocess.run(
        command, cwd=config_file.parent, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    log = done.stdout + done.stderr
    assert done.returncode == 0, log
    # The build said what it left out, in the words of masa check.
    assert f"campaigns/{SLUG}/evil.svg:1: warning: -: SVG images are not published" in log
    assert f"campaigns/{SLUG}/plan.md~:1: warning: -: this looks like an editor backup" in log
    with serve(site_dir) as url:
        yield Site(name="attachments_site", root=site_dir, url=url)


def published_paths(site: Site) -> list[str]:
    folder = site.root / "campaigns" / SLUG
    return sorted(p.relative_to(site.root).as_posix() for p in folder.rglob("*") if p.is_file())


def test_only_the_allowed_files_are_published(attachments_site: Site) -> None:
    expected = {f"campaigns/{SLUG}/{rel}" for rel in [*PUBLISHED, "index.html"]}
    assert set(published_paths(attachments_site)) == expected
    for rel, data in PUBLISHED.items():
        assert (attachments_site.root / "campaigns" / SLUG / rel).read_bytes() == data


def test_refused_files_and_backups_are_not_served(attachments_site: Site) -> None:
    for rel in [*REFUSED, *BACKUPS]:
        url = attachments_site.at(f"campaigns/{SLUG}/" + urllib.request.pathname2url(rel))
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(url, timeout=10)
        answer.value.close()
        assert answer.value.code == 404, rel


def test_no_file_of_the_site_holds_what_only_the_backups_hold(attachments_site: Site) -> None:
    needle = BACKUP_SECRET.encode()
    assert [p for p in attachments_site.root.rglob("*") if p.is_file() and needle in p.read_bytes()] == []


def test_opening_every_published_file_runs_nothing(
    attachments_site: Site, context: BrowserContext, watch: Watch
) -> None:
    messages: list[str] = []

    def console(message: ConsoleMessage) -> None:
        if MARK in message.text:
            messages.append(f"{message.page.url if message.page else '?'}: {message.text}")

    # Chromium's own viewers (the PDF viewer) load chrome:// resources: inside the browser,
    # not a request that leaves the machine. Later routes take precedence over Watch's.
    context.route(lambda url: url.startswith(BROWSER_INTERNAL), lambda route: route.continue_())
    opened, downloaded = [], []
    for path in published_paths(attachments_site):
        page = context.new_page()
        page.on("console", console)
        try:
            page.goto(attachments_site.at(path), wait_until="load")
        except PlaywrightError as error:
            # A type the browser does not show is saved instead: nothing of it runs.
            assert "Download is starting" in error.message, f"{path}: {error.message}"
            downloaded.append(path)
            page.close()
            continue
        page.wait_for_timeout(300)  # time for an onload handler or a timer
        assert page.evaluate("() => typeof window.__pwned") == "undefined", f"a payload ran on {path}"
        opened.append(path)
        page.close()
    # The images and the campaign page are shown, so the check above looked at real documents.
    assert {f"campaigns/{SLUG}/index.html", f"campaigns/{SLUG}/polyglot.png"} <= set(opened), (
        opened,
        downloaded,
    )
    assert messages == []
    assert watch.dialogs == []
    assert watch.page_errors == []
    assert watch.external_requests == []
