"""The web editor at ``/admin/`` of the internal site: Decap CMS, configured from the contract.

Authors who never open a terminal write plans and retros in a form; a save
becomes a branch and a pull or merge request (Decap's editorial workflow),
which CI checks like any other change. Locally, ``make edit`` runs Decap's
proxy (``decap-server``) and the editor saves into the working tree.

Modules: ``fields`` (Decap fields from the JSON Schemas of
``masa_playbook.schema``), ``labels`` (the site's labels reused, German descriptions), ``config``
(collections, backend, settings) and ``admin`` (the files of ``/admin/``).
``assets/masa-cms.js`` registers the preview templates and the results
widget and tidies what is saved; ``vendor/`` holds the pinned Decap CMS
bundle (``make vendor-cms``). No MkDocs import here.
"""

from masa_playbook.cms.admin import admin_config, admin_files, config_script, index_html
from masa_playbook.cms.config import backend, cms_config
from masa_playbook.config import editor_settings

__all__ = [
    "admin_config",
    "admin_files",
    "backend",
    "cms_config",
    "config_script",
    "editor_settings",
    "index_html",
]
