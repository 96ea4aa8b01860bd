"""Live figures on hand-written pages: ``{{ figure("success_rate") }}`` and its two siblings.

A page in ``docs/`` opts in with ``render_macros: true`` in its front
matter. Its Markdown is then rendered as a template by Jinja's sandbox, in
which the only names are three macros:

- ``dashboard()``: the dashboard as an HTML block, as on the generated home page;
- ``campaign_table(status=..., outcome=..., initiator=..., industry=...,
  channel=..., play=..., year=..., limit=...)``: a table of the campaigns that
  match every given filter, most recent first;
- ``figure(name)``: one headline number as text (``campaigns``, ``done``,
  ``success_rate``, ``total_won``, ...).

Generated pages (campaigns, plays, anti-patterns) are never rendered as
templates, so two curly braces in a retro stay two curly braces. A page
that opts in is written by the playbook's maintainers, yet still gets no
more than the three macros: no settings, no files, no attributes that
start with an underscore (the sandbox refuses them).

Anything wrong (an unknown name, figure, filter or value, or broken
template syntax) raises ``FigureError`` with the line of the page, and the
build stops.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import TracebackType
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from masa_playbook.findings import printable
from masa_playbook.site import campaign_table as tables
from masa_playbook.site.context import SiteContext
from masa_playbook.site.dashboard import dashboard_html
from masa_playbook.site.dashboard import figure as headline_figure
from masa_playbook.site.html import esc

#: The front matter key a hand-written page opts in with.
OPT_IN = "render_macros"
#: The name Jinja gives a template made from a string, in tracebacks.
_TEMPLATE_NAME = "<template>"
#: The keyword arguments of ``campaign_table``.
_FILTERS = ("status", "outcome", "initiator", "industry", "channel", "play", "year", "limit")


class FigureError(Exception):
    """A live figure that cannot be rendered: where, and what is wrong."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(printable(f"{file}:{line}: error: {message}"))  # shown in the build log
        self.file = file
        self.line = line
        self.message = message


def wants_figures(meta: Mapping[str, object]) -> bool:
    """True if a page's front matter opts in to live figures (``render_macros: true``)."""
    return meta.get(OPT_IN) is True


@functools.cache
def _environment() -> ImmutableSandboxedEnvironment:
    # Strict: a misspelt name is an error, not an empty string. Autoescape is
    # off because the macros return finished, escaped HTML and the rest of the
    # template is the page's own Markdown.
    return ImmutableSandboxedEnvironment(
        undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False
    )


def render_figures(markdown: str, ctx: SiteContext, page: str, *, file: str, first_line: int = 1) -> str:
    """``markdown`` with its macros replaced by their output.

    ``page`` is the page's source path in ``docs/`` (links are made relative
    to it), ``file`` the path that messages name, and ``first_line`` the line
    of ``file`` that the Markdown starts on (after the front matter).
    """
    # Plain functions: the sandbox refuses their underscored attributes, and
    # they have no others (a ``functools.partial`` would show its arguments).

    def dashboard() -> str:
        return dashboard_html(ctx, page)

    def campaign_table(
        *,
        status: str | None = None,
        outcome: str | None = None,
        initiator: str | None = None,
        industry: str | None = None,
        channel: str | None = None,
        play: str | None = None,
        year: int | None = None,
        limit: int | None = None,
    ) -> str:
        selection = tables.Selection(status, outcome, initiator, industry, channel, play, year, limit)
        chosen = selection.select(ctx.pb.campaigns_sorted())
        if not chosen:
            return f"<p>{esc(ctx.t('none-yet'))}</p>"
        return tables.campaign_table(ctx, page, chosen)

    def figure(name: str) -> str:
        return headline_figure(ctx, name)

    macros: dict[str, Any] = {"dashboard": dashboard, "campaign_table": campaign_table, "figure": figure}
    for name, macro in macros.items():
        macro.__qualname__ = name  # messages say "figure()", not "render_figures.<locals>.figure()"
    try:
        template = _environment().from_string(markdown)
    except TemplateSyntaxError as exc:
        raise FigureError(
            file, first_line + (exc.lineno or 1) - 1, f"template syntax: {exc.message}"
        ) from None
    try:
        return template.render(macros)
    except Exception as exc:  # any failure of a macro or of the template: the page's author can fix it
        line = _template_line(exc.__traceback__)
        raise FigureError(file, first_line + line - 1, _explain(exc)) from None


def _template_line(tb: TracebackType | None) -> int:
    """The template line the failure happened on (Jinja names template frames ``<template>``)."""
    line = 1
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == _TEMPLATE_NAME:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _explain(exc: Exception) -> str:
    """What went wrong, in the words of the macro or of Jinja."""
    if isinstance(exc, TypeError) and str(exc).startswith("campaign_table()"):
        return f"{exc}; it takes filters by name: {', '.join(f'{name}=...' for name in _FILTERS)}"
    if isinstance(exc, UndefinedError):
        return f"{exc}; the names are dashboard, campaign_table and figure"
    return str(exc)
