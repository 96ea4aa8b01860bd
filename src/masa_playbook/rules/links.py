"""Rules for links in the prose of plans, retros, plays and anti-patterns."""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import partial

from masa_playbook import links
from masa_playbook.findings import Finding
from masa_playbook.playbook import Playbook
from masa_playbook.rules import Context, rule


@rule("broken-link")
def broken_link(pb: Playbook, ctx: Context) -> Iterator[Finding]:
    """Relative links in the text point at files that exist in the repository."""
    exists: dict[str, bool] = {}  # many links share a target: look at each once

    def missing(target: str) -> bool:
        if target not in exists:  # a file that was read exists
            exists[target] = target in pb.sources or os.path.exists(os.path.join(pb.root, target))
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
                yield Finding(
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
