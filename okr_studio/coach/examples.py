"""Outcomes the coach offers instead of a task, in the language the task was written in.

The coach's own sentences are in the app's language; the example it quotes is
in the title's, so a German title gets a German outcome to copy from.
"""

from __future__ import annotations

from okr_studio.coach.wording import TaskWording, word_set

#: Kinds of work, by the verbs (English and German lemmas) that name them.
_KINDS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "launch",
        word_set(
            """launch release ship deliver deploy roll publish go relaunch open introduce
            launchen relaunchen einführen ausrollen veröffentlichen starten liefern
            bereitstellen freischalten publizieren eröffnen"""
        ),
    ),
    (
        "build",
        word_set(
            """migrate upgrade replace refactor rewrite fix complete finish implement build
            develop integrate automate install configure decommission sunset rebuild
            migrieren umstellen ersetzen ablösen aktualisieren implementieren umsetzen
            fertigstellen abschließen beheben überarbeiten entwickeln integrieren
            automatisieren installieren einrichten aufsetzen abschalten bauen aufbauen"""
        ),
    ),
    (
        "hold",
        word_set(
            """hold run host conduct attend train organise organize interview survey present
            durchführen abhalten veranstalten organisieren schulen teilnehmen moderieren
            führen trainieren präsentieren befragen"""
        ),
    ),
)

_KEY_RESULTS: dict[str, dict[str, str]] = {
    "en": {
        "launch": "Reach 2,000 weekly users of the new app by the end of March",
        "build": "Cut p95 response time from 800 ms to 500 ms",
        "hold": "Raise the share of teams with agreed OKRs from 40% to 90%",
        "": "Increase customer retention by 10% within 30 days",
    },
    "de": {
        "launch": "Wöchentliche Nutzer der neuen App bis Ende März auf 2.000 steigern",
        "build": "p95-Antwortzeit von 800 ms auf 500 ms senken",
        "hold": "Anteil der Teams mit vereinbarten OKR von 40 % auf 90 % steigern",
        "": "Kundenbindung innerhalb von 30 Tagen um 10 % steigern",
    },
}

_OBJECTIVES: dict[str, str] = {
    "en": "Customers manage their orders from their phone",
    "de": "Kunden verwalten ihre Bestellungen bequem vom Smartphone aus",
}


def _kind(verb: str) -> str:
    for kind, verbs in _KINDS:
        if verb in verbs:
            return kind
    return ""


def key_result_example(reading: TaskWording) -> str:
    """A measurable outcome, in the reading's language, for the kind of work it names."""
    examples = _KEY_RESULTS.get(reading.language, _KEY_RESULTS["en"])
    return examples[_kind(reading.verb)]


def objective_example(reading: TaskWording) -> str:
    """An outcome-worded objective in the reading's language."""
    return _OBJECTIVES.get(reading.language, _OBJECTIVES["en"])
