"""Where pages end up, and relative links between them.

Generated HTML is not rewritten by the site engine (only Markdown links are),
so links inside it are computed here the way MkDocs computes page URLs, with
or without ``use_directory_urls``. Links are relative, so the site works under
any base path.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from masa_playbook.links import relative_path


@dataclass(frozen=True)
class Urls:
    """Page URLs of one build."""

    directory_urls: bool = True

    def url(self, src_uri: str) -> str:
        """The URL of the page or file ``src_uri``, relative to the site root.

        ``campaigns/x/index.md`` -> ``campaigns/x/``; ``how-we-work.md`` ->
        ``how-we-work/``; other files keep their path.
        """
        if not src_uri.endswith(".md"):
            return src_uri
        stem = src_uri[: -len(".md")]
        name = posixpath.basename(stem)
        if self.directory_urls:
            if name in ("index", "README"):
                return posixpath.dirname(stem) + "/" if "/" in stem else ""
            return stem + "/"
        if name == "README":
            stem = posixpath.join(posixpath.dirname(stem), "index")
        return stem + ".html"

    def href(self, from_src_uri: str, to_src_uri: str, fragment: str = "") -> str:
        """A relative link from the page ``from_src_uri`` to ``to_src_uri``."""
        return _relative(posixpath.dirname(self.url(from_src_uri)), self.url(to_src_uri)) + fragment


def _relative(here: str, there: str) -> str:
    """The link from the folder ``here`` to the URL ``there`` (both relative to the site root)."""
    rel = relative_path(there or ".", here or ".")
    if there == "" or there.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel


def campaign_uri(slug: str) -> str:
    """The page source path of a campaign."""
    return f"campaigns/{slug}/index.md"


def play_uri(ident: str) -> str:
    """The page source path of a play."""
    return f"plays/{ident}/index.md"


def antipattern_uri(ident: str) -> str:
    """The page source path of a #sonicht anti-pattern."""
    return f"sonicht/{ident}/index.md"
