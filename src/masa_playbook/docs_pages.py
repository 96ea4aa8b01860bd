"""The hand-written pages of the site: the files of ``docs_dir``, found and read safely.

The site engine renders these pages itself (MkDocs, ProperDocs, Zensical),
and nothing cleans a page after rendering: ``masa check`` reads them to find
what they link to (``rules.links.internal_link``). They are read like
content (``safe_files``): only regular files below real folders of the
repository, never through a symbolic link, at most the size limit plus one
byte. A page that cannot be read that way is returned as ``Unread``, so
that a public check fails closed rather than vouch for a page it never saw
(MkDocs follows links in ``docs_dir``; its build would publish the page).

Pages are read as written, template parts (``{{ ... }}``) included: the
check runs no template engine. A macro's output is the view of the build's
audience (``masa_playbook.macros``) and needs no check.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from masa_playbook import safe_files
from masa_playbook.config import MKDOCS_YML
from masa_playbook.frontmatter import MAX_FILE_BYTES, decode

#: Files an engine renders as pages (MkDocs' Markdown suffixes) or copies as
#: HTML pages: the ones that can link somewhere.
PAGE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd", ".html", ".htm")
_UNCHECKED = "so it is not checked for links to internal campaigns"
_DOCS_DIR_KEY = re.compile(r"^docs_dir[ \t]*:", re.MULTILINE)


@dataclass(frozen=True)
class DocsPage:
    """A hand-written page: its repository path, its path in the docs folder, and its text."""

    #: From the repository root: ``docs/guides/notes.md``.
    path: str
    #: From the docs folder, as the engine names it: ``guides/notes.md``.
    src_uri: str
    #: The whole file, front matter included, line ends normalised to ``\\n``.
    text: str


@dataclass(frozen=True)
class Unread:
    """A page (or the docs folder) that was not read, and why, at a path of the repository."""

    path: str
    line: int
    message: str
    rule: str


def docs_folder(root: str, settings: dict[str, Any]) -> str | Unread:
    """The docs folder of the playbook at ``root`` as a ``/`` path from the root (``docs`` by default).

    ``settings`` is ``mkdocs.yml`` as read. A ``docs_dir`` outside the
    repository is not read: the answer says so, at the line of the setting.
    """
    value = settings.get("docs_dir")
    if not isinstance(value, str) or not value.strip():
        return "docs"
    name = PurePosixPath(value.strip().replace("\\", "/"))
    if name.is_absolute() or ".." in name.parts:
        return Unread(
            MKDOCS_YML,
            _docs_dir_line(root),
            f"docs_dir ({value!r}) leads outside the repository, so its pages are not checked "
            "for links to internal campaigns; keep the hand-written pages in a folder of the repository",
            safe_files.OUTSIDE_REPOSITORY,
        )
    return name.as_posix()


def _docs_dir_line(root: str) -> int:
    """The line of ``docs_dir:`` in ``mkdocs.yml`` (trusted, read only to place the finding), or 1."""
    read = safe_files.read_regular(root, MKDOCS_YML, MAX_FILE_BYTES)
    if isinstance(read, safe_files.FileProblem):
        return 1
    text = read[0].decode("utf-8", "replace")
    match = _DOCS_DIR_KEY.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def read_pages(root: str, folder: str) -> Iterator[DocsPage | Unread]:
    """Every page below ``root``/``folder``, or why one was not read.

    Hidden files and folders (a name starting with ``.``) are left out, as
    the engines leave them out of a site. A link where a page or a folder is
    expected, a page that is not a regular file, too large or not UTF-8 is
    ``Unread``. Nothing at ``folder`` means no pages.
    """
    parts = folder.split("/")
    for depth in range(1, len(parts) + 1):
        rel = "/".join(parts[:depth])
        if parts[depth - 1] in ("", ".", ".."):
            return  # not a folder of the repository (``docs_folder`` refuses those that climb out)
        try:
            mode = os.lstat(os.path.join(root, rel)).st_mode
        except OSError:
            return  # no docs folder: the engine has no hand-written pages either
        if stat.S_ISLNK(mode):
            yield _unread_link(root, rel, "folder")
            return
        if not stat.S_ISDIR(mode):
            return
    # A stack, not recursion: a deep tree of folders cannot exhaust Python's.
    stack = [folder]
    while stack:
        here = stack.pop()
        try:
            with os.scandir(os.path.join(root, here)) as scan:
                entries = sorted((entry.name, entry) for entry in scan)
        except OSError as exc:
            yield Unread(here, 1, f"the folder cannot be read: {exc.strerror}; {_UNCHECKED}", "file-read")
            continue
        for name, entry in entries:
            if name.startswith("."):
                continue
            rel = f"{here}/{name}"
            page = name.lower().endswith(PAGE_SUFFIXES)
            try:
                is_link = entry.is_symlink()
                is_folder = not is_link and entry.is_dir(follow_symlinks=False)
            except OSError:
                is_link = is_folder = False
            if is_folder:
                stack.append(rel)
            elif is_link and (page or os.path.isdir(os.path.join(root, rel))):
                yield _unread_link(root, rel, "page" if page else "folder")
            elif page:
                yield _read_page(root, folder, rel)


def _read_page(root: str, folder: str, rel: str) -> DocsPage | Unread:
    """The page at ``rel``, read like content, or why it was not."""
    try:
        read = safe_files.read_regular(root, rel, MAX_FILE_BYTES)
    except OSError as exc:
        return Unread(rel, 1, f"the page cannot be read: {exc.strerror}; {_UNCHECKED}", "file-read")
    if isinstance(read, safe_files.FileProblem):
        return Unread(rel, 1, f"{read.message}; {_UNCHECKED}", read.rule)
    text, undecodable = decode(read[0])
    if text is None:
        assert undecodable is not None
        return Unread(rel, undecodable.line, f"{undecodable.message}; {_UNCHECKED}", undecodable.rule)
    return DocsPage(rel, rel[len(folder) + 1 :], text)


def _unread_link(root: str, rel: str, what: str) -> Unread:
    """A link in the docs folder: the check does not follow it, and an engine might."""
    inside = safe_files.is_inside(root, os.path.join(root, rel))
    leads = "elsewhere in the repository" if inside else "outside the repository"
    return Unread(
        rel,
        1,
        f"this {what} is a symbolic link (it leads {leads}); links are not followed, {_UNCHECKED}, "
        f"and a site engine that follows it would publish what it leads to. Put the real {what} here instead",
        safe_files.FILE_KIND if inside else safe_files.OUTSIDE_REPOSITORY,
    )


def page_folders(src_uri: str) -> tuple[str, ...]:
    """The folders a link on the page ``src_uri`` is read from: its file's, and its page's on the site.

    ``notes.md`` is the page ``notes/`` (directory URLs): a Markdown link is
    resolved from the folder of the file, a raw HTML one by the browser from
    the page. Both are taken, whichever the site uses.
    """
    folder = posixpath.dirname(src_uri)
    stem = posixpath.splitext(posixpath.basename(src_uri))[0]
    if stem in ("index", "README"):
        return (folder,)
    return (folder, posixpath.join(folder, stem))
