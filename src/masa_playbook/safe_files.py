"""Read and write the files of a playbook repository, and nothing else.

Authored content is untrusted, and so are the kinds of its files: a plan can
be a symbolic link to ``/dev/zero`` (endless) or to a file of the machine that
builds the site, a named pipe that blocks every reader, a device, or a folder
called ``plan.md``. So:

- only regular files and real folders are read: a symbolic link is never
  followed, not even one that stays inside the repository (``file-kind``), and
  one that leads outside is reported as such (``outside-repository``);
- a file is opened without following a link and without waiting (a pipe
  cannot block), its kind is checked on the opened descriptor, and at most the
  size limit plus one byte is read, whatever its size claims;
- ``create_new`` and ``overwrite`` write only below real folders of the
  repository, never through a link, and ``create_new`` never over anything.

Problems are returned as ``FileProblem`` values (or ``UnsafeTarget`` for
writes), never printed.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from typing import Literal

FILE_KIND = "file-kind"
OUTSIDE_REPOSITORY = "outside-repository"

# Not every platform has these flags; where one is missing the checks on the
# entry (``lstat``) and on the opened descriptor (``fstat``) still hold.
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)
READ_FLAGS = os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC | _BINARY
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | _BINARY
_REWRITE_FLAGS = os.O_WRONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC | _BINARY

Wanted = Literal["file", "folder"]


@dataclass(frozen=True)
class FileProblem:
    """Why a path of the repository is not read: a plain-language message and a rule name."""

    message: str
    rule: str


def kind_of(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words ("a named pipe (FIFO)")."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def is_inside(root: str, path: str) -> bool:
    """True when ``path``, with every link resolved, is ``root`` or below it (also resolved)."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def link_problem(root: str, rel: str, what: str = "file") -> FileProblem:
    """The finding for a symbolic link at ``rel``: it is not followed, wherever it leads.

    Links are refused even inside the repository: a link can lead to files
    that are not content (``.git/config``, an ignored ``.env``), would show
    one plan under two slugs, and is checked out as a plain text file on
    Windows, so a playbook that uses links reads differently on each machine.
    """
    full = os.path.join(root, rel)
    instead = f"Put the real {what} here instead of a link"
    if not is_inside(root, full):
        return FileProblem(
            f"this {what} is a symbolic link that leads outside the repository; it is not read "
            f"and nothing in it is published. {instead}",
            OUTSIDE_REPOSITORY,
        )
    target = os.path.relpath(os.path.realpath(full), os.path.realpath(root)).replace(os.sep, "/")
    if not os.path.lexists(os.path.realpath(full)):
        where = f"to {target}, which does not exist"
    else:
        where = f"to {target}"
    return FileProblem(
        f"this {what} is a symbolic link ({where}); links are not followed, not even inside "
        f"the repository. {instead}",
        FILE_KIND,
    )


def kind_problem(
    root: str, rel: str, mode: int, wanted: Wanted = "file", what: str = ""
) -> FileProblem | None:
    """Why the entry at ``rel`` with ``st_mode`` ``mode`` (from ``lstat``) is not read, or ``None``.

    ``what`` names the entry in the message ("campaign folder"); the default
    is ``wanted``.
    """
    if stat.S_ISLNK(mode):
        return link_problem(root, rel, what or wanted)
    if (stat.S_ISREG(mode) and wanted == "file") or (stat.S_ISDIR(mode) and wanted == "folder"):
        return None
    name = rel.rsplit("/", 1)[-1]
    why = "only regular files are read as content" if wanted == "file" else "nothing is read from it"
    return FileProblem(
        f"{name} is {kind_of(mode)}, not a {wanted}; {why}. Replace it with a {what or wanted}",
        FILE_KIND,
    )


def too_large(limit: int, size: int | None) -> FileProblem:
    """The finding for a file over ``limit`` bytes (``size`` ``None``: known only to be larger)."""
    amount = f"{size:,} bytes" if size is not None else f"more than {limit:,} bytes"
    return FileProblem(
        f"the file is {amount}; content files may be at most {limit:,} bytes. "
        "Move large material elsewhere and link to it",
        "file-too-large",
    )


def read_regular(root: str, rel: str, limit: int) -> tuple[bytes, os.stat_result] | FileProblem:
    """The bytes of the regular file at ``rel`` and its ``fstat``, or why it is not read.

    At most ``limit + 1`` bytes are read: a file that says it is small but
    keeps giving bytes (it grew, or it is not what it says) stops there.
    ``OSError`` other than a link or a kind that cannot be opened is raised.
    """
    full = os.path.join(root, rel)
    try:
        fd = os.open(full, READ_FLAGS)
    except OSError as exc:
        try:
            mode = os.lstat(full).st_mode
        except OSError:
            raise exc from None
        problem = kind_problem(root, rel, mode)
        if problem is None:
            raise
        return problem
    try:
        info = os.fstat(fd)
        problem = kind_problem(root, rel, info.st_mode)
        if problem is not None:
            return problem
        if info.st_size > limit:
            return too_large(limit, info.st_size)
        chunks: list[bytes] = []
        left = limit + 1
        # The size is a hint: the first read usually takes the whole file, the next finds its end.
        want = min(left, info.st_size + 1)
        while left > 0:
            chunk = os.read(fd, want)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
            want = min(left, 1 << 16)
        data = b"".join(chunks)
        if len(data) > limit:
            return too_large(limit, None)
        return data, info
    finally:
        os.close(fd)


def is_real(root: str, rel: str) -> bool:
    """True when ``rel`` is a regular file or a folder of the repository, reached through folders only.

    What exists for the loader: a link (even to a file inside the
    repository), a link on the way, a pipe or a device does not, since none
    of them is ever read or published. ``"."`` is the repository itself.
    """
    if rel == ".":
        return True
    try:
        if _check_parents(root, _parts(rel)):
            return False  # a folder on the way is missing
        mode = os.lstat(os.path.join(root, rel)).st_mode
    except (UnsafeTarget, OSError):
        return False
    return stat.S_ISREG(mode) or stat.S_ISDIR(mode)


# --------------------------------------------------------------------- writing


class UnsafeTarget(Exception):
    """A path ``masa new`` must not write: through a link, outside the repository, or over a non-folder."""


def _link_refused(root: str, rel: str) -> str:
    """Why nothing is written at the link ``rel``, saying whether it leads out of the repository."""
    inside = is_inside(root, os.path.join(root, rel))
    where = "elsewhere in the repository" if inside else "outside the repository"
    return f"{rel} is a symbolic link (it leads {where}); nothing is written through a link"


def _check_parents(root: str, parts: list[str]) -> list[str]:
    """The folders of ``parts`` (all but the last) that do not exist yet; raises for a link or a non-folder."""
    missing: list[str] = []
    for depth in range(1, len(parts)):
        rel = "/".join(parts[:depth])
        try:
            mode = os.lstat(os.path.join(root, rel)).st_mode
        except FileNotFoundError:
            missing = ["/".join(parts[:d]) for d in range(depth, len(parts))]
            break
        if stat.S_ISLNK(mode):
            raise UnsafeTarget(_link_refused(root, rel))
        if not stat.S_ISDIR(mode):
            raise UnsafeTarget(f"{rel} is {kind_of(mode)}, not a folder")
    return missing


def unsafe_target(root: str, rel: str) -> str | None:
    """Why ``masa new`` must not write ``rel`` below ``root``, or ``None`` when it may.

    A folder on the way that is a link or not a folder, or a link at ``rel``
    itself (even a broken one), is a reason. Whether a file is already there
    is not: the caller says so in its own words.
    """
    try:
        parts = _parts(rel)
        _check_parents(root, parts)
    except UnsafeTarget as exc:
        return str(exc)
    full = os.path.join(root, rel)
    if os.path.islink(full):
        return _link_refused(root, rel)
    return None


def _parts(rel: str) -> list[str]:
    parts = rel.split("/")
    if any(p in ("", ".", "..") for p in parts):
        raise UnsafeTarget(f"{rel} is not a path inside the repository")
    return parts


def create_new(root: str, rel: str, data: bytes) -> None:
    """Write a new file at ``rel`` below ``root``, making its folders.

    Raises ``FileExistsError`` when anything (a file, a folder, a link, even
    a broken one) is already there, and ``UnsafeTarget`` when a folder on the
    way is a link or not a folder: nothing is ever written outside the
    repository or through a link.
    """
    parts = _parts(rel)
    for folder in _check_parents(root, parts):
        os.mkdir(os.path.join(root, folder))  # fails on anything that appeared meanwhile
    fd = os.open(os.path.join(root, rel), _CREATE_FLAGS, 0o666)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def overwrite(root: str, rel: str, data: bytes) -> None:
    """Replace the content of the existing regular file at ``rel``; never through a link.

    Raises ``UnsafeTarget`` when the file or a folder on the way is a link
    or not what it should be.
    """
    parts = _parts(rel)
    if _check_parents(root, parts):
        raise FileNotFoundError(rel)
    full = os.path.join(root, rel)
    mode = os.lstat(full).st_mode  # a device or a pipe is not even opened
    if not stat.S_ISREG(mode):
        raise UnsafeTarget(f"{rel} is {kind_of(mode)}; nothing is written to it")
    fd = os.open(full, _REWRITE_FLAGS)
    with os.fdopen(fd, "wb") as handle:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise UnsafeTarget(f"{rel} is {kind_of(mode)}; nothing is written to it")
        handle.truncate(0)
        handle.write(data)
