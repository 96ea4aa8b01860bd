"""The ``masa`` command line: ``main(args) -> exit status``.

Each subcommand lives in ``masa_playbook.commands.<name>`` and exposes
``register(subparsers)``; the handler it sets returns the exit status.
Exit status: 0 fine (warnings allowed), 1 findings or failures, 2 usage error,
also a path that cannot be read or written (one line on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Sequence

from masa_playbook import __version__
from masa_playbook.commands import COMMANDS
from masa_playbook.findings import printable


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = _Parser(
        prog="masa",
        description="MaSa Playbook: check, scaffold and analyse campaign plans and retros.",
    )
    parser.add_argument("--version", action="version", version=f"masa {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(args: Sequence[str] | None = None) -> int:
    """Run ``masa`` with ``args`` (default: ``sys.argv[1:]``) and return the exit status."""
    parser = build_parser()
    try:
        ns = parser.parse_args(args)
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 2
    if not getattr(ns, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(ns.func(ns))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        # A path the user named cannot be read or written (missing, a file
        # where a folder is needed, no permission, a read-only file system):
        # one line that says which path and why, never a traceback.
        print(printable(f"masa {ns.command}: error: {os_problem(exc)}"), file=sys.stderr)
        return 2


def os_problem(exc: OSError) -> str:
    """``PATH: the system's reason`` for an ``OSError`` (both paths for a rename or link)."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    paths = [str(p) for p in (exc.filename, exc.filename2) if p is not None]
    if not paths:
        return reason
    if exc.errno == errno.EISDIR:
        reason += " (a file name is needed here)"
    elif exc.errno == errno.ENOTDIR:
        reason += " (a part of the path is a file, not a folder)"
    return f"{' -> '.join(paths)}: {reason}"


#: Commands whose process ends as soon as its output is written, without
#: freeing every object one by one first (mypy ends the same way): at 3,000
#: campaigns that took about a sixth of ``masa check``, which runs in
#: editors, hooks and CI on every save and push, and a few tenths of a
#: second of ``masa build``. Both close what they open before they return.
QUICK_EXIT = frozenset({"check", "build"})


def run() -> None:
    """Console-script entry point."""
    status = main()
    if sys.argv[1:2] and sys.argv[1] in QUICK_EXIT:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BrokenPipeError:
            pass
        os._exit(status)
    sys.exit(status)
