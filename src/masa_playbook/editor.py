"""Editor support, generated from the contract: Front Matter CMS and VS Code settings.

``frontmatter_cms()`` is the ``frontmatter.json`` of the Front Matter CMS
extension for VS Code (``eliostruyf.vscode-front-matter``): one content type
per kind of Markdown file (plan, retro, play, sonicht), made from the same
JSON Schemas as ``schemas/`` and so from ``masa_playbook.model``, and one page
folder per content folder. ``vscode_settings()`` maps ``people.yml`` to its
schema for the YAML extension (``redhat.vscode-yaml``), which validates and
completes plain YAML files; ``vscode_extensions()`` recommends both.

Two deliberate gaps, explained to authors in ``docs/authoring/editor-support.md``:

- Lists of records (goals, tasks, steps) and free mappings (results, roles)
  are not panel fields. Front Matter's only list-of-records field ("block")
  writes a ``fieldGroup:`` key into every item, which the strict contract
  rejects; those fields are edited in the text, where the schema's
  descriptions and ``masa check`` guide the author.
- Front Matter picks a content type by folder only when the folder has one
  content type. Plan and retro share ``campaigns/<slug>/``, so the campaigns
  folder is declared for plans; retros are started with ``masa new retro``.
  A ``type:`` field, Front Matter's other way to tell, is not part of the
  contract and would be an error.

A test regenerates the committed files and fails when they are stale.
"""

from __future__ import annotations

import json
from typing import Any

from masa_playbook.schema import build_schema

#: Content type name -> (schema kind, folder, file name of a new file or None).
CONTENT_TYPES: dict[str, tuple[str, str, str | None]] = {
    "plan": ("plan", "campaigns", "plan"),
    "retro": ("retro", "campaigns", "retro"),
    "play": ("play", "playbooks/plays", None),
    "sonicht": ("sonicht", "playbooks/sonicht", None),
}
_PAGE_FOLDERS = (
    ("Campaigns", "campaigns", "plan"),
    ("Plays", "playbooks/plays", "play"),
    ("#sonicht anti-patterns", "playbooks/sonicht", "sonicht"),
)
_DATE_FORMAT = "yyyy-MM-dd"


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """The node without its ``null`` alternative and with ``$ref`` followed."""
    if "anyOf" in node:
        options = [o for o in node["anyOf"] if o.get("type") != "null"]
        if len(options) == 1:
            node = {**{k: v for k, v in node.items() if k != "anyOf"}, **options[0]}
    ref = node.get("$ref")
    if isinstance(ref, str):
        target = defs[ref.rsplit("/", 1)[-1]]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _title(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _field(name: str, node: dict[str, Any], defs: dict[str, Any], required: bool) -> dict[str, Any] | None:
    """One Front Matter field for a schema property; ``None`` when it is edited in the text."""
    node = _resolve(node, defs)
    field: dict[str, Any] = {"title": _title(name), "name": name}
    kind = node.get("type")
    if "enum" in node:
        field.update(type="choice", choices=list(node["enum"]))
    elif kind == "string" and node.get("format") == "date":
        field.update(type="datetime", dateFormat=_DATE_FORMAT)
    elif kind == "string":
        field.update(type="string", single=name not in ("summary", "cancelled_reason", "when"))
    elif kind in ("number", "integer"):
        options: dict[str, Any] = {"isDecimal": kind == "number"}
        if "minimum" in node:
            options["min"] = node["minimum"]
        field.update(type="number", numberOptions=options)
    elif kind == "boolean":
        field.update(type="boolean")
    elif kind == "array" and _resolve(node.get("items", {}), defs).get("type") == "string":
        field.update(type="list")
    elif kind == "object" and "properties" in node:
        sub = _fields(node, defs)
        field.update(type="fields", fields=sub)
    else:
        return None
    if node.get("description"):
        field["description"] = node["description"]
    if required:
        field["required"] = True
    return field


def _fields(schema: dict[str, Any], defs: dict[str, Any]) -> list[dict[str, Any]]:
    required = set(schema.get("required", []))
    fields: list[dict[str, Any]] = []
    in_text: list[str] = []
    for name, node in schema.get("properties", {}).items():
        field = _field(name, node, defs, name in required)
        if field is None:
            in_text.append(name)
        else:
            fields.append(field)
    if in_text:
        names = ", ".join(in_text)
        fields.append(
            {
                "title": "Edited in the text",
                "name": "masa-edited-in-text",
                "type": "heading",
                "description": f"{names}: write these in the front matter itself; masa check explains "
                "each problem with its line.",
            }
        )
    return fields


def content_type(name: str) -> dict[str, Any]:
    """The Front Matter CMS content type ``name`` (plan, retro, play, sonicht)."""
    kind, _folder, file_name = CONTENT_TYPES[name]
    schema = build_schema(kind)
    entry: dict[str, Any] = {
        "name": name,
        "fileType": "md",
        "pageBundle": file_name is not None,
        "previewPath": None,
        "fields": _fields(schema, schema.get("$defs", {})),
    }
    if file_name is not None:
        entry["defaultFileName"] = file_name
    return entry


def frontmatter_cms() -> dict[str, Any]:
    """The whole ``frontmatter.json``."""
    return {
        "$schema": "https://frontmatter.codes/frontmatter.schema.json",
        "frontMatter.preview.host": "http://127.0.0.1:8000",
        "frontMatter.taxonomy.dateFormat": _DATE_FORMAT,
        "frontMatter.content.pageFolders": [
            {"title": title, "path": f"[[workspace]]/{path}", "contentTypes": [ctype]}
            for title, path, ctype in _PAGE_FOLDERS
        ],
        "frontMatter.taxonomy.contentTypes": [content_type(name) for name in CONTENT_TYPES],
    }


def vscode_settings() -> dict[str, Any]:
    """``.vscode/settings.json``: people.yml validated against its schema while typing."""
    return {
        "yaml.schemas": {"./schemas/people.schema.json": ["people.yml"]},
        "yaml.validate": True,
        "yaml.completion": True,
    }


def vscode_extensions() -> dict[str, Any]:
    """``.vscode/extensions.json``: the two extensions the settings are for."""
    return {"recommendations": ["redhat.vscode-yaml", "eliostruyf.vscode-front-matter"]}


def as_text(data: dict[str, Any]) -> str:
    """Stable, pretty JSON text with a trailing newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def editor_files() -> dict[str, str]:
    """Every editor-support file (repository path -> text), for the repository and ``masa init``."""
    return {
        "frontmatter.json": as_text(frontmatter_cms()),
        ".vscode/settings.json": as_text(vscode_settings()),
        ".vscode/extensions.json": as_text(vscode_extensions()),
    }
