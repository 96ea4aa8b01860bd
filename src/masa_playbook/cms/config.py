"""The Decap CMS configuration of a playbook, generated from the contract model.

``cms_config(pb)`` is the whole configuration object the editor at
``/admin/`` starts with. Its fields come from ``cms.fields`` (and so from
``masa_playbook.model``, the same single source as the JSON Schemas); this
module adds the collections, the backend and the settings.

Collections, and why they look the way they do:

- ``plans``: the folder ``campaigns`` with entries at ``<slug>/plan.md``; a
  new plan's folder is made from its title (ASCII, accents dropped). Plans
  and retros share their folders and Decap lists every Markdown file at that
  depth, so each collection keeps only its own kind with Decap's ``filter``
  on a key the other kind never has: plans have no ``date``, retros no
  ``title`` (a filter without ``value`` keeps the entries that lack the key).
- ``retros``: the same folder, ``<slug>/retro.md``. A new retro is placed
  in its campaign's folder by Decap's ``meta.path`` (a select of the
  campaigns of the build, ``index_file: retro``); its ``results`` widget
  shows one number field per goal of that campaign's plan.
- ``plays``, ``sonicht``: ``playbooks/plays/<id>.md``, ``playbooks/sonicht/<id>.md``.
- ``people``: ``people.yml`` as a file collection with one group of fields
  per person; a mapping with free keys is beyond Decap's widgets, so new
  people are added in git.

The backend follows ``extra.masa.repo_url`` (GitHub, or GitLab when the host
says so) and ``edit_branch``, with ``publish_mode: editorial_workflow``: a
save is a branch and a pull or merge request, which CI checks. With
``local_backend`` the editor talks to ``decap-server`` on this machine when
it runs (``make edit``) and writes into the working tree; Decap then uses the
simple publish mode, the only one the proxy's file mode has.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from masa_playbook.cms.fields import FieldMaker
from masa_playbook.cms.labels import german, text
from masa_playbook.config import web_url_problem
from masa_playbook.playbook import Playbook

#: Where ``make edit`` runs decap-server, Decap's default.
DEFAULT_PROXY_URL = "http://localhost:8081/api/v1"


def _body(kind: str, de: bool) -> dict[str, Any]:
    """The Markdown text after the front matter of one kind of file."""
    return {
        "label": text("body", de=de),
        "name": "body",
        "widget": "markdown",
        "required": False,
        "hint": text(f"body-{kind}", de=de),
        # Decap's own preview of the text, cleaned with DOMPurify; masa-cms.js shows it as text anyway.
        "sanitize_preview": True,
    }


#: Kind of Markdown file -> its collection's name, folder and the ``text`` keys of its labels.
COLLECTIONS: dict[str, tuple[str, str, str, str]] = {
    "plan": ("plans", "campaigns", "plans", "plan"),
    "retro": ("retros", "campaigns", "retros", "retro"),
    "play": ("plays", "playbooks/plays", "plays", "play"),
    "sonicht": ("sonicht", "playbooks/sonicht", "sonicht-title", "antipattern"),
}


def _folder(kind: str, maker: FieldMaker, **settings: Any) -> dict[str, Any]:
    """The collection of one kind of Markdown file; a new file is named from its title.

    ``settings`` add to these or replace them.
    """
    name, folder, label, singular = COLLECTIONS[kind]
    return {
        "name": name,
        "label": text(label, de=maker.de),
        "label_singular": text(singular, de=maker.de),
        "folder": folder,
        "create": True,
        "slug": "{{slug}}",
        "summary": "{{title}}",
        **settings,
        "fields": [*maker.fields(kind), _body(kind, maker.de)],
    }


def backend(repo_url: str | None, branch: str, auth: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Decap's ``backend`` for the repository at ``repo_url``: GitHub or GitLab, ``branch``.

    Without a repository the editor can only work locally (``make edit``).
    """
    auth = dict(auth or {})
    if not repo_url or web_url_problem(repo_url) is not None:
        return {"name": "proxy", "proxy_url": DEFAULT_PROXY_URL, "branch": branch}
    parts = urlsplit(repo_url)
    host = (parts.hostname or "").lower()
    repo = parts.path.strip("/").removesuffix(".git")
    name = auth.pop("backend", "gitlab" if "gitlab" in host else "github")
    made: dict[str, Any] = {"name": name, "repo": repo, "branch": branch}
    if name == "gitlab":
        made["auth_type"] = "pkce"
        if host != "gitlab.com":
            made["base_url"] = f"{parts.scheme}://{parts.netloc}"
            made["api_root"] = f"{parts.scheme}://{parts.netloc}/api/v4"
    elif host not in ("github.com", "www.github.com"):
        made["api_root"] = f"{parts.scheme}://{parts.netloc}/api/v3"  # GitHub Enterprise Server
    made.update(auth)
    return made


def _retro_goals(pb: Playbook) -> dict[str, list[dict[str, Any]]]:
    return {
        c.slug: [
            {"id": g.id, "metric": g.metric, "target": g.target, "direction": g.direction}
            for g in (c.plan.goals or [])
        ]
        for c in pb.campaigns_sorted()
    }


def collections(pb: Playbook, *, de: bool) -> list[dict[str, Any]]:
    """The editor's collections: plans, retros, plays, #sonicht anti-patterns and people."""
    goals = _retro_goals(pb)
    with_retro = tuple(c.slug for c in pb.campaigns_sorted() if c.retro is not None)
    maker = FieldMaker(pb.people, tuple(pb.config.channels), de, goals, with_retro)
    campaigns = [
        {
            "label": f"{c.title} ({c.slug})" + (f" · {text('has-retro', de=de)}" if c.retro else ""),
            "value": c.slug,
        }
        for c in pb.campaigns_sorted()
    ]
    entry_media = {"media_folder": "", "public_folder": ""}  # attachments beside plan.md and retro.md
    return [
        _folder(
            "plan",
            maker,
            path="{{slug}}/plan",
            filter={"field": "date"},  # no value: the entries without a date, i.e. not the retros
            sortable_fields=["title", "status"],
            **entry_media,
        ),
        _folder(
            "retro",
            maker,
            path="{{slug}}/retro",
            filter={"field": "title"},  # no value: the entries without a title, i.e. not the plans
            # A retro has no title: it is listed by its date, and a new one goes into the
            # campaign folder chosen in meta.path.
            identifier_field="date",
            summary="{{dirname}} · {{date}}",
            meta={
                "path": {
                    "label": text("campaign", de=de),
                    "widget": "select",
                    "index_file": "retro",
                    "options": campaigns,
                    "hint": text("campaign-hint", de=de),
                }
            },
            **entry_media,
        ),
        _folder("play", maker),
        _folder("sonicht", maker),
        {
            "name": "people",
            "label": text("people", de=de),
            "delete": False,
            "files": [
                {
                    "name": "people",
                    "label": text("people-file", de=de),
                    "file": "people.yml",
                    "format": "yml",
                    "fields": [
                        {
                            "label": f"{person.name} ({handle})",
                            "name": handle,
                            "widget": "object",
                            "collapsed": True,
                            "required": False,
                            "hint": text("people-hint", de=de),
                            "fields": maker.fields("people"),
                        }
                        for handle, person in pb.people.items()
                    ],
                }
            ],
        },
    ]


def cms_config(
    pb: Playbook,
    *,
    local_backend_url: str | None = None,
    auth: Mapping[str, str] | None = None,
    site_url: str = "",
) -> dict[str, Any]:
    """The Decap CMS configuration of ``pb``: backend, settings and every collection.

    ``local_backend_url`` is where decap-server listens (default: Decap's own,
    ``http://localhost:8081/api/v1``); ``auth`` the checked ``extra.masa_editor``
    settings (``editor_settings``).
    """
    config = pb.config
    de = german(config.language)
    made: dict[str, Any] = {
        # The configuration is handed over by masa-cms.js (CMS.init), not read from config.yml.
        "load_config_file": False,
        "locale": "de" if de else "en",
        "backend": backend(config.repo_url, config.edit_branch, auth),
        "local_backend": {"url": local_backend_url} if local_backend_url else True,
        "publish_mode": "editorial_workflow",
        "media_folder": "campaigns",
        "public_folder": "/campaigns",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections(pb, de=de),
    }
    if site_url:
        made["site_url"] = made["display_url"] = site_url
    return made
