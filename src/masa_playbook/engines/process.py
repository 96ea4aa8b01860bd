"""Running a site engine outside MkDocs: its messages passed on, its tracebacks not.

ProperDocs runs in a process of its own (it takes over every ``mkdocs``
import of the process it runs in): what it prints reaches the user line by
line, except a Python traceback, whose exception is kept as the reason the
build failed, which the command prints as one line. Zensical runs in this
process (``engines.zensical.run``); ``output_to`` catches what its native
code prints.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

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
            line = strip_colour(raw.rstrip("\n"))
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


def strip_colour(line: str) -> str:
    """``line`` without terminal colour codes."""
    return _ANSI.sub("", line)


@contextlib.contextmanager
def output_to(file: BinaryIO) -> Iterator[None]:
    """The process's standard output and error (Python's and native code's) go to ``file`` while inside."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = (os.dup(1), os.dup(2))
    try:
        os.dup2(file.fileno(), 1)
        os.dup2(file.fileno(), 2)
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        for fd, copy in zip((1, 2), saved, strict=True):
            os.dup2(copy, fd)
            os.close(copy)


@contextlib.contextmanager
def environment_variable(name: str, value: str | None) -> Iterator[None]:
    """The environment variable ``name`` set to ``value`` while inside (untouched if ``None``), then as before."""
    if value is None:
        yield
        return
    before = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before
