"""Playbook settings, read from ``extra.masa`` in ``mkdocs.yml``, and checked like content.

The same settings serve ``masa check`` and the site, so they live where a
maintainer already configures the site. Every key is optional::

    extra:
      masa:
        currency: EUR              # the playbook's single currency (ISO 4217 code)
        channels: [conference, …]  # the channel vocabulary; [] allows any
        retro_overdue_days: 21     # `masa todo`: retro overdue after the end
        repo_url: https://github.com/acme/playbook
        edit_branch: main          # a git branch name
        language: en               # default: theme.language
        audience: internal         # or public; MASA_AUDIENCE overrides it
        crm_url: https://acme.my.salesforce.com/lightning/r/Campaign/{id}/view
        min_sample: 3              # campaigns needed before a success rate is shown

``mkdocs.yml`` is trusted, but it is still checked: every problem is a
finding at the line of its key (rule ``config``), an ``mkdocs.yml`` that
cannot be read is one at YAML's line, and never silently the defaults. The
top-level ``repo_url``, ``site_url`` and ``edit_uri`` are checked too, because
they reach links on every page: web addresses must be ``http(s)://`` with a
host, and no part of a link may hold a quote, an angle bracket or a space.

Any doubt about the audience means the public view: with any settings
finding, or a ``MASA_AUDIENCE`` other than ``internal`` or ``public``, the
settings say ``audience: public``.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import re
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlsplit

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from masa_playbook.findings import Finding
from masa_playbook.frontmatter import MAX_FILE_BYTES, Source, decode
from masa_playbook.validate import validate

try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - libyaml is present in every supported wheel
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

#: The rule name of every settings finding.
SETTINGS_RULE = "config"
#: Settings of the login a maintainer may give in ``extra.masa_editor`` of ``mkdocs.yml``.
AUTH_SETTINGS = ("backend", "base_url", "auth_endpoint", "api_root", "app_id", "auth_type")
_SAFE_VALUE = re.compile(r"^[A-Za-z0-9._~/-]{1,200}$")
#: The settings file's name, as findings name it when the path is not known.
MKDOCS_YML = "mkdocs.yml"

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

# Characters no web address in a page may hold as they are: they end an
# attribute or a tag, or are not part of a URL at all.
_NOT_IN_URL = frozenset("\"'<>`\\ ") | frozenset(map(chr, [*range(0x20), *range(0x7F, 0xA0)]))


def web_url_problem(value: str) -> str | None:
    """Why ``value`` is not a web address a page may link to, or ``None`` when it is one.

    It must start with ``https://`` or ``http://``, name a host, hold no user
    name or password (it would be published on every page), and hold no
    space, quote, angle bracket, backslash or control character.
    """
    if any(char in _NOT_IN_URL for char in value):
        return "must not contain spaces, quotes, < >, backslashes or control characters"
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        return "is not a web address"
    if parts.scheme.lower() not in ("http", "https"):
        return "must be a web address starting with https:// (or http://)"
    if not host:
        return "must name a host after https://, like https://github.com/acme/playbook"
    if parts.username is not None or parts.password is not None:
        return "must not hold a user name or password: it would be published on every page"
    return None


def url_path_problem(value: str) -> str | None:
    """Why ``value`` cannot be part of a link (MkDocs' ``edit_uri``), or ``None`` when it can."""
    if any(char in _NOT_IN_URL for char in value):
        return "must not contain spaces, quotes, < >, backslashes or control characters"
    return None


def branch_problem(name: str) -> str | None:
    """Why ``name`` is not a valid git branch name (``git check-ref-format --branch``), or ``None``."""
    if not name:
        return "must not be empty"
    if any(ord(c) < 0x20 or c == "\x7f" for c in name):
        return "must not contain control characters"
    bad = sorted({c for c in name if c in " ~^:?*[\\"})
    if bad:
        shown = ", ".join("a space" if c == " " else f"'{c}'" for c in bad)
        return f"must not contain {shown}; git does not allow it in a branch name"
    if ".." in name or "@{" in name or "//" in name:
        return "must not contain '..', '@{' or '//'; git does not allow it in a branch name"
    if name == "HEAD" or name.startswith(("-", "/")) or name.endswith(("/", ".")):
        return "must not be HEAD, start with '-' or '/', or end with '/' or '.'"
    for part in name.split("/"):
        if part.startswith(".") or part.endswith(".lock"):
            return "no part between slashes may start with '.' or end with '.lock'"
    return None


#: What ``crm_url`` must hold: the place where a campaign's ``crm_id`` goes.
CRM_ID_PLACEHOLDER = "{id}"


def crm_url_problem(value: str) -> str | None:
    """Why ``value`` is not a CRM link template, or ``None`` when it is one.

    It is a web address (``web_url_problem``) holding ``{id}`` exactly once,
    after the host name, where ``crm_link`` puts a campaign's ``crm_id``; no
    other braces.
    """
    if value.count(CRM_ID_PLACEHOLDER) != 1:
        return "must hold {id} once, where the campaign's crm_id goes, like https://crm.example.com/campaign/{id}"
    problem = web_url_problem(value.replace(CRM_ID_PLACEHOLDER, "id"))
    if problem is not None:
        return problem
    if "{" in value.replace(CRM_ID_PLACEHOLDER, "") or "}" in value.replace(CRM_ID_PLACEHOLDER, ""):
        return "must not hold braces other than {id}"
    before = urlsplit(value[: value.index(CRM_ID_PLACEHOLDER)])
    if not (before.path or before.query or before.fragment):
        # The host is the maintainer's choice, never the author's: {id} goes after it.
        return "must have {id} after the host name, in the path or the query"
    return None


def crm_link(template: str | None, crm_id: str | None) -> str | None:
    """The address of a campaign's CRM record: ``template`` with ``{id}`` replaced; ``None`` without both.

    The id is percent-encoded (nothing is kept as it is, not even ``/``), so
    an authored id can only ever be one part of the address the maintainer
    configured: it cannot add a path, a query, a host or markup.
    """
    if not template or not crm_id:
        return None
    return template.replace(CRM_ID_PLACEHOLDER, quote(crm_id, safe=""))


def _checked(problem_of: Any, error_type: str) -> AfterValidator:
    def check(value: str) -> str:
        problem = problem_of(value)
        if problem is not None:
            # The value goes in as context, never into the template: braces in it stay text.
            raise PydanticCustomError(error_type, "'{value}' {problem}", {"value": value, "problem": problem})
        return value

    return AfterValidator(check)


def _currency_problem(value: str) -> str | None:
    if len(value) == 3 and value.isascii() and value.isalpha() and value.isupper():
        return None
    return "must be a three-letter currency code such as EUR, USD or CHF"


def _language_problem(value: str) -> str | None:
    parts = value.replace("_", "-").split("-")
    if (
        all(part.isascii() and part.isalnum() and 1 <= len(part) <= 8 for part in parts)
        and parts[0].isalpha()
    ):
        return None
    return "must be a language code such as en or de"


WebUrl = Annotated[str, _checked(web_url_problem, "web_url")]
BranchName = Annotated[str, _checked(branch_problem, "branch_name")]
CurrencyCode = Annotated[str, _checked(_currency_problem, "currency_code")]
LanguageCode = Annotated[str, _checked(_language_problem, "language_code")]
UrlPath = Annotated[str, _checked(url_path_problem, "url_path")]
CrmUrl = Annotated[str, _checked(crm_url_problem, "crm_url")]


class PlaybookConfig(BaseModel):
    """Settings of one playbook."""

    model_config = ConfigDict(extra="forbid")

    currency: CurrencyCode = "EUR"
    channels: list[str] = Field(default_factory=lambda: list(DEFAULT_CHANNELS))
    retro_overdue_days: int = Field(default=21, ge=0)
    repo_url: WebUrl | None = None
    edit_branch: BranchName = "main"
    language: LanguageCode = "en"
    audience: Literal["internal", "public"] = "internal"
    #: A link to a campaign's CRM record, with ``{id}`` where its ``crm_id`` goes (``crm_link``).
    crm_url: CrmUrl | None = None
    #: Below this many campaigns with an outcome, a success rate reads "too few campaigns to judge".
    min_sample: int = Field(default=3, ge=1)


class _Extra(BaseModel):
    model_config = ConfigDict(extra="allow")

    masa: PlaybookConfig = Field(default_factory=PlaybookConfig)


class _MkDocsSettings(BaseModel):
    """The parts of ``mkdocs.yml`` the playbook reads; everything else is MkDocs' business."""

    model_config = ConfigDict(extra="allow")

    repo_url: WebUrl | None = None
    site_url: WebUrl | None = None
    #: MkDocs makes the edit links of hand-written pages from it.
    edit_uri: UrlPath | None = None
    extra: _Extra = Field(default_factory=_Extra)


class _TolerantLoader(_SafeLoader):
    """Reads mkdocs.yml, ignoring tags such as ``!!python/name:`` and ``!ENV``."""


def _ignore_tag(loader: _SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


def _timestamp_or_text(loader: _SafeLoader, node: yaml.Node) -> Any:
    # A date that does not exist (2026-02-30) is MkDocs' business, not a reason
    # to lose every setting: it stays text.
    try:
        return _SafeLoader.construct_yaml_timestamp(loader, node)  # type: ignore[arg-type]
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)  # type: ignore[arg-type]


_TolerantLoader.add_multi_constructor("", _ignore_tag)
_TolerantLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


@dataclasses.dataclass
class _SettingsFile:
    source: Source
    data: dict[str, Any]
    findings: list[Finding]


def _read_bounded(path: Path) -> bytes:
    """At most ``MAX_FILE_BYTES + 1`` bytes of the regular file at ``path``.

    ``mkdocs.yml`` is trusted, so a link to it is followed; but a pipe or a
    device (``/dev/zero``) must neither hang nor fill the memory.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(errno.EINVAL, "it is not a regular file")
        return handle.read(MAX_FILE_BYTES + 1)


def _read_settings_file(path: Path, name: str) -> _SettingsFile:
    """Read and parse the settings file at ``path``; problems are findings in ``name``."""
    source = Source(path=name, yaml_offset=0)

    def problem(line: int, message: str) -> _SettingsFile:
        return _SettingsFile(source, {}, [Finding(name, line, "error", "-", message, SETTINGS_RULE)])

    try:
        raw = _read_bounded(path)
    except OSError as exc:
        return problem(
            1, f"{name} cannot be read ({exc.strerror or exc}); the playbook uses no settings from it"
        )
    if len(raw) > MAX_FILE_BYTES:
        return problem(1, f"{name} is larger than {MAX_FILE_BYTES:,} bytes; it cannot be a settings file")
    text, bad = decode(raw)
    if text is None:
        assert bad is not None
        return problem(bad.line, bad.message)
    source.text = source.yaml_text = text
    try:
        data = yaml.load(text, Loader=_TolerantLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # Lines as editors count them: PyYAML also breaks lines at U+0085, U+2028
        # and U+2029, and puts an error at the end on the line after the last.
        last = text.count("\n") + (0 if not text or text.endswith("\n") else 1)
        line = max(1, min(text.count("\n", 0, mark.index) + 1 if mark else 1, last))
        lines = text.split("\n")
        return problem(line, _explain_yaml(exc, lines[line - 1], name))
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as exc:
        return problem(1, f"{name} is not valid YAML: {exc}")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return problem(1, f"{name} must hold settings as 'name: value' lines")
    return _SettingsFile(source, data, [])


def _explain_yaml(exc: yaml.MarkedYAMLError, line_text: str, name: str) -> str:
    detail = (exc.problem or str(exc)).strip()
    if "\t" in line_text[: len(line_text) - len(line_text.lstrip())] or "'\\t'" in detail:
        return f"{name} is not valid YAML: a tab character is used for indentation; YAML allows only spaces"
    return f"{name} is not valid YAML: {detail}; the playbook uses none of its settings"


def read_mkdocs_yml(root: Path) -> dict[str, Any]:
    """The parsed ``mkdocs.yml`` of ``root``, or ``{}`` when there is none or it cannot be read.

    ``load_config`` reports why it cannot be read.
    """
    path = root / MKDOCS_YML
    if not path.is_file():
        return {}
    return _read_settings_file(path, MKDOCS_YML).data


def _settings_file(root: Path, mkdocs_config: Mapping[str, Any] | None) -> _SettingsFile:
    """The settings, their text (for lines) and the findings of reading them."""
    if mkdocs_config is None:
        path = root / MKDOCS_YML
        if not path.exists():
            return _SettingsFile(Source(path=MKDOCS_YML, yaml_offset=0), {}, [])
        return _read_settings_file(path, MKDOCS_YML)
    # The site build: MkDocs has read the file already; its text gives the lines.
    config_path = mkdocs_config.get("config_file_path")
    path = Path(config_path) if isinstance(config_path, str) and config_path else root / MKDOCS_YML
    try:
        name = path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        name = path.name
    settings_file = _read_settings_file(path, name) if path.is_file() else None
    source = settings_file.source if settings_file else Source(path=name, yaml_offset=0)
    return _SettingsFile(source, dict(mkdocs_config), [])


def _language(theme: Any) -> str | None:
    """``theme.language``, from a mapping (``mkdocs.yml``) or MkDocs' ``Theme`` object."""
    getter = getattr(theme, "get", None)
    value = getter("language") if callable(getter) else None
    return value if isinstance(value, str) and _language_problem(value) is None else None


def _as_dict(value: Any) -> Any:
    """A mapping as a plain dict (MkDocs hands over its own mapping types); anything else as it is."""
    return dict(value) if isinstance(value, Mapping) else value


def load_config(
    root: Path, mkdocs_config: Mapping[str, Any] | None = None
) -> tuple[PlaybookConfig, list[Finding]]:
    """Settings for ``root`` and the findings about them (empty when all is well).

    ``mkdocs_config`` is the already-loaded MkDocs configuration when the site
    builds; the CLI reads ``mkdocs.yml`` itself. ``MASA_AUDIENCE`` overrides the
    audience. Valid settings are kept when others are not; with any finding
    the audience is ``public``.
    """
    settings_file = _settings_file(root, mkdocs_config)
    source, data, findings = settings_file.source, settings_file.data, list(settings_file.findings)
    extra = data.get("extra")
    extra = {} if extra is None else _as_dict(extra)
    masa = extra.get("masa") if isinstance(extra, dict) else None
    masa = {} if masa is None else _as_dict(masa)
    settings: dict[str, Any] = {}
    if isinstance(masa, dict):
        language = _language(data.get("theme"))
        settings = {**({"language": language} if language else {}), **masa}
    checked: dict[str, Any] = {"extra": {**extra, "masa": masa} if isinstance(extra, dict) else extra}
    for key in ("repo_url", "site_url", "edit_uri"):
        if data.get(key) not in (None, ""):
            checked[key] = data[key]
    source.data = checked
    _, problems = validate(source, _MkDocsSettings, "settings section (extra.masa)")
    findings += [dataclasses.replace(f, rule=SETTINGS_RULE) for f in problems]
    # Keep what is valid: drop each setting with a problem, so it takes its default.
    wrong = {f.field.split(".")[2].split("[")[0] for f in problems if f.field.startswith("extra.masa.")}
    config = _valid_config({k: v for k, v in settings.items() if k not in wrong})
    audience = os.environ.get("MASA_AUDIENCE")
    if audience:
        if audience in ("internal", "public"):
            config = config.model_copy(update={"audience": audience})
        else:
            line = source.locate(("extra", "masa", "audience"))
            message = (
                f"the environment variable MASA_AUDIENCE must be 'internal' or 'public', not "
                f"'{audience}'; the public view is used"
            )
            findings.append(Finding(source.path, line, "error", "MASA_AUDIENCE", message, SETTINGS_RULE))
    if findings:
        config = config.model_copy(update={"audience": "public"})  # fail closed: never leak on a typo
    return config, findings + _editor_findings(source, extra)


def _editor_findings(source: Source, extra: Any) -> list[Finding]:
    """Warnings about ``extra.masa_editor``: the web editor leaves out each setting named (``editor_settings``)."""
    editor = extra.get("masa_editor") if isinstance(extra, dict) else None
    if editor is None:
        return []
    where = ("extra", "masa_editor")
    if not isinstance(editor, Mapping):
        message = "the web editor's settings must be a mapping such as 'backend: github'; they are left out"
        return [
            Finding(source.path, source.locate(where), "warning", "extra.masa_editor", message, SETTINGS_RULE)
        ]
    _, problems = editor_settings(_as_dict(editor))
    return [
        Finding(
            source.path,
            source.locate((*where, key)),
            "warning",
            f"extra.masa_editor.{key}",
            f"{what}; the web editor leaves this setting out",
            SETTINGS_RULE,
        )
        for key, what in problems
    ]


def editor_settings(extra: Mapping[str, Any] | None) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The login settings of ``extra.masa_editor`` and the problems found in them.

    Only ``AUTH_SETTINGS`` are read: ``backend`` (github or gitlab),
    ``base_url`` and ``auth_endpoint`` (an OAuth proxy for GitHub),
    ``api_root`` (GitHub Enterprise, a GitLab of your own), ``app_id`` and
    ``auth_type`` (``pkce`` for GitLab). A value that is not plain is left
    out, with a problem (the setting's name, what is wrong); ``masa check``
    reports each at its line in ``mkdocs.yml`` (``load_config``).
    """
    settings: dict[str, str] = {}
    problems: list[tuple[str, str]] = []
    for key, value in (extra or {}).items():
        if key not in AUTH_SETTINGS:
            problems.append((key, f"unknown setting; known: {', '.join(AUTH_SETTINGS)}"))
        elif not isinstance(value, str):
            problems.append((key, "must be text"))
        elif key in ("base_url", "api_root"):
            problem = web_url_problem(value)
            if problem:
                problems.append((key, problem))
            else:
                settings[key] = value.rstrip("/")
        elif key == "backend" and value not in ("github", "gitlab"):
            problems.append(("backend", "must be github or gitlab"))
        elif not _SAFE_VALUE.match(value):
            problems.append((key, "may hold only letters, digits and . _ ~ / -"))
        else:
            settings[key] = value
    return settings, problems


def _valid_config(settings: dict[str, Any]) -> PlaybookConfig:
    try:
        return PlaybookConfig.model_validate(settings)
    except ValidationError:  # a problem the wrapper did not place: keep the defaults
        return PlaybookConfig()
