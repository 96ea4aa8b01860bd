"""Numbers, percentages, money and ratios as people read them, in English and German.

The one formatter for every figure a reader sees: the pages, the tables next
to the charts, the charts' axes (``chart_number_format`` hands the same
symbols to ``masa-charts.js``) and ``masa stats``. The patterns and symbols are
CLDR's, through Babel, so each language is written its own way and the same
way everywhere:

============  ==============  ===================
figure        English (en)    German (de)
============  ==============  ===================
number        ``16,200.5``    ``16.200,5``
percent       ``67%``         ``67 %``
money         ``€18,000``     ``18.000 €``
attainment    ``≥ 1,000%``    ``≥ 1.000 %``
============  ==============  ===================

The space in German percentages and amounts is a no-break space (U+00A0), so
a figure never breaks across lines. ``lang`` is a language tag: ``de`` and
``de-*`` are German, anything else is English, as for the page labels.

Rounding policy, one for every figure: a value is taken at its shortest
decimal form (``repr``: 0.675 is 0.675, not 0.67499...) and rounded half away
from zero (commercial rounding: 0.5 -> 1, 2.5 -> 3, -0.5 -> -1) to

- at most two decimals for numbers and ratios, trailing zeros dropped
  (``3``, ``2.5``, ``18.75``);
- whole percent for percentages (``0.665`` -> ``67%``);
- whole units for money (budgets, costs and returns are planning figures).

A value that rounds to zero is written without a sign; infinity is ``∞``.
Results are cached per language and value, and depend on nothing else, so
builds stay byte-identical.

Machine formats (the CSV and JSON exports, chart data, ``data-`` attributes a
script sorts by) hold the raw numbers and never go through this module.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Literal

from babel import Locale
from babel.numbers import (
    NumberPattern,
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
    get_infinity_symbol,
    get_minus_sign_symbol,
)

Language = Literal["en", "de"]

#: Decimals of a number or a ratio, at most (trailing zeros are dropped).
NUMBER_DECIMALS = 2
#: Decimals of a percentage and of an amount of money.
PERCENT_DECIMALS = MONEY_DECIMALS = 0
#: No-break space: CLDR's space in German percentages and amounts, and between
#: a currency written in letters (``CHF``) and the digits.
NBSP = "\u00a0"

_Kind = Literal["decimal", "percent", "currency"]


def language(lang: str) -> Language:
    """``de`` for ``de`` and ``de-*`` (``de_AT``, ``de-CH``), ``en`` for anything else."""
    return "de" if lang.replace("_", "-").lower().split("-")[0] == "de" else "en"


@functools.cache
def _locale(lang: Language) -> Locale:
    return Locale.parse(lang)


@functools.cache
def _pattern(lang: Language, kind: _Kind, decimals: int) -> NumberPattern:
    """The locale's CLDR pattern of ``kind``, with at most ``decimals`` decimals and none forced."""
    loc = _locale(lang)
    base = {
        "decimal": loc.decimal_formats[None],
        "percent": loc.percent_formats[None],
        "currency": loc.currency_formats["standard"],
    }[kind]
    return NumberPattern(
        base.pattern,
        base.prefix,
        base.suffix,
        base.grouping,
        base.int_prec,
        (0, decimals),
        base.exp_prec,
        base.exp_plus,
        base.number_pattern,
    )


def _rounded(value: float, decimals: int) -> Decimal:
    """``value`` rounded half away from zero to ``decimals`` decimals; zero without a sign."""
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return Decimal(0) if rounded.is_zero() else rounded


def _not_finite(value: float, lang: Language) -> str:
    if math.isnan(value):
        raise ValueError("cannot format NaN as a figure")
    sign = get_minus_sign_symbol(_locale(lang)) if value < 0 else ""
    return sign + get_infinity_symbol(_locale(lang))


def _spaced(text: str, symbol: str) -> str:
    """CLDR's currency spacing: a no-break space between digits and a currency written in letters.

    ``CHF18,000`` becomes ``CHF 18,000``; a sign such as ``€`` or ``$`` stays
    next to the digits. Babel leaves this rule out.
    """

    def is_sign(char: str) -> bool:
        return unicodedata.category(char)[0] in "SZ"

    at = text.find(symbol)
    if at < 0 or not symbol:
        return text
    end = at + len(symbol)
    if end < len(text) and text[end].isdigit() and not is_sign(symbol[-1]):
        return text[:end] + NBSP + text[end:]
    if at > 0 and text[at - 1].isdigit() and not is_sign(symbol[0]):
        return text[:at] + NBSP + text[at:]
    return text


@functools.lru_cache(maxsize=16384)
def _format(kind: _Kind, value: float, lang: Language, decimals: int, currency: str | None) -> str:
    if not math.isfinite(value):
        return _not_finite(value, lang)
    loc = _locale(lang)
    # Enough digits for the largest float (1.8e308) with its decimals: the
    # default 28 would make quantize fail on a budget of 1e30.
    with localcontext() as context:
        context.prec = 400
        # A percent pattern scales by 100 itself: round the ratio two places further.
        amount = _rounded(value, decimals + 2 if kind == "percent" else decimals)
        text: str = _pattern(lang, kind, decimals).apply(
            amount, loc, currency=currency, currency_digits=False
        )
    return _spaced(text, get_currency_symbol(currency, loc)) if currency is not None else text


def format_number(value: float, lang: str, *, decimals: int = NUMBER_DECIMALS) -> str:
    """``value`` with grouped thousands and at most ``decimals`` decimals: ``1,234.5`` / ``1.234,5``."""
    return _format("decimal", value, language(lang), decimals, None)


def format_ratio(value: float, lang: str) -> str:
    """A ratio of two amounts (pipeline per cost) as a plain number: ``18.75`` / ``18,75``."""
    return _format("decimal", value, language(lang), NUMBER_DECIMALS, None)


def format_percent(ratio: float, lang: str, *, cap: float | None = None) -> str:
    """A ratio as a whole percentage: ``0.667`` -> ``67%`` (en), ``67 %`` (de, no-break space).

    With ``cap``, a ratio at or above it is written ``≥`` the cap
    (``≥ 1,000%``, with a no-break space): the figure was capped, the true value is larger.
    """
    lang_ = language(lang)
    if cap is not None and ratio >= cap:
        return "≥" + NBSP + _format("percent", cap, lang_, PERCENT_DECIMALS, None)
    return _format("percent", ratio, lang_, PERCENT_DECIMALS, None)


def format_money(amount: float, currency: str, lang: str) -> str:
    """An amount in whole units with the currency's sign where the language puts it.

    ``€18,000`` (en), ``18.000 €`` (de); a currency CLDR has no sign for is
    written as given (``CHF 18,000``, ``18.000 CHF``).
    """
    return _format("currency", amount, language(lang), MONEY_DECIMALS, currency)


def format_amount(amount: float, lang: str) -> str:
    """An amount in whole units without the currency, for a table column whose header names it."""
    return _format("decimal", amount, language(lang), MONEY_DECIMALS, None)


def currency_symbol(currency: str, lang: str) -> str:
    """The sign ``format_money`` writes for ``currency``: ``€`` for ``EUR``, ``CHF`` for ``CHF``."""
    return str(get_currency_symbol(currency, _locale(language(lang))))


def chart_number_format(lang: str) -> dict[str, object]:
    """The symbols and percent pattern this module uses, for ``masa-charts.js`` to format axis ticks.

    ``{"decimal": ".", "group": ",", "grouping": [3, 3], "minus": "-",
    "infinity": "∞", "percent": ["", "%"], "decimals": 2, "amount_decimals": 0}``
    in English: the charts write their ticks and tooltips as the tables beside
    them do, without a number table of their own. The browser rounds to the
    same number of decimals, half away from zero, but from the binary value
    (``toFixed``); axis ticks are round numbers, so this does not show.
    """
    lang_ = language(lang)
    loc, percent = _locale(lang_), _pattern(lang_, "percent", PERCENT_DECIMALS)
    return {
        "decimal": get_decimal_symbol(loc),
        "group": get_group_symbol(loc),
        "grouping": list(percent.grouping),
        "minus": get_minus_sign_symbol(loc),
        "infinity": get_infinity_symbol(loc),
        "percent": [percent.prefix[0], percent.suffix[0]],
        "decimals": NUMBER_DECIMALS,
        "amount_decimals": MONEY_DECIMALS,
    }
