"""Load a playbook repository into a ``Playbook``, collecting findings.

Every content file is read once: ``people.yml``, ``campaigns/<slug>/plan.md``
and ``retro.md``, ``playbooks/plays/<id>.md`` and ``playbooks/sonicht/<id>.md``.
A file that cannot be read, parsed or validated becomes a finding and the rest
of the repository is still loaded; a campaign folder whose plan is broken is
remembered in ``Playbook.broken_campaigns`` so that nothing goes missing
silently.

Only regular files and real folders inside the repository are read
(``safe_files``): a symbolic link, a pipe, a device or a socket where content
should be is a finding (``file-kind``, ``outside-repository``) at that path,
and a campaign folder that is a link is named in ``broken_campaigns``. Every
finding names a path that exists: a campaign folder without a plan is
reported at its retro or its first file.
"""

from __future__ import annotations

import dataclasses
import os
import re
from functools import partial
from pathlib import Path
from typing import Any

from masa_playbook import safe_files
from masa_playbook.config import load_config
from masa_playbook.findings import Finding, Severity
from masa_playbook.frontmatter import MAX_FILE_BYTES, Source, decode, load_text, load_yaml_file_text
from masa_playbook.model import ID_PATTERN, AntiPattern, Person, Plan, Play, Retro
from masa_playbook.playbook import AntiPatternEntry, Campaign, Playbook, PlayEntry
from masa_playbook.validate import validate

_ID = re.compile(ID_PATTERN)
CAMPAIGN_FILES = ("plan.md", "retro.md")
#: Where the content lives, relative to the repository root (``mkdocs serve`` watches these).
CONTENT_PATHS = ("campaigns", "playbooks", "people.yml")
#: Files authors keep beside the content for people browsing the repository.
IGNORED_NAMES = {"readme.md", ".gitkeep", ".ds_store"}


def load_playbook(root: str | os.PathLike[str], *, mkdocs_config: dict[str, Any] | None = None) -> Playbook:
    """Read every content file under ``root`` into a ``Playbook``."""
    base = Path(root)
    config, settings_findings = load_config(base, mkdocs_config)
    pb = Playbook(root=str(base), config=config)
    pb.findings.extend(settings_findings)
    _load_people(pb, base)
    _load_campaigns(pb, base)
    if _is_folder(pb, base, "playbooks"):
        _load_entries(pb, base, "plays")
        _load_entries(pb, base, "sonicht")
    return pb


def _finding(
    path: str, line: int, message: str, rule: str, severity: Severity = "error", field: str = "-"
) -> Finding:
    return Finding(path, line, severity, field, message, rule)


#: Parsed files by absolute path, with the modification time and size they were
#: parsed at. ``mkdocs serve`` rebuilds in the same process: an unchanged file
#: is not parsed again, a changed one is (the key check makes it safe).
_PARSED: dict[str, tuple[int, int, Source]] = {}


def _cached(full: str, rel: str, stat: os.stat_result) -> Source | None:
    cached = _PARSED.get(full)
    if cached is None or (cached[0], cached[1]) != (stat.st_mtime_ns, stat.st_size) or cached[2].path != rel:
        return None
    return dataclasses.replace(cached[2], problems=list(cached[2].problems))


def _parse(full: str, rel: str, stat: os.stat_result, text: str, markdown: bool) -> Source:
    source = load_text(rel, text) if markdown else load_yaml_file_text(rel, text)
    copy = dataclasses.replace(source, problems=list(source.problems))
    _PARSED[full] = (stat.st_mtime_ns, stat.st_size, copy)
    return source


def read_source(pb: Playbook, base: Path, rel: str, *, markdown: bool = True) -> Source | None:
    """Read and parse one file; problems become findings. ``None`` if unreadable.

    Only a regular file is read (never a link, a pipe, a device or a folder),
    and never more than ``MAX_FILE_BYTES`` plus one byte (``safe_files``).
    """
    full = os.path.join(base, rel)  # plain strings: thousands of files, little work each
    try:
        stat = os.lstat(full)
        problem = safe_files.kind_problem(str(base), rel, stat.st_mode)
        if problem is None and stat.st_size > MAX_FILE_BYTES:
            problem = safe_files.too_large(MAX_FILE_BYTES, stat.st_size)
        source = None if problem else _cached(full, rel, stat)
        raw = b""
        if problem is None and source is None:
            read = safe_files.read_regular(str(base), rel, MAX_FILE_BYTES)
            if isinstance(read, safe_files.FileProblem):
                problem = read
            else:
                raw, stat = read
    except OSError as exc:
        pb.findings.append(_finding(rel, 1, f"the file cannot be read: {exc.strerror}", "file-read"))
        return None
    if problem is not None:
        pb.findings.append(_finding(rel, 1, problem.message, problem.rule))
        return None
    if source is None:
        text, undecodable = decode(raw)
        if text is None:
            assert undecodable is not None
            pb.findings.append(_finding(rel, undecodable.line, undecodable.message, undecodable.rule))
            return None
        source = _parse(full, rel, stat, text, markdown)
    pb.sources[rel] = source
    for p in source.problems:
        pb.findings.append(_finding(rel, p.line, p.message, p.rule, field=p.field))
    if source.problems and not source.ok:
        return source
    if not isinstance(source.data, dict):
        shape = "a list" if isinstance(source.data, list) else "a single value"
        where = "the front matter" if markdown else "the file"
        pb.findings.append(
            _finding(
                rel,
                max(1, source.yaml_offset),
                f"{where} must be fields ('name: value' lines), not {shape}",
                "front-matter",
            )
        )
        source.data = None
    elif any(not isinstance(k, str) for k in source.data):
        for key in [k for k in source.data if not isinstance(k, str)]:
            pb.findings.append(
                _finding(
                    rel,
                    source.locate(()),
                    f"'{key}' is read as a value, not as a field name; field names are text",
                    "field-type",
                )
            )
        source.data = {str(k): v for k, v in source.data.items()}
    return source


def _load_people(pb: Playbook, base: Path) -> None:
    rel = "people.yml"
    if not os.path.lexists(base / rel):
        pb.findings.append(
            _finding(
                rel,
                1,
                "people.yml is missing; it lists everyone who can own, contribute to or author a campaign",
                "missing-people",
            )
        )
        return
    source = read_source(pb, base, rel, markdown=False)
    if source is None or not isinstance(source.data, dict):
        return
    seen: dict[str, str] = {}
    for handle, entry in source.data.items():
        handle = str(handle)
        if not _ID.match(handle):
            pb.findings.append(
                _finding(
                    rel,
                    source.locate((handle,)),
                    f"'{handle}' must be lowercase letters, digits and single dashes",
                    "id-format",
                    field=handle,
                )
            )
        lowered = handle.lower()
        if lowered in seen:
            pb.findings.append(
                _finding(
                    rel,
                    source.locate((handle,)),
                    f"'{handle}' is the same handle as '{seen[lowered]}' (case does not count)",
                    "duplicate-id",
                    field=handle,
                )
            )
        seen[lowered] = handle
        # Validated once per parse of the file, as campaigns are (``Source.remember``).
        person, findings = source.remember(
            f"person:{handle}", partial(_validate_person, source, handle, entry)
        )
        pb.findings.extend(
            dataclasses.replace(f, field=handle if f.field == "-" else f"{handle}.{f.field}")
            for f in findings
        )
        if person is not None:
            pb.people[handle] = person
        else:
            pb.known_handles.add(handle)


def _validate_person(source: Source, handle: str, entry: Any) -> tuple[Person | None, list[Finding]]:
    """One entry of people.yml as a ``Person``, or the findings of why it is not one."""
    sub = Source(path=source.path, yaml_text=source.yaml_text, yaml_offset=source.yaml_offset, data=entry)
    return validate(_Scoped(sub, handle), Person, "people")


class _Scoped(Source):
    """A view of one entry of a YAML mapping, so positions resolve under its key."""

    def __init__(self, parent: Source, key: str) -> None:
        super().__init__(
            path=parent.path,
            yaml_text=parent.yaml_text,
            yaml_offset=parent.yaml_offset,
            data=parent.data,
        )
        self._key = key

    def locate(self, path: tuple[str | int, ...]) -> int:
        return super().locate((self._key, *path))

    def raw_scalar(self, path: tuple[str | int, ...]) -> str | None:
        return super().raw_scalar((self._key, *path))


def _is_folder(pb: Playbook, base: Path, rel: str) -> bool:
    """True when ``rel`` is a real folder to list; a finding when it is there but something else.

    A missing folder is no finding (a new playbook has no plays yet). A link
    is not followed, so nothing outside the repository is listed or read.
    """
    try:
        mode = os.lstat(os.path.join(base, rel)).st_mode
    except FileNotFoundError:
        return False
    except OSError as exc:
        pb.findings.append(_finding(rel, 1, f"the folder cannot be read: {exc.strerror}", "file-read"))
        return False
    problem = safe_files.kind_problem(str(base), rel, mode, "folder")
    if problem is not None:
        pb.findings.append(_finding(rel, 1, problem.message, problem.rule))
        return False
    return True


def _subdirs(pb: Playbook, base: Path, rel: str) -> list[os.DirEntry[str]]:
    """The entries of the real folder ``rel``, by name (it was checked not to be a link)."""
    try:
        with os.scandir(os.path.join(base, rel)) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError as exc:
        pb.findings.append(_finding(rel, 1, f"the folder cannot be read: {exc.strerror}", "file-read"))
        return []


def _check_id(pb: Playbook, rel: str, ident: str, seen: dict[str, str], what: str) -> None:
    if not _ID.match(ident):
        pb.findings.append(
            _finding(
                rel,
                1,
                f"the {what} '{ident}' must be lowercase letters, digits and single dashes; rename it",
                "id-format",
            )
        )
    lowered = ident.lower()
    if lowered in seen:
        pb.findings.append(
            _finding(
                rel,
                1,
                f"the {what} '{ident}' is the same as '{seen[lowered]}' (case does not count); rename one",
                "duplicate-id",
            )
        )
    else:
        seen[lowered] = ident


def _load_campaigns(pb: Playbook, base: Path) -> None:
    if not _is_folder(pb, base, "campaigns"):
        return
    seen: dict[str, str] = {}
    for entry in _subdirs(pb, base, "campaigns"):
        rel_dir = f"campaigns/{entry.name}"
        if entry.is_symlink():
            _campaign_link(pb, base, entry)
            continue
        if not entry.is_dir(follow_symlinks=False):
            if entry.name.lower() not in IGNORED_NAMES and entry.name.endswith(".md"):
                pb.findings.append(
                    _finding(
                        rel_dir,
                        1,
                        "a campaign is a folder with a plan.md; this file is not part of any "
                        "campaign. Move it to campaigns/<slug>/plan.md",
                        "unexpected-file",
                        "warning",
                    )
                )
            continue
        slug = entry.name
        plan_rel = f"{rel_dir}/plan.md"
        entries = _subdirs(pb, base, rel_dir)
        names = {e.name for e in entries}
        # Every finding names a file that exists, so that editors and CI can show it there.
        anchor = _anchor(rel_dir, entries)
        _check_id(pb, anchor, slug, seen, "campaign folder")
        for name in sorted(names):
            if name.endswith(".md") and name not in CAMPAIGN_FILES and name.lower() not in IGNORED_NAMES:
                hint = ""
                if name.lower() in CAMPAIGN_FILES:
                    hint = f"; rename it to {name.lower()}"
                pb.findings.append(
                    _finding(
                        f"{rel_dir}/{name}",
                        1,
                        f"only plan.md and retro.md are read in a campaign folder{hint}",
                        "unexpected-file",
                        "warning",
                    )
                )
        if "plan.md" not in names:
            pb.broken_campaigns.add(slug)
            if "retro.md" in names:
                message = (
                    "this retro has no plan.md beside it; every campaign starts with a plan. Add "
                    f"{plan_rel}, or move the retro into the folder of its campaign"
                )
            else:
                message = f"the campaign folder {rel_dir} has no plan.md; every campaign starts with a plan"
            pb.findings.append(_finding(anchor, 1, message, "missing-plan"))
            continue
        plan_source = read_source(pb, base, plan_rel)
        plan = _validated(pb, plan_source, Plan, "plan")
        retro: Retro | None = None
        retro_source: Source | None = None
        if "retro.md" in names:
            retro_source = read_source(pb, base, f"{rel_dir}/retro.md")
            retro = _validated(pb, retro_source, Retro, "retro")
            if retro is None:
                pb.broken_campaigns.add(slug)
        if plan is None or plan_source is None:
            pb.broken_campaigns.add(slug)
            continue
        pb.campaigns[slug] = Campaign(slug, plan, plan_source, retro, retro_source if retro else None)


def _anchor(rel_dir: str, entries: list[os.DirEntry[str]]) -> str:
    """The file findings about a whole campaign folder are shown at.

    Its plan, else its retro, else its first regular file, so that CI can
    show the finding at a file that exists. A folder with no file at all
    (only locally: git keeps no empty folder) names the plan.md to write, as
    a missing people.yml names itself: an editor then opens the new file.
    """
    names = {e.name for e in entries}
    for name in CAMPAIGN_FILES:
        if name in names:
            return f"{rel_dir}/{name}"
    first = next((e.name for e in entries if e.is_file(follow_symlinks=False)), None)
    return f"{rel_dir}/{first or 'plan.md'}"


def _campaign_link(pb: Playbook, base: Path, entry: os.DirEntry[str]) -> None:
    """A link in campaigns/ is reported and not followed; a linked campaign is named as broken."""
    if entry.name.lower() in IGNORED_NAMES:
        return
    rel = f"campaigns/{entry.name}"
    dangling = not os.path.exists(entry.path)
    campaign = entry.is_dir() or (dangling and not entry.name.endswith(".md"))
    problem = safe_files.link_problem(str(base), rel, "campaign folder" if campaign else "file")
    pb.findings.append(_finding(rel, 1, problem.message, problem.rule))
    if campaign:
        pb.broken_campaigns.add(entry.name)


def _validated(pb: Playbook, source: Source | None, model: type[Any], kind: str) -> Any:
    if source is None or source.data is None or not source.ok:
        return None
    # The data of a parse never changes: an unchanged file (``mkdocs serve``) is validated once.
    obj, findings = source.remember(f"validated:{model.__qualname__}", lambda: validate(source, model, kind))
    pb.findings.extend(findings)
    return obj


def _load_entries(pb: Playbook, base: Path, kind: str) -> None:
    folder = f"playbooks/{kind}"
    if not _is_folder(pb, base, folder):
        return
    seen: dict[str, str] = {}
    what = "play" if kind == "plays" else "anti-pattern"
    for entry in _subdirs(pb, base, folder):
        if not entry.name.endswith(".md") or entry.name.lower() in IGNORED_NAMES:
            continue
        rel = f"playbooks/{kind}/{entry.name}"
        ident = entry.name[: -len(".md")]
        _check_id(pb, rel, ident, seen, what)
        source = read_source(pb, base, rel)
        if kind == "plays":
            play = _validated(pb, source, Play, "play")
            if play is not None and source is not None:
                pb.plays[ident] = PlayEntry(ident, play, source)
            else:
                pb.known_plays.add(ident)
        else:
            anti = _validated(pb, source, AntiPattern, "sonicht")
            if anti is not None and source is not None:
                pb.antipatterns[ident] = AntiPatternEntry(ident, anti, source)
            else:
                pb.known_antipatterns.add(ident)
