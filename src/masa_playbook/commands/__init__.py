"""Subcommands of ``masa``; each module has ``register(subparsers)``."""

from __future__ import annotations

from types import ModuleType

from masa_playbook.commands import check, export, init, new, rules, schema, stats, todo

COMMANDS: list[ModuleType] = [check, schema, rules, new, init, todo, stats, export]
