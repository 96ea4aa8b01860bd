"""The files of a new, empty playbook repository: what ``masa init`` writes.

The files live as package data under ``masa_playbook/starter/``, named so
that packaging and tools leave them alone, and are renamed on the way out:

- a path part ``dot-x`` becomes ``.x`` (``dot-github/`` -> ``.github/``), as
  hidden folders are easily dropped from package data;
- ``x.py.txt`` becomes ``x.py`` (the MkDocs hooks, copies of the engine
  repository's ``hooks/``; kept as text so they are not imported or linted as
  modules of the package);
- ``x.tmpl`` becomes ``x``, with ``${name}`` filled in: ``site_name``,
  ``version`` and the dates of the example campaign, which is planned for the
  month after ``today`` so that it is neither overdue nor in the past.

The JSON Schemas and the editor support are generated, not copied, so they
always match the installed version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from importlib.resources import files
from importlib.resources.abc import Traversable
from string import Template

from masa_playbook import __version__
from masa_playbook.editor import editor_files
from masa_playbook.scaffold import next_month
from masa_playbook.schema import all_schemas
from masa_playbook.yaml_text import yaml_scalar

#: The starter tree inside the package.
STARTER: Traversable = files("masa_playbook") / "starter"


def target_path(starter_path: str) -> str:
    """Where the starter file ``starter_path`` goes in the new repository."""
    parts = ["." + p[len("dot-") :] if p.startswith("dot-") else p for p in starter_path.split("/")]
    name = parts[-1]
    if name.endswith(".py.txt"):
        name = name[: -len(".txt")]
    elif name.endswith(".tmpl"):
        name = name[: -len(".tmpl")]
    return "/".join([*parts[:-1], name])


def starter_paths(folder: Traversable = STARTER, prefix: str = "") -> Iterator[tuple[str, Traversable]]:
    """Every file of the starter tree as ``(starter path, resource)``, sorted."""
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name == "__pycache__":
            continue
        path = f"{prefix}{entry.name}"
        if entry.is_dir():
            yield from starter_paths(entry, f"{path}/")
        else:
            yield path, entry


def _variables(today: dt.date, site_name: str) -> dict[str, str]:
    start = next_month(today)[0]
    end = start + dt.timedelta(days=41)

    def day(offset: int) -> str:
        return (start + dt.timedelta(days=offset)).isoformat()

    return {
        "site_name": yaml_scalar(site_name),
        "version": __version__,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "due_accounts": day(3),
        "due_kickoff": day(5),
        "due_invitations": day(14),
        "due_rehearsal": day(35),
    }


def starter_files(*, today: dt.date, site_name: str = "MaSa Playbook") -> dict[str, str]:
    """Repository path -> text of every file of a new playbook repository."""
    variables = _variables(today, site_name)
    out: dict[str, str] = {}
    for path, resource in starter_paths():
        text = resource.read_text(encoding="utf-8")
        if path.endswith(".tmpl"):
            # README.md is Markdown, not YAML: the site name goes in as typed.
            names = {**variables, "site_name": site_name} if path == "README.md.tmpl" else variables
            text = Template(text).substitute(names)
        out[target_path(path)] = text
    for name, text in all_schemas().items():
        out[f"schemas/{name}"] = text
    out.update(editor_files())
    return dict(sorted(out.items()))
