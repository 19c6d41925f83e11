"""The sample workshop's cycle, lived: check-ins, initiatives and a finished review.

:func:`add_review` adds, through the services, what owners checked in during 2027 Q1
(three check-ins for most key results, fewer or none for some, so "no score" shows
too), some initiatives with their anticipated and actual outcomes, and the review of
a few teams (Checkout, Zespół Płatności, Platform, Onboarding, Lifecycle Marketing):
actual outcome, what they learned, the decision, and learning notes where a key
result scored below 0.7. Deterministic, like the rest of the sample.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from okr_studio import services
from okr_studio.store import Workshop

JAN, FEB, MAR = dt.date(2027, 1, 29), dt.date(2027, 2, 26), dt.date(2027, 3, 31)

#: Key result title → its check-ins: (day, value, confidence, comment).
CHECK_INS: dict[str, list[tuple[dt.date, float, float | None, str]]] = {
    "Increase customer retention by 10% within 30 days": [
        (JAN, 61.5, 0.7, ""),
        (FEB, 63, 0.7, ""),
        (MAR, 64.2, 0.8, "Wallets helped repeat buyers."),
    ],
    "Raise checkout conversion from 2.8% to 3.4%": [
        (JAN, 2.9, 0.6, ""),
        (FEB, 3.05, 0.6, ""),
        (MAR, 3.2, 0.6, ""),
    ],
    "Keep monthly platform availability above 99.9%": [
        (JAN, 99.93, 0.8, ""),
        (FEB, 99.87, 0.6, "Payment provider outage on 12 Feb."),
        (MAR, 99.95, 0.8, ""),
    ],
    "Grow active merchants in Poland and Japan from 140 to 400": [
        (JAN, 170, 0.6, ""),
        (FEB, 230, 0.5, ""),
        (MAR, 290, 0.5, ""),
    ],
    "Reach a net promoter score of 45 in both new markets": [
        (MAR, 38, 0.4, "First survey: Poland 41, Japan 35.")
    ],
    "Keep support cost per order below €0.40": [
        (JAN, 0.44, 0.5, ""),
        (FEB, 0.41, 0.6, ""),
        (MAR, 0.42, 0.4, "Japan launch tickets."),
    ],
    "Raise mobile checkout completion from 61% to 72%": [
        (JAN, 63, 0.7, ""),
        (FEB, 66, 0.7, ""),
        (MAR, 69, 0.7, ""),
    ],
    "Cut failed card payments from 4.5% to 2.5%": [
        (JAN, 4.1, 0.6, ""),
        (FEB, 3.6, 0.6, ""),
        (MAR, 3.2, 0.5, ""),
    ],
    "Cut p95 checkout response time from 1,100 ms to 800 ms": [
        (JAN, 1050, 0.7, ""),
        (FEB, 930, 0.8, ""),
        (MAR, 820, 0.8, ""),
    ],
    "Reduce onboarding-related support tickets by 15%": [
        (JAN, 1180, 0.6, ""),
        (FEB, 1110, 0.7, ""),
        (MAR, 1060, 0.7, ""),
    ],
    "Raise the share of new merchants with a first sale in week one from 35% to 55%": [
        (JAN, 38, 0.5, ""),
        (FEB, 41, 0.4, ""),
        (MAR, 44, 0.4, ""),
    ],
    "Keep first response time to new merchants below 2 hours": [
        (JAN, 2.6, 0.5, ""),
        (FEB, 2.1, 0.6, ""),
        (MAR, 1.8, 0.8, "New rota since March."),
    ],
    "Grow active merchants in Poland from 60 to 220": [
        (JAN, 90, 0.6, ""),
        (FEB, 120, 0.5, ""),
        (MAR, 150, 0.5, ""),
    ],
    "Grow active merchants in Japan from 80 to 180": [
        (JAN, 95, 0.6, ""),
        (FEB, 120, 0.6, ""),
        (MAR, 140, 0.5, ""),
    ],
    "Raise Apple Pay and Google Pay share of mobile orders from 22% to 40%": [
        (JAN, 26, 0.7, ""),
        (FEB, 33, 0.8, "Wallet buttons live since 8 Feb."),
        (MAR, 38, 0.9, ""),
    ],
    "Cut checkout form errors per session from 0.8 to 0.3": [
        (JAN, 0.7, 0.6, ""),
        (FEB, 0.55, 0.6, ""),
        (MAR, 0.42, 0.6, ""),
    ],
    "Keep crash-free mobile checkout sessions above 99.5%": [
        (JAN, 99.3, 0.5, "iOS 20.3 crash in the card form."),
        (FEB, 99.6, 0.8, ""),
        (MAR, 99.7, 0.9, ""),
    ],
    "Cut failed card payments in Poland from 5.1% to 2.5%": [
        (JAN, 4.9, 0.5, ""),
        (FEB, 4.2, 0.5, ""),
        (MAR, 3.6, 0.5, ""),
    ],
    "Raise BLIK share of Polish payments from 12% to 30%": [
        (JAN, 15, 0.7, ""),
        (FEB, 21, 0.8, ""),
        (MAR, 27, 0.8, "BLIK one-click since February."),
    ],
    "Migrate card payments to the new payment gateway": [
        (FEB, 0, 0.6, "Card traffic 40 % on the new gateway."),
        (dt.date(2027, 3, 14), 1, 1.0, "All card traffic moved."),
    ],
    "Cut p95 checkout API latency from 900 ms to 550 ms": [
        (JAN, 860, 0.6, ""),
        (FEB, 780, 0.5, ""),
        (MAR, 700, 0.4, ""),
    ],
    "Reduce database queries per order from 48 to 20": [
        (JAN, 44, 0.5, ""),
        (FEB, 39, 0.4, ""),
        (MAR, 36, 0.3, ""),
    ],
    "Keep error rate under peak load below 0.5%": [
        (JAN, 0.9, 0.4, ""),
        (FEB, 0.7, 0.4, ""),
        (MAR, 0.6, 0.3, "Peak test on 20 March."),
    ],
    "Raise the share of merchants who publish their shop on day one from 18% to 40%": [
        (JAN, 22, 0.6, ""),
        (FEB, 29, 0.7, ""),
        (MAR, 35, 0.7, ""),
    ],
    "Cut median time to first sale from 9 days to 5 days": [
        (JAN, 8.5, 0.5, ""),
        (FEB, 7.5, 0.5, ""),
        (MAR, 7, 0.4, ""),
    ],
    "Reduce setup errors in the shop wizard from 14% to 5%": [
        (JAN, 12, 0.6, ""),
        (FEB, 10, 0.6, ""),
        (MAR, 8, 0.6, ""),
    ],
    "Raise help-centre self-service resolution from 41% to 60%": [
        (JAN, 44, 0.6, ""),
        (FEB, 48, 0.6, ""),
        (MAR, 52, 0.5, ""),
    ],
    "Cut repeat contacts within 7 days from 22% to 12%": [(JAN, 21, 0.5, ""), (FEB, 19, 0.4, "")],
    "Grow merchants who finish Japanese onboarding from 20 to 90 a month": [
        (JAN, 28, 0.6, ""),
        (FEB, 41, 0.6, ""),
        (MAR, 55, 0.5, ""),
    ],
    "Raise App Store rating in Japan from 3.6 to 4.3": [(JAN, 3.7, 0.6, ""), (FEB, 3.9, 0.6, "")],
    "Cut Japanese-language support tickets from 140 to 70 a month": [
        (JAN, 132, 0.6, ""),
        (FEB, 118, 0.6, ""),
        (MAR, 101, 0.5, ""),
    ],
}

#: Key result title → initiatives: (title, fields).
INITIATIVES: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "Raise Apple Pay and Google Pay share of mobile orders from 22% to 40%": [
        (
            "One-tap wallet buttons on the payment step",
            {
                "work_type": "feature",
                "owner_name": "Tomás Ferreira",
                "state": "done",
                "link": "https://jira.example.com/browse/CHK-142",
                "problem": "Typing a card number on a phone is where shoppers give up.",
                "behaviour_change": "Shoppers pay with the wallet they already use.",
                "success_measure": "Wallet share of mobile orders.",
                "actual_outcome": "Live on 8 February; wallet share rose from 22 % to 38 %.",
            },
        ),
    ],
    "Cut checkout form errors per session from 0.8 to 0.3": [
        (
            "Check the address while it is typed",
            {
                "work_type": "defect",
                "owner_name": "Tomás Ferreira",
                "state": "done",
                "link": "CHK-151",
                "problem": "Errors show only after Pay is pressed.",
                "behaviour_change": "Shoppers fix a wrong postcode before they pay.",
                "success_measure": "Form errors per session.",
                "actual_outcome": "Errors fell from 0.8 to 0.42 a session; house numbers remain.",
            },
        ),
    ],
    "Raise BLIK share of Polish payments from 12% to 30%": [
        (
            "BLIK one-click for returning shoppers",
            {
                "work_type": "feature",
                "owner_name": "Katarzyna Wójcik",
                "state": "done",
                "problem": "Returning shoppers retype a BLIK code every time.",
                "behaviour_change": "Returning shoppers confirm in their banking app.",
                "success_measure": "BLIK share of Polish payments.",
                "actual_outcome": "Share rose to 27 %; banks rolled it out slower than promised.",
            },
        ),
    ],
    "Cut p95 checkout API latency from 900 ms to 550 ms": [
        (
            "Cache the cart and price calculation",
            {
                "work_type": "technical_debt",
                "owner_name": "Sam O'Neill",
                "state": "done",
                "link": "https://jira.example.com/browse/PLAT-88",
                "problem": "Every checkout step recalculates the whole cart.",
                "behaviour_change": "Pages answer before shoppers wonder whether they clicked.",
                "success_measure": "p95 latency of the checkout API.",
                "actual_outcome": "p95 down by 200 ms; the rest is the payment provider's call.",
            },
        ),
    ],
    "Keep error rate under peak load below 0.5%": [
        (
            "Load test the peak day every sprint",
            {
                "work_type": "risk",
                "owner_name": "Marta Nowak",
                "state": "stopped",
                "problem": "We learn about peak behaviour on the peak day.",
                "success_measure": "Error rate under the simulated peak.",
                "actual_outcome": "Stopped after two runs: staging is too small to tell us "
                "anything about the real peak.",
            },
        ),
    ],
    "Raise the share of merchants who publish their shop on day one from 18% to 40%": [
        (
            "Guided shop wizard",
            {
                "work_type": "feature",
                "owner_name": "Priya Raman",
                "state": "in_progress",
                "problem": "New merchants do not know what a shop needs before it can go live.",
                "behaviour_change": "Merchants publish a first version on the day they sign up.",
                "success_measure": "Share publishing on day one.",
                "actual_outcome": "Half of it released; publishing on day one rose to 35 %.",
            },
        ),
    ],
}

#: Objective title → its review: (actual outcome, what we learned, decision).
REVIEWS: dict[str, tuple[str, str, str]] = {
    "Paying on a phone feels as easy as tapping a card": (
        "Wallet payments nearly doubled and crash-free sessions held above 99.5 % from "
        "February on. Shoppers still move to a laptop for large baskets.",
        "Wallets did more than any fix to the form; what is left of the drop-off is the "
        "address step, not paying.",
        "keep",
    ),
    "Płatności przechodzą za pierwszym razem: payments go through first time": (
        "The gateway migration finished on 14 March; failed payments fell from 5.1 % to 3.6 %.",
        "Most remaining failures are 3-D Secure time-outs at two banks: a conversation "
        "with them, not more code.",
        "keep",
    ),
    "Checkout stays fast on the busiest day of the year": (
        "Latency fell by a fifth, but the error rate under peak load never went below 0.6 %.",
        "Our staging environment is too small to predict the peak day; we fixed what we "
        "could measure, not what breaks.",
        "change",
    ),
    "New merchants make their first sale without calling us": (
        "More merchants publish their shop on day one; the time to a first sale moved less.",
        "Publishing is not selling: merchants wait for shipping rates before they promote.",
        "keep",
    ),
    "Polish merchants hear about us from someone they trust": (
        "The referral programme was postponed; the team helped with the Japan launch.",
        "We chose a channel before we knew that Polish merchants trust marketplaces more "
        "than referrals.",
        "drop",
    ),
}

#: Key result title → learning note (key results that scored below 0.7 in reviewed teams).
LEARNING_NOTES: dict[str, str] = {
    "Cut p95 checkout API latency from 900 ms to 550 ms": "The payment provider's call "
    "is half of the p95; we cannot cache it.",
    "Reduce database queries per order from 48 to 20": "Started in week 6, after the "
    "peak-day incident took the team.",
    "Keep error rate under peak load below 0.5%": "We never saw real peak load in testing.",
    "Cut median time to first sale from 9 days to 5 days": "Merchants wait for shipping "
    "rates; that is the next objective, not this one.",
    "Reduce setup errors in the shop wizard from 14% to 5%": "Most remaining errors are "
    "VAT numbers, which the wizard does not check yet.",
    "Cut failed card payments in Poland from 5.1% to 2.5%": "3-D Secure time-outs at two "
    "banks make up most of what is left.",
}


def add_review(ws: Workshop) -> None:
    """Add the sample's check-ins, initiatives and review (see the module notes)."""
    data = ws.snapshot()
    krs = {k.title: k for k in data.key_results.values()}
    for title, entries in CHECK_INS.items():
        kr = krs[title]
        owner = data.person_name(kr.owner_id)
        for day, value, confidence, comment in entries:
            services.add_check_in(
                ws,
                kr.id,
                value,
                date=day,
                confidence=confidence,
                comment=comment,
                person_name=owner,
            )
    for title, items in INITIATIVES.items():
        for name, fields in items:
            services.add_initiative(ws, krs[title].id, name, **fields)
    objectives = {o.title: o.id for o in data.objectives.values()}
    for title, (actual, learned, decision) in REVIEWS.items():
        services.review_objective(
            ws, objectives[title], actual_outcome=actual, learned=learned, decision=decision
        )
    for title, note in LEARNING_NOTES.items():
        services.review_key_result(ws, krs[title].id, learning_note=note)
