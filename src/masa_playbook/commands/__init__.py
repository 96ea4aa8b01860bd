"""Subcommands of ``masa``; each module has ``register(subparsers)``."""

from __future__ import annotations

from types import ModuleType

from masa_playbook.commands import check, rules, schema

COMMANDS: list[ModuleType] = [check, schema, rules]
