"""Subcommands of ``masa``; each module has ``register(subparsers)``.

Every command module is imported to build the parser. So that ``masa check``
starts quickly, a command module imports at the top only what registering
needs and what checking loads anyway; what only its handler uses (the site,
charts, export, scaffolding) is imported in the handler.
"""

from __future__ import annotations

from types import ModuleType

from masa_playbook.commands import build, check, export, import_actuals, init, new, rules, schema, stats, todo

COMMANDS: list[ModuleType] = [check, build, schema, rules, new, init, todo, stats, export, import_actuals]
