"""Words of the charts in English and German, and their figures through ``masa_playbook.numbers``.

Figures are formatted at build time, for the tables next to every chart and
the labels drawn on them, by the one number formatter of the site:
``16,200`` and ``85%`` in English, ``16.200`` and ``85 %`` in German. The
charts themselves get the raw numbers, the words they need (axis titles,
outcome names) and the number symbols for their axis ticks
(``numbers.chart_number_format``) through their data islands, so the
JavaScript holds no language of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from masa_playbook import numbers
from masa_playbook.figures import ATTAINMENT_CAP

_EN: dict[str, str] = {
    "insights": "Insights",
    "intro": "Every number on this page is computed from the plans and retros of the {n} campaigns "
    "in this build; nothing is typed in by hand.",
    "chart_fallback": "This chart needs JavaScript. Its figures are in the table below.",
    "chart_fallback_page": "This chart needs JavaScript. Its figures are in the tables of this page.",
    "table_summary": "Figures as a table",
    "nothing": "Nothing to show yet.",
    # outcomes and statuses
    "success": "success",
    "mixed": "mixed",
    "failure": "failure",
    "open": "no outcome yet",
    "done": "done",
    "running": "running",
    "planned": "planned",
    "ideas": "ideas",
    "cancelled": "cancelled",
    "marketing": "Marketing",
    "sales": "Sales",
    # headline
    "campaigns": "Campaigns",
    "successes": "Successes",
    "failures": "Failures",
    "success_rate": "Success rate",
    "median_attainment": "Median goal attainment",
    "total_budget": "Budget",
    "total_cost": "Cost",
    "total_pipeline": "Pipeline",
    "total_won": "Won",
    # columns
    "quarter": "Quarter",
    "with_retro": "With retro",
    "campaign": "Campaign",
    "initiator": "Initiator",
    "industry": "Industry",
    "channel": "Channel",
    "play": "Play",
    "antipattern": "Anti-pattern",
    "count": "Retros naming it",
    "first_seen": "First seen",
    "last_seen": "Last seen",
    "trend": "Trend",
    "rising": "rising",
    "falling": "falling",
    "steady": "steady",
    "outcome": "Outcome",
    "roi": "ROI",
    "pipeline_per_cost": "Pipeline per cost",
    "money": "{what} ({currency})",
    "of": "{a} of {b}",
    "no_retro": "no retro yet",
    # campaign charts
    "timeline": "Who does what by when",
    "timeline_caption": "The plan's tasks by owner, at their due dates; filled: done, ring: open, "
    "red: overdue. The line marks today ({today}).",
    "timeline_caption_no_today": "The plan's tasks by owner, at their due dates; filled: done, ring: open, "
    "red: overdue.",
    "due": "Due",
    "task": "Task",
    "owner": "Owner",
    "state": "Done?",
    "status": "Status",
    "yes": "yes",
    "no": "no",
    "overdue": "overdue",
    "task_done": "done",
    "task_open": "open",
    "today": "today",
    "goals": "Goals: target and actual",
    "goals_caption": "Each goal's actual as a share of its target; the line is the target ({full}). "
    "For at-most goals, less is better.",
    "goals_caption_plan": "The goals' targets; actuals follow with the retro.",
    "goal": "Goal",
    "target": "Target",
    "actual": "Actual",
    "met": "Met?",
    "attainment": "Attainment",
    "share_of_target": "Actual, share of target",
    "at_most": "at most {n}",
    "at_least": "at least {n}",
    # insights sections
    "outcomes_by_quarter": "Outcomes per quarter",
    "outcomes_by_quarter_text": "Campaigns by the quarter they started in, stacked by the outcome "
    "computed from their goals.",
    "rate_by": "Success rate by {what}",
    "by_initiator": "initiator",
    "by_industry": "industry",
    "by_channel": "channel",
    "by_play": "play",
    "rate_by_text": "Successes out of the campaigns with a computed outcome; campaigns without a retro "
    "count as campaigns but not in the rate.",
    "rate_by_channel_text": "A campaign counts once under each of its channels.",
    "plays_never_used": "Plays no campaign has used yet:",
    "antipatterns": "#sonicht anti-patterns over time",
    "antipatterns_text": "How many retros named each anti-pattern, per quarter of the retro. "
    "The trend compares the last four quarters with the four before.",
    "antipatterns_never_seen": "Not named in any retro yet:",
    "cost_return": "Cost and return per campaign",
    "cost_return_text": "Each campaign's actual cost against the pipeline (ring) and won business (dot) "
    "its retro reports. Above the dashed line a campaign brought back more than it cost.",
    "how": "How the numbers are computed",
    "how_items": "\n".join(
        [
            "- **Outcome**: success when every goal is met, failure when none is, mixed otherwise; "
            "a goal is met when the actual reaches the target (at most: stays below it).",
            "- **Goal attainment**: actual ÷ target (at-most goals: target ÷ actual), capped at "
            "{cap}; a campaign's attainment is the median over its goals.",
            "- **Success rate**: successes ÷ campaigns with a computed outcome.",
            "- **Quarter**: the quarter a campaign started in; for anti-patterns, the quarter of the retro.",
            "- **Trend** of an anti-pattern: rising when more retros named it in the last four quarters "
            "(today's included) than in the four before, falling when fewer, steady otherwise.",
            "- **ROI**: (won − cost) ÷ cost; **pipeline per cost**: pipeline ÷ cost.",
            "- **Totals**: budgets from the plans, cost, pipeline and won from the retros that report them.",
            "- **Cost per meeting** (per opportunity) of a group: the cost of its campaigns whose retro "
            "reports meetings (opportunities), divided by the sum of those counts.",
            "- **Sourced** pipeline: opportunities marketing created; **influenced**: opportunities it "
            "touched but did not create. **Sourced share**: sourced ÷ pipeline.",
        ]
    ),
    "label_outcomes": "Stacked bar chart of campaign outcomes per quarter",
    "label_rate": "Bar chart of the success rate by {what}",
    "label_antipatterns": "Chart of how often each anti-pattern was named per quarter",
    "label_cost_return": "Scatter plot of cost against pipeline and won business per campaign",
    "label_timeline": "Timeline of the plan's tasks by owner",
    "label_goals": "Bar chart of goal actuals against targets",
    # funnel (contract v1.1)
    "cost_per_by": "Cost per meeting and opportunity by {what}",
    "cost_per_by_text": "What a meeting and an opportunity cost: the cost of the campaigns whose retro "
    "reports the count, divided by the sum of their counts, cheapest first. Each figure says how many "
    "campaigns are behind it; a campaign that reports 0 adds its cost and nothing to count.",
    "cost_per_meeting": "Cost per meeting",
    "cost_per_opportunity": "Cost per opportunity",
    "meetings": "Meetings",
    "opportunities": "Opportunities",
    "reporting_meetings": "Campaigns reporting meetings",
    "reporting_opportunities": "Campaigns reporting opportunities",
    "n_campaigns": "{n} campaigns",
    "one_campaign": "1 campaign",
    "cost_per_text": "{money} ({campaigns})",
    "none_for": "none for {money} ({campaigns})",
    "label_cost_per_meeting": "Bar chart of the cost per meeting by {what}, cheapest first",
    "label_cost_per_opportunity": "Bar chart of the cost per opportunity by {what}, cheapest first",
    "pipeline_split": "Sourced and influenced pipeline per quarter",
    "pipeline_split_text": "Pipeline of the campaigns whose retro says how much of it marketing sourced "
    "(created the opportunity) and how much it influenced, by the quarter the campaign started in. "
    "What the two leave of the pipeline is unattributed.",
    "sourced": "Sourced",
    "influenced": "Influenced",
    "unattributed": "Unattributed",
    "sourced_share": "Sourced share",
    "label_pipeline_split": "Stacked bar chart of sourced, influenced and unattributed pipeline per quarter",
}

_DE: dict[str, str] = {
    "insights": "Auswertungen",
    "intro": "Jede Zahl auf dieser Seite ist aus den Plänen und Retros der {n} Kampagnen dieses "
    "Builds berechnet; nichts ist von Hand eingetragen.",
    "chart_fallback": "Diese Grafik braucht JavaScript. Ihre Zahlen stehen in der Tabelle darunter.",
    "chart_fallback_page": "Diese Grafik braucht JavaScript. Ihre Zahlen stehen in den Tabellen dieser Seite.",
    "table_summary": "Zahlen als Tabelle",
    "nothing": "Noch nichts zu zeigen.",
    "success": "Erfolg",
    "mixed": "gemischt",
    "failure": "Misserfolg",
    "open": "noch kein Ergebnis",
    "done": "abgeschlossen",
    "running": "laufend",
    "planned": "geplant",
    "ideas": "Ideen",
    "cancelled": "abgebrochen",
    "marketing": "Marketing",
    "sales": "Vertrieb",
    "campaigns": "Kampagnen",
    "successes": "Erfolge",
    "failures": "Misserfolge",
    "success_rate": "Erfolgsquote",
    "median_attainment": "Median der Zielerreichung",
    "total_budget": "Budget",
    "total_cost": "Kosten",
    "total_pipeline": "Pipeline",
    "total_won": "Gewonnen",
    "quarter": "Quartal",
    "with_retro": "Mit Retro",
    "campaign": "Kampagne",
    "initiator": "Initiator",
    "industry": "Branche",
    "channel": "Kanal",
    "play": "Play",
    "antipattern": "Anti-Pattern",
    "count": "Retros, die es nennen",
    "first_seen": "Zuerst gesehen",
    "last_seen": "Zuletzt gesehen",
    "trend": "Trend",
    "rising": "steigend",
    "falling": "fallend",
    "steady": "gleichbleibend",
    "outcome": "Ergebnis",
    "roi": "ROI",
    "pipeline_per_cost": "Pipeline je Kosten",
    "money": "{what} ({currency})",
    "of": "{a} von {b}",
    "no_retro": "noch keine Retro",
    "timeline": "Wer macht was bis wann",
    "timeline_caption": "Die Aufgaben des Plans nach Verantwortlichen, am Fälligkeitsdatum; gefüllt: "
    "erledigt, Ring: offen, rot: überfällig. Die Linie markiert heute ({today}).",
    "timeline_caption_no_today": "Die Aufgaben des Plans nach Verantwortlichen, am Fälligkeitsdatum; "
    "gefüllt: erledigt, Ring: offen, rot: überfällig.",
    "due": "Fällig",
    "task": "Aufgabe",
    "owner": "Verantwortlich",
    "state": "Erledigt?",
    "status": "Status",
    "yes": "ja",
    "no": "nein",
    "overdue": "überfällig",
    "task_done": "erledigt",
    "task_open": "offen",
    "today": "heute",
    "goals": "Ziele: Soll und Ist",
    "goals_caption": "Der Ist-Wert jedes Ziels als Anteil am Soll; die Linie ist das Soll ({full}). "
    "Bei Höchstwert-Zielen ist weniger besser.",
    "goals_caption_plan": "Die Sollwerte der Ziele; die Ist-Werte folgen mit der Retro.",
    "goal": "Ziel",
    "target": "Soll",
    "actual": "Ist",
    "met": "Erreicht?",
    "attainment": "Zielerreichung",
    "share_of_target": "Ist, Anteil am Soll",
    "at_most": "höchstens {n}",
    "at_least": "mindestens {n}",
    "outcomes_by_quarter": "Ergebnisse pro Quartal",
    "outcomes_by_quarter_text": "Kampagnen nach dem Quartal ihres Starts, gestapelt nach dem aus "
    "ihren Zielen berechneten Ergebnis.",
    "rate_by": "Erfolgsquote nach {what}",
    "by_initiator": "Initiator",
    "by_industry": "Branche",
    "by_channel": "Kanal",
    "by_play": "Play",
    "rate_by_text": "Erfolge unter den Kampagnen mit berechnetem Ergebnis; Kampagnen ohne Retro zählen "
    "als Kampagnen, aber nicht in der Quote.",
    "rate_by_channel_text": "Eine Kampagne zählt bei jedem ihrer Kanäle einmal.",
    "plays_never_used": "Plays, die noch keine Kampagne genutzt hat:",
    "antipatterns": "#sonicht-Anti-Patterns im Zeitverlauf",
    "antipatterns_text": "Wie viele Retros jedes Anti-Pattern genannt haben, pro Quartal der Retro. "
    "Der Trend vergleicht die letzten vier Quartale mit den vier davor.",
    "antipatterns_never_seen": "Noch in keiner Retro genannt:",
    "cost_return": "Kosten und Ertrag pro Kampagne",
    "cost_return_text": "Die tatsächlichen Kosten jeder Kampagne gegen die Pipeline (Ring) und das "
    "gewonnene Geschäft (Punkt) aus ihrer Retro. Oberhalb der gestrichelten Linie hat eine Kampagne "
    "mehr eingebracht, als sie gekostet hat.",
    "how": "So werden die Zahlen berechnet",
    "how_items": "\n".join(
        [
            "- **Ergebnis**: Erfolg, wenn jedes Ziel erreicht ist, Misserfolg, wenn keines erreicht ist, "
            "sonst gemischt; ein Ziel ist erreicht, wenn der Ist-Wert das Soll erreicht "
            "(Höchstwert-Ziele: darunter bleibt).",
            "- **Zielerreichung**: Ist ÷ Soll (Höchstwert-Ziele: Soll ÷ Ist), höchstens {cap}; "
            "die Zielerreichung einer Kampagne ist der Median über ihre Ziele.",
            "- **Erfolgsquote**: Erfolge ÷ Kampagnen mit berechnetem Ergebnis.",
            "- **Quartal**: das Quartal des Kampagnenstarts; bei Anti-Patterns das Quartal der Retro.",
            "- **Trend** eines Anti-Patterns: steigend, wenn es in den letzten vier Quartalen (das "
            "heutige eingeschlossen) mehr Retros genannt haben als in den vier davor, fallend bei weniger, "
            "sonst gleichbleibend.",
            "- **ROI**: (gewonnen − Kosten) ÷ Kosten; **Pipeline je Kosten**: Pipeline ÷ Kosten.",
            "- **Summen**: Budgets aus den Plänen, Kosten, Pipeline und Gewonnenes aus den Retros, "
            "die sie nennen.",
            "- **Kosten je Termin** (je Opportunity) einer Gruppe: die Kosten ihrer Kampagnen, deren Retro "
            "Termine (Opportunities) nennt, geteilt durch die Summe dieser Anzahlen.",
            "- **Erzeugte** Pipeline: Opportunities, die Marketing geschaffen hat; **beeinflusste**: "
            "solche, an denen es mitgewirkt, die es aber nicht geschaffen hat. **Anteil erzeugt**: "
            "erzeugt ÷ Pipeline.",
        ]
    ),
    "label_outcomes": "Gestapeltes Balkendiagramm der Kampagnenergebnisse pro Quartal",
    "label_rate": "Balkendiagramm der Erfolgsquote nach {what}",
    "label_antipatterns": "Diagramm, wie oft jedes Anti-Pattern pro Quartal genannt wurde",
    "label_cost_return": "Streudiagramm der Kosten gegen Pipeline und gewonnenes Geschäft pro Kampagne",
    "label_timeline": "Zeitleiste der Aufgaben des Plans nach Verantwortlichen",
    "label_goals": "Balkendiagramm der Ist-Werte der Ziele gegen ihr Soll",
    "cost_per_by": "Kosten je Termin und Opportunity nach {what}",
    "cost_per_by_text": "Was ein Termin und eine Opportunity gekostet haben: die Kosten der Kampagnen, "
    "deren Retro die Anzahl nennt, geteilt durch die Summe ihrer Anzahlen, die günstigsten zuerst. Jede "
    "Zahl sagt, wie viele Kampagnen dahinterstehen; eine Kampagne, die 0 nennt, zählt ihre Kosten und "
    "nichts dazu.",
    "cost_per_meeting": "Kosten je Termin",
    "cost_per_opportunity": "Kosten je Opportunity",
    "meetings": "Termine",
    "opportunities": "Opportunities",
    "reporting_meetings": "Kampagnen mit Terminzahl",
    "reporting_opportunities": "Kampagnen mit Opportunity-Zahl",
    "n_campaigns": "{n} Kampagnen",
    "one_campaign": "1 Kampagne",
    "cost_per_text": "{money} ({campaigns})",
    "none_for": "keine für {money} ({campaigns})",
    "label_cost_per_meeting": "Balkendiagramm der Kosten je Termin nach {what}, die günstigsten zuerst",
    "label_cost_per_opportunity": "Balkendiagramm der Kosten je Opportunity nach {what}, die günstigsten zuerst",
    "pipeline_split": "Erzeugte und beeinflusste Pipeline pro Quartal",
    "pipeline_split_text": "Pipeline der Kampagnen, deren Retro sagt, wie viel davon Marketing erzeugt "
    "(die Opportunity geschaffen) und wie viel es beeinflusst hat, nach dem Quartal des Kampagnenstarts. "
    "Was beide von der Pipeline übrig lassen, ist nicht zugeordnet.",
    "sourced": "Erzeugt",
    "influenced": "Beeinflusst",
    "unattributed": "Nicht zugeordnet",
    "sourced_share": "Anteil erzeugt",
    "label_pipeline_split": "Gestapeltes Balkendiagramm der erzeugten, beeinflussten und nicht "
    "zugeordneten Pipeline pro Quartal",
}

DASH = "–"


@dataclass(frozen=True)
class Labels:
    """The words of one language (``en`` or ``de``), and its figures with ``–`` for unknown ones."""

    lang: str

    @classmethod
    def of(cls, lang: str) -> Labels:
        """German for ``de`` and ``de-*``, English for anything else."""
        return cls(numbers.language(lang))

    def __call__(self, key: str, **values: object) -> str:
        """The text for ``key``, with ``{placeholders}`` filled in."""
        text = (_DE if self.lang == "de" else _EN)[key]
        return text.format(**values) if values else text

    def number(self, value: float | None) -> str:
        """``numbers.format_number``: ``1,234.5`` (en), ``1.234,5`` (de); ``–`` for ``None``."""
        return DASH if value is None else numbers.format_number(value, self.lang)

    def amount(self, value: float | None) -> str:
        """``numbers.format_amount``: money in whole units, for a column that names the currency."""
        return DASH if value is None else numbers.format_amount(value, self.lang)

    def money(self, value: float | None, currency: str) -> str:
        """``numbers.format_money``: ``€18,000`` (en), ``18.000 €`` (de); ``–`` for ``None``."""
        return DASH if value is None else numbers.format_money(value, currency, self.lang)

    def ratio(self, value: float | None) -> str:
        """``numbers.format_ratio``: pipeline per cost, ``18.75``; ``–`` for ``None``."""
        return DASH if value is None else numbers.format_ratio(value, self.lang)

    def percent(self, ratio: float | None) -> str:
        """``numbers.format_percent``: ``85%`` (en) or ``85 %`` (de) for 0.85; ``–`` for ``None``."""
        return DASH if ratio is None else numbers.format_percent(ratio, self.lang)

    def attainment(self, ratio: float | None) -> str:
        """An attainment as a percentage, ``≥ 1,000%`` when it reached the cap."""
        return DASH if ratio is None else numbers.format_percent(ratio, self.lang, cap=ATTAINMENT_CAP)
