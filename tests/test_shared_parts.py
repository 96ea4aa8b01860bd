"""Pages outside the navigation share one rendering of the navigation, tabs and header.

``hooks/masa.py`` offers ``masa_shared_nav`` to the theme overrides in
``site/theme/partials``; without it each page renders those parts itself.
Sharing is only correct if it changes no byte of any page, with and without
directory URLs: these tests build the fixture both ways and compare.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_site import BASIC, build_site, copy_fixture, files_of

# A hook that runs after hooks/masa.py and takes the shared rendering away.
UNSHARE = """\
from mkdocs.plugins import event_priority


@event_priority(-100)
def on_env(env, config, files):
    env.globals.pop("masa_shared_nav", None)
    return env
"""


@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "file-urls"])
def test_sharing_the_navigation_changes_no_byte(tmp_path: Path, directory_urls: bool) -> None:
    root = copy_fixture(tmp_path, BASIC)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - hooks/masa.py\n" in text
    if not directory_urls:
        text = f"use_directory_urls: false\n{text}"
    config.write_text(text, encoding="utf-8")
    shared = build_site(root, "shared")
    (root / "hooks" / "unshare.py").write_text(UNSHARE, encoding="utf-8")
    config.write_text(
        text.replace("  - hooks/masa.py\n", "  - hooks/masa.py\n  - hooks/unshare.py\n"), encoding="utf-8"
    )
    unshared = build_site(root, "unshared")

    pages = [p.relative_to(shared) for p in files_of(shared) if p.suffix == ".html"]
    campaigns = [p for p in pages if p.parts[0] == "campaigns" and len(p.parts) > 2 - directory_urls]
    assert len(campaigns) >= 5
    for page in pages:
        assert (shared / page).read_bytes() == (unshared / page).read_bytes(), page
    assert sorted(pages) == sorted(p.relative_to(unshared) for p in files_of(unshared) if p.suffix == ".html")
