# ruff: noqa: E501  (the tables of units read best one unit a line)
"""The words of the realistic workshops (see :mod:`realistic`): units, titles, owners.

Titles are written from templates per department, each filled with the team's own
area, so every objective reads like a real one and none repeats.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class UnitText:
    name: str
    level: str
    parent: str | None
    objectives: list[str]
    krs: list[str]
    problems: list[str]
    changes: list[str]
    measures: list[str]
    #: Key results per objective, cycled.
    krs_per_objective: tuple[int, ...] = (3, 2, 3)
    #: Objective indexes left unaligned, aligned to their own unit, aligned to a peer.
    unaligned: tuple[int, ...] = ()
    same_unit: tuple[int, ...] = ()
    peer: tuple[int, ...] = ()
    peer_units: tuple[str, ...] = ()


# ---- English ------------------------------------------------------------------

EN_PEOPLE = [
    "Priya Raman", "Tom Becker", "Aisha Okafor", "Daniel Kim", "Sofia Marquez",
    "Liam O'Connor", "Hannah Schulz", "Marcus Reed", "Yuki Tanaka", "Grace Liu",
    "Omar Haddad", "Elena Petrova", "Chris Walker", "Fatima Zahra", "Noah Fischer",
    "Isabel Costa", "Ben Adeyemi", "Chloé Martin", "Ravi Shankar", "Emma Lindqvist",
]  # fmt: skip

_EN_PROBLEMS = [
    "Customers wait too long for answers, and a third of them tell us so in the renewal call.",
    "Every release needs a weekend of manual checks, so we ship once a month at best.",
    "Leads from events are followed up late or not at all.",
    "New hires take three months before they contribute on their own.",
    "Costs grow faster than revenue in every region except EMEA.",
]
_EN_CHANGES = [
    "Teams deploy on a normal Tuesday afternoon without asking for permission.",
    "Account managers open the health dashboard before every customer call.",
    "Engineers fix flaky tests the day they appear instead of re-running the pipeline.",
    "Sales and marketing agree on one definition of a qualified lead.",
]
_EN_MEASURES = [
    "Measured weekly from the deployment log and reviewed in the engineering all-hands.",
    "Net promoter score from the quarterly survey, at least 400 responses.",
    "Pipeline value in the CRM on the last business day of the quarter.",
    "Median time from offer accepted to first merged change, from the HR system.",
]

_EN_COMPANY = UnitText(
    "Northwind Labs",
    "company",
    None,
    [
        "Become the platform mid-sized logistics companies trust with their daily operations",
        "Grow annual recurring revenue profitably in our three core markets",
        "Customers succeed without having to call us",
        "Ship reliable software at a steady, sustainable pace",
        "Build a company people want to join and stay at",
        "Run a secure, compliant and cost-efficient operation",
    ],
    [
        "Increase annual recurring revenue from $48M to $62M",
        "Raise net revenue retention from 104% to 112%",
        "Reach a net promoter score of 45 among paying customers",
        "Cut customer-reported incidents per month by half",
        "Deploy to production at least 20 times a week across all products",
        "Keep voluntary attrition below 8% over the trailing twelve months",
        "Pass the SOC 2 Type II audit with no major findings",
        "Reduce cloud spend per active customer by 15%",
        "Win 40 new logos with more than 500 employees",
        "Launch in two new countries with local payment methods",
    ],
    _EN_PROBLEMS,
    _EN_CHANGES,
    _EN_MEASURES,
    krs_per_objective=(4, 3, 4, 3),
)

_EN_TEMPLATES = {
    "Engineering": (
        [
            "Make {a} the part of the platform nobody worries about",
            "{A} releases ship every week without weekend fixes or manual sign-off",
            "Engineers working on {a} get fast, trustworthy feedback on every change they "
            "make, from the first commit to the production rollout",
            "Pay down the technical debt in {a} that slows every new feature",
        ],
        [
            "Reduce p95 latency of {a} requests from 900 ms to 300 ms",
            "Raise automated test coverage of {a} from 45% to 80%",
            "Cut mean time to recovery for {a} incidents from 4 hours to 45 minutes",
            "Bring {a} build time under 10 minutes for 95% of pipelines",
            "Retire the legacy {a} service and move its last 12 customers",
            "Keep {a} availability above 99.95% every month of the quarter",
            "Reduce open {a} defects older than 30 days from 140 to 20",
            "Ship the {a} roadmap's three committed features behind flags",
        ],
    ),
    "Product": (
        [
            "Customers discover the value of {a} in their first week",
            "Decide what {a} will not do, and say it clearly",
            "{A} is shaped by evidence from customers, not by the loudest request",
        ],
        [
            "Increase the share of new accounts using {a} in week one from 22% to 50%",
            "Run 30 customer interviews about {a} and publish the findings",
            "Reduce time to first value in {a} from 9 days to 3",
            "Raise the {a} feature adoption rate from 31% to 55%",
            "Cut the {a} backlog of unrefined requests from 230 to 60",
        ],
    ),
    "Sales": (
        [
            "Grow {a} bookings with customers that stay",
            "Every {a} deal is forecast honestly and early",
            "Shorten the {a} sales cycle without discounting",
        ],
        [
            "Increase {a} new bookings from $3.1M to $4.5M",
            "Raise {a} forecast accuracy at week 6 from 70% to 90%",
            "Reduce the median {a} sales cycle from 94 to 70 days",
            "Keep average {a} discount below 12%",
            "Add 15 qualified {a} opportunities above $100k to the pipeline",
        ],
    ),
    "Marketing": (
        [
            "{A} brings us the leads sales actually wants",
            "Make Northwind the name people think of for {a}",
        ],
        [
            "Grow {a} marketing-qualified leads from 600 to 900 per month",
            "Raise {a} lead-to-opportunity conversion from 8% to 14%",
            "Publish 12 {a} customer stories with measurable results",
            "Increase organic {a} traffic by 40%",
        ],
    ),
    "Customer Success": (
        [
            "{A} customers reach their goals without opening a ticket",
            "Turn {a} from a cost centre into a reason to renew",
        ],
        [
            "Cut {a} first response time from 6 hours to 1 hour",
            "Raise {a} customer satisfaction from 82% to 92%",
            "Reduce {a} tickets per 100 accounts from 35 to 20",
            "Increase {a} gross retention from 89% to 94%",
        ],
    ),
    "Company services": (
        [
            "{A} helps every team do its best work",
            "Make {a} simple, predictable and fair",
        ],
        [
            "Reduce {a} time-to-hire from 62 to 40 days",
            "Raise {a} satisfaction in the internal survey from 3.4 to 4.2",
            "Close the books for {a} within 5 working days",
            "Automate 60% of recurring {a} requests",
        ],
    ),
}

# (department, its template family, [(team, area, objectives, [(sub-team, area, n)])])
_EN_TREE = [
    (
        "Engineering",
        "Engineering",
        [
            ("Platform", "the core platform", 3, [("Identity", "sign-in", 2), ("Storage", "storage", 2)]),
            ("Payments", "payments", 4, [("Billing", "billing", 2), ("Fraud Prevention", "fraud checks", 1)]),
            ("Mobile", "the mobile apps", 3, [("iOS", "the iOS app", 2), ("Android", "the Android app", 2)]),
            ("Web Frontend", "the web app", 2, []),
            ("Data", "the data pipeline", 3, [("Machine Learning", "forecasting models", 2), ("Analytics Engineering", "reporting", 1)]),
            ("Site Reliability", "production operations", 4, [("On-call Tooling", "incident tooling", 1)]),
            ("Security Engineering", "application security", 2, []),
            ("Developer Experience", "the build system", 3, []),
            ("Quality Assurance", "release testing", 2, []),
            ("Search", "search", 3, []),
            ("Integrations", "the integrations", 3, [("Partner APIs", "the partner API", 2)]),
        ],
    ),
    ("Product", "Product", [("Growth", "onboarding", 3, []), ("Core Product", "route planning", 3, []), ("Design", "the design system", 2, []), ("Pricing", "pricing", 2, [])]),
    ("Sales", "Sales", [("EMEA Sales", "EMEA", 3, [("DACH", "DACH", 2), ("Nordics", "Nordic", 1)]), ("North America Sales", "North American", 3, []), ("APAC Sales", "APAC", 1, []), ("Sales Operations", "pipeline", 2, [])]),
    ("Marketing", "Marketing", [("Brand", "brand", 2, []), ("Demand Generation", "demand generation", 2, []), ("Content", "content", 2, []), ("Events", "events", 2, [])]),
    ("Customer Success", "Customer Success", [("Onboarding Services", "onboarding", 2, []), ("Support", "support", 2, []), ("Renewals", "renewal", 2, []), ("Professional Services", "implementation", 3, [])]),
    ("People", "Company services", [("Recruiting", "recruiting", 2, [])]),
    ("Finance", "Company services", [("FP&A", "finance", 2, [])]),
    ("IT & Workplace", "Company services", []),
]  # fmt: skip


def _fill(template: str, area: str) -> str:
    return template.replace("{a}", area).replace("{A}", area[0].upper() + area[1:])


def _en_unit(name: str, level: str, parent: str, family: str, area: str, n: int) -> UnitText:
    objs, krs = _EN_TEMPLATES[family]
    return UnitText(
        name,
        level,
        parent,
        [_fill(objs[i % len(objs)], area) for i in range(n)],
        [_fill(k, area) for k in krs],
        _EN_PROBLEMS,
        _EN_CHANGES,
        _EN_MEASURES,
    )


def _english_units() -> list[UnitText]:
    units = [_EN_COMPANY]
    for dept, family, teams in _EN_TREE:
        d = _en_unit(dept, "department", _EN_COMPANY.name, family, dept.lower(), 4)
        if dept == "Engineering":
            d.objectives.append("Hire and onboard 25 engineers without slowing delivery")
        if dept == "IT & Workplace":
            d.objectives = ["Laptops, accounts and offices just work from day one"]
            d.unaligned = (0,)  # a department objective aligned to nothing
        units.append(d)
        for team, area, n, subs in teams:
            t = _en_unit(team, "team", dept, family, area, n)
            t.krs_per_objective = (3, 3, 2, 4, 1)
            if team in ("Mobile", "Brand", "Recruiting", "APAC Sales"):
                t.unaligned = (n - 1,)
            if team in ("Payments", "Site Reliability"):
                t.same_unit = (n - 1,)  # a lead's sub-objective under the team's own KR
            if team in ("Web Frontend", "Support"):
                t.peer, t.peer_units = (n - 1,), ("Mobile", "Onboarding Services")
            units.append(t)
            for sub, sub_area, m in subs:
                s = _en_unit(sub, "sub-team", team, family, sub_area, m)
                s.krs_per_objective = (2, 3)
                if sub == "Nordics":
                    s.unaligned = (0,)
                units.append(s)
    return units


EN_UNITS = _english_units()

# ---- German -------------------------------------------------------------------

DE_PEOPLE = [
    "Jürgen Müller", "Björn Weiß", "Käthe Schröder", "Özlem Yıldız", "Sören Maßmann",
    "Anna-Lena Bäcker", "Günther Höß", "Marie Schäfer", "Lukas Grünewald", "Fatma Öztürk",
    "Dr. Ulrike Straßburger", "Jörg Kühn",
]  # fmt: skip

_DE_PROBLEMS = [
    "Die Reklamationsbearbeitungszeit liegt bei durchschnittlich 14,5 Arbeitstagen; "
    "Großkunden drohen mit Lieferantenwechsel.",
    "Unsere Qualitätssicherungsprozesse sind in jedem Werk anders dokumentiert.",
    "Die Fertigungsdurchlaufzeit schwankt zwischen 3 und 11 Tagen.",
    "Bewerbungen bleiben wochenlang unbeantwortet; gute Fachkräfte springen ab.",
]
_DE_CHANGES = [
    "Schichtleitungen besprechen Abweichungen täglich am Shopfloor-Board statt per E-Mail.",
    "Der Vertrieb pflegt jede Verkaufschance vollständig im CRM.",
    "Führungskräfte führen Mitarbeiterentwicklungsgespräche zweimal im Jahr.",
]
_DE_MEASURES = [
    "Monatliche Auswertung aus dem ERP-System, vorgestellt im Bereichsleitungskreis.",
    "Kundenzufriedenheitsbefragung im September mit mindestens 250 Antworten.",
    "Quartalsweise Stichprobe durch die Qualitätsmanagementbeauftragte.",
]

_DE_KRS = {
    "Geschäftsführung": [
        "Umsatz von 1.234,5 Mio. € auf 1.310 Mio. € steigern",
        "EBIT-Marge von 6,8 % auf 8,0 % erhöhen",
        "Kundenzufriedenheitsindex auf mindestens 78 Punkte anheben",
        "Liefertreue von 87,5 % auf 95 % verbessern",
        "Digitalisierungsstrategie vom Aufsichtsrat verabschieden lassen",
        "Krankheitsquote unter 4,5 % halten",
        "CO₂-Emissionen je Maschine um 12 % senken",
    ],
    "Vertrieb": [
        "Auftragseingang im Ersatzteilgeschäft von 18.400 T€ auf 21.000 T€ steigern",
        "Angebotserfolgsquote von 23,5 % auf 30 % erhöhen",
        "15 neue Rahmenverträge mit Großkunden abschließen",
        "Reklamationsbearbeitungszeit von 14,5 auf 5 Arbeitstage senken",
        "Vertriebspartnerschaften in Österreich und der Schweiz auf 8 ausbauen",
        "Forecast-Genauigkeit auf 90 % verbessern",
    ],
    "Marketing": [
        "Visualisierungsworkshop-Angebot auf 12 Termine im Quartal ausbauen",
        "Qualifizierte Leads von 320 auf 450 pro Monat steigern",
        "Messebesuchernachbearbeitung innerhalb von 48 Stunden abschließen",
        "Website-Conversion-Rate von 1,8 % auf 2,5 % erhöhen",
        "Drei Anwenderberichte mit messbaren Ergebnissen veröffentlichen",
    ],
    "Produktion": [
        "Fertigungsdurchlaufzeit von 7,5 auf 5 Tage reduzieren",
        "Ausschussquote in der Blechbearbeitung von 3,2 % auf 1,5 % senken",
        "Gesamtanlageneffektivität (OEE) von 64 % auf 75 % steigern",
        "Instandhaltungsplanung für alle 42 Kernanlagen digitalisieren",
        "Ungeplante Maschinenstillstandszeiten um 30 % verringern",
        "Arbeitsunfälle mit Ausfallzeit auf null halten",
    ],
    "Personal": [
        "Time-to-Hire für Fachkräfte von 74 auf 45 Tage verkürzen",
        "Mitarbeiterentwicklungsgespräche für 100 % der Belegschaft führen",
        "Ausbildungsquote auf 7,5 % erhöhen",
        "Fluktuation im ersten Beschäftigungsjahr unter 10 % halten",
        "Weiterbildungsbudget von 1.250 € pro Kopf vollständig nutzen",
    ],
    "IT": [
        "Datenschutz-Grundverordnung-Audit ohne wesentliche Feststellungen bestehen",
        "ERP-Systemverfügbarkeit über 99,8 % halten",
        "Ticketbearbeitungszeit im Servicedesk von 26 auf 8 Stunden senken",
        "Lieferantenbewertungssystem in Betrieb nehmen",
        "Phishing-Klickrate von 11 % auf unter 3 % senken",
    ],
    "Finanzen": [
        "Monatsabschluss in 5 statt 9 Arbeitstagen erstellen",
        "Forderungslaufzeit (DSO) von 58 auf 45 Tage senken",
        "Working Capital um 2.500 T€ reduzieren",
        "Liquiditätsplanung rollierend über 13 Wochen einführen",
    ],
}

_DE_OBJECTIVES = {
    "Geschäftsführung": [
        "Wir wachsen profitabel im Ersatzteil- und Servicegeschäft",
        "Unsere Kundinnen und Kunden erleben uns als verlässlichsten Lieferanten der Branche",
        "Wir gestalten die digitale Transformation unserer Fertigung aktiv",
        "Wir sind ein Arbeitgeber, bei dem Fachkräfte gerne bleiben",
    ],
    "Vertrieb": [
        "Wir gewinnen Großkunden mit langfristigen Rahmenverträgen",
        "Reklamationen werden schnell, freundlich und abschließend bearbeitet",
        "Unser Vertriebspartnernetz in der DACH-Region wächst",
    ],
    "Marketing": [
        "Unser Visualisierungsworkshop-Angebot wird zum wichtigsten Leadgenerator",
        "Interessenten finden uns, bevor sie eine Ausschreibung schreiben",
        "Unsere Marke steht für Langlebigkeit und ehrliche Beratung",
    ],
    "Produktion": [
        "Wir liefern pünktlich, weil unsere Fertigung planbar läuft",
        "Qualitätssicherungsprozesse sind in allen Werken einheitlich",
        "Niemand verletzt sich bei der Arbeit",
    ],
    "Personal": [
        "Wir besetzen offene Stellen schneller mit den richtigen Menschen",
        "Jede Mitarbeiterin und jeder Mitarbeiter kennt den eigenen Entwicklungspfad",
        "Unsere Ausbildungswerkstatt begeistert den Nachwuchs für Metallberufe",
    ],
    "IT": [
        "Unsere IT-Systeme laufen stabil und sicher",
        "Informationssicherheitsmanagement wird gelebte Praxis statt Papier",
        "Arbeitsplatzausstattung und Berechtigungen sind am ersten Arbeitstag bereit",
    ],
    "Finanzen": [
        "Wir steuern das Unternehmen mit verlässlichen Zahlen in Echtzeit",
        "Unsere Liquidität ist jederzeit planbar",
        "Investitionsentscheidungen beruhen auf nachvollziehbaren Wirtschaftlichkeitsrechnungen",
    ],
}

# (department, [(team, template family, objectives)])
_DE_TREE = [
    ("Vertrieb", [("Vertrieb Inland", "Vertrieb", 3), ("Vertrieb Export", "Vertrieb", 3), ("Kundendienst", "Vertrieb", 2)]),
    ("Marketing", [("Produktmarketing", "Marketing", 2)]),
    ("Produktion", [("Werk Schweinfurt", "Produktion", 3), ("Werk Görlitz", "Produktion", 3), ("Arbeitsvorbereitung", "Produktion", 2), ("Qualitätsmanagement", "Produktion", 2)]),
    ("Personal", [("Personalentwicklung", "Personal", 2)]),
    ("IT", [("Anwendungsbetreuung", "IT", 2), ("Informationssicherheit", "IT", 2)]),
    ("Finanzen", [("Controlling", "Finanzen", 2)]),
]  # fmt: skip


def _de_unit(name: str, level: str, parent: str | None, family: str, n: int) -> UnitText:
    objs = _DE_OBJECTIVES[family]
    titles = [objs[i % len(objs)] for i in range(n)]
    if parent is not None and level == "team":
        titles = [f"{t} ({name})" if i >= len(objs) else t for i, t in enumerate(titles)]
    return UnitText(
        name,
        level,
        parent,
        titles,
        _DE_KRS[family],
        _DE_PROBLEMS,
        _DE_CHANGES,
        _DE_MEASURES,
        krs_per_objective=(3, 3, 4, 2),
    )


def _german_units() -> list[UnitText]:
    company = _de_unit("Brandt & Söhne Maschinenbau GmbH", "company", None, "Geschäftsführung", 4)
    company.krs_per_objective = (4, 3)
    units = [company]
    for dept, teams in _DE_TREE:
        d = _de_unit(f"Bereich {dept}", "department", company.name, dept, 3)
        units.append(d)
        for team, family, n in teams:
            t = _de_unit(team, "team", d.name, family, n)
            if team in ("Kundendienst", "Controlling"):
                t.unaligned = (n - 1,)
            units.append(t)
    return units


DE_UNITS = _german_units()
