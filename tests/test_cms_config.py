"""The web editor's configuration is the contract: every field, every allowed value, both languages.

The contract's models are walked here directly through pydantic's field
definitions (``model_fields``, by alias, as ``masa_playbook.schema`` asks
pydantic for them), not through the JSON Schemas the editor's fields are made
from, so the two walks check each other: a field added to the model that the
editor leaves out, shows with the wrong widget or has no label fails here.

The configuration is not committed anywhere: it holds the playbook's people,
channels and campaigns, so every build makes it afresh (``/admin/masa-cms-config.js``)
and the tests at the end check that what a build ships is what ``cms_config``
makes from the same repository, and that a public build holds no editor at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, Field, RootModel
from pydantic.fields import FieldInfo

from masa_playbook import model as contract
from masa_playbook import schema
from masa_playbook.cms import admin_config, backend, cms_config, config_script, editor_settings
from masa_playbook.cms.admin import VENDOR, index_html
from masa_playbook.cms.fields import DATE_FORMAT, FieldMaker
from masa_playbook.cms.labels import field_label
from masa_playbook.loader import load_playbook
from masa_playbook.playbook import Playbook
from masa_playbook.site.i18n import has_label
from site_engines import BASIC, build_or_fail, copy_fixture, engine_params, files_of

#: Kind of file -> the collection that edits it.
COLLECTION = {"plan": "plans", "retro": "retros", "play": "plays", "sonicht": "sonicht", "people": "people"}


# ------------------------------------------------------------------ the contract, walked


@dataclasses.dataclass(frozen=True)
class ModelField:
    """One field of the contract: where it is, its model, its definition, and whether the editor must require it."""

    path: str
    model: str
    name: str
    info: FieldInfo
    required: bool


def _unwrap(annotation: Any) -> list[Any]:
    """The types inside ``annotation``: without ``Annotated``, ``None`` and unions."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) if arg is not type(None) for t in _unwrap(arg)]
    return [annotation]


def _nested(annotation: Any) -> Iterator[tuple[type[BaseModel], bool]]:
    """The models a field holds, and whether each is held in a list (so its items are required inside)."""
    for kind in _unwrap(annotation):
        origin = typing.get_origin(kind)
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            yield kind, False
        elif origin is list:
            yield from ((m, True) for m, _ in _nested(typing.get_args(kind)[0]))


def contract_fields(
    model: type[BaseModel], prefix: str, *, context_required: bool = True
) -> list[ModelField]:
    """Every field of ``model`` and of the models inside it, by its path as the file writes it.

    A field is required in the editor when the model requires it and its
    object is required too: Decap cannot require a field only once its
    optional parent is filled in. Inside a list item, the item's own
    requirements hold (the item exists once it is added).
    """
    found: list[ModelField] = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        required = context_required and info.is_required()
        path = f"{prefix}.{key}"
        found.append(ModelField(path, model.__name__, key, info, required))
        for inner, in_list in _nested(info.annotation):
            found += contract_fields(inner, path, context_required=True if in_list else required)
    return found


def kind_fields(kind: str) -> list[ModelField]:
    """The contract's fields of one kind of file (``people``: of one person)."""
    model = contract.KINDS[kind]
    if issubclass(model, RootModel):
        return contract_fields(contract.Person, kind)
    return contract_fields(model, kind)


ALL_FIELDS = [f for kind in contract.KINDS for f in kind_fields(kind)]


def _literal_values(info: FieldInfo) -> tuple[str, ...] | None:
    """The allowed values of a ``Literal`` field, else None."""
    for kind in _unwrap(info.annotation):
        if typing.get_origin(kind) is typing.Literal:
            return typing.get_args(kind)
    return None


def _is(info: FieldInfo, *kinds: type) -> bool:
    return any(k in kinds for k in _unwrap(info.annotation))


# ------------------------------------------------------------------ the configuration, walked


def config_fields(fields: list[dict[str, Any]], prefix: str) -> dict[str, dict[str, Any]]:
    """Editor field path -> field, through objects and lists of objects."""
    found: dict[str, dict[str, Any]] = {}
    for field in fields:
        path = f"{prefix}.{field['name']}"
        found[path] = field
        found.update(config_fields(field.get("fields", []), path))
    return found


def collection(config: dict[str, Any], name: str) -> dict[str, Any]:
    [found] = [c for c in config["collections"] if c["name"] == name]
    return found


def editor_fields(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every field of every collection, by path (``people.<field>``: the fields of one person)."""
    found: dict[str, dict[str, Any]] = {}
    for kind, name in COLLECTION.items():
        coll = collection(config, name)
        if kind == "people":
            person = coll["files"][0]["fields"][0]  # every person has the same fields
            found.update(config_fields(person["fields"], "people"))
        else:
            found.update(config_fields(coll["fields"], kind))
    return found


@pytest.fixture(scope="module")
def pb() -> Playbook:
    return load_playbook(BASIC)


@pytest.fixture(scope="module")
def english(pb: Playbook) -> dict[str, dict[str, Any]]:
    return editor_fields(cms_config(pb))


@pytest.fixture(scope="module")
def german(pb: Playbook) -> dict[str, dict[str, Any]]:
    return editor_fields(
        cms_config(dataclasses.replace(pb, config=pb.config.model_copy(update={"language": "de"})))
    )


def values(field: dict[str, Any]) -> list[Any]:
    """The values of a select's options (plain or ``{label, value}``)."""
    return [o["value"] if isinstance(o, dict) else o for o in field["options"]]


# ------------------------------------------------------------------ every field, no more


def test_every_field_of_the_contract_is_in_the_editor_and_nothing_else(english: dict[str, Any]) -> None:
    contract_paths = {f.path for f in ALL_FIELDS}
    # Beyond the contract: each Markdown file's text, and a play's roles, one field per function.
    extra = {f"{kind}.body" for kind in ("plan", "retro", "play", "sonicht")}
    extra |= {f"play.roles.{function}" for function in contract.FUNCTIONS}
    assert set(english) - extra == contract_paths
    assert extra <= set(english)


def test_fields_keep_the_contracts_order(english: dict[str, Any]) -> None:
    # The editor writes keys in the order of its fields: the model's order, which `masa new` writes too.
    for kind in contract.KINDS:
        top = [f.path for f in kind_fields(kind) if f.path.count(".") == 1]
        shown = [p for p in english if p.split(".")[0] == kind and p.count(".") == 1 and p != f"{kind}.body"]
        assert shown == top, kind


@pytest.mark.parametrize("field", ALL_FIELDS, ids=lambda f: f.path)
def test_required_follows_the_contract(field: ModelField, english: dict[str, Any]) -> None:
    assert english[field.path]["required"] is field.required


def test_what_a_status_requires_is_in_the_hint(english: dict[str, Any], german: dict[str, Any]) -> None:
    # Decap cannot make a field required for some statuses only: the hint says it, masa check enforces it.
    for requirement in contract.PLAN_REQUIREMENTS:
        path = "plan." + ".".join(requirement.path)
        if len(requirement.statuses) == 1:
            assert f"Required when the status is {requirement.statuses[0]}." in english[path]["hint"]
        else:
            assert (
                "Required when the status is " + ", ".join(requirement.statuses[:-1]) in english[path]["hint"]
            )
        assert "Pflicht, wenn der Status" in german[path]["hint"], path
        assert english[path]["required"] is False, path  # an idea needs none of them


def test_lists_with_a_minimum_keep_it(english: dict[str, Any]) -> None:
    for field in ALL_FIELDS:
        if not any(typing.get_origin(k) is list for k in _unwrap(field.info.annotation)):
            continue
        minimum = next((m.min_length for m in field.info.metadata if hasattr(m, "min_length")), None)
        assert english[field.path].get("min") == minimum, field.path
    assert english["retro.authors"]["min"] == english["retro.learnings"]["min"] == 1


# ------------------------------------------------------------------ widgets


@pytest.mark.parametrize("field", [f for f in ALL_FIELDS if _literal_values(f.info)], ids=lambda f: f.path)
def test_every_select_offers_exactly_the_contracts_values(field: ModelField, english: dict[str, Any]) -> None:
    shown = english[field.path]
    assert shown["widget"] == "select"
    assert values(shown) == list(_literal_values(field.info) or ())
    assert not shown.get("multiple")
    default = field.info.get_default()
    if isinstance(default, str) and field.path.count(".") == 1:
        assert shown["default"] == default  # visibility: internal


def test_the_selects_named_in_the_issue(english: dict[str, Any]) -> None:
    assert values(english["plan.status"]) == list(contract.STATUSES)
    assert values(english["plan.initiated_by"]) == ["marketing", "sales"]
    assert values(english["plan.visibility"]) == ["internal", "public"]
    assert values(english["plan.goals.direction"]) == ["at_least", "at_most"]
    assert values(english["retro.outcome"]) == list(contract.OUTCOMES)
    assert values(english["people.function"]) == list(contract.FUNCTIONS)
    assert [f["name"] for f in english["play.roles"]["fields"]] == list(contract.FUNCTIONS)


def test_channels_come_from_the_playbooks_vocabulary(pb: Playbook, english: dict[str, Any]) -> None:
    channels = english["plan.channels"]
    assert channels["widget"] == "select" and channels["multiple"] is True
    assert values(channels) == list(pb.config.channels)
    assert len(values(channels)) > 3
    # An empty vocabulary allows any channel: free text.
    free = FieldMaker(pb.people, ()).fields("plan")
    [field] = [f for f in free if f["name"] == "channels"]
    assert field["widget"] == "list" and field["field"]["widget"] == "string"


def test_people_are_chosen_from_people_yml(pb: Playbook, english: dict[str, Any]) -> None:
    everyone = list(pb.people)
    assert values(english["plan.owners.marketing"]) == [
        h for h in everyone if pb.people[h].function == "marketing"
    ]
    assert values(english["plan.owners.sales"]) == [h for h in everyone if pb.people[h].function == "sales"]
    for path, multiple in [
        ("plan.contributors", True),
        ("plan.goals.owners", True),
        ("plan.tasks.owner", False),
        ("retro.authors", True),
    ]:
        assert english[path]["widget"] == "select", path
        assert values(english[path]) == everyone, path
        assert english[path]["multiple"] is multiple, path
    assert english["plan.tasks.owner"]["options"][0] == {"label": "Mia Marketing (mia)", "value": "mia"}


def test_dates_are_date_pickers_that_write_yaml_dates(english: dict[str, Any]) -> None:
    dates = [f.path for f in ALL_FIELDS if _is(f.info, dt.date)]
    assert {"plan.period.start", "plan.period.end", "plan.goals.due", "plan.tasks.due", "retro.date"} <= set(
        dates
    )
    for path in dates:
        field = english[path]
        assert field["widget"] == "datetime", path
        assert field["format"] == field["date_format"] == DATE_FORMAT == "YYYY-MM-DD", path
        assert field["time_format"] is False, path
        assert field["picker_utc"] is True, path  # no time zone moves a date to the day before


def test_money_and_counts_are_numbers(english: dict[str, Any]) -> None:
    numbers = [f for f in ALL_FIELDS if _is(f.info, float, int)]
    assert {
        "plan.budget",
        "retro.cost",
        "plan.expected.pipeline",
        "retro.return.won",
        "retro.funnel.leads",
    } <= {f.path for f in numbers}
    for field in numbers:
        shown = english[field.path]
        assert shown["widget"] == "number", field.path
        assert shown["value_type"] == ("int" if _is(field.info, int) else "float"), field.path
    assert english["plan.budget"]["min"] == 0
    assert english["plan.goals.target"]["min"] == 0  # exclusive in the contract; masa check says so


def test_goals_and_tasks_are_lists_of_objects(english: dict[str, Any]) -> None:
    for path, model in [
        ("plan.goals", contract.Goal),
        ("plan.tasks", contract.Task),
        ("play.steps", contract.PlayStep),
    ]:
        field = english[path]
        assert field["widget"] == "list", path
        assert [f["name"] for f in field["fields"]] == list(model.model_fields), path
    assert english["plan.tasks.done"]["widget"] == "boolean"


def test_results_ask_one_number_per_goal_of_the_plan(pb: Playbook, english: dict[str, Any]) -> None:
    results = english["retro.results"]
    assert results["widget"] == "masa-results"
    assert results["required"] is True
    assert {slug: [g["id"] for g in goals] for slug, goals in results["goals"].items()} == {
        c.slug: [g.id for g in c.plan.goals or []] for c in pb.campaigns_sorted()
    }
    assert results["goals"]["roadshow-mixed"][0] == {
        "id": "visitors",
        "metric": pb.campaigns["roadshow-mixed"].plan.goals[0].metric,  # type: ignore[index]
        "target": pb.campaigns["roadshow-mixed"].plan.goals[0].target,  # type: ignore[index]
        "direction": "at_least",
    }
    assert results["with_retro"] == [c.slug for c in pb.campaigns_sorted() if c.retro is not None]


def test_plays_and_antipatterns_are_chosen_from_the_catalogue(english: dict[str, Any]) -> None:
    for path, target, multiple in [
        ("plan.play", "plays", False),
        ("retro.sonicht", "sonicht", True),
        ("play.watch_out", "sonicht", True),
        ("sonicht.instead", "plays", True),
    ]:
        field = english[path]
        assert field["widget"] == "relation", path
        assert (field["collection"], field["multiple"], field["value_field"]) == (
            target,
            multiple,
            "{{slug}}",
        )


def test_ids_carry_the_contracts_pattern(english: dict[str, Any]) -> None:
    assert english["plan.goals.id"]["pattern"][0] == contract.ID_PATTERN


# ------------------------------------------------------------------ labels and hints


def untranslated(fields: list[ModelField]) -> list[str]:
    """The fields without a label of their own, in English or German."""
    return [f.path for f in fields for de in (False, True) if field_label(f.model, f.name, de=de) is None]


def test_every_field_has_a_label_and_a_hint_in_english_and_german(
    english: dict[str, Any], german: dict[str, Any]
) -> None:
    assert not untranslated(ALL_FIELDS)
    for field in ALL_FIELDS:
        en, de = english[field.path], german[field.path]
        assert en["label"] and de["label"], field.path
        # English hints are the contract's own descriptions; German ones their translation.
        if field.path != "retro.results":  # the results widget explains itself
            assert en["hint"].startswith(field.info.description or "<none>"), field.path
        assert de["hint"] and de["hint"] != en["hint"], f"{field.path}: no German hint"
    assert german["plan.owners"]["label"] == "Verantwortlich"
    assert german["plan.tasks.done"]["label"] == "Erledigt"  # not the status "abgeschlossen"


def test_every_option_has_a_label_in_both_languages(english: dict[str, Any], german: dict[str, Any]) -> None:
    for field in ALL_FIELDS:
        for value in _literal_values(field.info) or ():
            assert has_label(value), value
    status = {o["value"]: o["label"] for o in german["plan.status"]["options"]}
    assert status == {
        "idea": "Idee",
        "planned": "geplant",
        "running": "läuft",
        "done": "abgeschlossen",
        "cancelled": "abgebrochen",
    }
    assert [o["label"] for o in german["plan.goals.direction"]["options"]] == ["mindestens", "höchstens"]


def test_a_new_field_without_a_label_or_a_widget_fails(monkeypatch: pytest.MonkeyPatch, pb: Playbook) -> None:
    # The checks above are only as good as their walk: a field added to the contract must trip them.
    class Extended(contract.Plan):
        sponsor: contract.Text | None = Field(default=None, description="Who pays.")

    assert untranslated(contract_fields(Extended, "plan")) == ["plan.sponsor", "plan.sponsor"]

    class Odd(contract.Plan):
        weights: dict[str, dict[str, int]] | None = Field(default=None, description="Nested mappings.")

    monkeypatch.setitem(schema.KINDS, "plan", Odd)
    with pytest.raises(ValueError, match=r"no widget for plan\.weights"):
        FieldMaker(pb.people, ()).fields("plan")


# ------------------------------------------------------------------ collections and backend


def test_collections_and_where_they_write(pb: Playbook) -> None:
    config = cms_config(pb)
    plans, retros = collection(config, "plans"), collection(config, "retros")
    assert (plans["folder"], plans["path"], plans["slug"]) == ("campaigns", "{{slug}}/plan", "{{slug}}")
    assert (retros["folder"], retros["path"]) == ("campaigns", "{{slug}}/retro")
    assert retros["meta"]["path"]["index_file"] == "retro"
    assert [o["value"] for o in retros["meta"]["path"]["options"]] == [c.slug for c in pb.campaigns_sorted()]
    assert collection(config, "plays")["folder"] == "playbooks/plays"
    assert collection(config, "sonicht")["folder"] == "playbooks/sonicht"
    people = collection(config, "people")["files"][0]
    assert people["file"] == "people.yml"
    assert [f["name"] for f in people["fields"]] == list(pb.people)
    assert config["slug"] == {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}
    assert config["publish_mode"] == "editorial_workflow"
    assert config["locale"] == "en" and config["load_config_file"] is False


def test_the_backend_follows_repo_url_and_edit_branch() -> None:
    assert backend("https://github.com/acme/playbook", "main") == {
        "name": "github",
        "repo": "acme/playbook",
        "branch": "main",
    }
    assert backend("https://gitlab.com/acme/marketing/playbook.git", "edits") == {
        "name": "gitlab",
        "repo": "acme/marketing/playbook",
        "branch": "edits",
        "auth_type": "pkce",
    }
    own = backend("https://git.acme.example/team/playbook", "main", {"backend": "gitlab", "app_id": "abc123"})
    assert (
        own["base_url"] == "https://git.acme.example" and own["api_root"] == "https://git.acme.example/api/v4"
    )
    assert own["app_id"] == "abc123"
    assert (
        backend("https://ghe.acme.example/team/playbook", "main")["api_root"]
        == "https://ghe.acme.example/api/v3"
    )
    assert backend(None, "main") == {
        "name": "proxy",
        "proxy_url": "http://localhost:8081/api/v1",
        "branch": "main",
    }


def test_editor_settings_take_only_plain_known_values() -> None:
    settings, problems = editor_settings(
        {
            "backend": "gitlab",
            "app_id": "0123abcd",
            "base_url": "https://gitlab.acme.example/",
            "auth_endpoint": "oauth/authorize",
            "client_secret": "s3cret",
            "api_root": "javascript:alert(1)",
            "auth_type": 'pkce"><script>',
        }
    )
    assert settings == {
        "backend": "gitlab",
        "app_id": "0123abcd",
        "base_url": "https://gitlab.acme.example",
        "auth_endpoint": "oauth/authorize",
    }
    assert [key for key, _ in problems] == ["client_secret", "api_root", "auth_type"]


def test_the_config_script_cannot_end_its_script_element(pb: Playbook) -> None:
    script = config_script({**cms_config(pb), "site_url": "</script><script>alert(1)</script>&"})
    assert "</script" not in script.lower() and "<" not in script.split("\n", 2)[2]
    assert json.loads(script.split("window.MASA_CMS_CONFIG = ", 1)[1].rstrip(";\n"))["site_url"].startswith(
        "</script>"
    )


# ------------------------------------------------------------------ what a build ships


def editor_traces(site: Path) -> list[str]:
    """The files of ``site`` that are, link to or name the editor."""
    return [
        path.relative_to(site).as_posix()
        for path in files_of(site)
        if path.suffix in (".html", ".js", ".json", ".xml", ".txt", ".css")
        and re.search(
            r"/admin\b|\badmin/|masa-cms|decap", path.read_text(encoding="utf-8", errors="replace"), re.I
        )
    ]


def test_vendored_editor_matches_its_checksums() -> None:
    sums = {}
    for line in (VENDOR.parent / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        sums[name.lstrip("*")] = digest
    shipped = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in VENDOR.iterdir() if p.is_file()}
    assert shipped == sums
    pinned = json.loads((VENDOR.parent / "package.json").read_text(encoding="utf-8"))["dependencies"][
        "decap-cms"
    ]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned), "pin an exact version"


def test_an_internal_build_ships_the_editor_made_from_its_repository(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    site = build_or_fail(root, tmp_path / "site")
    admin = site / "admin"
    assert (admin / "index.html").read_text(encoding="utf-8") == index_html("en")
    # Fresh: the configuration the build wrote is the one the contract and this repository make now.
    expected = config_script(admin_config(load_playbook(root), site_url="https://playbook.example.org/"))
    assert (admin / "masa-cms-config.js").read_text(encoding="utf-8") == expected
    assert (admin / "vendor" / "decap-cms" / "decap-cms.js").is_file()
    # Everything the page loads comes from /admin/ itself.
    sources = re.findall(r'(?:src|href)="([^"]+)"', index_html("en"))
    assert sources and all(not re.match(r"^[a-z]+://|^//", s) for s in sources if s != "data:,")
    for source in sources:
        assert source == "data:," or (admin / source).is_file(), source
    # What the public build is searched for, found here: the editor's files, and only those.
    traces = editor_traces(site)
    assert "admin/index.html" in traces and "admin/masa-cms.js" in traces
    assert all(t.startswith("admin/") for t in traces), traces


@pytest.mark.parametrize("engine", engine_params())
def test_a_public_build_has_no_editor_and_no_link_to_it(tmp_path: Path, engine: str) -> None:
    root = copy_fixture(tmp_path)
    site = build_or_fail(root, tmp_path / "public", "--engine", engine, "--audience", "public")
    assert (site / "index.html").is_file()
    assert not (site / "admin").exists()
    assert not editor_traces(site)
