"""Labels of the generated pages in English and German.

The language follows ``theme.language`` in ``mkdocs.yml`` (``de``, ``de-CH``
... are German); every other language gets English. A label is looked up by
key; a missing key is a programming error and raises ``KeyError``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

#: key -> (English, German)
_LABELS: dict[str, tuple[str, str]] = {
    # statuses, outcomes, sides and functions
    "idea": ("idea", "Idee"),
    "planned": ("planned", "geplant"),
    "running": ("running", "läuft"),
    "done": ("done", "abgeschlossen"),
    "cancelled": ("cancelled", "abgebrochen"),
    "success": ("success", "Erfolg"),
    "mixed": ("mixed", "gemischt"),
    "failure": ("failure", "Misserfolg"),
    "no-outcome": ("open", "offen"),
    "marketing": ("Marketing", "Marketing"),
    "sales": ("Sales", "Vertrieb"),
    "presales": ("Pre-sales", "Pre-Sales"),
    "professional-services": ("Professional services", "Professional Services"),
    "partner-management": ("Partner management", "Partnermanagement"),
    "leadership": ("Leadership", "Leitung"),
    "other": ("Other", "Sonstige"),
    "internal": ("internal", "intern"),
    "public": ("public", "öffentlich"),
    # summary card
    "summary": ("Summary", "Überblick"),
    "status": ("Status", "Status"),
    "initiated_by": ("Initiated by", "Initiiert von"),
    "period": ("Period", "Zeitraum"),
    "industry": ("Industry", "Branche"),
    "segment": ("Segment", "Segment"),
    "regions": ("Regions", "Regionen"),
    "accounts": ("Accounts", "Accounts"),
    "target_accounts": ("Target accounts", "Zielaccounts"),
    "channels": ("Channels", "Kanäle"),
    "channel": ("Channel", "Kanal"),
    "play": ("Play", "Play"),
    "tags": ("Tags", "Tags"),
    "visibility": ("Visibility", "Sichtbarkeit"),
    "cancelled_reason": ("Why it was cancelled", "Grund für den Abbruch"),
    "owners": ("Owners", "Verantwortlich"),
    "contributors": ("Contributors", "Mitwirkende"),
    "year": ("Year", "Jahr"),
    "start": ("Start", "Beginn"),
    "campaign": ("Campaign", "Kampagne"),
    # goals
    "goals": ("Goals", "Ziele"),
    "metric": ("Metric", "Kennzahl"),
    "target": ("Target", "Ziel"),
    "actual": ("Actual", "Ist"),
    "attainment": ("Attainment", "Erreichung"),
    "met": ("met", "erreicht"),
    "not-met": ("not met", "nicht erreicht"),
    "not-reported": ("not reported yet", "noch nicht berichtet"),
    "at_least": ("at least", "mindestens"),
    "at_most": ("at most", "höchstens"),
    "due": ("Due", "Fällig"),
    # money
    "money": ("Budget and return", "Budget und Ertrag"),
    "budget": ("Budget", "Budget"),
    "cost": ("Cost", "Kosten"),
    "expected": ("Expected", "Erwartet"),
    "pipeline": ("Pipeline", "Pipeline"),
    "won": ("Won", "Gewonnen"),
    "roi": ("ROI", "ROI"),
    "pipeline_per_cost": ("Pipeline per unit of cost", "Pipeline je Kosteneinheit"),
    "cost_vs_budget": ("Cost against budget", "Kosten gegenüber Budget"),
    "sourced": ("Pipeline sourced by marketing", "Von Marketing erzeugte Pipeline"),
    "influenced": ("Pipeline influenced by marketing", "Von Marketing beeinflusste Pipeline"),
    "sourced_share": ("Sourced share of the pipeline", "Anteil erzeugter Pipeline"),
    "responses": ("Responses", "Responses"),
    "leads": ("Leads", "Leads"),
    "meetings": ("Meetings", "Termine"),
    "opportunities": ("Opportunities", "Opportunities"),
    "cost_per_lead": ("Cost per lead", "Kosten je Lead"),
    "cost_per_meeting": ("Cost per meeting", "Kosten je Termin"),
    "cost_per_opportunity": ("Cost per opportunity", "Kosten je Opportunity"),
    "crm_record": ("CRM record", "CRM-Datensatz"),
    # "Learned before" (plans with status idea or planned)
    "learned-before": ("Learned before", "Früher gelernt"),
    "retros-to-read": ("Retros to read", "Lesenswerte Retros"),
    "sonicht-seen-here": ("#sonicht seen most often here", "#sonicht, hier am häufigsten"),
    "in-retros": ("in {n} retros", "in {n} Retros"),
    "in-one-retro": ("in 1 retro", "in 1 Retro"),
    "with-retro": ("{n} campaigns with a retro", "{n} Kampagnen mit Retro"),
    "with-retro-one": ("1 campaign with a retro", "1 Kampagne mit Retro"),
    "track-judged": (
        "{successes} of {sample} succeeded ({rate})",
        "{successes} von {sample} erfolgreich ({rate})",
    ),
    "track-too-few": (
        "{sample}: too few campaigns to judge (a success rate needs {needed})",
        "{sample}: zu wenige Kampagnen für ein Urteil (eine Erfolgsquote braucht {needed})",
    ),
    # tasks, plan, retro
    "tasks": ("Who does what by when", "Wer macht was bis wann"),
    "task-done": ("done", "erledigt"),
    "task-open": ("open", "offen"),
    "plan": ("The plan", "Der Plan"),
    "retro": ("Retro", "Retro"),
    "date": ("Date", "Datum"),
    "authors": ("Authors", "Autoren"),
    "outcome": ("Outcome", "Ergebnis"),
    "went_well": ("What went well", "Was gut lief"),
    "learnings": ("Learnings", "Erkenntnisse"),
    "sonicht": ("#sonicht", "#sonicht"),
    "no-retro": ("No retro yet.", "Noch keine Retro."),
    "edit-retro": ("Edit the retro", "Retro bearbeiten"),
    # index pages
    "dashboard": ("Dashboard", "Übersicht"),
    "campaigns": ("Campaigns", "Kampagnen"),
    "campaigns-intro": (
        "Every campaign of the playbook. Click a column to sort, pick values to filter.",
        "Alle Kampagnen des Playbooks. Spalte anklicken zum Sortieren, Werte wählen zum Filtern.",
    ),
    "all": ("all", "alle"),
    "shown-of": ("{shown} of {total} campaigns", "{shown} von {total} Kampagnen"),
    "wins": ("Wins", "Erfolge"),
    "wins-intro": (
        "Campaigns in which every shared goal was met: {count}. Celebrate them, and copy what worked.",
        "Kampagnen, in denen jedes gemeinsame Ziel erreicht wurde: {count}. Feiern und nachmachen.",
    ),
    "lessons": ("Lessons", "Lektionen"),
    "lessons-intro": (
        "Campaigns in which some or none of the shared goals were met: {count}. What we learned from them.",
        "Kampagnen, in denen einige oder keine der gemeinsamen Ziele erreicht wurden: {count}. "
        "Was wir daraus gelernt haben.",
    ),
    "none-yet": ("None yet.", "Noch keine."),
    # catalogue
    "plays": ("Plays", "Plays"),
    "plays-intro": (
        "Reusable ways to run a campaign, with the track record of the campaigns that used them.",
        "Wiederverwendbare Vorgehen für Kampagnen, mit der Bilanz der Kampagnen, die sie genutzt haben.",
    ),
    "when": ("When to use it", "Wann es passt"),
    "roles": ("Roles", "Rollen"),
    "steps": ("Steps", "Schritte"),
    "step": ("Step", "Schritt"),
    "function": ("Function", "Funktion"),
    "day": ("Day", "Tag"),
    "suggested-goals": ("Suggested goals", "Empfohlene Ziele"),
    "watch-out": ("Watch out for", "Vorsicht vor"),
    "track-record": ("Track record", "Bilanz"),
    "success-rate": ("Success rate", "Erfolgsquote"),
    "used-by": ("Campaigns using it", "Kampagnen mit diesem Play"),
    "sonicht-title": ("#sonicht anti-patterns", "#sonicht-Anti-Patterns"),
    "sonicht-intro": (
        "#sonicht (German for 'not like this'): anti-patterns we ran into, and where.",
        "#sonicht: Anti-Patterns, in die wir gelaufen sind, und wo.",
    ),
    "symptoms": ("Symptoms", "Anzeichen"),
    "instead": ("Instead", "Stattdessen"),
    "aliases": ("Also known as", "Auch bekannt als"),
    "where-seen": ("Where it was seen", "Wo es auftrat"),
    "seen": ("Seen", "Gesehen"),
    "first-seen": ("First seen", "Zuerst gesehen"),
    "last-seen": ("Last seen", "Zuletzt gesehen"),
    "never-seen": ("No retro names it yet.", "Noch in keiner Retro genannt."),
    # dashboard and insights
    "by-status": ("Campaigns by status", "Kampagnen nach Status"),
    "outcomes": ("Outcomes", "Ergebnisse"),
    "median-attainment": ("Median attainment", "Median der Zielerreichung"),
    "recent-retros": ("Recent retros", "Neueste Retros"),
    "top-antipatterns": ("Top #sonicht anti-patterns", "Häufigste #sonicht-Anti-Patterns"),
    "total": ("Total", "Gesamt"),
    "insights": ("Insights", "Auswertungen"),
    # API
    "schemas": ("JSON Schemas", "JSON-Schemas"),
    "schemas-intro": (
        "The content contract as JSON Schemas, for editors and other tools. "
        "Every campaign of this build with its computed figures is in {json}.",
        "Der Inhaltsvertrag als JSON-Schemas, für Editoren und andere Werkzeuge. "
        "Jede Kampagne dieses Builds mit ihren berechneten Kennzahlen steht in {json}.",
    ),
    "file": ("File", "Datei"),
    "describes": ("Describes", "Beschreibt"),
}


@dataclass(frozen=True)
class Labels:
    """The labels of one language; call with a key (and format arguments)."""

    lang: str

    @property
    def german(self) -> bool:
        """True when the labels are German."""
        return self.lang == "de"

    def __call__(self, key: str, **values: object) -> str:
        """The label for ``key`` in this language, formatted with ``values``."""
        english, german = _LABELS[key]
        text = german if self.german else english
        return text.format(**values) if values else text


@functools.lru_cache(maxsize=32)
def labels(language: str | None) -> Labels:
    """The labels for a theme language such as ``en``, ``de`` or ``de-AT``."""
    base = (language or "en").split("-")[0].split("_")[0].lower()
    return Labels("de" if base == "de" else "en")


def has_label(key: str) -> bool:
    """True when ``key`` is a known label (e.g. a status or a function)."""
    return key in _LABELS
