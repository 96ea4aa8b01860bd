"""Which files beside a plan or retro are published as attachments.

A campaign folder may hold images and documents that its plan or retro links
to. Every such file is untrusted: a site serves it from its own origin, so a
file a browser runs (HTML, SVG, JavaScript) could act with the reader's
session. Only an allow-list of passive types is ever published; everything
else (editor backups, swap files, unknown types, active content) stays out of
every build and is a finding of ``masa check``.

``campaign_folder_files`` is the one verdict on every file of a campaign
folder: the build publishes the files it lets through and the
``attachment-*`` and ``editor-backup`` rules report the others, so check
and build cannot disagree. A file is published when

- its name is not hidden, not an editor backup and has an allowed suffix;
- its name (and every folder on its path) uses only ``A-Z a-z 0-9 . _ -``,
  so its web address is what the author wrote on every system;
- it is a regular file (no symbolic link, device, pipe or socket) of at most
  ``MAX_ATTACHMENT_BYTES``;
- its first bytes are the signature of its type (a ``.png`` holding HTML is
  not a PNG image). Only those few bytes are read.
"""

from __future__ import annotations

import codecs
import os
import posixpath
import stat
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

#: Published attachment types by lowercase suffix, with what they are.
#: Raster images, PDF, CSV and the macro-free office formats (Office Open XML
#: and OpenDocument). SVG is refused: it is a document that can hold scripts.
PUBLISHED_TYPES: dict[str, str] = {
    ".png": "PNG image",
    ".jpg": "JPEG image",
    ".jpeg": "JPEG image",
    ".gif": "GIF image",
    ".webp": "WebP image",
    ".avif": "AVIF image",
    ".pdf": "PDF document",
    ".csv": "CSV table",
    ".docx": "Word document",
    ".xlsx": "Excel workbook",
    ".pptx": "PowerPoint presentation",
    ".odt": "OpenDocument text",
    ".ods": "OpenDocument spreadsheet",
    ".odp": "OpenDocument presentation",
}

#: The largest attachment that is published: 20 MB.
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

#: Rule names of the findings about campaign folder files (see ``rules.attachments``).
EDITOR_BACKUP = "editor-backup"
ATTACHMENT_TYPE = "attachment-type"
ATTACHMENT_FILE = "attachment-file"

#: Names the loader already ignores (or reads) everywhere: never published, never reported.
SILENT_NAMES = frozenset({"readme.md", ".gitkeep", ".ds_store"})

#: Types a browser runs or renders as a document: scripts would act on the site's origin.
_ACTIVE_TYPES = frozenset(
    {".svg", ".svgz", ".html", ".htm", ".xhtml", ".shtml", ".xht", ".xml", ".xsl", ".xslt"}
    | {".js", ".mjs", ".cjs", ".css", ".swf", ".wasm", ".php", ".jsp", ".asp", ".aspx", ".hta"}
)
#: Suffixes of editor backups, merge leftovers, swap and temporary files.
_BACKUP_SUFFIXES = (".orig", ".bak", ".rej", ".swp", ".swo", ".swn", ".swx", ".tmp", ".old", ".backup")
_URL_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")
_CSV_PREFIX_BYTES = 4096
_SIGNATURE_BYTES = 64
_ZIP = (b"PK\x03\x04",)
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".pdf": (b"%PDF-",),
    **{suffix: _ZIP for suffix in (".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp")},
}
_AVIF_BRANDS = (b"avif", b"avis")


@dataclass(frozen=True)
class Refusal:
    """Why a file of a campaign folder is not published: the rule and a plain-language message."""

    rule: str
    message: str


@dataclass(frozen=True)
class FolderFile:
    """A file (or skipped folder) of a campaign folder and the verdict on it."""

    #: Path inside the campaign folder, with ``/`` (``chart.png``, ``images/chart.png``).
    rel: str
    path: Path
    #: ``None`` when the file is published.
    refusal: Refusal | None

    @property
    def published(self) -> bool:
        """True when the file is published as an attachment."""
        return self.refusal is None


def publishable_name(name: str) -> bool:
    """True when a file called ``name`` (no folder) is of a type that may be published.

    Hidden files (``.name``), editor backups and names with characters that
    do not work in a web address never are. This looks at the name only;
    ``campaign_folder_files`` also checks what the file holds.
    """
    if not name or name.startswith(".") or is_editor_backup(name) or not url_safe(name):
        return False
    return posixpath.splitext(name)[1].lower() in PUBLISHED_TYPES


def publishable_path(rel: str) -> bool:
    """True when ``rel`` (``images/chart.png``, inside a campaign folder) may be published, by name.

    Every folder on the way must be a visible name that works in a web address.
    """
    *folders, name = rel.split("/")
    return all(_visible_folder(f) for f in folders) and publishable_name(name)


def url_safe(name: str) -> bool:
    """True when ``name`` uses only ASCII letters, digits, ``.``, ``_`` and ``-``.

    Anything else is escaped differently by editors, hosts and browsers
    (spaces, ``#``, ``?``, ``%``, backslashes), can be normalised differently
    by macOS and Linux (accented letters), or forges log lines (control
    characters): the link in the text would then miss the file.
    """
    return bool(name) and all(char in _URL_SAFE for char in name)


def is_editor_backup(name: str) -> bool:
    """True for editor backups, merge leftovers, swap, lock and temporary files.

    ``plan.md~``, ``plan.md.orig``, ``.plan.md.swp``, ``#plan.md#``,
    ``.#plan.md``, ``~$deck.pptx``, ``.~lock.deck.odp#``, ``x.bak``, ``x.tmp``...
    """
    lower = name.lower()
    return (
        lower.endswith("~")
        or lower.endswith(_BACKUP_SUFFIXES)
        or (len(name) > 1 and name.startswith("#") and name.endswith("#"))
        or lower.startswith((".#", "~$", ".~lock."))
    )


def suggested_name(name: str) -> str:
    """A web-safe spelling of ``name``: accents dropped, other characters as ``-``."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = "".join(char if char in _URL_SAFE else "-" for char in plain)
    while "--" in text:
        text = text.replace("--", "-")
    return text.strip("-") or "attachment"


def campaign_folder_files(folder: Path) -> Iterator[FolderFile]:
    """Every file of the campaign folder ``folder`` but its content, with the verdict on each.

    Content is what the loader reads or reports itself: ``*.md`` files at the
    top of the folder (``plan.md``, ``retro.md``, and other Markdown it warns
    about), and the names it ignores (``README.md``, ``.gitkeep``,
    ``.DS_Store``). Sub-folders are walked too, so ``images/chart.png`` is
    published. A hidden folder, or one whose name does not work in a web
    address, is not entered and is refused once, at its first file; a
    symbolic link to a folder is refused as itself. Sorted, so builds are
    reproducible. Never follows a symbolic link.
    """

    def enter(prefix: str, entry: os.DirEntry[str]) -> bool:
        return not _is_content(prefix, entry.name) and _folder_refusal(entry.name) is None

    for prefix, entry in _walk(folder, enter):
        name = entry.name
        rel = prefix + name
        path = Path(entry.path)
        if _is_content(prefix, name):
            continue
        if entry.is_dir(follow_symlinks=False):  # a folder not entered: hidden, or a bad name
            # Reported at a file, which editors and CI can show; an empty folder publishes nothing anyway.
            inside = _first_file(path)
            if inside is not None:
                yield FolderFile(f"{rel}/{inside}", path / inside, _folder_refusal(name))
            continue
        if entry.is_symlink() and entry.is_dir():
            yield FolderFile(rel, path, _LINKED_FOLDER)
            continue
        yield FolderFile(rel, path, _file_refusal(path, name, entry.is_symlink()))


def _is_content(prefix: str, name: str) -> bool:
    """True for what the loader reads or ignores itself: Markdown at the top, README.md, .gitkeep..."""
    return name.lower() in SILENT_NAMES or (not prefix and name.endswith(".md"))


def _walk(
    folder: Path, enter: Callable[[str, os.DirEntry[str]], bool]
) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """The entries below ``folder`` with the path of their folder inside it (``""`` or ``"sub/"``).

    In name order, a folder's entries before those of its sub-folders
    (depth first). A real sub-folder is walked into, instead of given, when
    ``enter(prefix, entry)`` says so; a link is never followed. A folder that
    cannot be read gives nothing (the loader reports a campaign folder it
    cannot read).
    """
    pending: list[tuple[Path, str]] = [(folder, "")]
    while pending:
        current, prefix = pending.pop()
        try:
            with os.scandir(current) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:
            continue
        subfolders: list[tuple[Path, str]] = []
        for entry in entries:
            if entry.is_dir(follow_symlinks=False) and enter(prefix, entry):
                subfolders.append((Path(entry.path), f"{prefix}{entry.name}/"))
            else:
                yield prefix, entry
        pending.extend(reversed(subfolders))


_LINKED_FOLDER = Refusal(
    ATTACHMENT_FILE,
    "this folder is a symbolic link, and nothing in it is published (a link could lead anywhere on "
    "the machine that builds the site); put the files themselves here",
)


def _visible_folder(name: str) -> bool:
    return not name.startswith(".") and url_safe(name)


def _folder_refusal(name: str) -> Refusal | None:
    if name.startswith("."):
        return Refusal(
            ATTACHMENT_TYPE,
            f"this file is in the hidden folder '{name}': hidden folders are never published, "
            "nor anything in them",
        )
    if not url_safe(name):
        return Refusal(
            ATTACHMENT_FILE,
            f"nothing in the folder '{name}' is published: its name has characters that do not work "
            f"in a web address; rename it to '{suggested_name(name)}' (letters, digits, '.', '_' and "
            "'-' only)",
        )
    return None


def _first_file(folder: Path) -> str | None:
    """The path (inside ``folder``) of its first file by name, folders walked depth first, or ``None``."""
    return next((prefix + entry.name for prefix, entry in _walk(folder, lambda _p, _e: True)), None)


def _file_refusal(path: Path, name: str, is_link: bool) -> Refusal | None:
    """Why the file ``name`` at ``path`` is not published, or ``None``: by name first, then by its bytes."""
    refusal = name_refusal(name)
    if refusal is not None:
        return refusal
    suffix = posixpath.splitext(name)[1].lower()
    kind = PUBLISHED_TYPES[suffix]
    if is_link:
        return Refusal(
            ATTACHMENT_FILE,
            "symbolic links are not published (one could point at any file of the machine that "
            "builds the site); put the file itself here",
        )
    try:
        info = os.lstat(path)
    except OSError as error:
        return Refusal(ATTACHMENT_FILE, f"the file cannot be read: {error.strerror or error}")
    if not stat.S_ISREG(info.st_mode):
        return Refusal(
            ATTACHMENT_FILE,
            "only regular files are published; this is a device, pipe or socket",
        )
    if info.st_size > MAX_ATTACHMENT_BYTES:
        return Refusal(
            ATTACHMENT_FILE,
            f"the file is {info.st_size:,} bytes; attachments are at most "
            f"{MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB. Make it smaller, or link to where it is kept",
        )
    try:
        head = _read_head(path, _CSV_PREFIX_BYTES if suffix == ".csv" else _SIGNATURE_BYTES)
    except OSError as error:
        return Refusal(ATTACHMENT_FILE, f"the file cannot be read: {error.strerror or error}")
    if head is None:
        return Refusal(ATTACHMENT_FILE, "only regular files are published")
    problem = _content_problem(suffix, head)
    if problem is None:
        return None
    return Refusal(
        ATTACHMENT_FILE,
        f"the name says {kind} ({suffix}), but the file does not hold one ({problem}); it is not "
        "published. Save or export it again in that format, or name it for what it is",
    )


def name_refusal(name: str) -> Refusal | None:
    """Why a file called ``name`` is not published, judged by its name alone, or ``None``."""
    suffix = posixpath.splitext(name)[1].lower()
    if is_editor_backup(name):
        return Refusal(
            EDITOR_BACKUP,
            "this looks like an editor backup, swap or temporary file and may hold an old copy of "
            "the plan or retro, with fields that must not be published; it is never published. "
            "Delete it",
        )
    if name.startswith("."):
        return Refusal(ATTACHMENT_TYPE, "hidden files are never published; delete it or keep it elsewhere")
    if suffix in (".svg", ".svgz"):
        return Refusal(
            ATTACHMENT_TYPE,
            "SVG images are not published: an SVG file can hold scripts that would run on the site, "
            "and they are refused rather than cleaned. Export the image as PNG (or the document "
            "as PDF) and link to that",
        )
    if suffix in _ACTIVE_TYPES:
        return Refusal(
            ATTACHMENT_TYPE,
            f"'{suffix}' files are not published: a browser would run them as part of the site. "
            f"Published are only {allowed_types()}",
        )
    if suffix == ".md":
        return Refusal(
            ATTACHMENT_TYPE,
            "Markdown files other than plan.md and retro.md are neither read nor published; the "
            "campaign's text belongs in plan.md and retro.md",
        )
    if suffix not in PUBLISHED_TYPES:
        what = f"'{suffix}' files are" if suffix else "files without a type suffix are"
        return Refusal(ATTACHMENT_TYPE, f"{what} not published; published are only {allowed_types()}")
    if not url_safe(name):
        return Refusal(
            ATTACHMENT_FILE,
            "the name has characters that do not work in a web address, so the file is not "
            f"published; rename it to '{suggested_name(name)}' (letters, digits, '.', '_' and '-' only)",
        )
    return None


def allowed_types() -> str:
    """The published suffixes, for messages and docs: ``.png, .jpg, ... and .odp``."""
    suffixes = list(PUBLISHED_TYPES)
    return ", ".join(suffixes[:-1]) + " and " + suffixes[-1]


def _read_head(path: Path, limit: int) -> bytes | None:
    """The first ``limit`` bytes of the regular file at ``path``, or ``None`` if it is not one.

    Opened without following a symbolic link and without blocking (a pipe
    swapped in after ``lstat`` must not hang the build), then checked again.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return os.read(fd, limit)
    finally:
        os.close(fd)


def _content_problem(suffix: str, head: bytes) -> str | None:
    """What is wrong with ``head`` as the start of a ``suffix`` file, or ``None``."""
    if suffix == ".csv":
        return _csv_problem(head)
    if suffix == ".webp":
        ok = head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    elif suffix == ".avif":
        ok = head[4:8] == b"ftyp" and any(brand in head[8:_SIGNATURE_BYTES] for brand in _AVIF_BRANDS)
    else:
        ok = head.startswith(_SIGNATURES[suffix])
    if ok:
        return None
    if not head:
        return "it is empty"
    if _looks_like_markup(head):
        return "it starts like HTML or XML"
    return "its first bytes are not the signature of that type"


def _csv_problem(head: bytes) -> str | None:
    if b"\x00" in head:
        return "it holds binary data; a CSV table is text"
    try:
        # A prefix may end inside a character: only a complete file must decode to the end.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < _CSV_PREFIX_BYTES)
    except UnicodeDecodeError:
        return "it is not UTF-8 text; save it as 'CSV UTF-8'"
    if _looks_like_markup(head):
        return "it starts like HTML or XML"
    return None


def _looks_like_markup(head: bytes) -> bool:
    return head.removeprefix(codecs.BOM_UTF8).lstrip(b" \t\r\n\f").startswith(b"<")
