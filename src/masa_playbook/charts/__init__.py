"""Charts people would rather look at than read, with the numbers as tables beside them.

The figures are computed at build time (``masa_playbook.figures`` and
``masa_playbook.insights``) and written into the page twice: as an accessible
HTML table, and as a JSON data island in a ``<figure class="masa-chart">``
that ``assets/masa-charts.js`` draws with Observable Plot in the browser.
Plot and d3 are vendored (``assets/vendor/``) and served by the site itself:
no network access at build time, no third-party CDN at view time.

What a site engine needs:

- ``ASSETS``: site-relative path -> file on disk, to copy into the site;
- ``SETTINGS_SCRIPT``: the site-relative path of the one generated file,
  ``settings_script(lang)`` (number symbols and words every chart shares);
- ``JAVASCRIPT`` and ``STYLESHEETS``: site-relative paths, in load order, to
  add to every page;
- ``campaign_charts_html`` for a campaign page and ``insights_markdown`` for
  /insights/.
"""

from __future__ import annotations

from pathlib import Path

from masa_playbook.charts.campaign import campaign_charts_html
from masa_playbook.charts.insights_page import insights_markdown
from masa_playbook.charts.settings import settings_script

_HERE = Path(__file__).parent / "assets"
_SITE_DIR = "assets/masa"

#: Versions of the vendored libraries (see assets/vendor/README.md to update them).
VENDORED: dict[str, str] = {"d3": "7.9.2", "@observablehq/plot": "0.6.17"}

#: Site-relative path -> file on disk, for every file the charts need in the built site.
ASSETS: dict[str, Path] = {
    f"{_SITE_DIR}/vendor/d3.min.js": _HERE / "vendor" / "d3.min.js",
    f"{_SITE_DIR}/vendor/plot.umd.min.js": _HERE / "vendor" / "plot.umd.min.js",
    f"{_SITE_DIR}/vendor/LICENSE-d3.txt": _HERE / "vendor" / "LICENSE-d3.txt",
    f"{_SITE_DIR}/vendor/LICENSE-plot.txt": _HERE / "vendor" / "LICENSE-plot.txt",
    f"{_SITE_DIR}/masa-charts.js": _HERE / "masa-charts.js",
    f"{_SITE_DIR}/masa-charts.css": _HERE / "masa-charts.css",
}

#: The generated script with the settings every chart shares (``settings_script``).
SETTINGS_SCRIPT = f"{_SITE_DIR}/masa-charts-settings.js"

#: Scripts for every page, settings first. masa-charts.js loads d3 and Plot
#: from ``vendor/`` beside it, and only on pages that have a chart.
JAVASCRIPT: list[str] = [SETTINGS_SCRIPT, f"{_SITE_DIR}/masa-charts.js"]

#: Stylesheets for every page.
STYLESHEETS: list[str] = [f"{_SITE_DIR}/masa-charts.css"]

__all__ = [
    "ASSETS",
    "JAVASCRIPT",
    "SETTINGS_SCRIPT",
    "STYLESHEETS",
    "VENDORED",
    "campaign_charts_html",
    "insights_markdown",
    "settings_script",
]
