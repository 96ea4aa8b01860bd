"""What every chart of a site shares, written once as a script instead of into every page.

The number symbols (``numbers.chart_number_format``) and the words of the
campaign charts (axis titles, task states) are the same on each of a
thousand campaign pages, so they are not in the pages' data islands: the
site ships them as ``masa-charts-settings.js``, which sets
``window.masaChartSettings`` before ``masa-charts.js`` draws. A data island
holds only what is particular to its chart; words that depend on the data,
such as a column naming the currency on /insights/, stay in the island.

The script is JSON assigned to a global, written by ``html.data_island``:
nothing from content goes into it, and it would be inert if it did.
"""

from __future__ import annotations

from typing import Any

from masa_playbook.charts.html import data_island
from masa_playbook.charts.labels import Labels
from masa_playbook.numbers import chart_number_format

#: The global that ``masa-charts.js`` reads.
GLOBAL = "masaChartSettings"


def chart_settings(lang: str) -> dict[str, Any]:
    """The shared settings of the charts in ``lang``: number ``format``, campaign chart ``labels``, task ``states``."""
    t = Labels.of(lang)
    return {
        "format": chart_number_format(t.lang),
        "labels": {
            "timeline": {
                "x": t("due"),
                "y": t("owner"),
                "today": t("today"),
                "task": t("task"),
                "status": t("status"),
            },
            "goals": {
                "x": t("share_of_target"),
                "target": t("target"),
                "actual": t("actual"),
                "met": t("met"),
                "yes": t("yes"),
                "no": t("no"),
            },
        },
        "states": {"done": t("task_done"), "open": t("task_open"), "overdue": t("overdue")},
    }


def settings_script(lang: str) -> str:
    """The JavaScript that sets ``window.masaChartSettings`` to ``chart_settings(lang)``."""
    return f"window.{GLOBAL} = {data_island(chart_settings(lang))};\n"
