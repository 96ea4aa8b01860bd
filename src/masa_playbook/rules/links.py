"""Rules for links in the prose of plans, retros, plays and anti-patterns."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from masa_playbook import docs_pages, links, safe_files
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


#: What a public build does about a link into an internal campaign: in authored content, and in docs/.
_DROPPED = "a public build drops the link and keeps its text"
_STOPS = (
    "a public build stops on it, since the site engine would publish this page with the campaign's name in it"
)


@rule("internal-link")
def internal_link(pb: Playbook, ctx: Context) -> Iterator[Finding]:
    """Public content (public plans and retros, plays, anti-patterns, pages in docs/) does not link to an internal campaign.

    In any form: Markdown links and reference definitions, autolinks, URL
    attributes of raw HTML (href, src, srcset...), site-absolute paths
    (/campaigns/<slug>/), folder links, encoded paths, or URLs on the site's
    address. An error when the audience is public (MASA_AUDIENCE=public or
    extra.masa.audience); in an internal check a warning, once some
    campaign is public (the playbook then has a public build). A public
    build drops such links from authored content and keeps their text; the
    hand-written pages of docs/ are the site engine's to render, so for them
    the error, which stops a public build, is the only guard. A page of
    docs/ that cannot be read safely (a link, not a regular file, too large)
    is not vouched for: a finding of the same severity.
    """
    public = {slug for slug, campaign in pb.campaigns.items() if campaign.is_public}
    # Any doubt about the audience counts as public (fail closed).
    severity: Severity = "warning" if pb.config.audience == "internal" else "error"
    if severity == "warning" and not public:
        return  # nothing is public: a playbook built for its own people only
    settings: dict[str, Any] | None = None  # mkdocs.yml, read when needed

    def site_url() -> str:
        nonlocal settings
        if settings is None:
            settings = read_mkdocs_yml(Path(pb.root))
        value = settings.get("site_url")
        return value if isinstance(value, str) else ""

    for path, source in sorted(pb.sources.items()):
        if not _published(pb, path, public):
            continue
        references = source.remember("references", partial(links.find_references, source.body))
        bases = tuple(dict.fromkeys(_bases(path)))
        yield from _leaks(pb, public, severity, site_url, path, source.body_line, references, bases, _DROPPED)
    settings = read_mkdocs_yml(Path(pb.root)) if settings is None else settings
    folder = docs_pages.docs_folder(pb.root, settings)
    pages = [folder] if isinstance(folder, docs_pages.Unread) else docs_pages.read_pages(pb.root, folder)
    for page in pages:
        if isinstance(page, docs_pages.Unread):
            yield Finding(page.path, page.line, severity, "-", page.message, page.rule)
            continue
        references = links.find_references(page.text)
        bases = docs_pages.page_folders(page.src_uri)
        yield from _leaks(pb, public, severity, site_url, page.path, 1, references, bases, _STOPS)


def _leaks(
    pb: Playbook,
    public: set[str],
    severity: Severity,
    site_url: Callable[[], str],
    path: str,
    first_line: int,
    references: list[links.Reference],
    bases: tuple[str, ...],
    consequence: str,
) -> Iterator[Finding]:
    """A finding for each of ``references`` (in the text at ``path`` from line ``first_line``) into a campaign that is not public.

    ``consequence`` says what a public build does about it.
    """
    url: str | None = None  # the site's address, read when a URL needs it
    for reference in references:
        if url is None and _may_be_absolute(reference.target):
            url = site_url()
        reached = links.campaigns_reached(reference.target, bases, url or "")
        for slug in sorted(reached - public):
            if not _is_campaign_folder(pb, slug):
                continue  # not a campaign: broken-link reports relative links to nothing
            yield Finding(
                path,
                first_line + reference.line,
                severity,
                "body",
                f"the link '{_shown(reference.target)}' leads to the campaign '{slug}', which is not "
                f"public: {consequence}. Make that campaign public, "
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
