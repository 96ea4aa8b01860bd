"""Rules for links in the prose of plans, retros, plays and anti-patterns."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from masa_playbook import links, safe_files
from masa_playbook.config import read_mkdocs_yml
from masa_playbook.findings import Finding, Severity
from masa_playbook.playbook import Playbook
from masa_playbook.rules import Context, rule


@rule("broken-link")
def broken_link(pb: Playbook, ctx: Context) -> Iterator[Finding]:
    """Relative links in the text point at files that exist in the repository and are part of the site."""
    exists: dict[str, bool] = {}  # many links share a target: look at each once

    def missing(target: str) -> bool:
        # A file that was read exists; otherwise what the loader would read or
        # publish: no link, and no linked folder on the way (it may lead anywhere).
        if target not in exists:
            exists[target] = target in pb.sources or safe_files.is_real(pb.root, target)
        return not exists[target]

    for path, source in sorted(pb.sources.items()):
        if not path.endswith(".md"):
            continue
        # Found and resolved once per parse of the file: ``mkdocs serve``
        # checks unchanged files again and again.
        for link, target, in_site in source.remember("link-targets", partial(_targets, path, source.body)):
            line = source.body_line + link.line
            if target.startswith("../") or missing(target):
                yield Finding(
                    path,
                    line,
                    "error",
                    "body",
                    f"the link '{link.target}' points at {target}, which does not exist",
                    "broken-link",
                )
            elif not in_site:
                yield _not_in_site(pb, path, line, link, target)


def _not_in_site(pb: Playbook, path: str, line: int, link: links.Link, target: str) -> Finding:
    """The finding for a link to an existing file that the site does not publish, saying why."""
    parts = target.split("/")
    if parts[0] == "campaigns" and len(parts) >= 3 and not os.path.isdir(os.path.join(pb.root, target)):
        # A file of a campaign folder: the author meant it to be published.
        reason = links.unpublished_reason(target)
        return Finding(
            path,
            line,
            "error",
            "body",
            f"the link '{link.target}' points at {target}, which is not published: {reason}",
            "broken-link",
        )
    return Finding(
        path,
        line,
        "warning",
        "body",
        f"the link '{link.target}' points at {target}, which is not part of the site; "
        "link to a campaign, play, anti-pattern or page in docs/",
        "broken-link",
    )


def _targets(path: str, body: str) -> list[tuple[links.Link, str, bool]]:
    """Each relative link of ``body`` (the file at ``path``), the path it points at, and if that is in the site."""
    found = []
    for link in links.find_links(body):
        if link.path:
            target = links.resolve(path, link.path)
            found.append((link, target, links.site_page(target) is not None))
    return found


@rule("internal-link")
def internal_link(pb: Playbook, ctx: Context) -> Iterator[Finding]:
    """Public content (public plans and retros, plays, anti-patterns) does not link to an internal campaign.

    In any form: Markdown links and reference definitions, autolinks, URL
    attributes of raw HTML (href, src, srcset...), site-absolute paths
    (/campaigns/<slug>/), folder links, encoded paths, or URLs on the site's
    address. An error when the audience is public (MASA_AUDIENCE=public or
    extra.masa.audience); in an internal check a warning, once some
    campaign is public (the playbook then has a public build). A public
    build drops such links and keeps their text.
    """
    public = {slug for slug, campaign in pb.campaigns.items() if campaign.is_public}
    # Any doubt about the audience counts as public (fail closed).
    severity: Severity = "warning" if pb.config.audience == "internal" else "error"
    if severity == "warning" and not public:
        return  # nothing is public: a playbook built for its own people only
    site_url: str | None = None  # read from mkdocs.yml when a URL needs it
    for path, source in sorted(pb.sources.items()):
        if not _published(pb, path, public):
            continue
        references = source.remember("references", partial(links.find_references, source.body))
        bases = tuple(dict.fromkeys(_bases(path)))
        for reference in references:
            if site_url is None and _may_be_absolute(reference.target):
                site_url = _site_url(pb)
            reached = links.campaigns_reached(reference.target, bases, site_url or "")
            for slug in sorted(reached - public):
                if not _is_campaign_folder(pb, slug):
                    continue  # not a campaign: broken-link reports relative links to nothing
                yield Finding(
                    path,
                    source.body_line + reference.line,
                    severity,
                    "body",
                    f"the link '{_shown(reference.target)}' leads to the campaign '{slug}', which is not "
                    "public: a public build drops the link and keeps its text. Make that campaign public, "
                    "or remove the link",
                    "internal-link",
                )


def _published(pb: Playbook, path: str, public: set[str]) -> bool:
    """True when the file at ``path`` is shown by a public build."""
    parts = path.split("/")
    if parts[0] == "campaigns":
        return len(parts) == 3 and parts[1] in public and parts[2] in ("plan.md", "retro.md")
    return parts[0] == "playbooks" and path.endswith(".md")


def _bases(path: str) -> tuple[str, ...]:
    """The folders a link in ``path`` is read from: the file's, and its page's on the site."""
    page = links.site_page(path)
    return (posixpath.dirname(path),) + ((posixpath.dirname(page),) if page is not None else ())


def _may_be_absolute(target: str) -> bool:
    return "//" in target or ":" in target or "%" in target or "&" in target or "\\" in target


def _site_url(pb: Playbook) -> str:
    """The ``site_url`` of the playbook's mkdocs.yml, or ``""``."""
    value = read_mkdocs_yml(Path(pb.root)).get("site_url")
    return value if isinstance(value, str) else ""


def _is_campaign_folder(pb: Playbook, slug: str) -> bool:
    return (
        slug in pb.campaigns
        or slug in pb.broken_campaigns
        or os.path.isdir(os.path.join(pb.root, "campaigns", slug))
    )


def _shown(target: str) -> str:
    """A target as a finding shows it: on one line, and not endless."""
    text = " ".join(target.split())
    return text if len(text) <= 120 else text[:117] + "..."
