"""Playbook settings, read from ``extra.masa`` in ``mkdocs.yml``.

The same settings serve ``masa check`` and the site, so they live where a
maintainer already configures the site. Every key is optional::

    extra:
      masa:
        currency: EUR              # the playbook's single currency
        channels: [conference, …]  # the channel vocabulary; [] allows any
        retro_overdue_days: 21     # `masa todo`: retro overdue after the end
        repo_url: https://github.com/acme/playbook
        edit_branch: main
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - libyaml is present in every supported wheel
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

DEFAULT_CHANNELS: tuple[str, ...] = (
    "conference",
    "event",
    "webinar",
    "email",
    "social",
    "content",
    "web",
    "paid-search",
    "paid-social",
    "direct-mail",
    "partner",
    "outbound",
    "out-of-home",
    "pr",
    "phone",
)


class PlaybookConfig(BaseModel):
    """Settings of one playbook."""

    model_config = ConfigDict(extra="forbid")

    currency: str = Field(default="EUR", min_length=1, max_length=8)
    channels: list[str] = Field(default_factory=lambda: list(DEFAULT_CHANNELS))
    retro_overdue_days: int = Field(default=21, ge=0)
    repo_url: str | None = None
    edit_branch: str = "main"
    language: str = "en"
    audience: str = "internal"


class _TolerantLoader(_SafeLoader):
    """Reads mkdocs.yml, ignoring tags such as ``!!python/name:`` and ``!ENV``."""


def _ignore_tag(loader: _SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("", _ignore_tag)


def read_mkdocs_yml(root: Path) -> dict[str, Any]:
    """The parsed ``mkdocs.yml`` of ``root``, or ``{}`` when there is none."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        return {}
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (yaml.YAMLError, UnicodeDecodeError, OSError):
        return {}
    return data if isinstance(data, dict) else {}


def load_config(root: Path, mkdocs_config: dict[str, Any] | None = None) -> tuple[PlaybookConfig, str | None]:
    """Settings for ``root`` and an error message if ``extra.masa`` is invalid.

    ``mkdocs_config`` is the already-loaded MkDocs configuration when the site
    builds; the CLI reads ``mkdocs.yml`` itself. ``MASA_AUDIENCE`` overrides the
    audience.
    """
    data = read_mkdocs_yml(root) if mkdocs_config is None else mkdocs_config
    extra = data.get("extra") or {}
    settings = dict(extra.get("masa") or {}) if isinstance(extra, Mapping) else {}
    theme = data.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("language"), str):
        settings.setdefault("language", theme["language"])
    elif theme is not None and isinstance(getattr(theme, "get", lambda _k: None)("language"), str):
        settings.setdefault("language", theme.get("language"))  # a MkDocs Theme object
    audience = os.environ.get("MASA_AUDIENCE")
    if audience:
        settings["audience"] = audience
    problem: str | None = None
    if settings.get("audience") not in (None, "internal", "public"):
        problem = f"MASA_AUDIENCE must be 'internal' or 'public', not {settings['audience']!r}"
        settings["audience"] = "public"  # fail closed: never leak on a typo
    try:
        return PlaybookConfig.model_validate(settings), problem
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return PlaybookConfig(), f"extra.masa.{where}: {first['msg']}"
