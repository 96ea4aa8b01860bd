"""The links of hand-written pages, checked after a Zensical build in place of Zensical's own check.

Zensical checks the links of every page it builds ("validation"). Zensical
0.0.73 does it by reading each page's Markdown byte by byte in Python: about
half of its build time on a playbook of a thousand campaigns (measured in
``bench/``). On a generated page that work finds nothing, because masa
writes those links itself, to pages it knows, and ``masa check``, which
every build runs first, has already checked each link authors write in
campaigns, plays and anti-patterns (``rules.links``).

So the staged settings turn Zensical's link check off (``staged_validation``)
and ``check`` does its job for the pages people write in ``docs/``:

- a relative link, Markdown or HTML, must lead to a file of the site (a
  hand-written or a generated page, an image, ...), read from the folder of
  the page's file as Zensical reads it;
- a link's ``#fragment`` must be an ``id`` on the page it leads to, as built.

The settings that turn Zensical's checks off turn these off too
(``link_checks``): MkDocs' ``validation.links.not_found`` and
``validation.links.anchors`` set to ``ignore``, or Zensical's own
``invalid_links`` and ``invalid_link_anchors``. Like Zensical's, the
findings are warnings, which ``--strict`` turns into a failed build, and
unlike Zensical's, they name the line. The MkDocs and ProperDocs builds keep
their engine's own check.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from masa_playbook import links
from masa_playbook.findings import Finding

# Zensical's keys for the two checks (Zensical reads MkDocs' keys too, see ``link_checks``).
_TARGETS, _ANCHORS = "invalid_links", "invalid_link_anchors"
_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_ID = re.compile(r"""\sid=(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
_RULE = "broken-link"


@dataclass(frozen=True)
class LinkChecks:
    """Which links ``check`` looks at: where they lead (``targets``), and their ``#fragment`` (``anchors``)."""

    targets: bool = True
    anchors: bool = True


def link_checks(settings: Mapping[str, Any]) -> LinkChecks:
    """The checks the settings' ``validation`` asks for, read as Zensical reads it (both on by default).

    ``validation: false`` turns both off. In a mapping, ``links:`` is read as
    if its keys were at the top; ``not_found`` and ``anchors`` (MkDocs)
    turn a check off with ``ignore``, and Zensical's ``invalid_links`` and
    ``invalid_link_anchors`` (true or false) win over them.
    """
    value = settings.get("validation")
    if isinstance(value, bool):
        return LinkChecks(value, value)
    if not isinstance(value, Mapping):
        return LinkChecks()
    keys = dict(value)
    nested = keys.pop("links", None)
    if isinstance(nested, Mapping):
        keys.update(nested)
    targets = keys.get("not_found") != "ignore"
    anchors = keys.get("anchors") != "ignore"
    return LinkChecks(bool(keys.get(_TARGETS, targets)), bool(keys.get(_ANCHORS, anchors)))


def staged_validation(value: object) -> dict[str, Any]:
    """The ``validation`` setting for the staging folder: the settings' own, with Zensical's link checks off.

    Zensical's other checks (``unresolved_references`` and the like, off by
    default) stay as the settings have them.
    """
    staged = dict(value) if isinstance(value, Mapping) else {}
    nested = staged.get("links")
    if isinstance(nested, Mapping):  # Zensical lifts these keys to the top, over the ones set here
        staged["links"] = {k: v for k, v in nested.items() if k not in (_TARGETS, _ANCHORS)}
    staged[_TARGETS] = staged[_ANCHORS] = False
    return staged


def check(
    pages: Iterable[str],
    *,
    docs_dir: Path,
    built: Callable[[str], Path],
    docs_name: str,
    checks: LinkChecks,
) -> list[Finding]:
    """Warnings for the links of the hand-written ``pages`` that lead nowhere.

    ``pages`` are Markdown files of ``docs_dir`` (the staging folder's docs,
    where the generated pages are too) by their path there; ``built`` gives
    the HTML file built from a page of ``docs_dir``; ``docs_name`` is the
    docs folder's name in the repository, for the findings.
    """
    if not (checks.targets or checks.anchors):
        return []
    checker = _Checker(docs_dir, built, docs_name, checks)
    findings: list[Finding] = []
    for src_uri in sorted(pages):
        text = (docs_dir / src_uri).read_text(encoding="utf-8", errors="replace")
        findings.extend(checker.page(src_uri, text))
    return findings


class _Checker:
    """One check of a site: what it reads from the built pages is kept for every link to them."""

    def __init__(
        self, docs_dir: Path, built: Callable[[str], Path], docs_name: str, checks: LinkChecks
    ) -> None:
        self.docs_dir, self.built, self.docs_name, self.checks = docs_dir, built, docs_name, checks
        self._ids: dict[str, frozenset[str] | None] = {}

    def page(self, src_uri: str, text: str) -> Iterable[Finding]:
        """The findings of the page ``src_uri`` with the Markdown ``text``."""
        body_line = _body_line(text)
        for reference in links.find_references(text):
            if reference.line < body_line or reference.kind == "autolink":
                continue
            message = self._problem(src_uri, reference)
            if message is not None:
                where = f"{self.docs_name}/{src_uri}"
                yield Finding(where, reference.line + 1, "warning", "body", message, _RULE)

    def _problem(self, src_uri: str, reference: links.Reference) -> str | None:
        """What is wrong with ``reference`` on the page ``src_uri``, or ``None``."""
        written = reference.target.strip()
        link = links.Link(written, reference.line)
        if written.startswith("#"):
            return self._anchor_problem(written, src_uri, link.fragment)
        if not links.is_relative(written) or not link.path:
            return None  # a URL, a path from the site's root, or only a query
        # Zensical reads every relative link, raw HTML ones too, from the folder of the page's file.
        path = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), link.path))
        target = self._file(path)
        if target is None:
            if not self.checks.targets:
                return None
            if path.split("/")[0] == "..":
                return f"the link '{written}' points outside the {self.docs_name} folder, which the site does not publish"
            return f"the link '{written}' points at {self.docs_name}/{path}, which does not exist"
        return self._anchor_problem(written, target, link.fragment)

    def _file(self, path: str) -> str | None:
        """The file of the docs folder a link to ``path`` reaches (a folder: its index page), or ``None``."""
        if path == ".." or path.startswith("../"):
            return None
        full = self.docs_dir / path
        if full.is_file():
            return path
        candidates = [f"{path}/index.md", f"{path}/README.md"] if full.is_dir() else [f"{path}.md"]
        return next((c for c in candidates if (self.docs_dir / c).is_file()), None)

    def _anchor_problem(self, written: str, target: str, fragment: str) -> str | None:
        """The problem of ``#fragment`` on the page of ``target``, if it is a page that has no such ``id``."""
        anchor = unquote(fragment[1:])
        if not self.checks.anchors or not anchor or not target.endswith(".md"):
            return None
        ids = self._page_ids(target)
        if ids is None or anchor in ids:
            return None
        return f"the link '{written}' points at #{anchor}, which is not on the page {self.docs_name}/{target}"

    def _page_ids(self, src_uri: str) -> frozenset[str] | None:
        """The ``id``-s of the built page of ``src_uri`` (``None`` if it was not built)."""
        if src_uri not in self._ids:
            try:
                built = self.built(src_uri).read_text(encoding="utf-8", errors="replace")
            except OSError:
                self._ids[src_uri] = None
            else:
                self._ids[src_uri] = frozenset(
                    html.unescape(next(g for g in match.groups() if g is not None))
                    for match in _ID.finditer(built)
                )
        return self._ids[src_uri]


def _body_line(text: str) -> int:
    """The first line (0-based) after the front matter of ``text``; 0 without front matter."""
    if not text.startswith("---"):
        return 0
    first_end = text.find("\n")
    if first_end == -1 or text[:first_end].rstrip() != "---":
        return 0
    fence = _FENCE.search(text, first_end + 1)
    return 0 if fence is None else text.count("\n", 0, fence.start()) + 1
