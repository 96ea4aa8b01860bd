"""Validate parsed front matter against the contract and explain what is wrong.

pydantic checks types and required fields; this module turns its errors into
findings a marketer understands: the line of the key, the field path as it is
written, a plain-language message, a stable rule name, a "did you mean ...?"
for unknown keys and a hint to quote YAML 1.1 surprises (``no``, ``on``,
``10:30``) that were meant as text.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from masa_playbook.findings import Finding, format_field
from masa_playbook.frontmatter import InvalidDate, Source, is_yaml11_surprise
from masa_playbook.model import FIRST_YEAR, LAST_YEAR
from masa_playbook.suggest import did_you_mean

M = TypeVar("M", bound=BaseModel)

KIND_NAMES = {
    "people": "person in people.yml",
    "plan": "campaign plan",
    "retro": "retro",
    "play": "play",
    "sonicht": "#sonicht anti-pattern",
}


def validate(source: Source, model: type[M], kind: str) -> tuple[M | None, list[Finding]]:
    """Validate ``source.data`` as ``model``; return the object or findings."""
    try:
        return model.model_validate(source.data), []
    except ValidationError as exc:
        findings = [_explain(source, model, kind, err) for err in exc.errors()]
        return None, findings


def _explain(source: Source, model: type[BaseModel], kind: str, err: ErrorDetails) -> Finding:
    loc = tuple(err["loc"])
    path: tuple[str | int, ...] = tuple(p for p in loc if p != "[key]")
    message, rule = _message(source, model, kind, err, path, is_key="[key]" in loc)
    return Finding(
        file=source.path,
        line=source.locate(path),
        severity="error",
        field=format_field(path),
        message=message,
        rule=rule,
    )


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, InvalidDate):
        return "a date that does not exist"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, int | float):
        return f"the number {value}"
    return "an empty value"


def _message(
    source: Source,
    model: type[BaseModel],
    kind: str,
    err: ErrorDetails,
    path: tuple[str | int, ...],
    *,
    is_key: bool,
) -> tuple[str, str]:
    kind_name = KIND_NAMES.get(kind, kind)
    etype = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if etype == "missing":
        return "is required", "required-field"
    if etype == "extra_forbidden":
        key = path[-1] if path else value
        known = _field_names(model, path[:-1])
        return f"'{key}' is not a field of a {kind_name}{did_you_mean(key, known)}", "unknown-field"
    if isinstance(value, InvalidDate):
        return f"{value} is not a date that exists; check the day and month", "invalid-date"
    if etype == "date_not_plausible":
        return (
            f"{value} is outside the years a playbook accepts ({FIRST_YEAR} to {LAST_YEAR}); check the year",
            "plausible-date",
        )
    if etype in {"string_type", "string_sub_type"}:
        if value is None:
            return "is empty; fill it in or remove the line", "field-type"
        if is_yaml11_surprise(value):
            raw = source.raw_scalar(path)
            shown = raw if raw is not None else str(value)
            return (
                f"'{shown}' is read as {_describe(value)}, not as text; put it in quotes: \"{shown}\"",
                "yaml-quote",
            )
        return "must be text", "field-type"
    if etype == "string_too_short":
        return "must not be empty", "field-type"
    if etype == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)", "field-type"
    if etype == "string_pattern_mismatch":
        what = "a name (key)" if is_key else f"'{value}'"
        return (
            f"{what} must be lowercase letters, digits and single dashes, like 'iaa-2026'",
            "id-format",
        )
    if etype == "list_type":
        if isinstance(value, str):
            return (
                f"must be a list; write [{value}] or put '- {value}' on its own line below",
                "field-type",
            )
        if value is None:
            return "is empty; list at least one item or remove the line", "field-type"
        return "must be a list (one '- item' per line)", "field-type"
    if etype in {"dict_type", "model_type", "model_attributes_type"}:
        if value is None:
            return "is empty; fill in its fields or remove the line", "field-type"
        return "must be a group of fields ('name: value' lines, indented below it)", "field-type"
    if etype in {"float_type", "int_type", "int_from_float", "float_parsing", "int_parsing"}:
        if value is None:
            return "is empty; write a number", "field-type"
        if isinstance(value, str):
            return (
                f"'{value}' must be a plain number without quotes, units or separators, e.g. 5000",
                "field-type",
            )
        if etype == "int_from_float" or (etype == "int_type" and isinstance(value, float)):
            # A count (funnel.leads: 3.5): the value is a number, just not a whole one.
            return f"must be a whole number, not {_number(value)}", "field-type"
        return "must be a number", "field-type"
    if etype == "finite_number":
        return "must be an ordinary number, not infinity or 'not a number'", "value-range"
    if etype == "greater_than":
        return f"must be more than {_number(ctx.get('gt'))}", "value-range"
    if etype == "greater_than_equal":
        return f"must be {_number(ctx.get('ge'))} or more", "value-range"
    if etype == "literal_error":
        allowed = [a.strip("'") for a in str(ctx.get("expected", "")).replace(" or ", ", ").split(", ")]
        hint = did_you_mean(value, allowed) if isinstance(value, str) else ""
        if value is not None and not isinstance(value, str) and is_yaml11_surprise(value):
            raw = source.raw_scalar(path)
            return (
                f"'{raw or value}' is read as {_describe(value)}; use one of: {', '.join(allowed)}",
                "yaml-quote",
            )
        return f"'{value}' is not one of: {', '.join(allowed)}{hint}", "allowed-values"
    if etype in {
        "date_type",
        "date_parsing",
        "date_from_datetime_inexact",
        "date_from_datetime_parsing",
    }:
        if isinstance(value, dt.datetime):
            return "must be a date without a time, like 2026-03-31", "field-type"
        return "must be a date like 2026-03-31", "field-type"
    if etype == "bool_type":
        return "must be true or false", "field-type"
    if etype == "too_short":
        return "must list at least one item", "required-field"
    return err["msg"], "field-type"


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    if isinstance(annotation, types.UnionType):  # pragma: no cover - get_args covers it
        return None
    return None


def _field_names(model: type[BaseModel], path: tuple[str | int, ...]) -> list[str]:
    """The field names allowed at ``path`` inside ``model`` (aliases as written)."""
    current: type[BaseModel] | None = model
    for part in path:
        if current is None:
            return []
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part) or next(
            (f for f in current.model_fields.values() if f.alias == part), None
        )
        if info is None:
            # A RootModel keyed by handle (people.yml): step into the value type.
            root = current.model_fields.get("root")
            current = _model_in(root.annotation) if root else None
            continue
        current = _model_in(info.annotation)
    if current is None:
        return []
    return [info.alias or name for name, info in current.model_fields.items()]
