"""Every campaign with its computed figures, as JSON or as flat CSV rows.

The JSON is the site's ``/api/campaigns.json``, made by the same function
(``site.api.campaigns_json``), so an export and the site never disagree: for
the same content, audience and ``site_url`` the two are byte-identical. The
figures in both come from ``figures.campaign_figures``.

``ROW_COLUMNS`` is the CSV contract: stable names in a stable order, one row
per campaign (sorted by slug), money as plain numbers, lists joined with
``"; "``, unknown values empty. Text that a spreadsheet would run as a
formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return) is prefixed with ``'``, so a title cannot smuggle a formula into
someone's CRM import.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from masa_playbook.playbook import Playbook
from masa_playbook.site.api import campaign_record, campaigns_json
from masa_playbook.site.context import SiteContext
from masa_playbook.site.urls import Urls

#: Every column of a row, in order, and whether it holds a number (the rest is text).
_COLUMNS: tuple[tuple[str, bool], ...] = (
    ("slug", False),
    ("title", False),
    ("status", False),
    ("initiated_by", False),
    ("start", False),
    ("end", False),
    ("industry", False),
    ("channels", False),
    ("play", False),
    ("marketing_owners", False),
    ("sales_owners", False),
    ("budget", True),
    ("expected_pipeline", True),
    ("expected_won", True),
    ("cost", True),
    ("return_pipeline", True),
    ("return_won", True),
    ("outcome", False),
    ("attainment", True),
    ("roi", True),
    ("pipeline_per_cost", True),
    ("url", False),
    # Contract v1.1: appended, so the columns of 1.0 keep their positions.
    ("crm_id", False),
    ("return_sourced", True),
    ("return_influenced", True),
    ("responses", True),
    ("leads", True),
    ("meetings", True),
    ("opportunities", True),
    ("cost_per_lead", True),
    ("cost_per_meeting", True),
    ("cost_per_opportunity", True),
    ("sourced_share", True),
)
ROW_COLUMNS: tuple[str, ...] = tuple(name for name, _ in _COLUMNS)
_NUMERIC = frozenset(name for name, numeric in _COLUMNS if numeric)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_context(
    view: Playbook, *, site_url: str | None = None, directory_urls: bool = True, today: dt.date | None = None
) -> SiteContext:
    """The site context an export is made from: ``view`` is already the audience's playbook."""
    return SiteContext(
        view,
        today or dt.date.today(),
        language=view.config.language,
        urls=Urls(directory_urls=directory_urls),
        site_url=(site_url.rstrip("/") + "/") if site_url else "",
    )


def to_json(ctx: SiteContext) -> str:
    """The JSON document, identical to the site's ``/api/campaigns.json``."""
    content = campaigns_json(ctx).content
    assert content is not None
    return content


def campaign_row(record: dict[str, Any]) -> dict[str, Any]:
    """One record of ``/api/campaigns.json`` flattened to ``ROW_COLUMNS`` (``None`` if unknown)."""
    period = record.get("period") or {}
    owners = record.get("owners") or {}
    expected = record.get("expected") or {}
    returned = record.get("return") or {}
    funnel = record.get("funnel") or {}
    return {
        "slug": record["slug"],
        "title": record["title"],
        "status": record["status"],
        "initiated_by": record["initiated_by"],
        "start": period.get("start"),
        "end": period.get("end"),
        "industry": record.get("industry"),
        "channels": "; ".join(record.get("channels") or []),
        "play": record.get("play"),
        "marketing_owners": "; ".join(owners.get("marketing") or []),
        "sales_owners": "; ".join(owners.get("sales") or []),
        "budget": record.get("budget"),
        "expected_pipeline": expected.get("pipeline"),
        "expected_won": expected.get("won"),
        "cost": record.get("cost"),
        "return_pipeline": returned.get("pipeline"),
        "return_won": returned.get("won"),
        "outcome": record.get("outcome"),
        "attainment": record.get("attainment"),
        "roi": record.get("roi"),
        "pipeline_per_cost": record.get("pipeline_per_cost"),
        "url": record.get("url"),
        "crm_id": record.get("crm_id"),
        "return_sourced": returned.get("sourced"),
        "return_influenced": returned.get("influenced"),
        **{stage: funnel.get(stage) for stage in ("responses", "leads", "meetings", "opportunities")},
        "cost_per_lead": record.get("cost_per_lead"),
        "cost_per_meeting": record.get("cost_per_meeting"),
        "cost_per_opportunity": record.get("cost_per_opportunity"),
        "sourced_share": record.get("sourced_share"),
    }


def campaign_rows(ctx: SiteContext) -> list[dict[str, Any]]:
    """Every campaign of the context as a row, sorted by slug."""
    pb = ctx.pb
    return [campaign_row(campaign_record(ctx, pb.campaigns[slug])) for slug in sorted(pb.campaigns)]


def cell(column: str, value: Any) -> str:
    """The CSV text of one value: plain numbers, ``""`` for unknown, formulas defused."""
    if value is None:
        return ""
    if column in _NUMERIC:
        number = float(value)
        return str(int(number)) if number.is_integer() else repr(number)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(ctx: SiteContext) -> str:
    """CSV text (RFC 4180 line ends): a header of ``ROW_COLUMNS`` and one row per campaign."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(ROW_COLUMNS)
    for row in campaign_rows(ctx):
        writer.writerow([cell(column, row[column]) for column in ROW_COLUMNS])
    return out.getvalue()
