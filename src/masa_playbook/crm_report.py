"""Read a campaign report exported from a CRM (Salesforce, HubSpot) as CSV.

``read_report`` turns the bytes of a CSV file into ``ReportRow`` values (one
per campaign, with its CRM id and the numbers the playbook imports) and
findings with the CSV line; nothing here knows about retros
(``masa_playbook.crm_import`` matches and updates them).

**Columns.** ``HEADERS`` is the one table of the column names recognised,
compared case-insensitively with runs of spaces as one space. The English
names are Salesforce's field labels (with and without "in Campaign") and
HubSpot's metric names; the German ones are the labels German Salesforce
users reported. CRMs and report types name columns differently, so
``--map HEADER=field`` names any other column, or ``HEADER=ignore`` drops
one. Two columns for one field are an error (``import-header``), never a
guess.

**Dialect.** UTF-8 with or without a byte order mark; a file that is not
UTF-8 is read as Windows-1252, the default of Salesforce's report export in
Western Europe. The delimiter is the one of ``;``, ``,`` and tab that the
header line uses most (outside quotes).

**Numbers.** The delimiter decides the number format, because that is how
spreadsheets pair them: in a ``;`` file ``1.234,50`` is 1234.5 (``.``
groups thousands, ``,`` is the decimal mark, as German exports write it);
in a ``,`` or tab file ``1,234.50`` is. A separator that could mean the
other format (``1.5`` in a ``;`` file: a thousands group needs three
digits) is not guessed: the cell is reported (``import-number``). Spaces
may group thousands too. The playbook's currency code (``EUR``) or sign
(``€``) may come before or after the number; any other text, a negative
number, or a count that is not whole is reported. An empty cell means "not
in the report": that value of the retro is left as it is.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from masa_playbook.findings import Finding

#: Fields of a report row: the CRM id, the campaign's name, and what is imported.
FIELDS: tuple[str, ...] = (
    "crm_id",
    "name",
    "cost",
    "responses",
    "leads",
    "meetings",
    "opportunities",
    "pipeline",
    "won",
    "sourced",
    "influenced",
)
#: Fields that count people or deals: whole numbers.
COUNTS = frozenset({"responses", "leads", "meetings", "opportunities"})
#: What ``--map HEADER=ignore`` (or ``-``) means: drop the column.
IGNORE = frozenset({"ignore", "-"})

#: Recognised column names (lowercase, single spaces) and the field each holds.
HEADERS: dict[str, str] = {
    # the campaign's id in the CRM: matched against each plan's crm_id
    "campaign id": "crm_id",
    "kampagnen-id": "crm_id",
    # its name: shown in findings only
    "campaign name": "name",
    "kampagnenname": "name",
    # cost
    "actual cost": "cost",
    "actual cost in campaign": "cost",
    "tatsächliche kosten": "cost",
    "actual spend": "cost",
    # funnel counts
    "responses": "responses",
    "responses in campaign": "responses",
    "total responses": "responses",
    "antworten": "responses",
    "leads": "leads",
    "leads in campaign": "leads",
    "total leads": "leads",
    "meetings": "meetings",
    "meetings booked": "meetings",
    "opportunities": "opportunities",
    "opportunities in campaign": "opportunities",
    "num total opportunities": "opportunities",
    "deals": "opportunities",
    # money that came back
    "pipeline": "pipeline",
    "value opportunities": "pipeline",
    "value opportunities in campaign": "pipeline",
    "total value opportunities": "pipeline",
    "wert opportunities": "pipeline",
    "won": "won",
    "value won opportunities": "won",
    "value won opportunities in campaign": "won",
    "total value won opportunities": "won",
    "wert gewonnene opportunities": "won",
    "closed won revenue": "won",
    "sourced pipeline": "sourced",
    "influenced pipeline": "influenced",
}

#: The largest report read: a CRM's campaign report is far smaller.
MAX_REPORT_BYTES = 20_000_000
_SIGNS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "CHF": "CHF"}
_SPACES = re.compile(r"[ \u00a0\u202f]")
_POINT = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_COMMA = re.compile(r"^(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$")


def header_key(text: str) -> str:
    """A column name as ``HEADERS`` writes it: lowercase, trimmed, runs of spaces as one."""
    return " ".join(text.split()).casefold()


def field_name(text: str) -> str | None:
    """The field ``--map HEADER=text`` names (``leads``, ``funnel.leads``, ``return.won``, ``ignore``)."""
    name = text.strip().lower()
    for prefix in ("funnel.", "return."):
        name = name.removeprefix(prefix)
    return name if name in FIELDS or name in IGNORE else None


@dataclass(frozen=True)
class ReportRow:
    """One campaign of the report: its CSV line, CRM id, name and the numbers it holds."""

    line: int
    crm_id: str
    name: str | None
    values: dict[str, float]


@dataclass
class Report:
    """A CSV report as read: its rows, the column of each field, and what was wrong."""

    path: str
    delimiter: str = ","
    decimal_comma: bool = False
    columns: dict[str, str] = field(default_factory=dict)
    rows: list[ReportRow] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _finding(
    report: Report, line: int, column: str, message: str, rule: str, *, warning: bool = False
) -> None:
    report.findings.append(
        Finding(report.path, line, "warning" if warning else "error", column, message, rule)
    )


def decode_report(data: bytes) -> str:
    """The text of a report: UTF-8 (a BOM is dropped), else Windows-1252, else Latin-1."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def sniff_delimiter(header_line: str) -> str:
    """The one of ``;``, ``,`` and tab that ``header_line`` holds most outside quotes (``,`` on a tie)."""
    outside = re.sub(r'"[^"]*"', "", header_line)
    counts = {d: outside.count(d) for d in (",", ";", "\t")}
    best = max(counts.values())
    return next(d for d in (",", ";", "\t") if counts[d] == best)


def parse_number(text: str, *, decimal_comma: bool, currency: str = "EUR") -> float | None:
    """The number in a cell, following the module's rule; ``None`` when it is not one."""
    value = _SPACES.sub("", text.strip())
    for mark in (currency, _SIGNS.get(currency, currency)):
        if value.startswith(mark):
            value = value[len(mark) :]
        elif value.endswith(mark):
            value = value[: -len(mark)]
    value = _SPACES.sub("", value)
    pattern = _COMMA if decimal_comma else _POINT
    if not pattern.match(value):
        return None
    thousands, decimal = (".", ",") if decimal_comma else (",", ".")
    return float(value.replace(thousands, "").replace(decimal, "."))


def _columns(report: Report, header: list[str], mapping: Mapping[str, str]) -> dict[int, str]:
    """Which column index holds which field; ambiguous columns are findings."""
    explicit = {header_key(h): f for h, f in mapping.items()}
    chosen: dict[str, list[tuple[int, bool]]] = {}
    for index, name in enumerate(header):
        key = header_key(name)
        if key in explicit:
            target, named = explicit[key], True
        else:
            target, named = HEADERS.get(key, ""), False
        if target and target not in IGNORE:
            chosen.setdefault(target, []).append((index, named))
    columns: dict[int, str] = {}
    for target, found in chosen.items():
        by_hand = [i for i, hand in found if hand]
        picked = by_hand or [i for i, _ in found]  # a column named with --map wins over a recognised one
        if len(picked) > 1:
            names = ", ".join(f"'{header[i].strip()}'" for i in picked)
            _finding(
                report,
                1,
                target,
                f"the columns {names} all hold '{target}'; keep one with --map \"HEADER={target}\" "
                'and drop the others with --map "HEADER=ignore"',
                "import-header",
            )
            continue
        columns[picked[0]] = target
        report.columns[target] = header[picked[0]].strip()
    return columns


def read_report(
    data: bytes, *, path: str, mapping: Mapping[str, str] | None = None, currency: str = "EUR"
) -> Report:
    """Read the CSV ``data`` (shown as ``path`` in findings) into rows and findings.

    ``mapping`` is ``--map``: header -> field (a name of ``FIELDS`` or
    ``ignore``), checked by the caller with ``field_name``. Rows without a
    CRM id and no other value (blank lines, the footer lines a Salesforce
    export adds) are skipped; a row with values but no id is a warning.
    """
    report = Report(path)
    text = decode_report(data)
    first = text.split("\n", 1)[0]
    report.delimiter = sniff_delimiter(first)
    report.decimal_comma = report.delimiter == ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=report.delimiter, strict=True)
    # (first line of the record, record): a quoted cell may hold line breaks.
    records: list[tuple[int, list[str]]] = []
    try:
        start = 1
        for record in reader:
            records.append((start, record))
            start = reader.line_num + 1
    except csv.Error as exc:
        _finding(report, reader.line_num, "-", f"the file is not valid CSV: {exc}", "import-file")
        return report
    if not records:
        _finding(report, 1, "-", "the file is empty; export the campaign report as CSV", "import-file")
        return report
    columns = _columns(report, records[0][1], mapping or {})
    id_column = next((i for i, f in columns.items() if f == "crm_id"), None)
    if id_column is None:
        if "crm_id" not in {f.field for f in report.findings}:
            _finding(
                report,
                1,
                "crm_id",
                "no column holds the campaign's CRM id (such as 'Campaign ID'); name it with "
                '--map "HEADER=crm_id"',
                "import-header",
            )
        return report
    for line, record in records[1:]:
        _read_row(report, line, record, columns, currency)
    return report


def _read_row(report: Report, line: int, record: list[str], columns: dict[int, str], currency: str) -> None:
    cells = {f: record[i].strip() for i, f in columns.items() if i < len(record)}
    crm_id = cells.get("crm_id", "")
    numbers = {f: v for f, v in cells.items() if f not in ("crm_id", "name") and v}
    if not crm_id:
        if numbers:
            _finding(
                report,
                line,
                "crm_id",
                "the row has no campaign id; it is skipped",
                "import-row",
                warning=True,
            )
        return
    values: dict[str, float] = {}
    for name, cell in numbers.items():
        number = parse_number(cell, decimal_comma=report.decimal_comma, currency=currency)
        column = report.columns[name]
        if number is None and cell.lstrip().startswith("-"):
            _finding(report, line, column, f"'{cell}' is negative; {name} is 0 or more", "import-number")
        elif number is None:
            style = "1.234,50" if report.decimal_comma else "1,234.50"
            _finding(
                report,
                line,
                column,
                f"'{cell}' is not a number (in this file numbers are written like {style}"
                f"{', as the file is separated by ;' if report.decimal_comma else ''})",
                "import-number",
            )
        elif name in COUNTS and not number.is_integer():
            _finding(
                report, line, column, f"'{cell}' is not a whole number; {name} is a count", "import-number"
            )
        else:
            values[name] = number
    report.rows.append(ReportRow(line, crm_id, cells.get("name") or None, values))
