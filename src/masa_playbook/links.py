"""Links between content files, as authors write them in the repository.

Authors link the way that works when browsing the repository, relative to the
file they edit: ``../other-slug/plan.md`` or
``../../playbooks/plays/conference-first-touch.md``. This module finds those
links, resolves them to repository paths, maps repository paths to the pages
of the site, and rewrites the links of a body for the page it lands on.

A body can point somewhere in more ways than Markdown links: reference
definitions, autolinks (``<https://...>``), URL attributes of raw HTML
(``href``, ``src``, ``srcset``...), site-absolute paths (``/campaigns/x/``),
percent-encoded or entity-encoded paths, and absolute URLs on the site's own
address. ``find_references`` finds them all and ``destinations`` says where
each may lead, so that a public build can drop every reference into a
campaign it does not hold (``rewrite_links``, ``audience.reference_guard``).

Authored text is untrusted, and some of it is large: every scan here is
linear in the length of the text (no pattern that backtracks over what an
author wrote; code spans are matched by a scan, not a regular expression).
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal
from urllib.parse import SplitResult, unquote, urlsplit

from masa_playbook.attachments import publishable_name

# [text](target "title") and ![alt](target); angle-bracketed targets too. Only
# the "](target" part is matched, so link text wrapped over lines is found too.
# An angle-bracketed target holds no "<" (as in CommonMark): the scan for its
# closing ">" stops at the next "<", so a line of "](<" is read in linear time.
_INLINE = re.compile(r"(\]\()\s*(<[^<>\n]*>|[^\s()]+(?:\([^\s()]*\)[^\s()]*)*)")
# [label]: target
_REFDEF = re.compile(r"^( {0,3}\[[^\]\n]+\]:[ \t]*)(<[^>\n]*>|\S+)", re.MULTILINE)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# <scheme:...>: an autolink. No "<" inside, so each "<" starts at most one scan.
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")

#: HTML attributes whose value is a URL (or, for ``srcset`` and ``ping``, a
#: list of URLs). The sanitizer keeps only ``href`` and ``src``; the others are
#: found too, so that ``masa check`` names every reference an author wrote.
URL_ATTRIBUTES = (
    "href",
    "src",
    "srcset",
    "imagesrcset",
    "poster",
    "action",
    "formaction",
    "data",
    "cite",
    "background",
    "longdesc",
    "usemap",
    "codebase",
    "archive",
    "classid",
    "profile",
    "manifest",
    "icon",
    "ping",
    "lowsrc",
    "dynsrc",
)
_URL_LISTS = frozenset({"srcset", "imagesrcset", "ping"})
# name = "value" | 'value' | value, also in attribute lists ({: href=...}) and
# namespaced (xlink:href). A quoted value may span lines. Each alternative
# stops at the first closing quote, so a failed match scans at most to the
# last quote of its kind: linear over the whole body.
_ATTRIBUTE = re.compile(
    r"(?<![\w.-])(" + "|".join(URL_ATTRIBUTES) + r")[ \t\r\n]*=[ \t\r\n]*"
    r"(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'<>`]+))",
    re.IGNORECASE,
)
_BACKTICKS = re.compile(r"`+")
# A backslash before ASCII punctuation is a Markdown escape.
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
# Browsers drop tabs and line breaks anywhere in a URL.
_URL_WHITESPACE = re.compile(r"[\t\n\r]")
_QUERY_OR_FRAGMENT = re.compile(r"[#?]")
# Browsers strip control characters and spaces from both ends of a URL.
_C0_AND_SPACE = "".join(map(chr, range(0x21)))

ReferenceKind = Literal["link", "definition", "autolink", "html"]


@dataclass(frozen=True)
class Link:
    """A relative link in a body: its target and the body line it is on (0-based)."""

    target: str
    line: int

    @property
    def path(self) -> str:
        """The target without its ``#fragment`` or ``?query``, URL-decoded, Markdown escapes (``\\.``) read."""
        path = _QUERY_OR_FRAGMENT.split(self.target, maxsplit=1)[0]
        return unquote(_ESCAPE.sub(r"\1", path) if "\\" in path else path)

    @property
    def fragment(self) -> str:
        """The ``#fragment`` part, with the ``#``, or ``""``."""
        return "#" + self.target.split("#", 1)[1] if "#" in self.target else ""


@dataclass(frozen=True)
class Reference:
    """Any URL a body holds, in whatever form it is written (see ``find_references``)."""

    #: The URL as written (an angle-bracketed Markdown target without its brackets).
    target: str
    #: The body line it starts on (0-based).
    line: int
    kind: ReferenceKind


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


def _strip_code_spans(line: str) -> str:
    """``line`` with every code span blanked out by spaces (same length).

    As CommonMark reads them: a run of N backticks opens a span that the next
    run of exactly N backticks closes; a run without such a partner is
    literal text, and a backslash before a run makes its first backtick
    literal. One pass over the runs: for each length, the search for a
    closing run only moves forward, so a line of 20,000 backticks costs
    what it is long.
    """
    if "`" not in line:
        return line
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(line)]
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    cursor = dict.fromkeys(by_length, 0)
    pieces: list[str] = []
    last = 0
    index = 0
    while index < len(runs):
        start, end = runs[index]
        if _escaped(line, start):
            start += 1  # "\`" is a literal backtick; the rest of the run may open a span
        candidates = by_length.get(end - start)
        if not candidates:
            index += 1
            continue
        at = cursor[end - start]
        while at < len(candidates) and candidates[at] <= index:
            at += 1
        cursor[end - start] = at
        if at == len(candidates):
            index += 1  # nothing closes it: literal backticks
            continue
        closing = candidates[at]
        close_end = runs[closing][1]
        pieces += [line[last:start], " " * (close_end - start)]
        last = close_end
        index = closing + 1
    return "".join(pieces) + line[last:] if pieces else line


def _escaped(text: str, at: int) -> bool:
    """True when an odd number of backslashes stands right before ``text[at]``."""
    count = 0
    while at - count > 0 and text[at - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _masked(body: str) -> str:
    """``body`` with fenced code blocks and code spans blanked out (same length, same lines)."""
    if "`" not in body and "~~~" not in body:
        return body
    lines = body.split("\n")
    if "```" in body or "~~~" in body:
        masked = [" " * len(line) for line in lines]
        for number, line in _prose_lines(body):
            masked[number] = _strip_code_spans(line)
        return "\n".join(masked)
    return "\n".join(_strip_code_spans(line) for line in lines)


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


def find_references(body: str) -> list[Reference]:
    """Every URL in ``body`` outside code, in any form, in the order of the text.

    Markdown links and reference definitions (``kind`` ``link`` and
    ``definition``; relative or not), autolinks (``<https://...>``) and the
    URL attributes of raw HTML and attribute lists (``html``; one reference
    per URL of a ``srcset``).
    """
    found: list[tuple[int, int, Reference]] = []  # (line, column, reference): sorted below
    if "](" in body or "]:" in body:
        has_fence = "```" in body or "~~~" in body
        for number, line in _prose_lines(body) if has_fence else _lines_with_links(body):
            if "](" not in line and "]:" not in line:
                continue
            prose = _strip_code_spans(line)
            markdown: tuple[tuple[re.Pattern[str], ReferenceKind], ...] = (
                (_INLINE, "link"),
                (_REFDEF, "definition"),
            )
            for pattern, kind in markdown:
                for match in pattern.finditer(prose):
                    found.append((number, match.start(2), Reference(_clean(match.group(2)), number, kind)))
    if "<" in body or "=" in body:
        number = 0  # the line of the text at ``counted``; matches come in text order
        counted = line_start = 0
        for start, _end, target, kind in _raw_references(_masked(body), body):
            if start > counted:
                newlines = body.count("\n", counted, start)
                if newlines:
                    number += newlines
                    line_start = body.rfind("\n", counted, start) + 1
                counted = start
            found.append((number, start - line_start, Reference(target, number, kind)))
    found.sort(key=lambda item: (item[0], item[1]))
    return [reference for _, _, reference in found]


def _raw_references(masked: str, body: str) -> Iterator[tuple[int, int, str, ReferenceKind]]:
    """Autolinks and HTML URL attributes: (start, end of the whole match, URL, kind), in text order.

    Matches are found in ``masked`` (code blanked out) and read from ``body``.
    """
    matches: list[tuple[int, int, str, ReferenceKind]] = []
    if "<" in masked:
        for match in _AUTOLINK.finditer(masked):
            matches.append((match.start(), match.end(), body[match.start(1) : match.end(1)], "autolink"))
    if "=" in masked:
        for match in _ATTRIBUTE.finditer(masked):
            group = next(g for g in (2, 3, 4) if match.group(g) is not None)
            value = body[match.start(group) : match.end(group)]
            if match.group(1).lower() in _URL_LISTS:
                for url in _url_list(value):
                    matches.append((match.start(), match.end(), url, "html"))
            else:
                matches.append((match.start(), match.end(), value, "html"))
    matches.sort(key=lambda item: item[0])
    yield from matches


def _url_list(value: str) -> list[str]:
    """The words of a ``srcset`` (``a.png 1x, b.png 2x``) or ``ping`` (space-separated) value.

    Descriptors (``1x``, ``480w``) come along: read as URLs, they lead into
    the folder of the page itself, which changes nothing.
    """
    return value.replace(",", " ").split()


def resolve(source_path: str, target: str) -> str:
    """The repository path a relative link from ``source_path`` points at."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_path), target))


def site_page(repo_path: str) -> str | None:
    """The site source path (``src_uri``) of a repository file, or ``None``.

    Campaign files become ``campaigns/<slug>/index.md`` (a retro is a section
    of it, and the campaign folder itself leads there too), plays and
    anti-patterns ``plays/<id>/index.md`` and ``sonicht/<id>/index.md``,
    hand-written pages keep their path under ``docs/``, and the other files
    of a campaign folder, at any depth, are published at their path when
    their type may be (``attachments.publishable_name``) and no folder on
    the way is hidden (``unpublished_reason`` says why one is not).
    """
    parts = repo_path.split("/")
    if parts[0] == "campaigns" and len(parts) >= 2:
        if len(parts) == 2:  # the campaign folder: its page (never a file of that name)
            return None if "." in parts[1] or not parts[1] else f"campaigns/{parts[1]}/index.md"
        if len(parts) == 3 and parts[2] in ("plan.md", "retro.md"):
            return f"campaigns/{parts[1]}/index.md"
        return repo_path if unpublished_reason(repo_path) is None else None
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


def unpublished_reason(repo_path: str) -> str | None:
    """Why the file ``campaigns/<slug>/...`` is not published as an attachment, or ``None`` if it is.

    Only for files in campaign folders; plan.md and retro.md become the
    campaign's page and are not attachments.
    """
    parts = repo_path.split("/")
    name = parts[-1]
    if any(part.startswith(".") for part in parts[1:]):
        return "it is hidden (a name starting with '.'), and hidden files and folders are never published"
    if name.lower().endswith(".md"):
        return "only plan.md and retro.md of a campaign folder are published (as the campaign's page)"
    if publishable_name(name):
        return None
    kind = posixpath.splitext(name)[1].lower()
    if kind and publishable_name("x" + kind):
        return (
            "its name keeps it out of the site: editor backups, and names with characters other than "
            "letters, digits, '.', '_' and '-', are never published"
        )
    return (
        f"files of this type ({kind or 'no file type'}) are never published; a campaign folder "
        "publishes raster images, PDF, CSV and office documents"
    )


@functools.lru_cache(maxsize=65536)
def relative_path(path: str, start: str) -> str:
    """``posixpath.relpath`` of two site-relative paths, cached.

    Pages link the same few folders thousands of times, and ``relpath`` asks
    the operating system for the working folder on every call.
    """
    return posixpath.relpath(path, start)


def _decoded(url: str) -> str:
    """``url`` as a browser and a web server read it: entities, tabs and line breaks, percent-encoding.

    Percent-decoding is repeated (a few times at most), so that no layer of
    encoding hides a path.
    """
    text = html.unescape(url) if "&" in url else url
    text = _URL_WHITESPACE.sub("", text).strip(_C0_AND_SPACE)
    for _ in range(4):
        if "%" not in text:
            break
        decoded = unquote(text)
        if decoded == text:
            break
        text = decoded
    return text


@functools.lru_cache(maxsize=65536)
def destinations(url: str, base: str, site_url: str = "") -> tuple[str, ...]:
    """Every path from the site's (or repository's) root that ``url`` may lead to.

    ``url`` is written in a file or page whose folder is ``base`` (a path
    from the same root, without a leading slash). It is read generously, the
    way some browser or server might: entities and percent-encoding decoded,
    a backslash read both as a Markdown escape and as a slash, a path that
    climbs above the root stopped there, a site-absolute path both as it is
    and below the path of ``site_url``. An absolute URL counts only on
    ``site_url``'s host; other sites and other schemes (``mailto:``) lead
    nowhere here (an empty tuple).
    """
    text = _decoded(url)
    variants = {text, text.replace("\\", "/")}
    if "\\" in text:
        unescaped = _ESCAPE.sub(r"\1", text)
        variants |= {unescaped, unescaped.replace("\\", "/")}
    site = _split(site_url) if site_url else None
    found: list[str] = []
    for variant in sorted(variants):
        path = _QUERY_OR_FRAGMENT.split(variant, maxsplit=1)[0]
        for candidate in _paths(path, base, site):
            if candidate not in found:
                found.append(candidate)
    return tuple(found)


def _split(url: str) -> SplitResult | None:
    """``urlsplit(url)``, or ``None`` for what is not a URL (``http://[``)."""
    try:
        parts = urlsplit(url)
        parts.hostname  # noqa: B018 - raises for a malformed host
    except ValueError:
        return None
    return parts


def _paths(path: str, base: str, site: SplitResult | None) -> list[str]:
    """The paths from the root that ``path`` (no query or fragment) leads to (``destinations``)."""
    scheme = _SCHEME.match(path)
    if scheme is not None:
        if scheme.group(0).lower() not in ("http:", "https:"):
            return []
        # "http:x/y" and "http:/x" are read against a page of the same scheme.
        path = path[scheme.end() :]
    if path.startswith("//"):
        return _on_site(path, site)
    if path.startswith("/"):
        return _site_absolute(path, site)
    return [_normalized(posixpath.join("/", base, path))]


def _on_site(url: str, site: SplitResult | None) -> list[str]:
    """The paths of ``//host/path`` when the host is the site's."""
    parts = _split("http:" + url)
    if site is None or parts is None or not parts.hostname or parts.hostname != site.hostname:
        return []
    return _site_absolute(parts.path or "/", site)


def _site_absolute(path: str, site: SplitResult | None) -> list[str]:
    """``/x/y`` from the site root, and from the host root when the site has a path of its own."""
    found = [_normalized(path)]
    prefix = ((site.path if site is not None else "") or "/").rstrip("/") + "/"
    if prefix != "/" and path.startswith(prefix):
        found.append(_normalized(path[len(prefix) - 1 :]))
    return found


def _normalized(path: str) -> str:
    """An absolute path without ``.`` and ``..`` (stopping at the root, as browsers do), without its first slash."""
    normal = posixpath.normpath("/" + path.lstrip("/"))
    return normal.lstrip("/") + ("/" if path.endswith("/") and normal != "/" else "")


def campaign_folder(path: str) -> str | None:
    """The (lowercased) campaign slug whose folder ``path`` (from the root) lies in, if any.

    ``campaigns/x/``, ``campaigns/x/plan.md``, ``campaigns/x/sub/a.png`` all
    lie in ``x``; ``campaigns/`` and ``campaigns/index.html`` (the list) in none.
    """
    parts = path.split("/", 2)
    if len(parts) < 2 or parts[0].lower() != "campaigns":
        return None
    name = parts[1].lower()
    if name in ("", ".", "..", "index.html", "index.md"):
        return None
    return name


def campaigns_reached(url: str, bases: tuple[str, ...], site_url: str = "") -> set[str]:
    """The campaign slugs ``url`` may lead into, written in a file read from each of ``bases``."""
    slugs = set()
    for base in bases:
        for path in destinations(url, base, site_url):
            slug = campaign_folder(path)
            if slug is not None:
                slugs.add(slug)
    return slugs


def rewrite_links(
    body: str,
    source_path: str,
    page_uri: str,
    *,
    keep: Callable[[str], bool] = lambda repo_path: True,
    site_url: str = "",
) -> str:
    """Rewrite the relative links of ``body`` for the page at ``page_uri``.

    ``keep(path)`` decides whether a target may be linked at all: a public
    build drops every reference into a campaign it does not hold (``path``
    is ``campaigns/<slug>/``), in any form (``find_references``): a dropped
    Markdown link keeps its text and points at ``#``, a dropped HTML
    attribute is removed (its element and text stay), a dropped autolink is
    removed. Links to files that are not part of the site are left as
    written, so that the site engine reports them.
    """
    bases = (posixpath.dirname(source_path), posixpath.dirname(page_uri))

    def dropped(url: str) -> bool:
        return any(not keep(f"campaigns/{slug}/") for slug in campaigns_reached(url, bases, site_url))

    if "](" in body or "]:" in body:
        body = _rewrite_markdown(body, source_path, page_uri, keep, dropped)
    if "<" in body or "=" in body:
        body = _drop_raw_references(body, dropped)
    return body


def _rewrite_markdown(
    body: str,
    source_path: str,
    page_uri: str,
    keep: Callable[[str], bool],
    dropped: Callable[[str], bool],
) -> str:
    """``rewrite_links`` for Markdown links and reference definitions."""
    lines = body.split("\n")
    # Without ``` or ~~~ there is no fenced code block: only lines with a link mark matter.
    prose = _prose_lines(body) if "```" in body or "~~~" in body else _lines_with_links(body)

    def replace(match: re.Match[str]) -> str:
        target = _clean(match.group(2))
        if dropped(target):
            return match.group(1) + "#"
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


def _drop_raw_references(body: str, dropped: Callable[[str], bool]) -> str:
    """``body`` without the autolinks and HTML URL attributes that ``dropped`` refuses."""
    pieces: list[str] = []
    last = 0
    for start, end, url, _kind in _raw_references(_masked(body), body):
        if start < last or not dropped(url):
            continue  # a srcset's other URLs, already dropped with the attribute; or kept
        pieces.append(body[last:start])
        last = end
    return "".join(pieces) + body[last:] if pieces else body
