"""Decap CMS fields made from the contract's JSON Schemas (``masa_playbook.schema``).

``FieldMaker.fields(kind)`` walks the schema of one kind of file and gives one
Decap field per property, recursively: enums become selects with the
contract's values, dates date pickers that write ``YYYY-MM-DD``, money and
counts number fields, lists of records lists of objects, and so on. A few
fields need more than their schema says, named by their path in
``SPECIAL``: handles are selects of the people in ``people.yml`` (owners of
a side only people of that side), ids of plays and #sonicht anti-patterns are
relations to those collections, channels a select of the playbook's
vocabulary, and a retro's results a custom widget (``assets/masa-cms.js``).

Required follows the schema; a field inside an optional object is optional
in the editor (Decap cannot require a field only when its parent is filled
in), and what a status requires (``model.PLAN_REQUIREMENTS``) is said in the
hint: ``masa check`` reports both, in CI on the pull request.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from masa_playbook.cms.labels import field_text, option_label, text
from masa_playbook.model import ID_PATTERN, PLAN_REQUIREMENTS, Person
from masa_playbook.schema import build_schema

#: Model names of the kinds, as the schemas' top level has no ``$defs`` name.
MODEL_NAMES = {"plan": "Plan", "retro": "Retro", "play": "Play", "sonicht": "AntiPattern", "people": "Person"}
#: What the date pickers write: an ISO date, which YAML reads as a date.
DATE_FORMAT = "YYYY-MM-DD"
#: Fields written as several lines of text rather than one.
LONG_TEXT = frozenset({"summary", "when", "cancelled_reason", "metric", "task", "step"})


def _resolve(node: Mapping[str, Any], defs: Mapping[str, Any]) -> tuple[dict[str, Any], str | None]:
    """``node`` without its ``null`` alternative and with ``$ref`` followed, and the name of the def."""
    merged = dict(node)
    if "anyOf" in merged:
        options = [o for o in merged["anyOf"] if o.get("type") != "null"]
        if len(options) == 1:
            del merged["anyOf"]
            merged = {**merged, **options[0]}
    ref = merged.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[-1]
        rest = {k: v for k, v in merged.items() if k != "$ref"}
        return {**defs[name], **rest}, name
    return merged, None


def _requirement_hints() -> dict[str, tuple[str, ...]]:
    """Plan field path -> the statuses that require it (``model.PLAN_REQUIREMENTS``)."""
    return {"plan." + ".".join(r.path): r.statuses for r in PLAN_REQUIREMENTS}


@dataclass
class FieldMaker:
    """Makes the editor's fields for one playbook: its people, channels, campaigns and language."""

    people: Mapping[str, Person]
    channels: tuple[str, ...]
    de: bool = False
    #: The results widget's data: campaign slug -> its plan's goals, and the campaigns with a retro.
    goals: Mapping[str, list[dict[str, Any]]] = field(default_factory=dict)
    with_retro: tuple[str, ...] = ()

    @property
    def special(self) -> dict[str, Callable[[], dict[str, Any]]]:
        """Field path -> the widget settings of a field whose schema does not say enough."""
        handles = self.handles
        return {
            "plan.owners.marketing": lambda: self._people_select(self.handles_of("marketing"), multiple=True),
            "plan.owners.sales": lambda: self._people_select(self.handles_of("sales"), multiple=True),
            "plan.contributors": lambda: self._people_select(handles, multiple=True),
            "plan.goals.owners": lambda: self._people_select(handles, multiple=True),
            "plan.tasks.owner": lambda: self._people_select(handles, multiple=False),
            "retro.authors": lambda: {**self._people_select(handles, multiple=True), "min": 1},
            "plan.channels": self._channels,
            "plan.play": lambda: self._relation("plays", multiple=False),
            "retro.sonicht": lambda: self._relation("sonicht", multiple=True),
            "play.watch_out": lambda: self._relation("sonicht", multiple=True),
            "sonicht.instead": lambda: self._relation("plays", multiple=True),
            "retro.results": self._results,
        }

    @property
    def handles(self) -> list[str]:
        """Every handle of ``people.yml``, in its order."""
        return list(self.people)

    def handles_of(self, function: str) -> list[str]:
        """The handles of the people who work in ``function``: who may own a plan for that side."""
        return [h for h, p in self.people.items() if p.function == function]

    def _people_select(self, handles: list[str], *, multiple: bool) -> dict[str, Any]:
        options = [{"label": f"{self.people[h].name} ({h})", "value": h} for h in handles]
        return {"widget": "select", "multiple": multiple, "options": options}

    def _channels(self) -> dict[str, Any]:
        if not self.channels:  # an empty vocabulary allows any channel
            return {"widget": "list", "field": {"label": "Channel", "name": "channel", "widget": "string"}}
        return {"widget": "select", "multiple": True, "options": list(self.channels)}

    def _relation(self, collection: str, *, multiple: bool) -> dict[str, Any]:
        return {
            "widget": "relation",
            "collection": collection,
            "value_field": "{{slug}}",
            "search_fields": ["title"],
            "display_fields": ["title"],
            "multiple": multiple,
        }

    def _results(self) -> dict[str, Any]:
        return {
            "widget": "masa-results",
            "goals": dict(self.goals),
            "with_retro": list(self.with_retro),
            "hint_text": text("results-hint", de=self.de),
        }

    # ----------------------------------------------------------------- walk

    def fields(self, kind: str) -> list[dict[str, Any]]:
        """The editor fields of one kind of file (plan, retro, play, sonicht; people: one person)."""
        schema = build_schema(kind)
        defs = schema.get("$defs", {})
        if kind == "people":
            person, _ = _resolve(schema["additionalProperties"], defs)
            return self._properties(person, defs, "Person", "people", parent_required=True)
        return self._properties(schema, defs, MODEL_NAMES[kind], kind, parent_required=True)

    def _properties(
        self,
        node: Mapping[str, Any],
        defs: Mapping[str, Any],
        model: str,
        path: str,
        *,
        parent_required: bool,
    ) -> list[dict[str, Any]]:
        required = set(node.get("required", []))
        return [
            self._field(
                name, prop, defs, model, f"{path}.{name}", required=parent_required and name in required
            )
            for name, prop in node.get("properties", {}).items()
        ]

    def _field(
        self,
        name: str,
        node: Mapping[str, Any],
        defs: Mapping[str, Any],
        model: str,
        path: str,
        *,
        required: bool,
    ) -> dict[str, Any]:
        resolved, def_name = _resolve(node, defs)
        description = node.get("description") or resolved.get("description")
        label, hint = field_text(model, name, description, de=self.de)
        statuses = _requirement_hints().get(path)
        if statuses:
            names = [option_label(s, de=self.de) for s in statuses]
            shown = (
                names[0]
                if len(names) == 1
                else f"{', '.join(names[:-1])} {text('or', de=self.de)} {names[-1]}"
            )
            hint = f"{hint} {text('required-for', de=self.de, statuses=shown)}".strip()
        made: dict[str, Any] = {"label": label, "name": name, "required": required}
        if hint:
            made["hint"] = hint
        special = self.special.get(path)
        widget = (
            special() if special else self._widget(name, resolved, defs, def_name, path, required=required)
        )
        made.update(widget)
        if "hint_text" in made:  # a widget's own hint replaces the description
            made["hint"] = made.pop("hint_text")
        return made

    def _widget(
        self,
        name: str,
        node: Mapping[str, Any],
        defs: Mapping[str, Any],
        def_name: str | None,
        path: str,
        *,
        required: bool,
    ) -> dict[str, Any]:
        kind = node.get("type")
        if "enum" in node:
            options = [{"label": option_label(v, de=self.de), "value": v} for v in node["enum"]]
            widget: dict[str, Any] = {"widget": "select", "options": options}
            # A default only at the top: inside a list it would make Decap add an item nobody asked for.
            if isinstance(node.get("default"), str) and path.count(".") == 1:
                widget["default"] = node["default"]
            return widget
        if kind == "string" and node.get("format") == "date":
            return {
                "widget": "datetime",
                "format": DATE_FORMAT,
                "date_format": DATE_FORMAT,
                "time_format": False,
                # A date only, so no time zone may move it to the day before.
                "picker_utc": True,
            }
        if kind == "string":
            widget = {"widget": "text" if name in LONG_TEXT else "string"}
            if node.get("pattern") == ID_PATTERN:
                widget["pattern"] = [ID_PATTERN, text("id-pattern", de=self.de)]
            return widget
        if kind in ("number", "integer"):
            widget = {"widget": "number", "value_type": "int" if kind == "integer" else "float"}
            if "minimum" in node or "exclusiveMinimum" in node:
                widget["min"] = node.get("minimum", node.get("exclusiveMinimum"))
            return widget
        if kind == "boolean":
            return {"widget": "boolean"}
        if kind == "array":
            items, item_def = _resolve(node.get("items", {}), defs)
            widget = {"widget": "list"}
            if node.get("minItems"):
                widget["min"] = node["minItems"]
            if items.get("type") == "object" and "properties" in items:
                model = item_def or name
                widget["fields"] = self._properties(items, defs, model, path, parent_required=True)
                first = next(iter(items["properties"]))
                widget["summary"] = "{{fields." + first + "}}"
                widget["collapsed"] = False
                return widget
            item = self._widget(name, items, defs, item_def, path, required=True)
            widget["field"] = {"label": text("item", de=self.de), "name": "item", **item}
            return widget
        if kind == "object" and "properties" in node:
            model = def_name or name
            return {
                "widget": "object",
                "collapsed": False,
                "fields": self._properties(node, defs, model, path, parent_required=required),
            }
        keys = node.get("propertyNames", {}).get("enum")
        if kind == "object" and keys:
            # A mapping keyed by a fixed set of values (a play's roles by function): one field per key.
            values, value_def = _resolve(node.get("additionalProperties", {}), defs)
            return {
                "widget": "object",
                "collapsed": False,
                "fields": [
                    {
                        "label": option_label(key, de=self.de),
                        "name": key,
                        "required": False,
                        **self._widget(key, values, defs, value_def, f"{path}.{key}", required=False),
                    }
                    for key in keys
                ],
            }
        raise ValueError(
            f"the editor has no widget for {path} (schema {dict(node)!r}); add one in cms.fields"
        )
