"""Authored bodies rendered on the machine's other cores while a full build makes its pages.

Rendering authored Markdown (``site.authored``) is the largest part of
making the pages: about 2 s for the plans and retros of 1,000 campaigns on
one core. Each body is rendered on its own, so before a build makes its
campaign pages it hands their bodies to ``Ahead``, which starts worker
processes (``concurrent.futures``, started with ``spawn`` on every platform)
while this process goes on making pages: the workers take bodies from the
end of the list, this process asks for them from the start as its pages
need them, and renders those no worker has started yet itself, so no one
waits for a slow start.

The result is the same to the byte as rendering in one process: a worker
runs the same renderer with the same settings and the same link guard
(``sanitize.page_guard``). Whatever keeps a worker from starting or from
answering (a single core, a sandbox without processes, Markdown settings
that cannot be sent to another process, a worker that dies) means this
process renders those bodies itself. Small playbooks never start a worker
(``MIN_BODIES``); ``MASA_WORKERS`` sets the number of workers (``0``: none).
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from masa_playbook.audience import slug_may_link
from masa_playbook.links import rewrite_links
from masa_playbook.rawhtml import PagePart
from masa_playbook.site.authored import AuthoredRenderer, MarkdownSettings
from masa_playbook.site.sanitize import page_guard
from masa_playbook.site.urls import Urls

#: Fewer bodies than this are rendered here: a worker takes longer to start.
MIN_BODIES = 300
#: At most this many workers, however many cores: each costs a start.
MAX_WORKERS = 3
#: Bodies per task handed to a worker.
CHUNK = 24
#: The environment variable that sets the number of workers (``0``: none).
WORKERS_VARIABLE = "MASA_WORKERS"

#: A body to render: its Markdown, the repository file it is from, and the page it goes on.
Job = tuple[str, str, str]


@dataclass(frozen=True)
class RenderSetup:
    """What rendering an authored body takes besides the body: the same in this process and in a worker."""

    markdown: MarkdownSettings
    urls: Urls
    #: The slugs of the campaigns the build's view holds (links into others are dropped).
    campaigns: frozenset[str]
    #: True in a public build: the HTML is guarded too (``sanitize.page_guard``).
    guarded: bool
    site_url: str

    def render(self, renderer: AuthoredRenderer, body: str, source_path: str, page: str) -> list[PagePart]:
        """``body`` (from ``source_path``) as parts of ``page``: links rewritten, rendered, cleaned.

        A public build drops every reference into a campaign it does not
        hold, first from the Markdown (``links.rewrite_links``), then from the
        HTML (``sanitize.page_guard``).
        """
        rewritten = rewrite_links(
            body,
            source_path,
            page,
            keep=lambda path: slug_may_link(self.campaigns, path),
            site_url=self.site_url,
        )
        held = self.campaigns if self.guarded else None
        return renderer.render(rewritten, page, guard=page_guard(held, self.urls, page, self.site_url))


def worker_count(bodies: int) -> int:
    """How many workers to start for ``bodies`` bodies.

    ``MASA_WORKERS`` if set (a whole number; anything else means none), else
    one per core besides this one, at most ``MAX_WORKERS``, and none for fewer
    than ``MIN_BODIES`` bodies.
    """
    value = os.environ.get(WORKERS_VARIABLE, "").strip()
    if value:
        return max(0, int(value)) if value.isdigit() else 0
    if bodies < MIN_BODIES:
        return 0
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        cores = os.cpu_count() or 1
    return max(0, min(cores - 1, MAX_WORKERS))


class Ahead:
    """Bodies rendered by workers while this process makes the pages that hold them.

    The workers take chunks of bodies from the end of the list; this process
    asks for bodies from the start (``parts``) as it makes pages, and renders a
    chunk itself when no worker has started it. ``close`` ends the workers.
    """

    def __init__(self, setup: RenderSetup, jobs: Sequence[Job], renderer: AuthoredRenderer) -> None:
        self._setup, self._renderer = setup, renderer
        self._chunks = [list(jobs[start : start + CHUNK]) for start in range(0, len(jobs), CHUNK)]
        self._done: dict[int, list[list[PagePart]]] = {}
        self._futures: dict[int, Future[list[list[PagePart]] | None]] = {}
        self._pool: ProcessPoolExecutor | None = None
        self._claims: Claims = None
        workers = min(worker_count(len(jobs)), len(self._chunks) - 1)
        if workers <= 0 or not _can_send(setup):
            return
        context = multiprocessing.get_context("spawn")
        # Who renders a chunk: whoever claims it first (``_claim``), this process or a worker.
        self._claims = context.Array("b", len(self._chunks))
        self._pool = ProcessPoolExecutor(
            workers, mp_context=context, initializer=_start, initargs=(setup, self._claims)
        )
        try:
            for index in reversed(range(1, len(self._chunks))):  # the workers begin at the end
                self._futures[index] = self._pool.submit(_render_chunk, index, self._chunks[index])
        except RuntimeError:  # the pool broke while starting (BrokenProcessPool is one)
            pass

    def parts(self, index: int) -> list[PagePart]:
        """The parts of body number ``index`` of the jobs."""
        chunk = index // CHUNK
        if chunk not in self._done:
            future = self._futures.pop(chunk, None)
            if future is None or _claim(self._claims, chunk):
                self._done[chunk] = self._render(chunk)
            else:
                self._done[chunk] = self._result(future, chunk)
        return self._done[chunk][index % CHUNK]

    def close(self) -> None:
        """End the workers; bodies not asked for are not rendered.

        No future is cancelled while the workers run: with Python 3.11, a
        worker that dies while a cancelled future waits in the pool's queue
        breaks the pool's own thread (``InvalidStateError``), which prints a
        traceback and leaves the other futures unanswered. Chunks are
        claimed instead: what is left is claimed here, so a worker skips it,
        and the pool drops what it has not handed out as it shuts down.
        """
        if self._pool is not None:
            for chunk in self._futures:
                _claim(self._claims, chunk)
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _render(self, chunk: int) -> list[list[PagePart]]:
        return [self._setup.render(self._renderer, *job) for job in self._chunks[chunk]]

    def _result(self, future: Future[list[list[PagePart]] | None], chunk: int) -> list[list[PagePart]]:
        """A worker's answer; if it has none, this process renders the chunk (and raises what rendering raises)."""
        try:
            parts = future.result()
        except Exception:  # a worker that died or could not start: render here, as without workers
            parts = None
        return self._render(chunk) if parts is None else parts


def _can_send(setup: RenderSetup) -> bool:
    """Whether ``setup`` can be sent to a worker (a Markdown option may be a local function)."""
    try:
        pickle.dumps(setup)
    except Exception:  # pickling raises many kinds, none of them a reason to stop the build
        return False
    return True


#: One flag per chunk, shared with the workers (a ``multiprocessing`` array): set once someone renders it.
Claims = Any


def _claim(claims: Claims, chunk: int) -> bool:
    """Claim ``chunk`` for the calling process: True if no one had claimed it."""
    with claims.get_lock():
        if claims[chunk]:
            return False
        claims[chunk] = 1
        return True


#: The worker's setup, renderer and the shared claims, made once per worker process (``_start``).
_WORKER: tuple[RenderSetup, AuthoredRenderer, Claims] | None = None


def _start(setup: RenderSetup, claims: Claims) -> None:
    """Set a worker up: one renderer for all the bodies it gets."""
    global _WORKER
    _WORKER = (setup, AuthoredRenderer(setup.markdown, setup.urls), claims)


def _render_chunk(index: int, chunk: list[Job]) -> list[list[PagePart]] | None:
    """Render chunk number ``index`` in a worker; ``None`` if the build has claimed it already."""
    assert _WORKER is not None, "the worker was not set up"
    setup, renderer, claims = _WORKER
    if not _claim(claims, index):
        return None
    return [setup.render(renderer, *job) for job in chunk]
