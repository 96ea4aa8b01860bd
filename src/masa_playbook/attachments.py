"""Which files beside a plan or retro are published as attachments.

A campaign folder may hold images and documents that its plan or retro links
to. Every such file is untrusted: a site serves it from its own origin, so a
file a browser runs (HTML, SVG, JavaScript) could act with the reader's
session. Only an allow-list of passive types is ever published; everything
else (editor backups, swap files, unknown types, active content) stays out of
every build and is a finding of ``masa check``.
"""

from __future__ import annotations

import posixpath

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


def publishable_name(name: str) -> bool:
    """True when a file called ``name`` (no folder) is of a type that may be published.

    Hidden files (``.name``) never are. This looks at the name only; the
    loader also checks what the file holds.
    """
    if not name or name.startswith("."):
        return False
    return posixpath.splitext(name)[1].lower() in PUBLISHED_TYPES
