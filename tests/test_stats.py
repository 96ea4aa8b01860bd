"""``masa stats``: the dashboard's headline figures as an aligned table (golden text)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from authoring import AUTHORING, FIXTURE, copy_fixture, run
from masa_playbook.commands.stats import table
from masa_playbook.insights import HEADLINE_KEYS, by_initiator, headline
from masa_playbook.loader import load_playbook

GOLDEN = AUTHORING / "stats.expected.txt"


def test_golden_text(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "stats", str(FIXTURE))
    assert status == 0 and err == ""
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(out, encoding="utf-8")
    assert out == GOLDEN.read_text(encoding="utf-8")


def test_json_is_the_headline_of_the_dashboard(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "stats", str(FIXTURE), "--format", "json")
    assert status == 0
    document = json.loads(out)
    pb = load_playbook(FIXTURE)
    assert list(document["headline"]) == list(HEADLINE_KEYS)
    assert document["headline"] == headline(pb)
    assert document["by_initiator"]["sales"] == by_initiator(pb)["sales"].as_dict()
    assert document["currency"] == "EUR"


def test_public_audience(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "stats", str(FIXTURE), "--audience", "public", "--format", "json")
    assert json.loads(out)["headline"]["campaigns"] == 1


def test_currency_and_language_from_the_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = copy_fixture(tmp_path)
    (repo / "mkdocs.yml").write_text(
        "site_name: x\ntheme:\n  name: material\n  language: de\nextra:\n  masa:\n    currency: CHF\n"
    )
    _, out, _ = run(capsys, "stats", str(repo))
    # German grouping and no-break spaces, the configured currency; 65,000.5 rounds half up
    assert "Budget (plans)      65.001\u00a0CHF\n" in out
    assert "Pipeline (retros)  350.000\u00a0CHF\n" in out
    assert "Success rate             100\u00a0%\n" in out


def test_table_aligns_columns() -> None:
    assert table(["a", "bb"], [["ccc", "1"], ["d", "22"]]) == ["a    bb", "ccc   1", "d    22"]


def test_not_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "stats", str(tmp_path / "missing"))[0] == 2
