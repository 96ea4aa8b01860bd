"""The JSON Schemas are generated from the model, and the committed copies are fresh."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from masa_playbook.cli import main
from masa_playbook.schema import SCHEMA_FILES, all_schemas, build_schema

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize("name", sorted(SCHEMA_FILES.values()))
def test_committed_schema_is_fresh(name: str) -> None:
    committed = (ROOT / "schemas" / name).read_text(encoding="utf-8")
    assert committed == all_schemas()[name], "run `make schema` and commit the result"


def test_plan_schema_carries_the_status_rules() -> None:
    schema = build_schema("plan")
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"title", "initiated_by", "status"}
    not_idea = schema["allOf"][0]
    assert not_idea["then"]["required"] == ["period", "owners", "audience", "budget", "expected", "goals"]
    assert {
        "if": {"required": ["status"], "properties": {"status": {"const": "cancelled"}}},
        "then": {"required": ["cancelled_reason"]},
    } in schema["allOf"]


def test_retro_schema_uses_the_field_names_of_the_contract() -> None:
    props = build_schema("retro")["properties"]
    assert "return" in props and "return_" not in props
    assert set(build_schema("retro")["required"]) == {"date", "authors", "results", "cost", "learnings"}


def test_masa_schema_prints_one_kind(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "sonicht"]) == 0
    assert json.loads(capsys.readouterr().out)["properties"]["instead"]


def test_masa_schema_writes_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--write", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(SCHEMA_FILES.values())


def test_committed_contract_reference_is_fresh() -> None:
    from masa_playbook.reference import contract_markdown

    committed = (ROOT / "docs" / "reference" / "contract.md").read_text(encoding="utf-8")
    assert committed == contract_markdown(), "run `make schema` and commit the result"


def test_contract_reference_lists_every_rule() -> None:
    from masa_playbook.reference import contract_markdown
    from masa_playbook.rules import FORMAT_RULES, RULES

    text = contract_markdown()
    for name in [*RULES, *FORMAT_RULES]:
        assert f"| `{name}` |" in text
