"""Labels and hints of the web editor's fields, in English and German.

Nothing here repeats what another table says:

- A field's English hint is its description in ``masa_playbook.model`` (the
  contract's single source); ``DESCRIPTIONS_DE`` is that description in German.
- A field's label is the site's own label for it (``site.i18n``: the words
  readers see on a campaign page, under the field's name or the key named in
  ``SITE_KEYS``), unless ``LABELS`` gives the editor's own: fields the site
  does not label, or labels it for another purpose (``done`` is a status there,
  a checkbox here).
- Select options (statuses, functions, visibility, ...) are labelled by the
  site's labels, as on the site.

A field is looked up as ``Model.field`` first (``Goal.owners`` is not
``Plan.owners``), then as ``field``. A field without a label falls back to one
made from its name and the English description, so a new field of the
contract reaches the editor at once; ``tests/test_cms_config.py`` fails until
it is labelled and translated.
"""

from __future__ import annotations

from typing import TypeVar

_T = TypeVar("_T")

#: The contract's field descriptions in German: ``Model.field`` or ``field`` -> hint.
DESCRIPTIONS_DE: dict[str, str] = {
    # people.yml
    "name": "Der volle Name, wie ihn die Leser kennen.",
    "function": "Die Seite oder das Team, in dem die Person arbeitet.",
    "email": "Optionale Kontaktadresse.",
    # plans
    "title": "Der Name der Kampagne, unter dem Leser sie suchen.",
    "initiated_by": "Welche Seite die Kampagne angestoßen hat.",
    "status": "Wo die Kampagne steht.",
    "period": "Wann sie läuft: Beginn und Ende.",
    "start": "Erster Tag.",
    "end": "Letzter Tag; nicht vor dem Beginn.",
    "owners": "Mindestens eine verantwortliche Person aus Marketing und eine aus dem Vertrieb.",
    "Owners.marketing": "Verantwortliche aus dem Marketing.",
    "Owners.sales": "Verantwortliche aus dem Vertrieb.",
    "contributors": "Pre-Sales, Services, Partnermanagement und alle anderen, die etwas beitragen.",
    "audience": "Für wen die Kampagne ist.",
    "industry": "Pflicht, außer im Status Idee.",
    "segment": "Z. B. Mittelstand, Großkunden.",
    "regions": "Regionen oder Länder.",
    "accounts": "Wie viele Accounts die Kampagne anspricht.",
    "target_accounts": "Vertraulich: nie Teil eines öffentlichen Builds.",
    "channels": "Wie die Zielgruppe erreicht wird; Begriffe aus der Kanalliste des Playbooks.",
    "budget": "Geplante Ausgaben; Pflicht, außer im Status Idee.",
    "expected": "Der erwartete Ertrag, vorab.",
    "pipeline": "Qualifizierte Pipeline.",
    "won": "Abgeschlossenes, gewonnenes Geschäft.",
    "goals": "Gemeinsame, messbare Ziele mit Zielwerten.",
    "id": "Kurze Kennung; die Retro meldet darunter ein Ergebnis.",
    "metric": "Was gezählt wird, z. B. „Termine vor der Messe gebucht“.",
    "target": "Die Zahl, die erreicht werden soll (mehr als 0).",
    "direction": "at_least (Standard) oder at_most (z. B. Kosten pro Lead).",
    "Goal.due": "Wann das Ziel gemessen wird.",
    "Goal.owners": "Wer für dieses Ziel verantwortlich ist.",
    "tasks": "Der gemeinsame Plan: wer macht was bis wann.",
    "task": "Was getan wird.",
    "owner": "Wer es tut (ein Kürzel aus people.yml).",
    "due": "Bis wann; innerhalb des Kampagnenzeitraums.",
    "done": "An, sobald die Aufgabe erledigt ist.",
    "play": "Das Play, dem diese Kampagne folgt.",
    "crm_id": "Die Kennung der Kampagne im CRM (Salesforce, HubSpot); `masa import actuals` ordnet danach zu.",
    "tags": "Freie Schlagwörter für die Suche.",
    "visibility": "internal (Standard) oder public: darf im öffentlichen Build erscheinen.",
    "cancelled_reason": "Pflicht, wenn die Kampagne abgebrochen wurde.",
    # retros
    "date": "Wann die Retro stattfand; nicht vor dem Beginn der Kampagne.",
    "authors": "Wer die Retro geschrieben hat; bitte beide Seiten.",
    "results": "Der Ist-Wert für jedes Ziel des Plans.",
    "cost": "Was die Kampagne wirklich gekostet hat.",
    "return": "Was zurückkam: Pipeline und gewonnenes Geschäft, und die gewonnene oder beeinflusste Pipeline.",
    "sourced": "Pipeline, die Marketing gewonnen hat: die Kampagne hat die Opportunity geschaffen.",
    "influenced": "Pipeline, die Marketing beeinflusst, aber nicht gewonnen hat; beides zusammen höchstens die Pipeline.",
    "funnel": "Zahlen je Stufe des Funnels: Reaktionen, Leads, Termine, Opportunities.",
    "responses": "Menschen, die reagiert haben: angemeldet, geantwortet, heruntergeladen, besucht.",
    "leads": "Leads aus der Kampagne, wie das CRM sie zählt.",
    "meetings": "Termine mit dem Vertrieb, zu denen die Kampagne geführt hat.",
    "opportunities": "Opportunities, zu denen die Kampagne geführt hat.",
    "outcome": "Optionale Behauptung; wird mit dem berechneten Ergebnis verglichen.",
    "sonicht": "Anti-Patterns, die aufgetreten sind.",
    "went_well": "Was wir feiern.",
    "learnings": "Was wir gelernt haben; mindestens eine Erkenntnis.",
    # plays
    "Play.title": "Der Name des Plays.",
    "summary": "Ein oder zwei Sätze: was das Play ist.",
    "when": "Wann man es einsetzt.",
    "roles": "Was jede Funktion beiträgt, nach Funktion geordnet.",
    "steps": "Die Schritte, relativ zum Beginn.",
    "step": "Was geschieht.",
    "PlayStep.function": "Welche Funktion es tut.",
    "offset_days": "Tage relativ zum Beginn der Kampagne; negativ = davor.",
    "Play.goals": "Ziele, die das Play empfiehlt.",
    "SuggestedGoal.metric": "Was gezählt wird.",
    "SuggestedGoal.target": "Ein sinnvoller Zielwert (mehr als 0).",
    "watch_out": "Anti-Patterns, die zu vermeiden sind.",
    # #sonicht
    "AntiPattern.title": "Der Name des Anti-Patterns.",
    "AntiPattern.summary": "Ein oder zwei Sätze: was schiefgeht.",
    "symptoms": "Woran man es erkennt.",
    "instead": "Plays, die man stattdessen nutzt.",
    "aliases": "Andere Namen, die dafür verwendet werden.",
}

#: Fields labelled under another key of the site's labels: ``Model.field`` or ``field`` -> key.
SITE_KEYS: dict[str, str] = {
    "offset_days": "day",
    "watch_out": "watch-out",
    "Play.goals": "suggested-goals",
}

#: The editor's own field labels, where the site has none that fits: key -> (English, German).
LABELS: dict[str, tuple[str, str]] = {
    "name": ("Name", "Name"),
    "email": ("E-mail", "E-Mail"),
    "title": ("Title", "Titel"),
    "end": ("End", "Ende"),
    "audience": ("Audience", "Zielgruppe"),
    "expected": ("Expected return", "Erwarteter Ertrag"),
    "id": ("Id", "Kennung"),
    "direction": ("Direction", "Richtung"),
    "tasks": ("Tasks", "Aufgaben"),
    "task": ("Task", "Aufgabe"),
    "owner": ("Owner", "Verantwortlich"),
    "done": ("Done", "Erledigt"),
    "crm_id": ("CRM id", "CRM-Kennung"),
    "results": ("Results", "Ergebnisse"),
    "return": ("Return", "Ertrag"),
    "funnel": ("Funnel", "Funnel"),
}

#: Texts of the editor itself (the site's labels serve where they fit): key -> (English, German).
TEXTS: dict[str, tuple[str, str]] = {
    "plans": ("Campaign plans", "Kampagnenpläne"),
    "plan": ("Campaign plan", "Kampagnenplan"),
    "retros": ("Campaign retros", "Kampagnen-Retros"),
    "antipattern": ("#sonicht anti-pattern", "#sonicht-Anti-Pattern"),
    "people": ("People", "Personen"),
    "people-file": ("people.yml: everyone who can own, contribute or author", "people.yml: alle Beteiligten"),
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
    # The Markdown text after the front matter: not a field of the contract, so described here.
    "body": ("Text", "Text"),
    "body-plan": (
        "The plan in prose: context, audience insight, message, anything that does not fit a field.",
        "Der Plan in Worten: Kontext, Einsicht in die Zielgruppe, Botschaft.",
    ),
    "body-retro": (
        "What happened, why it happened and what we learned, in prose.",
        "Was geschah, warum es geschah und was wir daraus lernen, in Worten.",
    ),
    "body-play": ("Why the play works and how to run it.", "Warum das Play wirkt und wie man es durchführt."),
    "body-sonicht": (
        "A story where it showed up, and what to do instead.",
        "Eine Geschichte, in der es auftrat, und was man stattdessen tut.",
    ),
}


# The site's labels are imported where they are used: the site package imports
# this one (a build adds /admin/), so an import at the top would be circular.


def german(language: str | None) -> bool:
    """True for a German theme language (``de``, ``de-AT``, ``de_CH``), as the site decides it."""
    from masa_playbook.site.i18n import labels

    return labels(language).german


def _has_site_label(key: str) -> bool:
    from masa_playbook.site.i18n import has_label

    return has_label(key)


def _site(key: str, de: bool) -> str:
    from masa_playbook.site.i18n import labels

    return labels("de" if de else "en")(key)


def _lookup(table: dict[str, _T], model: str, name: str) -> _T | None:
    return table.get(f"{model}.{name}", table.get(name))


def field_label(model: str, name: str, *, de: bool) -> str | None:
    """The label of ``model.name``: the editor's own, else the site's; None if neither has one."""
    own = _lookup(LABELS, model, name)
    if own is not None:
        return own[1 if de else 0]
    key = _lookup(SITE_KEYS, model, name) or name
    return _site(key, de) if _has_site_label(key) else None


def field_text(model: str, name: str, description: str | None, *, de: bool) -> tuple[str, str]:
    """The label and the hint of ``model.name`` in the editor's language.

    English hints are the contract's own descriptions, German ones their
    translation in ``DESCRIPTIONS_DE``. A field nobody has labelled or
    translated yet gets a label made from its name and the English description.
    """
    label = field_label(model, name, de=de) or name.replace("_", " ").capitalize()
    hint = (_lookup(DESCRIPTIONS_DE, model, name) if de else None) or description or ""
    return label, hint


def option_label(value: str, *, de: bool) -> str:
    """The label of a select option: the site's label of that value, else the value itself."""
    return _site(value, de) if _has_site_label(value) else value


def text(key: str, *, de: bool, **values: str) -> str:
    """One of the editor's own texts (``TEXTS``), else the site's label of that key."""
    entry = TEXTS.get(key)
    chosen = _site(key, de) if entry is None else entry[1 if de else 0]
    return chosen.format(**values) if values else chosen
