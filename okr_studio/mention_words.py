"""The words the reader of numbers in titles knows (:mod:`okr_studio.mentions`).

English and German: words that make the number after them a name (ISO 27001, Level 2),
words that make it a count of what exists ("our 3 regions"), numbers and multipliers
written as words, and the words that decide whether "one" or "null" is a number.
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: A number right after one of these words is a name: ISO 27001, Level 2, Office 365.
NAME_WORDS = words(
    """
    iso iec din en soc pci dss nist rfc ieee tisax bsi sp isae idw ps art art. abs. article
    artikel § paragraph para abs abs. absatz level tier phase stage step version release
    sprint wave welle stufe schritt gen generation windows office microsoft dynamics
    python java ios android macos iphone galaxy pixel industry industrie web covid
    formula formel kapitel chapter section abschnitt room raum gate milestone meilenstein
    ticket issue pr mr jira bug epic story nr nr. no no. nummer number squad cluster
    zone batch cohort kohorte pillar säule lane track hall halle gebäude building floor
    etage sap iot model modell typ type
    """
)
#: A number right after one of these (skipping "top", "biggest", …) counts things that
#: exist rather than a goal: "our 3 regions", "die drei Standorte".
SCOPE_WORDS = words(
    """
    the our these those both all each every his her its their my your
    die der den dem des unsere unser unserer unseren unseres alle allen aller beiden
    diese dieser diesen jede jeder jeden ihre ihren seine seinen
    """
)
#: Acronyms that name a measure: "NPS 45" is a number, unlike "ITIL 4" or "TISAX 3".
METRIC_ACRONYMS = words(
    """
    nps csat ces arr mrr acv tcv aov ltv cac roi roas kpi sla slo sli mttr mtbf mttd dau
    mau wau aht fcr ttv ttm ebit ebitda cpl cpc ctr cr otif oee ppm dso dpo
    """
)
SCOPE_SKIP = words(
    "top biggest largest main key most largest first last wichtigsten größten besten ersten"
)
NUMBER_WORDS = words(
    """
    two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
    ninety hundred thousand million billion dozen zero half third thirds
    drittel viertel fünftel hälfte
    zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig dreißig dreissig
    vierzig fünfzig hundert tausend million millionen milliarde milliarden dutzend null
    """
)
MULTIPLIER_WORDS = words(
    """
    double doubled doubling triple tripled tripling quadruple halve halved halving twice
    verdoppeln verdoppelt verdoppelung verdopplung verdreifachen verdreifacht halbieren
    halbiert halbierung
    """
)
#: "one", "ein(e)" are numbers only after these: "at least one", "mindestens eine".
ONE_WORDS = words("one single ein eine einen einem einer eins")
QUANTIFIERS = words(
    "least most exactly max maximum minimum mindestens höchstens genau maximal minimal"
)
COMPARATIVES = words("more less fewer mehr weniger")
NOT_AFTER = {
    "double": words("down check"),
    "zero": words("trust based day"),
    "null": words(
        "pointer pointers value values check checks reference references safety safe byte "
        "bytes hypothesis and"
    ),
}
