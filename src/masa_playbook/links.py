"""Links between content files, as authors write them in the repository.

Authors link the way that works when browsing the repository, relative to the
file they edit: ``../other-slug/plan.md`` or
``../../playbooks/plays/conference-first-touch.md``. This module finds those
links, resolves them to repository paths, maps repository paths to the pages
of the site, and rewrites the links of a body for the page it lands on.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote

# [text](target "title") and ![alt](target); angle-bracketed targets too. Only
# the "](target" part is matched, so link text wrapped over lines is found too.
_INLINE = re.compile(r"(\]\()\s*(<[^>\n]*>|[^\s()]+(?:\([^\s()]*\)[^\s()]*)*)")
# [label]: target
_REFDEF = re.compile(r"^( {0,3}\[[^\]\n]+\]:[ \t]*)(<[^>\n]*>|\S+)", re.MULTILINE)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class Link:
    """A relative link in a body: its target and the body line it is on (0-based)."""

    target: str
    line: int

    @property
    def path(self) -> str:
        """The target without its ``#fragment`` or ``?query``, URL-decoded."""
        return unquote(re.split(r"[#?]", self.target, maxsplit=1)[0])

    @property
    def fragment(self) -> str:
        """The ``#fragment`` part, with the ``#``, or ``""``."""
        return "#" + self.target.split("#", 1)[1] if "#" in self.target else ""


def _prose_lines(body: str) -> Iterator[tuple[int, str]]:
    """Lines of ``body`` outside fenced code blocks, with their 0-based index."""
    fence: str | None = None
    for number, line in enumerate(body.split("\n")):
        match = _FENCE.match(line)
        if match:
            marker = match.group(1)
            if fence is None:
                fence = marker[0] * len(marker)
                continue
            if marker.startswith(fence):
                fence = None
                continue
        if fence is None:
            yield number, line


#: Where a link can be: ``](`` of an inline link or ``]:`` of a definition.
_LINK_MARK = re.compile(r"\][(:]")


def _lines_with_links(body: str) -> Iterator[tuple[int, str]]:
    """The lines of ``body`` that contain ``](`` or ``]:``, with their 0-based index.

    Only these lines can hold a link; they are found without splitting the
    whole body into lines.
    """
    number = 0  # the index of the line that starts at ``counted``
    counted = 0
    end = -1  # where the last line yielded ends
    for mark in _LINK_MARK.finditer(body):
        if mark.start() < end:
            continue  # another mark on a line already yielded
        start = body.rfind("\n", 0, mark.start()) + 1
        number += body.count("\n", counted, start)
        counted = start
        end = body.find("\n", mark.start())
        if end == -1:
            end = len(body)
        yield number, body[start:end]


_CODE_SPAN = re.compile(r"(`+)(.+?)\1")


def _strip_code_spans(line: str) -> str:
    if "`" not in line:
        return line
    return _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


def _clean(target: str) -> str:
    return target[1:-1] if target.startswith("<") and target.endswith(">") else target


def is_relative(target: str) -> bool:
    """True for a link to another file of the repository (not a URL or an anchor)."""
    return bool(target) and not target.startswith(("#", "/")) and not _SCHEME.match(target)


def find_links(body: str) -> list[Link]:
    """Every relative link in ``body`` outside code blocks and code spans."""
    found: list[Link] = []
    if "](" not in body and "]:" not in body:
        return found
    # Without ``` or ~~~ there is no fenced code block: every line is prose.
    has_fence = "```" in body or "~~~" in body
    for number, line in _prose_lines(body) if has_fence else _lines_with_links(body):
        if "](" not in line and "]:" not in line:
            continue
        prose = _strip_code_spans(line)
        for pattern in (_INLINE, _REFDEF):
            for match in pattern.finditer(prose):
                target = _clean(match.group(2))
                if is_relative(target):
                    found.append(Link(target, number))
    return found


def resolve(source_path: str, target: str) -> str:
    """The repository path a relative link from ``source_path`` points at."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_path), target))


def site_page(repo_path: str) -> str | None:
    """The site source path (``src_uri``) of a repository file, or ``None``.

    Campaign files become ``campaigns/<slug>/index.md`` (a retro is a section
    of it), plays and anti-patterns ``plays/<id>/index.md`` and
    ``sonicht/<id>/index.md``, hand-written pages keep their path under
    ``docs/``, and other files in a campaign folder (images) are copied as they
    are.
    """
    parts = repo_path.split("/")
    if len(parts) == 3 and parts[0] == "campaigns":
        if parts[2] in ("plan.md", "retro.md"):
            return f"campaigns/{parts[1]}/index.md"
        return repo_path
    if (
        len(parts) == 3
        and parts[0] == "playbooks"
        and parts[1] in ("plays", "sonicht")
        and parts[2].endswith(".md")
    ):
        return f"{parts[1]}/{parts[2][:-3]}/index.md"
    if parts[0] == "docs" and len(parts) > 1:
        return "/".join(parts[1:])
    return None


@functools.lru_cache(maxsize=65536)
def relative_path(path: str, start: str) -> str:
    """``posixpath.relpath`` of two site-relative paths, cached.

    Pages link the same few folders thousands of times, and ``relpath`` asks
    the operating system for the working folder on every call.
    """
    return posixpath.relpath(path, start)


def rewrite_links(
    body: str,
    source_path: str,
    page_uri: str,
    *,
    keep: Callable[[str], bool] = lambda repo_path: True,
) -> str:
    """Rewrite the relative links of ``body`` for the page at ``page_uri``.

    ``keep(repo_path)`` decides whether a target may be linked at all (a public
    build drops links to internal campaigns); a dropped link keeps its text.
    Links to files that are not part of the site are left as written, so that
    the site engine reports them.
    """
    if "](" not in body and "]:" not in body:
        return body
    lines = body.split("\n")
    # Without ``` or ~~~ there is no fenced code block: only lines with a link mark matter.
    prose = _prose_lines(body) if "```" in body or "~~~" in body else _lines_with_links(body)

    def replace(match: re.Match[str]) -> str:
        raw = match.group(2)
        target = _clean(raw)
        if not is_relative(target):
            return match.group(0)
        link = Link(target, 0)
        repo_path = resolve(source_path, link.path)
        page = site_page(repo_path)
        if page is None:
            return match.group(0)
        if not keep(repo_path):
            return match.group(1) + "#"
        fragment = link.fragment
        if repo_path.endswith("/retro.md") and not fragment:
            fragment = "#retro"
        new = relative_path(page, posixpath.dirname(page_uri)) + fragment
        return match.group(1) + new

    for number, line in prose:
        if "](" not in line and "]:" not in line:
            continue
        for pattern in (_INLINE, _REFDEF):
            masked = _strip_code_spans(line)
            pieces: list[str] = []
            last = 0
            for match in pattern.finditer(masked):
                original = pattern.match(line, match.start())
                if original is None or original.end() != match.end():
                    continue
                pieces.append(line[last : match.start()])
                pieces.append(replace(original))
                last = match.end()
            line = "".join(pieces) + line[last:]
        lines[number] = line
    return "\n".join(lines)
