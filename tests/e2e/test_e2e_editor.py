"""The web editor at /admin/: a plan and its retro written through the form, saved by the local backend.

A copy of the basic fixture playbook is the repository; ``decap-server`` (the
editor's local backend, from ``tests/e2e/node_modules``) runs on a free port
of 127.0.0.1 against it, and an internal build of it is served with the
editor's configuration pointed at that port. Every request that leaves
127.0.0.1/localhost is aborted and fails the test (``Watch``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import E2E, SCREENSHOTS, VIEWPORT, unavailable
from e2e_reader import Watch, axe_violations, describe_violations
from e2e_site import REPO, BuildError, prepare_fixture, serve, start_build
from playwright.sync_api import FrameLocator, Locator, Page

from masa_playbook.cli import main as masa
from masa_playbook.cms import admin_config, config_script
from masa_playbook.loader import load_playbook

pytestmark = pytest.mark.browser

DECAP_SERVER = E2E / "node_modules" / "decap-server" / "dist" / "index.js"
DOC_IMAGES = REPO / "docs" / "authoring" / "img"
TITLE = "Logistik-Gipfel Düsseldorf 2026"
SLUG = "logistik-gipfel-dusseldorf-2026"  # Decap drops accents (ü -> u); `masa new` would write "ue"
TODAY = "2026-11-26"

#: axe-core findings inside the vendored Decap CMS's own markup that this project cannot fix
#: without patching Decap: rule id -> a pattern of the elements excused. Anything else fails.
KNOWN_DECAP_VIOLATIONS: dict[str, re.Pattern[str]] = {
    # The rich-text editor (Slate) is a contenteditable with role=textbox and no name of its own.
    "aria-input-field-name": re.compile(r"^\.css-1mdujl0$"),
    # The "Rich text / Markdown" switch of the text field's toolbar: no name, no aria-checked.
    "aria-required-attr": re.compile(r"\.e11cox784$"),
    "button-name": re.compile(r"\.e11cox784$"),
    # The toolbar's heading and list dropdowns: a role=button span inside another button.
    "nested-interactive": re.compile(r"ToolbarDropdownWrapper"),
}


def _excused(violation: dict[str, Any]) -> bool:
    pattern = KNOWN_DECAP_VIOLATIONS.get(violation["id"])
    return pattern is not None and all(pattern.search(node["target"]) for node in violation["nodes"])


@dataclass
class Editor:
    """The repository the editor writes into, the served site and the proxy's URL."""

    repo: Path
    site: Path
    url: str
    proxy_url: str

    def refresh(self) -> None:
        """Regenerate the editor's configuration from the repository: what a rebuild does for /admin/."""
        config = admin_config(load_playbook(self.repo), local_backend_url=self.proxy_url)
        (self.site / "admin" / "masa-cms-config.js").write_text(config_script(config), encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_proxy(url: str, process: subprocess.Popen[bytes]) -> None:
    request = urllib.request.Request(
        url, data=b'{"action":"info"}', headers={"Content-Type": "application/json"}
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"decap-server ended with status {process.returncode}")
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise RuntimeError("decap-server did not answer within 20 seconds")


def _build(config_file: Path, site: Path) -> None:
    build = start_build("editor", config_file, site)
    try:
        build.wait()
    except BuildError as error:
        pytest.fail(f"the editor's site did not build:\n{error}", pytrace=False)


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory, chromium_path: str) -> Iterator[Editor]:
    node = shutil.which("node")
    if node is None or not DECAP_SERVER.is_file():
        unavailable(
            f"decap-server is not installed ({DECAP_SERVER} missing, or no node): `make test` installs it"
        )
    assert node is not None
    work = tmp_path_factory.mktemp("editor")
    config_file = prepare_fixture("basic", work / "repo")
    repo = config_file.parent
    port = _free_port()
    proxy_url = f"http://localhost:{port}/api/v1"
    env = {
        **os.environ,
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "MODE": "fs",
        "GIT_REPO_DIRECTORY": str(repo),
        "LOG_LEVEL": "warn",
    }
    log = (work / "decap-server.log").open("wb")
    process = subprocess.Popen(
        [node, str(DECAP_SERVER)], cwd=repo, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        _wait_for_proxy(proxy_url.replace("localhost", "127.0.0.1"), process)
        site = work / "site"
        _build(config_file, site)
        with serve(site) as url:
            made = Editor(repo, site, url + "admin/", proxy_url)
            made.refresh()
            yield made
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


# ------------------------------------------------------------------ form helpers


def login(page: Page, editor: Editor, route: str = "") -> None:
    """Open the editor and log in to the local backend (a button, no account)."""
    page.goto(editor.url + route)
    page.get_by_role("button", name="Login").click()
    page.get_by_text("Campaign plans").first.wait_for()


def control(page: Page, label: str, nth: int = 0) -> Locator:
    """The input of the ``nth`` field labelled ``label`` (Decap labels point at their control by id)."""
    labels = page.locator("label").filter(has_text=re.compile(rf"^{re.escape(label)}( \(optional\))?$", re.I))
    target = labels.nth(nth).get_attribute("for")
    assert target, f"no control for the label {label!r} #{nth}"
    return page.locator(f"[id='{target}']")


def last(page: Page, label: str) -> Locator:
    """The input of the last field labelled ``label``: in the list item added last."""
    labels = page.locator("label").filter(has_text=re.compile(rf"^{re.escape(label)}( \(optional\))?$", re.I))
    return control(page, label, labels.count() - 1)


def choose(page: Page, label: str, *options: str, nth: int = 0) -> None:
    """Pick ``options`` in the select (react-select) labelled ``label``."""
    for option in options:
        box = control(page, label, nth)  # found anew: a choice may draw the form again
        box.click()
        box.fill(option)
        page.get_by_role("option", name=re.compile(re.escape(option), re.I)).first.click()


def write_text(page: Page, text: str) -> None:
    """Type ``text`` into the Markdown field (Decap's rich-text editor, a contenteditable)."""
    page.locator("[contenteditable='true']").last.click()
    page.keyboard.type(text)


def publish(page: Page) -> None:
    """Save the entry: the local backend writes it into the working tree at once."""
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()
    page.get_by_text(re.compile("Entry (published|saved)", re.I)).first.wait_for(timeout=20_000)


def preview(page: Page) -> FrameLocator:
    """The preview pane's frame."""
    return page.frame_locator("iframe").first


def shoot(page: Page, name: str, *, for_docs: bool = False, part: Locator | None = None) -> None:
    """A screenshot of the page, or of one ``part`` of it, for review (tests/artifacts) and, when asked, the docs.

    ``MASA_DOC_SCREENSHOTS=1`` copies it to ``docs/authoring/img/editor-<name>.png``.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"editor-{name}.png"
    (part or page).screenshot(path=str(path))
    if for_docs and os.environ.get("MASA_DOC_SCREENSHOTS"):
        DOC_IMAGES.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOC_IMAGES / f"editor-{name}.png")


def shoot_preview(page: Page) -> None:
    """The whole preview pane of the entry being written: a taller window, scrolled to its top."""
    page.set_viewport_size({"width": VIEWPORT["width"], "height": 1500})
    try:
        preview(page).locator("h1").scroll_into_view_if_needed()
        page.wait_for_timeout(300)  # the panes' synchronised scrolling settles
        shoot(page, "preview", for_docs=True, part=page.locator("iframe").first)
    finally:
        page.set_viewport_size(VIEWPORT)


def front_matter(path: Path) -> dict[str, object]:
    """The front matter of a Markdown file, as PyYAML (and so masa check) reads it."""
    text = path.read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    assert match, f"no front matter in {path}:\n{text}"
    data = yaml.safe_load(match.group(1))
    assert isinstance(data, dict)
    return data


def blank_values(data: object, path: str = "") -> list[str]:
    """Paths of keys with nothing in them: an empty text, list or mapping, or null."""
    found: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if value is None or value == "" or value == [] or value == {}:
                found.append(f"{path}{key}")
            found += blank_values(value, f"{path}{key}.")
    elif isinstance(data, list):
        for i, item in enumerate(data):
            found += blank_values(item, f"{path}{i}.")
    return found


# ------------------------------------------------------------------ tests


def test_editor_is_accessible_and_stays_local(
    editor: Editor, page: Page, watch: Watch, axe_script: Path
) -> None:
    login(page, editor)
    page.get_by_text("Campaign retros").first.wait_for()
    problems = axe_violations(page, axe_script)
    page.goto(editor.url + "#/collections/plans/new")
    control(page, "Title").wait_for()
    problems += axe_violations(page, axe_script)
    unexpected = [v for v in problems if not _excused(v)]
    assert not unexpected, describe_violations(unexpected)
    assert not watch.external_requests, watch.external_requests


def test_preview_shows_hostile_text_as_text(editor: Editor, page: Page, watch: Watch) -> None:
    login(page, editor, "#/collections/plans/new")
    hostile = '<img src=x onerror="alert(1)"> {{ 7*7 }}'
    control(page, "Title").fill(hostile)
    write_text(page, "Plan <script>alert(2)</script>\n\nA <b onmouseover=alert(3)>bold</b> claim.")
    frame = preview(page)
    frame.locator("h1").filter(has_text="onerror").wait_for()
    assert frame.locator("h1").inner_text() == hostile
    assert frame.locator("img, script, b[onmouseover], [onerror]").count() == 0
    story = frame.locator(".masa-story").inner_text()
    assert "alert(2)" in story and "onmouseover" in story, story
    page.wait_for_timeout(300)
    assert not watch.dialogs, watch.dialogs
    assert not watch.external_requests, watch.external_requests


def test_plan_and_retro_written_through_the_form(editor: Editor, page: Page, watch: Watch) -> None:
    # ------------------------------------------------ the plan: two goals, three tasks
    login(page, editor, "#/collections/plans/new")
    control(page, "Title").fill(TITLE)
    choose(page, "Initiated by", "Marketing")
    choose(page, "Status", "planned")
    control(page, "Start").fill("2026-03-01")
    control(page, "End").fill("2026-03-31")
    choose(page, "Marketing", "Evi")
    choose(page, "Sales", "Sam")
    control(page, "Industry").fill("logistics")
    control(page, "Budget").fill("12000")
    control(page, "Pipeline").fill("150000")
    control(page, "Segment").fill("temporary")  # filled, then emptied: must not be written as ''
    control(page, "Segment").fill("")
    goals = [("meetings", "meetings booked before the summit", "12"), ("leads", "qualified leads", "40")]
    for i, (ident, metric, target) in enumerate(goals):
        page.get_by_role("button", name=re.compile("^Add goals", re.I)).click()
        control(page, "Id", i).fill(ident)
        control(page, "Metric", i).fill(metric)
        control(page, "Target", i).fill(target)
    tasks = [("Book the booth", "Evi", "2026-03-05"), ("Invite key accounts", "Sam", "2026-03-10")]
    tasks.append(("Follow up every lead", "Sam", "2026-03-30"))
    for i, (task, owner, due) in enumerate(tasks):
        page.get_by_role("button", name=re.compile("^Add tasks", re.I)).click()
        control(page, "Task", i).fill(task)
        choose(page, "Owner", owner, nth=i)
        last(page, "Due").fill(due)  # the task just added is the last item with a due date
    write_text(page, "Why this summit, why now.")
    preview(page).locator("h1").filter(has_text=TITLE).wait_for()
    preview(page).locator("td").filter(has_text="Follow up every lead").wait_for()
    shoot_preview(page)
    control(page, "Id", 0).scroll_into_view_if_needed()  # the goals in the form
    shoot(page, "plan-form", for_docs=True)
    publish(page)

    plan_file = editor.repo / "campaigns" / SLUG / "plan.md"
    assert plan_file.is_file(), sorted(p.name for p in (editor.repo / "campaigns").iterdir())
    plan = front_matter(plan_file)
    assert list(plan) == [
        "title",
        "initiated_by",
        "status",
        "period",
        "owners",
        "audience",
        "budget",
        "expected",
        "goals",
        "tasks",
        "visibility",
    ], plan
    assert plan["period"] == {"start": dt.date(2026, 3, 1), "end": dt.date(2026, 3, 31)}
    assert [g["id"] for g in plan["goals"]] == ["meetings", "leads"]  # type: ignore[index,union-attr]
    assert [t["due"] for t in plan["tasks"]] == [dt.date.fromisoformat(t[2]) for t in tasks]  # type: ignore[index,union-attr]
    assert list(plan["tasks"][0]) == ["task", "owner", "due"]  # type: ignore[index]
    assert not blank_values(plan), plan

    # ------------------------------------------------ its retro: one result per goal
    editor.refresh()  # what the rebuild after the plan's merge (or `make edit`'s serve) does
    page.goto(editor.url + "#/collections/retros/new")
    page.reload()
    choose(page, "Campaign", SLUG)
    page.locator("input[data-goal='meetings']").wait_for()  # the goals of the chosen campaign's plan
    control(page, "Date").fill("2026-04-07")
    choose(page, "Authors", "Evi", "Sam")
    page.locator("input[data-goal='meetings']").fill("14")
    page.locator("input[data-goal='leads']").fill("31")
    control(page, "Cost").fill("11500")
    page.get_by_role("button", name=re.compile("^Add learnings", re.I)).click()
    last(page, "Entry").fill("Book meetings before the summit, not at it.")
    preview(page).locator("td").filter(has_text="qualified leads").wait_for()
    control(page, "Date").scroll_into_view_if_needed()  # the results, one per goal, in the form
    shoot(page, "retro-form", for_docs=True)
    publish(page)

    retro = front_matter(editor.repo / "campaigns" / SLUG / "retro.md")
    assert list(retro) == ["date", "authors", "results", "cost", "learnings"], retro
    assert retro["date"] == dt.date(2026, 4, 7)
    assert retro["results"] == {"meetings": 14, "leads": 31}
    assert retro["authors"] == ["evi", "sam"]
    assert not blank_values(retro), retro

    # ------------------------------------------------ the campaign is done now: its status, in the plan's form
    page.goto(editor.url + "#/collections/plans")
    page.reload()  # the list as the backend has it now
    page.locator("a[href*='/collections/plans/entries/']").filter(has_text=TITLE).click()
    choose(page, "Status", "done")
    publish(page)
    assert front_matter(plan_file)["status"] == "done"
    assert (
        plan_file.read_text(encoding="utf-8").count("\n---\n") == 1
    )  # the text after the front matter stays

    # ------------------------------------------------ masa check, and a rebuilt site shows it
    assert masa(["check", str(editor.repo), "--today", TODAY]) == 0
    rebuilt = editor.site.with_name("rebuilt")
    _build(editor.repo / "mkdocs.yml", rebuilt)
    page_html = (rebuilt / "campaigns" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "Logistik-Gipfel Düsseldorf 2026" in page_html
    assert "qualified leads" in page_html
    assert not watch.external_requests, watch.external_requests
    assert not watch.dialogs, watch.dialogs
