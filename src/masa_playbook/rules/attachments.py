"""Rules for the files beside plans and retros: what is published, and what never is.

The verdict on each file comes from ``masa_playbook.attachments``, the same
function the build uses to pick the files it publishes: whatever these rules
report is missing from every build, and whatever they accept is published.

Every campaign folder on disk is scanned, loaded or broken. Markdown files at
the top of a campaign folder are left to the loader (``unexpected-file``).

- ``editor-backup`` and ``attachment-type`` are warnings: the build leaves
  those files out, so nothing leaks and no page breaks; ``--strict`` (CI)
  still makes the author tidy up.
- ``attachment-file`` is an error: the file has an allowed type, so the
  author means to publish it and a page probably links to it, but it cannot
  be (wrong contents, too large, a link, a bad name). The author must act,
  or the page silently misses it; a ``.png`` holding HTML is also what an
  attack looks like.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from masa_playbook import attachments
from masa_playbook.attachments import Refusal, campaign_folder_files, is_editor_backup
from masa_playbook.findings import Finding, Severity
from masa_playbook.playbook import Playbook
from masa_playbook.rules import Context, rule


@rule(attachments.EDITOR_BACKUP, severity="warning")
def editor_backup(pb: Playbook, ctx: Context) -> Iterator[Finding]:
    """Editor backups, swap and temporary files (plan.md~, plan.md.orig, .plan.md.swp,
    #plan.md#) are not kept in campaign folders: they may hold an old copy of a plan, and
    are never published."""
    yield from _findings(pb, ctx, attachments.EDITOR_BACKUP, "warning")


@rule(attachments.ATTACHMENT_TYPE, severity="warning")
def attachment_type(pb: Playbook, ctx: Context) -> Iterator[Finding]:
    """Only images (PNG, JPEG, GIF, WebP, AVIF), PDF, CSV and Office or OpenDocument files
    are published from campaign folders; SVG, HTML, scripts, hidden and other files never are."""
    yield from _findings(pb, ctx, attachments.ATTACHMENT_TYPE, "warning")


@rule(attachments.ATTACHMENT_FILE, severity="error")
def attachment_file(pb: Playbook, ctx: Context) -> Iterator[Finding]:
    """An attachment is a regular file of at most 20 MB whose contents match its type and
    whose name uses only letters, digits, '.', '_' and '-'."""
    yield from _findings(pb, ctx, attachments.ATTACHMENT_FILE, "error")


def _findings(pb: Playbook, ctx: Context, rule_name: str, severity: Severity) -> Iterator[Finding]:
    refused = ctx.once("attachments", lambda: list(_refusals(Path(pb.root) / "campaigns")))
    for repo_path, refusal in refused:
        if refusal.rule == rule_name:
            yield Finding(repo_path, 1, severity, "-", refusal.message, rule_name)


def _refusals(campaigns: Path) -> Iterator[tuple[str, Refusal]]:
    """Every refused file under ``campaigns/``, by repository path.

    Links are the loader's findings (``file-kind``, ``outside-repository``):
    a linked ``campaigns/`` or campaign folder is not entered.
    """
    if campaigns.is_symlink():
        return
    try:
        with os.scandir(campaigns) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError:
        return  # no campaigns folder: nothing to publish
    for entry in entries:
        rel = f"campaigns/{entry.name}"
        if entry.is_symlink():
            continue
        if entry.is_dir(follow_symlinks=False):
            for found in campaign_folder_files(Path(entry.path)):
                if found.refusal is not None:
                    yield f"{rel}/{found.rel}", found.refusal
        else:
            refusal = _outside_campaign(entry.name)
            if refusal is not None:
                yield rel, refusal


def _outside_campaign(name: str) -> Refusal | None:
    """Files directly in ``campaigns/`` are never published; Markdown there is the loader's."""
    if is_editor_backup(name):
        return attachments.name_refusal(name)
    if name.endswith(".md") or name.lower() in attachments.SILENT_NAMES:
        return None
    return Refusal(
        attachments.ATTACHMENT_TYPE,
        "files directly in campaigns/ are not published; put an attachment in the folder of the "
        "campaign that links to it",
    )
