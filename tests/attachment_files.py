"""Attachments planted in a campaign folder, shared by tests/test_attachments.py and the browser tests."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

#: Editor backups of a plan, by path inside the campaign folder: never published.
BACKUPS = ("plan.md~", "plan.md.orig", "plan.md.bak", ".plan.md.swp", "#plan.md#", "images/.#plan.md")


def png() -> bytes:
    """A genuine 1x1 PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def plant(folder: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` (bytes by path inside ``folder``), making their folders."""
    for rel, data in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
