"""The /insights/ page: headline figures, charts, their tables and how each is computed.

The page is Markdown for headings and the fixed explanations, and raw HTML
blocks for everything that comes from content (escaped in ``charts.html``),
shielded from the Markdown renderer (``masa_playbook.rawhtml``).
MkDocs does not rewrite links inside raw HTML, so links are written as the
browser resolves them from ``/insights/`` with directory URLs:
``../campaigns/<slug>/``, ``../plays/<id>/``, ``../sonicht/<id>/``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from masa_playbook.charts.campaign import short
from masa_playbook.charts.html import Cell, Html, block, details, esc, figure, link, table
from masa_playbook.charts.insights_funnel import funnel_sections
from masa_playbook.charts.labels import DASH, Labels
from masa_playbook.figures import ATTAINMENT_CAP, outcome, pipeline_per_cost, roi
from masa_playbook.insights import (
    HEADLINE_KEYS,
    GroupFigures,
    antipattern_figures,
    by_channel,
    by_industry,
    by_initiator,
    by_play,
    by_quarter,
    headline,
    plays_never_used,
)
from masa_playbook.model import Expected
from masa_playbook.numbers import currency_symbol
from masa_playbook.playbook import Playbook
from masa_playbook.rawhtml import ascii_html, shield

#: Outcome keys in stacking order, with the CSS variable each is drawn in.
OUTCOME_COLORS: dict[str, str] = {
    "success": "var(--masa-success)",
    "mixed": "var(--masa-mixed)",
    "failure": "var(--masa-failure)",
    "open": "var(--masa-open)",
}


@dataclass(frozen=True)
class Name:
    """How a row is named: plain text, linked when its page exists in the build."""

    text: str
    href: str | None = None

    def cell(self) -> Cell:
        """The name as a table cell: a link, or text that the table escapes."""
        return link(self.href, self.text) if self.href else self.text

    def html(self) -> str:
        """The name as inline HTML."""
        return link(self.href, self.text) if self.href else esc(self.text)


def _note(lead: str, names: list[Name]) -> str:
    items = ", ".join(n.html() for n in names)
    return f'\n\n<p class="masa-note">{esc(lead)} {items}.</p>'


def _open(group: GroupFigures) -> int:
    """Campaigns of the group without a computed outcome."""
    return group.campaigns - group.successes - group.mixed - group.failures


def campaign_href(slug: str) -> str:
    """The URL of a campaign page, relative to /insights/."""
    return f"../campaigns/{slug}/"


class InsightsPage:
    """Builds the sections of the page for one playbook and language."""

    def __init__(self, pb: Playbook, today: dt.date, labels: Labels) -> None:
        self.pb, self.today, self.t = pb, today, labels

    @property
    def currency(self) -> str:
        """The sign of the playbook's currency, as amounts are written with it: ``€`` for EUR."""
        return currency_symbol(self.pb.config.currency, self.t.lang)

    def money(self, what: str) -> str:
        """A money column's header, e.g. ``Cost (€)``."""
        return self.t("money", what=self.t(what), currency=self.currency)

    def chart(self, kind: str, data: Mapping[str, object], label: str, tab: Html) -> str:
        """A chart of ``kind`` with its table behind a toggle."""
        # The section's paragraph explains the chart; a caption would repeat it.
        fig = figure(kind, data, label=label, caption="", fallback=self.t("chart_fallback"), lang=self.t.lang)
        return block(fig, details(self.t("table_summary"), tab))

    def section(self, title: str, text: str, body: str) -> str:
        """A section: its heading, its explanation, and its body (or "nothing to show yet").

        The body (charts and tables of figures) is kept out of the search
        index: search finds the section by its heading and explanation, and
        a table of a thousand campaigns is over Zensical's size limit for
        one search entry.
        """
        return f"## {title}\n\n{text}\n\n{shield(body, search=False) if body else esc(self.t('nothing'))}\n"

    # ------------------------------------------------------------ headline

    def headline(self) -> str:
        """The headline figures, written as the dashboard writes them."""
        t, figures = self.t, headline(self.pb)
        money = {"total_budget", "total_cost", "total_pipeline", "total_won"}
        items = []
        for key in HEADLINE_KEYS:
            value = figures[key]
            # Written as the dashboard writes the same figure (masa_playbook.numbers).
            if key == "success_rate":
                text = t.percent(value)
            elif key == "median_attainment":
                text = t.attainment(value)
            elif key in money:
                text = t.money(value, self.pb.config.currency)
            else:
                text = t.number(value)
            name = t(key)
            name = name[:1].upper() + name[1:]
            items.append(f"<div><dt>{esc(name)}</dt><dd>{esc(text)}</dd></div>")
        return block(f"<dl>{''.join(items)}</dl>", css_class="masa-headline")

    # ------------------------------------------------------------ outcomes

    def outcomes(self) -> str:
        """Outcomes per quarter: stacked bars and their table."""
        t, quarters = self.t, by_quarter(self.pb)
        rows: list[dict[str, object]] = []
        for q, g in quarters.items():
            counts = {
                "success": g.successes,
                "mixed": g.mixed,
                "failure": g.failures,
                "open": _open(g),
            }
            rows.extend({"quarter": q, "outcome": t(k), "count": n} for k, n in counts.items())
        data = {
            "rows": rows,
            "domain": [t(k) for k in OUTCOME_COLORS],
            "range": list(OUTCOME_COLORS.values()),
            "labels": {"x": t("quarter"), "y": t("campaigns")},
        }
        tab = table(
            t("outcomes_by_quarter"),
            [t("quarter"), t("campaigns"), t("success"), t("mixed"), t("failure"), t("open")],
            [
                [q, *(t.number(n) for n in (g.campaigns, g.successes, g.mixed, g.failures, _open(g)))]
                for q, g in quarters.items()
            ],
            numeric=range(1, 6),
        )
        body = self.chart("outcomes-by-quarter", data, t("label_outcomes"), tab)
        return self.section(t("outcomes_by_quarter"), t("outcomes_by_quarter_text"), body if rows else "")

    # ------------------------------------------------------------ success rates

    def rates(self, what: str, groups: dict[str, GroupFigures], names: dict[str, Name]) -> str:
        """The success rate by ``what`` (initiator, industry, channel or play)."""
        t, label, by = self.t, self.t(what), self.t(f"by_{what}")

        def rate_text(g: GroupFigures) -> str:
            """The bar's label: the rate as the tables write it, and what it counts (``67% (2 of 3)``)."""
            if g.success_rate is None:
                return t("no_retro")
            counted = t("of", a=t.number(g.successes), b=t.number(g.successes + g.mixed + g.failures))
            return f"{t.percent(g.success_rate)} ({counted})"

        data = {
            "rows": [
                {
                    "key": short(names[k].text if k in names else k),
                    "rate": g.success_rate,
                    "text": rate_text(g),
                }
                for k, g in groups.items()
            ],
            "labels": {"x": t("success_rate"), "y": label},
        }
        headers = [label, t("campaigns"), t("with_retro"), t("success"), t("mixed"), t("failure")]
        headers += [t("success_rate"), t("median_attainment")]
        headers += [self.money(k) for k in ("total_cost", "total_pipeline", "total_won")]
        rows = [
            [
                names[k].cell() if k in names else k,
                *(t.number(n) for n in (g.campaigns, g.with_retro, g.successes, g.mixed, g.failures)),
                t.percent(g.success_rate),
                t.attainment(g.median_attainment),
                *(t.amount(n) for n in (g.total_cost, g.total_pipeline, g.total_won)),
            ]
            for k, g in groups.items()
        ]
        tab = table(t("rate_by", what=by), headers, rows, numeric=range(1, 11))
        text = t("rate_by_text") + (" " + t("rate_by_channel_text") if what == "channel" else "")
        body = self.chart("success-rate", data, t("label_rate", what=by), tab) if groups else ""
        if what == "play" and (unused := plays_never_used(self.pb)):
            body += _note(t("plays_never_used"), [names[p] if p in names else Name(p) for p in unused])
        return self.section(t("rate_by", what=by), text, body)

    def all_rates(self) -> str:
        """The success rates by initiator, industry, channel and play."""
        pb, t = self.pb, self.t
        plays = {i: Name(e.play.title, f"../plays/{i}/") for i, e in pb.plays.items()}
        sides = {"marketing": Name(t("marketing")), "sales": Name(t("sales"))}
        return "\n".join(
            [
                self.rates("initiator", by_initiator(pb), sides),
                self.rates("industry", by_industry(pb), {}),
                self.rates("channel", by_channel(pb), {}),
                self.rates("play", by_play(pb), plays),
            ]
        )

    # ------------------------------------------------------------ anti-patterns

    def antipatterns(self) -> str:
        """The #sonicht anti-patterns per quarter, and those never named."""
        t, pb = self.t, self.pb
        entries = antipattern_figures(pb, today=self.today)
        seen = [e for e in entries.values() if e.count]
        never = [e for e in entries.values() if not e.count]

        def name(ident: str, title: str) -> Name:
            return Name(title, f"../sonicht/{ident}/" if ident in pb.antipatterns else None)

        data = {
            "cells": [
                {"name": short(e.title), "quarter": q, "count": n}
                for e in seen
                for q, n in e.per_quarter.items()
            ],
            "rows": [short(e.title) for e in seen],
            "labels": {"x": t("quarter"), "y": t("antipattern"), "count": t("count")},
        }
        headers = [t("antipattern"), t("count"), t("first_seen"), t("last_seen"), t("trend"), t("campaigns")]
        rows = [
            [
                name(e.id, e.title).cell(),
                t.number(e.count),
                e.first_seen.isoformat() if e.first_seen else DASH,
                e.last_seen.isoformat() if e.last_seen else DASH,
                t(e.trend),
                Html(", ".join(self.campaign_name(s).cell() for s in dict.fromkeys(e.campaigns))),
            ]
            for e in seen
        ]
        tab = table(t("antipatterns"), headers, rows, numeric=[1])
        body = ""
        if seen:
            body = self.chart("antipatterns", data, t("label_antipatterns"), tab)
        if never:
            body += _note(t("antipatterns_never_seen"), [name(e.id, e.title) for e in never])
        return self.section(t("antipatterns"), t("antipatterns_text"), body)

    def campaign_name(self, slug: str) -> Name:
        """A campaign's title, linked to its page."""
        campaign = self.pb.campaigns.get(slug)
        return Name(campaign.title if campaign else slug, campaign_href(slug))

    # ------------------------------------------------------------ cost and return

    def cost_return(self) -> str:
        """Cost against pipeline and won business per campaign."""
        t, currency = self.t, self.currency
        points: list[dict[str, object]] = []
        rows: list[list[Cell]] = []
        for c in sorted(self.pb.campaigns.values(), key=lambda c: c.slug):
            if c.retro is None:
                continue
            returned = c.retro.return_ or Expected()
            result = t(outcome(c) or "open")
            points.append(
                {
                    "title": short(c.title, 24),
                    "name": short(c.title, 80),
                    "href": campaign_href(c.slug),
                    "cost": c.retro.cost,
                    "pipeline": returned.pipeline,
                    "won": returned.won,
                    "outcome": result,
                }
            )
            rows.append(
                [
                    self.campaign_name(c.slug).cell(),
                    result,
                    *(t.amount(n) for n in (c.retro.cost, returned.pipeline, returned.won)),
                    t.percent(roi(c)),
                    t.ratio(pipeline_per_cost(c)),
                ]
            )
        data = {
            "points": points,
            "domain": [t(k) for k in OUTCOME_COLORS],
            "range": list(OUTCOME_COLORS.values()),
            "labels": {
                "x": self.money("total_cost"),
                "y": f"{t('total_pipeline')} / {t('total_won')} ({currency})",
                "pipeline": t("total_pipeline"),
                "won": t("total_won"),
                "outcome": t("outcome"),
                "campaign": t("campaign"),
            },
        }
        headers = [t("campaign"), t("outcome")]
        headers += [self.money(k) for k in ("total_cost", "total_pipeline", "total_won")]
        headers += [t("roi"), t("pipeline_per_cost")]
        tab = table(t("cost_return"), headers, rows, numeric=range(2, 7))
        body = ""
        if points:
            body = self.chart("cost-return", data, t("label_cost_return"), tab)
        return self.section(t("cost_return"), t("cost_return_text"), body)


def insights_markdown(pb: Playbook, *, today: dt.date, lang: str) -> str:
    """The whole Markdown of /insights/, starting with ``# Insights`` (``# Auswertungen`` in German).

    Headline figures, then outcomes per quarter, success rate by initiator,
    industry, channel and play, anti-patterns over time, cost against
    return, cost per meeting and opportunity and sourced against influenced
    pipeline (``charts.insights_funnel``, when retros report them), each
    chart with its table, and how the numbers are computed.
    ``pb`` must already be the audience's view: nothing else is looked at.
    """
    labels = Labels.of(lang)
    page = InsightsPage(pb, today, labels)
    # The explanations are Markdown, not a shielded block: the cap is written
    # in ASCII by hand (German "1.000&#160;%"), as every generated figure is.
    parts = [
        f"# {labels('insights')}\n",
        esc(labels("intro", n=labels.number(len(pb.campaigns)))) + "\n",
        shield(page.headline()),
        page.outcomes(),
        page.all_rates(),
        page.antipatterns(),
        page.cost_return(),
        *funnel_sections(page),
        f"## {labels('how')}\n\n{labels('how_items', cap=ascii_html(labels.percent(ATTAINMENT_CAP)))}\n",
    ]
    return "\n".join(parts)
