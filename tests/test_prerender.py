"""Authored bodies rendered by worker processes (``site.prerender``) come out the same as rendered in one.

The example playbook (its plans and retros) and a hostile one are built with
``MASA_WORKERS=1`` and ``MASA_WORKERS=0``, for both audiences: every page is
the same to the byte, and every body rendered ahead is used.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from masa_playbook import site
from masa_playbook.rawhtml import PagePart
from masa_playbook.site import prerender
from masa_playbook.site.authored import AuthoredRenderer, MarkdownSettings
from masa_playbook.site.campaign_page import authored_requests
from masa_playbook.site.urls import Urls
from test_generated_markdown import HOSTILE_BODY

REPO = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 26)


def _pages(root: Path, audience: str, workers: str, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    monkeypatch.setenv("MASA_AUDIENCE", audience)
    monkeypatch.setenv(prerender.WORKERS_VARIABLE, workers)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    build = site.prepare(root, mkdocs_config=config, today=TODAY)
    pages = site.site_pages(build.context, with_dashboard=True)
    assert build.context.ahead_unused == 0  # every body rendered ahead went on its page
    return [(page.src_uri, page.content) for page in pages]


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_pages_are_the_same_with_a_worker(
    audience: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "playbook"
    for name in ("campaigns", "playbooks", "docs"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        _copy(REPO / name, root / name)
    for name in ("people.yml", "mkdocs.yml"):
        (root / name).write_bytes((REPO / name).read_bytes())
    for plan in root.glob("campaigns/*/plan.md"):  # hostile text in every plan, linking everywhere
        plan.write_text(plan.read_text(encoding="utf-8") + HOSTILE_BODY, encoding="utf-8")
    alone = _pages(root, audience, "0", monkeypatch)
    with_worker = _pages(root, audience, "1", monkeypatch)
    assert len(alone) > 20
    assert with_worker == alone


def _copy(source: Path, target: Path) -> None:
    for path in source.rglob("*"):
        if path.is_file():
            (target / path.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
            (target / path.relative_to(source)).write_bytes(path.read_bytes())


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The chunks this process renders itself (``Ahead._render``), recorded."""
    here: list[int] = []
    render = prerender.Ahead._render

    def counted(self: prerender.Ahead, chunk: int) -> list[list[PagePart]]:
        here.append(chunk)
        return render(self, chunk)

    monkeypatch.setattr(prerender.Ahead, "_render", counted)
    return here


def render_all(
    setup: prerender.RenderSetup,
    jobs: list[prerender.Job],
    renderer: AuthoredRenderer,
    *,
    after_a_worker_started: bool = False,
) -> list[list[PagePart]]:
    """Every body's parts in order, asked for as a build asks: from the start, while the workers take the end.

    A build makes other pages while a worker starts; ``after_a_worker_started``
    stands for that: the parts are asked for once a worker has claimed a chunk.
    """
    ahead = prerender.Ahead(setup, jobs, renderer)
    try:
        if after_a_worker_started:
            deadline = time.monotonic() + 60
            while not any(ahead._claims) and time.monotonic() < deadline:  # the workers' shared claims
                time.sleep(0.01)
        return [ahead.parts(index) for index in range(len(jobs))]
    finally:
        ahead.close()


def test_bodies_keep_their_order_and_the_worker_renders_some(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(prerender.WORKERS_VARIABLE, "1")
    setup = prerender.RenderSetup(MarkdownSettings(), Urls(), frozenset({"c1"}), guarded=True, site_url="")
    renderer = AuthoredRenderer(setup.markdown, setup.urls)
    jobs = [
        (
            f"# Part {n}\n\nText *{n}*, [one](../c1/plan.md), [two](../c2/plan.md).\n",
            f"campaigns/c{n}/plan.md",
            f"campaigns/c{n}/index.md",
        )
        for n in range(prerender.CHUNK * 3)
    ]
    here = _counting(monkeypatch)
    parts = render_all(setup, jobs, renderer, after_a_worker_started=True)
    assert parts == [setup.render(renderer, *job) for job in jobs]
    assert 0 < len(here) < 3  # this process rendered some chunks, the worker the rest
    text = str(parts[5])
    assert "../c1/" in text and "c2" not in text  # the link into a campaign the view lacks is gone


def test_settings_a_worker_cannot_get_are_rendered_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(prerender.WORKERS_VARIABLE, "1")
    # A Markdown option that is a local function cannot be sent to another process.
    settings = MarkdownSettings(("toc", "abbr"), {"toc": {"slugify": lambda text, sep: "x"}})
    setup = prerender.RenderSetup(settings, Urls(), frozenset(), guarded=False, site_url="")
    jobs = [("Text\n", "campaigns/c/plan.md", f"campaigns/c{n}/index.md") for n in range(prerender.CHUNK * 2)]
    here = _counting(monkeypatch)
    renderer = AuthoredRenderer(settings, setup.urls)
    assert render_all(setup, jobs, renderer) == [setup.render(renderer, *job) for job in jobs]
    assert here == [0, 1]


@dataclass(frozen=True)
class DyingSetup(prerender.RenderSetup):
    """A setup whose worker dies (as one killed for want of memory would) on a body that asks for it."""

    def render(self, renderer: AuthoredRenderer, body: str, source_path: str, page: str) -> list[PagePart]:
        if "die here" in body and multiprocessing.parent_process() is not None:
            os._exit(1)
        return super().render(renderer, body, source_path, page)


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_worker_that_dies_costs_nothing_but_time(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """The bodies are all there, in order, and nothing but the build's own output is printed.

    This process claims the first chunks before the worker has started (the
    worker begins at the end, where it dies). With Python 3.11 a cancelled
    future in the queue made the pool's thread fail on the death, printing
    a traceback and leaving the other futures unanswered.
    """
    monkeypatch.setenv(prerender.WORKERS_VARIABLE, "1")
    setup = DyingSetup(MarkdownSettings(), Urls(), frozenset(), guarded=False, site_url="")
    renderer = AuthoredRenderer(setup.markdown, setup.urls)
    count = prerender.CHUNK * 4
    jobs = [
        (
            f"Body {n}{' die here' if n == count - 1 else ''}\n",
            f"campaigns/c{n}/plan.md",
            f"campaigns/c{n}/index.md",
        )
        for n in range(count)
    ]
    here = _counting(monkeypatch)
    assert render_all(setup, jobs, renderer) == [setup.render(renderer, *job) for job in jobs]
    assert sorted(here) == [0, 1, 2, 3]  # the worker answered nothing: every chunk was rendered here
    err = capfd.readouterr().err
    assert "Traceback" not in err and "InvalidStateError" not in err, err


@pytest.mark.parametrize(
    ("value", "bodies", "expected"),
    [("0", 5000, 0), ("2", 3, 2), ("many", 5000, 0), ("-1", 5000, 0), ("", 10, 0)],
)
def test_worker_count(value: str, bodies: int, expected: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(prerender.WORKERS_VARIABLE, value)
    assert prerender.worker_count(bodies) == expected


def test_a_large_build_on_several_cores_uses_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(prerender.WORKERS_VARIABLE, raising=False)
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: set(range(8)), raising=False)
    assert prerender.worker_count(prerender.MIN_BODIES) == prerender.MAX_WORKERS
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0}, raising=False)
    assert prerender.worker_count(10 * prerender.MIN_BODIES) == 0


def test_authored_requests_are_what_the_campaign_page_renders() -> None:
    from masa_playbook.loader import load_playbook

    pb = load_playbook(REPO)
    requests = [request for campaign in pb.campaigns.values() for request in authored_requests(campaign)]
    assert any(path.endswith("retro.md") for _, path, _ in requests)
    assert all(body.strip() for body, _, _ in requests)
