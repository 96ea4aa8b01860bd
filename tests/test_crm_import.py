"""``masa import actuals``: CRM reports into retros, only the imported values changed, nothing on errors.

Fixtures in ``tests/fixtures/crm``: a playbook (``repo``) whose plans carry
CRM ids, a Salesforce report in English (``sf-report.csv``, with the footer a
Salesforce export adds) and German (``sf-report-de.csv``: ``;``, a BOM,
``1.234,50``), and a HubSpot report (``hubspot-campaigns.csv``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from masa_playbook.cli import main
from masa_playbook.crm_import import edit_front_matter, import_actuals
from masa_playbook.crm_report import parse_number, read_report, sniff_delimiter
from masa_playbook.loader import load_playbook

CRM = Path(__file__).parent / "fixtures" / "crm"
HEADER = (
    '"Campaign Name","Campaign ID","Actual Cost","Responses in Campaign","Leads in Campaign",'
    '"Opportunities in Campaign","Value Opportunities in Campaign","Value Won Opportunities in Campaign"\n'
)
FAIR_ROW = '"Fair 2026","701Qy00000FAIR2","EUR 21,350.50","120","48","4","EUR 320,000.00","EUR 45,000.00"\n'


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(CRM / "repo", root)
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of ``root`` and its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    status = main(["import", "actuals", *map(str, args)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def write_csv(tmp_path: Path, text: str, name: str = "report.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ the dry run


def test_the_dry_run_prints_a_diff_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CRM)
    before = snapshot(CRM / "repo")
    status, out, err = run(capsys, "sf-report.csv", "repo")
    assert (status, err) == (0, "")
    assert out == (CRM / "sf-report.expected.txt").read_text(encoding="utf-8")
    assert snapshot(CRM / "repo") == before


# ------------------------------------------------------------------ writing


def test_write_changes_only_the_imported_values_byte_for_byte(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Comments, quoting, key order, the folded learning and the body (with its trailing spaces) stay."""
    before = snapshot(repo)
    status, out, _ = run(capsys, CRM / "sf-report.csv", repo, "--write")
    assert status == 0, out
    assert "wrote campaigns/fair-2026/retro.md: cost 21350.5, " in out
    after = snapshot(repo)
    changed = {rel for rel in after if after[rel] != before[rel]}
    assert changed == {"campaigns/fair-2026/retro.md"}  # roundtable already matches, dinner has no retro
    old = before["campaigns/fair-2026/retro.md"].decode()
    expected = old.replace(
        "cost: 20000  # the budget; replace when the invoices are in\n"
        "return: {pipeline: 300000}   # flow style on purpose\n",
        "cost: 21350.5 # the budget; replace when the invoices are in\n"
        "return: {pipeline: 320000, won: 45000} # flow style on purpose\n"
        "funnel:\n  responses: 120\n  leads: 48\n  opportunities: 4\n",
    )
    assert expected != old
    assert after["campaigns/fair-2026/retro.md"].decode() == expected
    # Importing again finds nothing to change, and the playbook is still clean.
    status, out, _ = run(capsys, CRM / "sf-report.csv", repo)
    assert status == 0 and "nothing to update, 2 already up to date." in out
    assert main(["check", str(repo), "--today", "2026-11-26"]) == 0


def test_a_german_salesforce_export_imports_the_same_numbers(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    english, german = repo.parent / "english", repo.parent / "german"
    shutil.copytree(repo, english)
    shutil.copytree(repo, german)
    assert run(capsys, CRM / "sf-report.csv", english, "--write")[0] == 0
    status, out, _ = run(capsys, CRM / "sf-report-de.csv", german, "--write")
    assert status == 0, out
    assert snapshot(german) == snapshot(english)


def test_a_hubspot_export_keeps_the_bom_the_line_ends_and_the_list_layout(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, CRM / "hubspot-campaigns.csv", repo, "--write")
    assert status == 0, out
    data = (repo / "campaigns" / "webinar-2026" / "retro.md").read_bytes()
    assert data == (
        b"\xef\xbb\xbf---\r\ndate: 2026-10-06\r\nauthors:\r\n- evi\r\n- sam\r\nresults:\r\n  meetings: 7\r\n"
        b"cost: 4200\r\nreturn:\r\n  pipeline: 120000\r\n  sourced: 60000\r\n  influenced: 40000\r\n"
        b"funnel:\r\n  leads: 10  # from the webinar tool\r\n  meetings: 9\r\n  opportunities: 3\r\n"
        b"learnings:\r\n- Ask one question per webinar, not five.\r\n---\r\nA Windows file with a byte order mark.\r\n"
    )
    retro = load_playbook(repo).campaigns["webinar-2026"].retro
    assert retro is not None and retro.return_ is not None and retro.funnel is not None
    assert (retro.cost, retro.return_.sourced, retro.funnel.meetings) == (4200, 60000, 9)


def test_map_names_other_columns(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = write_csv(
        tmp_path,
        "Kampagne;CRM-Nummer;Kosten (Ist);Termine\nWebinar;31987452;4.150,00;8\n",
    )
    status, out, _ = run(
        capsys, report, repo, "--write", "--map", "CRM-Nummer=crm_id", "--map", "kosten (ist)=cost",
        "--map", "Termine=funnel.meetings",
    )  # fmt: skip
    assert status == 0, out
    text = (repo / "campaigns" / "webinar-2026" / "retro.md").read_text(encoding="utf-8-sig")
    assert "cost: 4150\n" in text and "  meetings: 8\n" in text


# ------------------------------------------------------------------ errors: nothing written


ERRORS = {
    "non-numeric cell": (
        HEADER
        + FAIR_ROW
        + '"Roundtable 2026","701Qy00000RNDT26ZZ","about 9k","20","12","2","150,000.00","0.00"\n',
        "report.csv:3: error: Actual Cost: 'about 9k' is not a number (in this file numbers are written like "
        "1,234.50) [import-number]",
    ),
    "count not whole": (
        HEADER + FAIR_ROW.replace('"48"', '"48.5"'),
        "report.csv:2: error: Leads in Campaign: '48.5' is not a whole number; leads is a count [import-number]",
    ),
    "negative": (
        HEADER + FAIR_ROW.replace('"EUR 21,350.50"', '"-21,350.50"'),
        "report.csv:2: error: Actual Cost: '-21,350.50' is negative; cost is 0 or more [import-number]",
    ),
    "ambiguous header": (
        HEADER.replace("\n", ',"Total Leads"\n') + FAIR_ROW.replace("\n", ',"48"\n'),
        "report.csv:1: error: leads: the columns 'Leads in Campaign', 'Total Leads' all hold 'leads'; keep one "
        'with --map "HEADER=leads" and drop the others with --map "HEADER=ignore" [import-header]',
    ),
    "duplicate row": (
        HEADER + FAIR_ROW + FAIR_ROW.replace("701Qy00000FAIR2", "701Qy00000FAIR26AB"),
        "report.csv:3: error: crm_id: the campaign id '701Qy00000FAIR26AB' (Fair 2026) is also on line 2 "
        "[import-duplicate]",
    ),
    "no id column": (
        HEADER.replace("Campaign ID", "Kampagnennummer") + FAIR_ROW,
        "report.csv:1: error: crm_id: no column holds the campaign's CRM id (such as 'Campaign ID'); name it "
        'with --map "HEADER=crm_id" [import-header]',
    ),
    "split above pipeline": (
        "Campaign ID,Pipeline,Sourced Pipeline,Influenced Pipeline\n701Qy00000FAIR26AB,100000,80000,40000\n",
        "report.csv:2: error: Influenced Pipeline: sourced 80,000 + influenced 40,000 is more than the pipeline "
        "(100,000); sourced and influenced are parts of the pipeline that do not overlap (in "
        "campaigns/fair-2026/retro.md) [return-split]",
    ),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_an_error_writes_nothing(
    case: str, repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, finding = ERRORS[case]
    report = write_csv(tmp_path, text)
    before = snapshot(repo)
    status, out, _ = run(capsys, report, repo, "--write")
    assert status == 1, out
    assert finding in out.replace(str(report), "report.csv")
    assert "nothing written" in out
    assert snapshot(repo) == before


WARNINGS = {
    "no matching campaign": (
        '"Newsletter","701Qy00000NEWS26QQ","800.00","300","5","0","0.00","0.00"\n',
        "report.csv:3: warning: crm_id: no campaign has crm_id '701Qy00000NEWS26QQ' (Newsletter); add it to "
        "the campaign's plan, or leave the row out [import-row]",
    ),
    "no retro yet": (
        '"Dinner 2026","701Qy00000DINR26XY","2,100.00","14","","","",""\n',
        "report.csv:3: warning: crm_id: 'Dinner 2026' (dinner-2026) has no retro yet; write it with masa new "
        "retro dinner-2026, then import again [import-retro]",
    ),
}


@pytest.mark.parametrize("case", sorted(WARNINGS))
def test_a_warning_is_shown_and_strict_writes_nothing(
    case: str, repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    row, finding = WARNINGS[case]
    report = write_csv(tmp_path, HEADER + FAIR_ROW + row)
    before = snapshot(repo)
    status, out, _ = run(capsys, report, repo, "--write", "--strict")
    assert status == 1
    assert finding in out.replace(str(report), "report.csv")
    assert "nothing written: 1 warning(s) and --strict" in out
    assert snapshot(repo) == before
    # Without --strict the rows that match are imported; the warning stays.
    status, out, _ = run(capsys, report, repo, "--write")
    assert status == 0 and finding in out.replace(str(report), "report.csv")
    assert snapshot(repo)["campaigns/fair-2026/retro.md"] != before["campaigns/fair-2026/retro.md"]


def test_a_retro_that_cannot_be_edited_cleanly_is_an_error(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    retro = repo / "campaigns" / "fair-2026" / "retro.md"
    # Lists in two layouts in one file: no round trip reproduces it, so it is not rewritten.
    retro.write_text(
        "---\ndate: 2026-10-05\nauthors:\n- evi\n- sam\nresults:\n  meetings: 6\ncost: 20000\n"
        "learnings:\n  - Book early\n---\n",
        encoding="utf-8",
    )
    before = snapshot(repo)
    status, out, _ = run(capsys, write_csv(tmp_path, HEADER + FAIR_ROW), repo, "--write")
    assert status == 1
    assert "campaigns/fair-2026/retro.md is laid out in a way this import cannot edit" in out
    assert "set by hand: cost: 21350.5, funnel.responses: 120" in out
    assert snapshot(repo) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--map", "Leads"], "--map 'Leads' must be HEADER=FIELD"),
        (["--map", "Leads=contacts"], "--map 'Leads=contacts' must be HEADER=FIELD"),
        (["--map", "Nope=leads"], "--map names a column the report does not have: 'Nope'"),
    ],
)
def test_usage_errors(
    args: list[str], message: str, repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, write_csv(tmp_path, HEADER + FAIR_ROW), repo, *args)
    assert status == 2
    assert message in err


def test_a_missing_report_is_a_usage_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, repo / "nope.csv", repo)
    assert status == 2 and "nope.csv" in err


# ------------------------------------------------------------------ the pieces


@pytest.mark.parametrize(
    ("cell", "decimal_comma", "number"),
    [
        ("1,234.50", False, 1234.5),
        ("1234.50", False, 1234.5),
        ("EUR 1,234", False, 1234.0),
        ("1.234,50", True, 1234.5),
        ("1.234,50 €", True, 1234.5),
        ("12 800,00", True, 12800.0),
        ("1234", True, 1234.0),
        ("1.5", True, None),  # a thousands group has three digits: not guessed
        ("1,5", False, None),
        ("USD 100", False, None),  # not the playbook's currency
        ("n/a", False, None),
        ("", False, None),
    ],
)
def test_numbers_follow_the_files_format(cell: str, decimal_comma: bool, number: float | None) -> None:
    assert parse_number(cell, decimal_comma=decimal_comma, currency="EUR") == number


def test_the_delimiter_is_the_one_the_header_uses_most() -> None:
    assert sniff_delimiter('"Campaign ID","Actual Cost; in EUR"') == ","
    assert sniff_delimiter("Kampagnen-ID;Tatsächliche Kosten;Leads") == ";"
    assert sniff_delimiter("Campaign ID\tLeads") == "\t"


def test_a_report_that_is_not_utf8_is_read_as_windows_1252() -> None:
    data = "Kampagnen-ID;Tatsächliche Kosten\n701Qy00000FAIR26AB;1.000,00\n".encode("cp1252")
    report = read_report(data, path="r.csv")
    assert report.columns == {"crm_id": "Kampagnen-ID", "cost": "Tatsächliche Kosten"}
    assert report.rows[0].values == {"cost": 1000.0}


def test_fifteen_and_eighteen_character_salesforce_ids_match(repo: Path) -> None:
    pb = load_playbook(repo)
    data = (HEADER + FAIR_ROW).encode()
    result = import_actuals(pb, read_report(data, path="r.csv"))
    assert [u.slug for u in result.updates] == ["fair-2026"]
    assert result.updates[0].changes["cost"] == (20000, 21350.5)


def test_new_keys_go_where_they_belong() -> None:
    text = "cost: 1  # c\nreturn:\n  won: 5\nfunnel:\n  meetings: 2\nlearnings: [x]\n"
    edited = edit_front_matter(
        text, {("funnel", "leads"): 9, ("funnel", "opportunities"): 1, ("return", "pipeline"): 7}
    )
    assert edited == (
        "cost: 1  # c\nreturn:\n  pipeline: 7\n  won: 5\nfunnel:\n  leads: 9\n  meetings: 2\n  opportunities: 1\n"
        "learnings: [x]\n"
    )


def test_every_recognised_column_is_documented() -> None:
    """The one table (``crm_report.HEADERS``) and the author page agree."""
    from masa_playbook.crm_report import HEADERS, header_key

    page = (Path(__file__).resolve().parent.parent / "docs" / "authoring" / "import-actuals.md").read_text(
        encoding="utf-8"
    )
    documented: dict[str, str] = {}
    for line in page.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 2 and cells[0] != "retro field" and not cells[0].startswith("---"):
            target = cells[0].strip("`").split(".")[-1]
            target = {"(the plan's `crm_id`)": "crm_id", "(shown in findings)": "name"}.get(cells[0], target)
            documented.update({header_key(name): target for name in cells[1].split(", ")})
    assert documented == HEADERS


def test_the_example_report_imports_into_the_example_playbook(capsys: pytest.CaptureFixture[str]) -> None:
    root = Path(__file__).resolve().parent.parent
    status, out, _ = run(capsys, root / "docs" / "examples" / "crm-campaign-report.csv", root)
    assert status == 0, out
    assert out.count("--- a/campaigns/") == 2  # two retros get a newer won amount
    assert "+  won: 120000" in out and "-  won: 210000" in out
    assert out.count(": warning: ") == 1 and ": error: " not in out
