"""Links that edit a page's source: the repository's address, the branch and the file, made safe.

The settings are checked (``masa_playbook.config``), and a build with a
settings error stops; these functions do not rely on it. A link is made only
from an ``http(s)://`` address with a host, and every part is percent-encoded,
so no quote, angle bracket or space reaches an ``href`` (MkDocs' templates
write ``page.edit_url`` into the page as it is).
"""

from __future__ import annotations

from urllib.parse import quote

from masa_playbook.config import web_url_problem

#: What may stay as it is in the repository's address: the reserved characters
#: of a URL and ``%`` (it may already be percent-encoded), but no quote.
_URL_SAFE = ":/?#[]@!$&()*+,;=%~"


def edit_base(repo_url: str | None, branch: str) -> str | None:
    """The address that, with a file's path appended, edits that file; ``None`` without a usable repository.

    ``https://github.com/acme/playbook`` and ``main`` give
    ``https://github.com/acme/playbook/edit/main/`` (GitHub's and Gitea's form).
    """
    if not repo_url or web_url_problem(repo_url) is not None:
        return None
    base = quote(repo_url.rstrip("/"), safe=_URL_SAFE)
    return f"{base}/edit/{quote(branch, safe='/')}/"


def edit_url(base: str, repo_path: str) -> str:
    """The edit address of ``repo_path`` (a ``/``-separated path in the repository) below ``base``."""
    return base + "/".join(quote(part, safe="") for part in repo_path.split("/"))
