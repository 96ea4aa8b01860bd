"""Running a site engine in a child process: its messages passed on, its tracebacks not.

Zensical and ProperDocs run in a process of their own (ProperDocs takes over
every ``mkdocs`` import of the process it runs in; Zensical keeps its
configuration in module globals). What they print reaches the user line by
line, except a Python traceback: the exception it ends with is kept as the
reason the build failed, which the command prints as one line.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

#: ``campaigns/x/plan.md:7: error: ...``: a finding, as ``masa check`` prints it.
FINDING = re.compile(r"^[^\s:][^:]*:\d+: (?:error|warning): ")
# Colour codes: Zensical writes them whatever ``NO_COLOR`` says.
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# ``WARNING -  message``: MkDocs' (and ProperDocs') log format.
_MKDOCS_LOG = re.compile(r"^(?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL) *-  (?P<message>.*)$")
# The last line of a traceback: ``RuntimeError: Aborted because --strict flag is set``.
_EXCEPTION = re.compile(r"^(?:[A-Za-z_][\w.]*(?:Error|Exception|Abort)|click\.\w+): (?P<message>.*)$")


@dataclass
class EngineRun:
    """How an engine's process ended: its exit status and, if it failed, why (one line)."""

    status: int
    reason: str | None = None
    warnings: int = 0


def run_engine(
    command: Sequence[str],
    *,
    env: Mapping[str, str],
    cwd: Path,
    echo: Callable[[str], None],
) -> EngineRun:
    """Run ``command``; hand each line it prints to ``echo`` (tracebacks and MkDocs' info lines left out)."""
    process = subprocess.Popen(
        list(command),
        cwd=cwd,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    assert process.stdout is not None
    run = EngineRun(0)
    errors: list[str] = []
    in_traceback = False
    in_info = False
    aborted: str | None = None
    with process:
        for raw in process.stdout:
            line = _ANSI.sub("", raw.rstrip("\n"))
            if in_traceback:
                if line.startswith((" ", "\t")) or not line:
                    continue
                in_traceback = False
                match = _EXCEPTION.match(line)
                errors.append(match.group("message") if match else line)
                continue
            if line.startswith("Traceback (most recent call last):"):
                in_traceback = True
                continue
            if line.startswith("Error: "):  # click's one-line usage and configuration errors
                errors.append(line.removeprefix("Error: "))
                continue
            logged = _MKDOCS_LOG.match(line)
            if logged:
                level, message = logged.group("level", "message")
                in_info = level in ("DEBUG", "INFO")
                if in_info:
                    continue
                if level == "WARNING":
                    run.warnings += 1
                if FINDING.match(message):
                    echo(message)
                elif level in ("ERROR", "CRITICAL"):
                    errors.append(message)
                else:
                    echo(f"{level.lower()}: {message}")
                continue
            if in_info and line and not line.startswith("Aborted"):
                continue  # the rest of a message logged at level INFO
            in_info = False
            if line.startswith(("Aborted with", "Aborted because")):
                aborted = line
                continue
            echo(line)
    run.status = process.returncode
    if run.status != 0:
        # The engine's own last error says more than its "Aborted with a BuildError!".
        run.reason = errors[-1] if errors else aborted or f"the engine exited with status {run.status}"
        for message in errors[:-1]:
            echo(f"error: {message}")
    else:
        for message in errors:
            echo(f"error: {message}")
    return run


def child_environment(**overrides: str) -> dict[str, str]:
    """This process's environment with ``overrides``; no colour codes (the output goes through a pipe)."""
    env = dict(os.environ)
    env.update(overrides)
    env.setdefault("NO_COLOR", "1")
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    env.setdefault("PYTHONIOENCODING", "utf-8")
    return env
