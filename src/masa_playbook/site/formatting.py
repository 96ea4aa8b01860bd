"""Numbers, money, percentages and dates as the pages show them.

English groups thousands with a comma and uses a decimal point, German the
other way round; both write a space before ``%`` and the currency after the
amount. Dates stay ISO (``2026-03-01``) in every language: they sort, and no
reader misreads them.
"""

from __future__ import annotations

import datetime as dt
import math

from masa_playbook.model import Period


def number(value: float, lang: str, *, decimals: int = 2) -> str:
    """``value`` with grouped thousands and at most ``decimals`` decimals (trailing zeros dropped)."""
    if math.isinf(value):
        return "∞"
    rounded = round(value, decimals)
    text = f"{rounded:,.{decimals}f}" if rounded != int(rounded) else f"{int(rounded):,}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if lang == "de":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def money(value: float, currency: str, lang: str) -> str:
    """An amount in the playbook's currency, whole units: ``18,000 EUR``."""
    return f"{number(value, lang, decimals=0)} {currency}"


def percent(ratio: float, lang: str) -> str:
    """A ratio as a whole percentage: ``0.667`` -> ``67 %``."""
    if math.isinf(ratio):
        return "∞"
    return f"{number(ratio * 100, lang, decimals=0)} %"


def day(value: dt.date) -> str:
    """A date, ISO."""
    return value.isoformat()


def period(value: Period | None) -> str:
    """``start – end``, or an empty string when there is no period."""
    if value is None:
        return ""
    return f"{value.start.isoformat()} – {value.end.isoformat()}"
