"""Editor support is generated from the contract, and the committed copies are fresh."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from authoring import REPO, run
from masa_playbook.editor import (
    CONTENT_TYPES,
    editor_files,
    frontmatter_cms,
    vscode_extensions,
    vscode_settings,
)
from masa_playbook.schema import build_schema


@pytest.mark.parametrize("rel", sorted(editor_files()))
def test_committed_editor_files_are_fresh(rel: str) -> None:
    committed = (REPO / rel).read_text(encoding="utf-8")
    assert committed == editor_files()[rel], "run `masa schema --editor .` and commit the result"


def test_masa_schema_writes_the_editor_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "schema", "--editor", str(tmp_path))
    assert status == 0
    assert sorted(out.split()) == sorted(str(tmp_path / rel) for rel in editor_files())
    assert json.loads((tmp_path / "frontmatter.json").read_text()) == frontmatter_cms()


def _content_type(name: str) -> dict[str, Any]:
    types = frontmatter_cms()["frontMatter.taxonomy.contentTypes"]
    return next(t for t in types if t["name"] == name)


def _names(fields: list[dict[str, Any]]) -> list[str]:
    return [f["name"] for f in fields if f["type"] != "heading"]


@pytest.mark.parametrize("name", sorted(CONTENT_TYPES))
def test_content_types_mirror_the_contract(name: str) -> None:
    ctype = _content_type(name)
    schema = build_schema(CONTENT_TYPES[name][0])
    fields = ctype["fields"]
    # Every field is a field of the contract, in the contract's order.
    contract = list(schema["properties"])
    assert [n for n in contract if n in _names(fields)] == _names(fields)
    # What is not a panel field is named in the note, so nothing is silently missing.
    note = next((f for f in fields if f["type"] == "heading"), {"description": ""})
    for missing in set(contract) - set(_names(fields)):
        assert missing in note["description"]
    required = {f["name"] for f in fields if f.get("required")}
    assert required == set(schema.get("required", [])) & set(_names(fields))
    # "block" would write a fieldGroup key into every item: an unknown field for masa check.
    assert "block" not in json.dumps(ctype)


def test_plan_fields() -> None:
    fields = {f["name"]: f for f in _content_type("plan")["fields"]}
    assert fields["status"]["choices"] == ["idea", "planned", "running", "done", "cancelled"]
    assert fields["budget"]["numberOptions"] == {"isDecimal": True, "min": 0}
    period = {f["name"]: f for f in fields["period"]["fields"]}
    assert period["start"] == {
        "title": "Start",
        "name": "start",
        "type": "datetime",
        "dateFormat": "yyyy-MM-dd",
        "description": period["start"]["description"],
        "required": True,
    }
    assert {f["name"] for f in fields["owners"]["fields"]} == {"marketing", "sales"}
    assert "goals, tasks" in fields["masa-edited-in-text"]["description"]


def test_plans_are_created_as_campaign_folders() -> None:
    plan = _content_type("plan")
    assert (plan["pageBundle"], plan["defaultFileName"], plan["fileType"]) == (True, "plan", "md")
    folders = {f["path"]: f["contentTypes"] for f in frontmatter_cms()["frontMatter.content.pageFolders"]}
    assert folders == {
        "[[workspace]]/campaigns": ["plan"],
        "[[workspace]]/playbooks/plays": ["play"],
        "[[workspace]]/playbooks/sonicht": ["sonicht"],
    }


def test_vscode_settings_point_at_existing_schemas() -> None:
    for schema, globs in vscode_settings()["yaml.schemas"].items():
        assert (REPO / schema).is_file()
        assert all((REPO / g).is_file() for g in globs)
    assert vscode_extensions()["recommendations"] == ["redhat.vscode-yaml", "eliostruyf.vscode-front-matter"]
