"""``masa_playbook.numbers``: the one formatter of numbers, percentages, money and ratios."""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from masa_playbook import numbers
from masa_playbook.numbers import (
    NBSP,
    chart_number_format,
    currency_symbol,
    format_amount,
    format_money,
    format_number,
    format_percent,
    format_ratio,
    language,
)

SRC = Path(__file__).resolve().parents[1] / "src" / "masa_playbook"


@pytest.mark.parametrize(
    ("value", "en", "de"),
    [
        (0, "0", "0"),
        (3.0, "3", "3"),
        (2.5, "2.5", "2,5"),
        (1234567, "1,234,567", "1.234.567"),
        (1234.5678, "1,234.57", "1.234,57"),
        (-1234.5, "-1,234.5", "-1.234,5"),
        (0.675, "0.68", "0,68"),  # half up from the shortest decimal form, not the binary 0.67499...
        (2.005, "2.01", "2,01"),
        (-0.004, "0", "0"),  # no "-0"
        (math.inf, "∞", "∞"),
        (-math.inf, "-∞", "-∞"),
    ],
)
def test_numbers_in_both_languages(value: float, en: str, de: str) -> None:
    assert (format_number(value, "en"), format_number(value, "de")) == (en, de)


def test_percentages_english_without_space_german_with_a_no_break_space() -> None:
    assert format_percent(2 / 3, "en") == "67%"
    assert format_percent(2 / 3, "de") == "67\u00a0%"
    assert format_percent(0.665, "en") == "67%"  # half up
    assert format_percent(0.005, "en") == "1%"
    assert format_percent(12.5, "de") == "1.250\u00a0%"
    assert format_percent(-0.5, "en") == "-50%"
    assert format_percent(-0.004, "en") == "0%"


def test_a_capped_percentage_says_at_least() -> None:
    assert format_percent(10, "en", cap=10) == "≥\u00a01,000%"
    assert format_percent(math.inf, "de", cap=10) == "≥\u00a01.000\u00a0%"
    assert format_percent(9.994, "en", cap=10) == "999%"


def test_money_in_whole_units_with_the_currency_where_the_language_puts_it() -> None:
    assert format_money(18000, "EUR", "en") == "€18,000"
    assert format_money(18000, "EUR", "de") == "18.000\u00a0€"
    assert format_money(18000.5, "USD", "en") == "$18,001"  # half up
    assert format_money(18000.4, "CHF", "de") == "18.000\u00a0CHF"
    # A currency written in letters is kept off the digits (CLDR's currency spacing).
    assert format_money(18000, "CHF", "en") == "CHF\u00a018,000"
    assert format_money(5, "Punkte", "en") == "Punkte\u00a05"
    assert format_amount(1254567.4, "de") == "1.254.567"
    assert (currency_symbol("EUR", "en"), currency_symbol("CHF", "de")) == ("€", "CHF")


def test_ratios_have_at_most_two_decimals() -> None:
    assert format_ratio(150000 / 8000, "en") == "18.75"
    assert format_ratio(61000 / 4200, "de") == "14,52"
    assert format_ratio(3, "en") == "3"


@pytest.mark.parametrize(("tag", "expected"), [("de", "de"), ("de-AT", "de"), ("de_CH", "de"), ("DE", "de")])
def test_language_tags(tag: str, expected: str) -> None:
    assert language(tag) == expected
    assert format_number(1000.5, tag) == "1.000,5"


@pytest.mark.parametrize("tag", ["en", "en-GB", "fr", "", "deutsch"])
def test_other_languages_are_english(tag: str) -> None:
    assert language(tag) == "en"
    assert format_number(1000.5, tag) == "1,000.5"


def test_nan_is_refused() -> None:
    with pytest.raises(ValueError, match="NaN"):
        format_number(math.nan, "en")


def test_huge_values_are_written_out() -> None:
    assert format_money(1e30, "EUR", "en") == "€1," + ",".join(["000"] * 10)
    assert format_number(5e-324, "de") == "0"


def _half_up(value: float, decimals: int) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _parse(text: str, lang: str) -> Decimal:
    fmt = chart_number_format(lang)
    plain = text.replace(str(fmt["group"]), "").replace(str(fmt["decimal"]), ".")
    return Decimal(plain.replace(str(fmt["minus"]), "-"))


finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)


@given(value=finite, lang=st.sampled_from(["en", "de"]))
def test_a_number_reads_back_as_the_value_rounded_half_up(value: float, lang: str) -> None:
    text = format_number(value, lang)
    assert _parse(text, lang) == _half_up(value, 2)
    assert not text.startswith("-0") or _half_up(value, 2) != 0
    assert re.fullmatch(r"-?\d{1,3}([.,]\d{3})*([.,]\d{1,2})?", text)


@given(ratio=finite, lang=st.sampled_from(["en", "de"]))
def test_a_percentage_is_the_number_of_percent_with_the_languages_sign(ratio: float, lang: str) -> None:
    prefix, suffix = chart_number_format(lang)["percent"]  # type: ignore[misc]
    hundred = _half_up(ratio, 2) * 100
    whole = format_number(float(hundred), lang, decimals=0)
    assert format_percent(ratio, lang) == f"{prefix}{whole}{suffix}"


def test_chart_symbols_are_the_formatters() -> None:
    assert chart_number_format("en") == {
        "decimal": ".",
        "group": ",",
        "grouping": [3, 3],
        "minus": "-",
        "infinity": "∞",
        "percent": ["", "%"],
        "decimals": 2,
        "amount_decimals": 0,
    }
    german = chart_number_format("de-AT")
    assert (german["decimal"], german["group"], german["percent"]) == (",", ".", ["", NBSP + "%"])
    german["decimal"] = "x"  # a copy: the cached one stays as it was
    assert chart_number_format("de")["decimal"] == ","


def test_results_are_cached_and_deterministic() -> None:
    first = [format_percent(i / 7, "de") for i in range(50)]
    assert [format_percent(i / 7, "de") for i in range(50)] == first
    assert numbers._format.cache_info().hits > 0


def test_no_page_chart_or_command_formats_figures_on_its_own() -> None:
    """Thousands separators, percent signs and currency placement are written only by ``numbers``.

    Findings are left out: they are messages in English (``the file is
    2,000,000 bytes``), not figures of the playbook.
    """
    offenders = []
    paths = [
        *(SRC / "site").rglob("*.py"),
        *(SRC / "charts").rglob("*.py"),
        *(SRC / "commands").rglob("*.py"),
    ]
    for path in sorted([*paths, SRC / "export.py", SRC / "insights.py", SRC / "figures.py"]):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if re.search(r"\{[^{}]*:,|\"\s?%\"|\\u00a0%|format_decimal|format_currency", code):
                offenders.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert offenders == []
    script = (SRC / "charts" / "assets" / "masa-charts.js").read_text(encoding="utf-8")
    assert "Intl.NumberFormat" not in script and "toLocaleString" not in script
