"""ProperDocs adapter: the maintained MkDocs 1.x fork runs ``hooks/masa.py`` like MkDocs.

ProperDocs answers every ``mkdocs`` import of its process with its own
modules, so it runs in a process of its own, never in the one that may
have imported MkDocs.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

#: The version the adapter is tested with (with mkdocs-material 9.8.1).
VERSION = "1.6.7"
#: How to get it.
INSTALL = "pip install 'masa-playbook[properdocs]'"


def available() -> bool:
    """True if ProperDocs can be imported by this interpreter."""
    return importlib.util.find_spec("properdocs") is not None


def command(config_file: Path, site_dir: Path, *, strict: bool) -> list[str]:
    """``properdocs build`` of ``config_file`` into ``site_dir`` with this interpreter."""
    return [
        sys.executable,
        "-m",
        "properdocs",
        "build",
        "--config-file",
        str(config_file),
        "--site-dir",
        str(site_dir),
        *(["--strict"] if strict else []),
    ]
