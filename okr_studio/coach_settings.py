"""The coach's settings a facilitator can choose, with their defaults.

Kept apart from :mod:`okr_studio.coach` so the app can read and offer them without
loading the coach's rules (they load with its first run, after the first paint).
"""

from __future__ import annotations

#: After how many weeks a check-in counts as old, unless another number is chosen.
STALE_WEEKS = 3
