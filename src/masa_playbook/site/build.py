"""One site build, from repository to ``SiteContext``: load, check, pick the audience's view.

A site engine adapter (``masa_playbook.engines``) calls ``prepare`` once per build, reports the
findings, stops on errors, and renders pages from ``SiteBuild.context``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from masa_playbook.audience import for_audience
from masa_playbook.check import check_playbook
from masa_playbook.config import web_url_problem
from masa_playbook.findings import Finding
from masa_playbook.loader import load_playbook
from masa_playbook.site import edit_links
from masa_playbook.site.authored import MarkdownSettings
from masa_playbook.site.context import SiteContext
from masa_playbook.site.urls import Urls


@dataclass
class SiteBuild:
    """The findings about the content and the context pages are rendered from."""

    findings: list[Finding]
    context: SiteContext

    @property
    def errors(self) -> list[Finding]:
        """Findings of severity error: the build must stop."""
        return [f for f in self.findings if f.severity == "error"]


def build_date(environ: Mapping[str, str] | None = None) -> dt.date:
    """The date that counts as today: from ``SOURCE_DATE_EPOCH`` (UTC) if set, else the real one.

    Reproducible builds set ``SOURCE_DATE_EPOCH``; two builds with the same
    value and content are byte-identical.
    """
    value = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if value:
        try:
            return dt.datetime.fromtimestamp(int(value), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise ValueError(f"SOURCE_DATE_EPOCH must be seconds since 1970, not {value!r}") from None
    return dt.date.today()


def prepare(
    root: str | os.PathLike[str],
    *,
    mkdocs_config: Mapping[str, Any],
    today: dt.date,
    repo_url: str | None = None,
    site_url: str | None = None,
    directory_urls: bool = True,
) -> SiteBuild:
    """Load and check the playbook at ``root`` and make the context of its site.

    ``mkdocs_config`` (MkDocs' validated configuration, or ``mkdocs.yml`` as
    read) supplies the playbook settings (``extra.masa``), the language
    (``theme.language``) and the Markdown extensions authored text is
    rendered with (``site.authored.MarkdownSettings``); ``extra.masa.repo_url`` wins over
    ``repo_url`` for "edit this page" links (``edit_links``: made only from an
    http(s) address, every part percent-encoded). The context holds the view
    of the configured audience (``MASA_AUDIENCE`` overrides it); with any
    settings finding that is the public view.
    """
    pb = load_playbook(Path(root), mkdocs_config=dict(mkdocs_config))
    findings = check_playbook(pb, today=today)
    edit_base = edit_links.edit_base(pb.config.repo_url or repo_url, pb.config.edit_branch)
    context = SiteContext(
        for_audience(pb, pb.config.audience),
        today,
        language=pb.config.language,
        urls=Urls(directory_urls=directory_urls),
        edit_base=edit_base,
        site_url=(site_url.rstrip("/") + "/") if site_url and web_url_problem(site_url) is None else "",
        markdown=MarkdownSettings.from_config(mkdocs_config),
    )
    return SiteBuild(findings, context)
