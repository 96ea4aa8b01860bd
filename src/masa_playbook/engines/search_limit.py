"""Zensical's search index limit, said where the author can act: the file and line of the long section.

Zensical refuses a search entry longer than a limit that shrinks as the
index grows (16 KB a field at 3,000 campaigns), and names the page's URL
and the section's anchor::

    Search field 'text' at 'campaigns/x/#notes' exceeds the search index limit
    (31284 bytes; maximum 16384 bytes for 38844 items). ...

A marketer wrote ``campaigns/x/plan.md``, not that URL. ``finding`` turns
the message into a finding at the heading of that section in the page's
source files (the first source's first line when the section is not one of
theirs, such as a generated part), so ``masa build`` reports it as
``masa check`` reports everything else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from markdown.extensions.toc import slugify, slugify_unicode

from masa_playbook.findings import Finding
from masa_playbook.frontmatter import MAX_FILE_BYTES
from masa_playbook.safe_files import read_regular

#: The rule name of the finding.
RULE = "search-limit"

_MESSAGE = re.compile(
    r"Search field '(?P<field>[^']*)' at '(?P<url>[^'#]*)(?:#(?P<anchor>[^']*))?' exceeds the search index "
    r"limit \((?P<size>\d+) bytes; maximum (?P<limit>\d+) bytes for (?P<items>\d+) items\)"
)
_ATX = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
# The toc extension makes repeated ids unique with a suffix.
_REPEAT = re.compile(r"_\d+$")


def finding(reason: str, sources: Mapping[str, tuple[str, ...]], root: Path) -> Finding | None:
    """The finding for Zensical's ``reason`` if it is the search index limit on a page made from files, else ``None``.

    ``sources`` maps each output page (``campaigns/x/index.html``) to the
    repository files it is made from; ``root`` is the repository.
    """
    match = _MESSAGE.search(reason)
    if match is None:
        return None
    url = match.group("url")
    files = next((sources[key] for key in _output_pages(url) if sources.get(key)), None)
    if not files:
        return None
    anchor = match.group("anchor") or ""
    file, line, title = _heading(root, files, anchor) or (files[0], 1, anchor)
    size, limit, items = (int(match.group(name)) for name in ("size", "limit", "items"))
    where = f'the section "{title}"' if title else "the text before the first heading"
    return Finding(
        file,
        line,
        "error",
        "body",
        f"{where} is longer than Zensical's search index allows in a site of this size "
        f"({size:,} bytes; at most {limit:,} with {items:,} entries): split it with subheadings or shorten it",
        RULE,
    )


def _output_pages(url: str) -> tuple[str, ...]:
    """The output pages a page URL can stand for (with and without directory URLs)."""
    url = url.lstrip("/")
    if not url or url.endswith("/"):
        return (f"{url}index.html",)
    return (url, f"{url}.html", f"{url}/index.html")


def _heading(root: Path, files: tuple[str, ...], anchor: str) -> tuple[str, int, str] | None:
    """The file, line and text of the Markdown heading whose id is ``anchor``, in the first file that has one."""
    if not anchor:
        return None
    wanted = {anchor, _REPEAT.sub("", anchor)}
    for file in files:
        try:
            read = read_regular(str(root), file, MAX_FILE_BYTES)
        except OSError:
            continue
        if not isinstance(read, tuple):  # a link, a folder or something else the build did not read
            continue
        text = read[0].decode("utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            heading = _ATX.match(line)
            if heading is None:
                continue
            title = heading.group("text")
            # Python-Markdown's default ids spell letters beyond ASCII without accents; a site may keep them.
            if {slugify(title, "-"), slugify_unicode(title, "-")} & wanted:
                return file, number, title
    return None
