"""Macros for hand-written pages: live figures from the playbook (mkdocs-macros-plugin).

A page in ``docs/`` opts in with ``render_macros: true`` in its front matter;
no other page is rendered as a template, and authored campaign text never is.

- ``{{ dashboard() }}``: counts per status, outcomes, success rate, recent
  retros and top anti-patterns, as on the generated home page.
- ``{{ campaign_table(status="running", industry="automotive", limit=10) }}``:
  a table of the campaigns that match every given filter (``status``,
  ``outcome``, ``initiator``, ``industry``, ``channel``, ``play``, ``year``),
  most recent first.
- ``{{ figure("success_rate") }}``: one headline number as text (``campaigns``,
  ``done``, ``running``, ``planned``, ``ideas``, ``cancelled``, ``successes``,
  ``failures``, ``mixed``, ``success_rate``, ``median_attainment``,
  ``total_budget``, ``total_cost``, ``total_pipeline``, ``total_won``).

An unknown figure, filter or value raises an error that stops the build. The
macros use the playbook that ``hooks/masa.py`` prepared for this build (so a
public build shows public campaigns only); without that hook they prepare it
themselves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from masa_playbook import site
from masa_playbook.site import campaign_table as tables
from masa_playbook.site.dashboard import dashboard_html
from masa_playbook.site.dashboard import figure as headline_figure
from masa_playbook.site.html import esc

# Where hooks/masa.py keeps the state of the current build on the config.
_STATE = "_masa_site"


def _context(env: Any) -> site.SiteContext:
    config = env.conf
    state = getattr(config, _STATE, None)
    if state is not None:
        context: site.SiteContext = state.context
        return context
    build = site.prepare(
        Path(config.config_file_path).parent,
        mkdocs_config=config,
        today=site.build_date(),
        repo_url=config.repo_url,
        site_url=config.site_url,
        directory_urls=config.use_directory_urls,
    )
    if build.errors:
        raise ValueError(f"{len(build.errors)} errors in the playbook; run masa check")
    setattr(config, _STATE, build)
    return build.context


def _page(env: Any) -> str:
    return str(env.page.file.src_uri)


def define_env(env: Any) -> None:
    """Register the playbook macros."""

    def dashboard() -> str:
        """The dashboard as an HTML block."""
        return dashboard_html(_context(env), _page(env))

    def campaign_table(
        status: str | None = None,
        outcome: str | None = None,
        initiator: str | None = None,
        industry: str | None = None,
        channel: str | None = None,
        play: str | None = None,
        year: int | None = None,
        limit: int | None = None,
    ) -> str:
        """A table of the campaigns matching every given filter, most recent first."""
        ctx = _context(env)
        selection = tables.Selection(status, outcome, initiator, industry, channel, play, year, limit)
        return render_table(ctx, _page(env), selection)

    def figure(name: str) -> str:
        """One headline figure as text, e.g. ``67 %`` or ``18,000 EUR``."""
        return headline_figure(_context(env), name)

    for macro in (dashboard, campaign_table, figure):
        env.macro(macro)


def render_table(ctx: site.SiteContext, page: str, selection: tables.Selection) -> str:
    """The campaign table of ``selection`` for ``page``; a short note when none matches."""
    chosen = selection.select(ctx.pb.campaigns_sorted())
    if not chosen:
        return f"<p>{esc(ctx.t('none-yet'))}</p>"
    return tables.campaign_table(ctx, page, chosen)
