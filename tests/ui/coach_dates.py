"""A workshop judged on a fixed day with one check-in four weeks old: old when a check-in
counts as old after 3 weeks (the default), not after 6 (for the stale-weeks tests)."""

from __future__ import annotations

import datetime as dt

from okr_studio import services
from ui.document import Document

TODAY = dt.date(2027, 2, 15)  # in small_workshop's 2027 Q1 cycle


def with_old_check_in(doc: Document) -> int:
    """Judge ``doc`` on :data:`TODAY` and give its first key result a check-in four weeks
    and a day old; returns that key result's id."""
    doc.clock = lambda: TODAY
    kr = min(doc.data.key_results)
    four_weeks_ago = TODAY - dt.timedelta(weeks=4, days=1)
    doc.execute(lambda ws: services.add_check_in(ws, kr, 35.0, date=four_weeks_ago))
    return kr
