"""MkDocs hooks of the MaSa Playbook: the campaign, play and #sonicht pages, the JSON and the assets.

MkDocs runs hooks only from files that ``mkdocs.yml`` names, so each playbook
repository keeps this file; it holds no logic of its own. The events are the
installed package's (``masa_playbook.engines.mkdocs``), so upgrading
masa-playbook upgrades the site build of every repository: there is no copy
to keep in step with the package.
"""

from masa_playbook.engines.mkdocs import (
    on_config,
    on_env,
    on_files,
    on_page_markdown,
    on_post_page,
    on_post_template,
    on_startup,
)

__all__ = [
    "on_config",
    "on_env",
    "on_files",
    "on_page_markdown",
    "on_post_page",
    "on_post_template",
    "on_startup",
]
