"""Labels and hints of the web editor's fields, in English and German.

The English hint of a field is its description in ``masa_playbook.model``
(the contract's single source); this table adds a short label in both
languages and the German hint. A field is looked up as ``Model.field`` first
(``Goal.owners`` is not ``Plan.owners``), then as ``field``. A field without
an entry falls back to a label made from its name and the English hint, so a
new field of the contract reaches the editor at once;
``tests/test_cms_config.py`` fails until it is translated here.
"""

from __future__ import annotations

#: key -> (English label, German label, German hint)
FIELDS: dict[str, tuple[str, str, str]] = {
    # people.yml
    "name": ("Name", "Name", "Der volle Name, wie ihn die Leser kennen."),
    "function": ("Function", "Funktion", "Die Seite oder das Team, in dem die Person arbeitet."),
    "email": ("E-mail", "E-Mail", "Optionale Kontaktadresse."),
    # plans
    "title": ("Title", "Titel", "Der Name der Kampagne, unter dem Leser sie suchen."),
    "initiated_by": ("Initiated by", "Initiiert von", "Welche Seite die Kampagne angestoßen hat."),
    "status": ("Status", "Status", "Wo die Kampagne steht."),
    "period": ("Period", "Zeitraum", "Wann sie läuft: Beginn und Ende."),
    "start": ("Start", "Beginn", "Erster Tag."),
    "end": ("End", "Ende", "Letzter Tag; nicht vor dem Beginn."),
    "owners": (
        "Owners",
        "Verantwortlich",
        "Mindestens eine verantwortliche Person aus Marketing und eine aus dem Vertrieb.",
    ),
    "Owners.marketing": ("Marketing", "Marketing", "Verantwortliche aus dem Marketing."),
    "Owners.sales": ("Sales", "Vertrieb", "Verantwortliche aus dem Vertrieb."),
    "contributors": (
        "Contributors",
        "Mitwirkende",
        "Pre-Sales, Services, Partnermanagement und alle anderen, die etwas beitragen.",
    ),
    "audience": ("Audience", "Zielgruppe", "Für wen die Kampagne ist."),
    "industry": ("Industry", "Branche", "Pflicht, außer im Status Idee."),
    "segment": ("Segment", "Segment", "Z. B. Mittelstand, Großkunden."),
    "regions": ("Regions", "Regionen", "Regionen oder Länder."),
    "accounts": ("Accounts", "Accounts", "Wie viele Accounts die Kampagne anspricht."),
    "target_accounts": (
        "Target accounts",
        "Zielaccounts",
        "Vertraulich: nie Teil eines öffentlichen Builds.",
    ),
    "channels": (
        "Channels",
        "Kanäle",
        "Wie die Zielgruppe erreicht wird; Begriffe aus der Kanalliste des Playbooks.",
    ),
    "budget": ("Budget", "Budget", "Geplante Ausgaben; Pflicht, außer im Status Idee."),
    "expected": ("Expected return", "Erwarteter Ertrag", "Der erwartete Ertrag, vorab."),
    "pipeline": ("Pipeline", "Pipeline", "Qualifizierte Pipeline."),
    "won": ("Won", "Gewonnen", "Abgeschlossenes, gewonnenes Geschäft."),
    "goals": ("Goals", "Ziele", "Gemeinsame, messbare Ziele mit Zielwerten."),
    "id": ("Id", "Kennung", "Kurze Kennung; die Retro meldet darunter ein Ergebnis."),
    "metric": ("Metric", "Kennzahl", "Was gezählt wird, z. B. „Termine vor der Messe gebucht“."),
    "target": ("Target", "Zielwert", "Die Zahl, die erreicht werden soll (mehr als 0)."),
    "direction": (
        "Direction",
        "Richtung",
        "at_least (Standard) oder at_most (z. B. Kosten pro Lead).",
    ),
    "Goal.due": ("Due", "Fällig", "Wann das Ziel gemessen wird."),
    "Goal.owners": ("Owners", "Verantwortlich", "Wer für dieses Ziel verantwortlich ist."),
    "tasks": ("Tasks", "Aufgaben", "Der gemeinsame Plan: wer macht was bis wann."),
    "task": ("Task", "Aufgabe", "Was getan wird."),
    "owner": ("Owner", "Verantwortlich", "Wer es tut (ein Kürzel aus people.yml)."),
    "due": ("Due", "Fällig", "Bis wann; innerhalb des Kampagnenzeitraums."),
    "done": ("Done", "Erledigt", "An, sobald die Aufgabe erledigt ist."),
    "play": ("Play", "Play", "Das Play, dem diese Kampagne folgt."),
    "crm_id": (
        "CRM id",
        "CRM-Kennung",
        "Die Kennung der Kampagne im CRM (Salesforce, HubSpot); `masa import actuals` ordnet danach zu.",
    ),
    "tags": ("Tags", "Schlagwörter", "Freie Schlagwörter für die Suche."),
    "visibility": (
        "Visibility",
        "Sichtbarkeit",
        "internal (Standard) oder public: darf im öffentlichen Build erscheinen.",
    ),
    "cancelled_reason": (
        "Why it was cancelled",
        "Grund für den Abbruch",
        "Pflicht, wenn die Kampagne abgebrochen wurde.",
    ),
    "body": ("Text", "Text", "Der Plan in Worten: Kontext, Einsicht in die Zielgruppe, Botschaft."),
    # retros
    "date": ("Date", "Datum", "Wann die Retro stattfand; nicht vor dem Beginn der Kampagne."),
    "authors": ("Authors", "Autoren", "Wer die Retro geschrieben hat; bitte beide Seiten."),
    "results": ("Results", "Ergebnisse", "Der Ist-Wert für jedes Ziel des Plans."),
    "cost": ("Cost", "Kosten", "Was die Kampagne wirklich gekostet hat."),
    "return": (
        "Return",
        "Ertrag",
        "Was zurückkam: Pipeline und gewonnenes Geschäft, und die gewonnene oder beeinflusste Pipeline.",
    ),
    "sourced": (
        "Sourced",
        "Von Marketing gewonnen",
        "Pipeline, die Marketing gewonnen hat: die Kampagne hat die Opportunity geschaffen.",
    ),
    "influenced": (
        "Influenced",
        "Von Marketing beeinflusst",
        "Pipeline, die Marketing beeinflusst, aber nicht gewonnen hat; beides zusammen höchstens die Pipeline.",
    ),
    "funnel": (
        "Funnel",
        "Funnel",
        "Zahlen je Stufe des Funnels: Reaktionen, Leads, Termine, Opportunities.",
    ),
    "responses": (
        "Responses",
        "Reaktionen",
        "Menschen, die reagiert haben: angemeldet, geantwortet, heruntergeladen, besucht.",
    ),
    "leads": ("Leads", "Leads", "Leads aus der Kampagne, wie das CRM sie zählt."),
    "meetings": ("Meetings", "Termine", "Termine mit dem Vertrieb, zu denen die Kampagne geführt hat."),
    "opportunities": ("Opportunities", "Opportunities", "Opportunities, zu denen die Kampagne geführt hat."),
    "outcome": (
        "Outcome",
        "Ergebnis",
        "Optionale Behauptung; wird mit dem berechneten Ergebnis verglichen.",
    ),
    "sonicht": ("#sonicht", "#sonicht", "Anti-Patterns, die aufgetreten sind."),
    "went_well": ("What went well", "Was gut lief", "Was wir feiern."),
    "learnings": ("Learnings", "Erkenntnisse", "Was wir gelernt haben; mindestens eine Erkenntnis."),
    "Retro.body": (
        "Text",
        "Text",
        "Was geschah, warum es geschah und was wir daraus lernen, in Worten.",
    ),
    # plays
    "Play.title": ("Title", "Titel", "Der Name des Plays."),
    "summary": ("Summary", "Zusammenfassung", "Ein oder zwei Sätze: was das Play ist."),
    "when": ("When to use it", "Wann es passt", "Wann man es einsetzt."),
    "roles": (
        "Roles",
        "Rollen",
        "Was jede Funktion beiträgt, nach Funktion geordnet.",
    ),
    "steps": ("Steps", "Schritte", "Die Schritte, relativ zum Beginn."),
    "step": ("Step", "Schritt", "Was geschieht."),
    "PlayStep.function": ("Function", "Funktion", "Welche Funktion es tut."),
    "offset_days": (
        "Day",
        "Tag",
        "Tage relativ zum Beginn der Kampagne; negativ = davor.",
    ),
    "Play.goals": ("Suggested goals", "Empfohlene Ziele", "Ziele, die das Play empfiehlt."),
    "SuggestedGoal.metric": ("Metric", "Kennzahl", "Was gezählt wird."),
    "SuggestedGoal.target": ("Target", "Zielwert", "Ein sinnvoller Zielwert (mehr als 0)."),
    "watch_out": ("Watch out for", "Vorsicht vor", "Anti-Patterns, die zu vermeiden sind."),
    "Play.body": ("Text", "Text", "Warum das Play wirkt und wie man es durchführt."),
    # #sonicht
    "AntiPattern.title": ("Title", "Titel", "Der Name des Anti-Patterns."),
    "AntiPattern.summary": ("Summary", "Zusammenfassung", "Ein oder zwei Sätze: was schiefgeht."),
    "symptoms": ("Symptoms", "Anzeichen", "Woran man es erkennt."),
    "instead": ("Instead", "Stattdessen", "Plays, die man stattdessen nutzt."),
    "aliases": ("Also known as", "Auch bekannt als", "Andere Namen, die dafür verwendet werden."),
    "AntiPattern.body": ("Text", "Text", "Eine Geschichte, in der es auftrat, und was man stattdessen tut."),
}

#: Allowed values of selects: value -> (English, German)
OPTIONS: dict[str, tuple[str, str]] = {
    "idea": ("idea", "Idee"),
    "planned": ("planned", "geplant"),
    "running": ("running", "läuft"),
    "done": ("done", "abgeschlossen"),
    "cancelled": ("cancelled", "abgebrochen"),
    "marketing": ("Marketing", "Marketing"),
    "sales": ("Sales", "Vertrieb"),
    "presales": ("Pre-sales", "Pre-Sales"),
    "professional-services": ("Professional services", "Professional Services"),
    "partner-management": ("Partner management", "Partnermanagement"),
    "leadership": ("Leadership", "Leitung"),
    "other": ("Other", "Sonstige"),
    "internal": ("internal", "intern"),
    "public": ("public", "öffentlich"),
    "at_least": ("at least", "mindestens"),
    "at_most": ("at most", "höchstens"),
    "success": ("success", "Erfolg"),
    "mixed": ("mixed", "gemischt"),
    "failure": ("failure", "Misserfolg"),
}

#: Texts of the editor itself: key -> (English, German)
TEXTS: dict[str, tuple[str, str]] = {
    "plans": ("Campaign plans", "Kampagnenpläne"),
    "plan": ("Campaign plan", "Kampagnenplan"),
    "retros": ("Campaign retros", "Kampagnen-Retros"),
    "retro": ("Retro", "Retro"),
    "plays": ("Plays", "Plays"),
    "play": ("Play", "Play"),
    "sonicht": ("#sonicht anti-patterns", "#sonicht-Anti-Patterns"),
    "antipattern": ("#sonicht anti-pattern", "#sonicht-Anti-Pattern"),
    "people": ("People", "Personen"),
    "people-file": ("people.yml: everyone who can own, contribute or author", "people.yml: alle Beteiligten"),
    "campaign": ("Campaign", "Kampagne"),
    "campaign-hint": (
        "The campaign this retro is about. A campaign appears here once its plan is part of the site.",
        "Die Kampagne, um die es in dieser Retro geht. Eine Kampagne erscheint hier, sobald ihr Plan "
        "Teil der Website ist.",
    ),
    "has-retro": ("has a retro: open it from the list", "hat eine Retro: in der Liste öffnen"),
    "item": ("Entry", "Eintrag"),
    "id-pattern": (
        "lowercase a-z, 0-9 and single dashes, e.g. meetings-booked",
        "Kleinbuchstaben a-z, Ziffern und einzelne Bindestriche, z. B. termine-gebucht",
    ),
    "required-for": ("Required when the status is {statuses}.", "Pflicht, wenn der Status {statuses} ist."),
    "or": ("or", "oder"),
    "people-hint": (
        "A new person is added in people.yml itself (in git); here you can change the existing ones.",
        "Neue Personen werden direkt in people.yml (in git) ergänzt; hier lassen sich die vorhandenen ändern.",
    ),
    "results-hint": (
        "One number per goal of the plan: what was really reached.",
        "Eine Zahl je Ziel des Plans: was wirklich erreicht wurde.",
    ),
}


def german(language: str | None) -> bool:
    """True for a German theme language (``de``, ``de-AT``, ``de_CH``)."""
    return (language or "en").replace("_", "-").split("-")[0].lower() == "de"


def field_text(model: str, name: str, description: str | None, *, de: bool) -> tuple[str, str]:
    """The label and the hint of ``model.name`` in the editor's language.

    English hints are the contract's own descriptions; a field not in
    ``FIELDS`` gets a label made from its name and the English description.
    """
    entry = FIELDS.get(f"{model}.{name}") or FIELDS.get(name)
    if entry is None:
        return name.replace("_", " ").capitalize(), description or ""
    english, german_label, german_hint = entry
    if de:
        return german_label, german_hint
    return english, description or ""


def option_label(value: str, *, de: bool) -> str:
    """The label of a select option (the value itself when it has none)."""
    entry = OPTIONS.get(value)
    return value if entry is None else entry[1 if de else 0]


def text(key: str, *, de: bool, **values: str) -> str:
    """One of the editor's own texts."""
    english, german_text = TEXTS[key]
    chosen = german_text if de else english
    return chosen.format(**values) if values else chosen
