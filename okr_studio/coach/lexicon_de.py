"""German words the task-wording reader knows, and the verb forms made from them.

Verbs are listed once, as infinitives ("einführen", "abschließen"); their past
participles ("eingeführt", "abgeschlossen") and present forms as they stand
second in a sentence ("führen … ein", "führt … durch") are built here from a
small grammar: separable and inseparable prefixes, -ieren verbs, weak verbs and
a table of strong ones. Words are case-folded ("ß" becomes "ss").
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in text.split())


#: Verbs that name work to be done or a deliverable to produce.
TASK_VERBS: frozenset[str] = _words(
    """    abarbeiten abhalten ablösen abschaffen abschalten abschließen absolvieren abstimmen
    abwickeln aktualisieren analysieren anbieten anbinden anlegen anmelden anmieten
    anpassen anrufen anschaffen anstoßen archivieren aufbauen aufräumen aufsetzen
    aufstellen aufteilen ausarbeiten ausbilden ausführen auslagern ausliefern ausrichten
    ausrollen ausrüsten ausschreiben ausstatten austauschen auswerten auswählen
    automatisieren bauen beantragen beauftragen befragen beginnen beheben benennen
    bereinigen bereitstehen bereitstellen beschaffen beschließen beschreiben besetzen
    bestellen bestimmen besuchen bewerten buchen bündeln coachen definieren designen
    dezentralisieren digitalisieren dokumentieren drucken durchführen einarbeiten
    einbauen einbinden einführen einholen einkaufen einladen einreichen einrichten
    einsetzen einstellen entscheiden entwerfen entwickeln erarbeiten erfassen ergänzen
    erheben erledigen ermitteln erneuern erproben errichten ersetzen erstellen erwerben
    eröffnen etablieren evaluieren fertigstellen festlegen finalisieren formalisieren
    formulieren freigeben freischalten führen genehmigen generieren gestalten gründen
    harmonisieren hinzufügen identifizieren implementieren informieren initiieren
    installieren institutionalisieren integrieren interviewen kaufen klären
    kommunizieren konfigurieren konsolidieren kontaktieren konzipieren kündigen launchen
    leasen liefern lokalisieren löschen messen mieten migrieren moderieren modernisieren
    nachrüsten neugestalten onboarden operationalisieren organisieren outsourcen
    pilotieren planen priorisieren professionalisieren programmieren präsentieren prüfen
    publizieren qualifizieren realisieren rebranden recherchieren redigieren rekrutieren
    relaunchen renovieren reorganisieren reparieren reservieren restrukturieren sammeln
    sanieren schalten schreiben schulen sichten skizzieren standardisieren starten
    stilllegen strukturieren teilnehmen testen texten tracken trainieren umbauen
    umbenennen umfirmieren umsetzen umstellen umstrukturieren umziehen unterschreiben
    untersuchen unterzeichnen validieren verabschieden veranstalten vereinbaren
    vereinheitlichen verfassen vergeben verhandeln verifizieren verlagern verlängern
    verschicken versenden verteilen veröffentlichen visualisieren vorbereiten vorliegen
    vorstellen weiterbilden zentralisieren zusammenführen zusammenlegen überarbeiten
    überführen übergeben übernehmen überprüfen übersetzen überwachen
    """
)

#: Verbs that name a change or a result: "steigern", "senken", "gewinnen"…
OUTCOME_VERBS: frozenset[str] = _words(
    """    anführen ausbauen ausweiten befähigen begeistern behaupten beschleunigen bieten
    binden bleiben dominieren einsparen entlasten erhöhen ermöglichen erobern erreichen
    erwirtschaften erzielen fallen fördern gewinnen halbieren halten machen maximieren
    minimieren optimieren reduzieren schützen sein senken sichern sicherstellen sinken
    sparen steigen steigern stärken verbessern verdienen verdoppeln verdreifachen
    vereinfachen vergrößern verhindern verkaufen verkürzen vermeiden verringern
    verteidigen wachsen werden zurückgewinnen übertreffen überzeugen
    """
)

#: Verbs whose object may be a measured result ("250 Leads generieren").
VALUE_VERBS: frozenset[str] = _words(
    "abschließen aufbauen generieren realisieren liefern akquirieren gewinnen erzielen"
)

#: Nouns (or ends of compounds) that, counted, make a result rather than work.
VALUE_NOUNS: frozenset[str] = _words(
    """
    kunden kundinnen umsatz umsätze leads mqls sqls verträge verträgen aufträge
    aufträgen deals einsparungen nutzer nutzerinnen abonnenten downloads besucher
    bestellungen händler händlern partner partnern accounts mitglieder marge gewinn
    pipeline arr mrr
    """
)

#: Nouns of work that lead a title: "Einführung eines CRM", "Relaunch der Website".
ACTION_NOUNS: frozenset[str] = _words(
    """
    abnahme abschluss analyse audit audits aufbau ausbau go-live inbetriebnahme
    integration installation kick-off kickoff konzeption launch migration neubau
    pilotprojekt relaunch roll-out rollout start teilnahme umbau umzug workshop
    gründung konzept organisation auswahl definition dokumentation vergabe übergabe
    schaffung
    """
)

#: The verb a noun of work stands for, where it is not a noun in -ung.
NOUN_VERBS: dict[str, str] = {
    "go-live": "launchen",
    "launch": "launchen",
    "relaunch": "relaunchen",
    "rollout": "ausrollen",
    "roll-out": "ausrollen",
    "kick-off": "starten",
    "kickoff": "starten",
    "start": "starten",
    "migration": "migrieren",
    "integration": "integrieren",
    "installation": "installieren",
    "umzug": "umziehen",
    "umbau": "umbauen",
    "aufbau": "aufbauen",
    "neubau": "bauen",
    "teilnahme": "teilnehmen",
    "analyse": "analysieren",
    "audit": "prüfen",
    "audits": "prüfen",
    "workshop": "durchführen",
    "inbetriebnahme": "einführen",
    "gründung": "gründen",
    "konzeption": "konzipieren",
}

#: Nouns of work that may be followed straight by their object: "Rollout MS Teams".
HEADLINE_NOUNS: frozenset[str] = _words(
    "go-live kick-off launch migration relaunch roll-out rollout start umzug"
)

#: Nouns of change that lead an outcome: "Steigerung der…", "Senkung der…".
OUTCOME_NOUNS: frozenset[str] = _words(
    """
    steigerung erhöhung senkung reduzierung reduktion verbesserung verringerung
    verkürzung halbierung verdopplung verdoppelung gewinnung stärkung ausbau
    sicherstellung optimierung einsparung sicherung beschleunigung vereinfachung
    minimierung maximierung stabilisierung vermeidung erreichung erzielung förderung
    entlastung bindung positionierung sensibilisierung
    """
)

#: Meetings and other countable activities: "20 Erstgespräche mit Partnern".
ACTIVITY_NOUNS: frozenset[str] = _words(
    """
    workshop workshops webinar webinare interview interviews gespräch gespräche
    termin termine meeting meetings jour schulung schulungen training trainings
    besuch besuche audit audits umfrage befragung veranstaltung veranstaltungen
    event events telefonat telefonate kick-off messen messeauftritte
    """
)

#: Separable prefixes ("führen … ein", "eingeführt"), longest first.
SEPARABLE: tuple[str, ...] = tuple(
    sorted(
        _words(
            """ab an auf aus bei bereit dar durch ein fertig fest frei her hin hinzu los mit nach
            neu statt teil um vor voran weg weiter wieder zu zurück zusammen sicher still
            live online"""
        ),
        key=len,
        reverse=True,
    )
)
_INSEPARABLE = ("be", "emp", "ent", "er", "ge", "miss", "ver", "zer", "über", "unter", "hinter")

#: Strong verbs: root → (past participle without ge-, third person singular).
_STRONG: dict[str, tuple[str, str]] = {
    "schliessen": ("schlossen", "schliesst"),
    "schreiben": ("schrieben", "schreibt"),
    "nehmen": ("nommen", "nimmt"),
    "ziehen": ("zogen", "zieht"),
    "binden": ("bunden", "bindet"),
    "werfen": ("worfen", "wirft"),
    "heben": ("hoben", "hebt"),
    "halten": ("halten", "hält"),
    "geben": ("geben", "gibt"),
    "bieten": ("boten", "bietet"),
    "stossen": ("stossen", "stösst"),
    "laden": ("laden", "lädt"),
    "ginnen": ("gonnen", "ginnt"),
    "werben": ("worben", "wirbt"),
    "finden": ("funden", "findet"),
    "treiben": ("trieben", "treibt"),
    "fassen": ("fasst", "fasst"),
    "stehen": ("standen", "steht"),
    "gehen": ("gangen", "geht"),
}


def split(lemma: str) -> tuple[str, str]:
    """(separable prefix, rest): "einführen" → ("ein", "führen"), "erstellen" → ("", …)."""
    if lemma.endswith("ieren"):
        return "", lemma  # "absolvieren", "analysieren": no prefix to split off
    for p in SEPARABLE:
        rest = lemma[len(p) :]
        if lemma.startswith(p) and len(rest) >= 5 and rest.endswith("n"):
            return p, rest
    return "", lemma


def _inseparable(root: str) -> str:
    for p in _INSEPARABLE:
        if root.startswith(p) and len(root) - len(p) >= 4:
            return p
    return ""


def _weak_t(stem: str) -> str:
    """The -t ending of a weak stem, with the -e- that some need ("testet", "öffnet")."""
    if stem.endswith(("d", "t")) or (
        len(stem) > 2 and stem[-1] in "mn" and stem[-2] not in "aeiouäöülrhmn"
    ):
        return stem + "et"
    return stem + "t"


def _stem(root: str) -> str:
    if root.endswith(("eln", "ern")):
        return root[:-1]
    return root[:-2] if root.endswith("en") else root[:-1]


def forms(lemma: str) -> tuple[set[str], set[str]]:
    """(past participles, present forms without the separable prefix) of ``lemma``."""
    sep, root = split(lemma)
    insep = _inseparable(root)
    base = root[len(insep) :]
    if base in _STRONG:
        part_base, third = _STRONG[base]
        third = insep + third
    else:
        part_base = _weak_t(_stem(base))
        third = _weak_t(_stem(root))
    ge = "" if insep or root.endswith("ieren") else "ge"
    return {sep + ge + insep + part_base}, {root, third}


def _tables() -> tuple[dict[str, str], dict[str, list[tuple[str, str]]]]:
    participles: dict[str, str] = {}
    finite: dict[str, list[tuple[str, str]]] = {}
    for lemma in sorted(TASK_VERBS | OUTCOME_VERBS):
        parts, present = forms(lemma)
        for p in parts:
            participles.setdefault(p, lemma)
        for f in present:
            finite.setdefault(f, []).append((split(lemma)[0], lemma))
    return participles, finite


#: Past participle → lemma, for every listed verb ("eingeführt" → "einführen"); present
#: form as it stands second in a sentence → (separable prefix, lemma) of each verb it
#: may belong to ("führen" → ("ein", "einführen"), ("durch", "durchführen"), …).
PARTICIPLES, FINITE = _tables()


def tail_in(word: str, nouns: frozenset[str], prefix: int = 4) -> str | None:
    """The listed noun that ``word`` is or ends with ("Erstgespräche" → "gespräche").

    The part before the noun must be ``prefix`` letters or more, so that "Anbindung"
    is not read as "Bindung"; listed nouns of fewer than 5 letters must match whole.
    """
    if word in nouns:
        return word
    tail = word.rsplit("-", 1)[-1]
    if tail in nouns:
        return tail
    for k in range(prefix, len(word) - 4):
        if word[k:] in nouns:
            return word[k:]
    return None
